"""The real main window, driven with pytest-qt: what the views hold must be the trace's arrays."""
from functools import partial

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401  (registers pg.exporters)
import pytest
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from core.names import act_name
from core.summaries import attention_row, top_columns
from explorer.main_window import MainWindow
from conftest import wait_ready  # noqa: E402

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(scope="module")
def small_translator():
    """A small random model (2 layers, 4 heads): every view works, tests stay fast."""
    from core.config import ModelConfig
    from core.translator import Translator

    base = Translator.random(seed=0)
    cfg = ModelConfig(base.cfg.src_vocab_size, base.cfg.tgt_vocab_size, n_layers=2, d_model=32, n_heads=4,
                      d_ff=64, dropout=0.0)
    return Translator.random(cfg, seed=0)


@pytest.fixture(scope="module")
def shared_window(qapp, small_translator, tmp_path_factory):
    """One window for the module (building 60 plots per test would dominate the run time)."""
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    settings = QSettings(str(tmp_path_factory.mktemp("settings") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(small_translator, settings=settings)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    yield w
    w.close()
    w.deleteLater()


@pytest.fixture
def window(qtbot, shared_window):
    """The shared window, back on 我是一个学生 at the first stage, head 0, first tabs."""
    w = shared_window
    qtbot.waitExposed(w)
    if w.state.trace.src_tokens != list("我是一个学生") or w.message.isVisible():
        type_sentence(qtbot, w, "我是一个学生")
        qtbot.waitUntil(lambda: not w.message.isVisible(), timeout=10000)
    w.state.mode = "inference"
    if w.state.ablations.any:
        from core.config import Ablations
        w.state.ablations = Ablations()
    decode_to_end(qtbot, w)              # the decoder stages show the whole greedy translation
    w.state.stage_index = 0
    w.state.head = 0
    w.state.query_row = 0
    w.state.hovered_token = None
    for view in w.views.findChildren(pg.QtWidgets.QTabWidget):
        view.setCurrentIndex(0)
    QApplication.processEvents()
    return w


def decode_to_end(qtbot, w):
    """Run the decoder to <eos> (the window opens at <bos>)."""
    if not w.state.snapshot.done or w.state.snapshot.text != w.state.sentence:
        w.controller.run_to_end()
        qtbot.waitUntil(lambda: w.state.snapshot.done and w.state.snapshot.text == w.state.sentence, timeout=10000)


def type_chars(qtbot, widget, text):
    """Type like a user: ASCII as key clicks, Chinese as input-method commits (as a pinyin IME sends
    them; QTest's key clicks only know ASCII)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def type_sentence(qtbot, w, text):
    w.sentence_box.clear()
    w.sentence_box.setFocus()
    type_chars(qtbot, w.sentence_box, text)
    qtbot.waitUntil(lambda: w.state.trace.src_tokens == list(text), timeout=10000)


def go_to(w, box, layer=None):
    w.state.select_box(box, layer)
    QApplication.processEvents()
    return w.views.currentWidget()


def scene_point(heatmap, row, col):
    """Viewport coordinates of the centre of cell (row, col)."""
    canvas = heatmap.plot.scene().views()[0]
    scene_pos = heatmap.image.mapToScene(QPointF(col + 0.5, row + 0.5))
    return canvas, canvas.mapFromScene(scene_pos)


def send_mouse(canvas, point, kind, button=Qt.MouseButton.NoButton):
    buttons = Qt.MouseButton.LeftButton if kind == QEvent.Type.MouseButtonPress else Qt.MouseButton.NoButton
    pos = QPointF(point)
    event = QMouseEvent(kind, pos, canvas.viewport().mapToGlobal(pos), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas.viewport(), event)


def test_opens_on_the_default_sentence_already_run(window):
    assert window.sentence_box.text() == "我是一个学生"
    assert window.state.trace.src_tokens == list("我是一个学生")
    assert "Input embedding" in window.stage_label.text()
    assert not window.message.isVisible()


def test_typing_reruns_the_model_and_the_attention_view_holds_the_trace(qtbot, window, small_translator):
    type_sentence(qtbot, window, "我爱中国")
    view = go_to(window, "enc.self", 0)
    qtbot.mouseClick(window.head_button_list[3], Qt.MouseButton.LeftButton)
    assert window.state.head == 3
    trace = window.state.trace
    expected = small_translator.trace("我爱中国")
    np.testing.assert_array_equal(view.weights.image.image, trace["enc.0.self.weights"][3])
    np.testing.assert_allclose(view.weights.image.image, expected["enc.0.self.weights"][3], rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(view.q.image.image, trace["enc.0.self.q"][3])
    np.testing.assert_array_equal(view.scaled.image.image, trace["enc.0.self.scaled"][3])
    np.testing.assert_array_equal(view.z.image.image, trace["enc.0.self.z"][3])
    np.testing.assert_array_equal(view.x.image.image, trace["embed.src.sum"])
    left = view.weights.plot.getAxis("left")._tickLevels
    assert [s for _, s in left[0]] == list("我爱中国")
    assert window.translation_label.text().startswith("greedy translation:")


def expected_image(w, stage):
    """The array the visible view must show for an encoder/embedding stage."""
    t, h = w.state.trace, w.state.head
    if stage.kind in ("embed", "pe"):
        return "sum", t[act_name("embed", stage.side, "sum")]
    name = partial(act_name, stage.stack, stage.layer, stage.site)
    if stage.kind == "attention":
        return "weights", t[name("weights")][h]
    if stage.kind == "norm":
        return "norm", t[name()]
    if stage.kind == "ffn":
        return "hidden", t[name("hidden")]
    raise AssertionError(stage)


def test_keyboard_steps_through_every_encoder_stage(qtbot, window):
    window.model_map.setFocus()
    qtbot.keyClick(window.model_map, Qt.Key.Key_Home)
    seen = []
    while True:
        stage = window.state.stage
        if stage.stack not in (None, "enc") or stage.box.startswith("tgt"):
            break
        view = window.views.currentWidget()
        assert stage.kind in view.kinds
        attr, expected = expected_image(window, stage)
        np.testing.assert_array_equal(getattr(view, attr).image.image, expected)
        assert stage.title in window.stage_label.text()
        seen.append(stage.prefix)
        qtbot.keyClick(window.model_map, Qt.Key.Key_Right)
    n = window.state.n_layers
    assert seen == ["embed.src", "embed.src"] + [act_name("enc", i, site) for i in range(n)
                                                 for site in ("self", "norm1", "ffn", "norm2")]
    # Page Down / Up jump a layer, End / Home go to the ends, ← steps back
    window.state.select_box("enc.ffn", 0)
    qtbot.keyClick(window.model_map, Qt.Key.Key_PageDown)
    assert window.state.stage.prefix == "enc.1.ffn"
    qtbot.keyClick(window.model_map, Qt.Key.Key_PageUp)
    assert window.state.stage.prefix == "enc.0.ffn"
    qtbot.keyClick(window.model_map, Qt.Key.Key_Left)
    assert window.state.stage.prefix == "enc.0.norm1"
    qtbot.keyClick(window.model_map, Qt.Key.Key_End)
    assert window.state.stage.kind == "softmax"
    assert not window.next_button.isEnabled()


def test_keys_in_the_sentence_box_edit_text_not_stages(qtbot, window):
    window.sentence_box.setFocus()
    before = window.state.stage_index
    qtbot.keyClick(window.sentence_box, Qt.Key.Key_Left)
    assert window.state.stage_index == before
    # Alt + the stepping keys step from anywhere, the sentence box included, and leave the text alone
    text = window.sentence_box.text()
    qtbot.keyClick(window.sentence_box, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.state.stage_index == before + 1
    qtbot.keyClick(window.sentence_box, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert window.state.stage_index > before + 1 and window.state.stage.layer is not None    # into the layers
    qtbot.keyClick(window.sentence_box, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert window.state.stage_index == 0 and window.sentence_box.text() == text and window.sentence_box.hasFocus()


def test_head_buttons_and_all_heads_grid(qtbot, window):
    view = go_to(window, "enc.self", 1)
    trace = window.state.trace
    for h in range(window.state.n_heads):
        qtbot.mouseClick(window.head_button_list[h], Qt.MouseButton.LeftButton)
        assert window.state.head == h
        assert f"head {h}" in window.status_text
        np.testing.assert_array_equal(view.k.image.image, trace["enc.1.self.k"][h])
    view.tabs.setCurrentWidget(view.heads_canvas)
    QApplication.processEvents()
    for h, hm in enumerate(view.head_maps):
        np.testing.assert_array_equal(hm.image.image, trace["enc.1.self.weights"][h])
    np.testing.assert_array_equal(view.concat.image.image, trace["enc.1.self.concat"])
    np.testing.assert_array_equal(view.out.image.image, trace["enc.1.self.out"])
    # clicking a head's map selects that head and shows its pipeline
    canvas, point = scene_point(view.head_maps[2], 1, 1)
    send_mouse(canvas, point, QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton)
    send_mouse(canvas, point, QEvent.Type.MouseButtonRelease, Qt.MouseButton.LeftButton)
    assert window.state.head == 2
    assert view.tabs.currentWidget() is view.pipeline


def test_hover_shows_the_cell_and_highlights_the_token_everywhere(qtbot, window):
    view = go_to(window, "enc.self", 0)
    window.state.head = 2
    QApplication.processEvents()
    canvas, point = scene_point(view.weights, 1, 4)
    send_mouse(canvas, point, QEvent.Type.MouseMove)
    value = window.state.trace["enc.0.self.weights"][2, 1, 4]
    text = f"head 2, query 是, key 学 — weight: {value:.4g}"
    assert window.state.hover_text == text
    assert window.hover_label.text() == text
    assert view.weights.image.toolTip() == text
    assert window.state.hovered_token == ("src", 1)
    # linked: the row of 是 is outlined in every visible matrix that has source rows
    for hm in (view.x, view.q, view.scores, view.z):
        assert hm.row_band.isVisible() and hm.row_band.rect().top() == 1
    assert view.scores.col_band.isVisible() and view.scores.col_band.rect().left() == 1
    assert window.src_chips.chips[1].styleSheet() != window.src_chips.chips[0].styleSheet()


def test_hovering_a_masked_cell_says_minus_infinity(qtbot, window):
    view = go_to(window, "dec.self", 0)
    trace = window.state.trace
    masked = view.masked.image.image
    mask = trace["dec.0.self.mask"]
    assert np.isnan(masked[~mask]).all() and np.isfinite(masked[mask]).all()
    assert view.masked.masked_cells.isVisible()
    canvas, point = scene_point(view.masked, 0, 1)
    send_mouse(canvas, point, QEvent.Type.MouseMove)
    assert window.state.hover_text.endswith("−∞ (masked)")


def test_cross_attention_rows_are_target_queries_columns_source_keys(window):
    view = go_to(window, "dec.cross", 1)
    trace = window.state.trace
    np.testing.assert_array_equal(view.weights.image.image, trace["dec.1.cross.weights"][0])
    assert view.weights.row_side == "tgt" and view.weights.col_side == "src"
    bottom = [s for level in view.weights.plot.getAxis("bottom")._tickLevels for _, s in level]
    assert sorted(bottom) == sorted(trace.src_tokens)
    assert "key (source)" in view.weights.plot.getAxis("bottom").labelText


def test_clicking_a_row_opens_the_neuron_view(qtbot, window):
    view = go_to(window, "enc.self", 1)
    window.state.head = 3
    QApplication.processEvents()
    canvas, point = scene_point(view.weights, 3, 0)
    send_mouse(canvas, point, QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton)
    send_mouse(canvas, point, QEvent.Type.MouseButtonRelease, Qt.MouseButton.LeftButton)
    assert window.state.query_row == 3
    assert view.tabs.currentWidget() is view.neuron
    QApplication.processEvents()
    t = window.state.trace
    neuron = view.neuron
    np.testing.assert_array_equal(neuron.q.image.image[0], t["enc.1.self.q"][3, 3])
    np.testing.assert_allclose(neuron.sums.image.image[:, 0], t["enc.1.self.scores"][3, 3], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(neuron.weights.image.image[:, 0], t["enc.1.self.weights"][3, 3], rtol=1e-4,
                               atol=1e-6)
    np.testing.assert_allclose(neuron.z.image.image[0], t["enc.1.self.z"][3, 3], rtol=1e-4, atol=1e-5)
    assert "个" in neuron.q.plot.titleLabel.text


def test_add_norm_view_shows_residual_sum_and_statistics(window):
    view = go_to(window, "enc.norm1", 0)
    t = window.state.trace
    np.testing.assert_array_equal(view.residual.image.image, t["enc.0.norm1.residual"])
    np.testing.assert_array_equal(view.sublayer.image.image, t["enc.0.self.out"])
    np.testing.assert_array_equal(view.sum.image.image, t["enc.0.norm1.sum"])
    np.testing.assert_allclose(view.stats["std_after"], t["enc.0.norm1"].std(axis=-1), rtol=1e-5)
    np.testing.assert_allclose(view.stats["mean_before"], t["enc.0.norm1.sum"].mean(axis=-1), rtol=1e-5,
                               atol=1e-6)
    xs, ys = view.curves["mean", "after"].getData()
    assert len(xs) == len(t.src_tokens) and np.abs(ys).max() < 1e-4
    for (what, when), markers in view.markers.items():        # a marker on every point of every curve
        np.testing.assert_array_equal(markers.getData()[1], view.curves[what, when].getData()[1])
        np.testing.assert_array_equal(markers.getData()[1], view.stats[f"{what}_{when}"])
        box = markers.mapRectToScene(markers.boundingRect())
        assert box.isValid() and view.mean_plot.vb.sceneBoundingRect().united(
            view.std_plot.vb.sceneBoundingRect()).contains(box.center())


def test_feed_forward_view_reports_the_zero_fraction(window):
    view = go_to(window, "dec.ffn", 0)
    t = window.state.trace
    np.testing.assert_array_equal(view.hidden.image.image, t["dec.0.ffn.hidden"])
    frac = float((t["dec.0.ffn.hidden"] == 0).mean())
    assert f"{frac:.0%} of the units are zero" in view.hidden.plot.titleLabel.text


def test_softmax_view_shows_the_output_distribution(window):
    view = go_to(window, "softmax")
    probs = window.state.trace["out.probs"]
    cols = top_columns(probs, 20)
    np.testing.assert_array_equal(view.matrix.image.image, probs[:, cols])
    assert len(view.top_words) == 10


def test_unknown_character_chip_is_marked(qtbot, window):
    type_sentence(qtbot, window, "我是X")
    chips = window.src_chips.chips
    assert chips[2].property("unknown") is True and chips[0].property("unknown") is False
    assert "not in the model's vocabulary" in chips[2].toolTip()
    assert "<unk>" in chips[2].text()


def test_empty_text_shows_a_message_and_keeps_working(qtbot, window):
    before = window.state.trace
    window.sentence_box.clear()
    qtbot.waitUntil(lambda: window.message.isVisible(), timeout=10000)
    assert "enter a sentence" in window.message.text()
    assert window.state.trace is before
    window.model_map.setFocus()
    qtbot.keyClick(window.model_map, Qt.Key.Key_Right)
    type_sentence(qtbot, window, "我爱")
    assert not window.message.isVisible()


def test_superseded_results_are_dropped(qtbot, window, small_translator):
    from explorer.decoding.session import DecodingSession

    late = DecodingSession(small_translator, "我").snapshot()      # the result of an earlier edit
    window.sentence_box.setText("我爱")
    gen = window.worker.generation
    window.controller._on_result(gen - 1, late)
    assert window.state.snapshot is not late
    qtbot.waitUntil(lambda: window.state.trace.src_tokens == ["我", "爱"], timeout=10000)


def test_model_map_blocks_are_clickable(qtbot, window):
    m = window.model_map
    for box, prefix in (("enc.ffn", "enc.0.ffn"), ("dec.cross", "dec.0.cross"), ("linear", "out"),
                        ("src.pe", "embed.src")):
        qtbot.mouseClick(m, Qt.MouseButton.LeftButton, pos=m.boxes[box].center().toPoint())
        assert window.state.stage.box == box and window.state.stage.prefix == prefix
    window.state.select_box("enc.norm2", 0)
    qtbot.mouseClick(m, Qt.MouseButton.LeftButton, pos=m.layer_buttons["enc", 1].center().toPoint())
    assert window.state.stage.prefix == "enc.1.norm2"


def test_window_paints_plots_with_axes(window):
    go_to(window, "enc.self", 0)
    image = window.grab().toImage()
    assert not image.isNull() and image.width() >= 1000
    exporter = pg.exporters.ImageExporter(window.views.currentWidget().weights.plot)
    png = exporter.export(toBytes=True)
    assert png.width() > 50


def test_settings_remember_sentence_and_stage(qtbot, small_translator, settings):
    w = MainWindow(small_translator, settings=settings)
    qtbot.addWidget(w)
    w.show()
    wait_ready(w)
    type_sentence(qtbot, w, "他和他的她")
    w.state.select_box("enc.ffn", 1)
    w.close()
    w2 = MainWindow(small_translator, settings=settings)
    qtbot.addWidget(w2)
    wait_ready(w2)
    assert w2.sentence_box.text() == "他和他的她"
    assert w2.state.trace.src_tokens == list("他和他的她")
    assert w2.state.stage.prefix == "enc.1.ffn"
    w2.close()


def test_dark_palette_restyles_the_plots(window):
    go_to(window, "enc.self", 0)
    window.set_dark(True)
    canvas = window.views.currentWidget().pipeline
    assert canvas.backgroundBrush().color().lightness() < 80
    window.set_dark(False)
    assert canvas.backgroundBrush().color().lightness() > 200


def test_neuron_summary_matches_the_model():
    rng = np.random.default_rng(0)
    q, k, v = rng.normal(size=8), rng.normal(size=(5, 8)), rng.normal(size=(5, 8))
    row = attention_row(q, k, v, np.array([1, 1, 1, 0, 0], bool))
    assert row["weights"][3:].sum() == 0 and abs(row["weights"].sum() - 1) < 1e-12
    np.testing.assert_allclose(row["z"], row["weights"] @ v)


def test_every_token_is_labelled_on_the_attention_matrices(window):
    """At the window's default size a 6-token sentence labels all six tokens on every token axis of
    the pipeline (labels shrink a little before any is left out)."""
    window.state.select_box("enc.self", 0)
    QApplication.processEvents()
    view = window.views.currentWidget()
    tokens = window.state.trace.src_tokens
    # the token axes, named (K and V: a key per row, their columns are the d_k dimensions); every one
    # is checked, none skipped
    token_axes = [(view.x, "left"), (view.q, "left"), (view.k, "left"), (view.v, "left"), (view.z, "left"),
                  (view.scores, "left"), (view.scores, "bottom"), (view.weights, "left"), (view.weights, "bottom")]
    for heatmap, side in token_axes:
        axis = heatmap.plot.getAxis(side)
        labels = [s for _, s in axis._tickLevels[-1]]
        assert labels == tokens, (heatmap.plot.titleLabel.text, side)
        _line, _ticks, texts, _font = axis._layout()
        assert [t.text() for _, t in texts] == tokens, (heatmap.plot.titleLabel.text, side)


def test_neuron_summary_of_a_switched_off_head_has_a_zero_z():
    rng = np.random.default_rng(1)
    q, k, v = rng.normal(size=8), rng.normal(size=(5, 8)), rng.normal(size=(5, 8))
    on, off = attention_row(q, k, v, None), attention_row(q, k, v, None, head_off=True)
    np.testing.assert_array_equal(off["weights"], on["weights"])     # the head still attends …
    assert on["z"].any() and not off["z"].any()                      # … but its z is multiplied by 0
