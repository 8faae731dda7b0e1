"""Session files: what the explorer shows (model, sentence, mode, stage, head, ablations, decoding
steps and forced tokens, how the strategy chose the others, the query row — BERT's [MASK] —, the lesson
page) as a small JSON file a teacher can hand out, for every family (translation, BERT, GPT-2).

Qt-free. A file is checked in two passes, each refusing with a one-line `UserError` that says why:
`parse_session` checks the shape and types of any file (size, encoding, nesting, wrong types, huge
numbers); `Session.check_model` checks it against the model it will be shown on (layers, heads,
vocabulary). Nothing in a file is ever executed or unpickled.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import atomic_write_bytes
from .config import Ablations
from .decoding_settings import STRATEGIES, DecodingSettings
from .errors import UserError
from .i18n import trans

FORMAT = "transformer-explorer-session"
VERSION = 1
MAX_BYTES = 256 * 1024          # a real session is < 2 kB; a bigger file is not one
MAX_SENTENCE = 512              # characters
MAX_STEPS = 512                 # decoding steps
MAX_DEPTH = 6                   # nesting of the JSON a session has (3) with room to spare
MODES = ("inference", "training")
# the model map's blocks of every family: post-LN Add & Norm (ours, Marian, BERT), pre-LN LayerNorms
# and the final one (GPT-2), BERT's masked-LM head on the encoder side
NO_LAYER = ("src.embed", "src.pe", "tgt.embed", "tgt.pe", "linear", "softmax", "src.linear", "src.softmax",
            "enc.ln_f", "dec.ln_f")
BOXES = NO_LAYER + ("enc.self", "enc.norm1", "enc.ffn", "enc.norm2", "enc.ln1", "enc.ln2",
                    "dec.self", "dec.norm1", "dec.cross", "dec.norm2", "dec.ffn", "dec.norm3", "dec.ln1", "dec.ln2",
                    "dec.ln3")
KEYS = {"format", "version", "model", "sentence", "mode", "stage", "layer", "head", "ablations", "steps",
        "target", "lesson", "decoding", "row"}


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
    decoding: DecodingSettings = DecodingSettings()   # how the steps not forced were chosen (sampled: drawn again)
    row: int | None = None                            # the query row the views show (BERT: the [MASK] shown)

    def to_json(self) -> str:
        a = self.ablations
        data = {"format": FORMAT, "version": VERSION, "model": self.model, "sentence": self.sentence,
                "mode": self.mode, "stage": self.stage, "layer": self.layer, "head": self.head,
                "ablations": {"no_pe": a.no_pe, "no_scale": a.no_scale, "no_causal_mask": a.no_causal_mask,
                              "heads_off": sorted(f"{b}.{l}.{h}" for b, l, h in a.heads_off)},
                "steps": [{"token": s.token, "forced": s.forced} for s in self.steps],
                "target": self.target, "lesson": self.lesson,
                "decoding": dataclasses.asdict(self.decoding), "row": self.row}
        return json.dumps(data, ensure_ascii=False, indent=1)

    def check_model(self, n_layers: int, n_heads: int, vocab: list[str]) -> "Session":
        """Refuse (UserError) a session that does not fit the model it is about to be shown on."""
        if self.layer is not None and not 0 <= self.layer < n_layers:
            raise UserError(trans._("layer {layer} does not exist: the model has {n} layers", layer=self.layer, n=n_layers))
        if self.stage in NO_LAYER and self.layer is not None:
            raise UserError(trans._("stage {stage} has no layer (layer must be null)", stage=self.stage))
        if self.head >= n_heads:
            raise UserError(trans._("head {head} does not exist: the model has {n} heads", head=self.head, n=n_heads))
        for _b, layer, head in self.ablations.heads_off:
            if layer >= n_layers or head >= n_heads:
                raise UserError(trans._("heads_off names layer {layer}, head {head}: the model has {n_layers} layers × "
                                  "{n_heads} heads", layer=layer, head=head, n_layers=n_layers, n_heads=n_heads))
        known = set(vocab)
        for s in self.steps:
            if s.token not in known:
                raise UserError(trans._("decoding step token {token} is not in the model's target vocabulary", token=repr(s.token[:40])))
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
    return trans._({bool: trans.noop("true/false"), int: trans.noop("a number"), float: trans.noop("a number"), str: trans.noop("text"), list: trans.noop("a list"),
              dict: trans.noop("an object"), type(None): trans.noop("null")}.get(type(value), type(value).__name__))


def _get(data: dict, key: str, types, default, what: str):
    value = data.get(key, default)
    if value is default:
        return value
    ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in (types if isinstance(types, tuple)
                                                                                    else (types,)))
    if not ok:
        raise UserError(trans._("{key} must be {what}, not {kind}", key=repr(key), what=trans._(what), kind=_kind(value)))
    return value


def _small_int(data: dict, key: str, default, allow_none: bool = False):
    value = _get(data, key, (int, type(None)) if allow_none else int, default,
                 trans.noop("a whole number or null") if allow_none else trans.noop("a whole number"))
    if value is not None and not 0 <= value < 10_000:
        raise UserError(trans._("{key} = {value} is out of range", key=repr(key), value=str(value)[:20]))
    return value


def parse_session(data: bytes) -> Session:
    """Check a session file's bytes; a `Session`, or a UserError saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise UserError(trans._("not a session file: larger than {kb} kB (a session is a few kB)", kb=MAX_BYTES // 1024))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(trans._("not a session file: not UTF-8 text")) from None
    try:
        raw = json.loads(text)
    except RecursionError:
        raise UserError(trans._("not a session file: nested too deeply")) from None
    except ValueError as e:          # JSONDecodeError, and integers too long to convert
        raise UserError(trans._("not a session file: not valid JSON ({reason})", reason=str(e).splitlines()[0][:80])) from None
    if not isinstance(raw, dict):
        raise UserError(trans._("not a session file: the top level is {kind}, not an object", kind=_kind(raw)))
    if _depth(raw, MAX_DEPTH) > MAX_DEPTH:
        raise UserError(trans._("not a session file: nested too deeply"))
    if raw.get("format") != FORMAT:
        raise UserError(trans._("not a session file: 'format' is not {format}", format=repr(FORMAT)))
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version != VERSION:
        raise UserError(trans._("session version {version} is not supported (this explorer reads version {supported})",
                          version=str(version)[:20], supported=VERSION))
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise UserError(trans._("unknown field {field} in the session file", field=repr(unknown[0][:40])))

    d = Session()
    model = _get(raw, "model", str, d.model, trans.noop("text (\"bundled\" or a model folder)"))
    sentence = _get(raw, "sentence", str, d.sentence, trans.noop("text"))
    if not sentence.strip():
        raise UserError(trans._("the session's sentence is empty"))
    if len(sentence) > MAX_SENTENCE or len(model) > 4096:
        raise UserError(trans._("the session's sentence is too long") if len(sentence) > MAX_SENTENCE
                        else trans._("the session's model is too long"))
    mode = _get(raw, "mode", str, d.mode, trans.noop("text"))
    if mode not in MODES:
        raise UserError(trans._("mode must be one of {modes}, not {mode}", modes=", ".join(MODES), mode=repr(mode[:40])))
    stage = _get(raw, "stage", str, d.stage, trans.noop("text"))
    if stage not in BOXES:
        raise UserError(trans._("unknown stage {stage}", stage=repr(stage[:40])))
    layer = _small_int(raw, "layer", d.layer, allow_none=True)
    head = _small_int(raw, "head", d.head)
    ablations = _parse_ablations(_get(raw, "ablations", dict, {}, trans.noop("an object")))
    steps_raw = _get(raw, "steps", list, [], trans.noop("a list"))
    if len(steps_raw) > MAX_STEPS:
        raise UserError(trans._("{n} decoding steps (at most {most})", n=f"{len(steps_raw):,}", most=MAX_STEPS))
    steps = []
    for i, s in enumerate(steps_raw):
        if not isinstance(s, dict):
            raise UserError(trans._("decoding step {i} must be an object, not {kind}", i=i, kind=_kind(s)))
        token = _get(s, "token", str, None, trans.noop("text"))
        forced = _get(s, "forced", bool, False, trans.noop("true/false"))
        if token is None or len(token) > 200:
            raise UserError(trans._("decoding step {i} has no token", i=i))
        steps.append(DecodingStep(token, forced))
    target = _get(raw, "target", str, d.target, trans.noop("text"))
    if len(target) > MAX_SENTENCE * 4:
        raise UserError(trans._("the session's target is too long"))
    lesson = _get(raw, "lesson", (str, type(None)), d.lesson, trans.noop("text or null"))
    if lesson is not None and len(lesson) > 100:
        raise UserError(trans._("the session's lesson page name is too long"))
    decoding = _parse_decoding(_get(raw, "decoding", dict, {}, trans.noop("an object")))
    row = _small_int(raw, "row", d.row, allow_none=True)
    return Session(model, sentence, mode, stage, layer, head, ablations, tuple(steps), target, lesson, decoding, row)


