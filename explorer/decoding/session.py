"""What the decoding panel drives, as plain Python (no Qt): one source sentence, a growing target,
a strategy (greedy, beam search, sampling) and the teacher-forced run of a whole target.

A `DecodingSession` lives in the worker thread only; the GUI receives `Snapshot`s (copies of the
steps: a Step's trace is shared, never changed), so no object is touched from two threads.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import torch

from core.config import Ablations
from core.decoding import (Beam, Step, StepDecoder, beam_search, checkable_guess, forbid, greedy_traced,
                           max_target_len, special_ids)
from core.tokenizers import BOS_ID, EOS_ID, PAD_ID

STRATEGIES = ("greedy", "beam", "sample")


@dataclass(frozen=True)
class DecodingSettings:
    """How the next token is chosen. top_k and temperature are the sampler's; beam_width the beams'."""
    strategy: str = "greedy"
    beam_width: int = 3
    temperature: float = 1.0
    top_k: int = 0
    seed: int = 0


@dataclass
class Snapshot:
    """The decoder as the GUI shows it: every step so far (the last one is the current), how each
    token was chosen, the token the strategy writes next, the beams."""
    text: str
    steps: list[Step]
    how: list[str]                 # per written token: "greedy", "sampled", "beam" or "forced"
    pick: int | None               # the strategy's next token (None when done)
    done: bool
    settings: DecodingSettings
    ablations: Ablations
    beams: list[Beam] = field(default_factory=list)
    beam_index: int = 0
    translation: str | None = ""   # the model's greedy translation of the whole sentence (None: not
                                   # computed yet; a `Translation` result follows)

    @property
    def current(self) -> Step:
        return self.steps[-1]

    @property
    def shown_step(self) -> Step:
        """The step whose distribution the output panel shows: the current one, or, once <eos> is
        written, the step that wrote it."""
        return self.steps[-2] if self.done and len(self.steps) > 1 else self.steps[-1]


@torch.inference_mode()
def greedy_ids(model, src_ids, memory, ablations: Ablations, guess: list[int] | None, cancelled) -> list[int] | None:
    """<bos> + the greedy ids, as `core.decoding.greedy_traced` finds them (the guess checked in one
    pass, decoding on from the first disagreement), untraced, giving up (None) once `cancelled()`."""
    max_len = max_target_len(src_ids.shape[1], model.cfg)
    start, end, pad = special_ids(model)              # the model's own (Marian starts from its pad id)
    guessed = checkable_guess(guess, ablations, start, end, pad)
    prefix = [start]
    while True:
        if cancelled():
            return None
        candidate = (prefix + guessed[len(prefix):])[: max_len + 1]
        logits = model.decode(torch.tensor([candidate]), memory, src_ids, ablations)
        choices = forbid(model, logits[0]).argmax(-1).tolist()   # choices[i]: the greedy token after candidate[:i+1]
        i = len(prefix) - 1
        while i + 1 < len(candidate) and choices[i] == candidate[i + 1] and choices[i] != end:
            i += 1
        if choices[i] == end or i == max_len:
            return candidate[: i + 1]
        prefix = candidate[: i + 1] + [choices[i]]


@dataclass(frozen=True)
class Translation:
    """The greedy translation of a session's sentence, delivered after its first snapshot."""
    text: str
    ablations: Ablations
    translation: str
    ids: list[int]


