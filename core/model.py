"""The Transformer of "Attention Is All You Need", written out so every step can be shown — built
from an `Architecture`, so one set of instrumented blocks runs our bundled model and the checkpoints
of other families (Marian, BERT, GPT-2): encoder-decoder, encoder only or decoder only; LayerNorm
after each sub-layer (post-LN, the paper) or before it (pre-LN, GPT-2).

Every intermediate tensor passes through `rec(name, tensor)` when a Recorder is given (names from
`core.names.act_name`, listed in docs/trace-format.md); with `rec=None` nothing is kept, so training
pays nothing.
"""
from __future__ import annotations

import functools
import math

import torch
import torch.nn.functional as F
from torch import nn

from .architecture import Architecture
from .config import Ablations, ModelConfig
from .names import act_name as _act_name
from .names import block_name

NO_ABLATIONS = Ablations()
# the trace names, built by core.names once per distinct name: a traced pass asks for ~300 of them,
# and checking each again costs ~5 % of the bundled model's traced forward
act_name = functools.lru_cache(maxsize=8192)(_act_name)


class Recorder:
    """Collects the named tensors of one forward pass; the Trace is built from it afterwards."""

    def __init__(self):
        self.tensors: dict[str, torch.Tensor] = {}

    def __call__(self, name: str, tensor: torch.Tensor) -> None:
        self.tensors[name] = tensor


def record(rec, names: tuple[str, ...], tensors: tuple) -> None:
    """rec(name, tensor) for each pair; a Recorder's dict takes them in one update."""
    if type(rec) is Recorder:
        rec.tensors.update(zip(names, tensors))
    else:
        for name, t in zip(names, tensors):
            rec(name, t)


ATTENTION_PARTS = ("q", "k", "v", "scores", "scaled", "mask", "masked", "weights", "z", "concat", "out")


@functools.lru_cache(maxsize=4096)
def _attention_names(at: tuple) -> tuple[str, ...]:
    """The trace names of one attention block's intermediates, `at` = (stack, layer, site)."""
    return tuple(act_name(*at, part) for part in ATTENTION_PARTS)


def _angles(length: int, d_model: int, base: float, offset: int = 0) -> torch.Tensor:
    """pos / base^(2i/d) for pos = offset … offset+length-1, i = 0 … d/2-1, in float64; shape (length, d/2)."""
    pos = torch.arange(offset, offset + length, dtype=torch.float64)[:, None]
    two_i = torch.arange(0, d_model, 2, dtype=torch.float64)
    return pos / base ** (two_i / d_model)


