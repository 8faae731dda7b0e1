"""BERT filling [MASK] on the worker thread: every change of the text, the ablations or the number
of guesses becomes one core.fill_mask pass, whose MaskFill becomes the state's (its trace the views')."""
from __future__ import annotations

from core.fill_mask import fill_mask

from .forward_controller import ForwardController


class FillMaskController(ForwardController):
    """Every change of the text, the ablations or the number of guesses becomes one fill-mask pass on
    the worker (a text without a mask is a plain forward pass: no guesses)."""

    def __init__(self, model, state, worker, parent=None):
        super().__init__(model, state, worker, parent)
        state.events.bars_k_changed.connect(lambda _k: self._submit())

    def _pass(self, text: str):
        """One fill-mask pass over `text` with the state's ablations and number of guesses, as a job."""
        ablations, k = self.state.ablations, self.state.bars_k
        return lambda: fill_mask(self.model, text, top_k=k, ablations=ablations, require_mask=False)

    def _apply(self, fill) -> None:
        self.state.mask_fill = fill
