"""Embedding stages: token embedding (× √d_model), positional encoding, and their sum."""
from __future__ import annotations

from .base import StageView, plot_canvas
from .axes import index_labels
from .heatmap import Heatmap, format_value


PE_TITLES = {"sinusoidal-interleaved": "positional encoding PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(…)",
             "sinusoidal-half": "positional encoding: sin(pos/10000^(2i/d)) in the first half of the dimensions, cos(…) in the second",
             "learned": "learned positions: row pos of the trained position table", "none": "no positional encoding"}


class EmbeddingView(StageView):
    kinds = ("embed", "pe")

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.canvas = plot_canvas()
        self.layout_.addWidget(self.canvas)
        ci = self.canvas.ci
        self.token = Heatmap(ci, 0, 0, "", state, self._describer("token embedding × √d_model"), square=False)
        self.position = Heatmap(ci, 1, 0, "", state, self._describer("positional encoding"), square=False)
        self.sum = Heatmap(ci, 2, 0, "", state, self._describer("embedding + PE"), square=False)

    def _describer(self, what):
        def describe(r, c, v):
            tokens = self.row_tokens(self.state.stage.side)
            return f"{what}, token {self.token_at(tokens, r)} (position {r}), dim {c}: {format_value(v)}"
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
        self.token.set_title(f"token embedding{scale}  (tokens × d_model = {len(tokens)} × {d})")
        self.position.set_title(PE_TITLES[arch.pe])
        stack = "encoder" if side == "src" else "decoder"
        extra = " + token type" if arch.token_types else ""
        self.sum.set_title(f"X = embedding{scale} + PE{extra}  (the {stack}'s input"
                           + (", before its LayerNorm)" if arch.embed_norm else ")"))
        # the embedding stage is the look-up alone; the next stage adds the positions to it
        with_pe = stage.kind == "pe"
        if not with_pe:
            self.token.set_title(f"Embedding(token){scale}: row i is token i's learned vector  "
                                 f"(tokens × d_model = {len(tokens)} × {d}; no position yet: next stage)")
        for hm, part in ((self.token, "token"), (self.position, "position"), (self.sum, "sum")):
            hm.plot.setVisible(with_pe or part == "token")
            hm.set_matrix(trace[name(part)], tokens, cols, row_side=side)
