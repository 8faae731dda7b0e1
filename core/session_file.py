"""Session files: what the explorer shows (model, sentence, mode, stage, head, ablations, decoding
steps and forced tokens, the lesson page) as a small JSON file a teacher can hand out.

Qt-free. A file is checked in two passes, each refusing with a one-line `UserError` that says why:
`parse_session` checks the shape and types of any file (size, encoding, nesting, wrong types, huge
numbers); `Session.check_model` checks it against the model it will be shown on (layers, heads,
vocabulary). Nothing in a file is ever executed or unpickled.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import atomic_write_bytes
from .config import Ablations
from .errors import UserError

FORMAT = "transformer-explorer-session"
VERSION = 1
MAX_BYTES = 256 * 1024          # a real session is < 2 kB; a bigger file is not one
MAX_SENTENCE = 512              # characters
MAX_STEPS = 512                 # decoding steps
MAX_DEPTH = 6                   # nesting of the JSON a session has (3) with room to spare
MODES = ("inference", "training")
BOXES = ("src.embed", "src.pe", "enc.self", "enc.norm1", "enc.ffn", "enc.norm2", "tgt.embed", "tgt.pe",
         "dec.self", "dec.norm1", "dec.cross", "dec.norm2", "dec.ffn", "dec.norm3", "linear", "softmax")
KEYS = {"format", "version", "model", "sentence", "mode", "stage", "layer", "head", "ablations", "steps",
        "target", "lesson"}


@dataclass(frozen=True)
class DecodingStep:
    token: str            # the target token written at this step
    forced: bool          # the user forced it (else the strategy chose it)


@dataclass(frozen=True)
class Session:
    """A checked session. `model`: "bundled" or a model folder."""
    model: str = "bundled"
    sentence: str = "我是一个学生"
    mode: str = "inference"
    stage: str = "src.embed"
    layer: int | None = None
    head: int = 0
    ablations: Ablations = Ablations()
    steps: tuple[DecodingStep, ...] = field(default_factory=tuple)
    target: str = ""
    lesson: str | None = None

    def to_json(self) -> str:
        a = self.ablations
        data = {"format": FORMAT, "version": VERSION, "model": self.model, "sentence": self.sentence,
                "mode": self.mode, "stage": self.stage, "layer": self.layer, "head": self.head,
                "ablations": {"no_pe": a.no_pe, "no_scale": a.no_scale, "no_causal_mask": a.no_causal_mask,
                              "heads_off": sorted(f"{b}.{l}.{h}" for b, l, h in a.heads_off)},
                "steps": [{"token": s.token, "forced": s.forced} for s in self.steps],
                "target": self.target, "lesson": self.lesson}
        return json.dumps(data, ensure_ascii=False, indent=1)

    def check_model(self, n_layers: int, n_heads: int, vocab: list[str]) -> "Session":
        """Refuse (UserError) a session that does not fit the model it is about to be shown on."""
        if self.layer is not None and not 0 <= self.layer < n_layers:
            raise UserError(f"layer {self.layer} does not exist: the model has {n_layers} layers")
        if self.stage in ("src.embed", "src.pe", "tgt.embed", "tgt.pe", "linear", "softmax") and self.layer is not None:
            raise UserError(f"stage {self.stage} has no layer (layer must be null)")
        if self.head >= n_heads:
            raise UserError(f"head {self.head} does not exist: the model has {n_heads} heads")
        for _b, layer, head in self.ablations.heads_off:
            if layer >= n_layers or head >= n_heads:
                raise UserError(f"heads_off names layer {layer}, head {head}: the model has {n_layers} layers × "
                                f"{n_heads} heads")
        known = set(vocab)
        for s in self.steps:
            if s.token not in known:
                raise UserError(f"decoding step token {s.token[:40]!r} is not in the model's target vocabulary")
        return self


def _depth(value, limit: int) -> int:
    """Nesting depth of parsed JSON (stops counting past `limit`)."""
    stack, deepest = [(value, 1)], 0
    while stack:
        v, d = stack.pop()
        if isinstance(v, (dict, list)):
            deepest = max(deepest, d)
            if deepest > limit:
                return deepest
            stack.extend((c, d + 1) for c in (v.values() if isinstance(v, dict) else v))
    return deepest


def _kind(value) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "an object",
            type(None): "null"}.get(type(value), type(value).__name__)


def _get(data: dict, key: str, types, default, what: str):
    value = data.get(key, default)
    if value is default:
        return value
    ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in (types if isinstance(types, tuple)
                                                                                    else (types,)))
    if not ok:
        raise UserError(f"{key!r} must be {what}, not {_kind(value)}")
    return value


def _small_int(data: dict, key: str, default, allow_none: bool = False):
    value = _get(data, key, (int, type(None)) if allow_none else int, default,
                 "a whole number or null" if allow_none else "a whole number")
    if value is not None and not 0 <= value < 10_000:
        raise UserError(f"{key!r} = {str(value)[:20]} is out of range")
    return value


def parse_session(data: bytes) -> Session:
    """Check a session file's bytes; a `Session`, or a UserError saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise UserError(f"not a session file: larger than {MAX_BYTES // 1024} kB (a session is a few kB)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError("not a session file: not UTF-8 text") from None
    try:
        raw = json.loads(text)
    except RecursionError:
        raise UserError("not a session file: nested too deeply") from None
    except ValueError as e:          # JSONDecodeError, and integers too long to convert
        raise UserError(f"not a session file: not valid JSON ({str(e).splitlines()[0][:80]})") from None
    if not isinstance(raw, dict):
        raise UserError(f"not a session file: the top level is {_kind(raw)}, not an object")
    if _depth(raw, MAX_DEPTH) > MAX_DEPTH:
        raise UserError("not a session file: nested too deeply")
    if raw.get("format") != FORMAT:
        raise UserError(f"not a session file: 'format' is not {FORMAT!r}")
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version != VERSION:
        raise UserError(f"session version {str(version)[:20]} is not supported (this explorer reads version {VERSION})")
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise UserError(f"unknown field {unknown[0][:40]!r} in the session file")

    d = Session()
    model = _get(raw, "model", str, d.model, "text (\"bundled\" or a model folder)")
    sentence = _get(raw, "sentence", str, d.sentence, "text")
    if not sentence.strip():
        raise UserError("the session's sentence is empty")
    if len(sentence) > MAX_SENTENCE or len(model) > 4096:
        raise UserError(f"the session's {'sentence' if len(sentence) > MAX_SENTENCE else 'model'} is too long")
    mode = _get(raw, "mode", str, d.mode, "text")
    if mode not in MODES:
        raise UserError(f"mode must be one of {', '.join(MODES)}, not {mode[:40]!r}")
    stage = _get(raw, "stage", str, d.stage, "text")
    if stage not in BOXES:
        raise UserError(f"unknown stage {stage[:40]!r}")
    layer = _small_int(raw, "layer", d.layer, allow_none=True)
    head = _small_int(raw, "head", d.head)
    ablations = _parse_ablations(_get(raw, "ablations", dict, {}, "an object"))
    steps_raw = _get(raw, "steps", list, [], "a list")
    if len(steps_raw) > MAX_STEPS:
        raise UserError(f"{len(steps_raw):,} decoding steps (at most {MAX_STEPS})")
    steps = []
    for i, s in enumerate(steps_raw):
        if not isinstance(s, dict):
            raise UserError(f"decoding step {i} must be an object, not {_kind(s)}")
        token = _get(s, "token", str, None, "text")
        forced = _get(s, "forced", bool, False, "true/false")
        if token is None or len(token) > 200:
            raise UserError(f"decoding step {i} has no token")
        steps.append(DecodingStep(token, forced))
    target = _get(raw, "target", str, d.target, "text")
    if len(target) > MAX_SENTENCE * 4:
        raise UserError("the session's target is too long")
    lesson = _get(raw, "lesson", (str, type(None)), d.lesson, "text or null")
    if lesson is not None and len(lesson) > 100:
        raise UserError("the session's lesson page name is too long")
    return Session(model, sentence, mode, stage, layer, head, ablations, tuple(steps), target, lesson)


