"""Decoding step by step in the real window (pytest-qt, the bundled model): inference with every
strategy, forcing a candidate, Back, teacher forcing with and without the causal mask, the model
overview, the alignment view, the labs tabs and the export actions."""
import numpy as np
import pyqtgraph as pg
import pytest
import torch
from PySide6.QtCore import QEvent, QObject, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from core.config import Ablations
from core.decoding import beam_search
from core.names import block_act_name
from core.stepping import DecodingSettings
from core.tokenizers import EOS_ID
from explorer.main_window import MainWindow
from window_waits import fresh_start, settle  # noqa: E402
from conftest import wait_ready  # noqa: E402

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)
SENTENCE = "我是一个学生"


@pytest.fixture(scope="module")
def translator():
    from core.translator import Translator

    return Translator.load()


@pytest.fixture(scope="module")
def shared_window(qapp, translator, tmp_path_factory):
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    settings = QSettings(str(tmp_path_factory.mktemp("dec") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(translator, sentence=SENTENCE, settings=settings)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    yield w
    w.close()
    w.deleteLater()



@pytest.fixture
def window(qtbot, shared_window):
    w = fresh_start(qtbot, shared_window, SENTENCE)
    return w


def words(w, ids):
    return w.translator.tgt.decode(ids)


def written(w):
    return [s.chosen for s in w.state.snapshot.steps[:-1]]


def press_space(qtbot, w, times=1):
    w.model_map.setFocus()
    for _ in range(times):
        qtbot.keyClick(w.model_map, Qt.Key.Key_Space)


def test_space_steps_to_eos_as_translate_does(qtbot, window, translator):
    w = window
    assert w.state.trace.tgt_tokens == ["<bos>"]                 # inference starts from <bos>
    w.state.select_box("dec.cross", 5)
    view = w.views.currentWidget()
    for n in range(1, 30):
        press_space(qtbot, w)
        settle(qtbot, w, lambda: len(w.state.snapshot.steps) == n + 1 or w.state.snapshot.done)
        snap = w.state.snapshot
        # the stage view shows the current step's trace (once <eos> is written, the step that wrote
        # it: <eos> is no decoder input): target rows (queries) × source columns (keys)
        shown = snap.steps[-2] if snap.done else snap.current
        assert w.state.trace is shown.trace
        image = view.weights.image.image
        np.testing.assert_array_equal(image, shown.trace["dec.5.cross.weights"][0])
        assert image.shape == (len(shown.prefix), len(SENTENCE))
        assert view.weights.row_side == "tgt" and view.weights.col_side == "src"
        chips = [c.text() for c in w.tgt_chips.chips if not c.isHidden()]
        assert chips == shown.trace.tgt_tokens and "<eos>" not in chips
        if snap.done:
            break
    assert written(w)[-1] == EOS_ID
    assert words(w, written(w)[:-1]) == translator.translate(SENTENCE) == "i am a student"
    assert w.state.snapshot.how == ["greedy"] * len(written(w))
    assert "done" in w.tgt_chips.caption.text()


def test_bar_chart_shows_the_distribution_and_clicking_a_bar_forces_it(qtbot, window):
    w = window
    panel = w.inference_panel
    snap = w.state.snapshot
    probs = snap.current.probs
    top = np.argsort(-probs)[: w.state.bars_k]
    assert panel.candidate_ids == [int(i) for i in top]
    np.testing.assert_array_equal(panel.shown_values, probs[top])
    assert panel.highlighted == int(top[0])                       # greedy picks the argmax (drawn red)
    # click the third bar, as a user would
    chart = panel.canvas
    assert chart.labels == [w.state.tgt_vocab[int(i)] for i in top] and chart.pick_row == 0
    bar = chart.bar_rect(2)
    point = QPointF(bar.left() + 3, bar.center().y())                 # on the third candidate's bar
    for kind, buttons in ((QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        event = QMouseEvent(kind, point, chart.mapToGlobal(point), Qt.MouseButton.LeftButton,
                            buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(chart, event)
    settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 2)
    snap = w.state.snapshot
    assert snap.how == ["forced"] and written(w) == [int(top[2])]
    assert snap.steps[0].forced
    assert w.state.trace.tgt_tokens == ["<bos>", w.state.tgt_vocab[int(top[2])]]
    press_space(qtbot, w)                                            # decoding goes on from there
    settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 3)
    assert w.state.snapshot.how == ["forced", "greedy"]
    assert written(w)[1] == int(np.argmax(w.state.snapshot.steps[1].probs))


def test_back_is_instant_and_reset_returns_to_bos(qtbot, window):
    w = window
    w.inference_panel.step_button.click()
    w.inference_panel.step_button.click()
    settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 3)
    first_trace = w.state.snapshot.steps[1].trace
    w.inference_panel.back_button.click()
    settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 2)
    assert w.state.trace is first_trace                           # kept, not recomputed
    w.inference_panel.reset_button.click()
    settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 1)
    assert w.state.trace.tgt_tokens == ["<bos>"]