# what the decoding panel's boxes allow (explorer/decoding/inference_panel.py)
DECODING_RANGES = {"beam_width": (int, 1, 16), "temperature": (float, 0.05, 5.0), "top_k": (int, 0, 1000),
                   "seed": (int, 0, 1_000_000), "top_p": (float, 0.01, 1.0)}


def _parse_decoding(raw: dict) -> DecodingSettings:
    unknown = sorted(set(raw) - {"strategy", *DECODING_RANGES})
    if unknown:
        raise UserError(trans._("unknown decoding setting {name}", name=repr(unknown[0][:40])))
    d = DecodingSettings()
    strategy = _get(raw, "strategy", str, d.strategy, trans.noop("text"))
    if strategy not in STRATEGIES:
        raise UserError(trans._("strategy must be one of {strategies}, not {strategy}", strategies=", ".join(STRATEGIES),
                                strategy=repr(strategy[:40])))
    values = {}
    for key, (kind, lo, hi) in DECODING_RANGES.items():
        value = _get(raw, key, (int, float) if kind is float else int, getattr(d, key),
                     trans.noop("a number") if kind is float else trans.noop("a whole number"))
        if not lo <= value <= hi:                     # NaN too: no comparison holds
            raise UserError(trans._("{key} = {value} is out of range", key=repr(key), value=str(value)[:20]))
        values[key] = kind(value)
    return DecodingSettings(strategy=strategy, **values)


