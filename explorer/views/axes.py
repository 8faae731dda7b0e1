"""Axes for matrices of tokens: fixed tick labels (tokens, dimension indices) that paint fast, and the
colour bars' value axes.

pyqtgraph's AxisItem re-measures every label through Python whenever the view range or the ticks
change — about 1 ms per axis, 45 ms of a 64-token frame. Here a label is laid out once per font (a
QStaticText shared by every axis), and an axis's placement of its labels is computed once per
(labels, range, size, style) and shared too: the nine matrices of an attention pipeline mostly have
the same token axes, so a keystroke lays out a handful of axes, not eighteen.
"""
from __future__ import annotations

import itertools

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QStaticText


def tick_levels(labels: list[str]) -> list[list[tuple[float, str]]]:
    """Ticks at the cell centres, split into levels (every 8th, 4th, 2nd, then all) so an axis too
    short to print every label drops the finer levels."""
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


class _Shared:
    """What every axis shares: prepared labels per font, tick sets by id, placements by key.
    Each table is emptied when it grows past its bound (numeric colour-bar labels come and go)."""

    MAX_ENTRIES = 4096

    def __init__(self):
        self.texts: dict[tuple[str, str], QStaticText] = {}     # (font key, label) → prepared text
        self.tick_ids: dict[tuple, int] = {}                     # tick levels → id (ids never reused)
        self.tick_info: dict[tuple, tuple] = {}                  # (id, font key, vertical) → gaps, extents
        self.layouts: dict[tuple, tuple] = {}                    # placement key → placement
        self.fonts: dict[tuple[str, float], QFont] = {}          # (font key, factor) → smaller font
        self.inks: dict[tuple[str, str], float] = {}            # (font key, label) → ink height
        self._ids = itertools.count()

    @staticmethod
    def _bounded(table: dict) -> dict:
        if len(table) >= _Shared.MAX_ENTRIES:
            table.clear()
        return table

    def text(self, label: str, font: QFont, font_key: str) -> QStaticText:
        text = self.texts.get((font_key, label))
        if text is None:
            text = QStaticText(label)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.prepare(font=font)
            self._bounded(self.texts)[(font_key, label)] = text
        return text

    def ink_height(self, label: str, font: QFont, font_key: str) -> float:
        height = self.inks.get((font_key, label))
        if height is None:
            height = QFontMetricsF(font).tightBoundingRect(label).height()
            self._bounded(self.inks)[(font_key, label)] = height
        return height

    def tick_id(self, ticks: tuple) -> int:
        i = self.tick_ids.get(ticks)
        if i is None:
            i = self._bounded(self.tick_ids)[ticks] = next(self._ids)
        return i

    def font(self, font: QFont, font_key: str, factor: float) -> QFont:
        """`font` at `factor` of its size (labels shrunk to fit)."""
        smaller = self.fonts.get((font_key, factor))
        if smaller is None:
            smaller = QFont(font)
            if font.pointSizeF() > 0:
                smaller.setPointSizeF(font.pointSizeF() * factor)
            else:
                smaller.setPixelSize(max(1, round(font.pixelSize() * factor)))
            self._bounded(self.fonts)[(font_key, factor)] = smaller
        return smaller


SHARED = _Shared()