def test_steps_decoded_while_the_window_is_busy_are_applied_once(qtbot, window):
    """Four steps decoded while the GUI thread is busy elsewhere (no events processed): their four
    snapshots wait in the queue, and the window applies and paints only the newest — it holds every
    step. Before, each was applied in turn and the views refreshed and painted four times in one go."""
    import time

    w = window
    applied = []
    w.state.events.snapshot_changed.connect(applied.append)
    try:
        for _ in range(4):
            w.controller.step()
        deadline = time.monotonic() + 20
        while w.worker.busy() and time.monotonic() < deadline:    # the GUI thread busy: nothing delivered
            time.sleep(0.01)
        QApplication.processEvents()
        assert len(applied) == 1 and applied[0] is w.state.snapshot and len(applied[0].steps) == 5
        assert w.state.trace is applied[0].steps[-1].trace
    finally:
        w.state.events.snapshot_changed.disconnect(applied.append)


def test_a_step_redraws_a_decoder_stage_but_not_the_encoder_it_shares(qtbot, window):
    """A decoding step's trace shares the encoder pass of every step before it: on an encoder stage
    the view is not drawn again (it shows those very arrays), on a decoder stage it is; a new
    sentence (a new encoder pass) redraws the encoder view."""
    w = window
    drawn = []
    view = w.view("attention")
    refresh = view.refresh
    view.refresh = lambda: (drawn.append(w.state.stage.box), refresh())
    try:
        w.state.select_box("enc.self", 1)
        QApplication.processEvents()
        drawn.clear()
        before = w.state.trace
        w.controller.step()
        settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 2)
        assert w.state.trace is not before and w.state.trace.shares_source_pass(before)
        assert drawn == []
        np.testing.assert_array_equal(view.weights.image.image, w.state.trace["enc.1.self.weights"][0])

        w.state.select_box("dec.cross", 1)
        QApplication.processEvents()
        drawn.clear()
        w.controller.step()
        settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 3)
        assert drawn and set(drawn) == {"dec.cross"}
        np.testing.assert_array_equal(view.weights.image.image, w.state.trace["dec.1.cross.weights"][0])

        w.state.select_box("enc.self", 1)
        QApplication.processEvents()
        drawn.clear()
        w.sentence_box.setText("我爱中国")
        settle(qtbot, w, lambda: w.state.trace.src_tokens and "爱" in "".join(w.state.trace.src_tokens))
        assert drawn and set(drawn) == {"enc.self"}
        np.testing.assert_array_equal(view.weights.image.image, w.state.trace["enc.1.self.weights"][0])
    finally:
        view.refresh = refresh


