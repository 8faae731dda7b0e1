"""Teacher forcing (training): the decoder run once on the whole shifted target, with and without the
causal mask, and compared with inference forced along the same tokens (the notes' §7.3)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from .config import Ablations
from .names import split
from .stepping import Step, StepDecoder


@dataclass
class TeacherForcing:
    """The decoder run once on the whole shifted target (training), with and without the causal
    mask, and compared with inference forced along the same tokens."""
    target: str
    trace: object                  # the trace under the chosen ablations (what the views show)
    masked_probs: np.ndarray       # (Lt, V) out.probs with the causal mask
    unmasked_probs: np.ndarray     # (Lt, V) without it
    next_ids: list[int]            # the gold next token at each position (target ids, then the end token)
    inference_delta: float         # max |Δ| of the decoder's attention weights, teacher forcing vs inference
    inference_steps: int           # how many inference steps were compared
    ablations: Ablations = Ablations()


def decoder_weight_names(trace) -> list[str]:
    """The decoder's attention weights (self and cross) of every layer."""
    return [n for n in trace.names() if n.startswith("dec.") and split(n)[2:] in (("self", "weights"),
                                                                                   ("cross", "weights"))]


def max_abs_difference(teacher, steps: list[Step]) -> float:
    """Largest |Δ| between the teacher-forced decoder attention weights and those of each inference
    step over the same prefix (a step over k tokens compares with the first k rows)."""
    worst = 0.0
    for step in steps:
        k = len(step.prefix)
        for name in decoder_weight_names(teacher):
            a = teacher[name][:, :k]
            a = a[..., :k] if split(name)[2] == "self" else a
            worst = max(worst, float(np.abs(a - step.trace[name]).max()))
    return worst


def teacher_forcing(translator, text: str, target: str | None, ablations: Ablations = Ablations()) -> TeacherForcing:
    """Run the decoder on <bos> + `target` at once (default target: the model's own translation)."""
    if target is None or not target.strip():
        target = translator.translate(text)          # the model's own translation, without ablations
    with_mask = dataclasses.replace(ablations, no_causal_mask=False)
    without = dataclasses.replace(ablations, no_causal_mask=True)
    masked = translator.trace(text, target=target, ablations=with_mask)
    unmasked = translator.trace(text, target=target, ablations=without)
    ids = [int(i) for i in masked["embed.tgt.ids"]]
    next_ids = ids[1:] + [translator.arch.specials.eos]
    decoder = StepDecoder(translator, text, ablations)
    for token in ids[1:]:
        if decoder.done:
            break
        decoder.force(token)
    shown = unmasked if ablations.no_causal_mask else masked
    return TeacherForcing(target, shown, masked["out.probs"], unmasked["out.probs"], next_ids,
                          max_abs_difference(shown, decoder.steps), len(decoder.steps), ablations)
