"""A legend under a plot's data instead of on top of it."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy


def legend_below(plot: pg.PlotItem, columns: int = 3, **options) -> pg.LegendItem:
    """A legend in a row of its own under `plot`'s axis, its entries side by side in up to `columns`
    columns (pyqtgraph's `addLegend` floats it over the data, where it hid curves and points); curves
    added with a name join it."""
    legend = pg.LegendItem(offset=None, colCount=columns, **options)
    legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    plot.layout.addItem(legend, 4, 1)
    plot.layout.setAlignment(legend, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    plot.legend = legend
    return legend
