"""The encoder-decoder Transformer of "Attention Is All You Need", written out so every step can be shown.

Every intermediate tensor passes through `rec(name, tensor)` when a Recorder is given (names are the
trace format, docs/trace-format.md); with `rec=None` nothing is kept, so training pays nothing.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from .config import Ablations, ModelConfig
from .tokenizers import PAD_ID

NO_ABLATIONS = Ablations()


class Recorder:
    """Collects the named tensors of one forward pass; the Trace is built from it afterwards."""

    def __init__(self):
        self.tensors: dict[str, torch.Tensor] = {}

    def __call__(self, name: str, tensor: torch.Tensor) -> None:
        self.tensors[name] = tensor


def positional_encoding(length: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """PE(pos, 2i) = sin(pos / base^(2i/d)), PE(pos, 2i+1) = cos(pos / base^(2i/d)); shape (length, d)."""
    pos = torch.arange(length, dtype=torch.float64)[:, None]
    two_i = torch.arange(0, d_model, 2, dtype=torch.float64)
    angle = pos / base ** (two_i / d_model)                      # (length, d/2)
    pe = torch.zeros(length, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle[:, : d_model // 2])
    return pe.float()


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

    def forward(self, x_q, x_kv, mask, *, scale=True, heads_off=(), rec=None, name=""):
        """x_q: (B, Lq, d) gives the queries; x_kv: (B, Lk, d) the keys and values; mask: (B, 1, Lq, Lk), True = may attend."""
        q, k, v = self._heads(self.w_q(x_q)), self._heads(self.w_k(x_kv)), self._heads(self.w_v(x_kv))
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
        out = self.w_o(concat)
        if rec is not None:
            for part, t in (("q", q), ("k", k), ("v", v), ("scores", scores), ("scaled", scaled),
                            ("mask", mask), ("masked", masked), ("weights", weights), ("z", z),
                            ("concat", concat), ("out", out)):
                rec(f"{name}.{part}", t)
        return out


class FeedForward(nn.Module):
    """FFN(x) = ReLU(x W₁ + b₁) W₂ + b₂, position by position."""

    def __init__(self, d_model: int, d_ff: int):
        super().__init__()
        self.w_1 = nn.Linear(d_model, d_ff)
        self.w_2 = nn.Linear(d_ff, d_model)

    def forward(self, x, rec=None, name=""):
        hidden = F.relu(self.w_1(x))
        out = self.w_2(hidden)
        if rec is not None:
            rec(f"{name}.hidden", hidden)
            rec(f"{name}.out", out)
        return out


class AddNorm(nn.Module):
    """Add & Norm (post-LN, as in the paper): LayerNorm(x + Dropout(Sublayer(x)))."""

    def __init__(self, d_model: int, dropout: float):
        super().__init__()
        self.norm = nn.LayerNorm(d_model)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, sublayer_out, rec=None, name=""):
        added = x + self.dropout(sublayer_out)
        out = self.norm(added)
        if rec is not None:
            rec(f"{name}.residual", x)
            rec(f"{name}.sum", added)
            rec(name, out)
        return out


class EncoderLayer(nn.Module):
    """One of the N encoder layers: self-attention → Add & Norm → FFN → Add & Norm."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.self_attn = MultiHeadAttention(cfg.d_model, cfg.n_heads)
        self.add_norm1 = AddNorm(cfg.d_model, cfg.dropout)
        self.ffn = FeedForward(cfg.d_model, cfg.d_ff)
        self.add_norm2 = AddNorm(cfg.d_model, cfg.dropout)

    def forward(self, x, mask, i, ablations=NO_ABLATIONS, rec=None):
        p = f"enc.{i}"
        heads_off = [h for (b, l, h) in ablations.heads_off if b == "enc.self" and l == i]
        a = self.self_attn(x, x, mask, scale=not ablations.no_scale, heads_off=heads_off, rec=rec, name=f"{p}.self")
        x = self.add_norm1(x, a, rec, f"{p}.norm1")
        x = self.add_norm2(x, self.ffn(x, rec, f"{p}.ffn"), rec, f"{p}.norm2")
        if rec is not None:
            rec(f"{p}.out", x)
        return x


