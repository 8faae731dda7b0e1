"""The labs: one tab each for positional encoding, ablations and √d_k scaling, and RNN/LSTM versus
self-attention. They compute with `core.labs` in a worker thread and never import torch."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget


def lab_tabs(translator, state=None) -> list[tuple[str, QWidget]]:
    """(tab title, widget) for each lab, for the main window to add as tabs.

    With the explorer's `state`, the labs follow its sentence (state.events.sentence_changed).
    Call `widget.stop()` on each before the window closes: it waits for a running computation."""
    from .positional_lab import PositionalLab
    from .recurrence_lab import RecurrenceLab
    from .scaling_lab import AblationLab

    labs = [("Positional encoding lab", PositionalLab(translator)),
            ("Ablations & scaling lab", AblationLab(translator)),
            ("RNN vs attention lab", RecurrenceLab(translator))]
    import pyqtgraph as pg

    from ..export.widget_export import add_widget_export_action

    for title, lab in labs:                   # right-click any lab plot → Export view…
        for i, canvas in enumerate(lab.findChildren(pg.GraphicsView)):
            add_widget_export_action(canvas, f"{title.split()[0].lower()}-lab-{i}")
    if state is not None:
        for _, lab in labs:
            state.events.sentence_changed.connect(lab.set_sentence)
            if state.sentence:
                lab.set_sentence(state.sentence)
    return labs
