"""What the decoding panel drives: core.stepping's StepDecoder, and the copies of it the GUI receives.

A `DecodingSession` lives in the worker thread only; the GUI receives `Snapshot`s (copies of the
steps: a Step's trace is shared, never changed) and `Translation`s, so no object is touched from
two threads. The decoding itself (strategies, stepping, cancel) is core's.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from core.config import Ablations
from core.continuation import Continuation
from core.decoding import Beam, Cancelled
from core.stepping import DecodingSettings, Step, StepDecoder
from core.token_labels import WORD_START, readable


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
    first: int = 1                 # where the written tokens start in a prefix (after <bos>, or the prompt)
    text_so_far: str = ""          # a continuation's prompt and what it wrote, as text

    @property
    def current(self) -> Step:
        return self.steps[-1]

    @property
    def shown_step(self) -> Step:
        """The step whose distribution the output panel shows: the current one, or, once <eos> is
        written, the step that wrote it."""
        return self.steps[-2] if self.done and len(self.steps) > 1 else self.steps[-1]


@dataclass(frozen=True)
class Translation:
    """The greedy translation of a session's sentence, delivered after its first snapshot."""
    text: str
    ablations: Ablations
    translation: str
    ids: list[int]


class DecodingSession(StepDecoder):
    """The worker's StepDecoder: its state as a `Snapshot`, its greedy translation as a `Translation`.

    `translate=False` leaves the translation for later (`translate()`), so the views need not wait.
    `cancelled` stops the beam search with core.decoding.Cancelled.
    """

    def __init__(self, translator, text: str, ablations: Ablations = Ablations(),
                 settings: DecodingSettings = DecodingSettings(), guess: list[int] | None = None,
                 translate: bool = True, cancelled=None):
        super().__init__(translator, text, ablations, settings=settings, guess=guess, cancelled=cancelled)
        if translate:
            self.translate()

    def translate(self, cancelled=None) -> Translation | None:
        """The greedy translation (computed once); None when `cancelled()` stopped it first."""
        try:
            ids = self.greedy_translation(cancelled)
        except Cancelled:
            return None
        return Translation(self.text, self.ablations, self.translation, list(ids))

    def snapshot(self) -> Snapshot:
        steps = [dataclasses.replace(s) for s in self.steps]
        return Snapshot(self.text, steps, self.how, self.pick(), self.done, self.settings,
                        self.ablations, list(self.beams), self.beam_index, self.translation)


class ContinuationSession(Continuation):
    """The worker's core.continuation.Continuation (GPT-2 writing on after a prompt): its state as a
    `Snapshot`, as a DecodingSession's (no beams, no translation)."""

    @classmethod
    def start(cls, lm, text: str, ablations: Ablations, settings: DecodingSettings) -> "ContinuationSession":
        return cls(lm, text, ablations, strategy=settings.strategy, temperature=settings.temperature,
                   top_k=settings.top_k, top_p=settings.top_p, seed=settings.seed)

    def translate(self, cancelled=None) -> None:
        return None

    def snapshot(self) -> Snapshot:
        steps = [dataclasses.replace(s) for s in self.steps]
        return Snapshot(self.text, steps, self.how, self.pick(), self.done, self.settings, self.ablations,
                        translation="", first=self.first, text_so_far=self.text_so_far())

    def text_so_far(self) -> str:
        """The typed text, then what was written as its pieces read (core.token_labels: a byte of a
        character split over tokens shows as <0xE6>, never as a replacement sign)."""
        kind = self.lm.arch.tokenizer
        written = "".join(readable(p, kind) for p in self.lm.tokens(self.output))
        return self.text + written.replace(WORD_START, " ")


@dataclass
class FirstRun:
    """A window's first result: `result` of the text it opened on, or, when that text was refused
    (`message` says why), of its fallback (the default sentence)."""
    result: object
    message: str = ""


def first_run_job(run, text: str, fallback: str | None):
    """The worker job of a window's first run: `run(text)`, or `run(fallback)` when text is refused
    with a UserError (the window never opens empty); a FirstRun, or None when superseded."""
    from core.errors import UserError

    def job():
        try:
            try:
                return FirstRun(run(text))
            except UserError as e:
                if fallback is None or fallback == text:
                    raise
                return FirstRun(run(fallback), str(e))
        except Cancelled:
            return None                     # a keystroke superseded it: the newer run follows
    return job


@dataclass(frozen=True)
class QueryRow:
    """A result that puts the views on query row `row` (a session file's), after the results before it."""
    row: int
