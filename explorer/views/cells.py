"""Matrix cells as rectangles on a vector device (SVG, PDF): a tiny embedded bitmap marked
"optimizeSpeed" is smeared into a blur by renderers that ignore the hint."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPaintEngine

VECTOR_ENGINES = (QPaintEngine.Type.SVG, QPaintEngine.Type.Pdf)


def on_vector_device(painter) -> bool:
    engine = painter.paintEngine()
    return engine is not None and engine.type() in VECTOR_ENGINES


def paint_cells(painter, image: QImage) -> None:
    """Draw `image` with one filled rectangle per run of equal pixels in a row (a pixel is one cell,
    one unit of the item's coordinates); transparent pixels (masked cells) are left out."""
    converted = image.convertToFormat(QImage.Format.Format_ARGB32)      # kept: the array views its memory
    argb = np.array(pg.functions.ndarray_from_qimage(converted), copy=True)
    argb = argb.view(np.uint32).reshape(image.height(), image.width())
    h, w = argb.shape
    # each run reaches half a device pixel under its right and lower neighbours: renderers that
    # antialias the edges of abutting rectangles would otherwise show seams of background
    device = painter.worldTransform()
    grow_x = 0.5 / max(abs(device.m11()), 1e-6)
    grow_y = 0.5 / max(abs(device.m22()), 1e-6)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    for y in range(h):
        row = argb[y]
        starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
        ends = np.r_[starts[1:], w]
        for x0, x1 in zip(starts, ends):
            value = int(row[x0])
            if value >> 24 == 0:
                continue
            painter.fillRect(QRectF(float(x0), float(y), float(x1 - x0) + (grow_x if x1 < w else 0.0),
                                    1.0 + (grow_y if y < h - 1 else 0.0)), QColor.fromRgba(value))
    painter.restore()


class CellImage(pg.ImageItem):
    """An ImageItem that draws its cells as rectangles on a vector device (as pixels elsewhere)."""

    def paint(self, painter, *args) -> None:
        if not on_vector_device(painter):
            super().paint(painter, *args)
            return
        if self.image is None:
            return
        if self._renderRequired or self.qimage is None:
            self.render()
        if self.qimage is None:
            return
        if self.width() and self.qimage.width():
            painter.save()
            painter.scale(self.width() / self.qimage.width(), self.height() / self.qimage.height())
            paint_cells(painter, self.qimage)
            painter.restore()
