"""Linear and Softmax: the decoder's last state → logits over the vocabulary → probabilities.

Row t is the prediction made at decoder position t (after reading tokens 0 … t): the next word; for
BERT's masked-LM head (the encoder side) the word at position t itself (descriptions.output_bars_title).
"""
from __future__ import annotations

import html

import pyqtgraph as pg

from core.summaries import top_columns, top_k

from .. import descriptions as D
from .base import StageView, plot_canvas
from .heatmap import Heatmap, format_value


class OutputView(StageView):
    kinds = ("linear", "softmax")

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.canvas = plot_canvas()
        self.layout_.addWidget(self.canvas)
        ci = self.canvas.ci
        self.matrix = Heatmap(ci, 0, 0, "", state, self._describe, on_click=self._pick_row, square=False)
        self.bars_plot: pg.PlotItem = ci.addPlot(row=0, col=1)
        self.bars_plot.setMouseEnabled(False, False)
        self.bars_plot.setMenuEnabled(False)
        self.bars_plot.hideButtons()
        self.bars_plot.invertY(True)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.7, width=[], brush="#56b4e9")
        self.bars_plot.addItem(self.bars)
        self.columns = []
        ci.layout.setColumnStretchFactor(0, 3)
        ci.layout.setColumnStretchFactor(1, 1)

    def _word(self, i) -> str:
        vocab = self.state.tgt_vocab
        return vocab[i] if 0 <= i < len(vocab) else str(i)

    def _describe(self, r, c, v):
        tokens = self.tokens(self.state.stage.side)
        word = self._word(int(self.columns[c])) if c < len(self.columns) else str(c)
        what = "P" if self.state.stage.kind == "softmax" else "logit"
        return D.output_cell(self.state.stage.side, self.state.arch.is_seq2seq, self.token_at(tokens, r), r, word,
                             what, format_value(v))

    def _pick_row(self, r, c) -> None:
        self.state.query_row = r

    def _on_query_row_changed(self, _r) -> None:
        self.request_refresh()

    def heatmaps(self):
        return [self.matrix]

    def refresh(self) -> None:
        trace, kind = self.state.trace, self.state.stage.kind
        side = self.state.stage.side             # BERT's masked-LM head reads the encoder (source) side
        tokens, rows = self.tokens(side), self.row_tokens(side)
        probs = trace["out.probs"]
        self.columns = top_columns(probs, 20)
        words = [self._word(int(i)) for i in self.columns]
        self.matrix.set_title(D.output_title(kind, side, len(self.columns)))
        if kind == "softmax":
            self.matrix.set_matrix(probs[:, self.columns], rows, words, row_side=side, levels=(0.0, 1.0))
        else:
            self.matrix.set_matrix(trace["out.logits"][:, self.columns], rows, words, row_side=side)
        self.matrix.set_axis_titles(*D.output_axes(side))
        r = min(self.state.query_row, len(tokens) - 1)
        row = probs[r] if kind == "softmax" else trace["out.logits"][r]
        ids, values = top_k(row, 10)
        self.bars.setOpts(x0=[0] * len(values), y=list(range(len(values))), width=list(values), height=0.7)
        labels = [self._word(int(i)) for i in ids]
        self.bars_plot.getAxis("left").setTicks([[(i, s) for i, s in enumerate(labels)]])
        what = "P" if kind == "softmax" else "logit"
        token = html.escape(self.token_at(tokens, r))
        self.bars_plot.setTitle(D.output_bars_title(side, self.state.arch.is_seq2seq, token, r, what), size="10pt")
        self.bars_plot.setXRange(min(0.0, float(values.min())), max(1e-6, float(values.max())), padding=0.05)
        self.bars_plot.setYRange(-0.5, len(values) - 0.5, padding=0)
        self.top_words = labels
