"""The Trace: every intermediate of one forward pass as plain numpy arrays under stable dotted names.

The format is public (docs/trace-format.md) and is what every view of the explorer reads. A Trace
holds no torch tensor and no reference to the model, so it can be kept per decoding step.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .atomic import atomic_write_bytes
from .errors import UserError
from .i18n import trans


@dataclass
class Trace:
    arrays: dict[str, np.ndarray]
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
    """Take batch element `index` of every recorded tensor, as numpy (a tensor recorded under several
    names — a sub-layer's input is the previous one's output, a stack's mask is every layer's — is
    converted once)."""
    arrays, done = {}, {}
    for name, t in tensors.items():
        a = done.get(id(t))
        if a is None:
            a = (t.detach() if t.requires_grad else t).numpy()[index]  # index in numpy: cheaper than a torch view
            if not a.flags.c_contiguous:
                a = np.ascontiguousarray(a)
            done[id(t)] = a
        arrays[name] = a[0] if name.endswith(".mask") else a  # recorded (B, 1, Lq, Lk): one mask for every head
    return Trace(arrays, meta)


def merge(encoder: Trace, decoder: Trace, meta: dict) -> Trace:
    """An encoder trace and a decoder trace of the same source, as one (arrays are shared, not copied)."""
    return Trace({**encoder.arrays, **decoder.arrays}, meta)