class TokenAxis(pg.AxisItem):
    """An axis for fixed tick labels that paints fast. A level of `tick_levels` (every 8th, 4th, 2nd,
    then every label) is drawn when its labels are at least a label apart on screen; before thinning,
    every label is drawn in a smaller font, down to MIN_SHRINK of the size. `setTicks` keeps
    pyqtgraph's format (`_tickLevels`); setting identical ticks does nothing."""

    GAP = 4            # px between neighbouring labels along the axis
    MIN_SHRINK = 0.7   # every label is drawn, down to this fraction of the font size, before thinning
    SHRINK_STEP = 0.05  # smaller fonts come in these steps (each one prepared once)

    def __init__(self, orientation: str):
        super().__init__(orientation)
        self._ticks_id: int | None = None
        self._extent_across = 0.0

    _pen_cache: tuple | None = None

    def _pens(self) -> tuple:
        """(axis, tick, text) pens, made once (pyqtgraph's getters build a new QPen per call)."""
        if self._pen_cache is None:
            self._pen_cache = (self.pen(), self.tickPen(), self.textPen())
        return self._pen_cache

    def setPen(self, *args, **kwargs) -> None:
        self._pen_cache = None
        super().setPen(*args, **kwargs)

    def setTextPen(self, *args, **kwargs) -> None:
        self._pen_cache = None
        super().setTextPen(*args, **kwargs)

    def setTickPen(self, *args, **kwargs) -> None:
        self._pen_cache = None
        super().setTickPen(*args, **kwargs)

    def _font_and_key(self) -> tuple[QFont, str]:
        font = self.font()
        return font, font.key()

    def setTicks(self, ticks=None) -> None:
        if ticks == self._tickLevels:
            return
        self._tickLevels = ticks
        self.picture = None                       # pyqtgraph's "redraw" flag; here it holds our placement
        if not ticks:
            self._ticks_id = None
            self.update()
            return
        self._ticks_id = SHARED.tick_id(tuple(tuple(level) for level in ticks))
        font, key = self._font_and_key()
        _gaps, _along, across = self._tick_info(font, key)
        if abs(across - self._extent_across) > 0.5:
            self._extent_across = across
            self._updateMaxTextSize(int(np.ceil(across)))   # pyqtgraph's own (hysteretic) resizing
        self.update()

    def _tick_info(self, font: QFont, key: str) -> tuple[list[float], float, float]:
        """(smallest gap in data units once each level is added, the largest label extent along the
        axis, across it), px. Along a vertical axis a label needs its ink height (a CJK line is half
        as tall again as its glyphs), across it the whole laid-out text."""
        vertical = self.orientation in ("left", "right")
        info = SHARED.tick_info.get((self._ticks_id, key, vertical))
        if info is not None:
            return info
        along = across = 0.0
        positions: list[float] = []
        gaps_by_level = []
        for level in self._tickLevels:
            for _, label in level:
                if label:
                    size = SHARED.text(label, font, key).size()
                    if vertical:
                        along, across = max(along, SHARED.ink_height(label, font, key)), max(across, size.width())
                    else:
                        along, across = max(along, size.width()), max(across, size.height())
            positions = sorted(positions + [v for v, label in level if label])
            gaps = [b - a for a, b in zip(positions, positions[1:])]
            gaps_by_level.append(min(gaps) if gaps else float("inf"))
        info = (gaps_by_level, along, across)
        SHARED._bounded(SHARED.tick_info)[(self._ticks_id, key, vertical)] = info
        return info

    def _layout(self):
        """(axis line, tick lines, [(point, text)], font) in item coordinates for the current labels,
        range, size and style — shared by every axis with the same ones."""
        bounds = self.mapRectFromParent(self.geometry())
        font, key = self._font_and_key()
        tick_length = self.style["tickLength"]
        vertical = self.orientation in ("left", "right")
        text_offset = self.style["tickTextOffset"][0 if vertical else 1] + max(0, tick_length)
        lo, hi = self.range
        cache_key = (self.orientation, self._ticks_id, key, lo, hi, bounds.x(), bounds.y(), bounds.width(),
                     bounds.height(), tick_length, text_offset)
        layout = SHARED.layouts.get(cache_key)
        if layout is None:
            layout = self._place(bounds, font, key, tick_length, text_offset)
            SHARED._bounded(SHARED.layouts)[cache_key] = layout
        return layout

    def _place(self, bounds, font: QFont, key: str, tick_length: float, text_offset: float):
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
        gaps, along, _across = self._tick_info(font, key)
        need = along + self.GAP
        levels = []
        shrink = 1.0                        # labels drawn smaller so that every one of them fits
        if gaps and need * self.MIN_SHRINK <= gaps[-1] * px_per_unit < need:
            shrink = max(self.MIN_SHRINK, np.floor(gaps[-1] * px_per_unit / need / self.SHRINK_STEP)
                         * self.SHRINK_STEP)
            levels = list(self._tickLevels)
        for level, gap in zip((self._tickLevels or []) if shrink == 1.0 else [], gaps):
            if gap * px_per_unit >= need:
                levels.append(level)
                continue
            if not levels:                  # even the coarsest level is crowded: every k-th of it
                stride = int(np.ceil(need / max(gap * px_per_unit, 1e-9)))
                levels.append(level[::stride])
            break
        if shrink != 1.0:
            font = SHARED.font(font, key, round(shrink, 4))
            key = font.key()
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
                if not label:
                    continue
                text = SHARED.text(label, font, key)
                size = text.size()
                if self.orientation == "left":
                    texts.append((QPointF(edge - text_offset - size.width(), x - size.height() / 2), text))
                elif self.orientation == "right":
                    texts.append((QPointF(edge + text_offset, x - size.height() / 2), text))
                elif self.orientation == "bottom":
                    texts.append((QPointF(x - size.width() / 2, edge + text_offset), text))
                else:
                    texts.append((QPointF(x - size.width() / 2, edge - text_offset - size.height()), text))
        return line, ticks, texts, font

    def paint(self, p, opt, widget):
        if self._tickLevels is None:               # numeric axis: pyqtgraph's own drawing
            super().paint(p, opt, widget)
            return
        if self.picture is None:
            self.picture = self._layout()
        line, ticks, texts, font = self.picture
        axis_pen, tick_pen, text_pen = self._pens()
        p.setRenderHint(p.RenderHint.Antialiasing, False)
        p.setPen(axis_pen)
        if tick_pen == axis_pen:
            p.drawLines([line] + ticks)
        else:
            p.drawLine(line)
            p.setPen(tick_pen)
            p.drawLines(ticks)
        p.setPen(text_pen)
        p.setFont(font)
        for point, text in texts:
            p.drawStaticText(point, text)


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

    def setRange(self, mn: float, mx: float) -> None:
        super().setRange(mn, mx)
        if hasattr(self, "_ticks_id"):               # pyqtgraph sets a range before __init__ ends
            self.setTicks([round_ticks(min(mn, mx), max(mn, mx))])


