"""In the app: an "Export…" context action for any plot or view, and the export dialog.

The window calls these; they take a *figure factory* (no arguments → a FigureSpec of what the view
shows now, e.g. `lambda: stage_spec(state.trace, state.stage, state.arch, state.head)`), so
the figure is built from the current state when the user asks, never kept up to date in between.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractScrollArea, QFileDialog, QGraphicsItem, QInputDialog, QMenu,
                               QMessageBox, QWidget)

from core.errors import UserError

from ..i18n import QT_TRANSLATE_NOOP, translate
from .specs import FigureSpec
from .writers import export_figure

FILTERS = {"png": QT_TRANSLATE_NOOP("export", "PNG image (*.png)"), "svg": QT_TRANSLATE_NOOP("export", "SVG vector figure (*.svg)"), "pdf": "PDF (*.pdf)",
           "csv": QT_TRANSLATE_NOOP("export", "CSV: the matrix with token headers (*.csv)")}
#: PNG resolutions offered: label → (scale, dpi)
RESOLUTIONS = {QT_TRANSLATE_NOOP("export", "1× (96 dpi, screen)"): (1.0, None), QT_TRANSLATE_NOOP("export", "2× (192 dpi, slides)"): (2.0, None),
               QT_TRANSLATE_NOOP("export", "300 dpi (print)"): (None, 300.0), "600 dpi": (None, 600.0)}

FigureFactory = Callable[[], FigureSpec]


def filter_label(fmt: str) -> str:
    """The file dialog's filter for `fmt`, in the interface language."""
    return translate("export", FILTERS[fmt])


def formats_for(spec: FigureSpec) -> list[str]:
    """What a figure can be exported as (CSV only when it shows one matrix or names one: FigureSpec.data)."""
    return ["png", "svg", "pdf"] + (["csv"] if len(spec.panels) == 1 or spec.data is not None else [])


def _ask_path(parent, spec: FigureSpec, formats: list[str]) -> tuple[str, str]:
    settings = QSettings()
    folder = settings.value("export/folder", str(Path.home()))
    path, chosen = QFileDialog.getSaveFileName(parent, translate("export", "Export figure"),
                                               str(Path(folder) / f"{spec.name}.png"),
                                               ";;".join(filter_label(f) for f in formats))
    if path:
        settings.setValue("export/folder", str(Path(path).parent))
    return path, chosen


def _ask_resolution(parent) -> tuple[float | None, float | None] | None:
    labels = [translate("export", label) for label in RESOLUTIONS]
    label, ok = QInputDialog.getItem(parent, translate("export", "PNG resolution"), translate("export", "Size of the PNG:"),
                                     labels, 1, False)
    return list(RESOLUTIONS.values())[labels.index(label)] if ok else None


def export_dialog(parent: QWidget | None, spec: FigureSpec, ask_path=_ask_path, ask_resolution=_ask_resolution,
                  background=None) -> Path | None:
    """Ask where and how (PNG/SVG/PDF/CSV; PNG scale or DPI), export, and say so if it failed.
    Returns the written path, or None (cancelled or failed: the app goes on). With `background`
    (a BackgroundWrites), a PNG is built a panel per turn of the event loop, drawn, and encoded and
    written in a thread: the path is
    returned at once and a failure reported through `background.failed`."""
    formats = formats_for(spec)
    path, chosen = ask_path(parent, spec, formats)
    if not path:
        return None
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in formats:                       # no or another suffix: the chosen filter decides
        fmt = next((f for f in formats if chosen in (FILTERS[f], filter_label(f))), "png")
        path = path.with_name(path.name + f".{fmt}")
    scale = dpi = None
    if fmt == "png":
        resolution = ask_resolution(parent)
        if resolution is None:
            return None
        scale, dpi = resolution
    try:
        if fmt == "png" and background is not None:
            background.submit_figure(path, spec, scale, dpi)
            return path
        return export_figure(spec, path, fmt, scale, dpi)
    except UserError as e:
        QMessageBox.warning(parent, translate("export", "Export failed"), str(e))
        return None


def add_export_action(target, figure_factory: FigureFactory,
                      on_export: Callable[[QWidget, FigureSpec], object] | None = None) -> QAction:
    """Give `target` (a widget such as a pg.GraphicsLayoutWidget, or a plot item inside one) a
    right-click menu with "Export…", which builds the figure now and opens the export dialog
    (or calls `on_export(parent, spec)`)."""
    widget = target
    if isinstance(target, QGraphicsItem):
        views = target.scene().views() if target.scene() is not None else []
        if not views:
            raise ValueError("add_export_action: the item is not shown in a view yet")
        widget = views[0]
    on_export = on_export or export_dialog
    action = QAction(translate("export", "Export…"), widget)
    action.setToolTip(translate("export", "Export this view as PNG, SVG, PDF or CSV"))
    action.triggered.connect(lambda: on_export(widget.window(), figure_factory()))
    # a graphics view receives right-clicks on its viewport
    receiver = widget.viewport() if isinstance(widget, QAbstractScrollArea) else widget
    receiver.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show_menu(pos):
        menu = QMenu(receiver)
        menu.addAction(action)
        menu.exec(receiver.mapToGlobal(pos))

    receiver.customContextMenuRequested.connect(show_menu)
    return action
