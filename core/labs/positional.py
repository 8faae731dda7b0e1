"""Positional-encoding lab (notes §六): the sin/cos matrix, how similar positions are, the linear
relation PE(pos + k) = M_k · PE(pos), and the repeated word 他和他的她 with PE switched on and off.

Every family's own positions: the paper's interleaved sinusoids (the bundled model), Marian's
half/half sinusoids (sin in the first d/2 dimensions, cos in the second), and the learned tables of
BERT and GPT-2 — for which the linear relation is a least-squares question (`linear_fit`)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from ..config import Ablations
from ..i18n import trans
from ..model import SINUSOIDS
from ..names import act_name

DEMO_SENTENCE = "他和他的她"
TEXT_DEMO_SENTENCE = "the cat sat on the mat"    # for BERT and GPT-2: "the" twice
INTERLEAVED, HALF = "sinusoidal-interleaved", "sinusoidal-half"


def _check_even(d_model: int) -> None:
    if d_model < 2 or d_model % 2:
        raise ValueError(f"d_model must be an even number ≥ 2 (sin/cos pairs), not {d_model}")


def pe_matrix(length: int, d_model: int, base: float = 10000.0, layout: str = INTERLEAVED) -> np.ndarray:
    """PE as the model adds it: (length, d_model). Interleaved (the paper): column 2i = sin(pos·ω_i),
    2i+1 = cos(pos·ω_i); half (Marian): column i = sin(pos·ω_i), d/2 + i = cos(pos·ω_i)."""
    return SINUSOIDS[layout](length, d_model, base).numpy().astype(np.float64)


def sin_cos_pairs(d_model: int, layout: str = INTERLEAVED) -> tuple[np.ndarray, np.ndarray]:
    """(sin columns, cos columns) of the pairs that share ω_i, i = 0 … d/2 − 1."""
    _check_even(d_model)
    i = np.arange(d_model // 2)
    return (2 * i, 2 * i + 1) if layout == INTERLEAVED else (i, d_model // 2 + i)


def dimension_wave(dim: int, d_model: int, layout: str = INTERLEAVED) -> tuple[str, int]:
    """('sin' or 'cos', i): which function and which frequency ω_i column `dim` holds."""
    if layout == INTERLEAVED:
        return ("sin" if dim % 2 == 0 else "cos"), dim // 2
    half = d_model // 2
    return ("sin", dim) if dim < half else ("cos", dim - half)


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


def rotation_matrix(k: int, d_model: int, base: float = 10000.0, layout: str = INTERLEAVED) -> np.ndarray:
    """M_k: one 2×2 block [[cos kω_i, sin kω_i], [−sin kω_i, cos kω_i]] per (sin, cos) pair, so that
    M_k · PE(pos) = PE(pos + k) for every pos (angle addition; M_k does not depend on pos). Block
    diagonal in the interleaved layout; in Marian's half layout the pair is (i, d/2 + i)."""
    _check_even(d_model)
    kw = k * frequencies(d_model, base)
    m = np.zeros((d_model, d_model))
    s, c = sin_cos_pairs(d_model, layout)
    m[s, s], m[s, c] = np.cos(kw), np.sin(kw)
    m[c, s], m[c, c] = -np.sin(kw), np.cos(kw)
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


def shift_check(pos: int, k: int, d_model: int, base: float = 10000.0, layout: str = INTERLEAVED) -> ShiftCheck:
    """Check the linear relation for one position and offset (k may be negative, pos + k ≥ 0).

    PE comes from the model's own `positional_encoding`, which returns float32: the error shown is
    float32 rounding (~1e-7), not a flaw of the identity."""
    _check_even(d_model)
    if pos < 0 or pos + k < 0:
        raise ValueError("pos and pos + k must be ≥ 0")
    pe = pe_matrix(max(pos, pos + k) + 1, d_model, base, layout)
    m = rotation_matrix(k, d_model, base, layout)
    predicted = m @ pe[pos]
    return ShiftCheck(pos, k, m, pe[pos], pe[pos + k], predicted, float(np.abs(pe[pos + k] - predicted).max()))


