"""The lab widgets show what core.labs computes; they build, react to their controls and paint."""
import ast
from pathlib import Path

import numpy as np
import pytest

from core.labs import positional, recurrence, scaling

LABS = Path(__file__).resolve().parent.parent / "explorer" / "labs"


@pytest.fixture
def make_lab(qtbot, random_translator):
    made = []

    def make(cls, **kw):
        lab = cls(random_translator, **kw)
        qtbot.addWidget(lab)
        made.append(lab)
        lab.resize(1200, 900)
        lab.show()                      # as in the window: a lab is built when its tab opens
        return lab

    yield make
    for lab in made:
        lab.stop()


def test_no_torch_in_the_lab_widgets():
    for path in LABS.glob("*.py"):
        for name in imported_modules(path):
            assert name != "torch" and not name.startswith("torch."), path.name


def imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    return names


def test_core_labs_do_not_import_qt():
    for path in (LABS.parent.parent / "core" / "labs").glob("*.py"):
        for name in imported_modules(path):
            assert not name.startswith(("PySide6", "pyqtgraph", "explorer")), (path.name, name)


def test_positional_lab_shows_the_core_matrices(make_lab, qtbot):
    from explorer.labs.positional_lab import COMPARE_SHOWN, M_K_SHOWN, PositionalLab

    lab = make_lab(PositionalLab)
    lab.length.setValue(40)
    lab.d_model.setValue(16)
    lab.base.setValue(100.0)
    pe = positional.pe_matrix(40, 16, 100.0)
    np.testing.assert_array_equal(lab.pe_plot.image.image, pe)
    np.testing.assert_allclose(lab.similarity_plot.image.image, positional.pe_similarity(pe))
    lab.normalise.setChecked(False)
    np.testing.assert_allclose(lab.similarity_plot.image.image, positional.pe_similarity(pe, normalise=False))

    lab.dimensions.setText("0, 3, 14-15, 99")
    assert [c.name() for c in lab.dim_curves][0].startswith("dim 0: sin")
    assert len(lab.dim_curves) == 4                                  # 99 is outside d_model
    np.testing.assert_array_equal(lab.dim_curves[1].getData()[1], pe[:, 3])

    lab.pos.setValue(7)
    lab.k.setValue(11)
    check = positional.shift_check(7, 11, 16, 100.0)
    np.testing.assert_array_equal(lab.m_k_plot.image.image, check.m_k[:M_K_SHOWN, :M_K_SHOWN])
    np.testing.assert_array_equal(lab.predicted_curve.getData()[1], check.predicted[:COMPARE_SHOWN])
    assert f"{check.max_error:.1e}" in lab.error_label.text()


