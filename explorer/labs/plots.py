"""The few pyqtgraph pieces the labs share: a labelled matrix with a colour bar, line plots, and
the sentence saying which ablations are on."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from core.summaries import colour_levels

from ..i18n import translate
from ..views.axes import ColourBar, LegibleAxis
from ..views.base import RefreshWhenShown
from ..views.cells import CellImage
from ..views.heatmap import free_width
from ..views.legend import legend_below

COLORMAP = pg.colormap.get("viridis")
DIVERGING = pg.colormap.get("CET-D1")
# one colour per model / curve, readable on light and dark backgrounds
PENS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def canvas() -> pg.GraphicsLayoutWidget:
    widget = pg.GraphicsLayoutWidget()
    widget.ci.setContentsMargins(4, 4, 4, 4)
    widget.ci.setSpacing(8)
    return widget


def set_title(plot: pg.PlotItem, text: str) -> None:
    """Title without widening the plot: a LabelItem makes its text width the plot's minimum width
    (every setText), so long titles would push the layout wider than the window; here they wrap."""
    label = plot.titleLabel
    if not getattr(label, "_may_wrap", False):
        free_width(label)             # a title wider than its plot wraps (it overhung, cut by its neighbours)
        label._may_wrap = True
    plot.setTitle(text, size="10pt")


def scrolling(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(content)
    return area


def scrolling_page(lab: QWidget) -> QVBoxLayout:
    """Make `lab` one scrolling page; returns the layout its contents go into."""
    outer = QVBoxLayout(lab)
    outer.setContentsMargins(0, 0, 0, 0)
    content = QWidget()
    outer.addWidget(scrolling(content))
    return QVBoxLayout(content)


def fixed(plot: pg.PlotItem) -> pg.PlotItem:
    """No mouse panning or context menu: a lab's plots show what the controls chose."""
    plot.setMouseEnabled(False, False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    return plot


class MatrixPlot:
    """A row-major ImageItem (row 0 at the top) in a PlotItem with axis titles and a colour bar."""

    def __init__(self, layout: pg.GraphicsLayout, row: int, col: int, title: str, left: str, bottom: str,
                 colormap=COLORMAP, symmetric: bool = False, rowspan: int = 1, colspan: int = 1):
        self.plot = fixed(layout.addPlot(row=row, col=col, rowspan=rowspan, colspan=colspan,
                                         viewBox=pg.ViewBox(enableMenu=False)))
        set_title(self.plot, title)
        self.plot.setLabel("left", left)
        self.plot.setLabel("bottom", bottom)
        self.plot.invertY(True)
        self.image = CellImage(axisOrder="row-major")          # rectangles in an SVG / PDF export
        self.image.setColorMap(colormap)
        self.plot.addItem(self.image)
        self.symmetric = symmetric
        self.colorbar = ColourBar(colormap, width=10)        # pyqtgraph's is a whole PlotItem: 7 ms to build
        self.colorbar.setImageItem(self.image, insert_in=self.plot)

    def set_matrix(self, matrix: np.ndarray, levels: tuple[float, float] | None = None) -> None:
        matrix = np.asarray(matrix, dtype=np.float64)
        if levels is None:
            levels = colour_levels(matrix, self.symmetric)
        self.image.setImage(matrix, autoLevels=False, levels=levels)
        self.colorbar.setLevels(levels)
        h, w = matrix.shape
        self.plot.setRange(xRange=(0, w), yRange=(0, h), padding=0.02)

    def clear(self, title: str) -> None:
        """Nothing to show: no image, no token labels, `title` saying why (no stale matrix stays)."""
        self.image.clear()
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setTicks([[]])     # no labels (None would bring back numbers)
        set_title(self.plot, title)

    def set_ticks(self, rows: list[str] | None = None, cols: list[str] | None = None) -> None:
        """Token labels at the cell centres (None: the default numeric axis)."""
        if rows is not None:
            self.plot.getAxis("left").setTicks([[(i + 0.5, s) for i, s in enumerate(rows)]])
        if cols is not None:
            self.plot.getAxis("bottom").setTicks([[(i + 0.5, s) for i, s in enumerate(cols)]])


def line_plot(layout: pg.GraphicsLayout, row: int, col: int, title: str, left: str, bottom: str,
              log_x: bool = False, log_y: bool = False, rowspan: int = 1, colspan: int = 1,
              legend_offset=None) -> pg.PlotItem:
    """A line plot with grid and a legend right of its data (`legend_offset` is kept for callers;
    the legend no longer lies on the data)."""
    plot = fixed(layout.addPlot(row=row, col=col, rowspan=rowspan, colspan=colspan,
                                viewBox=pg.ViewBox(enableMenu=False),    # its menu: 2 ms to build, never shown
                                axisItems={"left": LegibleAxis("left"), "bottom": LegibleAxis("bottom")}))
    set_title(plot, title)
    plot.setLabel("left", left)
    plot.setLabel("bottom", bottom)
    plot.setLogMode(log_x, log_y)
    plot.showGrid(x=True, y=True, alpha=0.25)
    background = pg.mkColor(pg.getConfigOption("background"))
    background.setAlpha(210)
    legend_below(plot, labelTextSize="9pt", brush=pg.mkBrush(background), verSpacing=-6)
    return plot


def curve(plot: pg.PlotItem, index: int, name: str, symbol: str | None = None,
          dashed: bool = False) -> pg.PlotDataItem:
    from PySide6.QtCore import Qt

    color = PENS[index % len(PENS)]
    pen = pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    return plot.plot([], [], pen=pen, name=name, symbol=symbol, symbolSize=6, symbolBrush=color,
                     symbolPen=None)


def ablations_sentence(ablations: dict | None) -> str:
    """'Ablations on: none' or 'Ablations on: positional encoding off, …' from Ablations.to_dict()."""
    none = translate("labs", "Ablations on: none")
    if not ablations:
        return none
    parts = []
    if ablations.get("no_pe"):
        parts.append(translate("labs", "positional encoding off"))
    if ablations.get("no_scale"):
        parts.append(translate("labs", "÷√d_k scaling off"))
    if ablations.get("no_causal_mask"):
        parts.append(translate("labs", "causal mask off"))
    if ablations.get("heads_off"):
        parts.append(translate("labs", "heads zeroed: {heads}").format(heads=", ".join(ablations["heads_off"])))
    return translate("labs", "Ablations on: {ablations}").format(ablations=", ".join(parts)) if parts else none


def caption(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(label.textInteractionFlags() | label.textInteractionFlags().TextSelectableByMouse)
    return label


class FollowsSentenceWhenShown(RefreshWhenShown):
    """For a lab whose `state.sentence` follows the window's sentence: while the lab is hidden
    (another tab is open), the newest sentence waits and is taken when the lab is shown, so typing in
    the main tab starts no computation in a lab nobody is looking at."""

    _waiting: str | None = None

    def set_sentence(self, text: str) -> None:
        self._waiting = text
        self.request_refresh()

    def refresh(self) -> None:
        if self._waiting is not None:
            text, self._waiting = self._waiting, None
            self.state.sentence = text          # the lab's plain state: its sentence box is bound to it
