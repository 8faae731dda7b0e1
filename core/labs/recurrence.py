"""RNN/LSTM versus self-attention (notes §三): sequential steps, wall time, and how much the first
input can still move the output at position t.

The three models have the same width d and random weights from a stated seed (PyTorch's default
initialisation, drawn after `torch.manual_seed(seed)`): they are untrained, so the lab shows what
the *architecture* does to the path from x₀ to h_t, not what training would make of it.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from ..i18n import trans
from ..model import MultiHeadAttention

MODELS = ("RNN", "LSTM", "self-attention")


def build_models(width: int, seed: int = 0, n_heads: int = 1) -> dict[str, nn.Module]:
    """nn.RNN (tanh), nn.LSTM and one multi-head self-attention layer (the app's own, no mask), all
    of width `width`, initialised in that order after `torch.manual_seed(seed)`."""
    with _GLOBAL_RNG:  # the labs build models on two worker threads at once; torch's seed is global
        return _build_models(width, seed, n_heads)


_GLOBAL_RNG = threading.Lock()


def _build_models(width: int, seed: int, n_heads: int) -> dict[str, nn.Module]:
    gen_state = torch.random.get_rng_state()
    try:
        torch.manual_seed(seed)
        models = {"RNN": nn.RNN(width, width, batch_first=True),
                  "LSTM": nn.LSTM(width, width, batch_first=True),
                  "self-attention": MultiHeadAttention(width, n_heads)}
    finally:
        torch.random.set_rng_state(gen_state)   # leave the caller's random stream alone
    return {name: m.eval() for name, m in models.items()}


def run_model(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """(B, L, d) -> the hidden states / outputs h (B, L, d)."""
    if isinstance(model, MultiHeadAttention):
        B, L, _ = x.shape
        everything = torch.ones(B, 1, L, L, dtype=torch.bool)
        return model(x, x, everything)
    return model(x)[0]


def sequential_steps(name: str, length: int) -> int:
    """Steps that must run one after another: a recurrence needs h_{t−1} before h_t; attention
    computes every position at once (matrix products)."""
    return 1 if name == "self-attention" else length


def multiply_adds(name: str, length: int, width: int) -> int:
    """Multiply-adds of one forward pass (matrix products only; biases and element-wise work left
    out): the RNN's W_ih·x_t and W_hh·h_{t−1} at each of L steps, 2·L·d²; the LSTM's four gates,
    8·L·d²; self-attention's Q, K, V and output projections, 4·L·d², plus QKᵀ and weights·V, 2·L²·d."""
    L, d = int(length), int(width)
    if name == "RNN":
        return 2 * L * d * d
    if name == "LSTM":
        return 8 * L * d * d
    return 4 * L * d * d + 2 * L * L * d


@dataclass
class WallTimes:
    lengths: np.ndarray
    seconds: dict[str, np.ndarray]   # model -> fastest forward time per length
    steps: dict[str, np.ndarray]     # model -> sequential steps per length
    width: int
    seed: int
    threads: int
    median: dict[str, np.ndarray] = None    # model -> median of the runs per length (the spread: min … median)
    runs: np.ndarray = None                 # runs timed per length (the fewest over the models)
    macs: dict[str, np.ndarray] = None      # model -> multiply_adds per length


def wall_times(lengths, width: int = 64, seed: int = 0, repeats: int = 7, min_seconds: float = 0.05) -> WallTimes:
    """Wall time of one forward pass (batch 1, float32, no gradient) for each length: the fastest of
    at least `repeats` runs (more, up to 200, until `min_seconds` have been spent), the run least
    disturbed by whatever else the machine is doing."""
    lengths = np.asarray(list(lengths), dtype=np.int64)
    models = build_models(width, seed)
    gen = torch.Generator().manual_seed(seed)
    seconds = {n: np.zeros(len(lengths)) for n in models}
    median = {n: np.zeros(len(lengths)) for n in models}
    runs = np.full(len(lengths), 10**9, dtype=np.int64)
    with torch.no_grad():
        for j, L in enumerate(lengths):
            x = torch.randn(1, int(L), width, generator=gen)
            for name, model in models.items():
                run_model(model, x)                      # warm-up: first calls allocate
                times = []
                while len(times) < repeats or (sum(times) < min_seconds and len(times) < 200):
                    t0 = time.perf_counter()
                    run_model(model, x)
                    times.append(time.perf_counter() - t0)
                seconds[name][j] = float(np.min(times))
                median[name][j] = float(np.median(times))
                runs[j] = min(runs[j], len(times))
    steps = {n: np.array([sequential_steps(n, int(L)) for L in lengths]) for n in models}
    macs = {n: np.array([multiply_adds(n, int(L), width) for L in lengths], dtype=np.int64) for n in models}
    return WallTimes(lengths, seconds, steps, width, seed, torch.get_num_threads(), median, runs, macs)


@dataclass
class GradientCurves:
    """norms[model][t] = ‖∂h_t/∂x₀‖ (Frobenius norm of the d×d Jacobian), t = 0 … L−1."""

    norms: dict[str, np.ndarray]
    length: int
    width: int
    seed: int
    source: str        # what the inputs were
    seconds: float     # time to compute all three curves
    directions: int = 0  # directions of x₀ followed: = width means exact; fewer means an estimate

    @property
    def t(self) -> np.ndarray:
        return np.arange(self.length)


# ∂h_t/∂x₀ for every t, by forward-mode differentiation written out: a d×d tangent matrix
# (∂state/∂x₀) is carried along with each state. Autograd's forward mode gives the same numbers
# (tests compare with torch.func.jacrev) but re-runs the whole sequence once per coordinate of x₀
# and takes seconds at L = 200; these loops take milliseconds.
# `probe` (d_in × m) chooses the directions of x₀ to follow: the identity gives the whole Jacobian;
# m < d_in random orthonormal directions cut the cost (O(L·d²·m)) for wide models (see gradient_curves).

def rnn_jacobians(rnn: nn.RNN, x: torch.Tensor, probe: torch.Tensor | None = None
                  ) -> tuple[torch.Tensor, torch.Tensor]:
    """h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh): states (L, d) and ∂h_t/∂x₀ (L, d, d_in).
    ∂h_0/∂x₀ = diag(1 − h_0²) W_ih, then ∂h_t/∂x₀ = diag(1 − h_t²) W_hh ∂h_{t−1}/∂x₀."""
    w_ih, w_hh = rnn.weight_ih_l0, rnn.weight_hh_l0
    pre_input = x @ w_ih.T + rnn.bias_ih_l0 + rnn.bias_hh_l0          # (L, d_in) x (d_in, d) -> (L, d)
    w_ih = w_ih if probe is None else w_ih @ probe                     # (d, d_in) -> (d, m)
    h = torch.zeros(w_hh.shape[0], dtype=x.dtype)
    states, jacs = [], []
    for t in range(x.shape[0]):
        h = torch.tanh(pre_input[t] + w_hh @ h)
        jac = (1 - h * h)[:, None] * (w_ih if t == 0 else w_hh @ jac)   # (d, d_in)
        states.append(h)
        jacs.append(jac)
    return torch.stack(states), torch.stack(jacs)


def lstm_jacobians(lstm: nn.LSTM, x: torch.Tensor, probe: torch.Tensor | None = None
                   ) -> tuple[torch.Tensor, torch.Tensor]:
    """PyTorch's LSTM (gates i, f, g, o): c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t); states (L, d)
    and ∂h_t/∂x₀ (L, d, d_in). The forget gate f multiplies ∂c_{t−1}/∂x₀ directly: the cell's
    path keeps information longer than the RNN's tanh(W_hh ·)."""
    w_ih, w_hh = lstm.weight_ih_l0, lstm.weight_hh_l0
    d = w_hh.shape[1]
    pre_input = x @ w_ih.T + lstm.bias_ih_l0 + lstm.bias_hh_l0        # (L, d_in) -> (L, 4d)
    w_ih = w_ih if probe is None else w_ih @ probe                     # (4d, d_in) -> (4d, m)
    h = torch.zeros(d, dtype=x.dtype)
    c = torch.zeros(d, dtype=x.dtype)
    dh = dc = torch.zeros(d, w_ih.shape[1], dtype=x.dtype)
    states, jacs = [], []
    for t in range(x.shape[0]):
        pre = pre_input[t] + w_hh @ h
        dpre = w_hh @ dh + (w_ih if t == 0 else 0)                     # (4d, d_in)
        i, f, g, o = pre.chunk(4)
        di, df, dg, do = dpre.chunk(4)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        di, df, dg, do = ((i * (1 - i))[:, None] * di, (f * (1 - f))[:, None] * df,
                          (1 - g * g)[:, None] * dg, (o * (1 - o))[:, None] * do)
        dc = df * c[:, None] + f[:, None] * dc + di * g[:, None] + i[:, None] * dg
        c = f * c + i * g
        tc = torch.tanh(c)
        dh = do * tc[:, None] + (o * (1 - tc * tc))[:, None] * dc
        h = o * tc
        states.append(h)
        jacs.append(dh)
    return torch.stack(states), torch.stack(jacs)


def attention_jacobians(attn: MultiHeadAttention, x: torch.Tensor, probe: torch.Tensor | None = None
                        ) -> tuple[torch.Tensor, torch.Tensor]:
    """Unmasked self-attention h = W_O·concat_h(softmax(Q_h K_hᵀ/√d_k) V_h): outputs (L, d) and
    ∂h_t/∂x₀ (L, d, d_in). x₀ reaches every h_t in one step, as key k₀ and value v₀:

        ∂z_t/∂x₀ = a_t0 · (W_V + (v₀ − z_t) (q_tᵀ W_K)/√d_k)       (per head; a_t0 = weight of t on 0)

    plus, for t = 0 only, its own query: Σ_j a_0j v_j (k_j − k̄)ᵀ W_Q/√d_k."""
    L, d_in = x.shape
    h, dk = attn.h, attn.d_k
    w_q, w_k, w_v = (w.weight.view(h, dk, d_in) if probe is None else (w.weight @ probe).view(h, dk, -1)
                     for w in (attn.w_q, attn.w_k, attn.w_v))                # (h, dk, d_in or m)
    q, k, v = (proj(x).view(L, h, dk).transpose(0, 1) for proj in (attn.w_q, attn.w_k, attn.w_v))  # (h, L, dk)
    scale = dk ** 0.5
    a = (q @ k.transpose(-2, -1) / scale).softmax(-1)                   # (h, L, dk) x (h, dk, L) -> (h, L, L)
    z = a @ v                                                            # (h, L, dk)
    a0 = a[:, :, 0, None, None]                                          # (h, L, 1, 1)
    q_wk = torch.einsum("hlk,hkd->hld", q, w_k) / scale                 # q_tᵀ W_K^h: (h, L, d_in)
    dz = a0 * (w_v[:, None] + (v[:, :1] - z)[..., None] * q_wk[:, :, None, :])   # (h, L, dk, d_in)
    k_bar = torch.einsum("hj,hjk->hk", a[:, 0], k)                      # (h, dk): keys averaged by row 0
    cov = torch.einsum("hj,hjv,hjk->hvk", a[:, 0], v, k - k_bar[:, None])   # (h, dk_v, dk_k)
    dz[:, 0] += cov @ w_q / scale                                        # (h, dk, dk) x (h, dk, d_in)
    dconcat = dz.permute(1, 0, 2, 3).reshape(L, h * dk, -1)              # (h, L, dk, d_in) -> (L, d, d_in)
    out = attn.w_o(z.transpose(0, 1).reshape(L, h * dk))
    return out, attn.w_o.weight @ dconcat                                # (d, d) x (L, d, d_in)


JACOBIANS = {"RNN": rnn_jacobians, "LSTM": lstm_jacobians, "self-attention": attention_jacobians}


def gradient_curves(inputs: np.ndarray | None = None, length: int = 200, width: int = 64,
                    seed: int = 0, max_directions: int = 128) -> GradientCurves:
    """‖∂h_t/∂x₀‖ against t for the RNN, the LSTM and self-attention, in float64 (the RNN's curve
    falls below float32's range within a few dozen steps).

    inputs: (L, d) vectors to run on — e.g. a sentence's embeddings, `embed.src.sum` of a trace —
    or None for `length` random N(0, 1) vectors of width `width` drawn with `seed`.

    Exact for width ≤ max_directions. Wider (the real model's d_model = 512), the O(L·d³) cost
    would take seconds, so the norm is estimated from m = max_directions random orthonormal
    directions P (seeded): ‖J‖² ≈ (d/m)·‖J P‖², unbiased. Where J is nearly rank one (attention's
    ∂h_t/∂x₀ is rank one plus a_t0·W_V) a single position can be off by a factor of a few; the trend
    over t, across tens of decades, is what the estimate is for. `directions` records which it was.
    """
    start = time.perf_counter()
    if inputs is not None:
        x = torch.as_tensor(np.asarray(inputs), dtype=torch.float64)
        length, width = x.shape
        source = trans._("the sentence's {n} input vectors (token embedding + PE)", n=length)
    else:
        x = torch.randn(length, width, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
        source = trans._("{n} random N(0, 1) vectors (seed {seed})", n=length, seed=seed)
    models = build_models(width, seed)
    probe, directions = None, int(width)
    if width > max_directions:
        gaussian = torch.randn(width, max_directions, generator=torch.Generator().manual_seed(seed + 1),
                               dtype=torch.float64)
        probe, directions = torch.linalg.qr(gaussian).Q, max_directions        # (d, m), orthonormal columns
    norms = {}
    with torch.no_grad():
        for name, model in models.items():
            _, jac = JACOBIANS[name](model.double(), x, probe)
            norm = torch.linalg.matrix_norm(jac).numpy()
            norms[name] = norm if probe is None else norm * np.sqrt(width / directions)
    return GradientCurves(norms, int(length), int(width), seed, source, time.perf_counter() - start, directions)


def sentence_inputs(translator, text: str, ablations=None) -> np.ndarray:
    """The vectors the model's first stack starts from for `text`: token embedding (× its scale) +
    positions, (L, d_model) — `embed.src.sum` of its trace (`embed.tgt.sum` for GPT-2's decoder)."""
    from ..config import Ablations
    from ..names import act_name

    ablations = ablations or Ablations()
    if translator.arch.is_seq2seq:
        return translator.trace(text, target="", ablations=ablations)[act_name("embed", "src", "sum")]
    side = "src" if translator.arch.stacks == ("enc",) else "tgt"
    return translator.trace(text, ablations=ablations)[act_name("embed", side, "sum")]


def sentence_gradient_curves(translator, text: str, seed: int = 0, ablations=None, **kwargs) -> GradientCurves:
    """gradient_curves on the sentence's input vectors (width = the translator's d_model)."""
    curves = gradient_curves(inputs=sentence_inputs(translator, text, ablations), seed=seed, **kwargs)
    curves.source = trans._("«{text}»: its {n} input vectors (token embedding + PE) from the translator ({model})",
                            text=text, n=curves.length, model=trans._(translator.description))
    return curves


def timing_lengths(longest: int) -> list[int]:
    """Lengths to time, doubling from 4 up to `longest`."""
    lengths = [L for L in (4, 8, 16, 32, 64, 128, 256, 512) if L < longest]
    return lengths + [int(longest)]
