"""Ablations and √d_k scaling lab: switch parts of the model off and see the translation change;
per-row softmax entropy and largest weight with and without ÷√d_k; and the d_k experiment over
random Q, K showing the unscaled softmax collapse towards one-hot (the notes' "avoid extreme softmax")."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSlider, QSpinBox, QVBoxLayout,
                               QWidget)

from core.config import Ablations
from core.labs import scaling
from core.names import act_name, split

from ..decoding.ablation_bar import AblationBar
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..state import ExplorerState

from ..binding import bind_data, bind_text, bind_value
from .runner import LabRunner
from .state import ScalingState
from .plots import (PENS, FollowsSentenceWhenShown, ablations_sentence, canvas, caption, curve, line_plot,
                    scrolling_page, set_title)

D_KS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024]
N_KEYS = 32
SEED = 0
BLOCK_NAMES = {"enc.self": QT_TRANSLATE_NOOP("AblationLab", "encoder self-attention"),
               "dec.self": QT_TRANSLATE_NOOP("AblationLab", "decoder masked self-attention"),
               "dec.cross": QT_TRANSLATE_NOOP("AblationLab", "decoder cross-attention")}




class AblationLab(FollowsSentenceWhenShown, QWidget):
    """Ablation switches with their effect on the translation; entropy / max weight per row with and
    without ÷√d_k for the sentence; the d_k slider over random Q, K."""

    def __init__(self, translator, sentence: str | None = None, parent=None):
        super().__init__(parent)
        self.translator = translator
        cfg = translator.cfg
        arch = translator.arch
        if sentence is None:
            sentence = "我是一个学生" if arch.is_seq2seq else "the cat sat on the mat"
        self.runner = LabRunner(self)
        self.runner.result_ready.connect(self._on_report_ready)
        self.runner.failed.connect(self._on_report_failed)
        self.report: scaling.AblationReport | None = None
        self.sharpness: scaling.RowSharpness | None = None

        # ablation switches: the window's own (follow_ablations), a private set when the lab stands alone
        self.sentence = QLineEdit(sentence)
        self.switch_state = ExplorerState(arch, cfg.n_heads)
        self.switches = AblationBar(self.switch_state)
        self.switches_note = caption("")
        self.ablations_label = caption()
        self.translation_label = caption()
        self.translation_label.setTextFormat(Qt.TextFormat.PlainText)

        # per-row sharpness ------------------------------------------------------------------------
        self.block = QComboBox()
        for stack in arch.stacks:                  # the model's own attention blocks
            for b in arch.attention(stack):
                key = f"{stack}.{b.site}"
                self.block.addItem(translate("AblationLab", BLOCK_NAMES[key]), key)
        self.layer = QSpinBox(minimum=0, maximum=arch.layers(self.block.currentData().split(".")[0]) - 1)
        self.head = QSpinBox(minimum=0, maximum=cfg.n_heads - 1)
        self.rows_canvas = canvas()
        self.entropy_plot = line_plot(self.rows_canvas.ci, 0, 0, translate("AblationLab", "entropy of each attention row"), translate("AblationLab", "entropy (nats)"),
                                      translate("AblationLab", "query"))
        self.entropy_scaled = curve(self.entropy_plot, 0, "softmax(QKᵀ/√d_k)", symbol="o")
        self.entropy_unscaled = curve(self.entropy_plot, 1, "softmax(QKᵀ)", symbol="t")
        self.entropy_uniform = curve(self.entropy_plot, 7, translate("AblationLab", "uniform (ln of keys allowed)"), dashed=True)
        self.max_plot = line_plot(self.rows_canvas.ci, 0, 1, translate("AblationLab", "largest weight of each row"), translate("AblationLab", "max weight"), translate("AblationLab", "query"))
        self.max_scaled = curve(self.max_plot, 0, "softmax(QKᵀ/√d_k)", symbol="o")
        self.max_unscaled = curve(self.max_plot, 1, "softmax(QKᵀ)", symbol="t")
        self.max_plot.setYRange(0, 1.05, padding=0)
        self.rows_caption = caption()

        # the d_k experiment -----------------------------------------------------------------------
        self.experiment = scaling.dk_experiment(D_KS, n_queries=32, n_keys=N_KEYS, trials=8, seed=SEED)
        self.d_k = QSlider(Qt.Orientation.Horizontal, minimum=0, maximum=len(D_KS) - 1)
        self.state = ScalingState(cfg.n_layers, cfg.n_heads, len(D_KS), sentence=sentence,
                                  block=self.block.currentData(),            # the model's first block
                                  d_k_index=D_KS.index(64) if 64 in D_KS else 0)
        bind_text(self.sentence, self.state, "sentence")
        bind_data(self.block, self.state, "block")
        bind_value(self.layer, self.state, "layer")
        bind_value(self.head, self.state, "head")
        bind_value(self.d_k, self.state, "d_k_index")
        self.d_k_label = QLabel()
        self.dk_canvas = canvas()
        self.dk_max_plot = line_plot(self.dk_canvas.ci, 0, 0, translate("AblationLab", "mean largest weight"), translate("AblationLab", "max weight"), "d_k (log)",
                                     log_x=True, legend_offset=(8, 8))
        self.dk_entropy_plot = line_plot(self.dk_canvas.ci, 0, 1, translate("AblationLab", "mean entropy"), translate("AblationLab", "entropy (nats)"), "d_k (log)",
                                         log_x=True, legend_offset=(-8, -8))
        e = self.experiment
        for plot, scaled, unscaled in ((self.dk_max_plot, e.max_scaled, e.max_unscaled),
                                       (self.dk_entropy_plot, e.entropy_scaled, e.entropy_unscaled)):
            curve(plot, 0, "÷√d_k", symbol="o").setData(e.d_k, scaled)
            curve(plot, 1, translate("AblationLab", "unscaled"), symbol="t").setData(e.d_k, unscaled)
        curve(self.dk_entropy_plot, 7, translate("AblationLab", "uniform: ln {n}").format(n=N_KEYS), dashed=True).setData(
            e.d_k, np.full(len(e.d_k), e.uniform_entropy))
        self.dk_max_plot.setYRange(0, 1.05, padding=0)
        self.dk_lines = [pg.InfiniteLine(angle=90, pen=pg.mkPen("#888", width=1, style=Qt.PenStyle.DotLine))
                         for _ in range(2)]
        self.dk_max_plot.addItem(self.dk_lines[0])
        self.dk_entropy_plot.addItem(self.dk_lines[1])
        self.row_plot = line_plot(self.dk_canvas.ci, 0, 2, translate("AblationLab", "one query's weights"), translate("AblationLab", "weight"),
                                  translate("AblationLab", "the {n} keys, by score").format(n=N_KEYS))
        self.row_scaled = pg.BarGraphItem(x=[], height=[], width=0.4, brush=PENS[0], name="÷√d_k")
        self.row_unscaled = pg.BarGraphItem(x=[], height=[], width=0.4, brush=PENS[1], name=translate("AblationLab", "unscaled"))
        self.row_plot.addItem(self.row_scaled)
        self.row_plot.addItem(self.row_unscaled)
        self.row_plot.setYRange(0, 1.05, padding=0)
        self.dk_caption = caption(translate(
            "AblationLab", "Q and K have independent N(0, 1) entries (seed {seed}; {n} keys, 32 queries × 8 trials "
            "per d_k), so q·k has variance d_k. Unscaled, the scores spread as √d_k and the softmax tends "
            "to one-hot (max weight → 1, entropy → 0: tiny gradients for every other key); ÷√d_k keeps the "
            "variance at 1 whatever d_k. The model's own d_k is {d_k}.").format(seed=SEED, n=N_KEYS, d_k=cfg.d_k))

        self._build_layout()

        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self._submit)
        self.switch_state.events.ablations_changed.connect(self._on_ablations_changed)
        ev = self.state.events
        ev.sentence_changed.connect(self._on_sentence_changed)
        for signal in (ev.block_changed, ev.layer_changed, ev.head_changed):
            signal.connect(self._on_selection_changed)
        ev.d_k_index_changed.connect(self._on_d_k_changed)
        self._on_d_k_changed()
        self._submit()

    def _build_layout(self) -> None:
        root = scrolling_page(self)

        box = QGroupBox(translate("AblationLab", "Ablations: switch a part of the model off"))
        v = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("AblationLab", "sentence")))
        row.addWidget(self.sentence, 1)
        v.addLayout(row)
        self._switches_row = QVBoxLayout()
        self._switches_row.addWidget(self.switches)
        v.addLayout(self._switches_row)
        v.addWidget(self.switches_note)
        v.addWidget(self.ablations_label)
        v.addWidget(self.translation_label)
        root.addWidget(box)

        box = QGroupBox(translate("AblationLab", "How peaked is each softmax row? (same sentence and target, ÷√d_k on and off)"))
        v = QVBoxLayout(box)
        row = QHBoxLayout()
        for text, w in ((translate("AblationLab", "attention"), self.block), (translate("AblationLab", "layer"), self.layer), (translate("AblationLab", "head"), self.head)):
            row.addWidget(QLabel(text))
            row.addWidget(w)
        row.addStretch(1)
        v.addLayout(row)
        self.rows_canvas.setMinimumHeight(260)
        v.addWidget(self.rows_canvas)
        v.addWidget(self.rows_caption)
        root.addWidget(box)

        box = QGroupBox(translate("AblationLab", "The d_k experiment: random Q, K"))
        v = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(QLabel("d_k"))
        row.addWidget(self.d_k, 1)
        row.addWidget(self.d_k_label)
        v.addLayout(row)
        self.dk_canvas.setMinimumHeight(260)
        v.addWidget(self.dk_canvas)
        v.addWidget(self.dk_caption)
        root.addWidget(box)

    # ablations ------------------------------------------------------------------------------------
    def follow_ablations(self, state) -> None:
        """Use the window's switches (its state's `ablations`): the same switches as the top bar,
        shown here too, so the lab and every other view run the model alike."""
        self.switch_state.events.ablations_changed.disconnect(self._on_ablations_changed)
        self._switches_row.removeWidget(self.switches)
        self.switches.deleteLater()
        self.switch_state = state
        self.switches = AblationBar(state)
        self._switches_row.addWidget(self.switches)
        self.switches_note.setText(translate("AblationLab", "These are the window's switches (the bar at the top): they apply in every "
                                   "tab, and so do heads switched off in the head selector or the Model overview."))
        state.events.ablations_changed.connect(self._on_ablations_changed)
        self._submit()

    def ablations(self) -> Ablations:
        """The switches as an Ablations."""
        return self.switch_state.ablations

    def _on_sentence_changed(self, _text):
        self._timer.start()

    def _on_ablations_changed(self, _checked):
        self._submit()

    def _submit(self) -> None:
        self._timer.stop()
        ablations = self.ablations()
        self.ablations_label.setText(ablations_sentence(ablations.to_dict()))
        self.translation_label.setText(translate("AblationLab", "translating …") if self.translator.arch.is_seq2seq
                                       else "running …")
        self.runner.submit(scaling.ablation_report, self.translator, self.state.sentence, ablations)

    def _on_report_ready(self, _generation, report: scaling.AblationReport) -> None:
        self.report = report
        self.ablations_label.setText(ablations_sentence(report.ablations))
        same = " " + translate("AblationLab", "(unchanged)") if report.translation == report.translation_ablated else ""
        what = {"translation": "", "continuation": f"{scaling.CONTINUATION_TOKENS} tokens written greedily after the "
                                                   "text, in ⟨ ⟩ —\n", "fill": "each [MASK] filled with its likeliest token —\n"}
        self.translation_label.setText(what[report.output] + translate("AblationLab", "without ablations:  {translation}").format(
            translation=report.translation or "∅") + "\n" + translate("AblationLab", "with them:            {translation}").format(
            translation=report.translation_ablated or "∅") + same)
        self._on_selection_changed()

    def _on_report_failed(self, _generation, message: str) -> None:
        self.report = None
        self.translation_label.setText(message)

    # per-row sharpness ----------------------------------------------------------------------------
    def _on_selection_changed(self, *_):
        r = self.report
        if r is None:
            return
        block = self.state.block
        self.layer.setMaximum(self.translator.arch.layers(block.split(".")[0]) - 1)   # the stack's depth
        layer, head = self.state.layer, self.state.head
        s = self.sharpness = scaling.attention_sharpness(r.trace_scaled, r.trace_unscaled, block, layer, head)
        queries = r.trace_scaled.src_tokens if block == "enc.self" else r.trace_scaled.tgt_tokens
        x = np.arange(len(s.entropy_scaled))
        self.entropy_scaled.setData(x, s.entropy_scaled)
        self.entropy_unscaled.setData(x, s.entropy_unscaled)
        self.entropy_uniform.setData(x, s.uniform_entropy)
        self.max_scaled.setData(x, s.max_scaled)
        self.max_unscaled.setData(x, s.max_unscaled)
        ticks = [[(i, t) for i, t in enumerate(queries)]] if len(queries) <= 30 else None
        for plot in (self.entropy_plot, self.max_plot):
            plot.getAxis("bottom").setTicks(ticks)
            plot.setXRange(-0.5, len(x) - 0.5, padding=0)
        self.entropy_plot.setYRange(0, max(1e-3, float(s.uniform_entropy.max())) * 1.05, padding=0)
        others = {k: v for k, v in r.ablations.items() if k != "no_scale"}
        weights = act_name(*split(s.name)[:3], "weights")
        set_title(self.entropy_plot, translate("AblationLab", "entropy of each row of {weights}, head {head}").format(
            weights=weights, head=head))
        set_title(self.max_plot, translate("AblationLab", "largest weight of each row of {weights}, head {head}").format(
            weights=weights, head=head))
        m = s.means()
        others_text = ablations_sentence(others)
        template = (translate(
            "AblationLab", "Mean over rows — entropy {entropy_scaled} with ÷√d_k, {entropy_unscaled} "
            "without; largest weight {max_scaled} vs {max_unscaled}. Both traces: "
            "{others} besides the scaling; "
            "target = the translation above. From layer 1 on the rows also differ because every layer "
            "below changed.") if r.output == "translation" else translate(   # BERT, GPT-2: the text itself
            "AblationLab", "Mean over rows — entropy {entropy_scaled} with ÷√d_k, {entropy_unscaled} "
            "without; largest weight {max_scaled} vs {max_unscaled}. Both traces: "
            "{others} besides the scaling; the text as typed. From layer 1 on the rows also differ "
            "because every layer below changed."))
        self.rows_caption.setText(template.format(
            entropy_scaled=f"{m['entropy_scaled']:.3f}", entropy_unscaled=f"{m['entropy_unscaled']:.3f}",
            max_scaled=f"{m['max_scaled']:.3f}", max_unscaled=f"{m['max_unscaled']:.3f}",
            others=others_text[0].lower() + others_text[1:]))

    # d_k experiment -------------------------------------------------------------------------------
    def _on_d_k_changed(self, *_):
        j = self.state.d_k_index
        d_k = D_KS[j]
        e = self.experiment
        self.d_k_label.setText(translate("AblationLab", "d_k = {d_k}: max weight {scaled} (÷√d_k) vs {unscaled} (unscaled)").format(
            d_k=d_k, scaled=f"{e.max_scaled[j]:.2f}", unscaled=f"{e.max_unscaled[j]:.2f}"))
        for line in self.dk_lines:
            line.setValue(np.log10(d_k))
        scaled, unscaled = scaling.example_row(d_k, N_KEYS, SEED)
        x = np.arange(N_KEYS)
        self.row_scaled.setOpts(x=x - 0.2, height=scaled)
        self.row_unscaled.setOpts(x=x + 0.2, height=unscaled)
        set_title(self.row_plot, translate("AblationLab", "one query's weights at d_k = {d_k}").format(d_k=d_k))

    def stop(self) -> None:
        self.runner.stop()
