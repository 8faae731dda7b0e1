"""Positional-encoding lab (notes §六): the sin/cos matrix, how similar positions are, the linear
relation PE(pos + k) = M_k · PE(pos), and the repeated word 他和他的她 with PE switched on and off."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from ..config import Ablations
from ..model import positional_encoding
from ..names import act_name

DEMO_SENTENCE = "他和他的她"


def _check_even(d_model: int) -> None:
    if d_model < 2 or d_model % 2:
        raise ValueError(f"d_model must be an even number ≥ 2 (sin/cos pairs), not {d_model}")


def pe_matrix(length: int, d_model: int, base: float = 10000.0) -> np.ndarray:
    """PE as the model adds it: (length, d_model), column 2i = sin(pos·ω_i), 2i+1 = cos(pos·ω_i)."""
    return positional_encoding(length, d_model, base).numpy().astype(np.float64)


def frequencies(d_model: int, base: float = 10000.0) -> np.ndarray:
    """ω_i = 1 / base^(2i/d_model) for i = 0 … d_model/2 − 1 (radians per position)."""
    return 1.0 / base ** (np.arange(0, d_model, 2, dtype=np.float64) / d_model)


def wavelengths(d_model: int, base: float = 10000.0) -> np.ndarray:
    """Positions per full turn of each sin/cos pair: 2π/ω_i, from 2π up to 2π·base."""
    return 2 * np.pi / frequencies(d_model, base)


def pe_similarity(pe: np.ndarray, normalise: bool = True) -> np.ndarray:
    """PE·PEᵀ, (length, length); normalised = cosine similarity (each row scaled to unit length)."""
    if normalise:
        pe = pe / np.linalg.norm(pe, axis=1, keepdims=True)
    return pe @ pe.T


def rotation_matrix(k: int, d_model: int, base: float = 10000.0) -> np.ndarray:
    """M_k: block-diagonal, one 2×2 block [[cos kω_i, sin kω_i], [−sin kω_i, cos kω_i]] per (sin, cos)
    pair, so that M_k · PE(pos) = PE(pos + k) for every pos (angle addition; M_k does not depend on pos)."""
    _check_even(d_model)
    kw = k * frequencies(d_model, base)
    m = np.zeros((d_model, d_model))
    i = np.arange(0, d_model, 2)
    m[i, i], m[i, i + 1] = np.cos(kw), np.sin(kw)
    m[i + 1, i], m[i + 1, i + 1] = -np.sin(kw), np.cos(kw)
    return m


@dataclass
class ShiftCheck:
    """PE(pos + k) against M_k · PE(pos)."""

    pos: int
    k: int
    m_k: np.ndarray          # (d, d)
    pe_pos: np.ndarray       # (d,)
    pe_shifted: np.ndarray   # (d,) PE(pos + k) from the formula
    predicted: np.ndarray    # (d,) M_k · PE(pos)
    max_error: float         # max |PE(pos + k) − M_k · PE(pos)|


def shift_check(pos: int, k: int, d_model: int, base: float = 10000.0) -> ShiftCheck:
    """Check the linear relation for one position and offset (k may be negative, pos + k ≥ 0).

    PE comes from the model's own `positional_encoding`, which returns float32: the error shown is
    float32 rounding (~1e-7), not a flaw of the identity."""
    _check_even(d_model)
    if pos < 0 or pos + k < 0:
        raise ValueError("pos and pos + k must be ≥ 0")
    pe = pe_matrix(max(pos, pos + k) + 1, d_model, base)
    m = rotation_matrix(k, d_model, base)
    predicted = m @ pe[pos]
    return ShiftCheck(pos, k, m, pe[pos], pe[pos + k], predicted, float(np.abs(pe[pos + k] - predicted).max()))


@dataclass
class RepeatedWord:
    """The same token at several positions, through the encoder with PE on and off.

    diff_out[mode][i]: max over pairs of repeated positions of max |enc.{i}.out[p] − enc.{i}.out[q]|;
    diff_attention[mode][i]: the same for their attention rows enc.{i}.self.weights[:, p, :] (all heads).
    mode is "pe_on" or "pe_off". Without PE the repeated tokens are the same input vector, and
    attention has no notion of order, so they stay identical at every layer. In float32 that is
    bit-for-bit (0.0) when both positions fall in the same row block of the CPU's matrix-multiply
    kernel (他和他的她: positions 0 and 2), and within rounding (~1e-6) when they do not (positions
    0 and 4): the kernel sums those rows in a different order. `ROUNDING` is the line between.
    """

    ROUNDING = 1e-5

    tokens: list[str]
    groups: dict[str, list[int]]                 # token -> positions where it repeats
    pairs: list[tuple[int, int]]
    diff_out: dict[str, np.ndarray] = field(default_factory=dict)        # (n_layers,)
    diff_attention: dict[str, np.ndarray] = field(default_factory=dict)  # (n_layers,)
    ablations: dict[str, dict] = field(default_factory=dict)             # mode -> Ablations.to_dict()
    # the first pair's attention rows, averaged over heads: (n_layers, 2, Ls)
    attention_rows: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def has_repeats(self) -> bool:
        return bool(self.pairs)

    def largest_diffs(self, mode: str) -> tuple[float, float]:
        """(max |Δ| in the layer outputs, max |Δ| in the attention rows) over every layer, in `mode`."""
        return float(self.diff_out[mode].max(initial=0)), float(self.diff_attention[mode].max(initial=0))

    def identical(self, mode: str) -> bool:
        """Every repeated token equal to its twin at every layer, up to float32 rounding."""
        return max(self.largest_diffs(mode)) <= self.ROUNDING

    def row_scale(self, layer: int) -> float:
        """The top of one colour scale for `layer`'s attention rows with PE on and off."""
        return float(max(self.attention_rows["pe_on"][layer].max(), self.attention_rows["pe_off"][layer].max()))


