"""Markers at a curve's points, drawn in one call: what a pyqtgraph curve's symbols show, cheaply."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPen, QPolygonF

CAPS = {"o": Qt.PenCapStyle.RoundCap, "s": Qt.PenCapStyle.SquareCap}


class Markers(pg.GraphicsObject):
    """A round ("o") or square ("s") marker `size` px across at every (x, y), as one `drawPoints` with a
    cosmetic pen that wide. A PlotDataItem's symbols are a ScatterPlotItem that rebuilds a record per
    point on every `setData` and again whenever the view's range changes: the Add & Norm view's four
    symbol curves were 14 % of a decoder stage switch on Marian (cProfile, 150 switches)."""

    def __init__(self, symbol: str, size: float, color):
        super().__init__()
        self.pen = QPen(QColor(color), size)
        self.pen.setCosmetic(True)
        self.pen.setCapStyle(CAPS[symbol])
        self.size = size
        self._xs = self._ys = np.zeros(0)        # (not x / y: QGraphicsItem's position methods)
        self._points = QPolygonF()

    def setData(self, x, y) -> None:
        self.prepareGeometryChange()
        self._xs, self._ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self._points = QPolygonF([QPointF(a, b) for a, b in zip(self._xs, self._ys)])
        self.informViewBoundsChanged()
        self.update()

    def getData(self):
        return self._xs, self._ys

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):
        values = self._xs if ax == 0 else self._ys
        finite = values[np.isfinite(values)]
        return (None, None) if not finite.size else (float(finite.min()), float(finite.max()))

    def pixelPadding(self) -> float:
        return self.size / 2 + 1

    def boundingRect(self) -> QRectF:
        (x0, x1), (y0, y1) = self.dataBounds(0), self.dataBounds(1)
        if x0 is None or y0 is None:
            return QRectF()
        px, py = self.pixelVectors()           # one pixel, in data units (None before the item is in a view)
        pad_x = 0.0 if px is None else px.length() * self.pixelPadding()
        pad_y = 0.0 if py is None else py.length() * self.pixelPadding()
        return QRectF(x0 - pad_x, y0 - pad_y, x1 - x0 + 2 * pad_x, y1 - y0 + 2 * pad_y)

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()           # the padding, in data units, follows the zoom

    def paint(self, p, *_args) -> None:
        p.setPen(self.pen)
        p.drawPoints(self._points)