def test_beam_search_shows_the_beams_and_is_reproducible(qtbot, window, translator):
    w = window
    w.state.decoding_settings = DecodingSettings("beam", beam_width=3)
    settle(qtbot, w, lambda: w.state.snapshot.settings.strategy == "beam")
    expected = beam_search(translator.model, torch.tensor([translator.encode_source(SENTENCE).ids]), 3)
    beams = w.state.snapshot.beams
    assert [b.tokens for b in beams] == [b.tokens for b in expected]
    assert [b.score for b in beams] == pytest.approx([b.score for b in expected], abs=1e-4)  # 1 vs 2 threads
    tree = w.inference_panel.beam_tree
    assert tree.isVisible() and tree.topLevelItemCount() >= 1
    w.inference_panel.run_button.click()
    settle(qtbot, w, lambda: w.state.snapshot.done)
    first = written(w)
    assert first == beams[0].tokens + [EOS_ID] and set(w.state.snapshot.how) == {"beam"}
    w.inference_panel.reset_button.click()
    settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 1)
    w.inference_panel.run_button.click()
    settle(qtbot, w, lambda: w.state.snapshot.done and len(w.state.snapshot.steps) > 1)
    assert written(w) == first


def test_sampling_is_reproducible_with_its_seed(qtbot, window, translator):
    w = window
    w.state.decoding_settings = DecodingSettings("sample", temperature=1.3, top_k=5, seed=7)
    settle(qtbot, w, lambda: w.state.snapshot.settings.strategy == "sample")
    w.inference_panel.run_button.click()
    settle(qtbot, w, lambda: w.state.snapshot.done)
    first = written(w)
    assert words(w, first[:-1] if first[-1] == EOS_ID else first) == translator.translate(
        SENTENCE, sample=True, temperature=1.3, top_k=5, seed=7)
    w.inference_panel.reset_button.click()
    settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 1)
    w.inference_panel.run_button.click()
    settle(qtbot, w, lambda: w.state.snapshot.done and len(w.state.snapshot.steps) > 1)
    assert written(w) == first
    assert w.inference_panel.seed.isVisible() and not w.inference_panel.beam_width.isVisible()


def test_training_mode_with_and_without_the_causal_mask(qtbot, window):
    w = window
    w.state.select_box("dec.self", 2)
    w.training_button.click()
    assert w.state.mode == "training" and w.mode_stack.currentWidget() is w.training_panel
    panel = w.training_panel
    panel.target_box.setText("i am a student")
    panel.target_box.editingFinished.emit()
    settle(qtbot, w, lambda: w.state.training is not None and w.state.training.target == "i am a student"
           and not w.state.training.ablations.no_causal_mask)
    trace = w.state.trace
    assert trace is w.state.training.trace and trace.tgt_tokens == ["<bos>", "i", "am", "a", "student"]
    weights = panel.weights.image.image
    np.testing.assert_array_equal(weights, trace["dec.2.self.weights"][0])
    assert np.all(np.triu(weights, 1) == 0) and panel.future_cells == []
    assert panel.mask.masked_cells.isVisible() and panel.masked.masked_cells.isVisible()
    assert "identical" in panel.identity.text() and w.state.training.inference_delta < 1e-5
    masked_probs = w.state.training.masked_probs

    panel.no_mask.click()                                          # the "no mask" switch
    assert w.state.ablations.no_causal_mask and w.ablation_bar.boxes["no_causal_mask"].isChecked()
    assert "no causal mask" in w.ablation_bar.note.text()
    settle(qtbot, w, lambda: w.state.training.ablations.no_causal_mask)
    weights = panel.weights.image.image
    np.testing.assert_array_equal(weights, w.state.trace["dec.2.self.weights"][0])
    assert np.triu(weights, 1).max() > 0 and len(panel.future_cells) > 0   # attention to the future
    assert not panel.masked.masked_cells.isVisible()
    assert "different" in panel.identity.text()
    assert not np.allclose(w.state.trace["out.probs"], masked_probs, atol=1e-3)  # the predictions change
    panel.no_mask.click()
    w.inference_button.click()
    assert w.state.trace is w.state.snapshot.current.trace


class _Resizes(QObject):
    """Counts the resize events of the widgets inside `root` while installed on the application."""

    def __init__(self, root):
        super().__init__()
        self.root, self.widgets = root, []

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(obj, QWidget) and self.root.isAncestorOf(obj):
            self.widgets.append(type(obj).__name__)
        return False