def repeated_tokens(ids, tokens) -> dict[str, list[int]]:
    """Positions of every token id that occurs more than once (keyed by its text, first spelling)."""
    where = defaultdict(list)
    for p, i in enumerate(ids):
        where[int(i)].append(p)
    return {tokens[ps[0]]: ps for ps in where.values() if len(ps) > 1}


def repeated_word(translator, text: str = DEMO_SENTENCE, ablations: Ablations | None = None) -> RepeatedWord:
    """Trace `text` with positional encoding on and off (other ablations kept as given) and measure
    how far apart the repeated tokens' encoder outputs and attention rows are, layer by layer.

    Repeats are found on token ids, so two different unknown characters (both <unk>) count too —
    to the model they are the same token."""
    base = ablations or Ablations()
    modes = {"pe_on": Ablations(False, base.no_scale, base.no_causal_mask, base.heads_off),
             "pe_off": Ablations(True, base.no_scale, base.no_causal_mask, base.heads_off)}
    traces = {mode: translator.trace(text, target="", ablations=a) for mode, a in modes.items()}
    first = traces["pe_on"]
    groups = repeated_tokens(first["embed.src.ids"], first.src_tokens)
    pairs = [(ps[a], ps[b]) for ps in groups.values() for a in range(len(ps)) for b in range(a + 1, len(ps))]
    result = RepeatedWord(list(first.src_tokens), groups, pairs,
                          ablations={m: a.to_dict() for m, a in modes.items()})
    n = translator.cfg.n_layers
    for mode, tr in traces.items():
        out, att = np.zeros(n), np.zeros(n)
        rows = np.zeros((n, 2, len(first.src_tokens)))
        for i in range(n):
            h, w = tr[act_name("enc", i, "out")], tr[act_name("enc", i, "self", "weights")]
            for p, q in pairs:
                out[i] = max(out[i], float(np.abs(h[p] - h[q]).max()))
                att[i] = max(att[i], float(np.abs(w[:, p, :] - w[:, q, :]).max()))
            if pairs:
                rows[i] = w[:, list(pairs[0]), :].mean(axis=0)
        result.diff_out[mode], result.diff_attention[mode] = out, att
        result.attention_rows[mode] = rows
    return result