def positional_encoding(length: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """PE(pos, 2i) = sin(pos / base^(2i/d)), PE(pos, 2i+1) = cos(pos / base^(2i/d)); shape (length, d)."""
    angle = _angles(length, d_model, base)                        # (length, d/2)
    pe = torch.zeros(length, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle[:, : d_model // 2])
    return pe.float()


def positional_encoding_half(length: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """Marian's layout of the same sinusoids: PE(pos, i) = sin(pos / base^(2i/d)) for i < d/2 and
    PE(pos, d/2 + i) = cos(pos / base^(2i/d)); shape (length, d)."""
    angle = _angles(length, d_model, base)
    return torch.cat([torch.sin(angle), torch.cos(angle)], dim=1).float()


SINUSOIDS = {"sinusoidal-interleaved": positional_encoding, "sinusoidal-half": positional_encoding_half}
ACTIVATIONS = {"relu": F.relu, "silu": F.silu, "gelu": F.gelu,
               "gelu_new": lambda x: F.gelu(x, approximate="tanh")}   # GPT-2's tanh approximation


class MultiHeadAttention(nn.Module):
    """Figure 2 (right): h heads of scaled dot-product attention, concatenated, then × W_O.

    W_Q, W_K, W_V are stored as one d×d Linear each: head i's projection W_Q^i is rows i·d_k … (i+1)·d_k.
    """

    def __init__(self, d_model: int, n_heads: int):
        super().__init__()
        self.h, self.d_k = n_heads, d_model // n_heads
        self.w_q = nn.Linear(d_model, d_model)
        self.w_k = nn.Linear(d_model, d_model)
        self.w_v = nn.Linear(d_model, d_model)
        self.w_o = nn.Linear(d_model, d_model)

    def _heads(self, x: torch.Tensor) -> torch.Tensor:
        B, L, _ = x.shape
        return x.view(B, L, self.h, self.d_k).transpose(1, 2)       # (B, L, d) -> (B, h, L, d_k)

    def forward(self, x_q, x_kv, mask, *, scale=True, heads_off=(), rec=None, at=("enc", 0, "self")):
        """x_q: (B, Lq, d) gives the queries; x_kv: (B, Lk, d) the keys and values; mask: (B, 1, Lq, Lk),
        True = may attend. `at` = (stack, layer, site): where the block sits, for the trace names."""
        # F.linear on the Linear's own weight and bias: what calling the module does, without the
        # module-call machinery (~40 % of a small model's traced forward went to it)
        w_q, w_k, w_v = self.w_q, self.w_k, self.w_v
        q = self._heads(F.linear(x_q, w_q.weight, w_q.bias))
        k = self._heads(F.linear(x_kv, w_k.weight, w_k.bias))
        v = self._heads(F.linear(x_kv, w_v.weight, w_v.bias))
        scores = q @ k.transpose(-2, -1)                              # (B,h,Lq,dk) x (B,h,dk,Lk) -> (B,h,Lq,Lk)
        scaled = scores / math.sqrt(self.d_k) if scale else scores
        masked = scaled.masked_fill(~mask, float("-inf"))
        weights = masked.softmax(dim=-1)
        z = weights @ v                                               # (B,h,Lq,Lk) x (B,h,Lk,dk) -> (B,h,Lq,dk)
        if heads_off:
            keep = torch.ones(self.h, 1, 1, dtype=z.dtype)
            keep[list(heads_off)] = 0
            z = z * keep
        B, _, Lq, _ = z.shape
        concat = z.transpose(1, 2).reshape(B, Lq, self.h * self.d_k)  # (B,h,Lq,dk) -> (B,Lq,d)
        w_o = self.w_o
        out = F.linear(concat, w_o.weight, w_o.bias)
        if rec is not None:
            record(rec, _attention_names(at), (q, k, v, scores, scaled, mask, masked, weights, z, concat, out))
        return out


class FeedForward(nn.Module):
    """FFN(x) = act(x W₁ + b₁) W₂ + b₂, position by position (act: ReLU in the paper)."""

    def __init__(self, d_model: int, d_ff: int, activation: str = "relu"):
        super().__init__()
        self.w_1 = nn.Linear(d_model, d_ff)
        self.w_2 = nn.Linear(d_ff, d_model)
        self.activation = activation
        self._act = ACTIVATIONS[activation]

    def forward(self, x, rec=None, at=("enc", 0)):
        w_1, w_2 = self.w_1, self.w_2
        hidden = self._act(F.linear(x, w_1.weight, w_1.bias))
        out = F.linear(hidden, w_2.weight, w_2.bias)
        if rec is not None:
            rec(act_name(*at, "ffn", "hidden"), hidden)
            rec(act_name(*at, "ffn", "out"), out)
        return out


class AddNorm(nn.Module):
    """Add & Norm around one sub-layer.

    post-LN (the paper): out = LayerNorm(x + Dropout(Sublayer(x)));
    pre-LN (GPT-2):      out = x + Dropout(Sublayer(LayerNorm(x))) — `before` gives the sub-layer's input.
    """

    def __init__(self, d_model: int, dropout: float, eps: float = 1e-5, placement: str = "post"):
        super().__init__()
        self.norm = nn.LayerNorm(d_model, eps=eps)
        self.dropout = nn.Dropout(dropout)
        self.placement = placement

    def before(self, x, rec=None, name=""):
        """The sub-layer's input: x itself (post-LN), or LayerNorm(x), recorded under `name` (pre-LN)."""
        if self.placement == "post":
            return x
        normed = self._norm(x)
        if rec is not None:
            rec(name, normed)
        return normed

    def _norm(self, x):
        norm = self.norm                    # the LayerNorm module's own computation, called directly
        return F.layer_norm(x, norm.normalized_shape, norm.weight, norm.bias, norm.eps)

    def forward(self, x, sublayer_out, rec=None, name=""):
        added = x + (self.dropout(sublayer_out) if self.training else sublayer_out)   # eval: Dropout is the identity
        out = self._norm(added) if self.placement == "post" else added
        if rec is not None:
            rec(f"{name}.residual", x)
            rec(f"{name}.sum", added)
            if self.placement == "post":
                rec(name, out)
        return out


def _heads_off(ablations: Ablations, stack: str, site: str, layer: int) -> list[int]:
    block = block_name(stack, site)
    return [h for (b, l, h) in ablations.heads_off if b == block and l == layer]


class Layer(nn.Module):
    """One layer of a stack: its attention blocks (self, masked self, cross) and the FFN, each inside
    an Add & Norm. Module names follow the paper's sub-layers: self_attn, cross_attn, ffn, add_norm1…"""

    def __init__(self, arch: Architecture, stack: str):
        super().__init__()
        self.stack = stack
        self.blocks = arch.attention(stack)
        self.sites = arch.norm_sites(stack)
        d = arch.d_model
        for block, k in zip(self.blocks, range(1, len(self.blocks) + 1)):
            setattr(self, f"{block.site}_attn", MultiHeadAttention(d, arch.n_heads))
            setattr(self, f"add_norm{k}", AddNorm(d, arch.dropout, arch.layer_norm_eps, arch.norm))
        self.ffn = FeedForward(d, arch.d_ff, arch.activation)
        setattr(self, f"add_norm{len(self.blocks) + 1}", AddNorm(d, arch.dropout, arch.layer_norm_eps, arch.norm))

    def forward(self, x, masks, memory, i, ablations=NO_ABLATIONS, rec=None):
        """x: (B, L, d); masks: site -> (B, 1, L, Lk); memory: the encoder output (K = V of cross-attention)."""
        scale = not ablations.no_scale
        for k, block in enumerate(self.blocks, start=1):
            add_norm, name = getattr(self, f"add_norm{k}"), act_name(self.stack, i, self.sites[k - 1])
            h = add_norm.before(x, rec, name)
            kv = h if block.site == "self" else memory
            a = getattr(self, f"{block.site}_attn")(h, kv, masks[block.site], scale=scale, rec=rec,
                                                     heads_off=_heads_off(ablations, self.stack, block.site, i),
                                                     at=(self.stack, i, block.site))
            x = add_norm(x, a, rec, name)
        add_norm, name = getattr(self, f"add_norm{len(self.blocks) + 1}"), act_name(self.stack, i, self.sites[-1])
        x = add_norm(x, self.ffn(add_norm.before(x, rec, name), rec, (self.stack, i)), rec, name)
        if rec is not None:
            rec(act_name(self.stack, i, "out"), x)
        return x


class EncoderLayer(Layer):
    """One of the N encoder layers: self-attention → Add & Norm → FFN → Add & Norm."""

    def __init__(self, arch: Architecture):
        super().__init__(arch, "enc")


class DecoderLayer(Layer):
    """One of the N decoder layers: masked self-attention, cross-attention (Q from the decoder,
    K = V from the encoder output; absent in a decoder-only model) and FFN, each with Add & Norm."""

    def __init__(self, arch: Architecture):
        super().__init__(arch, "dec")


def _on_meta() -> bool:
    """Inside `with torch.device("meta")` (Transformer.from_state): nothing to initialise, since every
    weight is assigned afterwards — and PyTorch's normal_ on a meta tensor runs through torch._refs,
    whose first call imports torch._dynamo (3.5 s on a loaded 2-core Xeon) for nothing."""
    return torch.empty(0).is_meta


def embedding(n: int, d: int) -> nn.Embedding:
    """nn.Embedding(n, d), left uninitialised on the meta device (see _on_meta)."""
    return nn.Embedding(n, d, _weight=torch.empty(n, d)) if _on_meta() else nn.Embedding(n, d)


class Transformer(nn.Module):
    """Figure 1: embeddings (× √d_model) + positions, the encoder and/or decoder stacks, Linear, softmax.

    Built from a ModelConfig (the bundled family) or from any Architecture. `cfg` is what it was
    built from; `arch` is its Architecture either way.
    """

    def __init__(self, cfg: ModelConfig | Architecture):
        super().__init__()
        self.cfg = cfg
        self.arch = arch = cfg if isinstance(cfg, Architecture) else Architecture.from_config(cfg)
        d = arch.d_model
        # the order of creation is the order of initialisation (seeded random models stay the same)
        if "enc" in arch.stacks:
            self.src_embed = embedding(arch.src_vocab_size, d)
        if "dec" in arch.stacks:
            shared = arch.tied_embeddings and "enc" in arch.stacks
            self.tgt_embed = self.src_embed if shared else embedding(arch.tgt_vocab_size, d)
        if "enc" in arch.stacks:
            self.encoder = nn.ModuleList(EncoderLayer(arch) for _ in range(arch.enc_layers))
        if "dec" in arch.stacks:
            self.decoder = nn.ModuleList(DecoderLayer(arch) for _ in range(arch.dec_layers))
        if arch.final_norm:
            for stack in arch.stacks:
                setattr(self, f"{stack}_final_norm", nn.LayerNorm(d, eps=arch.layer_norm_eps))
        if arch.pe == "learned":
            self.pos_embed = embedding(arch.max_positions + arch.pe_offset, d)
        if arch.token_types:
            self.type_embed = embedding(arch.token_types, d)
        if arch.embed_norm:
            self.embed_norm = nn.LayerNorm(d, eps=arch.layer_norm_eps)
        if arch.has_output:
            if arch.head_transform:
                self.head_dense = nn.Linear(d, d)
                self.head_norm = nn.LayerNorm(d, eps=arch.layer_norm_eps)
            self.generator = nn.Linear(d, arch.tgt_vocab_size, bias=arch.logits_bias)
            if arch.tied_output:
                self.generator.weight = self.output_embedding().weight
        self.dropout = nn.Dropout(arch.dropout)
        if arch.pe in SINUSOIDS:
            pe = torch.empty(arch.max_positions + arch.pe_offset, d) if _on_meta() else self._sinusoids()
            self.register_buffer("pe", pe, persistent=False)      # on meta: from_state computes it on the CPU
        if not _on_meta():
            self._reset_parameters()

    def _sinusoids(self) -> torch.Tensor:
        a = self.arch
        return SINUSOIDS[a.pe](a.max_positions + a.pe_offset, a.d_model, a.pe_base)

    @classmethod
    def from_state(cls, arch: Architecture, state: dict) -> "Transformer":
        """A model whose parameters are `state`'s tensors (our names, tied matrices once), without
        initialising or copying: built on the meta device, then every parameter assigned. A missing,
        unexpected, misshapen or non-float tensor is a ModelFileError naming it."""
        from .errors import ModelFileError

        with torch.device("meta"):
            model = cls(arch)
        expected = {n: tuple(p.shape) for n, p in model.named_parameters()}
        missing = sorted(set(expected) - set(state))
        if missing:
            raise ModelFileError(f"the checkpoint lacks tensor(s) for {', '.join(missing[:5])}")
        unexpected = sorted(set(state) - set(expected))
        if unexpected:
            raise ModelFileError(f"unexpected tensor(s): {', '.join(unexpected[:5])}")
        for name, shape in expected.items():
            t = state[name]
            if tuple(t.shape) != shape:
                raise ModelFileError(f"tensor for {name} has shape {tuple(t.shape)}, the config needs {shape}")
            if not t.is_floating_point():
                raise ModelFileError(f"tensor for {name} is not floating point")
        for name in expected:
            module_name, _, attr = name.rpartition(".")
            module = model.get_submodule(module_name)
            setattr(module, attr, nn.Parameter(state[name].float().contiguous(), requires_grad=False))
        if arch.has_output and arch.tied_output:
            model.generator.weight = model.output_embedding().weight
        if arch.pe in SINUSOIDS:
            with torch.device("cpu"):
                model.pe = model._sinusoids()
        return model.eval()

    def output_embedding(self) -> nn.Embedding:
        """The embedding matrix a tied output layer reuses: the decoder's, or the encoder's (BERT)."""
        return self.tgt_embed if "dec" in self.arch.stacks else self.src_embed

    def _reset_parameters(self):
        for name, p in self.named_parameters():
            if "embed" in name:
                nn.init.normal_(p, 0.0, self.arch.d_model ** -0.5)
            elif p.dim() > 1:
                nn.init.xavier_uniform_(p)
            elif name.endswith("bias"):
                nn.init.zeros_(p)

    def embed(self, ids, side, ablations=NO_ABLATIONS, rec=None, type_ids=None):
        """Token embedding × scale plus the positional encoding (zeros when switched off), plus the
        token type and a LayerNorm where the architecture has them."""
        arch = self.arch
        table = self.src_embed if side == "src" else self.tgt_embed
        token = table(ids) * arch.embed_scale if arch.embed_scale != 1.0 else table(ids)
        L = ids.shape[1]
        if ablations.no_pe or arch.pe == "none":
            position = torch.zeros_like(token[0])
        elif arch.pe == "learned":
            position = self.pos_embed.weight[arch.pe_offset: arch.pe_offset + L]
        else:
            position = self.pe[arch.pe_offset: arch.pe_offset + L]
        x = token + position
        if rec is not None:
            rec(act_name("embed", side, "ids"), ids)
            rec(act_name("embed", side, "token"), token)
            rec(act_name("embed", side, "position"), position.expand_as(token))
        if arch.token_types:
            types = self.type_embed(type_ids if type_ids is not None else torch.zeros_like(ids))
            x = x + types
            if rec is not None:
                rec(act_name("embed", side, "type"), types)
        if rec is not None:
            rec(act_name("embed", side, "sum"), x)
        if arch.embed_norm:
            x = self.embed_norm(x)
            if rec is not None:
                rec(act_name("embed", side, "norm"), x)
        return self.dropout(x) if self.training else x

    def _not_pad(self, ids):
        """True where a token is not padding (everywhere for a model without a pad token: GPT-2)."""
        pad = self.arch.specials.pad
        return torch.ones_like(ids, dtype=torch.bool) if pad is None else ids != pad

    def source_mask(self, src_ids):
        """(B, 1, 1, Ls): False on <pad> keys."""
        return self._not_pad(src_ids)[:, None, None, :]

    def target_mask(self, tgt_ids, ablations=NO_ABLATIONS):
        """(B, 1, Lt, Lt): causal (position t sees 0…t) and no <pad> keys. Position 0, the start token,
        is always a key: Marian starts the decoder from the pad id itself."""
        Lt = tgt_ids.shape[1]
        keys = self._not_pad(tgt_ids)
        keys[:, 0] = True
        keys = keys[:, None, None, :]
        if ablations.no_causal_mask:
            return keys.expand(-1, 1, Lt, Lt)
        return keys & torch.ones(Lt, Lt, dtype=torch.bool).tril()

    def _final(self, stack, x, rec):
        if not self.arch.final_norm:
            return x
        x = getattr(self, f"{stack}_final_norm")(x)
        if rec is not None:
            rec(act_name(stack, None, "ln_f"), x)
        return x

    def encode(self, src_ids, ablations=NO_ABLATIONS, rec=None, type_ids=None):
        """src_ids (B, Ls) -> memory (B, Ls, d), the K = V of every cross-attention."""
        x = self.embed(src_ids, "src", ablations, rec, type_ids)
        Ls = src_ids.shape[1]
        masks = {"self": self.source_mask(src_ids).expand(-1, 1, Ls, Ls)}
        for i, layer in enumerate(self.encoder):
            x = layer(x, masks, None, i, ablations, rec)
        return self._final("enc", x, rec)

    def decode(self, tgt_ids, memory=None, src_ids=None, ablations=NO_ABLATIONS, rec=None):
        """tgt_ids (B, Lt) shifted right (starting with the start token) -> logits (B, Lt, V).
        A decoder-only model takes no memory and no src_ids."""
        return self.output(self.decode_hidden(tgt_ids, memory, src_ids, ablations, rec), rec)

    def decode_hidden(self, tgt_ids, memory=None, src_ids=None, ablations=NO_ABLATIONS, rec=None):
        """The decoder stack's output (after its final LayerNorm, if any), (B, Lt, d_model): what the
        output Linear reads. Greedy decoding applies `output` to the rows it needs only — over a large
        vocabulary (Marian's 65,001) the Linear at every position is most of a step's work."""
        y = self.embed(tgt_ids, "tgt", ablations, rec)
        masks = {"self": self.target_mask(tgt_ids, ablations)}
        if memory is not None:
            masks["cross"] = self.source_mask(src_ids).expand(-1, 1, tgt_ids.shape[1], src_ids.shape[1])
        for i, layer in enumerate(self.decoder):
            y = layer(y, masks, memory, i, ablations, rec)
        return self._final("dec", y, rec)

    def output(self, x, rec=None):
        """The final Linear (after BERT's head transform) -> logits; softmax for the trace."""
        if self.arch.head_transform:
            x = self.head_norm(ACTIVATIONS[self.arch.activation](self.head_dense(x)))
            if rec is not None:
                rec(act_name("out", None, "head"), x)
        logits = self.generator(x)
        if rec is not None:
            rec(act_name("out", None, "logits"), logits)
            rec(act_name("out", None, "probs"), logits.softmax(dim=-1))
        return logits

    def forward(self, src_ids=None, tgt_ids=None, ablations=NO_ABLATIONS, rec=None):
        stacks = self.arch.stacks
        if stacks == ("enc",):
            memory = self.encode(src_ids, ablations, rec)
            return self.output(memory, rec) if self.arch.has_output else memory
        memory = self.encode(src_ids, ablations, rec) if "enc" in stacks else None
        return self.decode(tgt_ids, memory, src_ids if memory is not None else None, ablations, rec)