def test_positional_lab_repeated_word_switch(make_lab, qtbot, random_translator):
    from explorer.labs.positional_lab import PositionalLab

    lab = make_lab(PositionalLab)
    qtbot.waitUntil(lambda: lab.repeated is not None, timeout=10000)
    expected = positional.repeated_word(random_translator, "他和他的她")
    assert not lab.pe_on.isChecked()
    # the lab computes on its worker thread, whose torch thread count may differ: compare to rounding
    np.testing.assert_allclose(lab.out_bars.opts["height"], expected.diff_out["pe_off"], atol=1e-5)
    assert "0 exactly" in lab.verdict.text() and "positional encoding off" in lab.ablations_label.text()
    lab.pe_on.setChecked(True)
    np.testing.assert_allclose(lab.out_bars.opts["height"], expected.diff_out["pe_on"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(lab.att_bars.opts["height"], expected.diff_attention["pe_on"], rtol=1e-4, atol=1e-6)
    lab.layer.setValue(2)
    np.testing.assert_allclose(lab.rows_plot.image.image, expected.attention_rows["pe_on"][2], atol=1e-6)
    assert "different" in lab.verdict.text() and "Ablations on: none" in lab.ablations_label.text()

    lab.set_sentence("我是学生")                                     # no repeat: says so
    qtbot.waitUntil(lambda: lab.repeated is not None and lab.repeated.tokens == list("我是学生"), timeout=10000)
    assert "No token occurs twice" in lab.verdict.text()


def test_ablation_lab_rows_and_dk_slider(make_lab, qtbot, random_translator):
    from explorer.labs.scaling_lab import D_KS, N_KEYS, SEED, AblationLab

    lab = make_lab(AblationLab)
    qtbot.waitUntil(lambda: lab.report is not None, timeout=10000)
    lab.report = None
    lab.switches.boxes["no_pe"].setChecked(True)       # alone, the lab has switches of its own
    lab.switches.heads.setText("1.2")
    lab.switches.heads.editingFinished.emit()
    qtbot.waitUntil(lambda: lab.report is not None and lab.report.ablations["no_pe"]
                    and bool(lab.report.ablations["heads_off"]), timeout=10000)
    assert "positional encoding off" in lab.ablations_label.text()
    assert "heads zeroed: dec.cross.1.2, dec.self.1.2, enc.self.1.2" in lab.ablations_label.text()
    assert lab.report.translation == random_translator.translate("我是一个学生")

    lab.block.setCurrentIndex(2)                                       # cross-attention, layer 1, head 3
    lab.layer.setValue(1)
    lab.head.setValue(3)
    r = lab.report
    s = scaling.attention_sharpness(r.trace_scaled, r.trace_unscaled, "dec.cross", 1, 3)
    np.testing.assert_array_equal(lab.entropy_scaled.getData()[1], s.entropy_scaled)
    np.testing.assert_array_equal(lab.max_unscaled.getData()[1], s.max_unscaled)
    assert r.trace_scaled.meta["ablations"]["no_pe"] and not r.trace_scaled.meta["ablations"]["no_scale"]
    assert r.trace_unscaled.meta["ablations"]["no_scale"]

    lab.d_k.setValue(D_KS.index(256))
    scaled, unscaled = scaling.example_row(256, N_KEYS, SEED)
    np.testing.assert_array_equal(lab.row_unscaled.opts["height"], unscaled)
    np.testing.assert_array_equal(lab.row_scaled.opts["height"], scaled)
    assert lab.dk_lines[0].value() == pytest.approx(np.log10(256))

    lab.switches.heads.setText("9.9")                                   # outside the model: said, not raised
    lab.switches.heads.editingFinished.emit()
    qtbot.waitUntil(lambda: "outside" in lab.switches.note.text(), timeout=5000)


def test_recurrence_lab_plots_the_core_curves(make_lab, qtbot, random_translator):
    from explorer.labs.recurrence_lab import RecurrenceLab, displayed_norms

    lab = make_lab(RecurrenceLab)
    lab.length.setValue(60)
    lab.width.setValue(16)
    lab.seed.setValue(3)
    qtbot.waitUntil(lambda: lab.gradients is not None and lab.gradients.length == 60
                    and lab.gradients.width == 16 and lab.gradients.seed == 3, timeout=15000)
    expected = recurrence.gradient_curves(length=60, width=16, seed=3)
    for name in recurrence.MODELS:
        np.testing.assert_array_equal(lab.gradient_lines[name].yData, displayed_norms(expected.norms[name]))
    assert "seed 3" in lab.weights_caption.text() and "random initialisation" in lab.weights_caption.text()
    assert "Ablations on: none" in lab.weights_caption.text()
    qtbot.waitUntil(lambda: lab.timings is not None and lab.timings.lengths[-1] == 60 and lab.timings.seed == 3,
                    timeout=15000)
    np.testing.assert_array_equal(lab.step_curves["RNN"].yData, lab.timings.lengths)
    assert np.all(lab.step_curves["self-attention"].yData == 1)
    for name in recurrence.MODELS:                                      # the work, and the clock's spread
        np.testing.assert_array_equal(lab.work_curves[name].yData, lab.timings.macs[name])
        bars = lab.time_spread[name].opts
        np.testing.assert_allclose(bars["top"], np.log10(lab.timings.median[name] / lab.timings.seconds[name]))
    assert f"fastest of {int(lab.timings.runs.min())}" in lab.weights_caption.text()

    lab.source.setCurrentIndex(1)                                       # the sentence's own vectors
    lab.set_sentence("他和他的她")
    qtbot.waitUntil(lambda: lab.gradients is not None and lab.gradients.length == 5, timeout=15000)
    assert lab.gradients.width == random_translator.cfg.d_model and "«他和他的她»" in lab.status.text()


def test_lab_tabs_and_painting(qtbot, random_translator, tmp_path):
    from explorer.labs import lab_tabs

    tabs = lab_tabs(random_translator)
    assert [t for t, _ in tabs] == ["Positional encoding lab", "Ablations & scaling lab", "RNN vs attention lab",
                                   "Attention forming lab"]
    try:
        for _, w in tabs:
            qtbot.addWidget(w)
        lab = tabs[0][1]
        lab.resize(1000, 800)
        lab.show()
        qtbot.waitUntil(lambda: lab.repeated is not None, timeout=10000)
        image = lab.grab().toImage()
        assert image.width() == 1000
        path = tmp_path / "positional.png"
        assert lab.grab().save(str(path)) and path.stat().st_size > 10000
        # something other than the background was drawn
        colours = {image.pixel(x, y) for x in range(0, 1000, 25) for y in range(0, 800, 25)}
        assert len(colours) > 20
    finally:
        for _, w in tabs:
            w.stop()


def test_a_hidden_lab_takes_the_sentence_when_shown(qtbot, random_translator):
    """Typing in the main tab starts nothing in a lab on another tab; opening it catches up."""
    from explorer.labs.positional_lab import PositionalLab

    lab = PositionalLab(random_translator, sentence="他和他的她")
    qtbot.addWidget(lab)
    try:
        lab.resize(1000, 800)
        lab.show()
        qtbot.waitUntil(lambda: lab.repeated is not None and not lab.runner.busy(), timeout=10000)
        lab.hide()
        lab.set_sentence("我是学生")
        qtbot.wait(500)                                   # past the 300 ms debounce
        assert lab.sentence.text() == "他和他的她" and lab.repeated.tokens == list("他和他的她")
        lab.show()
        qtbot.waitUntil(lambda: lab.repeated.tokens == list("我是学生"), timeout=10000)
        assert lab.sentence.text() == "我是学生"
    finally:
        lab.stop()


def test_the_repeated_word_plot_is_emptied_for_a_sentence_without_repeats(make_lab, qtbot):
    """It kept the 他/和/他/的 heatmap, its labels and title for a sentence with no repeated token."""
    from explorer.labs.positional_lab import PositionalLab

    lab = make_lab(PositionalLab)
    qtbot.waitUntil(lambda: lab.repeated is not None, timeout=10000)
    rows = lab.rows_plot
    assert rows.image.image is not None and rows.plot.getAxis("left")._tickLevels is not None
    lab.set_sentence("我是学生")
    qtbot.waitUntil(lambda: lab.repeated is not None and lab.repeated.tokens == list("我是学生"), timeout=10000)
    assert rows.image.image is None                                  # nothing drawn …
    for side in ("left", "bottom"):                                  # no labels of the last sentence, nor numbers
        assert rows.plot.getAxis(side)._tickLevels == [[]]
    assert "no repeated token" in rows.plot.titleLabel.text          # … and the title says why
    lab.set_sentence("他和他的她")                                     # a repeat again: drawn again
    qtbot.waitUntil(lambda: lab.repeated is not None and lab.repeated.has_repeats, timeout=10000)
    assert rows.image.image is not None and "他@0" in [s for _, s in rows.plot.getAxis("left")._tickLevels[0]]


def test_the_rnn_line_is_not_hidden_under_the_lstm_line(make_lab, qtbot):
    """Both need L steps: the RNN's line must stay visible where the LSTM's lies on it (most of the
    pixels it changes alone, it still changes with the LSTM drawn)."""
    from PySide6.QtWidgets import QApplication

    from explorer.labs.recurrence_lab import RecurrenceLab

    lab = make_lab(RecurrenceLab)
    lab.length.setValue(100)
    qtbot.waitUntil(lambda: lab.timings is not None and lab.timings.lengths[-1] == 100, timeout=20000)

    def steps_pixels():
        QApplication.processEvents()
        image = lab.plots.grab().toImage()
        a = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
        r = lab.steps_plot.vb.sceneBoundingRect()
        return a[int(r.top()):int(r.bottom()), int(r.left()):int(r.right()), :3].astype(int)

    rnn, lstm = lab.step_curves["RNN"], lab.step_curves["LSTM"]
    lab.steps_plot.disableAutoRange()                  # hiding a line must not move the axes
    both = steps_pixels()
    rnn.setVisible(False)
    lstm_only = steps_pixels()
    lstm.setVisible(False)
    neither = steps_pixels()
    rnn.setVisible(True)
    rnn_only = steps_pixels()
    lstm.setVisible(True)
    shown_with_lstm = (np.abs(both - lstm_only).sum(-1) > 30).sum()
    shown_alone = (np.abs(rnn_only - neither).sum(-1) > 30).sum()
    assert shown_alone > 100 and shown_with_lstm >= 0.6 * shown_alone