class DecodingSession:
    """A StepDecoder with a strategy: step, force, back, reset, run to the end, follow a beam."""

    def __init__(self, translator, text: str, ablations: Ablations = Ablations(),
                 settings: DecodingSettings = DecodingSettings(), guess: list[int] | None = None,
                 translate: bool = True):
        self.translator, self.text, self.ablations, self.settings = translator, text, ablations, settings
        sampler = settings.strategy == "sample"
        self.decoder = StepDecoder(translator, text, ablations, strategy="sample" if sampler else "greedy",
                                   temperature=settings.temperature, top_k=settings.top_k, seed=settings.seed)
        self.how: list[str] = []
        self.beams: list[Beam] = []
        self.beam_index = 0
        if settings.strategy == "beam":
            self.beams = beam_search(translator.model, self.decoder.src_ids, max(1, settings.beam_width),
                                     ablations=ablations)
        self.translation_ids: list[int] | None = None
        self.translation: str | None = None
        self._guess = guess
        if translate:
            self.translate(guess)

    def translate(self, guess: list[int] | None = None, cancelled=None) -> "Translation | None":
        """The model's greedy translation of the sentence (computed once; `translate=False` in the
        constructor leaves it for later, so the views need not wait for it). `cancelled()` is asked
        between decoder passes: when it says True, give up and return None."""
        if self.translation is None:
            # from the decoder's encoder output (no second encoder run); `guess` (the last
            # sentence's translation) is checked, not trusted: usually one decoder pass
            guess = self._guess if guess is None else guess
            if cancelled is None:
                prefix, _ = greedy_traced(self.translator.model, self.decoder.src_ids, self.ablations, guess=guess,
                                          memory=self.decoder.memory)
            else:
                prefix = greedy_ids(self.translator.model, self.decoder.src_ids, self.decoder.memory,
                                    self.ablations, guess, cancelled)
                if prefix is None:
                    return None
            ids = [t for t in prefix[1:] if t != EOS_ID]
            self.translation = self.translator.tgt.decode(ids)
            self.translation_ids = ids
        return Translation(self.text, self.ablations, self.translation, list(self.translation_ids))

    # choosing -----------------------------------------------------------------------------------
    def _beam_next(self) -> int | None:
        if not self.beams:
            return None
        beam = self.beams[self.beam_index]
        tokens = beam.tokens + ([EOS_ID] if beam.finished else [])
        out = self.decoder.output
        if len(out) < len(tokens) and out == tokens[: len(out)]:
            return tokens[len(out)]
        return None                     # off the beam (a forced token): greedy from here

    def pick(self) -> int | None:
        if self.decoder.done:
            return None
        if self.settings.strategy == "beam":
            token = self._beam_next()
            if token is not None:
                return token
            return int(np.argmax(self.decoder.current.probs))
        return self.decoder.choose()

    # actions ------------------------------------------------------------------------------------
    def step(self) -> None:
        if self.decoder.done:
            return
        if self.settings.strategy == "beam":
            on_beam = self._beam_next() is not None
            self.decoder.step(self.pick())
            self.decoder.steps[-2].forced = False
            self.how.append("beam" if on_beam else "greedy")
        else:
            self.decoder.step()
            self.how.append("sampled" if self.settings.strategy == "sample" else "greedy")

    def force(self, token: int) -> None:
        if self.decoder.done:
            self.back()                 # what-if on the <eos> step: replace it
        self.decoder.force(int(token))
        self.how.append("forced")

    def back(self) -> None:
        if len(self.decoder.steps) > 1:
            self.decoder.back()
            self.how.pop()

    def reset(self) -> None:
        self.decoder.reset()
        self.how.clear()

    def run_to_end(self) -> None:
        while not self.decoder.done:
            self.step()

    def select_beam(self, index: int) -> None:
        """Follow beam `index` from <bos> to its end."""
        if 0 <= index < len(self.beams):
            self.beam_index = index
            self.reset()
            self.run_to_end()

    def history(self) -> list[tuple[int, str]]:
        """(token, how) of every written token, to replay them after a change of ablations or strategy."""
        return [(s.chosen, how) for s, how in zip(self.decoder.steps, self.how)]

    def replay(self, history: list[tuple[int, str]]) -> None:
        """Write as many tokens as `history`: forced ones again, the others by this session's strategy."""
        for token, how in history:
            if self.decoder.done:
                break
            if how == "forced":
                self.force(token)
            else:
                self.step()

    def snapshot(self) -> Snapshot:
        steps = [dataclasses.replace(s) for s in self.decoder.steps]
        return Snapshot(self.text, steps, list(self.how), self.pick(), self.decoder.done, self.settings,
                        self.ablations, list(self.beams), self.beam_index, self.translation)


# --- teacher forcing -------------------------------------------------------------------------------
@dataclass
class TeacherForcing:
    """The decoder run once on the whole shifted target (training), with and without the causal
    mask, and compared with inference forced along the same tokens."""
    target: str
    trace: object                  # the trace under the chosen ablations (what the views show)
    masked_probs: np.ndarray       # (Lt, V) out.probs with the causal mask
    unmasked_probs: np.ndarray     # (Lt, V) without it
    next_ids: list[int]            # the gold next token at each position (target ids, then <eos>)
    inference_delta: float         # max |Δ| of the decoder's attention weights, teacher forcing vs inference
    inference_steps: int           # how many inference steps were compared
    ablations: Ablations = Ablations()


def decoder_weight_names(trace) -> list[str]:
    return sorted(n for n in trace.names() if n.startswith("dec.") and n.endswith(("self.weights", "cross.weights")))


def max_abs_difference(teacher, steps: list[Step]) -> float:
    """Largest |Δ| between the teacher-forced decoder attention weights and those of each inference
    step over the same prefix (a step over k tokens compares with the first k rows)."""
    worst = 0.0
    for step in steps:
        k = len(step.prefix)
        for name in decoder_weight_names(teacher):
            a = teacher[name][:, :k]
            a = a[..., :k] if name.endswith("self.weights") else a
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
    next_ids = ids[1:] + [EOS_ID]
    decoder = StepDecoder(translator, text, ablations)
    for token in ids[1:]:
        if decoder.done:
            break
        decoder.force(token)
    shown = unmasked if ablations.no_causal_mask else masked
    return TeacherForcing(target, shown, masked["out.probs"], unmasked["out.probs"], next_ids,
                          max_abs_difference(shown, decoder.steps), len(decoder.steps), ablations)


__all__ = ["BOS_ID", "EOS_ID", "DecodingSettings", "DecodingSession", "Snapshot", "STRATEGIES", "TeacherForcing",
           "Translation",
           "teacher_forcing", "max_abs_difference"]
