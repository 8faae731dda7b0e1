"""Decoding one token at a time: a growing sequence, every step's trace kept.

`Stepper` is the stepping itself — step (the strategy's choice), force a token, back, reset, run to
the end, replay — for whatever writes one token at a time: `StepDecoder` (a translation: one source
sentence, the decoder's growing target; it can also follow a beam) and core.continuation's
`Continuation` (GPT-2 writing on after a prompt). The
strategies are core.decoding's, taken a step at a time: greedy (argmax), sampling (one generator
per seed and position, so a step taken again after Back draws the same token) and beam search
(the beams `core.decoding.beam_search` finds, followed token by token; greedy once a forced token
leaves the beam). Each step runs the decoder on the whole prefix over the encoder output computed
once, so a step's trace is exactly the teacher-forced trace of that prefix (the notes' §7.3).

`cancelled` (a callable asked before each decoder pass) stops the longer calls with
core.decoding.Cancelled; the steps already taken stay.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from .config import Ablations
from .decoding import (Beam, beam_search, check, choose_sample, forbid, greedy_traced, max_target_len, special_ids,
                       step_generator)
from .decoding_settings import STRATEGIES, DecodingSettings  # noqa: F401  (re-exported: the stepper's settings)
from .errors import UserError
from .i18n import trans
from .model import NO_ABLATIONS, Recorder
from .trace import Trace, from_recorder, merge


@dataclass
class Step:
    """What one decoding step saw and chose."""
    prefix: list[int]        # the decoder's input, its start token (<bos>) first
    probs: np.ndarray        # (V,) distribution of the next token
    trace: Trace             # encoder + decoder over `prefix`
    chosen: int | None = None
    how: str | None = None   # how `chosen` was chosen: "greedy", "sampled", "beam" or "forced"

    @property
    def forced(self) -> bool:
        return self.how == "forced"


class Stepper:
    """Stepping through a sequence written one token at a time; every step's trace is kept, so Back
    is instant. A subclass sets `steps` (the first Step), `first` (where the written tokens start in
    a prefix), `settings` and `model`, and says how a prefix runs (`_run`), when writing is `done`
    and how large the vocabulary is (`vocab_size`)."""

    steps: list[Step]
    first: int
    settings: DecodingSettings
    model: object

    def _run(self, prefix: list[int]) -> Step:
        raise NotImplementedError

    @property
    def done(self) -> bool:
        raise NotImplementedError

    @property
    def vocab_size(self) -> int:
        raise NotImplementedError

    # where the writing is -----------------------------------------------------------------------
    @property
    def current(self) -> Step:
        """The step about to be taken: its prefix, distribution and trace."""
        return self.steps[-1]

    @property
    def output(self) -> list[int]:
        """The tokens written so far (without the start token or the prompt)."""
        return self.current.prefix[self.first:]

    @property
    def how(self) -> list[str]:
        """How each written token was chosen ("greedy", "sampled", "beam" or "forced")."""
        return [s.how for s in self.steps[:-1]]

    # choosing -----------------------------------------------------------------------------------
    def _beam_next(self) -> int | None:
        """The beam's next token, for a stepper that follows beams (StepDecoder); None: choose afresh."""
        return None

    def _choice(self) -> tuple[int, str]:
        strategy = self.settings.strategy
        if strategy == "beam":
            token = self._beam_next()
            if token is not None:
                return token, "beam"
        probs = forbid(self.model, torch.from_numpy(self.current.probs.copy()))  # never-written ids (bad_words_ids)
        if strategy == "sample":
            s = self.settings
            generator = step_generator(s.seed, len(self.output))
            return choose_sample(probs, s.temperature, s.top_k, generator, s.top_p), "sampled"
        return int(probs.argmax()), "greedy"

    def pick(self) -> int | None:
        """The token the strategy writes next (None when done)."""
        return None if self.done else self._choice()[0]

    # actions ------------------------------------------------------------------------------------
    def _write(self, token: int, how: str) -> Step:
        self.current.chosen, self.current.how = token, how
        self.steps.append(self._run(self.current.prefix + [token]))
        return self.current

    def step(self) -> Step:
        """Write the strategy's next token; return the new current step (done: nothing changes)."""
        if self.done:
            return self.current
        return self._write(*self._choice())

    def force(self, token: int) -> Step:
        """Write `token` whatever the strategy says. Once done, it replaces the last token (what if
        the model had not stopped here?)."""
        token = int(token)
        if not 0 <= token < self.vocab_size:
            raise UserError(trans._("token id {token} is outside the vocabulary", token=token))
        if self.done:
            self.back()
        return self._write(token, "forced")

    def back(self) -> Step:
        if len(self.steps) > 1:
            self.steps.pop()
            self.current.chosen, self.current.how = None, None
        return self.current

    def reset(self) -> Step:
        del self.steps[1:]
        self.current.chosen, self.current.how = None, None
        return self.current

    def run_to_end(self, cancelled: Callable[[], bool] | None = None) -> Step:
        while not self.done:
            check(cancelled)
            self.step()
        return self.current

    def history(self) -> list[tuple[int, str]]:
        """(token, how) of every written token, to replay them after a change of ablations or strategy."""
        return [(s.chosen, s.how) for s in self.steps[:-1]]

    def replay(self, history: list[tuple[int, str]], cancelled: Callable[[], bool] | None = None) -> Step:
        """Write as many tokens as `history`: forced ones again, the others by this decoder's strategy."""
        for token, how in history:
            if self.done:
                break
            check(cancelled)
            if how == "forced":
                self.force(token)
            else:
                self.step()
        return self.current