class DecoderLayer(nn.Module):
    """One of the N decoder layers: masked self-attention, cross-attention (Q from the decoder,
    K = V from the encoder output) and FFN, each followed by Add & Norm."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.self_attn = MultiHeadAttention(cfg.d_model, cfg.n_heads)
        self.add_norm1 = AddNorm(cfg.d_model, cfg.dropout)
        self.cross_attn = MultiHeadAttention(cfg.d_model, cfg.n_heads)
        self.add_norm2 = AddNorm(cfg.d_model, cfg.dropout)
        self.ffn = FeedForward(cfg.d_model, cfg.d_ff)
        self.add_norm3 = AddNorm(cfg.d_model, cfg.dropout)

    def forward(self, y, memory, self_mask, cross_mask, i, ablations=NO_ABLATIONS, rec=None):
        p = f"dec.{i}"
        scale = not ablations.no_scale
        off = lambda block: [h for (b, l, h) in ablations.heads_off if b == block and l == i]  # noqa: E731
        a = self.self_attn(y, y, self_mask, scale=scale, heads_off=off("dec.self"), rec=rec, name=f"{p}.self")
        y = self.add_norm1(y, a, rec, f"{p}.norm1")
        c = self.cross_attn(y, memory, cross_mask, scale=scale, heads_off=off("dec.cross"), rec=rec, name=f"{p}.cross")
        y = self.add_norm2(y, c, rec, f"{p}.norm2")
        y = self.add_norm3(y, self.ffn(y, rec, f"{p}.ffn"), rec, f"{p}.norm3")
        if rec is not None:
            rec(f"{p}.out", y)
        return y


class Transformer(nn.Module):
    """Figure 1: embeddings × √d_model + positional encoding, N encoder and N decoder layers, Linear, softmax."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.d_model
        self.src_embed = nn.Embedding(cfg.src_vocab_size, d)
        self.tgt_embed = self.src_embed if cfg.tied_embeddings else nn.Embedding(cfg.tgt_vocab_size, d)
        self.encoder = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.n_layers))
        self.decoder = nn.ModuleList(DecoderLayer(cfg) for _ in range(cfg.n_layers))
        self.generator = nn.Linear(d, cfg.tgt_vocab_size)
        if cfg.tied_embeddings:
            self.generator.weight = self.tgt_embed.weight
        self.dropout = nn.Dropout(cfg.dropout)
        self.register_buffer("pe", positional_encoding(cfg.max_len, d, cfg.pe_base), persistent=False)
        self._reset_parameters()

    def _reset_parameters(self):
        for name, p in self.named_parameters():
            if "embed" in name:
                nn.init.normal_(p, 0.0, self.cfg.d_model ** -0.5)
            elif p.dim() > 1:
                nn.init.xavier_uniform_(p)
            elif name.endswith("bias"):
                nn.init.zeros_(p)

    def embed(self, ids, side, ablations=NO_ABLATIONS, rec=None):
        """Token embedding × √d_model plus the positional encoding (zeros when switched off)."""
        table = self.src_embed if side == "src" else self.tgt_embed
        token = table(ids) * math.sqrt(self.cfg.d_model)
        L = ids.shape[1]
        position = torch.zeros_like(token[0]) if ablations.no_pe else self.pe[:L]
        x = token + position
        if rec is not None:
            rec(f"embed.{side}.ids", ids)
            rec(f"embed.{side}.token", token)
            rec(f"embed.{side}.position", position.expand_as(token))
            rec(f"embed.{side}.sum", x)
        return self.dropout(x)

    @staticmethod
    def source_mask(src_ids):
        """(B, 1, 1, Ls): False on <pad> keys."""
        return (src_ids != PAD_ID)[:, None, None, :]

    def target_mask(self, tgt_ids, ablations=NO_ABLATIONS):
        """(B, 1, Lt, Lt): causal (position t sees 0…t) and no <pad> keys."""
        Lt = tgt_ids.shape[1]
        keys = (tgt_ids != PAD_ID)[:, None, None, :]
        if ablations.no_causal_mask:
            return keys.expand(-1, 1, Lt, Lt)
        return keys & torch.ones(Lt, Lt, dtype=torch.bool).tril()

    def encode(self, src_ids, ablations=NO_ABLATIONS, rec=None):
        """src_ids (B, Ls) -> memory (B, Ls, d), the K = V of every cross-attention."""
        x = self.embed(src_ids, "src", ablations, rec)
        Ls = src_ids.shape[1]
        mask = self.source_mask(src_ids).expand(-1, 1, Ls, Ls)
        for i, layer in enumerate(self.encoder):
            x = layer(x, mask, i, ablations, rec)
        return x

    def decode(self, tgt_ids, memory, src_ids, ablations=NO_ABLATIONS, rec=None):
        """tgt_ids (B, Lt) shifted right (starting with <bos>) -> logits (B, Lt, V)."""
        y = self.embed(tgt_ids, "tgt", ablations, rec)
        self_mask = self.target_mask(tgt_ids, ablations)
        cross_mask = self.source_mask(src_ids).expand(-1, 1, tgt_ids.shape[1], src_ids.shape[1])
        for i, layer in enumerate(self.decoder):
            y = layer(y, memory, self_mask, cross_mask, i, ablations, rec)
        logits = self.generator(y)
        if rec is not None:
            rec("out.logits", logits)
            rec("out.probs", logits.softmax(dim=-1))
        return logits

    def forward(self, src_ids, tgt_ids, ablations=NO_ABLATIONS, rec=None):
        return self.decode(tgt_ids, self.encode(src_ids, ablations, rec), src_ids, ablations, rec)
