"""RNN/LSTM versus self-attention lab (notes §三): how many steps must run one after another, the
wall time of a forward pass as L grows, and how strongly x₀ still moves h_t (‖∂h_t/∂x₀‖, log scale)."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from core.labs import recurrence

from ..i18n import QT_TRANSLATE_NOOP, translate
from .plots import (PENS, FollowsSentenceWhenShown, ablations_sentence, canvas, caption, curve, line_plot,
                    scrolling_page)
from ..binding import bind_data, bind_text, bind_value
from .runner import LabRunner
from .state import RecurrenceState

FLOOR = 1e-300      # a log axis cannot show 0; norms below this (none in float64 up to L ≈ 1000) are drawn here
SOURCES = {"random": QT_TRANSLATE_NOOP("RecurrenceLab", "random vectors"),
           "sentence": QT_TRANSLATE_NOOP("RecurrenceLab", "the sentence's input vectors")}
SYMBOLS = {"RNN": "o", "LSTM": "s", "self-attention": "t"}


def model_label(name: str) -> str:
    """A model's name in the legends ("self-attention" is a word to translate; RNN, LSTM are not)."""
    return translate("RecurrenceLab", "self-attention") if name == "self-attention" else name


def displayed_norms(norms: np.ndarray) -> np.ndarray:
    return np.maximum(norms, FLOOR)


