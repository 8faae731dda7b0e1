"""What the lessons' "try it" tasks read from a trace (numpy only, no Qt): each answers one question
about the arrays the user is looking at, so a task is done because the model now does the thing."""
from __future__ import annotations

import numpy as np


def rows_identical(matrix: np.ndarray, i: int, j: int, atol: float = 1e-5) -> bool:
    """Are rows i and j of `matrix` (tokens × features) the same vector?"""
    m = np.asarray(matrix)
    return bool(np.allclose(m[i], m[j], atol=atol, rtol=0))


def strongest_key(weights: np.ndarray, head: int, row: int) -> int:
    """The key (column) with the largest weight in `row` of `head` (weights: heads × queries × keys)."""
    return int(np.argmax(np.asarray(weights)[head, row]))


def future_weight(weights: np.ndarray) -> float:
    """The largest weight any query puts on a later position (0 under the causal mask)."""
    w = np.asarray(weights)
    n = w.shape[-1]
    upper = np.triu(np.ones((w.shape[-2], n), dtype=bool), k=1)
    return float(w[..., upper].max()) if upper.any() else 0.0


def predictions(probs: np.ndarray) -> list[int]:
    """The likeliest next token at each position (probs: positions × vocabulary)."""
    return [int(i) for i in np.argmax(np.asarray(probs), axis=-1)]