def _parse_ablations(raw: dict) -> Ablations:
    unknown = sorted(set(raw) - {"no_pe", "no_scale", "no_causal_mask", "heads_off"})
    if unknown:
        raise UserError(f"unknown ablation {unknown[0][:40]!r}")
    flags = {k: _get(raw, k, bool, False, "true/false") for k in ("no_pe", "no_scale", "no_causal_mask")}
    heads_raw = _get(raw, "heads_off", list, [], "a list")
    if len(heads_raw) > 10_000:
        raise UserError("too many heads in heads_off")
    heads = set()
    for item in heads_raw:
        if not isinstance(item, str) or len(item) > 40:
            raise UserError(f"heads_off entries must be text like 'dec.cross.5.3', not {_kind(item)}")
        parts = item.split(".")
        block = ".".join(parts[:-2])
        try:
            layer, head = int(parts[-2]), int(parts[-1])
        except (ValueError, IndexError):
            raise UserError(f"heads_off entry {item!r} is not BLOCK.LAYER.HEAD") from None
        if block not in Ablations.BLOCKS or not (0 <= layer < 10_000 and 0 <= head < 10_000):
            raise UserError(f"heads_off entry {item!r} is not BLOCK.LAYER.HEAD (block one of "
                            f"{', '.join(Ablations.BLOCKS)})")
        heads.add((block, layer, head))
    return Ablations(heads_off=frozenset(heads), **flags)


def read_session(path) -> Session:
    """Read and check a session file (UserError with the reason if it cannot be one)."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a session file") from None
    except OSError as e:
        raise UserError(f"cannot read {path}: {e.strerror or e}") from None
    try:
        return parse_session(data)
    except UserError as e:
        raise UserError(f"{path.name}: {e}") from None


def write_session(path, session: Session) -> Path:
    """Write a session file atomically."""
    path = Path(path)
    atomic_write_bytes(path, session.to_json().encode("utf-8"))
    return path
