"""P(next token) as horizontal bars, the likeliest on top: each candidate's token left of its bar, its
probability right of it, the strategy's pick in red; a click on a row reports that row.

Painted directly (like the alignment view): a pyqtgraph canvas here was a second graphics scene, and
every scene flushes the window's pending paint when it processes its changes, so each keystroke
painted the window twice. Labels are prepared once per font and text (QStaticText).
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen, QStaticText, QTextDocument
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..i18n import QT_TRANSLATE_NOOP, translate
from ..views.axes import SHARED, round_ticks

BAR = QColor("#56b4e9")
PICK = QColor("#e8452c")
MIN_POINT = 9.0             # no text smaller than this (pt): the chart grows (and scrolls) instead


class NextTokenChart(QWidget):
    """set_bars(labels, values, pick_row, title) shows a distribution; `on_click(row)` is called when
    a row is clicked. The value axis runs from 0 to a round top just above the largest probability and
    keeps it while the bars fit and fill at least 70 % of it (a new sentence rarely moves it)."""

    AXIS_LABEL = QT_TRANSLATE_NOOP("NextTokenChart", "P(next token)")

    def __init__(self, on_click: Callable[[int], None] | None = None, parent=None):
        super().__init__(parent)
        self.on_click = on_click
        self.labels: list[str] = []
        self.values = np.zeros(0)
        self.pick_row: int | None = None
        self.title = ""
        self.x_top = 1.0
        self.setMinimumWidth(240)
        self._ask_for_rows()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)   # paintEvent fills it all: nothing under it is painted
        self.setToolTip(translate("NextTokenChart", "click a candidate to force it as the next token (what if?)"))

    # data -----------------------------------------------------------------------------------------
    def set_bars(self, labels: list[str], values: np.ndarray, pick_row: int | None, title: str) -> None:
        self.labels, self.values = list(labels), np.asarray(values, dtype=float)
        self.pick_row, self.title = pick_row, title
        self._ask_for_rows()
        need = max(1e-6, float(self.values.max())) * 1.18 if len(self.values) else 1.0
        if need > self.x_top or need < 0.7 * self.x_top:
            self.x_top = math.ceil(need / 0.05) * 0.05 if need > 0.05 else need
        self.update()

    # geometry -------------------------------------------------------------------------------------
    def _fonts(self) -> tuple[QFont, QFont]:
        base = QFont(self.font())
        small = QFont(base)
        small.setPointSizeF(max(min(MIN_POINT, base.pointSizeF()), base.pointSizeF() * 0.9))
        return base, small

    @staticmethod
    def _row_font(font: QFont, row_height: float) -> QFont:
        """`font`, or a smaller one (in 10 % steps, never under MIN_POINT) when a row is lower than its
        line (the chart asks for rows a line high: see `_ask_for_rows`)."""
        line = QFontMetricsF(font).height()
        if row_height >= line:
            return font
        lowest = min(1.0, MIN_POINT / font.pointSizeF())
        factor = max(lowest, math.floor(row_height / line * 10) / 10)
        smaller = QFont(font)
        smaller.setPointSizeF(font.pointSizeF() * factor)
        return smaller

    def _ask_for_rows(self) -> None:
        """A minimum height that gives every row a line of the label font: in a small window the
        chart scrolls (its panel holds it in a scroll area) instead of shrinking its text."""
        base, small = self._fonts()
        line = QFontMetricsF(small).height()
        chrome = 4 + QFontMetricsF(base).height() + 4 + 4 + 2 * line + 6
        height = math.ceil(chrome + max(1, len(self.labels)) * line)
        if height != self.minimumHeight():
            self.setMinimumHeight(height)

    def _plot_rect(self) -> QRectF:
        """Where the bars are: below the title, above the value axis, right of the token labels
        (worked out once per labels, size and font)."""
        key = (tuple(self.labels), self.width(), self.height(), SHARED.key(self.font()))
        if key != self._plot_key:
            base, small = self._fonts()
            metrics = QFontMetricsF(small)
            line = metrics.height()
            label_width = max((metrics.horizontalAdvance(s) for s in self.labels), default=0.0)
            left = 6 + min(label_width, 0.3 * self.width()) + 6
            top = 4 + QFontMetricsF(base).height() + 4
            bottom = self.height() - (4 + 2 * line + 6)
            right = self.width() - 8
            self._plot_key = key
            self._plot = QRectF(left, top, max(1.0, right - left), max(1.0, bottom - top))
        return self._plot

    _plot_key = None

    def row_height(self) -> float:
        return self._plot_rect().height() / max(1, len(self.labels))

    def bar_rect(self, row: int) -> QRectF:
        """Row `row`'s bar, in widget pixels (0 = likeliest)."""
        plot, h = self._plot_rect(), self.row_height()
        width = plot.width() * float(self.values[row]) / self.x_top
        return QRectF(plot.left(), plot.top() + row * h + 0.125 * h, width, 0.75 * h)

    def row_at(self, pos: QPointF) -> int | None:
        plot = self._plot_rect()
        if not self.labels or not (0 <= pos.x() <= self.width() and plot.top() <= pos.y() < plot.bottom()):
            return None
        return min(len(self.labels) - 1, int((pos.y() - plot.top()) / self.row_height()))

    # painting -------------------------------------------------------------------------------------
    @staticmethod
    def _text(text: str, font: QFont) -> QStaticText:
        return SHARED.text(text, font, SHARED.key(font))           # laid out once per font, as the axes do

    def _title_text(self, font: QFont) -> QStaticText:
        """The rich-text title on one line, as wide as it needs (else it wraps), laid out per title."""
        key = (SHARED.key(font), self.title)
        if getattr(self, "_title_key", None) != key:
            static = QStaticText(self.title)
            static.setTextFormat(Qt.TextFormat.RichText)
            document = QTextDocument()
            document.setDefaultFont(font)
            document.setHtml(self.title)
            static.setTextWidth(math.ceil(document.idealWidth()) + 1)
            static.prepare(font=font)
            self._title_key, self._title_static = key, static
        return self._title_static

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        fg = pal.color(QPalette.ColorRole.Text)
        base, small = self._fonts()
        plot = self._plot_rect()
        if self.title:
            title = self._title_text(base)
            p.setFont(base)
            p.setPen(fg)
            # centred; when wider than the chart, from the left edge (its start says what is predicted)
            p.drawStaticText(QPointF(max(4.0, (self.width() - title.size().width()) / 2), 4), title)
        n = len(self.labels)
        h = self.row_height()
        font = self._row_font(small, h)
        p.setFont(font)
        line = QFontMetricsF(font).height() * 0.8
        every = max(1, math.ceil(line / h)) if n else 1    # rows too close (before a resize): every n-th
        for row in range(n):
            bar = self.bar_rect(row)
            p.fillRect(bar, PICK if row == self.pick_row else BAR)
            if row % every and row != self.pick_row:
                continue
            label, value = self._text(self.labels[row], font), self._text(f"{self.values[row]:.3f}", font)
            centre = plot.top() + (row + 0.5) * h
            p.setPen(fg)
            p.drawStaticText(QPointF(max(2.0, plot.left() - 6 - label.size().width()),
                                     centre - label.size().height() / 2), label)
            p.drawStaticText(QPointF(bar.right() + 4, centre - value.size().height() / 2), value)
        p.setFont(small)
        # the value axis: a line, round ticks from 0 to the top, its name
        p.setPen(QPen(fg, 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        p.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), plot.bottom()))
        for value, text in round_ticks(0.0, self.x_top, target=4):
            x = plot.left() + plot.width() * value / self.x_top
            p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            tick = self._text(text, small)
            tx = min(max(x - tick.size().width() / 2, 0.0), self.width() - tick.size().width() - 1)
            p.drawStaticText(QPointF(tx, plot.bottom() + 5), tick)
        name = self._text(translate("NextTokenChart", self.AXIS_LABEL), small)
        p.drawStaticText(QPointF(plot.center().x() - name.size().width() / 2,
                                 self.height() - 4 - name.size().height()), name)
        p.end()

    # interaction ----------------------------------------------------------------------------------
    def mouseMoveEvent(self, event) -> None:
        row = self.row_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if row is not None else Qt.CursorShape.ArrowCursor)
        self.setToolTip(translate("NextTokenChart", "{token}: P = {p} · click to force it as the next token").format(
            token=self.labels[row], p=f"{self.values[row]:.4f}")
                        if row is not None else translate("NextTokenChart", "click a candidate to force it as the next token (what if?)"))
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event) -> None:
        row = self.row_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and row is not None and self.on_click is not None:
            self.on_click(row)
            event.accept()
            return
        super().mousePressEvent(event)
