"""Numeric summaries the explorer's views show (numpy only): the views themselves do no array math.

Every function takes the plain arrays of a Trace and returns new arrays or numbers; nothing here
knows about Qt or torch.
"""
from __future__ import annotations

import math

import numpy as np


def value_range(a: np.ndarray) -> tuple[float, float]:
    """(min, max) over the finite cells; a constant or empty matrix gets a unit-wide range."""
    finite = a[np.isfinite(a)] if a.size else a
    if finite.size == 0:
        return 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    if hi - lo < 1e-12:
        return lo - 0.5, hi + 0.5
    return lo, hi


def colour_levels(a: np.ndarray, symmetric: bool = False) -> tuple[float, float]:
    """The colour scale of a matrix drawn on its own: `value_range`, or, for a diverging map,
    (−m, m) with m the largest |value| (zero stays the middle colour)."""
    lo, hi = value_range(a)
    if not symmetric:
        return lo, hi
    m = max(abs(lo), abs(hi))
    return (-m, m) if m > 0 else (-0.5, 0.5)


def joint_range(*arrays: np.ndarray) -> tuple[float, float]:
    """One (min, max) over several matrices, for a shared colour scale."""
    ranges = [value_range(a) for a in arrays]
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def minus_inf_as_nan(a: np.ndarray) -> np.ndarray:
    """A copy with the −∞ cells (masked scores) as NaN, which a heatmap leaves transparent."""
    out = np.array(a, dtype=np.float32, copy=True)
    out[np.isneginf(out)] = np.nan
    return out


def additive_mask(allowed: np.ndarray) -> np.ndarray:
    """The mask M that is added to the scaled scores (the paper's §3.2.3): 0 where a query may attend
    to a key (`allowed` True), −∞ where it may not."""
    return np.where(np.asarray(allowed, dtype=bool), 0.0, -np.inf).astype(np.float32)


def any_masked(allowed: np.ndarray) -> bool:
    """Whether the mask hides any key from any query (M has a −∞ cell)."""
    return bool(not np.asarray(allowed, dtype=bool).all())


AVERAGE_OF_HEADS = -1   # `head_weights`' head for the heads' mean (the pickers' first entry)


def head_weights(weights: np.ndarray, head: int) -> np.ndarray:
    """One head's attention weights from (heads, Lq, Lk), or their mean over the heads for
    `AVERAGE_OF_HEADS` (what nn.MultiheadAttention returns with average_attn_weights=True)."""
    return weights.mean(axis=0) if head == AVERAGE_OF_HEADS else weights[head]


def token_mean_std(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per token (row) mean and standard deviation over the d_model dimensions."""
    return x.mean(axis=-1), x.std(axis=-1)


def zero_fraction(x: np.ndarray) -> float:
    """The fraction of exactly-zero cells (ReLU's silenced units)."""
    return float((x == 0).mean()) if x.size else 0.0


def zero_fraction_per_token(x: np.ndarray) -> np.ndarray:
    return (x == 0).mean(axis=-1)


def largest(x: np.ndarray, m: int) -> np.ndarray:
    """Indices of the `m` largest entries along the last axis, in no particular order: a partition,
    not a sort (over Marian's 65,001 words a full argsort of one row is ~3 ms, this ~0.3 ms)."""
    n = x.shape[-1]
    m = max(1, min(m, n))
    if m == n:
        return np.broadcast_to(np.arange(n), x.shape).copy()
    return np.argpartition(-x, m - 1, axis=-1)[..., :m]


def top_columns(probs: np.ndarray, k: int = 20) -> np.ndarray:
    """The vocabulary ids worth showing: the union of every row's top-k, ordered by their best probability."""
    k = max(1, min(k, probs.shape[-1]))
    best = probs.max(axis=0)
    per_row = largest(probs, max(1, k // max(1, probs.shape[0]) + 3))
    candidates = np.unique(np.concatenate([per_row.ravel(), largest(best, k)]))
    return candidates[np.argsort(-best[candidates], kind="stable")][:k]


def top_k(row: np.ndarray, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """(ids, values) of one row's k largest entries, largest first (equal values: the lower id first)."""
    k = max(1, min(k, row.shape[-1]))
    ids = np.sort(largest(row, k))
    ids = ids[np.argsort(-row[ids], kind="stable")]
    return ids, row[ids]


def attention_row(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask_row: np.ndarray | None,
                  scale: bool = True, head_off: bool = False) -> dict[str, np.ndarray]:
    """How one query row of one head is made, step by step (q: (d_k,), k, v: (Lk, d_k)).

    Returns products q⊙k_j (Lk, d_k), scores Σ (Lk,), scaled ÷√d_k (Lk,), masked (+M, −∞ where
    masked), weights softmax (Lk,), mixed w_j·v_j (Lk, d_k) and z = Σ_j w_j v_j (d_k,), or zeros
    for a head switched off (`head_off`: the model multiplies its z by 0 before the concat).
    """
    d_k = q.shape[-1]
    products = k * q[None, :]
    scores = products.sum(axis=-1)
    scaled = scores / math.sqrt(d_k) if scale else scores.copy()
    masked = scaled.copy()
    if mask_row is not None:
        masked[~mask_row.astype(bool)] = -np.inf
    finite = np.isfinite(masked)
    weights = np.zeros_like(masked)
    if finite.any():
        e = np.exp(masked[finite] - masked[finite].max())
        weights[finite] = e / e.sum()
    mixed = v * weights[:, None]
    return {"products": products, "scores": scores, "scaled": scaled, "masked": masked,
            "masked_display": minus_inf_as_nan(masked), "n_masked": int((~finite).sum()),
            "weights": weights, "mixed": mixed,
            "z": np.zeros_like(mixed[0]) if head_off else mixed.sum(axis=0), "head_off": head_off}


def head_slice(concat: np.ndarray, head: int, d_k: int) -> tuple[int, int]:
    """Columns of the concat matrix that hold head `head`'s Z."""
    return head * d_k, (head + 1) * d_k


def strongest_links(weights: np.ndarray, per_row: int = 10, floor: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) of each row's `per_row` largest weights that reach `floor` (an alignment view's
    links: at most `per_row` lines per query instead of Lq × Lk faint ones)."""
    if weights.size == 0:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    k = min(per_row, weights.shape[1])
    cols = np.argpartition(-weights, k - 1, axis=1)[:, :k]
    rows = np.repeat(np.arange(weights.shape[0]), k)
    cols = cols.ravel()
    keep = weights[rows, cols] >= floor
    return rows[keep], cols[keep]
