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

from .cells import on_vector_device, paint_cells


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
        self._keys: list[tuple[QFont, str]] = []                # recent fonts and their keys

    @staticmethod
    def _bounded(table: dict) -> dict:
        if len(table) >= _Shared.MAX_ENTRIES:
            table.clear()
        return table

    def key(self, font: QFont) -> str:
        """`font.key()`, remembered for the fonts last asked about: building the key (QFont::toString)
        costs ~4 µs, comparing two fonts ~0.1 µs, and a repaint asks ~75 times."""
        keys = self._keys
        for i, (known, key) in enumerate(keys):
            if known == font:
                if i:
                    keys.insert(0, keys.pop(i))
                return key
        key = font.key()
        keys.insert(0, (QFont(font), key))       # a copy: the caller's font may change later
        del keys[self.RECENT_FONTS:]
        return key

    RECENT_FONTS = 12

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
    """An axis for fixed tick labels that paints fast, and labels every token it can.

    When its labels do not fit side by side, it tries in turn: a smaller font (never below
    MIN_POINT), then (a bottom axis) the labels turned upright, long ones abbreviated; only then it
    leaves labels out — the levels of `tick_levels` (every 8th, 4th, 2nd) that fit, or every k-th —
    and the hovered label (`set_emphasis`) is always drawn. It asks its plot for the length that
    MAX_LABELLED labels need (`setMinimumHeight` / `setMinimumWidth`), so a canvas in a scroll area
    grows instead of dropping labels. `setTicks` keeps pyqtgraph's format (`_tickLevels`); setting
    identical ticks does nothing."""

    GAP = 3            # px between neighbouring labels along the axis (side by side)
    INK_GAP = 2        # px between the inks of stacked (or upright) labels
    MIN_SHRINK = 0.7   # labels may shrink to this fraction of the font size …
    MIN_POINT = 9.0    # … but never below this size (pt): text under 9 pt is not read on screen
    SHRINK_STEP = 0.05  # smaller fonts come in these steps (each one prepared once)
    MAX_LABELLED = 32  # the axis asks for room to label this many tokens
    ABBREVIATE = 9     # upright labels longer than this are cut to ABBREVIATE − 1 characters + "…"
    RANGE_PADDING = 1.06  # a heatmap's range is its cells plus 2 % padding each side (and rounding)
    ASKS_FOR_ROOM = True  # token and dimension axes ask for their labels' length; value axes do not
    SLACK = 3          # labels: an axis gives back room it asked for only when it needs this much less

    def __init__(self, orientation: str):
        super().__init__(orientation)
        self._ticks_id: int | None = None
        self._extent_across = 0.0
        self._emphasis: int | None = None
        self._wanted_length = 0.0

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
        return font, SHARED.key(font)

    def set_emphasis(self, index: int | None) -> None:
        """The label of cell `index` (the hovered token) is drawn even where labels are thinned."""
        if index != self._emphasis:
            self._emphasis = index
            placement = getattr(self, "placement", None)
            if placement is not None and placement["thinned"]:
                self.update()

    def setTicks(self, ticks=None) -> None:
        if ticks == self._tickLevels:
            return
        self._tickLevels = ticks
        self.picture = None                       # pyqtgraph's "redraw" flag; here it holds our placement
        if not ticks:
            self._ticks_id = None
            self._want_length(0.0)
            self.update()
            return
        self._ticks_id = SHARED.tick_id(tuple(tuple(level) for level in ticks))
        font, key = self._font_and_key()
        info = self._tick_info(font, key)
        self._set_extent_across(info["across"])
        self._want_length(self._needed_length(info, font))
        self.update()

    def _set_extent_across(self, across: float) -> None:
        if abs(across - self._extent_across) > 0.5:
            self._extent_across = across
            self._updateMaxTextSize(int(np.ceil(across)))   # pyqtgraph's own (hysteretic) resizing

    def _smallest_factor(self, font: QFont) -> float:
        size = font.pointSizeF()
        if size <= 0:
            return 1.0
        return min(1.0, max(self.MIN_SHRINK, self.MIN_POINT / size))

    def _needed_length(self, info: dict, font: QFont) -> float:
        """The axis length (px) that labels every one of up to MAX_LABELLED labels in their most
        compact legible form (smallest font; upright on a bottom axis)."""
        gaps = info["gaps"]
        if not gaps or gaps[-1] <= 0:
            return 0.0
        factor = self._smallest_factor(font)
        if self.orientation in ("left", "right"):
            per_label = info["along"] * factor + self.INK_GAP
        elif self.orientation == "bottom" and not info["single"]:
            per_label = min(info["along"] * factor + self.GAP, info["ink"] + self.INK_GAP)
        else:
            per_label = info["along"] * factor + self.GAP
        # label slots: one label (a lone <bos> row) asks for its own length, as every label does
        slots = 1.0 if not np.isfinite(gaps[-1]) else min(info["span"], self.MAX_LABELLED * gaps[-1]) / gaps[-1]
        self._per_label = per_label * self.RANGE_PADDING
        self._most_length = float(np.ceil(self.MAX_LABELLED * self._per_label + 2))
        return float(np.ceil(slots * self._per_label + 2))

    _per_label = 0.0
    _most_length = 0.0

    def _want_length(self, length: float) -> None:
        """Ask for `length` px: at once when more — a row axis then for SLACK labels more, so that
        the next few decoded tokens fit too —, only when 2 × SLACK labels less (typing and erasing a character, a
        decoding step and Back, must not re-lay out every plot of the canvas each time: 17 ms of a
        decoding step's 40 on the 2-core Xeon)."""
        if not self.ASKS_FOR_ROOM:
            return
        if length <= self._wanted_length and (length == 0.0) == (self._wanted_length == 0.0) \
                and length > self._wanted_length - 2 * self.SLACK * self._per_label - 0.5:
            return
        if length > self._wanted_length and length > 0.0 and self.orientation in ("left", "right"):
            # rows are what decoding adds, a step at a time (and the canvas scrolls up and down);
            # widths grow only as needed: the nine panels must fit the window's width
            length = max(length, min(length + self.SLACK * self._per_label, self._most_length))
        self._wanted_length = length
        if self.orientation in ("left", "right"):
            self.setMinimumHeight(length)
        else:
            self.setMinimumWidth(length)

    @staticmethod
    def abbreviated(label: str, limit: int) -> str:
        return label if len(label) <= limit else label[:limit - 1] + "…"

    def _tick_info(self, font: QFont, key: str) -> dict:
        """What the placement needs of the labels, once per tick set and font: the smallest gap in
        data units once each level is added; the largest label extent along the axis and across it
        (px); for a bottom axis, the largest ink height of the labels (their extent along the axis
        when upright) and the width of the longest upright label; the span of the positions."""
        vertical = self.orientation in ("left", "right")
        info = SHARED.tick_info.get((self._ticks_id, key, vertical))
        if info is not None:
            return info
        along = across = ink = upright = 0.0
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
                        ink = max(ink, SHARED.ink_height(label, font, key))
                        short = self.abbreviated(label, self.ABBREVIATE)
                        upright = max(upright, SHARED.text(short, font, key).size().width())
            positions = sorted(positions + [v for v, label in level if label])
            gaps = [b - a for a, b in zip(positions, positions[1:])]
            gaps_by_level.append(min(gaps) if gaps else float("inf"))
        span = (positions[-1] + 0.5) if positions else 0.0
        # labels of one character (hanzi, "i", "a") are never turned upright: it would gain nothing
        single = all(len(label) <= 1 for level in self._tickLevels for _, label in level)
        info = {"gaps": gaps_by_level, "along": along, "across": across, "ink": ink, "upright": upright,
                "span": span, "single": single}
        SHARED._bounded(SHARED.tick_info)[(self._ticks_id, key, vertical)] = info
        return info

    def _layout(self):
        """(axis line, tick lines, [(point, text)], font) in item coordinates for the current labels,
        range, size and style — shared by every axis with the same ones. The rest of the placement
        (upright or not, thinned or not, how to place one more label) is in `self.placement`."""
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
        line, ticks, texts, font, placement = layout
        self.placement = placement
        if not vertical:                            # upright labels need the axis taller
            info = self._tick_info(*self._font_and_key())
            self._set_extent_across(info["upright"] if placement["upright"] else info["across"])
        return line, ticks, texts, font

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
        info = self._tick_info(font, key)
        gaps = info["gaps"]
        levels = list(self._tickLevels or [])
        finest = gaps[-1] * px_per_unit if gaps else float("inf")
        need = info["along"] + (self.INK_GAP if vertical else self.GAP)
        upright = thinned = False
        shrink = 1.0
        if finest < need:
            smallest = self._smallest_factor(font)
            if need * smallest <= finest:           # a smaller font fits every label
                shrink = max(smallest, np.floor(finest / need / self.SHRINK_STEP) * self.SHRINK_STEP)
            elif self.orientation == "bottom" and not info["single"] and info["ink"] + self.INK_GAP <= finest:
                upright = True                      # upright labels fit (at full size)
            else:                                   # last resort: leave labels out
                thinned = True
                if self.orientation == "bottom" and not info["single"]:
                    upright, need = True, info["ink"] + self.INK_GAP
                kept = []
                for level, gap in zip(levels, gaps):
                    if gap * px_per_unit >= need:
                        kept.append(level)
                        continue
                    if not kept:                    # even the coarsest level is crowded: every k-th of it
                        stride = int(np.ceil(need / max(gap * px_per_unit, 1e-9)))
                        kept.append(level[::stride])
                    break
                levels = kept
        if shrink != 1.0:
            font = SHARED.font(font, key, round(shrink, 4))
            key = SHARED.key(font)
        first, last = (bounds.top(), bounds.bottom()) if vertical else (bounds.left(), bounds.right())
        placement = {"scale": scale, "offset": offset, "edge": edge, "text_offset": text_offset,
                     "upright": upright, "thinned": thinned, "font": font, "key": key, "first": first,
                     "last": last, "drawn": set()}
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
                if label:
                    texts.append(self._label(value, label, placement))
                    placement["drawn"].add(int(np.floor(value)))
        return line, ticks, texts, font, placement

    def _label(self, value: float, label: str, placement: dict):
        """(point, text) of one label; an upright label is a (point, text, True) — drawn turned by −90°
        from its point, reading upwards, its end against the axis."""
        x = value * placement["scale"] - placement["offset"]
        edge, text_offset, font, key = placement["edge"], placement["text_offset"], placement["font"], placement["key"]
        if placement["upright"]:
            text = SHARED.text(self.abbreviated(label, self.ABBREVIATE), font, key)
            size = text.size()
            return QPointF(x - size.height() / 2, edge + text_offset + size.width()), text, True
        text = SHARED.text(label, font, key)
        size = text.size()
        if self.orientation == "left":
            return QPointF(edge - text_offset - size.width(), x - size.height() / 2), text
        if self.orientation == "right":
            return QPointF(edge + text_offset, x - size.height() / 2), text
        if self.orientation == "bottom":
            return QPointF(x - size.width() / 2, edge + text_offset), text
        return QPointF(x - size.width() / 2, edge - text_offset - size.height()), text

    def drawn_labels(self) -> list[str]:
        """The labels this axis draws now, the hovered one included (what a reader sees)."""
        _line, _ticks, texts, _font = self._layout()
        drawn = [entry[1].text() for entry in texts]
        extra = self._emphasised()
        return drawn + ([extra[1].text()] if extra is not None else [])

    def _emphasised(self):
        """The hovered label where the thinned placement left it out, else None."""
        placement, i = getattr(self, "placement", None), self._emphasis
        if placement is None or not placement["thinned"] or i is None or i in placement["drawn"]:
            return None
        for level in self._tickLevels or []:
            for value, label in level:
                if int(np.floor(value)) == i and label:
                    x = value * placement["scale"] - placement["offset"]
                    if placement["first"] - 0.5 <= x <= placement["last"] + 0.5:
                        return self._label(value, label, placement)
        return None

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
        extra = self._emphasised()
        for entry in texts if extra is None else texts + [extra]:
            if len(entry) == 2:
                p.drawStaticText(*entry)
            else:
                p.save()
                p.translate(entry[0])
                p.rotate(-90)
                p.drawStaticText(QPointF(0, 0), entry[1])
                p.restore()


