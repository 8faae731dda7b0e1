"""The numbers printed right of the next-token chart's bars: one item drawing every value in pixels
at its bar's end (ten pyqtgraph TextItems re-laid out a rich-text document each per update)."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF


class BarValues(pg.GraphicsObject):
    """Labels anchored at data points (x, y): left-aligned 4 px right of x, vertically centred on y,
    in the plot's foreground colour, not stretched with the view."""

    GAP = 4

    def __init__(self):
        super().__init__()
        self._labels: list[tuple[float, float, str]] = []

    def set_labels(self, labels: list[tuple[float, float, str]]) -> None:
        self._labels = list(labels)
        self.update()

    def labels(self) -> list[tuple[float, float, str]]:
        return list(self._labels)

    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        return view.viewRect() if view is not None else QRectF()

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()

    def paint(self, p, *args) -> None:
        if not self._labels:
            return
        # draw in scene units (screen pixels; an export's scale still applies), at the mapped anchors
        to_scene = self.sceneTransform()
        p.setTransform(to_scene.inverted()[0] * p.transform())
        p.setPen(pg.mkPen(pg.getConfigOption("foreground")))
        metrics = p.fontMetrics()
        dy = (metrics.ascent() - metrics.descent()) / 2
        for x, y, text in self._labels:
            anchor = to_scene.map(QPointF(x, y))
            p.drawText(QPointF(anchor.x() + self.GAP, anchor.y() + dy), text)
