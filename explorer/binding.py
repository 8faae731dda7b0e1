"""Widgets bound to a field of a plain state (explorer.evented.Fields): the user's input is written to
the field, and the widget shows the field's value whenever it changes, from wherever (napari's
qt_dims: a widget writes to its model and re-reads it when told, never another widget)."""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker


def _show(widget, setter, value) -> None:
    with QSignalBlocker(widget):             # showing the state is no user input
        setter(value)


def bind_value(widget, state, field: str, convert=int) -> None:
    """A QSlider or QSpinBox ↔ `state.<field>`."""
    widget.setValue(getattr(state, field))
    widget.valueChanged.connect(lambda v: setattr(state, field, convert(v)))
    getattr(state.events, field + "_changed").connect(lambda v: _show(widget, widget.setValue, v))


def bind_data(combo, state, field: str) -> None:
    """A QComboBox whose items carry their value as item data ↔ `state.<field>`."""
    def show(value) -> None:
        combo.setCurrentIndex(combo.findData(value))

    show(getattr(state, field))
    combo.currentIndexChanged.connect(lambda _i: setattr(state, field, combo.currentData()))
    getattr(state.events, field + "_changed").connect(lambda v: _show(combo, show, v))


def bind_text(line_edit, state, field: str) -> None:
    """A QLineEdit ↔ `state.<field>` (every edit, as typed)."""
    line_edit.setText(getattr(state, field))
    line_edit.textChanged.connect(lambda text: setattr(state, field, text))
    getattr(state.events, field + "_changed").connect(
        lambda v: None if line_edit.text() == v else _show(line_edit, line_edit.setText, v))


def bind_checked(button, state, field: str) -> None:
    """A checkable button or box ↔ `state.<field>` (a bool)."""
    button.setChecked(bool(getattr(state, field)))
    button.toggled.connect(lambda on: setattr(state, field, bool(on)))
    getattr(state.events, field + "_changed").connect(lambda v: _show(button, button.setChecked, bool(v)))