class RecurrenceLab(FollowsSentenceWhenShown, QWidget):
    """Sequential steps and wall time against L; ‖∂h_t/∂x₀‖ against t for nn.RNN, nn.LSTM and one
    self-attention layer of the same width, random weights with a stated seed."""

    def __init__(self, translator, sentence: str = "我是一个学生", parent=None):
        super().__init__(parent)
        self.translator = translator
        self.gradients: recurrence.GradientCurves | None = None
        self.timings: recurrence.WallTimes | None = None
        self.gradient_runner = LabRunner(self)
        self.gradient_runner.result_ready.connect(self._on_gradients_ready)
        self.gradient_runner.failed.connect(self._on_failed)
        self.timing_runner = LabRunner(self)
        self.timing_runner.result_ready.connect(self._on_timings_ready)
        self.timing_runner.failed.connect(self._on_failed)
        self.runner = self.gradient_runner          # what tests and shutdown wait on first

        self.source = QComboBox()
        for key, text in SOURCES.items():
            self.source.addItem(translate("RecurrenceLab", text), key)
        self.sentence = QLineEdit(sentence)
        self.length = QSpinBox(minimum=2, maximum=500, value=200)
        self.width = QSpinBox(minimum=4, maximum=256, value=64)
        self.seed = QSpinBox(minimum=0, maximum=2**31 - 1, value=0)
        self.state = st = RecurrenceState(sentence=sentence)
        bind_data(self.source, st, "source")
        bind_text(self.sentence, st, "sentence")
        for widget, field in ((self.length, "length"), (self.width, "width"), (self.seed, "seed")):
            bind_value(widget, st, field)

        self.plots = canvas()
        # the lesson first: steps one after another and the work; then what the clock says
        self.steps_plot = line_plot(self.plots.ci, 0, 0, translate("RecurrenceLab", "steps that must run one after another"), translate("RecurrenceLab", "steps"),
                                    translate("RecurrenceLab", "sequence length L"), log_x=True, log_y=True, legend_offset=(8, 8))
        self.work_plot = line_plot(self.plots.ci, 0, 1, translate("RecurrenceLab", "multiply-adds of one forward pass"), translate("RecurrenceLab", "multiply-adds"),
                                   translate("RecurrenceLab", "sequence length L"), log_x=True, log_y=True, legend_offset=(8, 8))
        self.time_plot = line_plot(self.plots.ci, 1, 0, translate("RecurrenceLab", "wall time of one forward pass (fastest run; bar: to "
                                   "the median)"), translate("RecurrenceLab", "milliseconds"), translate("RecurrenceLab", "sequence length L"), log_x=True, log_y=True,
                                   legend_offset=(8, 8))
        self.gradient_plot = line_plot(self.plots.ci, 1, 1, translate("RecurrenceLab", "how much x₀ still moves h_t"), "‖∂h_t/∂x₀‖ (log)",
                                       translate("RecurrenceLab", "position t"), log_y=True, legend_offset=(8, -8))
        self.step_curves, self.work_curves, self.time_curves, self.gradient_lines = {}, {}, {}, {}
        self.time_spread: dict[str, pg.ErrorBarItem] = {}
        for i, name in enumerate(recurrence.MODELS):
            self.step_curves[name] = self._step_curve(i, name)
            self.work_curves[name] = curve(self.work_plot, i, model_label(name), symbol=SYMBOLS[name])
            self.time_curves[name] = curve(self.time_plot, i, model_label(name), symbol=SYMBOLS[name])
            bars = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0), top=np.zeros(0), bottom=np.zeros(0),
                                   beam=0.03, pen=pg.mkPen(PENS[i], width=1.5))
            self.time_plot.addItem(bars)             # in the plot's log₁₀ coordinates (see _on_timings_ready)
            self.time_spread[name] = bars
            self.gradient_lines[name] = curve(self.gradient_plot, i, model_label(name))
        self.weights_caption = caption()
        self.status = caption()

        self._build_layout()
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self._submit_gradients)
        ev = st.events
        ev.sentence_changed.connect(self._on_sentence_changed)
        ev.source_changed.connect(self._on_source_changed)
        ev.length_changed.connect(self._on_length_changed)
        ev.width_changed.connect(self._on_width_changed)
        ev.seed_changed.connect(self._on_seed_changed)
        self._submit_gradients()
        self._submit_timings()

    def _step_curve(self, index: int, name: str) -> pg.PlotDataItem:
        """The RNN and the LSTM both need L steps: the RNN as a wide pale band with large circles, the
        LSTM as a thin dashed line with small squares on top of it, so both stay visible."""
        if name == "RNN":
            color = pg.mkColor(PENS[index])
            color.setAlpha(110)
            return self.steps_plot.plot([], [], pen=pg.mkPen(color, width=9), name="RNN", symbol="o",
                                        symbolSize=13, symbolBrush=color, symbolPen=None)
        if name == "LSTM":
            item = curve(self.steps_plot, index, translate("RecurrenceLab", "LSTM (L steps too)"), symbol="s", dashed=True)
            item.setZValue(2)
            return item
        return curve(self.steps_plot, index, model_label(name), symbol=SYMBOLS[name])

    def _build_layout(self) -> None:
        root = scrolling_page(self)
        box = QGroupBox(translate("RecurrenceLab", "RNN and LSTM against self-attention, the same width d"))
        v = QVBoxLayout(box)
        row = QHBoxLayout()
        for text, w in ((translate("RecurrenceLab", "inputs"), self.source), (translate("RecurrenceLab", "sentence"), self.sentence), ("L", self.length),
                        (translate("RecurrenceLab", "width d"), self.width), (translate("RecurrenceLab", "seed"), self.seed)):
            row.addWidget(QLabel(text))
            row.addWidget(w, 2 if w is self.sentence else 0)
        v.addLayout(row)
        self.plots.setMinimumHeight(640)
        v.addWidget(self.plots, 1)
        v.addWidget(self.weights_caption)
        v.addWidget(self.status)
        root.addWidget(box, 1)

    # controls ------------------------------------------------------------------------------------

    def use_sentence(self) -> bool:
        return self.state.source == "sentence"

    def _on_sentence_changed(self, _text):
        if self.use_sentence():
            self._timer.start()

    def _on_source_changed(self, _index):
        sentence = self.use_sentence()
        self.length.setEnabled(not sentence)
        self.width.setEnabled(not sentence)
        self._submit_gradients()

    def _on_length_changed(self, _value):
        self._timer.start()
        self._submit_timings()

    def _on_width_changed(self, _value):
        self._timer.start()
        self._submit_timings()

    def _on_seed_changed(self, _value):
        self._submit_gradients()
        self._submit_timings()

    def _submit_gradients(self) -> None:
        self._timer.stop()
        self.status.setText(translate("RecurrenceLab", "computing the gradient curves …"))
        if self.use_sentence():
            self.gradient_runner.submit(recurrence.sentence_gradient_curves, self.translator, self.state.sentence,
                                        seed=self.state.seed)
        else:
            self.gradient_runner.submit(recurrence.gradient_curves, None, self.state.length, self.state.width,
                                        self.state.seed)

    def _submit_timings(self) -> None:
        self.timing_runner.submit(recurrence.wall_times, recurrence.timing_lengths(self.state.length),
                                  self.state.width, self.state.seed)

    # results -------------------------------------------------------------------------------------
    def _on_gradients_ready(self, _generation, g: recurrence.GradientCurves) -> None:
        self.gradients = g
        for name, line in self.gradient_lines.items():
            line.setData(g.t, displayed_norms(g.norms[name]))
        last = g.length - 1
        exact = (translate("RecurrenceLab", "exact: all d directions of x₀") if g.directions >= g.width else
                 translate("RecurrenceLab", "norm estimated from {n} random orthonormal directions of x₀, seed {seed}").format(
                     n=g.directions, seed=g.seed + 1))
        ratios = ", ".join(f"{model_label(name)} {g.norms[name][last] / g.norms[name][min(1, last)]:.1e}"
                           for name in recurrence.MODELS)
        self.status.setText(translate(
            "RecurrenceLab", "Inputs: {source}. ‖∂h_{last}/∂x₀‖ ÷ ‖∂h_1/∂x₀‖: {ratios}. Computed in {ms} ms "
            "(forward-mode derivatives, float64; {exact}). The RNN multiplies by W_hh and tanh′ at every step, so x₀'s "
            "influence shrinks geometrically; the LSTM's cell carries it through the forget gate, more slowly; "
            "attention reaches x₀ from every t in one step (path length 1).").format(
                source=g.source, last=last, ratios=ratios, ms=f"{g.seconds * 1000:.0f}", exact=exact))
        self._update_caption()

    def _on_timings_ready(self, _generation, w: recurrence.WallTimes) -> None:
        self.timings = w
        log_l = np.log10(w.lengths.astype(float))
        for name in recurrence.MODELS:
            self.step_curves[name].setData(w.lengths, w.steps[name])
            self.work_curves[name].setData(w.lengths, w.macs[name].astype(float))
            self.time_curves[name].setData(w.lengths, w.seconds[name] * 1000)
            low, typical = np.log10(w.seconds[name] * 1000), np.log10(w.median[name] * 1000)
            self.time_spread[name].setData(x=log_l, y=low, top=typical - low, bottom=np.zeros(len(low)))
        # log axes: one labelled tick per measured length instead of pyqtgraph's crowded minor labels
        ticks = [[(float(np.log10(L)), str(int(L))) for L in w.lengths]]
        for plot in (self.steps_plot, self.work_plot, self.time_plot):
            plot.getAxis("bottom").setTicks(ticks)
        top = int(w.lengths.max())
        self.steps_plot.getAxis("left").setTicks(
            [[(float(np.log10(v)), str(v)) for v in sorted({1, 10, 100, 1000, top}) if v <= top]])
        self._update_caption()

    def _on_failed(self, _generation, message: str) -> None:
        self.status.setText(message)

    def _update_caption(self) -> None:
        g, w = self.gradients, self.timings
        width = g.width if g is not None else self.state.width
        seed = g.seed if g is not None else self.state.seed
        timing = ""
        if w is not None:
            L = int(w.lengths[-1])
            macs = ", ".join(f"{model_label(name)} {w.macs[name][-1]:.2g}" for name in recurrence.MODELS)
            timing = " " + translate(
                "RecurrenceLab", "The lesson: a recurrence needs L steps one after another (h_t waits for h_t−1), "
                "attention one step of matrix products, which parallel hardware runs at once; attention's "
                "work grows as L² (at L = {L}, d = {d}: {macs} multiply-adds). Wall time, measured "
                "now on this machine (batch 1, float32, {threads} CPU thread(s)): the fastest of "
                "{runs} or more runs, the bar up to their median. At short L fixed costs per call "
                "(Python, launching each kernel) dominate, so which model is fastest there says little about "
                "the architectures; and a CPU with {threads} thread(s) runs little in parallel, so attention's "
                "single step does not turn into a {L}-fold speed-up here.").format(
                    L=L, d=w.width, macs=macs, threads=w.threads, runs=int(w.runs.min()))
        uses = (translate("RecurrenceLab", "{ablations} — the inputs come from the translator's embeddings, but none of its "
                          "layers runs here.") if g is not None and "«" in g.source else
                translate("RecurrenceLab", "{ablations} — this lab does not run the translator.")).format(
            ablations=ablations_sentence(None))
        self.weights_caption.setText(translate(
            "RecurrenceLab", "Weights: random initialisation (PyTorch's defaults), seed {seed}, untrained — nn.RNN (tanh), "
            "nn.LSTM and one single-head self-attention layer (the app's MultiHeadAttention, no mask), all of "
            "width {width}.").format(seed=seed, width=width) + timing + " " + uses)

    def stop(self) -> None:
        self.gradient_runner.stop()
        self.timing_runner.stop()
