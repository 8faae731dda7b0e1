"""Export any view as it is drawn on screen (labs, overview, alignment): PNG at a chosen scale, SVG
or PDF, for the plots that have no data figure of their own (the stage views export clean figures
built from the trace, explorer/export/menu.py)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QAction, QImage, QPainter
from PySide6.QtWidgets import QAbstractScrollArea, QFileDialog, QGraphicsView, QMenu, QMessageBox, QWidget

from core.errors import UserError

from ..i18n import QT_TRANSLATE_NOOP, translate
from .writers import image_png_bytes, vector_bytes, write

SCREEN_DPI = 96.0
FILTERS = {"png": QT_TRANSLATE_NOOP("export", "PNG image, 2× (*.png)"), "svg": QT_TRANSLATE_NOOP("export", "SVG vector figure (*.svg)"), "pdf": "PDF (*.pdf)"}


def widget_bytes(widget: QWidget, fmt: str, scale: float = 2.0) -> bytes:
    """`widget` rendered as PNG (at `scale`), SVG or PDF (text stays text in the vector formats)."""
    w, h = widget.width(), widget.height()
    if fmt == "png":
        image = QImage(QSize(round(w * scale), round(h * scale)), QImage.Format.Format_ARGB32)
        image.fill(widget.palette().window().color())
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        QWidget.render(widget, painter, QPoint())   # the widget as drawn (not a graphics view's scene)
        painter.end()
        return image_png_bytes(image, SCREEN_DPI * scale)
    if fmt not in ("svg", "pdf"):
        raise UserError(translate("export", "cannot export a view as {format}: choose png, svg or pdf").format(format=repr(fmt)))
    # a plot canvas caches its background as a pixmap: in a vector file that is one more bitmap
    views = [v for v in [widget, *widget.findChildren(QGraphicsView)] if isinstance(v, QGraphicsView)]
    modes = [v.cacheMode() for v in views]
    for v in views:
        v.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
    try:
        return vector_bytes(fmt, (w, h), lambda painter, _rect: QWidget.render(widget, painter, QPoint()))
    finally:
        for v, mode in zip(views, modes):
            v.setCacheMode(mode)


def export_widget(widget: QWidget, path, fmt: str | None = None, scale: float = 2.0) -> Path:
    """Write `widget` to `path` atomically; the format follows the suffix unless `fmt` is given."""
    path = Path(path)
    fmt = fmt or path.suffix.lower().lstrip(".") or "png"
    return write(path, widget_bytes(widget, fmt, scale))


def _ask_path(parent, name: str) -> tuple[str, str]:
    return QFileDialog.getSaveFileName(parent, translate("export", "Export view"), str(Path.home() / f"{name}.png"),
                                       ";;".join(translate("export", label) for label in FILTERS.values()))


def add_widget_export_action(widget: QWidget, name: str, ask_path=_ask_path) -> QAction:
    """Right-click on `widget` → "Export view…" (PNG, SVG or PDF of what it shows now)."""
    action = QAction(translate("export", "Export view…"), widget)

    def export():
        path, chosen = ask_path(widget.window(), name)
        if not path:
            return None
        fmt = Path(path).suffix.lower().lstrip(".")
        if fmt not in FILTERS:
            fmt = next((f for f, label in FILTERS.items() if chosen in (label, translate("export", label))), "png")
            path = f"{path}.{fmt}"
        try:
            return export_widget(widget, path, fmt)
        except UserError as e:
            QMessageBox.warning(widget.window(), translate("export", "Export failed"), str(e))
            return None

    action.triggered.connect(export)
    widget.export_view = export          # what the menu runs, for tests and keyboard users
    receiver = widget.viewport() if isinstance(widget, QAbstractScrollArea) else widget
    receiver.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    receiver.customContextMenuRequested.connect(lambda pos: _menu(receiver, action, pos))
    return action


def _menu(receiver, action, pos) -> None:
    menu = QMenu(receiver)
    menu.addAction(action)
    menu.exec(receiver.mapToGlobal(pos))
