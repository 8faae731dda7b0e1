"""Light and dark palettes, applied to Qt widgets and to every pyqtgraph canvas alike."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

LIGHT = {"window": "#f2f2f2", "base": "#ffffff", "alt": "#e8ecf2", "text": "#1a1a1a", "button": "#e6e6e6",
         "highlight": "#3b7dd8", "plot_bg": "#ffffff", "plot_fg": "#333333"}
DARK = {"window": "#2b2b2e", "base": "#1e1e20", "alt": "#34343a", "text": "#e6e6e6", "button": "#3a3a3f",
        "highlight": "#5b9bf0", "plot_bg": "#1e1e20", "plot_fg": "#d0d0d0"}


def palette(dark: bool) -> QPalette:
    c = DARK if dark else LIGHT
    p = QPalette()
    R = QPalette.ColorRole
    for role, key in ((R.Window, "window"), (R.Base, "base"), (R.AlternateBase, "alt"), (R.Button, "button"),
                      (R.Highlight, "highlight")):
        p.setColor(role, QColor(c[key]))
    for role in (R.WindowText, R.Text, R.ButtonText, R.ToolTipText, R.PlaceholderText):
        p.setColor(role, QColor(c["text"]))
    p.setColor(R.ToolTipBase, QColor(c["base"]))
    p.setColor(R.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorGroup.Disabled, R.ButtonText, QColor("#888888"))
    p.setColor(QPalette.ColorGroup.Disabled, R.WindowText, QColor("#888888"))
    return p


def apply_theme(dark: bool, root=None) -> None:
    """Set the app palette (Fusion style, so it is honoured everywhere) and restyle the plots.

    New plots pick the colours up from pyqtgraph's config; existing canvases under `root` are
    restyled in place.
    """
    c = DARK if dark else LIGHT
    app = QApplication.instance()
    if app is not None:
        if app.style().name().lower() != "fusion":      # restyling every widget is slow: only once
            app.setStyle(QStyleFactory.create("Fusion"))
        wanted = palette(dark)
        if app.palette() != wanted:
            app.setPalette(wanted)
    pg.setConfigOptions(background=c["plot_bg"], foreground=c["plot_fg"])
    if root is None:
        return
    fg = pg.mkColor(c["plot_fg"])
    for canvas in root.findChildren(pg.GraphicsLayoutWidget):
        canvas.setBackground(c["plot_bg"])
        for item in canvas.scene().items():
            if isinstance(item, pg.AxisItem):
                item.setPen(fg)
                item.setTextPen(fg)
            elif isinstance(item, pg.LabelItem):
                item.setAttr("color", fg)
                item.setText(item.text)
    root.update()
