"""Inference, one token at a time: the strategy, Step / Run to end / Back / Reset, the next-token
distribution as a top-k bar chart (click a bar: force that token), and the beams as a small tree.
The same panel drives a translation (DecodingController) and GPT-2 continuing a text
(ContinuationController: greedy or sampling only, written after the typed prompt)."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QScrollArea, QSpinBox, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from core.decoding_settings import STRATEGIES, DecodingSettings
from core.summaries import top_k

from ..i18n import QT_TRANSLATE_NOOP, translate
from .next_token_chart import NextTokenChart

STRATEGY_LABELS = {"greedy": QT_TRANSLATE_NOOP("InferencePanel", "greedy (argmax)"), "beam": QT_TRANSLATE_NOOP("InferencePanel", "beam search"), "sample": QT_TRANSLATE_NOOP("InferencePanel", "sampling")}
BEAM_TREE_WIDTH = 260     # px: the tree, its score and log P columns side by side
HOW = {"greedy": QT_TRANSLATE_NOOP("InferencePanel", "greedy"), "beam": QT_TRANSLATE_NOOP("InferencePanel", "beam"), "sampled": QT_TRANSLATE_NOOP("InferencePanel", "sampled"), "forced": QT_TRANSLATE_NOOP("InferencePanel", "forced ✎")}


def elide_start(text: str, limit: int = 48) -> str:
    """The last `limit` characters of a text, an ellipsis before (what comes next follows its end)."""
    return text if len(text) <= limit else "…" + text[-(limit - 1):].lstrip()


def _spin(cls, lo, hi, value, tip, step=None, decimals=None):
    box = cls()
    box.setRange(lo, hi)
    if decimals is not None:
        box.setDecimals(decimals)
    if step is not None:
        box.setSingleStep(step)
    box.setValue(value)
    box.setToolTip(tip)
    box.setKeyboardTracking(False)
    return box


class InferencePanel(QWidget):
    """Binds the decoding widgets to the state; the actions go to the controller."""

    def __init__(self, state, controller, parent=None, strategies: tuple[str, ...] = STRATEGIES):
        super().__init__(parent)
        self.state, self.controller = state, controller
        self.strategies = strategies
        self.continues = "beam" not in strategies         # GPT-2 writing on after the typed text
        self.words = list(state.tgt_vocab)
        self.candidate_ids: list[int] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        controls = QHBoxLayout()
        self.strategy = QComboBox()
        for s in strategies:
            self.strategy.addItem(translate("InferencePanel", STRATEGY_LABELS[s]), s)
        self.strategy.setToolTip(translate("InferencePanel", "how the next token is chosen"))
        controls.addWidget(QLabel(translate("InferencePanel", "Strategy:")))
        controls.addWidget(self.strategy)
        ds = state.decoding_settings
        self.beam_width = _spin(QSpinBox, 1, 16, ds.beam_width, translate("InferencePanel", "beam width k"))
        self.temperature = _spin(QDoubleSpinBox, 0.05, 5.0, ds.temperature, translate("InferencePanel", "temperature T: softmax(logits / T)"),
                                 step=0.1, decimals=2)
        self.sample_top_k = _spin(QSpinBox, 0, 1000, ds.top_k, translate("InferencePanel", "sample from the k likeliest only (0: all)"))
        self.top_p = _spin(QDoubleSpinBox, 0.01, 1.0, ds.top_p, translate(
            "InferencePanel", "nucleus sampling: draw from the fewest likeliest tokens whose probabilities add up to p (1: all)"),
            step=0.05, decimals=2)
        self.seed = _spin(QSpinBox, 0, 1_000_000, ds.seed, translate("InferencePanel", "random seed: the same seed draws the same tokens"))
        self.option_labels = {}
        for name, box in ((translate("InferencePanel", "width"), self.beam_width), ("T", self.temperature),
                          ("top-k", self.sample_top_k), ("top-p", self.top_p),
                          (translate("InferencePanel", "seed"), self.seed)):
            label = QLabel(name)
            self.option_labels[box] = label
            controls.addWidget(label)
            controls.addWidget(box)
        controls.addStretch(1)
        layout.addLayout(controls)

        buttons = QHBoxLayout()
        self.reset_button = QPushButton(translate("InferencePanel", "Reset"))
        self.back_button = QPushButton(translate("InferencePanel", "◀ Back"))
        self.step_button = QPushButton(translate("InferencePanel", "Step ▶  (Space)"))
        self.run_button = QPushButton(translate("InferencePanel", "Run to end"))
        start_tip = (translate("InferencePanel", "back to the typed text") if self.continues
                     else translate("InferencePanel", "back to <bos>"))
        for b, tip in ((self.reset_button, start_tip), (self.back_button, translate("InferencePanel", "undo the last token")),
                       (self.step_button, translate("InferencePanel", "decode one token (Space)")),
                       (self.run_button, translate("InferencePanel", "decode until <eos> or the length limit"))):
            b.setToolTip(tip)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(b)
        self.bars_k = _spin(QSpinBox, 1, 50, state.bars_k, translate("InferencePanel", "how many candidates the chart shows"))
        buttons.addStretch(1)
        buttons.addWidget(QLabel(translate("InferencePanel", "show top")))
        buttons.addWidget(self.bars_k)
        layout.addLayout(buttons)
        self.written = QLabel()
        self.written.setTextFormat(Qt.TextFormat.RichText)
        self.written.setWordWrap(True)
        # a fixed height: a label that grows by a line would re-lay out (and repaint) the whole window
        self.written.setFixedHeight(2 * self.written.fontMetrics().lineSpacing() + 4)
        self.written.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.written)

        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        self.canvas = NextTokenChart(on_click=self.force_candidate)
        chart_area = QScrollArea()             # a small window scrolls the bars, never shrinks their text
        chart_area.setWidget(self.canvas)
        chart_area.setWidgetResizable(True)
        chart_area.setFrameShape(QFrame.Shape.NoFrame)
        chart_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        split.addWidget(chart_area)
        self.beam_tree = QTreeWidget()
        self.beam_tree.setHeaderLabels([translate("InferencePanel", "beams (★ best)"), translate("InferencePanel", "score"),
                                        "log P"])
        self.beam_tree.setToolTip(translate("InferencePanel", "score = log P / ((5 + length) / 6)^0.6 (GNMT length penalty, as in the paper);"
                                  " ★ the best score (what beam search returns), ◀ the one followed, … not"
                                  " finished; click a beam to follow it"))
        # the tree takes the width left by the numbers (it pushed log P out of sight)
        header = self.beam_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.beam_tree.itemClicked.connect(self._on_beam_clicked)
        self.beam_tree.setIndentation(12)
        self.beam_tree.setMinimumWidth(BEAM_TREE_WIDTH)
        split.addWidget(self.beam_tree)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)

        self.strategy.currentIndexChanged.connect(self._settings_from_widgets)
        for box in (self.beam_width, self.temperature, self.sample_top_k, self.top_p, self.seed):
            box.valueChanged.connect(self._settings_from_widgets)
        self.bars_k.valueChanged.connect(lambda k: setattr(state, "bars_k", k))
        self.step_button.clicked.connect(controller.step)
        self.back_button.clicked.connect(controller.back)
        self.reset_button.clicked.connect(controller.reset)
        self.run_button.clicked.connect(controller.run_to_end)
        ev = state.events
        ev.snapshot_changed.connect(self._on_snapshot_changed)
        ev.decoding_settings_changed.connect(self._on_decoding_settings_changed)
        ev.bars_k_changed.connect(self._on_bars_k_changed)
        self._on_decoding_settings_changed(ds)
        if state.snapshot is not None:
            self._on_snapshot_changed(state.snapshot)

    # widgets → state ------------------------------------------------------------------------------
    def _settings_from_widgets(self, *_):
        self.state.decoding_settings = DecodingSettings(
            self.strategy.currentData(), self.beam_width.value(), round(self.temperature.value(), 2),
            self.sample_top_k.value(), self.seed.value(), round(self.top_p.value(), 2))

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else str(i)

    def force_candidate(self, row: int) -> int:
        """Force the candidate on bar `row` (0 = likeliest) as the next token."""
        return self.controller.force(int(self.candidate_ids[row]))

    def _on_beam_clicked(self, item, _column) -> None:
        index = item.data(0, Qt.ItemDataRole.UserRole)
        if index is not None:
            self.controller.select_beam(int(index))

    # state → widgets ------------------------------------------------------------------------------
    def _on_decoding_settings_changed(self, ds) -> None:
        widgets = ((self.strategy, None), (self.beam_width, ds.beam_width), (self.temperature, ds.temperature),
                   (self.sample_top_k, ds.top_k), (self.top_p, ds.top_p), (self.seed, ds.seed))
        for w, _ in widgets:
            w.blockSignals(True)
        self.strategy.setCurrentIndex(max(0, self.strategy.findData(ds.strategy)))
        for w, value in widgets[1:]:
            w.setValue(value)
        for w, _ in widgets:
            w.blockSignals(False)
        for box, visible in ((self.beam_width, ds.strategy == "beam"), (self.temperature, ds.strategy == "sample"),
                             (self.sample_top_k, ds.strategy == "sample"), (self.top_p, ds.strategy == "sample"),
                             (self.seed, ds.strategy == "sample")):
            box.setVisible(visible)
            self.option_labels[box].setVisible(visible)
        beams = ds.strategy == "beam"
        if beams and not self.beam_tree.isVisibleTo(self):        # shown: at least its share of the width
            total = sum(self.split.sizes()) or self.split.width()
            tree = max(BEAM_TREE_WIDTH, int(total * 0.42))
            self.split.setSizes([max(1, total - tree), tree])
        self.beam_tree.setVisible(beams)

    def _on_bars_k_changed(self, k) -> None:
        if self.bars_k.value() != k:
            self.bars_k.setValue(k)
        if self.state.snapshot is not None:
            self._show_bars(self.state.snapshot)

    def _on_snapshot_changed(self, snap) -> None:
        if snap is None:
            return
        self._show_bars(snap)
        self._show_written(snap)
        self._show_beams(snap)
        n = len(snap.steps) - 1
        self.back_button.setEnabled(n > 0)
        self.reset_button.setEnabled(n > 0)
        self.step_button.setEnabled(not snap.done)
        self.run_button.setEnabled(not snap.done)

    def _show_bars(self, snap) -> None:
        step = snap.shown_step
        ids, values = top_k(step.probs, self.state.bars_k)
        highlight = step.chosen if snap.done else snap.pick
        self.candidate_ids = [int(i) for i in ids]
        if self.continues:          # the text so far, as text (a prompt of 40 pieces would not fit)
            context = html.escape(elide_start(snap.text_so_far))
        else:
            prefix = " ".join(self.word(t) for t in step.prefix[1:]) or "—"
            start = self.word(step.prefix[0])
            context = html.escape(f"{start} {prefix}" if step.prefix[1:] else start)
        how = {"greedy": translate("InferencePanel", "greedy writes {token} (red) · click a bar to force it"),
               "beam": translate("InferencePanel", "the beam writes {token} (red) · click a bar to force it"),
               "sample": translate("InferencePanel", "the sampler draws {token} (red) · click a bar to force it")}[
            snap.settings.strategy]
        if snap.done:
            action = translate("InferencePanel", "wrote {token} (done)").format(
                token=f"<b>{html.escape(self.word(step.chosen))}</b>")
        else:
            action = how.format(token=f"<b>{html.escape(self.word(highlight))}</b>")
        labels = [self.word(int(i)) for i in ids]
        pick = next((row for row, i in enumerate(ids) if int(i) == highlight), None)
        self.canvas.set_bars(labels, values, pick, f"P(next | {context}): {action}")
        self.shown_ids, self.shown_values, self.highlighted = self.candidate_ids, values, highlight

    def _show_written(self, snap) -> None:
        parts = []
        for step, how in zip(snap.steps, snap.how):
            p = float(step.probs[step.chosen])
            style = "color:#c0392b;" if how == "forced" else ""
            parts.append(f"<span style='{style}'>{html.escape(self.word(step.chosen))}</span>"
                         f"<sub>{p:.2f} {translate('InferencePanel', HOW[how])}</sub>")
        n = len(snap.steps) - 1
        if self.continues:
            empty = translate("InferencePanel", "nothing yet: Step ▶ writes the token after the typed text")
        else:
            start = html.escape(self.word(self.state.arch.specials.start))
            empty = translate("InferencePanel", "nothing yet: the decoder starts from {start}").format(start=start)
        text = " ".join(parts) if parts else f"<i>{empty}</i>"
        written = (translate("InferencePanel", "Step {n} · <b>done</b>: {text}") if snap.done
                   else translate("InferencePanel", "Step {n}: {text}"))
        self.written.setText(written.format(n=n, text=text))

    def _show_beams(self, snap) -> None:
        self.beam_tree.clear()
        if not snap.beams:
            return
        root = self.beam_tree.invisibleRootItem()
        nodes: dict[tuple, QTreeWidgetItem] = {}
        for index, beam in enumerate(snap.beams):
            tokens = beam.tokens + ([self.state.arch.specials.eos] if beam.finished else [])
            parent, path = root, ()
            for t in tokens:
                path = path + (t,)
                if path not in nodes:
                    item = QTreeWidgetItem(parent, [self.word(t)])
                    nodes[path] = item
                parent = nodes[path]
            # beams come best first: the first is beam search's answer (a finished beam ends in <eos>)
            marks = (" ★" if index == 0 else "") + ("" if beam.finished else " …")
            selected = index == snap.beam_index
            parent.setText(0, parent.text(0) + marks + (" ◀" if selected else ""))
            parent.setText(1, f"{beam.score:.3f}")
            parent.setText(2, f"{beam.logprob:.3f}")
            parent.setData(0, Qt.ItemDataRole.UserRole, index)
            tip = (translate("InferencePanel", "beam {i} (the best score: beam search's translation): {tokens}")
                   if index == 0 else translate("InferencePanel", "beam {i}: {tokens}"))
            parent.setToolTip(0, tip.format(i=index + 1, tokens=" ".join(self.word(t) for t in beam.tokens)))
            if index == 0:
                font = parent.font(0)
                font.setBold(True)
                for column in range(3):
                    parent.setFont(column, font)
        self.beam_tree.expandAll()
