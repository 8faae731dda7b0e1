"""Decoding in one go: greedy, beam search and sampling (core.stepping steps through them).

At test time the decoder writes one token at a time; each pass re-runs the decoder on the whole
prefix (the encoder output is computed once), so a step's trace is exactly the teacher-forced trace
of the same prefix (the notes' §7.3).

Every search takes `cancelled`, a callable asked before each decoder pass: once it returns True the
search gives up by raising `Cancelled` (the explorer's worker passes "has a newer request come?").
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import torch

from .config import Ablations
from .errors import UserError
from .i18n import trans
from .model import NO_ABLATIONS, Recorder, Transformer


class Cancelled(Exception):
    """A search given up because its `cancelled()` said so."""


def check(cancelled: Callable[[], bool] | None) -> None:
    """Raise Cancelled when the caller has asked to stop (`cancelled` None: never)."""
    if cancelled is not None and cancelled():
        raise Cancelled


def max_target_len(src_len: int, cfg) -> int:
    return min(2 * src_len + 10, cfg.max_len - 1)


def special_ids(model) -> tuple[int, int, int]:
    """(start, end, pad): the decoder's first input, the token that ends a sequence, the padding —
    <bos>, <eos>, <pad> for ours; the pad id, </s>, the pad id for Marian."""
    s = model.arch.specials
    return s.start, s.eos, s.pad


def forbid(model, logits: torch.Tensor) -> torch.Tensor:
    """Tokens the model never writes (Marian's pad, as transformers' bad_words_ids) set to −inf, in place."""
    if model.arch.suppressed:
        logits[..., list(model.arch.suppressed)] = -math.inf
    return logits


@torch.inference_mode()
def greedy(model: Transformer, src_ids: torch.Tensor, max_len: int | None = None,
           ablations: Ablations = NO_ABLATIONS, cancelled: Callable[[], bool] | None = None) -> list[list[int]]:
    """Greedy decoding of a batch (B, Ls) (padded with <pad>); returns the ids without <bos>/<eos>."""
    B = src_ids.shape[0]
    max_len = max_len or max_target_len(src_ids.shape[1], model.cfg)
    start, end, pad = special_ids(model)
    memory = model.encode(src_ids, ablations)
    tgt = torch.full((B, 1), start, dtype=torch.long)
    done = torch.zeros(B, dtype=torch.bool)
    for _ in range(max_len):
        check(cancelled)
        logits = forbid(model, model.decode(tgt, memory, src_ids, ablations)[:, -1])
        nxt = logits.argmax(-1).masked_fill(done, pad)
        tgt = torch.cat([tgt, nxt[:, None]], 1)
        done |= nxt == end
        if done.all():
            break
    out = []
    for row in tgt[:, 1:].tolist():
        row = row[: row.index(end)] if end in row else row
        out.append([t for t in row if t != pad])
    return out


def checkable_guess(guess: list[int] | None, ablations: Ablations,
                    start: int, end: int, pad: int) -> list[int]:
    """The start token + the guessed ids a single decoder pass can check. The check reads the greedy
    choice after every prefix from one pass over the whole guess, which holds only behind the causal
    mask: without it every position sees the guessed tokens after it, so the guess is dropped."""
    if ablations.no_causal_mask:
        return [start]
    return [start] + [t for t in (guess or []) if t not in (start, end, pad)]


@torch.inference_mode()
def greedy_traced(model: Transformer, src_ids: torch.Tensor, ablations: Ablations = NO_ABLATIONS,
                  guess: list[int] | None = None, memory: torch.Tensor | None = None,
                  cancelled: Callable[[], bool] | None = None, traced: bool = True) -> tuple[list[int], dict]:
    """Greedy decoding of one sentence (1, Ls) that ends with the traced pass over its own result.

    Returns (<bos> + the greedy ids, the recorded tensors of encoder and decoder over that prefix):
    the same ids as `greedy`, and the same tensors as a traced forward over them, without running
    the encoder twice or the final prefix twice. `guess` (e.g. the previous sentence's translation)
    is checked, not trusted: one decoder pass over <bos> + guess yields the greedy choice after every
    prefix at once (causal mask), the longest agreeing prefix is kept and decoding goes on from the
    first disagreement. A good guess makes the whole translation cost one decoder pass.
    `memory`: the encoder's output if the caller has it already (then the tensors are the decoder's only).
    `traced=False`: the same ids, nothing recorded (the tensors are {}).
    """
    max_len = max_target_len(src_ids.shape[1], model.cfg)
    start, end, pad = special_ids(model)
    recorder = Recorder if traced else lambda: None
    encoder_rec = Recorder()
    if memory is None:
        memory = model.encode(src_ids, ablations, encoder_rec if traced else None)
    guessed = checkable_guess(guess, ablations, start, end, pad)
    prefix = [start]
    while True:
        check(cancelled)
        candidate = (prefix + guessed[len(prefix):])[: max_len + 1]
        rec = recorder()
        logits = model.decode(torch.tensor([candidate]), memory, src_ids, ablations, rec)
        choices = forbid(model, logits[0].clone()).argmax(-1).tolist()  # choices[i]: the greedy token after candidate[:i+1]
        i = len(prefix) - 1
        while i + 1 < len(candidate) and choices[i] == candidate[i + 1] and choices[i] != end:
            i += 1                                     # the guess agrees with greedy up to here
        if choices[i] == end or i == max_len:       # finished: the result is candidate[:i+1]
            if not traced:
                return candidate[: i + 1], {}
            if i + 1 == len(candidate):
                return candidate, {**encoder_rec.tensors, **rec.tensors}
            final = Recorder()                         # the guess ran on past the end: trace the result
            model.decode(torch.tensor([candidate[: i + 1]]), memory, src_ids, ablations, final)
            return candidate[: i + 1], {**encoder_rec.tensors, **final.tensors}
        prefix = candidate[: i + 1] + [choices[i]]


@dataclass
class Beam:
    tokens: list[int]        # without <bos> and <eos>
    logprob: float
    score: float             # logprob / length penalty (GNMT, α = 0.6, as the paper)
    finished: bool


def length_penalty(length: int, alpha: float) -> float:
    return ((5 + length) / 6) ** alpha


@torch.inference_mode()
def beam_search(model: Transformer, src_ids: torch.Tensor, k: int, max_len: int | None = None,
                alpha: float = 0.6, ablations: Ablations = NO_ABLATIONS,
                cancelled: Callable[[], bool] | None = None) -> list[Beam]:
    """Beam search of width k for one sentence (1, Ls); the beams best first.

    Each step keeps the 2k best continuations; one ending in <eos> finishes a hypothesis only when
    it ranks among the first k (as fairseq and transformers do). alpha = 0: scores are plain log-probs.
    """
    if k < 1:
        raise UserError(trans._("beam width must be at least 1"))
    start, end, _ = special_ids(model)
    max_len = max_len or max_target_len(src_ids.shape[1], model.cfg)
    memory = model.encode(src_ids, ablations)
    alive: list[tuple[list[int], float]] = [([start], 0.0)]
    finished: list[Beam] = []
    for _ in range(max_len):
        check(cancelled)
        n = len(alive)
        tgt = torch.tensor([p for p, _ in alive])
        logp = forbid(model, model.decode(tgt, memory.expand(n, -1, -1), src_ids.expand(n, -1), ablations)[:, -1]
                      .log_softmax(-1))
        total = logp + torch.tensor([s for _, s in alive])[:, None]
        values, flat = total.flatten().topk(min(2 * k, total.numel()))
        V = logp.shape[-1]
        nxt = []
        for rank, (value, index) in enumerate(zip(values.tolist(), flat.tolist())):
            prefix, token = alive[index // V][0], index % V
            if token == end:
                if rank < k:
                    L = len(prefix)  # tokens + <eos>, without <bos>
                    finished.append(Beam(prefix[1:], value, value / length_penalty(L, alpha), True))
            else:
                nxt.append((prefix + [token], value))
            if len(nxt) == k:
                break
        alive = nxt
        best_alive = max((s / length_penalty(len(p), alpha) for p, s in alive), default=-math.inf)
        if not alive or (len(finished) >= k and max(b.score for b in finished) >= best_alive):
            break
    beams = finished + [Beam(p[1:], s, s / length_penalty(len(p), alpha), False) for p, s in alive]
    return sorted(beams, key=lambda b: -b.score)[:k]


def choose_sample(probs: torch.Tensor, temperature: float, top_k: int, generator: torch.Generator,
                  top_p: float = 1.0) -> int:
    """Sample from softmax(logits / T) restricted to the top-k (k = 0: all), then to the smallest set
    of likeliest tokens whose probability reaches top_p (nucleus sampling, Holtzman et al.; 1: all)."""
    if temperature <= 0:
        raise UserError(trans._("temperature must be positive"))
    if not 0 < top_p <= 1:
        raise UserError(trans._("top-p must be in (0, 1], not {top_p}", top_p=top_p))
    logits = probs.clamp_min(1e-30).log() / temperature
    if top_k and top_k < logits.numel():
        kth = logits.topk(top_k).values[-1]
        logits = logits.masked_fill(logits < kth, -math.inf)
    if top_p < 1:
        p, order = logits.softmax(-1).sort(descending=True)
        likelier = p.cumsum(0) - p                # the mass of the tokens ranked above each one
        logits[order[likelier >= top_p]] = -math.inf   # the first token always stays
    return int(torch.multinomial(logits.softmax(-1), 1, generator=generator))


def step_generator(seed: int, position: int) -> torch.Generator:
    """One generator per (seed, position): a step taken again after Back draws the same token."""
    return torch.Generator().manual_seed(seed * 1_000_003 + position)


@torch.inference_mode()
def sample_sequence(model: Transformer, src_ids: torch.Tensor, temperature: float = 1.0, top_k: int = 0,
                    seed: int = 0, max_len: int | None = None, ablations: Ablations = NO_ABLATIONS,
                    cancelled: Callable[[], bool] | None = None) -> list[int]:
    """Sampling from softmax(logits / T) over the top-k, one generator per (seed, position); no start/end token."""
    max_len = max_len or max_target_len(src_ids.shape[1], model.cfg)
    start, end, _ = special_ids(model)
    memory = model.encode(src_ids, ablations)
    prefix = [start]
    for position in range(max_len):
        check(cancelled)
        probs = forbid(model, model.decode(torch.tensor([prefix]), memory, src_ids, ablations)[0, -1]).softmax(-1)
        token = choose_sample(probs, temperature, top_k, step_generator(seed, position))
        if token == end:
            break
        prefix.append(token)
    return prefix[1:]
