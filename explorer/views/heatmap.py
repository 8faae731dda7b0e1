"""One labelled matrix: a row-major ImageItem with token ticks, a colour bar, a formula title,
hover read-out and the linked-hover highlight of a token's row or column."""
from __future__ import annotations

from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPen, QStaticText
from PySide6.QtWidgets import QGraphicsRectItem

from core.summaries import value_range

COLORMAP = pg.colormap.get("viridis")
HIGHLIGHT = QColor(255, 64, 64)
MASKED = QColor(150, 150, 150)


def tick_levels(labels: list[str]) -> list[list[tuple[float, str]]]:
    """Ticks at the cell centres, split into levels (every 8th, 4th, 2nd, then all) so pyqtgraph
    drops the finer levels when the axis is too short to print every label."""
    n = len(labels)
    if n <= 12:
        return [[(i + 0.5, s) for i, s in enumerate(labels)]]
    levels = []
    taken = set()
    for step in (8, 4, 2, 1):
        level = [(i + 0.5, labels[i]) for i in range(0, n, step) if i not in taken]
        taken.update(range(0, n, step))
        if level:
            levels.append(level)
    return levels


def index_labels(n: int, step: int | None = None) -> list[str]:
    """Labels for a dimension axis (0 … n−1), every `step`-th shown."""
    step = step or max(1, n // 8)
    return [str(i) if i % step == 0 else "" for i in range(n)]


def free_width(label: pg.LabelItem) -> None:
    """Stop a LabelItem from making its text width the minimum width of its plot (pyqtgraph resets
    the minimum on every resize): a long title overhangs instead of pushing plots off the canvas."""
    def update_min():
        height = label.itemRect().height()
        label.setMinimumWidth(0)
        label.setMinimumHeight(height)
        label._sizeHint = {Qt.SizeHint.MinimumSize: (0, height), Qt.SizeHint.PreferredSize: (0, height),
                           Qt.SizeHint.MaximumSize: (-1, -1), Qt.SizeHint.MinimumDescent: (0, 0)}
        label.updateGeometry()

    label.updateMin = update_min
    update_min()


class TokenAxis(pg.AxisItem):
    """An axis for fixed tick labels (tokens, dimension indices) that paints fast.

    pyqtgraph's AxisItem re-measures every label through Python whenever the view range or the ticks
    change — about 1 ms per axis, 45 ms of a 64-token frame. Here each distinct label is laid out once
    (a cached QStaticText) and a paint only places the labels that fit: a level of `tick_levels`
    (every 8th, 4th, 2nd, then every label) is drawn when its labels are at least a label apart on
    screen. `setTicks` keeps pyqtgraph's format (`_tickLevels`); setting identical ticks does nothing.
    """

    GAP = 4          # px between neighbouring labels along the axis
    MIN_SHRINK = 0.7  # every label is drawn, down to this fraction of the font size, before thinning

    def __init__(self, orientation: str):
        super().__init__(orientation)
        self._texts: dict[str, QStaticText] = {}
        self._level_gaps: list[float] = []        # smallest distance (in data units) once a level is added
        self._extent_along = 0.0                   # widest (bottom) / tallest (left) label, px
        self._extent_across = 0.0

    def setTicks(self, ticks=None) -> None:
        if ticks == self._tickLevels:
            return
        self._tickLevels = ticks
        self._level_gaps = []
        self.picture = None                       # pyqtgraph's "redraw" flag; here it holds our layout
        if not ticks:
            self.update()
            return
        font = self.font()
        if font != getattr(self, "_sizes_font", None):     # label → (width, height) in this font
            self._sizes_font, self._sizes = QFont(font), {}
        sizes = self._sizes
        metrics = None
        vertical = self.orientation in ("left", "right")
        along = across = 0.0
        positions: list[float] = []
        for level in ticks:
            for _, label in level:
                if not label:
                    continue
                if label not in self._texts:
                    text = QStaticText(label)
                    text.setTextFormat(Qt.TextFormat.PlainText)
                    text.prepare(font=font)
                    self._texts[label] = text
                size = sizes.get(label)
                if size is None:
                    metrics = metrics or QFontMetricsF(font)
                    size = sizes[label] = (metrics.horizontalAdvance(label), metrics.height())
                w, h = size
                if vertical:
                    along, across = max(along, h), max(across, w)
                else:
                    along, across = max(along, w), max(across, h)
            positions = sorted(positions + [v for v, label in level if label])
            gaps = [b - a for a, b in zip(positions, positions[1:])]
            self._level_gaps.append(min(gaps) if gaps else float("inf"))
        self._extent_along = along
        if abs(across - self._extent_across) > 0.5:
            self._extent_across = across
            self._updateMaxTextSize(int(np.ceil(across)))   # pyqtgraph's own (hysteretic) resizing
        self.update()

    def _layout(self):
        """(axis line, tick lines, [(point, text)]) in item coordinates, for the current range and size."""
        bounds = self.mapRectFromParent(self.geometry())
        vertical = self.orientation in ("left", "right")
        lo, hi = self.range
        dif = hi - lo
        if vertical:
            scale = -bounds.height() / dif if dif else 1.0
            offset = lo * scale - bounds.height() if dif else 0.0
            edge = bounds.right() if self.orientation == "left" else bounds.left()
            line = QLineF(edge, bounds.top(), edge, bounds.bottom())
        else:
            scale = bounds.width() / dif if dif else 1.0
            offset = lo * scale if dif else 0.0
            edge = bounds.top() if self.orientation == "bottom" else bounds.bottom()
            line = QLineF(bounds.left(), edge, bounds.right(), edge)
        px_per_unit = abs(scale)
        need = self._extent_along + self.GAP
        levels = []
        shrink = 1.0                        # labels drawn smaller so that every one of them fits
        gaps = self._level_gaps
        if gaps and need * self.MIN_SHRINK <= gaps[-1] * px_per_unit < need:
            shrink = gaps[-1] * px_per_unit / need
            levels = list(self._tickLevels)
        for level, gap in zip(self._tickLevels or [] if shrink == 1.0 else [], gaps):
            if gap * px_per_unit >= need:
                levels.append(level)
                continue
            if not levels:                  # even the coarsest level is crowded: every k-th of it
                stride = int(np.ceil(need / max(gap * px_per_unit, 1e-9)))
                levels.append(level[::stride])
            break
        tick_length = self.style["tickLength"]
        text_offset = self.style["tickTextOffset"][0 if vertical else 1] + max(0, tick_length)
        first, last = (bounds.top(), bounds.bottom()) if vertical else (bounds.left(), bounds.right())
        ticks, texts = [], []
        for level in levels:
            for value, label in level:
                x = value * scale - offset
                if not first - 0.5 <= x <= last + 0.5:
                    continue
                if self.orientation == "left":
                    ticks.append(QLineF(edge, x, edge - tick_length, x))
                elif self.orientation == "bottom":
                    ticks.append(QLineF(x, edge, x, edge + tick_length))
                text = self._texts.get(label) if label else None
                if text is None:
                    continue
                size = text.size() * shrink
                if self.orientation == "left":
                    texts.append((QPointF(edge - text_offset - size.width(), x - size.height() / 2), text))
                elif self.orientation == "right":
                    texts.append((QPointF(edge + text_offset, x - size.height() / 2), text))
                elif self.orientation == "bottom":
                    texts.append((QPointF(x - size.width() / 2, edge + text_offset), text))
                else:
                    texts.append((QPointF(x - size.width() / 2, edge - text_offset - size.height()), text))
        return line, ticks, texts, shrink

    def paint(self, p, opt, widget):
        if self._tickLevels is None:               # numeric axis: pyqtgraph's own drawing
            super().paint(p, opt, widget)
            return
        if self.picture is None:
            self.picture = self._layout()
        line, ticks, texts, shrink = self.picture
        p.setRenderHint(p.RenderHint.Antialiasing, False)
        p.setPen(self.pen())
        p.drawLine(line)
        if ticks:
            p.setPen(self.tickPen())
            p.drawLines(ticks)
        p.setPen(self.textPen())
        p.setFont(self.font())
        if shrink == 1.0:
            for point, text in texts:
                p.drawStaticText(point, text)
            return
        for point, text in texts:
            p.save()
            p.translate(point)
            p.scale(shrink, shrink)
            p.drawStaticText(QPointF(0, 0), text)
            p.restore()


def round_ticks(lo: float, hi: float, target: int = 4) -> list[tuple[float, str]]:
    """About `target` round values (1, 2 or 5 × 10ⁿ apart) between lo and hi, labelled."""
    span = hi - lo
    if not np.isfinite(span) or span <= 0:
        return [(lo, f"{lo:.3g}")]
    raw = span / target
    magnitude = 10.0 ** np.floor(np.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = np.ceil(lo / step) * step
    values = first + step * np.arange(int(np.floor((hi - first) / step + 1e-9)) + 1)
    return [(float(v), f"{(0.0 if abs(v) < step * 1e-9 else v):.3g}") for v in values]


class ValueAxis(TokenAxis):
    """A colour bar's value axis: a few round values, labelled once per range (TokenAxis paint)."""

    MAX_CACHED_LABELS = 256

    def setRange(self, mn: float, mx: float) -> None:
        super().setRange(mn, mx)
        if hasattr(self, "_texts"):
            if len(self._texts) > self.MAX_CACHED_LABELS:     # numeric labels come and go
                self._texts.clear()
                getattr(self, "_sizes", {}).clear()
            self.setTicks([round_ticks(min(mn, mx), max(mn, mx))])


def fast_colorbar(**kwargs) -> pg.ColorBarItem:
    """A ColorBarItem whose value axis is a ValueAxis (pyqtgraph's re-measures ~1.3 ms per range)."""
    bar = pg.ColorBarItem(**kwargs)
    axis = ValueAxis("right")
    axis.enableAutoSIPrefix(False)
    bar.setAxisItems({"right": axis})
    bar.axis = axis
    axis.setZValue(0.5)
    axis.setWidth(45)
    axis.unlinkFromView()
    axis.setRange(*bar.levels())
    return bar


class MatrixImage(pg.ImageItem):
    """An ImageItem that reports the hovered and clicked cell (row, column)."""

    def __init__(self, on_hover: Callable, on_click: Callable):
        super().__init__(axisOrder="row-major")
        self._on_hover, self._on_click = on_hover, on_click
        self.setAcceptHoverEvents(True)

    def render(self) -> None:
        if self._render_fast():
            return
        super().render()
        # pyqtgraph hands 8-bit look-ups over as Indexed8, which QPainter converts on every paint
        # (≈ 0.3 ms a heatmap); converting once per new image makes a repaint ≈ 10 µs.
        if self.qimage is not None and self.qimage.format() == QImage.Format.Format_Indexed8:
            self.qimage = self.qimage.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)

    _lut_key = None
    _lut32: np.ndarray | None = None

    def _render_fast(self) -> bool:
        """A NaN-free 2-D float matrix with a ≤ 256-entry RGB look-up table: straight to a 32-bit
        image through a cached 32-bit table (the pixels pyqtgraph's Indexed8 image converts to,
        without building its colour table of 256 Python qRgb values every time)."""
        image, lut, levels = self.image, self.lut, self.levels
        if (image is None or image.ndim != 2 or image.size == 0 or image.dtype.kind != "f"
                or self.autoDownsample or self.axisOrder != "row-major" or levels is None
                or not isinstance(lut, np.ndarray) or lut.dtype != np.uint8 or lut.ndim != 2
                or lut.shape[1] != 3 or not 0 < lut.shape[0] <= 256 or np.ndim(levels) != 1):
            return False
        if self._imageHasNans is None:
            self._imageHasNans = bool(np.isnan(image.min()))
            self._imageNanLocations = None
        if self._imageHasNans:
            return False
        from pyqtgraph.functions_qimage import _rescale_and_lookup_float

        index, table = _rescale_and_lookup_float(np, image, levels, lut, forceApplyLut=False)
        if index.dtype != np.uint8 or table is None or table.ndim != 2 or table.shape[1] != 3:
            return False
        key = table.tobytes()
        if key != self._lut_key:
            t = table.astype(np.uint32)
            self._lut32 = np.uint32(0xFF000000) | (t[:, 0] << 16) | (t[:, 1] << 8) | t[:, 2]
            self._lut_key = key
        argb = self._lut32[np.ascontiguousarray(index)]
        self._processingBuffer = self._displayBuffer = None
        self.qimage = pg.functions.ndarray_to_qimage(argb, QImage.Format.Format_ARGB32_Premultiplied)
        self._renderRequired = False
        self._unrenderable = False
        return True

    def paint(self, painter, *args) -> None:
        painter.setRenderHint(painter.RenderHint.Antialiasing, False)    # cells are rectangles
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
        if ev.button() == Qt.MouseButton.LeftButton:
            cell = self._cell(ev.pos())
            if cell is not None:
                ev.accept()
                self._on_click(cell)


class Heatmap:
    """A PlotItem showing one matrix with its tokens on the axes.

    row_side / col_side: "src" or "tgt" when that axis is tokens (linked hover highlights it),
    None when it is dimensions. `describe(row, col, value)` says what a cell is.
    """

    def __init__(self, layout: pg.GraphicsLayout, row: int, col: int, title: str, state,
                 describe: Callable[[int, int, float], str] | None = None,
                 colorbar: bool = True, rowspan: int = 1, colspan: int = 1, on_click=None,
                 square: bool = True):
        self.state = state
        self.describe = describe or (lambda r, c, v: f"[{r}, {c}]: {v:.4g}")
        self.on_click = on_click
        self.row_side: str | None = None
        self.col_side: str | None = None
        self.plot: pg.PlotItem = layout.addPlot(row=row, col=col, rowspan=rowspan, colspan=colspan,
                                                axisItems={"left": TokenAxis("left"), "bottom": TokenAxis("bottom")})
        free_width(self.plot.titleLabel)
        self._title = None
        self.set_title(title)
        self.plot.invertY(True)
        self.plot.setAspectLocked(square)
        self.plot.setMouseEnabled(False, False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.vb.setBackgroundColor(None)
        for side in ("left", "bottom", "top", "right"):   # hidden ones follow the range too
            self.plot.getAxis(side).enableAutoSIPrefix(False)   # no "×1e3" relabelling on range changes
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setStyle(tickLength=-3)
        self.image = MatrixImage(self._hover, self._click)
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
            self.colorbar = fast_colorbar(colorMap=COLORMAP, width=10, interactive=False, colorMapMenu=False)
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
        self.colorbar.setImageItem([self.image] + [o.image for o in others], insert_in=self.plot)

    def set_matrix(self, matrix: np.ndarray, rows: list[str], cols: list[str],
                   row_side: str | None = None, col_side: str | None = None,
                   has_masked: bool = False, levels: tuple[float, float] | None = None) -> None:
        """Show `matrix` (rows × cols) in place; the axes are relabelled only when labels change."""
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

    def hover_text_at(self, row: int, col: int) -> str:
        return self.describe(row, col, float(self.image.image[row, col]))

    def _hover(self, cell) -> None:
        if cell is None:
            self.image.setToolTip("")
            return
        text = self.hover_text_at(*cell)
        self.image.setToolTip(text)
        self.state.hover_text = text
        if self.row_side is not None:
            self.state.hovered_token = (self.row_side, cell[0])

    def _click(self, cell) -> None:
        if self.on_click is not None:
            self.on_click(*cell)


def format_value(v: float) -> str:
    if np.isnan(v):
        return "−∞ (masked)"
    return f"{v:.4g}"