def test_switching_modes_resizes_no_decoding_panel(qtbot, window):
    """Inference and training each have a page of the whole width (the inference panel beside the
    alignment; the training panel alone): switching shows the other page and lays nothing out again.
    Before, the alignment was hidden for training and shown again, and both pages were laid out anew
    at the other width (60 of a switch's ~100 ms on the Marian monkey, load 2)."""
    w = window
    w.state.select_box("enc.norm2", 1)
    for mode in ("training", "inference"):          # each page once shown at its size
        w.state.mode = mode
        settle(qtbot, w, lambda: True)
    counter = _Resizes(w.mode_stack)
    QApplication.instance().installEventFilter(counter)
    try:
        for mode in ("training", "inference", "training", "inference"):
            w.state.mode = mode
            settle(qtbot, w, lambda mode=mode: w.state.mode == mode and (mode == "inference" or w.state.training is not None))
    finally:
        QApplication.instance().removeEventFilter(counter)
    assert counter.widgets == []
    assert w.alignment.isVisible() and w.inference_panel.isVisible() and not w.training_panel.isVisible()
    w.state.mode = "training"
    QApplication.processEvents()
    assert w.training_panel.isVisible() and not w.alignment.isVisible()
    assert w.training_panel.width() > w.inference_panel.width() + w.alignment.width() - 20   # the whole width
    w.state.mode = "inference"


def test_overview_shows_exactly_the_trace_and_opens_a_cell(qtbot, window):
    w = window
    w.controller.run_to_end()
    settle(qtbot, w, lambda: w.state.snapshot.done)
    w.tabs.setCurrentWidget(w.overview)
    trace = w.state.trace
    for i, kind in enumerate(("enc.self", "dec.self", "dec.cross")):
        w.overview.kind_buttons.button(i).click()
        for layer, cells in enumerate(w.overview.cells):
            for head, cell in enumerate(cells):
                np.testing.assert_array_equal(cell.image, trace[block_act_name(kind, layer, "weights")][head])
    w.overview.cells[4][6].mouseClickEvent(_Click())
    assert w.state.stage.prefix == "dec.4.cross" and w.state.head == 6
    assert w.tabs.currentWidget() is w.splitter


class _Click:
    """What pyqtgraph hands an item's mouseClickEvent."""
    def button(self):
        return Qt.MouseButton.LeftButton

    def accept(self):
        pass


def test_alignment_view_draws_the_cross_attention_weights(qtbot, window):
    w = window
    press_space(qtbot, w, 3)
    settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 4)
    view = w.alignment
    view.select(5, -1)
    np.testing.assert_allclose(view.weights, w.state.trace["dec.5.cross.weights"].mean(axis=0))
    assert view.src_tokens == list(SENTENCE) and view.tgt_tokens == w.state.trace.tgt_rows
    w.state.select_box("dec.cross", 2)
    w.state.head = 3
    assert view.selection() == (2, 3)
    np.testing.assert_array_equal(view.weights, w.state.trace["dec.2.cross.weights"][3])
    weights = w.state.trace["dec.2.cross.weights"][3]
    view.on_hover(("tgt", 1))                 # the source token the query attends to most, and the weight
    j = int(weights[1].argmax())
    assert f"attends most to source {SENTENCE[j]} (key): {weights[1, j]:.3f}" in w.state.hover_text
    view.on_hover(("src", 0))
    k = int(weights[:, 0].argmax())
    assert f"read most by target {view.tgt_tokens[k]} (query): {weights[k, 0]:.3f}" in w.state.hover_text
    view.on_hover(None)


def test_ablation_switches_rerun_the_decoder(qtbot, window):
    w = window
    press_space(qtbot, w, 2)
    settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 3)
    w.ablation_bar.boxes["no_pe"].click()
    settle(qtbot, w, lambda: w.state.snapshot.ablations.no_pe)
    assert w.state.trace.meta["ablations"]["no_pe"] and len(w.state.snapshot.steps) == 3   # replayed
    assert not w.state.trace["embed.src.position"].any()
    assert "no positional encoding" in w.ablation_bar.note.text()
    w.ablation_bar.heads.setText("dec.cross.5.1")
    w.ablation_bar.heads.editingFinished.emit()
    settle(qtbot, w, lambda: w.state.snapshot.ablations.heads_off == {("dec.cross", 5, 1)})
    assert not w.state.trace["dec.5.cross.z"][1].any()
    w.ablation_bar.heads.setText("")
    w.ablation_bar.heads.editingFinished.emit()


