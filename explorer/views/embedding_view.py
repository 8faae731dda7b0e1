"""Embedding stages: token embedding (× √d_model), positional encoding, and their sum."""
from __future__ import annotations

from ..i18n import translate
from ..stages import stage_panels
from .base import StageView, plot_canvas
from .axes import index_labels
from .heatmap import Heatmap, format_value


class EmbeddingView(StageView):
    kinds = ("embed", "pe")

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.canvas = plot_canvas()
        self.layout_.addWidget(self.canvas)
        ci = self.canvas.ci
        self.token = Heatmap(ci, 0, 0, "", state, self._describer(translate("EmbeddingView", "token embedding × √d_model")), square=False)
        self.position = Heatmap(ci, 1, 0, "", state, self._describer(translate("EmbeddingView", "positional encoding")), square=False)
        self.sum = Heatmap(ci, 2, 0, "", state, self._describer(translate("EmbeddingView", "embedding + PE")), square=False)

    def _describer(self, what):
        def describe(r, c, v):
            tokens = self.row_tokens(self.state.stage.side)
            return translate("EmbeddingView", "{what}, token {token} (position {position}), dim {dim}: {value}").format(
                what=what, token=self.token_at(tokens, r), position=r, dim=c, value=format_value(v))
        return describe

    def heatmaps(self):
        return [self.token, self.position, self.sum]

    def refresh(self) -> None:
        stage, trace = self.state.stage, self.state.trace
        tokens = self.row_tokens(stage.side)
        panels = {part: (title, array) for part, title, array in stage_panels(stage, self.state.arch, trace)}
        # the embedding stage is the look-up alone; the next stage adds the positions to it
        for hm, part in ((self.token, "token"), (self.position, "position"), (self.sum, "sum")):
            hm.plot.setVisible(part in panels)
            title, array = panels.get(part, ("", stage.name(part)))
            hm.set_title(title)
            m = trace[array]
            hm.set_matrix(m, tokens, index_labels(m.shape[-1]), row_side=stage.side)
