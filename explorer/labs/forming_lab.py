"""Attention forming lab: the weights the model kept during training, replayed on your sentence.

Each snapshot runs the sentence teacher-forced on the trained model's translation, so the matrix's
rows (target words) and columns (source characters) stay put: drag the step or press Play and watch
the cross-attention go from uniform noise to an alignment while the loss falls.
"""
from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QSlider,
                               QVBoxLayout, QWidget)

from core.errors import UserError
from core.labs.forming import Film, attention_forming
from core.summaries import head_weights

from ..binding import bind_data, bind_value
from ..export.writers import gif_bytes, strip_bytes, write
from ..i18n import translate
from ..views.base import RefreshWhenShown
from ..views.pickers import AVERAGE, layer_head_pickers

from .plots import PENS, MatrixPlot, canvas, caption, curve, line_plot, scrolling_page, set_title
from .runner import LabRunner
from .state import FormingState

PLAY_MS = 800           # one snapshot per tick while playing


class FormingLab(RefreshWhenShown, QWidget):
    """A step slider over the snapshots, the chosen layer's cross-attention at that step, and the
    loss and the attention's sharpness across training with the step marked."""

    def __init__(self, translator, sentence: str = "我是一个学生", parent=None):
        super().__init__(parent)
        self.translator = translator
        cfg = translator.cfg
        self.film: Film | None = None
        self.runner = LabRunner(self)
        self.runner.result_ready.connect(self._on_film)
        self.runner.failed.connect(self._on_failed)

        # controls ---------------------------------------------------------------------------
        self.step = QSlider(Qt.Orientation.Horizontal)
        self.step.setRange(0, 0)
        self.step.setPageStep(1)
        self.step.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.step.setToolTip(translate("FormingLab", "the training step whose weights run the sentence (← → on the slider)"))
        self.step_label = QLabel(translate("FormingLab", "step –"))
        self.play = QPushButton(translate("FormingLab", "▶ Play"))
        self.play.setCheckable(True)
        self.play.setToolTip(translate("FormingLab", "step through training, one snapshot every 0.8 s"))
        self.export_button = QPushButton(translate("FormingLab", "Export animation…"))
        self.export_button.setToolTip(translate("FormingLab", "every step as drawn here, as an animated GIF or a PNG strip (for slides)"))
        # where the export asks for a file (tests put a path here instead of a dialog)
        self.ask_save_path = lambda: QFileDialog.getSaveFileName(
            self, translate("FormingLab", "Export attention forming"), str(Path.home() / "attention-forming.gif"),
            translate("FormingLab", "Animated GIF (*.gif);;PNG strip (*.png)"))[0]
        self.layer, self.head = layer_head_pickers(cfg.n_layers, cfg.n_heads, translate("FormingLab", "decoder layer {}"))
        self.state = FormingState(cfg.n_layers, cfg.n_heads)
        bind_value(self.step, self.state, "frame")
        bind_data(self.layer, self.state, "layer")
        bind_data(self.head, self.state, "head")
        self._timer = QTimer(self, interval=PLAY_MS)
        self._timer.timeout.connect(self._advance)
        self._sentence_timer = QTimer(self, singleShot=True, interval=300)
        self._sentence_timer.timeout.connect(self.request_refresh)

        # plots ------------------------------------------------------------------------------
        self.canvas = canvas()
        self.matrix = MatrixPlot(self.canvas.ci, 0, 0, translate("FormingLab", "cross-attention"), translate("FormingLab", "target (query)"),
                                 translate("FormingLab", "source (key)"))
        self.loss_plot = line_plot(self.canvas.ci, 0, 1, translate("FormingLab", "loss on the target"),
                                   translate("FormingLab", "cross-entropy (nats)"),
                                   translate("FormingLab", "training step + 1 (log)"), log_x=True)
        self.loss_curve = curve(self.loss_plot, 0, translate("FormingLab", "loss"), symbol="o")
        self.sharp_plot = line_plot(self.canvas.ci, 0, 2, translate("FormingLab", "attention sharpness"),
                                    translate("FormingLab", "mean largest weight of a row"),
                                    translate("FormingLab", "training step + 1 (log)"), log_x=True, legend_offset=(8, 8))
        for plot in (self.loss_plot, self.sharp_plot):
            plot.getAxis("left").enableAutoSIPrefix(False)       # 0.2 … 0.8, not "200 … 800 (×0.001)"
        self.sharp_curves = [curve(self.sharp_plot, i, translate("FormingLab", "layer {layer}").format(layer=i), symbol="o" if i == cfg.n_layers - 1 else None)
                             for i in range(cfg.n_layers)]
        self.markers = []
        for plot in (self.loss_plot, self.sharp_plot):
            marker = pg.InfiniteLine(angle=90, pen=pg.mkPen(PENS[3], width=2, style=Qt.PenStyle.DashLine))
            plot.addItem(marker, ignoreBounds=True)
            self.markers.append(marker)
        self.canvas.ci.layout.setColumnStretchFactor(0, 3)
        self.canvas.ci.layout.setColumnStretchFactor(1, 2)
        self.canvas.ci.layout.setColumnStretchFactor(2, 2)
        self.writes = caption()
        self.note = caption()
        self.note.setTextFormat(Qt.TextFormat.PlainText)          # it names <bos>

        self._build_layout()
        ev = self.state.events
        for signal in (ev.frame_changed, ev.layer_changed, ev.head_changed):
            signal.connect(self._show)
        ev.sentence_changed.connect(self._on_sentence_changed)
        self.play.toggled.connect(self._on_play)
        self.export_button.clicked.connect(self.export_animation)
        self.set_sentence(sentence)

    def _build_layout(self) -> None:
        root = scrolling_page(self)
        box = QGroupBox(translate("FormingLab", "Attention forming: the weights kept during training, each run on your sentence"))
        v = QVBoxLayout(box)
        v.addWidget(caption(translate("FormingLab", "The model kept its weights at a few moments of training (step 0 is the random "
                            "start). Each runs your sentence teacher-forced on the trained model's translation, so "
                            "the rows and columns stay the same while the cross-attention forms.")))
        controls = QHBoxLayout()
        controls.addWidget(QLabel(translate("FormingLab", "training step")))
        controls.addWidget(self.step, 1)
        controls.addWidget(self.step_label)
        controls.addWidget(self.play)
        controls.addWidget(self.export_button)
        controls.addWidget(self.layer)
        controls.addWidget(self.head)
        v.addLayout(controls)
        self.canvas.setMinimumHeight(380)
        v.addWidget(self.canvas)
        v.addWidget(self.writes)
        v.addWidget(self.note)
        root.addWidget(box)
        root.addStretch(1)

    # the sentence → a film of every snapshot (worker) ------------------------------------------
    def set_sentence(self, text: str) -> None:
        """Follow the window's sentence: run it once typing pauses, and only while the lab is shown
        (a film is twelve models' runs, ≈ 0.7 s of a core: not for every keystroke in another tab)."""
        if text and text.strip():
            self.state.sentence = text

    def _on_sentence_changed(self, _text) -> None:
        self._sentence_timer.start()

    _filmed = None

    def refresh(self) -> None:
        """(RefreshWhenShown) film the newest sentence, unless it is the one shown."""
        sentence = self.state.sentence
        if sentence and sentence != self._filmed:
            self._filmed = sentence
            self.note.setText(translate("FormingLab", "running the sentence through every snapshot …"))
            self.runner.submit(attention_forming, self.translator, sentence)

    def _on_film(self, _generation, film: Film) -> None:
        keep_last = self.film is None or self.state.frame >= len(self.film.frames) - 1
        self.film = film
        steps = np.array(film.steps, dtype=float) + 1
        self.loss_curve.setData(steps, [f.loss for f in film.frames])
        for layer, c in enumerate(self.sharp_curves):
            c.setData(steps, [float(f.sharpness[layer]) for f in film.frames])
        self.step.blockSignals(True)
        self.step.setRange(0, len(film.frames) - 1)
        self.step.blockSignals(False)
        last = len(film.frames) - 1
        self.state.frame = last if keep_last else min(self.state.frame, last)
        self.step.setValue(self.state.frame)
        self.matrix.set_ticks(film.tgt_tokens, film.src_tokens)
        self.note.setText(translate("FormingLab", "“{text}” through {n} snapshots, teacher-forced on the trained "
                          "model's translation “{target}”. A row is the decoder position that predicts the "
                          "next word (the <bos> row writes the first). Sharpness 1/n (here "
                          "1/{n_src}) is attention spread evenly over the source; 1 is all of it "
                          "on one token.").format(text=film.text, n=len(film.frames), target=film.target,
                                                  n_src=len(film.src_tokens)))
        self._show()

    def _on_failed(self, _generation, message: str) -> None:
        self.film = None
        self._filmed = None
        self.note.setText(f"⚠ {message}")

    # the chosen frame --------------------------------------------------------------------------
    def selection(self) -> tuple[int, int]:
        return self.state.layer, self.state.head

    def frame_matrix(self) -> np.ndarray | None:
        """The cross-attention shown now: (target rows, source tokens)."""
        if self.film is None:
            return None
        frame = self.film.frames[self.state.frame]
        layer, head = self.selection()
        weights = frame.cross[layer]
        return head_weights(weights, head)

    def _show(self) -> None:
        matrix = self.frame_matrix()
        if matrix is None:
            return
        frame = self.film.frames[self.state.frame]
        layer, head = self.selection()
        last = self.film.frames[-1].step
        self.step_label.setText(translate("FormingLab", "step {step} of {last}").format(step=frame.step, last=last))
        which = (translate("FormingLab", "heads' average") if head == AVERAGE
                 else translate("FormingLab", "head {head}").format(head=head))
        set_title(self.matrix.plot, translate("FormingLab", "cross-attention, decoder layer {layer}, {which} — step {step}").format(
            layer=layer, which=which, step=frame.step))
        self.matrix.set_matrix(matrix, levels=(0.0, 1.0))
        for marker in self.markers:
            marker.setValue(np.log10(frame.step + 1))
        writes = html.escape(frame.translation or translate("FormingLab", "nothing (it writes <eos> at once)"))
        self.writes.setText(translate("FormingLab", "<b>At step {step}</b> the model writes: <i>{writes}</i> · loss on the target "
                            "{loss} nats · sharpness of layer {layer}: {sharpness}").format(
            step=frame.step, writes=writes, loss=f"{frame.loss:.2f}", layer=layer, sharpness=f"{frame.sharpness[layer]:.2f}"))

    # exporting ---------------------------------------------------------------------------------
    def export_animation(self) -> Path | None:
        """Every step of the film as this canvas draws it (the matrix, the loss and sharpness with
        the step marked), as an animated GIF or, for a .png name, a strip; written atomically."""
        if self.film is None:
            return None
        path = self.ask_save_path()
        if not path:
            return None
        path = Path(path)
        path = path if path.suffix.lower() in (".gif", ".png") else path.with_name(path.name + ".gif")
        current = self.state.frame
        images = []
        try:
            for i in range(len(self.film.frames)):
                self.state.frame = i
                images.append(self.canvas.grab().toImage())
        finally:
            self.state.frame = current
        try:
            data = strip_bytes(images) if path.suffix.lower() == ".png" else gif_bytes(images, PLAY_MS / 1000)
            return write(path, data)
        except UserError as e:
            QMessageBox.warning(self, translate("FormingLab", "Export failed"), str(e))
            return None

    # playing -----------------------------------------------------------------------------------
    def _on_play(self, playing: bool) -> None:
        self.play.setText(translate("FormingLab", "⏸ Pause") if playing else translate("FormingLab", "▶ Play"))
        if playing:
            if self.state.frame >= self._last_frame():
                self.state.frame = 0
            self._timer.start()
        else:
            self._timer.stop()

    def _advance(self) -> None:
        if self.state.frame >= self._last_frame():
            self.play.setChecked(False)
            return
        self.state.frame += 1

    def _last_frame(self) -> int:
        return len(self.film.frames) - 1 if self.film is not None else 0

    def stop(self) -> None:
        self._timer.stop()
        self._sentence_timer.stop()
        self.runner.stop()
