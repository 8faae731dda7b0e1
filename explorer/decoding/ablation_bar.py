"""Ablation switches, in every mode: positional encoding off, ÷√d_k off, causal mask off, heads
zeroed; a note says which are on. Every change re-runs the model (the state's `ablations`)."""
from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from core.config import Ablations
from core.errors import UserError

from ..theme import mark

SWITCHES = (("no_pe", "PE off", "positional encoding switched off: the model sees a bag of tokens"),
            ("no_scale", "÷√d_k off", "no scaling of QKᵀ by √d_k: sharper softmax, smaller gradients"),
            ("no_causal_mask", "causal mask off", "the decoder's self-attention may read future target tokens"))
NAMES = {"no_pe": "no positional encoding", "no_scale": "no ÷√d_k", "no_causal_mask": "no causal mask"}


def ablation_note(a: Ablations) -> str:
    """One line naming the ablations that are on ("" when none)."""
    parts = [NAMES[k] for k in NAMES if getattr(a, k)]
    if a.heads_off:
        heads = sorted(f"{b}.{l}.{h}" for b, l, h in a.heads_off)
        parts.append("heads zeroed: " + (", ".join(heads) if len(heads) <= 6 else f"{len(heads)} heads"))
    return "⚠ Ablations on: " + "; ".join(parts) if parts else ""


class AblationBar(QWidget):
    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Ablations:"))
        self.boxes: dict[str, QCheckBox] = {}
        for field, label, tip in SWITCHES:
            box = QCheckBox(label)
            box.setToolTip(tip)
            box.toggled.connect(lambda on, f=field: self._switch(f, on))
            layout.addWidget(box)
            self.boxes[field] = box
        layout.addWidget(QLabel("heads off:"))
        self.heads = QLineEdit()
        self.heads.setPlaceholderText("e.g. 0.3 or dec.cross.5.1, …")
        self.heads.setToolTip("zero heads: LAYER.HEAD (every attention of that layer) or enc.self.L.H, dec.self.L.H,"
                              " dec.cross.L.H, separated by commas; Enter applies")
        self.heads.setMaximumWidth(220)
        self.heads.editingFinished.connect(self._heads_from_box)
        layout.addWidget(self.heads)
        self.note = QLabel()
        mark(self.note, "note")
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.note, 1)
        state.events.ablations_changed.connect(self._on_ablations_changed)
        self._on_ablations_changed(state.ablations)

    def _switch(self, field: str, on: bool) -> None:
        self.state.ablations = dataclasses.replace(self.state.ablations, **{field: bool(on)})

    def _heads_from_box(self) -> None:
        st = self.state
        try:
            heads = Ablations.parse_heads(self.heads.text(), st.n_layers, st.n_heads)
        except UserError as e:
            st.message = str(e)
            return
        st.ablations = dataclasses.replace(st.ablations, heads_off=heads)

    def _on_ablations_changed(self, a: Ablations) -> None:
        for field, box in self.boxes.items():
            if box.isChecked() != getattr(a, field):
                box.blockSignals(True)
                box.setChecked(getattr(a, field))
                box.blockSignals(False)
        self.note.setText(ablation_note(a))
        self.note.setToolTip("the model runs with these switches; the views show what it computes with them")
