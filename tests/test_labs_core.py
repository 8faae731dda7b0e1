"""The labs' numbers: the PE identity, the repeated word, the √d_k experiment, the gradient curves."""
import time

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.func import jacrev

from core.config import Ablations
from core.labs import positional, recurrence, scaling


# positional encoding ----------------------------------------------------------------------------
def test_pe_matrix_is_the_models_own_and_the_papers_formula():
    pe = positional.pe_matrix(50, 16, 10000.0)
    pos, i = 7, 3
    np.testing.assert_allclose(pe[pos, 2 * i], np.sin(pos / 10000 ** (2 * i / 16)), atol=1e-7)
    np.testing.assert_allclose(pe[pos, 2 * i + 1], np.cos(pos / 10000 ** (2 * i / 16)), atol=1e-7)


@settings(max_examples=30, deadline=None)
@given(pos=st.integers(0, 300), k=st.integers(-50, 200), d=st.sampled_from([2, 8, 64, 512]),
       base=st.sampled_from([100.0, 10000.0, 1e6]))
def test_pe_of_pos_plus_k_is_m_k_times_pe_of_pos(pos, k, d, base):
    if pos + k < 0:
        k = -pos
    check = positional.shift_check(pos, k, d, base)
    assert check.max_error < 1e-5
    np.testing.assert_allclose(check.predicted, check.pe_shifted, atol=1e-5)


def test_m_k_is_a_rotation_that_does_not_depend_on_the_position():
    m = positional.rotation_matrix(5, 32)
    np.testing.assert_allclose(m @ m.T, np.eye(32), atol=1e-12)
    pe = positional.pe_matrix(40, 32)
    np.testing.assert_allclose(pe[:35] @ m.T, pe[5:40], atol=1e-5)     # one M_5 for every pos
    np.testing.assert_allclose(positional.rotation_matrix(2, 32) @ positional.rotation_matrix(3, 32), m,
                               atol=1e-12)


def test_similarity_is_one_on_the_diagonal_and_falls_with_distance():
    sim = positional.pe_similarity(positional.pe_matrix(64, 128))
    np.testing.assert_allclose(np.diag(sim), 1.0, atol=1e-12)
    assert sim[20, 21] > sim[20, 25] > sim[20, 40]
    raw = positional.pe_similarity(positional.pe_matrix(64, 128), normalise=False)
    np.testing.assert_allclose(np.diag(raw), 64.0, atol=1e-4)            # |PE(pos)|² = d/2


def test_odd_d_model_is_refused_for_the_rotation():
    with pytest.raises(ValueError):
        positional.rotation_matrix(1, 7)


def test_repeated_word_identical_without_pe_and_different_with_it(random_translator):
    r = positional.repeated_word(random_translator, "他和他的她")
    assert r.groups == {"他": [0, 2]} and r.pairs == [(0, 2)]
    n = random_translator.cfg.n_layers
    for key in ("diff_out", "diff_attention"):
        diffs = getattr(r, key)
        assert diffs["pe_off"].shape == (n,)
        assert np.all(diffs["pe_off"] == 0.0), key                      # exactly, not approximately
        assert np.all(diffs["pe_on"] > 1e-4), key
    assert r.identical("pe_off") and not r.identical("pe_on")
    assert r.ablations["pe_off"]["no_pe"] and not r.ablations["pe_on"]["no_pe"]
    # what the lab's verdict and colour scale read: the largest |Δ| over layers, the rows' common top
    assert r.largest_diffs("pe_off") == (0.0, 0.0)
    assert r.largest_diffs("pe_on") == (r.diff_out["pe_on"].max(), r.diff_attention["pe_on"].max())
    rows = r.attention_rows
    assert r.row_scale(1) == max(rows["pe_on"][1].max(), rows["pe_off"][1].max())


