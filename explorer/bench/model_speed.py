"""Tracing speed without a window: the traced forward against the plain one, torch's thread count,
and the paper's base configuration (random weights)."""
from __future__ import annotations

from .stats import median_time, paired_median_times
from .window_speed import source_text

BASE_TOKENS = 64


def bundled_translator():
    from core.translator import Translator

    return Translator.load()


def trace_overhead(translator, n_tokens: int, repeats: int) -> dict:
    """Median ms of the plain forward and of the traced forward (recording + conversion to the
    numpy Trace) over the same source and target; their ratio."""
    import torch

    from core.decoding import greedy
    from core.model import Recorder
    from core.tokenizers import BOS_ID
    from core.trace import from_recorder

    src = torch.tensor([translator.encode_source(source_text(n_tokens)).ids])
    tgt = torch.tensor([[BOS_ID] + greedy(translator.model, src)[0]])     # the window's decoder input
    model = translator.model

    def plain():
        with torch.no_grad():
            model(src, tgt)

    def traced():
        with torch.no_grad():
            rec = Recorder()
            model(src, tgt, rec=rec)
            from_recorder(rec.tensors, {})

    plain_s, traced_s = paired_median_times(plain, traced, repeats)
    return {"plain_ms": plain_s * 1000, "traced_ms": traced_s * 1000, "ratio": traced_s / plain_s,
            "target_tokens": int(tgt.shape[1])}


def trace_ms_by_threads(translator, n_tokens: int, repeats: int, threads=(1, 2)) -> dict:
    """Median ms of `translator.trace` (greedy + traced forward) with each torch thread count."""
    import torch

    before = torch.get_num_threads()
    text = source_text(n_tokens)
    out = {}
    try:
        for n in threads:
            torch.set_num_threads(n)
            out[str(n)] = median_time(lambda: translator.trace(text), repeats) * 1000
    finally:
        torch.set_num_threads(before)
    return out


def base_translator():
    """The paper's base model (N=6, d_model=512, h=8, d_ff=2048, 37 000 shared vocabulary), random."""
    from core.config import ModelConfig
    from core.translator import Translator

    return Translator.random(cfg=ModelConfig.base(37000), seed=0)


def base_inputs(n_tokens: int = BASE_TOKENS) -> tuple[str, str]:
    """A source of n tokens and a target of n tokens (<bos> + n−1 words) for the random base model."""
    words = "i am a student love china he and his she you hello".split()
    return source_text(n_tokens), " ".join(words[i % len(words)] for i in range(n_tokens - 1))


def base_trace_ms(translator, repeats: int, n_tokens: int = BASE_TOKENS) -> float:
    src, tgt = base_inputs(n_tokens)
    return median_time(lambda: translator.trace(src, target=tgt), repeats) * 1000