@dataclass
class ModelPositions:
    """The positions a model adds to its token embeddings, read from the model's own tensors."""

    kind: str                  # Architecture.pe: sinusoidal-interleaved, sinusoidal-half, learned, none
    table: np.ndarray | None   # (max_positions, d_model), float64 copy; None: the model has no positions
    base: float                # the sinusoids' base (10000 in the paper); unused when learned
    family: str
    name: str                  # the model as the window names it
    source: str                # which tensor the table is

    @property
    def learned(self) -> bool:
        return self.kind == "learned"

    @property
    def sinusoidal(self) -> bool:
        return self.kind in SINUSOIDS

    def describe(self) -> str:
        """One line for the lab: what these positions are."""
        if self.table is None:
            return trans._("{name} adds no positions to its tokens: there is no positional encoding to show.",
                           name=self.name)
        n, d = self.table.shape
        if self.learned:
            return trans._("{name} ({family}) learned its positions: a trained table of {n} × {d} ({source}), "
                           "no formula — d_model and base do not apply.",
                           name=self.name, family=self.family, n=n, d=d, source=trans._(self.source))
        if self.kind == INTERLEAVED:
            layout = trans._("sin in the even dimensions, cos in the odd ones (the paper)")
        else:
            layout = trans._("sin in dimensions 0–{last_sin}, cos in {first_cos}–{last} (Marian's half/half layout)",
                             last_sin=d // 2 - 1, first_cos=d // 2, last=d - 1)
        return trans._("{name} ({family}): sinusoids, {layout}; {n} positions × {d}, base {base}.",
                       name=self.name, family=self.family, layout=layout, n=n, d=d, base=f"{self.base:g}")


def model_positions(model) -> ModelPositions:
    """The position table of `model` (a Translator or a TextModel): its sinusoid buffer, or its learned
    position embeddings (BERT's position_embeddings, GPT-2's wpe), from the first position on."""
    arch, net = model.arch, model.model
    start, stop = arch.pe_offset, arch.pe_offset + arch.max_positions
    if arch.pe == "learned":
        tensor, source = net.pos_embed.weight[start:stop], trans.noop("its position embeddings")
    elif arch.pe in SINUSOIDS:
        tensor, source = net.pe[start:stop], trans.noop("its sinusoid table")
    else:
        tensor, source = None, ""
    table = None if tensor is None else tensor.detach().double().numpy().copy()
    return ModelPositions(arch.pe, table, float(arch.pe_base), arch.family, getattr(model, "name", "") or arch.family,
                          source)


def _relative(target: np.ndarray, predicted: np.ndarray) -> float:
    norm = float(np.linalg.norm(target))
    return float(np.linalg.norm(target - predicted)) / norm if norm > 0 else 0.0


def relation_ks(positions: int) -> list[int]:
    """Offsets k to test: 1, 2, 4, … up to a quarter of the table (at most 64), so that many pairs
    (pos, pos + k) stay for fitting and for judging."""
    ks, k = [], 1
    while k <= max(1, positions // 4) and k <= 64:
        ks.append(k)
        k *= 2
    return ks


@dataclass
class LinearFit:
    """Least squares for PE(pos + k) ≈ M_k · PE(pos), one M_k for every pos: fitted on the even
    positions below `positions − k_max`, judged on the odd ones (positions it never saw).

    `solve` is the pseudo-inverse of the fitted rows, (d, fitted), shared by every k: M_k is then
    (solve · PE(fitted + k))ᵀ — numpy's minimum-norm least-squares solution."""

    table: np.ndarray        # (positions, d)
    fitted: np.ndarray       # the positions pos whose pairs (pos, pos + k) are fitted
    solve: np.ndarray        # (d, len(fitted))
    k_max: int

    @classmethod
    def of(cls, table: np.ndarray, k_max: int) -> "LinearFit":
        table = np.asarray(table, dtype=np.float64)
        n = table.shape[0]
        if not 1 <= k_max <= n - 3:
            raise ValueError(f"k must be from 1 to {n - 3} for a table of {n} positions, not {k_max}")
        pos = np.arange(n - k_max)
        fitted = pos[pos % 2 == 0]
        return cls(table, fitted, np.linalg.pinv(table[fitted]), k_max)

    @property
    def underdetermined(self) -> bool:
        """No more fitted pairs than dimensions: any table fits them exactly, so only the held-out residual tells."""
        return len(self.fitted) <= self.table.shape[1]

    def held_out(self, k: int) -> np.ndarray:
        pos = np.arange(self.table.shape[0] - k)
        return pos[pos % 2 == 1]

    def m_k(self, k: int) -> np.ndarray:
        """(d, d): the fitted M_k, acting on column vectors PE(pos)."""
        self._check(k)
        return (self.solve @ self.table[self.fitted + k]).T

    def residuals(self, k: int, m_k: np.ndarray | None = None) -> tuple[float, float]:
        """‖PE(pos+k) − M_k·PE(pos)‖ / ‖PE(pos+k)‖ (Frobenius, over all such pos) on the fitted and
        the held-out positions."""
        m = self.m_k(k) if m_k is None else m_k
        t, held = self.table, self.held_out(k)
        return (_relative(t[self.fitted + k], t[self.fitted] @ m.T), _relative(t[held + k], t[held] @ m.T))

    def _check(self, k: int) -> None:
        if not 1 <= k <= self.k_max:
            raise ValueError(f"k must be from 1 to {self.k_max}, not {k}")


def random_table_like(table: np.ndarray, seed: int = 0) -> np.ndarray:
    """A baseline with no structure: independent normal entries with each dimension's mean and spread."""
    table = np.asarray(table, dtype=np.float64)
    gen = np.random.default_rng(seed)
    return table.mean(axis=0) + table.std(axis=0) * gen.standard_normal(table.shape)


@dataclass
class LinearRelation:
    """The notes' linear relation tested on a table by least squares (`LinearFit`), for k = 1, 2, 4, …,
    beside two references of the same size: the paper's sinusoids (an exact M_k exists, so their
    residual is float rounding) and a random table (no M_k carries over to unseen positions)."""

    ks: np.ndarray
    fit: LinearFit                  # the model's table
    model: np.ndarray               # held-out residual per k
    model_fitted: np.ndarray        # residual on the fitted pairs per k
    sinusoids: np.ndarray
    random: np.ndarray
    seed: int

    @property
    def positions(self) -> int:
        return self.fit.table.shape[0]

    @property
    def d_model(self) -> int:
        return self.fit.table.shape[1]


def linear_relation(table: np.ndarray, seed: int = 0) -> LinearRelation:
    """The held-out (and fitted) residual of the least-squares M_k for each k of `relation_ks`, on
    `table` and on its two references (sinusoids when d is even; NaN otherwise)."""
    table = np.asarray(table, dtype=np.float64)
    n, d = table.shape
    ks = relation_ks(n)
    fits = {"model": LinearFit.of(table, ks[-1]), "random": LinearFit.of(random_table_like(table, seed), ks[-1])}
    if d % 2 == 0:
        fits["sinusoids"] = LinearFit.of(pe_matrix(n, d), ks[-1])
    res = {name: np.array([f.residuals(k) for k in ks]) for name, f in fits.items()}
    nan = np.full((len(ks), 2), np.nan)
    return LinearRelation(np.array(ks), fits["model"], res["model"][:, 1], res["model"][:, 0],
                          res.get("sinusoids", nan)[:, 1], res["random"][:, 1], seed)


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
    stack: str = "enc"                           # the stack measured: the encoder, or GPT-2's decoder
    causal: bool = False                         # its self-attention is masked (GPT-2): order without PE
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
    how far apart the repeated tokens' outputs and attention rows are, layer by layer, in the
    model's first stack: the encoder (ours, Marian, BERT) or GPT-2's decoder.

    Repeats are found on token ids, so two different unknown characters (both <unk>) count too —
    to the model they are the same token."""
    base = ablations or Ablations()
    modes = {"pe_on": Ablations(False, base.no_scale, base.no_causal_mask, base.heads_off),
             "pe_off": Ablations(True, base.no_scale, base.no_causal_mask, base.heads_off)}
    arch = translator.arch
    stack = arch.stacks[0]
    side = "src" if stack == "enc" else "tgt"
    if arch.is_seq2seq:
        traces = {mode: translator.trace(text, target="", ablations=a) for mode, a in modes.items()}
    else:
        traces = {mode: translator.trace(text, ablations=a) for mode, a in modes.items()}
    first = traces["pe_on"]
    tokens = list(first.src_tokens if side == "src" else first.tgt_tokens)
    groups = repeated_tokens(first[act_name("embed", side, "ids")].reshape(-1), tokens)
    pairs = [(ps[a], ps[b]) for ps in groups.values() for a in range(len(ps)) for b in range(a + 1, len(ps))]
    causal = arch.attention(stack)[0].causal and not base.no_causal_mask
    result = RepeatedWord(tokens, groups, pairs, stack, causal,
                          ablations={m: a.to_dict() for m, a in modes.items()})
    n = arch.layers(stack)
    for mode, tr in traces.items():
        out, att = np.zeros(n), np.zeros(n)
        rows = np.zeros((n, 2, len(tokens)))
        for i in range(n):
            h, w = tr[act_name(stack, i, "out")], tr[act_name(stack, i, "self", "weights")]
            for p, q in pairs:
                out[i] = max(out[i], float(np.abs(h[p] - h[q]).max()))
                att[i] = max(att[i], float(np.abs(w[:, p, :] - w[:, q, :]).max()))
            if pairs:
                rows[i] = w[:, list(pairs[0]), :].mean(axis=0)
        result.diff_out[mode], result.diff_attention[mode] = out, att
        result.attention_rows[mode] = rows
    return result
