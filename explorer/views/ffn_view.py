"""Feed-forward stages: FFN(x) = ReLU(x W₁ + b₁) W₂ + b₂, applied to each token alone."""
from __future__ import annotations

from core.summaries import zero_fraction

from ..i18n import translate
from ..idle_builder import BuiltInSteps
from ..stages import stage_panels
from .base import StageView, plot_canvas
from .axes import index_labels
from .heatmap import Heatmap, format_value


class FeedForwardView(BuiltInSteps, StageView):
    kinds = ("ffn",)

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.canvas = plot_canvas()
        self.layout_.addWidget(self.canvas)
        self.zero_fraction = 0.0

    def _build(self):
        """The three matrices, one at a time (a generator: see Stepwise)."""
        ci, state, d = self.canvas.ci, self.state, self._describer
        self.x = Heatmap(ci, 0, 0, translate("FeedForwardView", "x (input, tokens × d_model)"), state, d("x"), square=False)
        yield
        self.hidden = Heatmap(ci, 1, 0, "ReLU(x W₁ + b₁)", state, d(translate("FeedForwardView", "hidden unit"), unit=True), square=False)
        yield
        self.out = Heatmap(ci, 2, 0, "FFN(x) = ReLU(x W₁ + b₁) W₂ + b₂", state, d(translate("FeedForwardView", "output")), square=False)

    def _describer(self, what, unit=False):
        def describe(r, c, v):
            tokens = self.row_tokens(self.state.stage.side)
            where = (translate("FeedForwardView", "unit {i}") if unit else translate("FeedForwardView", "dim {i}")).format(i=c)
            silent = " " + translate("FeedForwardView", "(silenced by ReLU)") if unit and v == 0 else ""
            return translate("FeedForwardView", "{what} of {token}, {where}: {value}").format(
                what=what, token=self.token_at(tokens, r), where=where, value=format_value(v)) + silent
        return describe

    def heatmaps(self):
        self.ensure_built()
        return [self.x, self.hidden, self.out]

    def refresh(self) -> None:
        self.ensure_built()
        stage, trace = self.state.stage, self.state.trace
        side, name = stage.side, stage.name
        tokens = self.row_tokens(side)
        self.zero_fraction = zero_fraction(trace[name("hidden")])
        maps = {"x": self.x, "hidden": self.hidden, "out": self.out}
        for part, title, array in stage_panels(stage, self.state.arch, trace):
            m = trace[array]
            maps[part].set_title(title)
            maps[part].set_matrix(m, tokens, index_labels(m.shape[-1]), row_side=side)
