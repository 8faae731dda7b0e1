"""One labelled matrix: a row-major ImageItem with token ticks, a colour bar, a formula title,
hover read-out and the linked-hover highlight of a token's row or column."""
from __future__ import annotations

from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPen
from PySide6.QtWidgets import QGraphicsGridLayout, QGraphicsRectItem

from core.summaries import value_range

from ..i18n import translate
from .axes import ColourBar, TokenAxis, no_contents, tick_levels
from .cells import on_vector_device, paint_cells

COLORMAP = pg.colormap.get("viridis")
HIGHLIGHT = QColor(255, 64, 64)
MASKED = QColor(150, 150, 150)
TITLE_ROW = 30              # px: the title row PlotItem.setTitle makes


def free_width(label: pg.LabelItem) -> None:
    """Stop a LabelItem from making its text width the minimum width of its plot (pyqtgraph resets
    the minimum on every resize): a title longer than its plot is wrapped onto more lines, centred,
    instead of pushing plots off the canvas (or overhanging its neighbours, cut at the canvas edge)."""
    def update_min():
        height = label.itemRect().height()
        label.setMinimumWidth(0)
        if abs(label.minimumHeight() - height) > 0.5:
            label.setMinimumHeight(height)
        layout = label.parentLayoutItem()
        if height > TITLE_ROW and label.isVisible() and isinstance(layout, QGraphicsGridLayout):
            label.setMaximumHeight(height)              # PlotItem.setTitle fixes the row at 30 px: a wrapped
            layout.setRowFixedHeight(0, height)         # title needs its lines
        label._sizeHint = {Qt.SizeHint.MinimumSize: (0, height), Qt.SizeHint.PreferredSize: (0, height),
                           Qt.SizeHint.MaximumSize: (-1, -1), Qt.SizeHint.MinimumDescent: (0, 0)}
        label.updateGeometry()

    document = label.item.document()
    option = document.defaultTextOption()
    option.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    document.setDefaultTextOption(option)
    resize = label.resizeEvent

    def wrap_and_resize(event, label=label):
        width = label.rect().width()
        label.item.setTextWidth(-1)
        if width > 0 and document.idealWidth() > width:
            label.item.setTextWidth(width)
        update_min()
        resize(event)

    label.updateMin = update_min
    label.resizeEvent = wrap_and_resize
    layout = label.parentLayoutItem()
    if isinstance(layout, QGraphicsGridLayout):      # the title spans the whole plot, axes and colour bar
        layout.removeItem(label)                     # included, not only the data's column
        layout.addItem(label, 0, 0, 1, 6)
    update_min()


class MatrixImage(pg.ImageItem):
    """An ImageItem that reports the hovered and clicked cell (row, column)."""

    def __init__(self, on_hover: Callable, on_click: Callable, on_double: Callable | None = None):
        super().__init__(axisOrder="row-major")
        self._on_hover, self._on_click, self.on_double = on_hover, on_click, on_double
        self.setAcceptHoverEvents(True)

    def render(self) -> None:
        if self._render_fast():
            return
        super().render()
        # pyqtgraph hands 8-bit look-ups over as Indexed8, which QPainter converts on every paint
        # (≈ 0.3 ms a heatmap); converting once per new image makes a repaint ≈ 10 µs.
        if self.qimage is not None and self.qimage.format() == QImage.Format.Format_Indexed8:
            self.qimage = self.qimage.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)

    _lut_source = None
    _lut32: np.ndarray | None = None

    def _render_fast(self) -> bool:
        """A NaN-free 2-D float matrix with a ≤ 256-entry RGB look-up table, levels set: straight to
        a 32-bit image through a cached 32-bit table — the pixels pyqtgraph's Indexed8 path gives
        (levels [lo, hi] spread over the table's n entries, clipped), without its generality
        (≈ 90 µs a small heatmap there, ≈ 15 µs here)."""
        image, lut, levels = self.image, self.lut, self.levels
        if (image is None or image.ndim != 2 or image.size == 0 or image.dtype.kind != "f"
                or self.autoDownsample or self.axisOrder != "row-major" or levels is None
                or not isinstance(lut, np.ndarray) or lut.dtype != np.uint8 or lut.ndim != 2
                or lut.shape[1] != 3 or not 0 < lut.shape[0] <= 256 or np.ndim(levels) != 1):
            return False
        lo, hi = float(levels[0]), float(levels[1])
        if hi == lo:
            hi = np.nextafter(hi, 2 * hi)        # as pyqtgraph does
        n = lut.shape[0]
        scaled = (image - lo) * (n / ((hi - lo) or 1.0))
        if np.isnan(scaled.min()):               # NaN cells are transparent: pyqtgraph's path
            return False
        if lut is not self._lut_source:
            t = lut.astype(np.uint32)
            self._lut32 = np.uint32(0xFF000000) | (t[:, 0] << 16) | (t[:, 1] << 8) | t[:, 2]
            self._lut_source = lut
        index = np.clip(scaled, 0, n - 1, out=scaled).astype(np.uint8, order="C")   # views may be transposed
        argb = self._lut32[index]
        self._imageHasNans = False
        self._processingBuffer = self._displayBuffer = None
        self.qimage = pg.functions.ndarray_to_qimage(argb, QImage.Format.Format_ARGB32_Premultiplied)
        self._renderRequired = False
        self._unrenderable = False
        return True

    def paint(self, painter, *args) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, False)    # cells are rectangles
        if on_vector_device(painter) and self.image is not None:        # an SVG / PDF export of the view
            if self._renderRequired or self.qimage is None:
                self.render()
            if self.qimage is not None:
                paint_cells(painter, self.qimage)
                return
        super().paint(painter, *args)

    def _cell(self, pos):
        if self.image is None:
            return None
        r, c = int(np.floor(pos.y())), int(np.floor(pos.x()))
        if 0 <= r < self.image.shape[0] and 0 <= c < self.image.shape[1]:
            return r, c
        return None

    def hoverEvent(self, ev):
        if ev.isExit():
            self._on_hover(None)
            return
        ev.acceptClicks(Qt.MouseButton.LeftButton)
        self._on_hover(self._cell(ev.pos()))

    def mouseClickEvent(self, ev):
        if ev.button() == Qt.MouseButton.LeftButton and ev.double() and self.on_double is not None:
            ev.accept()
            self.on_double()
            return
        if ev.button() == Qt.MouseButton.LeftButton:
            cell = self._cell(ev.pos())
            if cell is not None:
                ev.accept()
                self._on_click(cell)


