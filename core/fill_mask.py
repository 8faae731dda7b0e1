"""BERT filling [MASK]: the likeliest tokens at every masked position, with the trace of the pass.

One forward pass of the encoder and its masked-LM head over [CLS] text [SEP]; row t of out.probs is
the model's distribution over the vocabulary at position t (as transformers' fill-mask pipeline).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .config import Ablations
from .errors import UserError
from .i18n import trans
from .model import NO_ABLATIONS
from .text_model import TextModel
from .trace import Trace


@dataclass
class Guess:
    token_id: int
    token: str        # the vocabulary's piece ('##ing')
    text: str         # as it reads in the sentence
    prob: float


@dataclass
class MaskFill:
    """The guesses at each [MASK] (positions index the model's tokens, [CLS] = 0) and the trace."""
    positions: list[int]
    guesses: list[list[Guess]]
    trace: Trace
    filled: str       # the text with every [MASK] replaced by its likeliest guess
    text: str = ""    # the text as typed
    spans: list[tuple[int, int]] = field(default_factory=list)   # each token's characters in `text` ((0, 0): a special)
    ablations: Ablations = NO_ABLATIONS

    def masked(self, position: int, mask_text: str) -> str:
        """The text with token `position`'s characters replaced by `mask_text` (a special token, or
        one with no characters: the text unchanged). A word split into pieces loses one piece."""
        if not 0 <= position < len(self.spans):
            return self.text
        a, b = self.spans[position]
        if b <= a:
            return self.text
        return self.text[:a] + mask_text + self.text[b:]


def fill_mask(lm: TextModel, text: str, top_k: int = 5, ablations: Ablations = NO_ABLATIONS,
              require_mask: bool = True) -> MaskFill:
    """The top-k tokens at every [MASK] of `text`; `require_mask=False`: a text without one is no
    error (no positions, the trace of the pass all the same — the window's while the user types)."""
    arch = lm.arch
    if arch.family != "bert":
        raise UserError(trans._("filling [MASK] needs a BERT model, not {family}", family=arch.family))
    if not arch.has_output:
        raise UserError(trans._("{name} has no masked-LM head (a BertModel): it cannot fill [MASK]; "
                                "use a BertForMaskedLM checkpoint", name=lm.name or trans._("this model")))
    if not isinstance(top_k, int) or top_k < 1:
        raise UserError(trans._("top-k must be at least 1, not {top_k}", top_k=repr(top_k)))
    mask, mask_text = arch.specials.mask, lm.tokenizer.mask_token
    enc = lm.encode(text)
    positions = [t for t, i in enumerate(enc.ids) if i == mask]
    if not positions and require_mask:
        raise UserError(trans._("the text has no {mask}: write it where a word should be guessed", mask=mask_text))
    trace = lm.trace_ids(enc, enc.ids, ablations)
    probs = trace["out.probs"]
    guesses = []
    for position in positions:
        row = probs[position]
        best = np.argsort(-row, kind="stable")[:top_k]
        guesses.append([Guess(int(i), lm.tokens([int(i)])[0], lm.decode([int(i)]), float(row[i])) for i in best])
    ids = list(enc.ids)
    for position, best in zip(positions, guesses):
        ids[position] = best[0].token_id
    offsets = lm.tokenizer(text, add_special_tokens=True, return_offsets_mapping=True)["offset_mapping"]
    spans = [tuple(map(int, o)) for o in offsets[:len(enc.ids)]]
    if enc.truncated:
        spans[-1] = (0, 0)          # the closing [SEP] the tokenizer keeps when it cuts the text
    return MaskFill(positions, guesses, trace, lm.decode(ids), text, spans, ablations)
