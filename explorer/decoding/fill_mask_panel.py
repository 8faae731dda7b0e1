"""BERT filling [MASK]: type a text with the tokenizer's mask token, or click a token chip to mask
it; the panel shows the top-k guesses at every masked position with their probabilities, and the
views show the pass that made them, on the masked position's row (state.query_row).

The guessing is core.fill_mask's, run on the worker thread (fill_mask_controller); the panel only
reads the MaskFill the state holds (no torch here)."""
from __future__ import annotations

import html

import numpy as np

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSpinBox,
                               QVBoxLayout, QWidget)

from .next_token_chart import NextTokenChart


class FillMaskPanel(QWidget):
    """The guesses at each [MASK]; one masked position chosen (its chart, its row in the views)."""

    def __init__(self, state, controller, chips, set_text, parent=None):
        super().__init__(parent)
        self.state, self.controller, self.set_text = state, controller, set_text
        specials = dict(state.arch.specials.strings)
        self.mask_text = specials.get(state.arch.specials.mask, "[MASK]")
        chips.on_click = self.mask_token
        chips.caption.setText(self.tr("Tokens (click one to mask it):"))
        chips.caption.setToolTip(self.tr("click a token to replace it by {mask} in the text").format(mask=self.mask_text))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        top.addWidget(self.hint, 1)
        top.addWidget(QLabel(self.tr("show top")))
        self.bars_k = QSpinBox()
        self.bars_k.setRange(1, 50)
        self.bars_k.setValue(state.bars_k)
        self.bars_k.setKeyboardTracking(False)
        self.bars_k.setToolTip(self.tr("how many guesses each masked position shows"))
        self.bars_k.valueChanged.connect(lambda k: setattr(state, "bars_k", k))
        top.addWidget(self.bars_k)
        layout.addLayout(top)

        self.mask_row = QHBoxLayout()             # one button per masked position: the one shown
        self.mask_row.setContentsMargins(0, 0, 0, 0)
        self.mask_buttons = QButtonGroup(self)
        self.mask_buttons.idClicked.connect(self.show_mask)
        self.mask_row.addStretch(1)
        self.output_button = QPushButton(self.tr("Show the softmax stage"))
        self.output_button.setToolTip(self.tr("the output distribution, the shown mask's row"))
        self.output_button.clicked.connect(lambda: state.select_box("src.softmax"))
        self.output_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mask_row.addWidget(self.output_button)
        layout.addLayout(self.mask_row)
        self.guesses = QLabel()                   # every masked position's top-k, as text
        self.guesses.setTextFormat(Qt.TextFormat.RichText)
        self.guesses.setWordWrap(True)
        self.guesses.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.guesses.setFixedHeight(2 * self.guesses.fontMetrics().lineSpacing() + 4)
        layout.addWidget(self.guesses)
        self.canvas = NextTokenChart()
        self.canvas.setToolTip(self.tr("BERT's likeliest tokens at the shown masked position"))
        self.canvas.AXIS_LABEL = self.tr("P(token at the mask)")
        area = QScrollArea()
        area.setWidget(self.canvas)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(area, 1)

        ev = state.events
        ev.mask_fill_changed.connect(self._on_mask_fill_changed)
        ev.query_row_changed.connect(lambda _r: self._show_chart())
        ev.bars_k_changed.connect(self._on_bars_k_changed)
        if state.mask_fill is not None:
            self._on_mask_fill_changed(state.mask_fill)

    # the user's actions ---------------------------------------------------------------------------
    def mask_token(self, index: int) -> None:
        """Replace token `index` of the shown text by the mask token (a special token: nothing)."""
        fill = self.state.mask_fill
        if fill is None or fill.text != self.state.sentence:
            return
        text = fill.masked(index, self.mask_text)
        if text != fill.text:
            self.set_text(text)

    def show_mask(self, k: int) -> None:
        """Show the k-th masked position: its chart here, its row in the views."""
        fill = self.state.mask_fill
        if fill is not None and 0 <= k < len(fill.positions):
            self.state.query_row = fill.positions[k]

    # state → widgets ------------------------------------------------------------------------------
    def _on_bars_k_changed(self, k: int) -> None:
        if self.bars_k.value() != k:
            self.bars_k.setValue(k)

    def shown_index(self) -> int | None:
        """Which masked position the views' row is (None: no mask, or another row)."""
        fill = self.state.mask_fill
        if fill is None or self.state.query_row not in fill.positions:
            return None
        return fill.positions.index(self.state.query_row)

    def _on_mask_fill_changed(self, fill) -> None:
        for button in self.mask_buttons.buttons():
            self.mask_buttons.removeButton(button)
            button.deleteLater()
        if fill is None:
            return
        for k, (position, best) in enumerate(zip(fill.positions, fill.guesses)):
            guess = best[0]
            button = QPushButton(f"{self.mask_text} @{position} → {guess.token}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(self.tr("show the guesses at token {position} and its row in the views").format(
                position=position))
            self.mask_buttons.addButton(button, k)
            self.mask_row.insertWidget(k, button)
        self.output_button.setEnabled(bool(fill.positions))
        if fill.positions:
            self.hint.setText(self.tr("BERT fills {mask}: its likeliest tokens at each masked position · filled: "
                                      "“{filled}”").format(mask=self.mask_text, filled=fill.filled))
            lines = []
            for position, best in zip(fill.positions, fill.guesses):
                shown = " · ".join(f"{html.escape(g.token)} <small>{g.prob:.2f}</small>" for g in best[:5])
                lines.append(f"<b>@{position}</b>: {shown}")
            self.guesses.setText("<br>".join(lines))
        else:
            self.hint.setText(self.tr("No {mask} in the text: type {mask} where a word should be guessed, "
                                      "or click a token above to mask it.").format(mask=self.mask_text))
            self.guesses.setText("")
        self._show_chart()

    def _show_chart(self) -> None:
        fill = self.state.mask_fill
        k = self.shown_index()
        for i, button in enumerate(self.mask_buttons.buttons()):
            button.setChecked(self.mask_buttons.id(button) == k)
        if fill is None or not fill.positions:
            self.canvas.set_bars([], np.zeros(0), None, self.tr("no masked position"))
            self.shown = []
            return
        k = 0 if k is None else k
        position, best = fill.positions[k], fill.guesses[k]
        labels = [g.token for g in best]
        values = np.array([g.prob for g in best])
        context = html.escape(" ".join(self.state.tokens("src")[1:-1]))
        self.canvas.set_bars(labels, values, 0, self.tr("P(token at {mask} @{position} | {context})").format(
            mask=html.escape(self.mask_text), position=position, context=context))
        self.shown = list(zip(labels, values))
