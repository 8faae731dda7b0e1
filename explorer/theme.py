"""Light and dark palettes, applied to Qt widgets and to every pyqtgraph canvas alike."""
from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QTextLayout
from PySide6.QtWidgets import QApplication, QCheckBox, QProxyStyle, QRadioButton, QStyle, QStyleFactory, QWidget

# chip_*: the token chips (token_chips.py); unknown_*: an <unk> chip; hover_*: the hovered chip;
# indicator: the outline of check boxes and radio buttons (Fusion draws it a shade darker than the
# window: invisible on a dark one)
LIGHT = {"window": "#f2f2f2", "base": "#ffffff", "alt": "#e8ecf2", "text": "#1a1a1a", "button": "#e6e6e6",
         "highlight": "#3b7dd8", "plot_bg": "#ffffff", "plot_fg": "#333333",
         "chip_bg": "#eef2f7", "chip_border": "#8a8a8a", "chip_text": "#111111",
         "unknown_bg": "#f9d6d2", "unknown_border": "#c0392b", "hover_bg": "#ffe3a3", "hover_border": "#e8452c",
         "hover_text": "#111111", "warning": "#c0392b", "note": "#b34700", "done": "#1b7a43", "indicator": None}
DARK = {"window": "#2b2b2e", "base": "#1e1e20", "alt": "#34343a", "text": "#e6e6e6", "button": "#3a3a3f",
        "highlight": "#5b9bf0", "plot_bg": "#1e1e20", "plot_fg": "#d0d0d0",
        "chip_bg": "#3a3f47", "chip_border": "#8c96a3", "chip_text": "#f0f0f0",
        "unknown_bg": "#6b2a24", "unknown_border": "#ff8a7a", "hover_bg": "#ffe3a3", "hover_border": "#ffb199",
        "hover_text": "#111111", "warning": "#ff8a7a", "note": "#ffab5e", "done": "#6fd08c", "indicator": "#a8a8b0"}


def colours(dark: bool) -> dict:
    return DARK if dark else LIGHT


def mark(label: QWidget, role: str) -> None:
    """Give `label` the text colour of `role` ("warning", "note") in bold, in either theme."""
    label.setProperty("colour_role", role)
    label.setStyleSheet(f"color: {LIGHT[role]}; font-weight: bold;")


def indicator_sheet(widget: QWidget, c: dict) -> str:
    """A style sheet that outlines a check box's or radio button's indicator in `c["indicator"]`
    (filled with the highlight when checked); "" for Fusion's own (light theme)."""
    if not c["indicator"]:
        return ""
    kind = "QRadioButton" if isinstance(widget, QRadioButton) else "QCheckBox"
    radius = "7px" if kind == "QRadioButton" else "2px"
    return (f"{kind}::indicator {{ width: 12px; height: 12px; border: 1px solid {c['indicator']};"
            f" border-radius: {radius}; background: {c['base']}; }}"
            f" {kind}::indicator:checked {{ background: {c['highlight']}; border: 1px solid {c['highlight']}; }}"
            f" {kind}::indicator:disabled {{ border: 1px solid #6a6a70; }}")


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


def pane_colour(pal: QPalette) -> QColor:
    """The colour Fusion fills a tab page with (QFusionStyle's tabFrameColor: the button colour made
    lighter the darker it is, a quarter less saturated, then 4 % lighter): what a widget on a tab page
    paints under its content to look as if it had no background, so that it can be opaque (Qt then
    skips painting the tab widget, splitters and window under it on every repaint)."""
    button = pal.color(QPalette.ColorRole.Button)
    gray = (button.red() * 11 + button.green() * 16 + button.blue() * 5) // 32       # qGray
    c = button.lighter(100 + max(1, int((180 - gray) / 6)))
    h, s, v, a = c.getHsv()
    c.setHsv(h, int(s * 0.75), v, a)
    return c.lighter(104)


def text_height(text: str, font: QFont) -> int:
    """The height of `text`'s line as drawn in `font`: taller than the font's own when a glyph comes
    from a fallback font (hanzi from the bundled Noto Sans SC beside DejaVu Sans: 18 px against 14)."""
    layout = QTextLayout(text.replace("&&", "&"), font)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return max(QFontMetrics(font).height(), math.ceil(line.ascent()) + math.ceil(line.descent()))


class Style(QProxyStyle):
    """Fusion, with a tab's text never clipped: Fusion lowers an unselected tab's label by shrinking its
    text rectangle 2 px below the font's height (and a line with hanzi is taller still), and the label
    is clipped to it — the underscore of "W_O" (at the bottom of the descent) vanished: "W O". The
    rectangle grows to the text's height about the same centre, so the text sits where Fusion puts it."""

    def subElementRect(self, element, option, widget=None):      # noqa: N802 — Qt's name
        rect = super().subElementRect(element, option, widget)
        if element == QStyle.SubElement.SE_TabBarTabText:
            need = text_height(option.text, widget.font() if widget is not None else QApplication.font()) - rect.height()
            if need > 0:
                rect.adjust(0, -(need // 2), 0, need - need // 2)
        return rect


def apply_theme(dark: bool, root=None) -> None:
    """Set the app palette (Fusion style, so it is honoured everywhere) and restyle the plots.

    New plots pick the colours up from pyqtgraph's config; existing canvases under `root` are
    restyled in place.
    """
    c = DARK if dark else LIGHT
    app = QApplication.instance()
    if app is not None:
        if not isinstance(app.style(), Style):          # restyling every widget is slow: only once
            app.setStyle(Style(QStyleFactory.create("Fusion")))
        wanted = palette(dark)
        if app.palette() != wanted:
            app.setPalette(wanted)
    pg.setConfigOptions(background=c["plot_bg"], foreground=c["plot_fg"])
    if root is None:
        return
    for box in root.findChildren(QCheckBox) + root.findChildren(QRadioButton):
        sheet = indicator_sheet(box, c)
        if box.styleSheet() != sheet:
            box.setStyleSheet(sheet)
    for widget in root.findChildren(QWidget):
        restyle = getattr(widget, "set_colours", None)     # widgets with colours of their own (chips)
        role = widget.property("colour_role")
        if restyle is not None:
            restyle(c)
        elif role:
            widget.setStyleSheet(f"color: {c[role]}; font-weight: bold;")
        elif widget.styleSheet() and not isinstance(widget, (QCheckBox, QRadioButton)):
            widget.setStyleSheet(widget.styleSheet())  # a widget with a sheet keeps its palette: re-polish
    fg = pg.mkColor(c["plot_fg"])
    legend_bg = pg.mkColor(c["plot_bg"])
    legend_bg.setAlpha(210)
    for canvas in root.findChildren(pg.GraphicsLayoutWidget):
        canvas.setBackground(c["plot_bg"])
        for item in canvas.scene().items():
            if isinstance(item, pg.AxisItem):
                item.setPen(fg)
                item.setTextPen(fg)
            elif isinstance(item, pg.LegendItem):
                item.setBrush(pg.mkBrush(legend_bg))
                item.setPen(pg.mkPen(fg.darker(150) if dark else fg.lighter(250)))
                item.setLabelTextColor(fg)
            elif isinstance(item, pg.LabelItem):
                item.setAttr("color", fg)
                item.setText(item.text)
    root.update()