class Heatmap:
    """A PlotItem showing one matrix with its tokens on the axes.

    row_side / col_side: "src" or "tgt" when that axis is tokens (linked hover highlights it),
    None when it is dimensions. `describe(row, col, value)` says what a cell is. `square` locks the
    cells' aspect; unlocked (the default) a matrix fills its panel, so a larger panel is a larger
    matrix, not empty axis space.
    """

    def __init__(self, layout: pg.GraphicsLayout, row: int, col: int, title: str, state,
                 describe: Callable[[int, int, float], str] | None = None,
                 colorbar: bool = True, rowspan: int = 1, colspan: int = 1, on_click=None,
                 square: bool = False):
        self.state = state
        self.describe = describe or (lambda r, c, v: f"[{r}, {c}]: {v:.4g}")
        self.on_click = on_click
        self.row_side: str | None = None
        self.col_side: str | None = None
        self.plot: pg.PlotItem = layout.addPlot(row=row, col=col, rowspan=rowspan, colspan=colspan,
                                                axisItems={"left": TokenAxis("left"), "bottom": TokenAxis("bottom")},
                                                viewBox=pg.ViewBox(enableMenu=False))   # its menu: 2 ms to build
        free_width(self.plot.titleLabel)
        self._title = None
        self.set_title(title)
        self.plot.invertY(True)
        self.plot.setAspectLocked(square)
        self.plot.setMouseEnabled(False, False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.vb.setBackgroundColor(None)
        no_contents(self.plot.vb)
        for side in ("left", "bottom"):
            self.plot.getAxis(side).enableAutoSIPrefix(False)   # no "×1e3" relabelling on range changes
        for side in ("top", "right"):                     # never shown: they need not follow the range
            self.plot.getAxis(side).unlinkFromView()
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setStyle(tickLength=-3)
        self.image = MatrixImage(self._hover, self._click, self._double)
        self.image.setColorMap(COLORMAP)
        self.plot.addItem(self.image)
        self.masked_cells = QGraphicsRectItem()       # hatched: the −∞ (masked) cells show through
        self.masked_cells.setBrush(QBrush(MASKED, Qt.BrushStyle.BDiagPattern))
        self.masked_cells.setPen(QPen(Qt.PenStyle.NoPen))
        self.masked_cells.setZValue(-1)
        self.masked_cells.setVisible(False)
        self.plot.addItem(self.masked_cells)
        self.row_band = self._band()
        self.col_band = self._band()
        self.colorbar = None
        if colorbar:
            self.colorbar = ColourBar(COLORMAP, width=10)
            self.colorbar.setImageItem(self.image, insert_in=self.plot)
        self._shape = None
        self._rows: list[str] = []
        self._cols: list[str] = []

    def _band(self) -> QGraphicsRectItem:
        band = QGraphicsRectItem()
        pen = QPen(HIGHLIGHT)
        pen.setCosmetic(True)
        pen.setWidth(2)
        band.setPen(pen)
        band.setBrush(QBrush(QColor(255, 64, 64, 40)))
        band.setZValue(10)
        band.setVisible(False)
        self.plot.addItem(band)
        return band

    def set_title(self, title: str) -> None:
        if title != self._title:              # setting the same rich text re-lays it out (0.2 ms a plot)
            self._title = title
            self.plot.setTitle(title, size="10pt")


    def share_colorbar(self, *others: "Heatmap") -> None:
        """Let this heatmap's colour bar drive `others` too: one scale for matrices to compare."""
        self.colorbar.setImageItem([self.image] + [o.image for o in others])

    def set_matrix(self, matrix: np.ndarray, rows: list[str], cols: list[str],
                   row_side: str | None = None, col_side: str | None = None,
                   has_masked: bool = False, levels: tuple[float, float] | None = None) -> None:
        """Show `matrix` (rows × cols) in place; the axes are relabelled only when labels change."""
        self._last = ((matrix, rows, cols), dict(row_side=row_side, col_side=col_side, has_masked=has_masked,
                                                 levels=levels))
        if matrix.ndim == 1:
            matrix = matrix[None, :]
        self.row_side, self.col_side = row_side, col_side
        levels = levels or value_range(matrix)
        self.image.setImage(matrix, autoLevels=False, levels=levels)
        if self.colorbar is not None and tuple(self.colorbar.levels()) != tuple(levels):
            self.colorbar.setLevels(levels)
        if matrix.shape != self._shape:
            self._shape = matrix.shape
            h, w = matrix.shape
            self.masked_cells.setRect(QRectF(0, 0, w, h))
            self.plot.setRange(xRange=(0, w), yRange=(0, h), padding=0.02)
        self.masked_cells.setVisible(has_masked)
        if rows != self._rows:
            self._rows = list(rows)
            self.plot.getAxis("left").setTicks(tick_levels(self._rows))
        if cols != self._cols:
            self._cols = list(cols)
            self.plot.getAxis("bottom").setTicks(tick_levels(self._cols))
        self.highlight(self.state.hovered_token)

    def set_axis_titles(self, left: str | None, bottom: str | None) -> None:
        if (left, bottom) == getattr(self, "_axis_titles", None):
            return                                  # unchanged: setLabel would re-lay the HTML out
        self._axis_titles = (left, bottom)
        self.plot.setLabel("left", left or "")
        self.plot.setLabel("bottom", bottom or "")
        self.plot.showLabel("left", bool(left))
        self.plot.showLabel("bottom", bool(bottom))

    def highlight(self, token) -> None:
        """Outline the row or column of the hovered token (side, index), if this matrix has it."""
        shape = self._shape
        show_row = show_col = False
        if token is not None and shape is not None:
            side, i = token
            if side == self.row_side and 0 <= i < shape[0]:
                self.row_band.setRect(QRectF(0, i, shape[1], 1))
                show_row = True
            if side == self.col_side and 0 <= i < shape[1]:
                self.col_band.setRect(QRectF(i, 0, 1, shape[0]))
                show_col = True
        self.row_band.setVisible(show_row)
        self.col_band.setVisible(show_col)
        self.plot.getAxis("left").set_emphasis(token[1] if show_row else None)
        self.plot.getAxis("bottom").set_emphasis(token[1] if show_col else None)

    def hover_text_at(self, row: int, col: int) -> str:
        return self.describe(row, col, float(self.image.image[row, col]))

    _hovered = None      # (hover text, token) this heatmap last put into the state

    def _hover(self, cell) -> None:
        if cell is None:
            self.image.setToolTip("")
            self._unhover()
            return
        text = self.hover_text_at(*cell)
        self.image.setToolTip(text)
        self.state.hover_text = text
        token = (self.row_side, cell[0]) if self.row_side is not None else None
        if token is not None:
            self.state.hovered_token = token
        self._hovered = (text, token)

    def _unhover(self) -> None:
        """The mouse left: take back this heatmap's hover text and highlight, unless another matrix
        has set its own since (pyqtgraph tells the item left after the one entered)."""
        if self._hovered is None:
            return
        text, token = self._hovered
        self._hovered = None
        if self.state.hover_text == text:
            self.state.hover_text = ""
            if token is not None and self.state.hovered_token == token:
                self.state.hovered_token = None

    def _double(self) -> None:
        """A double-click asks the stage view around this plot (if any) to show it large."""
        views = self.plot.scene().views() if self.plot.scene() is not None else []
        widget = views[0] if views else None
        while widget is not None and not hasattr(widget, "focus_heatmap"):
            widget = widget.parentWidget()
        if widget is not None:
            widget.focus_heatmap(self)

    def copy_from(self, other: "Heatmap") -> None:
        """Show what `other` shows: its matrix, labels, title, axis titles and colour scale."""
        if other._last is None:
            return
        self.describe = other.describe
        self.set_title(other._title)
        self.set_matrix(*other._last[0], **other._last[1])
        self.set_axis_titles(*getattr(other, "_axis_titles", (None, None)))

    _last = None

    def _click(self, cell) -> None:
        if self.on_click is not None:
            self.on_click(*cell)


def format_value(v: float) -> str:
    if np.isnan(v):
        return translate("Heatmap", "−∞ (masked)")
    return f"{v:.4g}"
