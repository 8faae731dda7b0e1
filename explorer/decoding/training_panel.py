"""Training mode (teacher forcing): the decoder reads the whole shifted target at once, and the
causal mask is what keeps position t from reading the answer. The mask M beside the scores before
and after adding it and the softmax weights; a "no mask" switch; the predictions with and without
it; and the check that teacher forcing gives inference's weights for the same prefix."""
from __future__ import annotations

import dataclasses
import html
from functools import partial

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import (QCheckBox, QGraphicsPathItem, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)

from core.names import act_name
from core.summaries import additive_mask, any_masked, minus_inf_as_nan

from ..i18n import translate
from ..idle_builder import Stepwise
from ..views.base import plot_canvas
from ..views.heatmap import Heatmap, format_value

FUTURE = QColor("#e8452c")


class TrainingPanel(QWidget):
    def __init__(self, state, parent=None, request_translation=None):
        super().__init__(parent)
        self.state = state
        self.request_translation = request_translation     # asks the worker for the translation (follows)
        self._want_translation = False                      # "Use the model's translation" awaits it
        self.words = list(state.tgt_vocab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("TrainingPanel", "Target:")))
        self.target_box = QLineEdit()
        self.target_box.setPlaceholderText(translate("TrainingPanel", "type the English target (empty: the model's own translation)"))
        row.addWidget(self.target_box, 1)
        self.take_model = QPushButton(translate("TrainingPanel", "Use the model's translation"))
        self.take_model.setToolTip(translate("TrainingPanel", "fill in the model's greedy translation"))
        row.addWidget(self.take_model)
        self.no_mask = QCheckBox(translate("TrainingPanel", "no causal mask"))
        self.no_mask.setToolTip(translate("TrainingPanel", "switch the decoder's causal mask off: position t may read the tokens after it"))
        row.addWidget(self.no_mask)
        layout.addLayout(row)
        self.identity = QLabel()
        self.identity.setWordWrap(True)
        self.identity.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.identity)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.canvas = plot_canvas()
        self.canvas.setMinimumHeight(190)
        self._build_steps = Stepwise(self._build_plots)
        split.addWidget(self.canvas)
        self.predictions = QLabel()
        self.predictions.setTextFormat(Qt.TextFormat.RichText)
        self.predictions.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.predictions.setMinimumWidth(220)
        split.addWidget(self.predictions)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)

        self.target_box.editingFinished.connect(self._target_from_box)
        self.take_model.clicked.connect(self._take_model_translation)
        self.no_mask.toggled.connect(self._no_mask_from_box)
        ev = state.events
        ev.training_changed.connect(self._on_training_changed)
        ev.ablations_changed.connect(self._on_ablations_changed)
        ev.target_text_changed.connect(self._on_target_text_changed)
        ev.translation_changed.connect(self._on_translation_changed)
        ev.sentence_changed.connect(self._forget_translation_request)
        ev.stage_index_changed.connect(lambda _i: self.refresh())
        ev.head_changed.connect(lambda _h: self.refresh())
        self.future_cells: list[tuple[int, int]] = []
        self._on_ablations_changed(state.ablations)
        self._on_target_text_changed(state.target_text)     # built lazily: catch up with the state

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else str(i)

    # widgets → state ------------------------------------------------------------------------------
    def _target_from_box(self) -> None:
        self.state.target_text = self.target_box.text().strip()

    def _take_model_translation(self) -> None:
        snap = self.state.snapshot
        if snap is None:
            return
        if snap.translation is None:             # not here yet (it follows the snapshot): fill in on arrival
            self._want_translation = True
            if self.request_translation is not None:
                self.request_translation()
            return
        self._want_translation = False
        self.target_box.setText(snap.translation)
        self.state.target_text = snap.translation

    def _on_translation_changed(self, _translation: str) -> None:
        if self._want_translation:
            self._take_model_translation()

    def _forget_translation_request(self, _text: str) -> None:
        self._want_translation = False

    def _no_mask_from_box(self, on: bool) -> None:
        self.state.ablations = dataclasses.replace(self.state.ablations, no_causal_mask=bool(on))

    # state → widgets ------------------------------------------------------------------------------
    def _on_ablations_changed(self, ablations) -> None:
        if self.no_mask.isChecked() != ablations.no_causal_mask:
            self.no_mask.blockSignals(True)
            self.no_mask.setChecked(ablations.no_causal_mask)
            self.no_mask.blockSignals(False)

    def _on_target_text_changed(self, text) -> None:
        if self.target_box.text().strip() != text:
            self.target_box.setText(text)

    def _on_training_changed(self, _result) -> None:
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def ensure_built(self) -> None:
        """Build the heatmaps now (the panel's first show), if the idle builder has not."""
        self._build_steps.finish()

    def deferred_parts(self) -> list:
        return [self._build_steps]

    def _build_plots(self):
        """M, the scores before and after it and the softmax, one at a time (a generator: see Stepwise)."""
        ci, state = self.canvas.ci, self.state
        self.mask = Heatmap(ci, 0, 0, "M", state, self._describe("M"), colorbar=False)
        yield
        self.scores = Heatmap(ci, 0, 1, translate("TrainingPanel", "QKᵀ/√d_k (before M)"), state, self._describe(translate("TrainingPanel", "score")))
        yield
        self.masked = Heatmap(ci, 0, 2, "QKᵀ/√d_k + M", state, self._describe(translate("TrainingPanel", "score + M")), colorbar=False)
        self.scores.share_colorbar(self.masked)
        yield
        self.weights = Heatmap(ci, 0, 3, "softmax(QKᵀ/√d_k + M)", state, self._describe(translate("TrainingPanel", "weight")))
        self.future = QGraphicsPathItem()
        pen = QPen(FUTURE)
        pen.setCosmetic(True)
        pen.setWidth(2)
        self.future.setPen(pen)
        self.future.setBrush(QBrush(QColor(232, 69, 44, 60)))
        self.future.setZValue(5)
        self.weights.plot.addItem(self.future)

    def layer_head(self) -> tuple[int, int]:
        """The decoder layer of the current stage (layer 0 outside the decoder) and the selected head."""
        stage = self.state.stage
        return (stage.layer if stage.stack == "dec" else 0), self.state.head

    def _describe(self, what):
        def describe(r, c, v):
            tokens = self.tokens
            q = tokens[r] if r < len(tokens) else r
            k = tokens[c] if c < len(tokens) else c
            future = "  " + translate("TrainingPanel", "(a FUTURE token)") if c > r else ""
            return translate("TrainingPanel", "query {q} (position {r}), key {k} (position {c}){future} — {what}: {value}").format(
                q=q, r=r, k=k, c=c, future=future, what=what, value=format_value(v))
        return describe

    tokens: list[str] = []

    def refresh(self) -> None:
        result = self.state.training
        if result is None or not self.isVisible():
            return
        self.ensure_built()
        trace = result.trace
        layer, head = self.layer_head()
        name = partial(act_name, "dec", layer, "self")      # the decoder's masked self-attention
        tokens = list(trace.tgt_tokens)
        self.tokens = tokens
        masked_on = any_masked(trace[name("mask")])
        m = additive_mask(trace[name("mask")])
        self.mask.set_title(translate("TrainingPanel", "M (layer {layer})").format(layer=layer) if masked_on
                            else translate("TrainingPanel", "M: off (all 0)"))
        self.mask.set_matrix(minus_inf_as_nan(m), tokens, tokens, "tgt", "tgt", has_masked=masked_on,
                             levels=(-1.0, 1.0))
        self.scores.set_title(translate("TrainingPanel", "QKᵀ/√d_k (head {head})").format(head=head))
        self.scores.set_matrix(trace[name("scaled")][head], tokens, tokens, "tgt", "tgt")
        self.masked.set_title("+ M" if masked_on else translate("TrainingPanel", "+ M (no mask)"))
        levels = self.scores.image.getLevels()
        self.masked.set_matrix(minus_inf_as_nan(trace[name("masked")][head]), tokens, tokens, "tgt", "tgt",
                               has_masked=masked_on, levels=(float(levels[0]), float(levels[1])))
        weights = trace[name("weights")][head]
        self.weights.set_matrix(weights, tokens, tokens, "tgt", "tgt", levels=(0.0, 1.0))
        future = [(r, c) for r in range(weights.shape[0]) for c in range(r + 1, weights.shape[1])
                  if weights[r, c] > 0]
        self.future_cells = future
        path = QPainterPath()
        for r, c in future:
            path.addRect(QRectF(c, r, 1, 1))
        self.future.setPath(path)
        self.weights.set_title(translate("TrainingPanel", "softmax: <span style='color:#e8452c'>reads the FUTURE</span>") if future
                               else "softmax")
        self.mask.set_axis_titles(translate("TrainingPanel", "query"), translate("TrainingPanel", "key"))
        self._show_identity(result)
        self._show_predictions(result)

    def _show_identity(self, result) -> None:
        delta, n = result.inference_delta, result.inference_steps
        same = delta < 1e-5
        verdict = (translate("TrainingPanel", "<b style='color:#2e8b57'>identical</b> (float rounding)") if same
                   else translate("TrainingPanel", "<b style='color:#c0392b'>different</b>"))
        mask = (translate("TrainingPanel", "without the causal mask") if result.ablations.no_causal_mask
                else translate("TrainingPanel", "with the causal mask"))
        self.identity.setText(
            translate("TrainingPanel", "Teacher forcing {mask} vs inference steps 0…{last} forced along the same tokens: every decoder "
                      "self- and cross-attention weight over the same prefix is {verdict}: max |Δ| = {delta}.").format(
                mask=mask, last=n - 1, verdict=verdict, delta=f"{delta:.2g}")
            + ("" if same else " " + translate("TrainingPanel", "Without the mask each position read tokens that inference has not written yet.")))

    def _show_predictions(self, result) -> None:
        tokens = list(result.trace.tgt_tokens)
        rows = ["<tr><th align=left>{}</th><th align=left>{}</th><th>{}</th><th>{}</th></tr>".format(
            translate("TrainingPanel", "reads"), translate("TrainingPanel", "next"), translate("TrainingPanel", "P mask"),
            translate("TrainingPanel", "P no mask"))]
        for t, gold in enumerate(result.next_ids):
            pm, pu = float(result.masked_probs[t, gold]), float(result.unmasked_probs[t, gold])
            changed = " style='color:#c0392b'" if abs(pm - pu) > 0.05 else ""
            token = tokens[t] if t < len(tokens) else "?"
            rows.append(f"<tr><td>{html.escape(token)}</td><td>{html.escape(self.word(gold))}</td>"
                        f"<td align=right>{pm:.2f}</td><td align=right{changed}>{pu:.2f}</td></tr>")
        self.predictions.setText("<b>" + translate("TrainingPanel", "P(the target's next token)") + "</b><table cellspacing=3>"
                                 + "".join(rows) + "</table><small>"
                                 + translate("TrainingPanel", "red: the mask changes it by more than 0.05") + "</small>")