def _parse_ablations(raw: dict) -> Ablations:
    unknown = sorted(set(raw) - {"no_pe", "no_scale", "no_causal_mask", "heads_off"})
    if unknown:
        raise UserError(trans._("unknown ablation {name}", name=repr(unknown[0][:40])))
    flags = {k: _get(raw, k, bool, False, trans.noop("true/false")) for k in ("no_pe", "no_scale", "no_causal_mask")}
    heads_raw = _get(raw, "heads_off", list, [], trans.noop("a list"))
    if len(heads_raw) > 10_000:
        raise UserError(trans._("too many heads in heads_off"))
    heads = set()
    for item in heads_raw:
        if not isinstance(item, str) or len(item) > 40:
            raise UserError(trans._("heads_off entries must be text like 'dec.cross.5.3', not {kind}", kind=_kind(item)))
        parts = item.split(".")
        block = ".".join(parts[:-2])
        try:
            layer, head = int(parts[-2]), int(parts[-1])
        except (ValueError, IndexError):
            raise UserError(trans._("heads_off entry {item} is not BLOCK.LAYER.HEAD", item=repr(item))) from None
        if block not in Ablations.BLOCKS or not (0 <= layer < 10_000 and 0 <= head < 10_000):
            raise UserError(trans._("heads_off entry {item} is not BLOCK.LAYER.HEAD (block one of {blocks})",
                              item=repr(item), blocks=", ".join(Ablations.BLOCKS)))
        heads.add((block, layer, head))
    return Ablations(heads_off=frozenset(heads), **flags)


def read_session(path) -> Session:
    """Read and check a session file (UserError with the reason if it cannot be one)."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise UserError(trans._("{path}: no such file", path=path)) from None
    except IsADirectoryError:
        raise UserError(trans._("{path} is a folder, not a session file", path=path)) from None
    except OSError as e:
        raise UserError(trans._("cannot read {path}: {reason}", path=path, reason=e.strerror or e)) from None
    try:
        return parse_session(data)
    except UserError as e:
        raise UserError(f"{path.name}: {e}") from None


def write_session(path, session: Session) -> Path:
    """Write a session file atomically."""
    path = Path(path)
    atomic_write_bytes(path, session.to_json().encode("utf-8"))
    return path
