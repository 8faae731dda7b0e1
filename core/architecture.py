"""What a model is made of: the one description the traced run builds from and the window draws.

Every family — the bundled model, Marian (opus-mt), BERT, GPT-2 — is an `Architecture`: which stacks
exist, their depths, the attention blocks of a layer, where each LayerNorm sits, the positional
encoding, the activation, the special tokens and the tokenizer. `core.model.Transformer` is built
from it; nothing else in the core asks which family a model is.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from .errors import ModelFileError

FAMILIES = ("bundled", "marian", "bert", "gpt2")
STACK_SETS = (("enc", "dec"), ("enc",), ("dec",))
NORM_PLACEMENTS = ("post", "pre")      # post: LayerNorm(x + Sublayer(x)) (the paper); pre: x + Sublayer(LayerNorm(x)) (GPT-2)
PE_KINDS = ("sinusoidal-interleaved",  # sin on even, cos on odd dimensions (the paper, our bundled model)
            "sinusoidal-half",         # sin in the first half of the dimensions, cos in the second (Marian)
            "learned",                 # a trained table of positions (BERT, GPT-2)
            "none")
ACTIVATIONS = ("relu", "silu", "gelu", "gelu_new")
TOKENIZER_KINDS = ("char/word", "sentencepiece", "wordpiece", "byte-bpe")

# Upper bounds for sizes read from a checkpoint's config: generous for real models, far below what
# would exhaust memory. Checked before anything is allocated.
LIMITS = {"d_model": 8192, "n_heads": 128, "d_ff": 65536, "layers": 64,
          "vocab": 1_000_000, "max_positions": 100_000, "token_types": 1024}
MAX_PARAMETERS = 2_000_000_000


@dataclass(frozen=True)
class AttentionBlock:
    """One attention sub-layer of a layer: its trace site, whether it is causal, where K and V come from."""

    site: str        # "self" or "cross" (the trace name: enc.0.self, dec.0.cross)
    causal: bool     # masked self-attention (the decoder's): position t sees 0 … t
    keys_from: str   # "enc" or "dec": the stack whose states give K = V

    @property
    def kind(self) -> str:
        """'self', 'masked self' or 'cross', as the paper and the window say it."""
        return "cross" if self.site == "cross" else ("masked self" if self.causal else "self")


@dataclass(frozen=True)
class SpecialTokens:
    """Ids (None: the model has no such token) and their strings, as the tokenizer writes them."""

    pad: int | None = None
    unk: int | None = None
    bos: int | None = None      # the tokenizer's beginning-of-sequence token (GPT-2's <|endoftext|>)
    eos: int | None = None      # ends a sequence; decoding stops on it
    start: int | None = None    # the decoder's first input: <bos> for ours, the pad id for Marian
    mask: int | None = None     # BERT's [MASK]
    cls: int | None = None
    sep: int | None = None
    strings: tuple = ()         # ((id, string), …) for every special token

    def ids(self) -> set[int]:
        return {i for i, _ in self.strings}


@dataclass(frozen=True)
class Architecture:
    """The structure of one model, read from its config; frozen, so a trace can keep it."""

    family: str
    stacks: tuple                      # ("enc", "dec"), ("enc",) or ("dec",)
    enc_layers: int
    dec_layers: int
    d_model: int
    n_heads: int
    d_ff: int
    src_vocab_size: int                # the encoder's vocabulary (0 without an encoder)
    tgt_vocab_size: int                # the decoder's and the output layer's vocabulary
    norm: str = "post"
    final_norm: bool = False           # a LayerNorm after the last layer of each stack (GPT-2's ln_f)
    layer_norm_eps: float = 1e-5
    pe: str = "sinusoidal-interleaved"
    pe_offset: int = 0                 # the first position's index in the table
    pe_base: float = 10000.0
    activation: str = "relu"
    embed_scale: float = 1.0           # token embeddings are multiplied by this (√d_model in the paper)
    embed_norm: bool = False           # a LayerNorm on token + position (+ type): BERT
    token_types: int = 0               # size of the token-type (segment) table; 0: none
    logits_bias: bool = True           # the output Linear adds a bias (Marian's final_logits_bias)
    tied_output: bool = False          # the output Linear reuses the target embedding matrix
    tied_embeddings: bool = False      # source and target share one embedding matrix
    head_transform: bool = False       # Linear → activation → LayerNorm before the output Linear (BERT's MLM head)
    has_output: bool = True            # an output layer to logits exists (BERT without its MLM head: none)
    max_positions: int = 512
    dropout: float = 0.0
    specials: SpecialTokens = field(default_factory=SpecialTokens)
    suppressed: tuple = ()             # token ids decoding never writes (Marian's pad, its generation config's bad_words_ids)
    tokenizer: str = "char/word"
    name: str = ""                     # the checkpoint's name (folder or hub id), for labels

    def __post_init__(self):
        self.validate()

    # -- what the core and the window ask -------------------------------------------------------
    @property
    def d_k(self) -> int:
        return self.d_model // self.n_heads

    @property
    def max_len(self) -> int:
        """The longest sequence the model accepts (ModelConfig's name for it)."""
        return self.max_positions

    @property
    def n_layers(self) -> int:
        """The deepest stack's layer count; `layers(stack)` gives each stack's own."""
        return max(self.layers(s) for s in self.stacks)

    def layers(self, stack: str) -> int:
        if stack not in self.stacks:
            return 0
        return self.enc_layers if stack == "enc" else self.dec_layers

    def attention(self, stack: str) -> tuple[AttentionBlock, ...]:
        """The attention blocks of every layer of `stack`, in order."""
        if stack == "enc":
            return (AttentionBlock("self", False, "enc"),)
        if stack == "dec":
            cross = (AttentionBlock("cross", False, "enc"),) if "enc" in self.stacks else ()
            return (AttentionBlock("self", True, "dec"),) + cross
        raise KeyError(stack)

    def norm_sites(self, stack: str) -> tuple[str, ...]:
        """The trace sites of a layer's norms: norm1… after each sub-layer (post-LN), ln1… before it (pre-LN)."""
        n = len(self.attention(stack)) + 1
        prefix = "norm" if self.norm == "post" else "ln"
        return tuple(f"{prefix}{k}" for k in range(1, n + 1))

    @property
    def is_seq2seq(self) -> bool:
        return self.stacks == ("enc", "dec")

    # -- checks ---------------------------------------------------------------------------------
    def validate(self) -> None:
        def choice(name, value, allowed):
            if value not in allowed:
                raise ModelFileError(f"config: {name} must be one of {', '.join(map(str, allowed))}, not {value!r}")

        def bounded(name, value, limit, low=1):
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= limit:
                raise ModelFileError(f"config: {name} must be an integer from {low} to {limit:,}, not {value!r}")

        choice("family", self.family, FAMILIES)
        choice("stacks", self.stacks, STACK_SETS)
        choice("norm placement", self.norm, NORM_PLACEMENTS)
        choice("positional encoding", self.pe, PE_KINDS)
        choice("activation", self.activation, ACTIVATIONS)
        choice("tokenizer", self.tokenizer, TOKENIZER_KINDS)
        bounded("d_model", self.d_model, LIMITS["d_model"])
        bounded("heads", self.n_heads, LIMITS["n_heads"])
        bounded("d_ff", self.d_ff, LIMITS["d_ff"])
        bounded("max positions", self.max_positions, LIMITS["max_positions"])
        bounded("token types", self.token_types, LIMITS["token_types"], low=0)
        bounded("pe offset", self.pe_offset, LIMITS["max_positions"], low=0)
        for stack in ("enc", "dec"):
            depth = getattr(self, f"{stack}_layers")
            bounded(f"{stack} layers", depth, LIMITS["layers"], low=1 if stack in self.stacks else 0)
        for side in ("src", "tgt"):
            needed = side == "tgt" and (self.has_output or "dec" in self.stacks) or side == "src" and "enc" in self.stacks
            bounded(f"{side} vocabulary", getattr(self, f"{side}_vocab_size"), LIMITS["vocab"], low=1 if needed else 0)
        if self.d_model % self.n_heads:
            raise ModelFileError(f"config: d_model ({self.d_model}) must be divisible by the heads ({self.n_heads})")
        if self.pe.startswith("sinusoidal") and self.d_model % 2:
            raise ModelFileError(f"config: sinusoidal positions need an even d_model, not {self.d_model}")
        if not (isinstance(self.layer_norm_eps, (int, float)) and 0 < self.layer_norm_eps < 1):
            raise ModelFileError(f"config: layer norm eps must be in (0, 1), not {self.layer_norm_eps!r}")
        if not (isinstance(self.embed_scale, (int, float)) and math.isfinite(self.embed_scale) and self.embed_scale > 0):
            raise ModelFileError(f"config: embedding scale must be a positive number, not {self.embed_scale!r}")
        if not (isinstance(self.dropout, (int, float)) and 0 <= self.dropout < 1):
            raise ModelFileError(f"config: dropout must be in [0, 1), not {self.dropout!r}")
        if self.tied_embeddings and self.is_seq2seq and self.src_vocab_size != self.tgt_vocab_size:
            raise ModelFileError("config: shared embeddings need one vocabulary (equal sizes)")
        if self.parameter_count() > MAX_PARAMETERS:
            raise ModelFileError(f"config: {self.parameter_count():,} parameters is more than this app will load")

    def parameter_count(self) -> int:
        """Parameters, counted from the sizes alone (no allocation); tied matrices once."""
        d, f = self.d_model, self.d_ff
        attention = 4 * (d * d + d)
        ffn = d * f + f + f * d + d
        norm = 2 * d
        total = 0
        for stack in self.stacks:
            blocks = len(self.attention(stack))
            total += self.layers(stack) * (blocks * attention + ffn + (blocks + 1) * norm)
            total += norm if self.final_norm else 0
        vocab = {"enc": self.src_vocab_size, "dec": self.tgt_vocab_size}
        tables = [vocab[s] for s in self.stacks]
        if self.tied_embeddings and len(tables) == 2:
            tables = tables[:1]
        total += sum(tables) * d
        if self.pe == "learned":
            total += len(self.stacks) * self.max_positions * d
        total += self.token_types * d + (norm if self.embed_norm else 0)
        if self.has_output:
            total += (0 if self.tied_output else self.tgt_vocab_size * d) + (self.tgt_vocab_size if self.logits_bias else 0)
            total += (d * d + d + norm) if self.head_transform else 0
        return total

    def with_name(self, name: str) -> "Architecture":
        return replace(self, name=name)

    def describe(self) -> dict:
        """The fields a trace's meta and `info` show, as plain JSON values."""
        return {"family": self.family, "stacks": list(self.stacks),
                "layers": {s: self.layers(s) for s in self.stacks}, "d_model": self.d_model,
                "heads": self.n_heads, "d_ff": self.d_ff, "src_vocab": self.src_vocab_size,
                "tgt_vocab": self.tgt_vocab_size, "norm": self.norm, "final_norm": self.final_norm,
                "layer_norm_eps": self.layer_norm_eps, "pe": self.pe, "pe_offset": self.pe_offset,
                "activation": self.activation, "embed_scale": self.embed_scale, "embed_norm": self.embed_norm,
                "token_types": self.token_types, "logits_bias": self.logits_bias, "tied_output": self.tied_output,
                "tied_embeddings": self.tied_embeddings, "max_positions": self.max_positions,
                "tokenizer": self.tokenizer,
                "attention": {s: [b.kind for b in self.attention(s)] for s in self.stacks},
                "specials": {k: getattr(self.specials, k) for k in
                             ("pad", "unk", "bos", "eos", "start", "mask", "cls", "sep")
                             if getattr(self.specials, k) is not None},
                "suppressed": list(self.suppressed),
                "parameters": self.parameter_count()}

    @classmethod
    def from_config(cls, cfg) -> "Architecture":
        """The bundled family: the paper's encoder-decoder as `core.config.ModelConfig` describes it."""
        from .tokenizers import SPECIALS

        specials = SpecialTokens(pad=0, unk=1, bos=2, eos=3, start=2, strings=tuple(enumerate(SPECIALS)))
        return cls(family="bundled", stacks=("enc", "dec"), enc_layers=cfg.n_layers, dec_layers=cfg.n_layers,
                   d_model=cfg.d_model, n_heads=cfg.n_heads, d_ff=cfg.d_ff,
                   src_vocab_size=cfg.src_vocab_size, tgt_vocab_size=cfg.tgt_vocab_size,
                   norm="post", final_norm=False, layer_norm_eps=1e-5, pe="sinusoidal-interleaved",
                   pe_base=cfg.pe_base, activation="relu", embed_scale=math.sqrt(cfg.d_model),
                   logits_bias=True, tied_output=cfg.tied_embeddings, tied_embeddings=cfg.tied_embeddings,
                   max_positions=cfg.max_len, dropout=cfg.dropout, specials=specials, tokenizer="char/word")

    @classmethod
    def from_description(cls, described: dict, has_output: bool = True) -> "Architecture":
        """The structure `describe()` wrote (a trace's meta["architecture"]), for reading a saved
        run: its stacks, depths, sizes, norms, positions, activation and embedding; not the special
        tokens' strings, nor whether an output layer exists (`has_output`: the trace has out.logits)."""
        d, layers = described, described.get("layers") or {}
        specials = SpecialTokens(**{k: v for k, v in (d.get("specials") or {}).items()
                                    if k in ("pad", "unk", "bos", "eos", "start", "mask", "cls", "sep")})
        return cls(family=d["family"], stacks=tuple(d["stacks"]), enc_layers=int(layers.get("enc", 0)),
                   dec_layers=int(layers.get("dec", 0)), d_model=int(d["d_model"]), n_heads=int(d["heads"]),
                   d_ff=int(d["d_ff"]), src_vocab_size=int(d.get("src_vocab", 0)), tgt_vocab_size=int(d.get("tgt_vocab", 0)),
                   norm=d.get("norm", "post"), final_norm=bool(d.get("final_norm", False)),
                   layer_norm_eps=float(d.get("layer_norm_eps", 1e-5)), pe=d.get("pe", "sinusoidal-interleaved"),
                   pe_offset=int(d.get("pe_offset", 0)), activation=d.get("activation", "relu"),
                   embed_scale=float(d.get("embed_scale", 1.0)), embed_norm=bool(d.get("embed_norm", False)),
                   token_types=int(d.get("token_types", 0)), logits_bias=bool(d.get("logits_bias", True)),
                   tied_output=bool(d.get("tied_output", False)), tied_embeddings=bool(d.get("tied_embeddings", False)),
                   has_output=has_output, max_positions=int(d.get("max_positions", 512)), specials=specials,
                   suppressed=tuple(d.get("suppressed") or ()), tokenizer=d.get("tokenizer", "char/word"))
