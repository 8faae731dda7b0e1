"""The Trace: every intermediate of one forward pass as plain numpy arrays under stable dotted names.

The format is public (docs/trace-format.md) and is what every view of the explorer reads. A Trace
holds no reference to the model, so it can be kept per decoding step; what a traced pass recorded
becomes a numpy array when it is first read (`Arrays`): a view reads a few dozen of a pass's ~330
intermediates, and converting all of them had been most of the cost of tracing.
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .atomic import atomic_write_bytes
from .errors import UserError
from .i18n import trans


class Arrays(Mapping):
    """A trace's arrays by name. Recorded torch tensors (batch element `index`) become numpy arrays
    when first read, then stay so; `parts`: the arrays of traces merged into this one, read after
    its own (an encoder pass shared by every decoding step is converted once, in its own trace).
    Reading, iterating and saving see numpy arrays only."""

    __slots__ = ("_items", "_index", "_parts")

    def __init__(self, items: Mapping | None = None, index: int = 0, parts: tuple = ()):
        self._items = dict(items or {})          # name -> np.ndarray, or a tensor not read yet
        self._index = index
        self._parts = tuple(parts)

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            value = self._items[name]
        except KeyError:
            for part in self._parts:
                if name in part:
                    return part[name]
            raise
        if type(value) is not np.ndarray:
            value = self._items[name] = _as_array(name, value, self._index)
        return value

    def __contains__(self, name) -> bool:
        return name in self._items or any(name in part for part in self._parts)

    def __iter__(self) -> Iterator[str]:
        seen = set(self._items)
        yield from self._items
        for part in self._parts:
            for name in part:
                if name not in seen:
                    seen.add(name)
                    yield name

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @property
    def parts(self) -> tuple:
        """The arrays of the traces merged into this one (see `merge`)."""
        return self._parts


def _as_array(name: str, t, index: int) -> np.ndarray:
    a = (t.detach() if t.requires_grad else t).numpy()[index]    # index in numpy: cheaper than a torch view
    if name.endswith(".mask"):
        a = a[0]                                # recorded (B, 1, Lq, Lk): one mask for every head
    return a if a.flags.c_contiguous else np.ascontiguousarray(a)


@dataclass
class Trace:
    arrays: Mapping[str, np.ndarray]
    meta: dict = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]

    def __contains__(self, name: str) -> bool:
        return name in self.arrays

    def names(self) -> list[str]:
        return sorted(self.arrays)

    @property
    def src_tokens(self) -> list[str]:
        return self.meta.get("src_tokens", [])

    @property
    def tgt_tokens(self) -> list[str]:
        return self.meta.get("tgt_tokens", [])

    @property
    def tgt_rows(self) -> list[str]:
        """Labels of the decoder's rows: the input token and the word the row predicts ("am → a"), or
        the input token alone when the trace does not say what it predicts."""
        return decoder_row_labels(self.tgt_tokens, self.meta.get("tgt_predicted"))

    def row_tokens(self, side: str) -> list[str]:
        """Labels of the rows of a matrix on `side` ("src": the source tokens; "tgt": `tgt_rows`)."""
        return list(self.src_tokens) if side == "src" else self.tgt_rows

    def shares_source_pass(self, other: "Trace | None") -> bool:
        """Whether `other` holds this trace's very encoder pass: the decoding steps of one sentence do
        (each step's trace is `merge`d with the encoder trace computed once), so every source-side
        array of the two is the same object and whatever is drawn from them is unchanged."""
        mine = getattr(self.arrays, "parts", ())
        theirs = getattr(getattr(other, "arrays", None), "parts", ())
        return bool(mine) and bool(theirs) and mine[-1] is theirs[-1] and self.src_tokens == other.src_tokens

    def to_npz_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(buffer, meta=np.array(json.dumps(self.meta, ensure_ascii=False)), **self.arrays)
        return buffer.getvalue()

    def save(self, path) -> None:
        """Write the trace as .npz (atomically: a temporary file, then a rename)."""
        atomic_write_bytes(Path(path), self.to_npz_bytes())

    @classmethod
    def load(cls, path) -> "Trace":
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files if k != "meta"}
                meta = json.loads(str(data["meta"])) if "meta" in data.files else {}
        except (OSError, ValueError, KeyError) as e:
            raise UserError(trans._("{path}: not a trace file ({reason})", path=path, reason=e)) from None
        return cls(arrays, meta)


def decoder_row_labels(inputs: list[str], predicted: list[str] | None) -> list[str]:
    """"input → predicted" per decoder row: a row reads its input token and predicts the next one, so
    labelled by its input alone, the row that writes "a" reads "am"."""
    if not predicted or len(predicted) != len(inputs):
        return list(inputs)
    return [f"{given} → {word}" for given, word in zip(inputs, predicted)]


def from_recorder(tensors: dict, meta: dict, index: int = 0) -> Trace:
    """Batch element `index` of every recorded tensor, as numpy (each converted when first read)."""
    return Trace(Arrays(tensors, index), meta)


def merge(encoder: Trace, decoder: Trace, meta: dict) -> Trace:
    """An encoder trace and a decoder trace of the same source, as one (arrays are shared, not copied;
    the encoder's part comes last: Trace.shares_source_pass)."""
    return Trace(Arrays(parts=(decoder.arrays, encoder.arrays)), meta)
