"""Scaling lab (notes §一, "avoid extreme softmax"): why the scores are divided by √d_k.

Two measurements of how peaked a softmax row is: its entropy (ln of the number of keys when
uniform, 0 when one-hot) and its largest weight (1/n_keys when uniform, 1 when one-hot).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..names import block_act_name

BLOCKS = ("enc.self", "dec.self", "dec.cross")


def row_entropy(weights: np.ndarray) -> np.ndarray:
    """Entropy (nats) of each softmax row along the last axis; 0·ln 0 = 0 (masked keys)."""
    w = np.asarray(weights, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(w > 0, -w * np.log(w), 0.0)
    return terms.sum(axis=-1)


def row_max(weights: np.ndarray) -> np.ndarray:
    """The largest weight of each row along the last axis."""
    return np.asarray(weights, dtype=np.float64).max(axis=-1)


@dataclass
class RowSharpness:
    """Per query row of one attention head, with ÷√d_k (scaled) and without (unscaled)."""

    name: str                    # e.g. "enc.0.self"
    head: int
    entropy_scaled: np.ndarray   # (rows,)
    entropy_unscaled: np.ndarray
    max_scaled: np.ndarray
    max_unscaled: np.ndarray
    uniform_entropy: np.ndarray  # ln(number of keys the row may attend to): the ceiling

    def means(self) -> dict[str, float]:
        """Each per-row quantity's mean over the rows (entropy_scaled, …, max_unscaled)."""
        return {k: float(getattr(self, k).mean())
                for k in ("entropy_scaled", "entropy_unscaled", "max_scaled", "max_unscaled")}


def attention_sharpness(trace_scaled, trace_unscaled, block: str, layer: int, head: int) -> RowSharpness:
    """Entropy and max weight of each row of `{block}.{layer}.weights[head]` in a trace with scaling
    on and one with scaling off (`Ablations(no_scale=True)`, other switches equal).

    From layer 1 on the two differ also because everything below them changed: that is the
    ablation's full effect on the model, not only on this one softmax."""
    if block not in BLOCKS:
        raise ValueError(f"block must be one of {BLOCKS}")
    weights = block_act_name(block, layer, "weights")
    ws, wu = trace_scaled[weights][head], trace_unscaled[weights][head]
    allowed = trace_scaled[block_act_name(block, layer, "mask")].sum(axis=-1)
    return RowSharpness(block_act_name(block, layer), head, row_entropy(ws), row_entropy(wu), row_max(ws), row_max(wu),
                        np.log(np.maximum(allowed, 1)).astype(np.float64))


@dataclass
class DkExperiment:
    """Mean over rows and trials of softmax(QKᵀ) (unscaled) and softmax(QKᵀ/√d_k) (scaled)."""

    d_k: np.ndarray
    entropy_scaled: np.ndarray
    entropy_unscaled: np.ndarray
    max_scaled: np.ndarray
    max_unscaled: np.ndarray
    n_keys: int
    seed: int

    @property
    def uniform_entropy(self) -> float:
        return float(np.log(self.n_keys))


def dk_experiment(d_ks, n_queries: int = 32, n_keys: int = 32, trials: int = 8, seed: int = 0) -> DkExperiment:
    """Q, K with independent N(0, 1) entries (seeded): each score q·k then has variance d_k, so
    without ÷√d_k the softmax saturates as d_k grows; with it the scores keep variance 1."""
    d_ks = np.asarray(list(d_ks), dtype=np.int64)
    gen = torch.Generator().manual_seed(seed)
    out = {key: np.zeros(len(d_ks)) for key in ("es", "eu", "ms", "mu")}
    for j, dk in enumerate(d_ks):
        q = torch.randn(trials, n_queries, int(dk), generator=gen, dtype=torch.float64)
        k = torch.randn(trials, n_keys, int(dk), generator=gen, dtype=torch.float64)
        scores = q @ k.transpose(-2, -1)                        # (T, nq, dk) x (T, dk, nk) -> (T, nq, nk)
        for key, w in (("u", scores.softmax(-1)), ("s", (scores / np.sqrt(dk)).softmax(-1))):
            w = w.numpy()
            out["e" + key][j] = row_entropy(w).mean()
            out["m" + key][j] = row_max(w).mean()
    return DkExperiment(d_ks, out["es"], out["eu"], out["ms"], out["mu"], n_keys, seed)


def example_row(d_k: int, n_keys: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """One random query against n_keys random keys (N(0, 1), seeded): its softmax weights
    (scaled ÷√d_k, unscaled), keys sorted by score so the peak is on the left."""
    gen = torch.Generator().manual_seed(seed)
    q = torch.randn(int(d_k), generator=gen, dtype=torch.float64)
    k = torch.randn(n_keys, int(d_k), generator=gen, dtype=torch.float64)
    scores, _ = (k @ q).sort(descending=True)                    # (nk, dk) x (dk,) -> (nk,)
    return (scores / np.sqrt(d_k)).softmax(-1).numpy(), scores.softmax(-1).numpy()


@dataclass
class AblationReport:
    """A sentence with and without the chosen ablations, and the traces the scaling view needs."""

    ablations: dict                  # Ablations.to_dict() of what is switched on
    translation: str                 # no ablations
    translation_ablated: str         # the chosen ablations
    trace_scaled: object             # Trace: the chosen ablations but with ÷√d_k, on the ablated translation
    trace_unscaled: object           # the same with ÷√d_k off


def ablation_report(translator, text: str, ablations) -> AblationReport:
    """Translate `text` plainly and with `ablations`; trace the ablated translation as the target
    prefix twice — scaling on and off, every other switch as chosen — so both traces have the same
    rows and the entropy/max-weight rows line up."""
    from dataclasses import replace

    plain = translator.translate(text)
    ablated = translator.translate(text, ablations=ablations)
    scaled = translator.trace(text, target=ablated, ablations=replace(ablations, no_scale=False))
    unscaled = translator.trace(text, target=ablated, ablations=replace(ablations, no_scale=True))
    return AblationReport(ablations.to_dict(), plain, ablated, scaled, unscaled)
