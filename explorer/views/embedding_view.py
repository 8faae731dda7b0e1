"""Embedding stages: token embedding (× √d_model), positional encoding, and their sum."""
from __future__ import annotations

from ..i18n import QT_TRANSLATE_NOOP, translate
from .base import StageView, plot_canvas
from .axes import index_labels
from .heatmap import Heatmap, format_value


PE_TITLES = {"sinusoidal-interleaved": QT_TRANSLATE_NOOP("EmbeddingView", "positional encoding PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(…)"),
             "sinusoidal-half": QT_TRANSLATE_NOOP("EmbeddingView", "positional encoding: sin(pos/10000^(2i/d)) in the first half of the dimensions, cos(…) in the second"),
             "learned": QT_TRANSLATE_NOOP("EmbeddingView", "learned positions: row pos of the trained position table"),
             "none": QT_TRANSLATE_NOOP("EmbeddingView", "no positional encoding")}


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
        side = stage.side
        tokens = self.row_tokens(side)
        name = stage.name
        d = trace[name("token")].shape[-1]
        cols = index_labels(d)
        arch = self.state.arch
        scale = " × √d_model" if arch.embed_scale != 1.0 else ""
        self.token.set_title(translate("EmbeddingView", "token embedding{scale}  (tokens × d_model = {n} × {d})").format(
            scale=scale, n=len(tokens), d=d))
        self.position.set_title(translate("EmbeddingView", PE_TITLES[arch.pe]))
        extra = " + " + translate("EmbeddingView", "token type") if arch.token_types else ""
        if side == "src":
            input_of = (translate("EmbeddingView", "(the encoder's input, before its LayerNorm)") if arch.embed_norm
                        else translate("EmbeddingView", "(the encoder's input)"))
        else:
            input_of = (translate("EmbeddingView", "(the decoder's input, before its LayerNorm)") if arch.embed_norm
                        else translate("EmbeddingView", "(the decoder's input)"))
        self.sum.set_title(translate("EmbeddingView", "X = embedding{scale} + PE{extra}  {input_of}").format(
            scale=scale, extra=extra, input_of=input_of))
        # the embedding stage is the look-up alone; the next stage adds the positions to it
        with_pe = stage.kind == "pe"
        if not with_pe:
            self.token.set_title(translate("EmbeddingView", "Embedding(token){scale}: row i is token i's learned vector  "
                                           "(tokens × d_model = {n} × {d}; no position yet: next stage)").format(
                scale=scale, n=len(tokens), d=d))
        for hm, part in ((self.token, "token"), (self.position, "position"), (self.sum, "sum")):
            hm.plot.setVisible(with_pe or part == "token")
            hm.set_matrix(trace[name(part)], tokens, cols, row_side=side)