class StepDecoder(Stepper):
    """One source sentence and a growing target prefix: step, force, back, reset, run to the end,
    follow a beam.

    `settings` (or keyword overrides of its fields: strategy="sample", seed=7, …) choose the
    strategy. `guess`: a translation to check first when the greedy translation is asked for.
    """

    def __init__(self, translator, text: str, ablations: Ablations = NO_ABLATIONS, *,
                 settings: DecodingSettings | None = None, guess: list[int] | None = None,
                 cancelled: Callable[[], bool] | None = None, **choices):
        self.settings = dataclasses.replace(settings or DecodingSettings(), **choices)
        if self.settings.strategy not in STRATEGIES:
            raise UserError(f"no decoding strategy {self.settings.strategy!r} (one of {', '.join(STRATEGIES)})")
        self.translator, self.text, self.ablations, self.guess = translator, text, ablations, guess
        self.model = model = translator.model
        self.source = translator.encode_source(text)
        self.src_ids = torch.tensor([self.source.ids])
        rec = Recorder()
        with torch.inference_mode():
            self.memory = model.encode(self.src_ids, ablations, rec)
        self.encoder_trace = from_recorder(rec.tensors, {})
        self.max_len = max_target_len(len(self.source.ids), model.cfg)
        self.beams: list[Beam] = []
        self.beam_index = 0
        if self.settings.strategy == "beam":
            self.beams = beam_search(model, self.src_ids, max(1, self.settings.beam_width), ablations=ablations,
                                     cancelled=cancelled)
        self.translation_ids: list[int] | None = None     # the greedy translation, once asked for
        self.start_id, self.end_id, _ = special_ids(model)  # <bos>, <eos> for ours; pad, </s> for Marian
        self.first = 1
        self.steps = [self._run([self.start_id])]

    @torch.inference_mode()
    def _run(self, prefix: list[int]) -> Step:
        rec = Recorder()
        self.translator.model.decode(torch.tensor([prefix]), self.memory, self.src_ids, self.ablations, rec)
        decoder = from_recorder(rec.tensors, {})
        trace = merge(self.encoder_trace, decoder,
                      self.translator.meta(self.source, prefix, self.ablations, decoder["out.probs"]))
        return Step(list(prefix), trace["out.probs"][-1], trace)

    @property
    def done(self) -> bool:
        return self.output[-1:] == [self.end_id] or len(self.output) >= self.max_len

    @property
    def vocab_size(self) -> int:
        return len(self.translator.tgt)

    def _beam_next(self) -> int | None:
        """The followed beam's next token; None off the beam (after a forced token) or past its end."""
        if not self.beams:
            return None
        beam = self.beams[self.beam_index]
        tokens = beam.tokens + ([self.end_id] if beam.finished else [])
        out = self.output
        if len(out) < len(tokens) and out == tokens[: len(out)]:
            return tokens[len(out)]
        return None

    def select_beam(self, index: int, cancelled: Callable[[], bool] | None = None) -> Step:
        """Follow beam `index` from the start token to its end."""
        if 0 <= index < len(self.beams):
            self.beam_index = index
            self.reset()
            self.run_to_end(cancelled)
        return self.current

    # the whole sentence -------------------------------------------------------------------------
    def greedy_translation(self, cancelled: Callable[[], bool] | None = None) -> list[int]:
        """The greedy translation's ids (no start or end token), computed once, from this decoder's encoder
        output; `guess` is checked first (usually one decoder pass), not trusted."""
        if self.translation_ids is None:
            prefix, _ = greedy_traced(self.translator.model, self.src_ids, self.ablations, guess=self.guess,
                                      memory=self.memory, cancelled=cancelled, traced=False)
            self.translation_ids = [t for t in prefix[1:] if t != self.end_id]
        return self.translation_ids

    @property
    def translation(self) -> str | None:
        """The greedy translation as text (None until `greedy_translation` has run)."""
        return None if self.translation_ids is None else self.translator.tgt.decode(self.translation_ids)
