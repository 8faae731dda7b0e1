"""core.summaries — the numbers the views draw — against references nobody here wrote: PyTorch's own
attention (nn.MultiheadAttention, scaled_dot_product_attention, nn.Transformer's causal mask)."""
import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from core.summaries import (AVERAGE_OF_HEADS, additive_mask, colour_levels, head_weights, minus_inf_as_nan,
                            value_range)


def test_additive_mask_is_nn_transformers_causal_mask():
    for n in (1, 2, 5, 9):
        allowed = np.tril(np.ones((n, n), dtype=bool))     # query i may read keys 0…i
        ours = additive_mask(allowed)
        theirs = nn.Transformer.generate_square_subsequent_mask(n).numpy()
        assert ours.dtype == np.float32
        np.testing.assert_array_equal(ours, theirs)


def test_scores_plus_m_softmax_is_sdpa_with_a_boolean_mask():
    """softmax(QKᵀ/√d_k + M) with our M equals torch's attention given the boolean mask itself."""
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(2, 4, 6, 8, generator=g) for _ in range(3))
    allowed = torch.rand(6, 6, generator=g) > 0.4
    allowed[:, 0] = True                                 # every query may read one key at least
    m = torch.from_numpy(additive_mask(allowed.numpy()))
    scores = q @ k.transpose(-2, -1) / 8 ** 0.5        # (B, h, Lq, d_k) x (B, h, d_k, Lk) -> (B, h, Lq, Lk)
    ours = (scores + m).softmax(dim=-1) @ v
    theirs = F.scaled_dot_product_attention(q, k, v, attn_mask=allowed)
    torch.testing.assert_close(ours, theirs, rtol=1e-5, atol=1e-6)


def test_the_heads_average_is_multihead_attentions():
    torch.manual_seed(0)
    mha = nn.MultiheadAttention(16, 4, batch_first=True).eval()
    x = torch.randn(1, 7, 16)
    with torch.no_grad():
        _, per_head = mha(x, x, x, average_attn_weights=False)    # (1, heads, L, L)
        _, averaged = mha(x, x, x, average_attn_weights=True)     # (1, L, L)
    per_head = per_head[0].numpy()
    np.testing.assert_allclose(head_weights(per_head, AVERAGE_OF_HEADS), averaged[0].numpy(), rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(head_weights(per_head, 2), per_head[2])


def test_colour_levels_cover_every_finite_cell():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(5, 7)).astype(np.float32)
    a[1, 2] = np.nan
    a[3, 3] = -np.inf
    lo, hi = colour_levels(a)
    finite = a[np.isfinite(a)]
    assert (lo, hi) == (finite.min(), finite.max())
    lo, hi = colour_levels(a, symmetric=True)
    assert lo == -hi and hi == np.abs(finite).max()


def test_colour_levels_of_a_constant_or_empty_matrix_are_a_unit_range():
    assert colour_levels(np.full((3, 3), 2.0)) == (1.5, 2.5)
    assert colour_levels(np.full((2, 2), np.nan)) == (0.0, 1.0)
    assert colour_levels(np.zeros((2, 2)), symmetric=True) == (-0.5, 0.5)


def test_masked_scores_display_keeps_the_finite_range():
    scores = np.array([[1.0, -np.inf], [0.5, 2.0]], dtype=np.float32)
    shown = minus_inf_as_nan(scores)
    assert np.isnan(shown[0, 1]) and value_range(shown) == (0.5, 2.0)


@pytest.mark.parametrize("n", [3, 6])
def test_mask_of_nothing_masked_is_all_zero(n):
    assert not additive_mask(np.ones((n, n), dtype=bool)).any()


@pytest.mark.parametrize("n", [5, 12, 1115, 65001])
def test_top_k_and_top_columns_match_a_full_sort(n):
    """Partitioned, not sorted (core.summaries.largest): the same ids in the same order as a full sort
    of the vocabulary, for a small and a Marian-sized one."""
    from core.summaries import top_columns, top_k

    rng = np.random.default_rng(n)
    row = rng.random(n)
    for k in (1, 3, 10, n):
        ids, values = top_k(row, k)
        expect = np.argsort(-row, kind="stable")[:min(k, n)]
        assert ids.tolist() == expect.tolist()
        assert values.tolist() == row[expect].tolist()
    probs = rng.random((4, n))
    k = min(20, n)
    m = max(1, k // 4 + 3)
    per_row = {int(i) for r in probs for i in np.argsort(-r, kind="stable")[:m]}
    best = probs.max(axis=0)
    union = sorted(per_row | {int(i) for i in np.argsort(-best, kind="stable")[:k]}, key=lambda i: -best[i])
    assert top_columns(probs, k).tolist() == union[:k]