class ColourBar(pg.GraphicsWidget):
    """A colour map's strip with its value axis, right of a plot: `setLevels` moves the axis and sets
    the levels of every linked image (one scale for the heatmaps that share the bar).

    pyqtgraph's ColorBarItem is a whole PlotItem with menus this explorer never shows: 7 ms to build
    each, most of a heatmap's construction."""

    def __init__(self, colormap, width: int = 10, axis_width: int = 45):
        super().__init__()
        self.strip_width, self.axis_width = width, axis_width
        lut = np.ascontiguousarray(colormap.getLookupTable(nPts=256, alpha=False)[::-1])     # top: high
        argb = (np.uint32(0xFF000000) | (lut[:, 0].astype(np.uint32) << 16) | (lut[:, 1].astype(np.uint32) << 8)
                | lut[:, 2].astype(np.uint32)).reshape(256, 1)
        self._strip = pg.functions.ndarray_to_qimage(argb, QImage.Format.Format_ARGB32).copy()
        self._images: list = []
        self._levels = (0.0, 1.0)
        self.axis = ValueAxis("right")
        self.axis.setParentItem(self)
        self.axis.enableAutoSIPrefix(False)
        self.axis.setWidth(axis_width)
        self.axis.setRange(*self._levels)
        self.setMinimumWidth(width + axis_width)
        self.setMaximumWidth(width + axis_width)

    def setImageItem(self, images, insert_in: pg.PlotItem | None = None) -> None:
        """Link `images` (one or a list) to this bar; `insert_in`: the plot to stand right of."""
        self._images = list(images) if isinstance(images, (list, tuple)) else [images]
        if insert_in is not None:
            insert_in.layout.addItem(self, 2, 5)
            insert_in.layout.setColumnFixedWidth(4, 5)

    def levels(self) -> tuple[float, float]:
        return self._levels

    def setLevels(self, levels) -> None:
        lo, hi = float(levels[0]), float(levels[1])
        self._levels = (lo, hi)
        self.axis.setRange(lo, hi)
        for image in self._images:
            current = image.getLevels()
            if current is None or tuple(np.ravel(current)) != (lo, hi):
                image.setLevels((lo, hi))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.axis.setGeometry(QRectF(self.strip_width, 0, self.axis_width, self.size().height()))

    def paint(self, p, *args) -> None:
        p.drawImage(QRectF(0, 0, self.strip_width, self.size().height()), self._strip)


def no_contents(view: pg.ViewBox) -> None:
    """Tell Qt a border-less ViewBox draws nothing itself (its children do): its paint, a Python call
    per view per frame, is skipped."""
    if view.border is None or view.border.style() == Qt.PenStyle.NoPen:
        view.setFlag(view.GraphicsItemFlag.ItemHasNoContents, True)