class LegibleAxis(pg.AxisItem):
    """pyqtgraph's numeric axis, minus any value label that would touch one already placed: its
    tick levels are kept by how much of the axis their text fills, not by whether two labels meet
    (a log axis printed 0.9 over 1). Labels of coarser levels come first and win."""

    def generateDrawSpecs(self, p):
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return specs
        axis_spec, tick_specs, text_specs = specs
        vertical = self.orientation in ("left", "right")
        ink = QFontMetricsF(self.style["tickFont"] or self.font()).tightBoundingRect("0123456789").height()
        kept, spans = [], []
        for spec in text_specs:
            rect = spec[0]
            if vertical:
                lo, hi = rect.center().y() - ink / 2 - 1, rect.center().y() + ink / 2 + 1
            else:
                lo, hi = rect.left() - 2, rect.right() + 2
            if any(lo < b and a < hi for a, b in spans):
                continue
            spans.append((lo, hi))
            kept.append(spec)
        return axis_spec, tick_specs, kept


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

    ASKS_FOR_ROOM = False

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
        # opaque, so premultiplied is the same pixels in the format the raster engine draws from
        self._strip = pg.functions.ndarray_to_qimage(argb, QImage.Format.Format_ARGB32_Premultiplied).copy()
        self._scaled: QImage | None = None          # the strip at the bar's size in device pixels
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
        if on_vector_device(p):                  # an SVG / PDF export: the strip as rectangles
            p.save()
            p.scale(self.strip_width / self._strip.width(), self.size().height() / self._strip.height())
            paint_cells(p, self._strip)
            p.restore()
            return
        # scaled once per size (nearest pixel: the strip's 256 rows of one colour each), then drawn
        # 1:1 — scaling the 1 × 256 strip on every paint was ~0.2 ms a bar, most of a heatmap's paint
        target = p.worldTransform().mapRect(QRectF(0, 0, self.strip_width, self.size().height()))
        w, h = max(1, round(target.width())), max(1, round(target.height()))
        if self._scaled is None or (self._scaled.width(), self._scaled.height()) != (w, h):
            self._scaled = self._strip.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio,
                                              Qt.TransformationMode.FastTransformation)
        p.drawImage(QRectF(0, 0, self.strip_width, self.size().height()), self._scaled)


def no_contents(view: pg.ViewBox) -> None:
    """Tell Qt a border-less ViewBox draws nothing itself (its children do): its paint, a Python call
    per view per frame, is skipped."""
    if view.border is None or view.border.style() == Qt.PenStyle.NoPen:
        view.setFlag(view.GraphicsItemFlag.ItemHasNoContents, True)