def test_repeated_word_works_on_any_sentence_and_keeps_the_other_ablations(random_translator):
    r = positional.repeated_word(random_translator, "我爱中国我爱", Ablations(no_scale=True))
    assert r.groups == {"我": [0, 4], "爱": [1, 5]}
    # positions 0 and 4 sit in different row blocks of the matmul kernel: equal up to rounding only
    assert r.identical("pe_off") and np.all(r.diff_out["pe_off"] <= r.ROUNDING)
    assert not r.identical("pe_on") and np.all(r.diff_out["pe_on"] > 1e-3)
    assert r.ablations["pe_on"]["no_scale"] and r.ablations["pe_off"]["no_scale"]
    none = positional.repeated_word(random_translator, "我是学生")
    assert not none.has_repeats and np.all(none.diff_out["pe_on"] == 0)


# scaling -----------------------------------------------------------------------------------------
def test_entropy_and_max_of_known_rows():
    w = np.array([[0.25, 0.25, 0.25, 0.25], [1.0, 0.0, 0.0, 0.0]])
    np.testing.assert_allclose(scaling.row_entropy(w), [np.log(4), 0.0])
    np.testing.assert_allclose(scaling.row_max(w), [0.25, 1.0])


def test_dk_experiment_unscaled_softmax_collapses_as_dk_grows():
    e = scaling.dk_experiment([1, 4, 16, 64, 256], seed=0)
    assert np.all(np.diff(e.max_unscaled) > 0)
    assert np.all(np.diff(e.entropy_unscaled) < 0)
    assert np.all(e.max_unscaled[1:] > e.max_scaled[1:])
    assert e.max_unscaled[-1] > 0.8                                     # close to one-hot
    # scaled: scores keep variance 1 whatever d_k, so the row statistics barely move
    assert np.ptp(e.max_scaled[1:]) < 0.1
    np.testing.assert_array_equal(scaling.dk_experiment([4, 16], seed=3).max_unscaled,
                                  scaling.dk_experiment([4, 16], seed=3).max_unscaled)


def test_attention_sharpness_from_two_traces(random_translator):
    on = random_translator.trace("我是一个学生", target="i am a student")
    off = random_translator.trace("我是一个学生", target="i am a student", ablations=Ablations(no_scale=True))
    s = scaling.attention_sharpness(on, off, "enc.self", 0, 2)
    np.testing.assert_allclose(s.max_scaled, on["enc.0.self.weights"][2].max(-1), rtol=1e-6)
    np.testing.assert_allclose(s.max_unscaled, off["enc.0.self.weights"][2].max(-1), rtol=1e-6)
    assert np.mean(s.entropy_unscaled) < np.mean(s.entropy_scaled)
    assert s.means()["max_scaled"] == pytest.approx(on["enc.0.self.weights"][2].max(-1).mean())
    d = scaling.attention_sharpness(on, off, "dec.self", 1, 0)          # causal: row t sees t + 1 keys
    np.testing.assert_allclose(d.uniform_entropy, np.log(np.arange(1, len(d.uniform_entropy) + 1)))
    assert np.all(d.entropy_scaled <= d.uniform_entropy + 1e-9)


