"""The model's configuration, and the checks that refuse absurd sizes before anything is allocated."""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field

from .errors import ModelFileError
from .i18n import trans

# Upper bounds for a config read from a file: generous for real models, far below what
# would exhaust memory. A hostile config.json is refused before any tensor exists.
LIMITS = {"n_layers": 64, "d_model": 8192, "n_heads": 128, "d_ff": 65536,
          "src_vocab_size": 1_000_000, "tgt_vocab_size": 1_000_000, "max_len": 100_000}
MAX_PARAMETERS = 2_000_000_000


@dataclass(frozen=True)
class ModelConfig:
    """Hyper-parameters of the encoder-decoder Transformer ("Attention Is All You Need", Table 3)."""

    src_vocab_size: int
    tgt_vocab_size: int
    n_layers: int = 6          # N
    d_model: int = 512
    n_heads: int = 8           # h
    d_ff: int = 2048
    dropout: float = 0.1       # P_drop
    max_len: int = 512         # longest sentence, in tokens, the model accepts (longer input is cut)
    tied_embeddings: bool = False  # one matrix for source, target embeddings and the output Linear
    src_tokenizer: str = "char"
    tgt_tokenizer: str = "word"
    pe_base: float = 10000.0

    @property
    def d_k(self) -> int:
        return self.d_model // self.n_heads

    def __post_init__(self):
        self.validate()

    def validate(self) -> None:
        for name, limit in LIMITS.items():
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= limit:
                raise ModelFileError(f"config: {name} must be an integer from 1 to {limit}, not {value!r}")
        if self.d_model % self.n_heads:
            raise ModelFileError(f"config: d_model ({self.d_model}) must be divisible by n_heads ({self.n_heads})")
        if not isinstance(self.dropout, (int, float)) or not 0 <= self.dropout < 1:
            raise ModelFileError(f"config: dropout must be in [0, 1), not {self.dropout!r}")
        if self.tied_embeddings and self.src_vocab_size != self.tgt_vocab_size:
            raise ModelFileError("config: tied embeddings need one shared vocabulary (equal sizes)")
        for name in ("src_tokenizer", "tgt_tokenizer"):
            if getattr(self, name) not in ("char", "word"):
                raise ModelFileError(f"config: {name} must be 'char' or 'word', not {getattr(self, name)!r}")
        if self.parameter_count() > MAX_PARAMETERS:
            raise ModelFileError(f"config: {self.parameter_count():,} parameters is more than this app will load")

    def parameter_count(self) -> int:
        """Trainable parameters, counted from the sizes alone (no allocation)."""
        d, f, n = self.d_model, self.d_ff, self.n_layers
        attention = 4 * (d * d + d)
        ffn = d * f + f + f * d + d
        norm = 2 * d
        encoder = n * (attention + ffn + 2 * norm)
        decoder = n * (2 * attention + ffn + 3 * norm)
        if self.tied_embeddings:
            embeddings = self.tgt_vocab_size * d + self.tgt_vocab_size  # shared matrix + output bias
        else:
            embeddings = (self.src_vocab_size + 2 * self.tgt_vocab_size) * d + self.tgt_vocab_size
        return encoder + decoder + embeddings

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2)

    @classmethod
    def from_dict(cls, data: dict) -> "ModelConfig":
        if not isinstance(data, dict):
            raise ModelFileError("config.json must hold a JSON object")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ModelFileError(f"config.json has unknown keys: {', '.join(unknown)}")
        missing = [k for k in ("src_vocab_size", "tgt_vocab_size") if k not in data]
        if missing:
            raise ModelFileError(f"config.json lacks {', '.join(missing)}")
        return cls(**data)

    @classmethod
    def base(cls, vocab_size: int = 37000, tied_embeddings: bool = True) -> "ModelConfig":
        """The paper's base model: N=6, d_model=512, h=8, d_ff=2048, shared vocabulary."""
        return cls(src_vocab_size=vocab_size, tgt_vocab_size=vocab_size, tied_embeddings=tied_embeddings)


@dataclass(frozen=True)
class Ablations:
    """Switches usable at inference; each changes only what it names."""

    no_pe: bool = False            # positional encoding off
    no_scale: bool = False         # no ÷√d_k
    no_causal_mask: bool = False   # decoder self-attention sees the future
    heads_off: frozenset = field(default_factory=frozenset)  # {(block, layer, head)}, block in BLOCKS

    BLOCKS = ("enc.self", "dec.self", "dec.cross")

    def head_off(self, block: str, layer: int, head: int) -> bool:
        return (block, layer, head) in self.heads_off

    def to_dict(self) -> dict:
        return {"no_pe": self.no_pe, "no_scale": self.no_scale, "no_causal_mask": self.no_causal_mask,
                "heads_off": sorted(f"{b}.{l}.{h}" for b, l, h in self.heads_off)}

    @property
    def any(self) -> bool:
        return self.no_pe or self.no_scale or self.no_causal_mask or bool(self.heads_off)

    @staticmethod
    def parse_heads(text: str, n_layers: int, n_heads: int) -> frozenset:
        """Parse "L.H,…" (every attention of layer L) or "enc.self.L.H", "dec.self.L.H", "dec.cross.L.H"."""
        from .errors import UserError

        heads = set()
        for item in filter(None, (s.strip() for s in text.split(","))):
            parts = item.split(".")
            try:
                layer, head = int(parts[-2]), int(parts[-1])
            except (ValueError, IndexError):
                raise UserError(trans._("--heads-off: {item} is not LAYER.HEAD (e.g. 0.3 or dec.cross.0.3)", item=repr(item))) from None
            block = ".".join(parts[:-2])
            blocks = Ablations.BLOCKS if not block else (block,)
            if block and block not in Ablations.BLOCKS:
                raise UserError(trans._("--heads-off: block must be one of {blocks}, not {block}", blocks=", ".join(Ablations.BLOCKS),
                                  block=repr(block)))
            if not (0 <= layer < n_layers and 0 <= head < n_heads):
                raise UserError(trans._("--heads-off: {item} is outside {n_layers} layers × {n_heads} heads", item=repr(item),
                                  n_layers=n_layers, n_heads=n_heads))
            heads.update((b, layer, head) for b in blocks)
        return frozenset(heads)
