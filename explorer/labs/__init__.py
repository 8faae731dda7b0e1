"""The labs: one tab each for positional encoding, ablations and √d_k scaling, RNN/LSTM versus
self-attention, and attention forming during training. They compute with `core.labs` in a worker
thread and never import torch."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:                       # importing explorer.labs.state needs no Qt
    from PySide6.QtWidgets import QWidget

from ..i18n import QT_TRANSLATE_NOOP



def lab_titles() -> list[str]:
    """The labs' tab titles in English, in order (the window builds a lab the first time its tab
    opens, and shows translate("labs", title))."""
    return [QT_TRANSLATE_NOOP("labs", "Positional encoding lab"), QT_TRANSLATE_NOOP("labs", "Ablations & scaling lab"),
            QT_TRANSLATE_NOOP("labs", "RNN vs attention lab"), QT_TRANSLATE_NOOP("labs", "Attention forming lab")]


def build_lab(index: int, translator, state=None) -> QWidget:
    """Lab number `index` of `lab_titles()`, following `state`'s sentence when given."""
    from .forming_lab import FormingLab
    from .positional_lab import PositionalLab
    from .recurrence_lab import RecurrenceLab
    from .scaling_lab import AblationLab

    import pyqtgraph as pg

    from ..export.widget_export import add_widget_export_action

    lab = (PositionalLab, AblationLab, RecurrenceLab, FormingLab)[index](translator)
    for i, canvas in enumerate(lab.findChildren(pg.GraphicsView)):   # right-click a plot → Export view…
        add_widget_export_action(canvas, f"{lab_titles()[index].split()[0].lower()}-lab-{i}")
    if state is not None:
        if hasattr(lab, "follow_ablations"):
            lab.follow_ablations(state)          # one set of switches: the window's
        state.events.sentence_changed.connect(lab.set_sentence)
        if state.sentence:
            lab.set_sentence(state.sentence)
    return lab


def lab_tabs(translator, state=None) -> list[tuple[str, QWidget]]:
    """(tab title, widget) for each lab, for the main window to add as tabs.

    With the explorer's `state`, the labs follow its sentence (state.events.sentence_changed).
    Call `widget.stop()` on each before the window closes: it waits for a running computation."""
    return [(title, build_lab(i, translator, state)) for i, title in enumerate(lab_titles())]