def test_labs_are_tabs(window):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    from explorer.labs import lab_titles

    assert titles[:2] == ["Model && decoding", "Model overview"]
    assert titles[2:] == [t.replace("&", "&&") for t in lab_titles()] and len(titles) == 6
    assert all(hasattr(lab, "stop") for lab in window.labs)


def test_export_actions_write_files(qtbot, window, tmp_path):
    from explorer.export.menu import FILTERS

    w = window
    w.state.select_box("dec.cross", 5)
    QApplication.processEvents()
    w.ask_figure_path = lambda parent, spec, formats: (str(tmp_path / "view.png"), FILTERS["png"])
    w.ask_resolution = lambda parent: (1.0, None)
    view = w.views.currentWidget()
    action = next(a for canvas, a in w.export_actions if canvas is view.pipeline)
    action.trigger()                                   # right-click → Export… on the stage view
    w.background_writes.wait()                         # a PNG is encoded and written off the GUI thread
    assert (tmp_path / "view.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    w.ask_save_path = lambda title, suggested, filters: str(tmp_path / "trace.npz")
    w.export_trace_action.trigger()
    assert np.load(tmp_path / "trace.npz")["dec.5.cross.weights"].shape[-1] == len(SENTENCE)
    press_space(qtbot, w, 2)
    settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 3)
    w.ask_save_path = lambda title, suggested, filters: str(tmp_path / "decoding.gif")
    w.export_animation_action.trigger()
    assert (tmp_path / "decoding.gif").read_bytes()[:3] == b"GIF"


def test_the_greedy_translation_follows_the_views_after_typing(qtbot, window, translator):
    w = window
    w.sentence_box.setText("我爱中国")
    expected = f"greedy translation: {translator.translate('我爱中国')}"
    qtbot.waitUntil(lambda: w.translation_label.text() == expected, timeout=10000)
    assert w.state.snapshot.translation == translator.translate("我爱中国")
    press_space(qtbot, w)                                  # a step's snapshot keeps the translation
    settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 2)
    assert w.translation_label.text() == expected and w.state.snapshot.translation is not None


def test_a_stale_translation_follow_up_is_dropped(qtbot, window, translator):
    from explorer.decoding.session import DecodingSession, Translation

    w = window
    old = DecodingSession(translator, "我", translate=False)
    assert old.translation is None and old.snapshot().translation is None
    assert old.translate(cancelled=lambda: True) is None and old.translation is None  # superseded: gives up
    late = old.translate()
    w.sentence_box.setText("我爱中国")
    settle(qtbot, w, lambda: w.state.snapshot.text == "我爱中国" and w.state.snapshot.translation is not None)
    label = w.translation_label.text()
    w.controller._on_result(w.worker.generation - 1, late)          # an earlier generation: dropped
    w.controller._on_result(w.worker.generation, late)              # current, but another sentence: ignored
    w.controller._on_result(w.worker.generation, Translation("我爱中国", Ablations(no_pe=True), "x", []))
    assert w.translation_label.text() == label and w.state.snapshot.translation != late.translation
    w.sentence_box.setText("我是")                                   # superseded before it was asked for
    w.sentence_box.setText("我是一个学生")
    expected = f"greedy translation: {translator.translate('我是一个学生')}"
    qtbot.waitUntil(lambda: w.translation_label.text() == expected, timeout=10000)


def test_use_the_model_translation_waits_for_it(qtbot, window, translator):
    w = window
    w.training_button.click()
    panel = w.training_panel
    settle(qtbot, w, lambda: w.state.training is not None)
    w.state.snapshot.translation = None                   # not there yet (it follows the snapshot)
    panel.take_model.click()
    qtbot.waitUntil(lambda: panel.target_box.text() == translator.translate(SENTENCE), timeout=10000)
    assert w.state.target_text == translator.translate(SENTENCE)
    panel.target_box.setText("")
    w.state.target_text = ""
    w.inference_button.click()
