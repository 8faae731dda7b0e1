"""GPT-2 continuing a text: greedy or seeded sampling (temperature, top-k, top-p), and a stepping
continuation that writes one token at a time and keeps every step's trace (core.stepping's Stepper).

Each step runs the decoder over the whole text so far (no key/value cache), so a step's trace is
exactly the trace of that text given whole: what the window shows is what the model computes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch

from .config import Ablations
from .decoding import choose_sample, forbid, step_generator
from .errors import UserError
from .i18n import trans
from .model import NO_ABLATIONS
from .stepping import DecodingSettings, Step, Stepper
from .text_model import TextModel


def _check(lm: TextModel, strategy: str, max_new_tokens: int):
    if lm.arch.stacks != ("dec",):
        raise UserError(trans._("continuing a text needs a decoder-only model (GPT-2), not {family}", family=lm.family))
    if strategy not in ("greedy", "sample"):
        raise UserError(trans._("strategy must be greedy or sample, not {strategy}", strategy=repr(strategy)))
    if not isinstance(max_new_tokens, int) or max_new_tokens < 1:
        raise UserError(trans._("the number of new tokens must be at least 1, not {n}", n=repr(max_new_tokens)))


@dataclass
class Continuation(Stepper):
    """A prompt and the tokens written after it: step, force a token, back, reset, run to the end
    (core.stepping.Stepper, as a translation's StepDecoder).

    strategy "greedy" takes the likeliest token; "sample" draws from softmax(logits / temperature)
    cut to the top-k and top-p, with one generator per (seed, position), so a step taken again after
    Back draws the same token.
    """
    lm: TextModel
    text: str
    ablations: Ablations = NO_ABLATIONS
    strategy: str = "greedy"
    temperature: float = 1.0
    top_k: int = 0
    top_p: float = 1.0
    seed: int = 0
    max_new_tokens: int = 40
    steps: list[Step] = field(default_factory=list, init=False)

    def __post_init__(self):
        _check(self.lm, self.strategy, self.max_new_tokens)
        self.settings = DecodingSettings(self.strategy, temperature=self.temperature, top_k=self.top_k,
                                         top_p=self.top_p, seed=self.seed)
        self.model = self.lm.model
        self.prompt = self.lm.encode(self.text)
        self.first = len(self.prompt.ids)
        self.end_id = self.lm.arch.specials.eos
        self.steps = [self._run(list(self.prompt.ids))]

    def _run(self, ids: list[int]) -> Step:
        trace = self.lm.trace_ids(self.prompt, ids, self.ablations)
        return Step(list(ids), trace["out.probs"][-1], trace)

    @property
    def written(self) -> str:
        return self.lm.decode(self.output)

    @property
    def done(self) -> bool:
        return (self.end_id is not None and self.output[-1:] == [self.end_id]
                or len(self.output) >= self.max_new_tokens
                or len(self.current.prefix) >= self.lm.arch.max_positions)

    @property
    def vocab_size(self) -> int:
        return self.lm.vocab_size()


@torch.inference_mode()
def continue_ids(lm: TextModel, text: str, max_new_tokens: int = 40, strategy: str = "greedy",
                 temperature: float = 1.0, top_k: int = 0, top_p: float = 1.0, seed: int = 0,
                 ablations: Ablations = NO_ABLATIONS) -> list[int]:
    """The ids written after `text` (untraced; the end token included when written), choosing as
    Continuation does — the same tokens, without keeping the traces."""
    _check(lm, strategy, max_new_tokens)
    ids = list(lm.encode(text).ids)
    start, end = len(ids), lm.arch.specials.eos
    while len(ids) - start < max_new_tokens and len(ids) < lm.arch.max_positions:
        hidden = lm.model.decode_hidden(torch.tensor([ids]), None, None, ablations)[0, -1:]
        probs = forbid(lm.model, lm.model.output(hidden)[0]).softmax(-1)
        if strategy == "sample":
            token = choose_sample(probs, temperature, top_k, step_generator(seed, len(ids) - start), top_p)
        else:
            token = int(probs.argmax())
        ids.append(token)
        if token == end:
            break
    return ids[start:]


def continue_text(lm: TextModel, text: str, **options) -> str:
    """The text GPT-2 writes after `text` (options as continue_ids)."""
    return lm.decode(continue_ids(lm, text, **options))