# recurrence --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", recurrence.MODELS)
def test_hand_written_forward_mode_matches_torch(name):
    models = recurrence.build_models(8, seed=1, n_heads=2)
    model = models[name].double()
    x = torch.randn(10, 8, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    states, jac = recurrence.JACOBIANS[name](model, x)
    with torch.no_grad():
        torch.testing.assert_close(states, recurrence.run_model(model, x[None])[0])
    reference = jacrev(lambda x0: recurrence.run_model(model, torch.cat([x0[None], x[1:]])[None])[0])(x[0])
    torch.testing.assert_close(jac, reference)


def test_gradient_curves_rnn_fades_fastest_attention_not_with_distance():
    g = recurrence.gradient_curves(length=200, width=64, seed=0)
    rnn, lstm, att = (g.norms[m] for m in recurrence.MODELS)
    assert rnn.shape == lstm.shape == att.shape == (200,)
    for t in (10, 30, 60, 199):
        assert rnn[t] < lstm[t] < att[t]
    assert rnn[30] / rnn[1] < 1e-6 and lstm[30] / lstm[1] < 1e-3          # both fade …
    assert lstm[30] / lstm[1] > 10 * rnn[30] / rnn[1]                       # … the RNN faster
    assert att[199] / att[1] > 0.2                                          # path length 1
    assert 0.5 < att[150:].mean() / att[1:51].mean() < 2                   # no trend with distance
    assert np.all(np.isfinite(np.log(rnn[:100])))                          # float64: no underflow to 0


def test_wide_models_use_random_directions_and_keep_the_trend():
    exact = recurrence.gradient_curves(length=40, width=128, seed=0)
    estimate = recurrence.gradient_curves(length=40, width=128, seed=0, max_directions=48)
    assert exact.directions == 128 and estimate.directions == 48
    for name in recurrence.MODELS:
        ratio = estimate.norms[name] / exact.norms[name]
        assert np.all((ratio > 0.25) & (ratio < 4)), (name, ratio.min(), ratio.max())
    rnn, lstm, att = (estimate.norms[m] for m in recurrence.MODELS)
    assert rnn[39] < lstm[39] < att[39]


def test_gradient_curves_on_given_inputs(random_translator):
    x = random_translator.trace("他和他的她", target="")["embed.src.sum"]
    g = recurrence.gradient_curves(inputs=x, seed=5)
    assert g.length == 5 and g.width == random_translator.cfg.d_model and g.seed == 5
    assert all(v.shape == (5,) for v in g.norms.values())


def test_gradient_curves_are_fast_at_200():
    recurrence.gradient_curves(length=20, width=64)                         # warm-up
    best = float("inf")
    for _ in range(3):                                                      # best of 3: a busy machine
        start = time.perf_counter()
        recurrence.gradient_curves(length=200, width=64)
        best = min(best, time.perf_counter() - start)
    assert best < 3.0                                                       # ~0.3 s idle; 2-core CI is shared


def test_build_models_is_seeded_and_leaves_the_global_rng_alone():
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    a = recurrence.build_models(16, seed=4)
    after = torch.rand(1)
    b = recurrence.build_models(16, seed=4)
    assert torch.equal(before, after)
    torch.testing.assert_close(a["LSTM"].weight_hh_l0, b["LSTM"].weight_hh_l0)


def test_wall_times_and_steps():
    w = recurrence.wall_times([5, 40], width=16, repeats=2)
    assert w.steps["RNN"].tolist() == [5, 40] and w.steps["self-attention"].tolist() == [1, 1]
    assert all(np.all(s > 0) for s in w.seconds.values())


def test_multiply_adds_are_what_torch_counts():
    """recurrence.multiply_adds against PyTorch's own FLOP counter (2 FLOPs a multiply-add) on the
    lab's models; the LSTM (a fused kernel the counter cannot see into) unrolled as nn.LSTMCell."""
    from torch.utils.flop_counter import FlopCounterMode

    width = 16
    models = recurrence.build_models(width, seed=0)
    cell = torch.nn.LSTMCell(width, width)
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, name).copy_(getattr(models["LSTM"], name + "_l0"))
    for length in (3, 11):
        x = torch.randn(1, length, width)
        for name in ("RNN", "self-attention"):
            with FlopCounterMode(display=False) as counter, torch.no_grad():
                recurrence.run_model(models[name], x)
            assert counter.get_total_flops() == 2 * recurrence.multiply_adds(name, length, width), name
        with FlopCounterMode(display=False) as counter, torch.no_grad():
            h = c = torch.zeros(1, width)
            for t in range(length):
                h, c = cell(x[:, t], (h, c))
        assert counter.get_total_flops() == 2 * recurrence.multiply_adds("LSTM", length, width)


def test_wall_times_report_the_spread_of_their_runs():
    w = recurrence.wall_times([5, 40], width=16, repeats=3, min_seconds=0.0)
    for name in recurrence.MODELS:
        assert np.all(w.median[name] >= w.seconds[name]) and np.all(w.seconds[name] > 0)
        assert w.macs[name].tolist() == [recurrence.multiply_adds(name, L, 16) for L in (5, 40)]
    assert np.all(w.runs >= 3)
