"""Ablation switches, in every mode: positional encoding off, ÷√d_k off, causal mask off, heads
zeroed; a note says which are on. Every change re-runs the model (the state's `ablations`).

One set of switches: every AblationBar (the window's top bar, the Ablations lab's) binds to the same
state, so they always agree; heads switched off by clicking (the head selector, the model overview)
show up here too, written out in full."""
from __future__ import annotations

import dataclasses

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from core.config import Ablations
from core.errors import UserError

from ..i18n import QT_TRANSLATE_NOOP, translate
from ..theme import mark

SWITCHES = (("no_pe", QT_TRANSLATE_NOOP("AblationBar", "PE off"), QT_TRANSLATE_NOOP("AblationBar", "positional encoding switched off: the model sees a bag of tokens")),
            ("no_scale", QT_TRANSLATE_NOOP("AblationBar", "÷√d_k off"), QT_TRANSLATE_NOOP("AblationBar", "no scaling of QKᵀ by √d_k: sharper softmax, smaller gradients")),
            ("no_causal_mask", QT_TRANSLATE_NOOP("AblationBar", "causal mask off"),
             QT_TRANSLATE_NOOP("AblationBar", "the decoder's self-attention may read future target tokens")))
NAMES = {"no_pe": QT_TRANSLATE_NOOP("AblationBar", "no positional encoding"), "no_scale": QT_TRANSLATE_NOOP("AblationBar", "no ÷√d_k"),
         "no_causal_mask": QT_TRANSLATE_NOOP("AblationBar", "no causal mask")}
PLACEHOLDER = QT_TRANSLATE_NOOP("AblationBar", "e.g. enc.self.0.3, dec.cross.5.1")


def heads_text(heads) -> str:
    """The heads switched off, written out: "enc.self.0.3, dec.cross.5.1" (block order, then layer, head)."""
    order = {b: i for i, b in enumerate(Ablations.BLOCKS)}
    return ", ".join(f"{b}.{l}.{h}" for b, l, h in sorted(heads, key=lambda k: (order[k[0]], k[1], k[2])))


def ablation_note(a: Ablations) -> str:
    """One line naming the ablations that are on ("" when none)."""
    parts = [translate("AblationBar", NAMES[k]) for k in NAMES if getattr(a, k)]
    if a.heads_off:
        heads = sorted(f"{b}.{l}.{h}" for b, l, h in a.heads_off)
        parts.append(translate("AblationBar", "heads zeroed: {heads}").format(
            heads=", ".join(heads) if len(heads) <= 6 else translate("AblationBar", "{n} heads").format(n=len(heads))))
    return translate("AblationBar", "⚠ Ablations on: {ablations}").format(ablations="; ".join(parts)) if parts else ""


def toggle_head(state, block: str, layer: int, head: int) -> None:
    """Switch one head of one attention block off, or on again."""
    key = (block, layer, head)
    heads = set(state.ablations.heads_off)
    heads.symmetric_difference_update({key})
    state.ablations = dataclasses.replace(state.ablations, heads_off=frozenset(heads))


class AblationBar(QWidget):
    #: how long the heads box waits after the last keystroke before applying what was typed
    heads_delay_ms = 600

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(translate("AblationBar", "Ablations:")))
        self.boxes: dict[str, QCheckBox] = {}
        for field, label, tip in SWITCHES:
            box = QCheckBox(translate("AblationBar", label))
            box.setToolTip(translate("AblationBar", tip))
            box.toggled.connect(lambda on, f=field: self._switch(f, on))
            layout.addWidget(box)
            self.boxes[field] = box
        layout.addWidget(QLabel(translate("AblationBar", "heads off:")))
        self.heads = QLineEdit()
        placeholder = translate("AblationBar", PLACEHOLDER)
        self.heads.setPlaceholderText(placeholder)
        self.heads.setToolTip(translate("AblationBar", "heads to zero: enc.self.L.H, dec.self.L.H or dec.cross.L.H, separated by commas "
                              "(L.H alone means that head in all three attention blocks of layer L). Applied "
                              "as you pause typing; or click heads off in the head selector (right-click) "
                              "and the Model overview"))
        fm = self.heads.fontMetrics()
        self.heads.setMinimumWidth(fm.horizontalAdvance(placeholder) + 24)    # the placeholder fits
        self.heads.setMaximumWidth(max(300, self.heads.minimumWidth()))
        self._heads_timer = QTimer(self, singleShot=True, interval=self.heads_delay_ms)
        self._heads_timer.timeout.connect(self._heads_from_box)
        self.heads.textEdited.connect(lambda _t: self._heads_timer.start())
        self.heads.editingFinished.connect(self._heads_finished)
        layout.addWidget(self.heads)
        self.note = QLabel()
        mark(self.note, "note")
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.note, 1)
        self._error = ""
        state.events.ablations_changed.connect(self._on_ablations_changed)
        self._on_ablations_changed(state.ablations)

    def _switch(self, field: str, on: bool) -> None:
        self.state.ablations = dataclasses.replace(self.state.ablations, **{field: bool(on)})

    def _heads_from_box(self) -> bool:
        self._heads_timer.stop()
        st = self.state
        try:
            heads = Ablations.parse_heads(self.heads.text(), st.n_layers, st.n_heads)
        except UserError as e:
            self._error = str(e).replace("--heads-off: ", "")
            self._show_note(st.ablations)
            return False
        self._error = ""
        if heads == st.ablations.heads_off:
            self._show_note(st.ablations)
        st.ablations = dataclasses.replace(st.ablations, heads_off=heads)
        return True

    def _heads_finished(self) -> None:
        """Enter or leaving the box: apply now, and write the heads out in full (“0.3” becomes the
        three heads it stands for)."""
        if self._heads_from_box():
            self._show_heads(self.state.ablations.heads_off)

    def _show_heads(self, heads) -> None:
        text = heads_text(heads)
        if self.heads.text() != text:
            self.heads.setText(text)
            self.heads.setCursorPosition(0)          # a long list shows its start

    def _show_note(self, a: Ablations) -> None:
        if self._error:
            self.note.setText(translate("AblationBar", "⚠ heads off: {error}").format(error=self._error))
        else:
            self.note.setText(ablation_note(a))
        self.note.setToolTip(translate("AblationBar", "the model runs with these switches; the views show what it computes with them"))

    def _on_ablations_changed(self, a: Ablations) -> None:
        for field, box in self.boxes.items():
            if box.isChecked() != getattr(a, field):
                box.blockSignals(True)
                box.setChecked(getattr(a, field))
                box.blockSignals(False)
        if not self.heads.hasFocus():            # heads clicked off elsewhere, or another bar: follow
            self._error = ""
            self._show_heads(a.heads_off)
        self._show_note(a)
