"""Add & Norm stages: residual input + sub-layer output = sum → LayerNorm; per-token mean and std."""
from __future__ import annotations

import pyqtgraph as pg

from core.summaries import token_mean_std

from ..i18n import translate
from ..idle_builder import BuiltInSteps
from ..stages import stage_panels
from .base import StageView, plot_canvas
from .legend import legend_below
from .markers import Markers

STATS_HEIGHT = 150      # px: a mean / standard-deviation plot with its legend and four readable ticks
from .axes import LegibleAxis, index_labels, tick_levels
from .heatmap import Heatmap, format_value


class AddNormView(BuiltInSteps, StageView):
    kinds = ("norm",)

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.canvas = plot_canvas()
        self.layout_.addWidget(self.canvas)
        self.stats: dict = {}

    def _build(self):
        """The four matrices and the two statistics plots, one at a time (a generator: see Stepwise;
        all six at once held the event loop 130–340 ms on a loaded machine)."""
        state = self.state
        top = self.canvas.ci.addLayout(row=0, col=0)
        d = self._describer
        self.residual = Heatmap(top, 0, 0, translate("AddNormView", "x (residual input)"), state, d(translate("AddNormView", "residual x")), square=False)
        yield
        self.sublayer = Heatmap(top, 0, 1, "Sublayer(x)", state, d(translate("AddNormView", "sub-layer output")), square=False)
        yield
        self.sum = Heatmap(top, 1, 0, "x + Sublayer(x)", state, d(translate("AddNormView", "sum")), square=False)
        yield
        self.norm = Heatmap(top, 1, 1, "LayerNorm(x + Sublayer(x))", state, d("LayerNorm"), square=False)
        yield
        stats = self.canvas.ci.addLayout(row=1, col=0)
        self.curves, self.markers = {}, {}
        for col, what, title in ((0, "mean", translate("AddNormView", "mean per token")),
                                (1, "std", translate("AddNormView", "standard deviation per token"))):
            plot = stats.addPlot(row=0, col=col, title=title, axisItems={"left": LegibleAxis("left")})
            plot.setMouseEnabled(False, False)
            plot.setMinimumHeight(STATS_HEIGHT)       # squeezed, its value ticks were drawn over each other
            plot.setMenuEnabled(False)
            plot.hideButtons()
            legend = legend_below(plot)
            for when, color, symbol, name in (("before", "#e69f00", "o", translate("AddNormView", "before (sum)")),
                                              ("after", "#56b4e9", "s", translate("AddNormView", "after LayerNorm"))):
                pen = pg.mkPen(color, width=2)
                self.curves[what, when] = plot.plot([], pen=pen)
                self.markers[what, when] = markers = Markers(symbol, 7, color)
                plot.addItem(markers)
                legend.addItem(pg.PlotDataItem(pen=pen, symbol=symbol, symbolSize=7, symbolBrush=color,
                                               symbolPen=color), name)   # its sample: line and marker
            if what == "mean":
                self.mean_plot: pg.PlotItem = plot
                yield
            else:
                self.std_plot: pg.PlotItem = plot
        self.canvas.ci.layout.setRowStretchFactor(0, 3)
        self.canvas.ci.layout.setRowStretchFactor(1, 1)

    def _describer(self, what):
        def describe(r, c, v):
            tokens = self.row_tokens(self.state.stage.side)
            return translate("AddNormView", "{what} of {token}, dim {dim}: {value}").format(
                what=what, token=self.token_at(tokens, r), dim=c, value=format_value(v))
        return describe

    def heatmaps(self):
        self.ensure_built()
        return [self.residual, self.sublayer, self.sum, self.norm]

    def refresh(self) -> None:
        self.ensure_built()
        stage, trace = self.state.stage, self.state.trace
        side = stage.side
        tokens = self.row_tokens(side)
        arch = self.state.arch
        maps = {"residual": self.residual, "sublayer": self.sublayer, "sum": self.sum, "norm": self.norm}
        shown = {}
        for part, title, array in stage_panels(stage, arch, trace):
            shown[part] = m = trace[array]
            maps[part].set_title(title)
            maps[part].set_matrix(m, tokens, index_labels(m.shape[-1]), row_side=side)
        residual, total, normed = shown["residual"], shown["sum"], shown["norm"]
        before = residual if arch.norm == "pre" else total     # what the LayerNorm reads
        mean_before, std_before = token_mean_std(before)
        mean_after, std_after = token_mean_std(normed)
        self.stats = {"mean_before": mean_before, "std_before": std_before,
                      "mean_after": mean_after, "std_after": std_after}
        x = list(range(len(tokens)))
        for (what, when), values in {("mean", "before"): mean_before, ("mean", "after"): mean_after,
                                     ("std", "before"): std_before, ("std", "after"): std_after}.items():
            self.curves[what, when].setData(x, values)
            self.markers[what, when].setData(x, values)
        ticks = [[(i, s) for (c, s) in level for i in [int(c - 0.5)]] for level in tick_levels(tokens)]
        for plot in (self.mean_plot, self.std_plot):
            plot.getAxis("bottom").setTicks(ticks)
