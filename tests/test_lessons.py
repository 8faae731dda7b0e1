"""The Lessons panel in the real window on the bundled model: every page can be entered and left,
each task flips to done when the user does the thing (and not before), progress persists, and a
session file round-trips into a new window; a hostile one is refused and the window goes on."""
import html
import json

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from core.config import Ablations
from core.names import act_name
from core.translator import Translator
from explorer.lessons import content
from explorer.main_window import MainWindow

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)


@pytest.fixture(scope="module")
def bundled():
    return Translator.load()


@pytest.fixture(scope="module")
def settings_path(tmp_path_factory):
    return str(tmp_path_factory.mktemp("lessons") / "settings.ini")


def new_window(translator, settings_path):
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    w = MainWindow(translator, settings=QSettings(settings_path, QSettings.Format.IniFormat))
    w.resize(1600, 950)
    w.show()
    return w


@pytest.fixture(scope="module")
def window(qapp, bundled, settings_path):
    w = new_window(bundled, settings_path)
    yield w
    w.close()
    w.deleteLater()


def settle(qtbot, w):
    """Until the worker is idle, the decoder's snapshot follows the sentence and the panel has checked."""
    qtbot.waitUntil(lambda: not w.worker.busy() and w.state.snapshot is not None
                    and w.state.snapshot.text == w.state.sentence
                    and (w.state.mode != "training" or w.state.training is not None), timeout=15000)
    qtbot.wait(120)                 # the panel's debounced check
    QApplication.processEvents()


def enter(qtbot, w, page_id):
    panel = w.show_lessons(True)
    panel.show_page(page_id)
    settle(qtbot, w)
    return panel


def done(panel):
    return panel.page.id in panel.progress.done


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_enters_and_leaves_without_error(qtbot, window, lang):
    panel = window.show_lessons(True)
    panel.set_language(lang)
    for page in content.pages():
        panel.show_page(page.id)
        settle(qtbot, window)
        assert panel.title.text() == page.say("title", lang)
        assert html.escape(page.say("text", lang)[:20]) in panel.body.text()
        if page.task is not None:
            assert panel.task_label.isVisible() and not done(panel), page.id   # never done on arrival
    assert not window.message.isVisible()
    panel.show_page(0)


def test_leaving_a_page_switches_its_ablations_and_mode_back(qtbot, window):
    window.state.ablations = Ablations()
    window.state.mode = "inference"
    panel = enter(qtbot, window, "mask.off")
    assert window.state.mode == "training"
    window.ablation_bar.boxes["no_causal_mask"].click()
    assert window.state.ablations.no_causal_mask
    panel.show_page("heads.grid")
    assert window.state.ablations == Ablations() and window.state.mode == "inference"
    assert window.state.sentence == "我是一个学生"          # the sentence stays the user's


def test_pe_task_two_he_identical_only_with_pe_off(qtbot, window):
    panel = enter(qtbot, window, "pe.repeated")
    assert window.state.trace.src_tokens.count("他") == 2 and not done(panel)
    window.ablation_bar.boxes["no_pe"].click()
    qtbot.waitUntil(lambda: done(panel), timeout=15000)
    assert "✓" in panel.task_label.text()
    panel.show_page("pe.shift")
    assert not window.state.ablations.no_pe


def test_cross_attention_task_checks_the_selected_heads_trace(qtbot, window):
    panel = enter(qtbot, window, "attention.cross")
    qtbot.waitUntil(lambda: window.state.snapshot.done, timeout=15000)
    settle(qtbot, window)
    trace, layer = window.state.trace, window.state.layer
    row = list(trace.tgt_tokens).index("student") - 1
    weights = trace[act_name("dec", layer, "cross", "weights")]
    aligned = [h for h in range(8) if trace.src_tokens[int(np.argmax(weights[h, row]))] in ("学", "生")]
    other = [h for h in range(8) if h not in aligned]
    assert aligned and other and window.state.head in other and not done(panel)
    qtbot.mouseClick(window.head_button_list[other[-1]], Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert not done(panel)
    qtbot.mouseClick(window.head_button_list[aligned[0]], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: done(panel), timeout=5000)


def test_causal_mask_task_flips_when_weights_read_the_future(qtbot, window):
    panel = enter(qtbot, window, "mask.off")
    assert np.allclose(np.triu(window.state.trace["dec.0.self.weights"][0], 1), 0) and not done(panel)
    window.ablation_bar.boxes["no_causal_mask"].click()
    qtbot.waitUntil(lambda: done(panel), timeout=15000)


def test_dk_task_flips_when_the_unscaled_softmax_collapses(qtbot, window):
    panel = enter(qtbot, window, "attention.scaling")
    lab = next(lab for lab in window.labs if hasattr(lab, "d_k"))
    assert lab.experiment.max_unscaled[lab.d_k.value()] < 0.9 and not done(panel)
    lab.d_k.setFocus()
    qtbot.keyClick(lab.d_k, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: done(panel), timeout=5000)


def test_query_row_and_head_off_tasks(qtbot, window):
    panel = enter(qtbot, window, "self.row")
    assert not done(panel)
    window.state.query_row = window.state.tokens("src").index("学")
    qtbot.waitUntil(lambda: done(panel), timeout=5000)
    panel = enter(qtbot, window, "heads.off")
    assert not done(panel)
    window.head_off_button.click()
    qtbot.waitUntil(lambda: done(panel), timeout=5000)


def test_generation_and_teacher_forcing_tasks(qtbot, window):
    panel = enter(qtbot, window, "model.generate")
    assert len(window.state.snapshot.steps) == 1 and not done(panel)
    for _ in range(8):
        if done(panel):
            break
        qtbot.mouseClick(window.inference_panel.step_button, Qt.MouseButton.LeftButton)
        settle(qtbot, window)
    assert done(panel) and "china" in window.state.snapshot.current.trace.tgt_tokens
    panel = enter(qtbot, window, "model.teacher")
    assert window.state.mode == "training" and panel.side_by_side.isVisible() and not done(panel)
    assert "love" in panel.comparison.text()                # teacher forcing's column, all at once
    for _ in range(8):
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
        settle(qtbot, window)
        if done(panel):
            break
    assert done(panel) and "&lt;eos&gt;" in panel.comparison.text()


def test_progress_persists_across_a_new_window(qtbot, window, bundled, settings_path):
    panel = enter(qtbot, window, "pe.repeated")
    done_before = set(panel.progress.done)
    assert done_before                                   # the tasks above were done in this window
    second = new_window(bundled, settings_path)
    try:
        other = second.show_lessons(True)
        assert other.progress.done == done_before and other.page.id == "pe.repeated"
    finally:
        second.close()
        second.deleteLater()


def test_session_round_trips_into_a_new_window(qtbot, window, bundled, tmp_path):
    st = window.state
    window.show_lessons(False)
    window.sentence_box.setText("我是一个学生")
    st.mode = "inference"
    st.ablations = Ablations(no_scale=True, heads_off=frozenset({("dec.cross", 5, 1)}))
    settle(qtbot, window)
    window.controller.reset()
    window.controller.step()
    window.controller.force(bundled.tgt.vocab.index("was"))
    window.controller.step()
    settle(qtbot, window)
    st.select_box("dec.cross", 5)
    st.head = 3
    path = window.save_session(str(tmp_path / "lesson.json"))
    saved = json.loads(path.read_text("utf-8"))
    assert saved["steps"][1] == {"token": "was", "forced": True} and len(saved["steps"]) == 3

    other = new_window(bundled, str(tmp_path / "other.ini"))
    try:
        assert other.open_session(str(path)) is other
        settle(qtbot, other)
        qtbot.waitUntil(lambda: len(other.state.snapshot.steps) == 4, timeout=15000)
        o = other.state
        assert (o.sentence, o.mode, o.stage.box, o.layer, o.head, o.ablations) == \
               ("我是一个学生", "inference", "dec.cross", 5, 3, st.ablations)
        assert o.snapshot.how == st.snapshot.how == ["greedy", "forced", "greedy"]
        assert list(o.trace.tgt_tokens) == list(st.trace.tgt_tokens)
        assert other.sentence_box.text() == "我是一个学生"
    finally:
        other.close()
        other.deleteLater()
    st.ablations = Ablations()


@pytest.mark.parametrize("data, reason", [
    (b"\x00" * 10_000_000, "larger than"),
    (b"[" * 50_000, "nested too deeply"),
    (json.dumps({"format": "transformer-explorer-session", "version": 1, "head": 99}).encode(), "head 99 does not exist"),
    (json.dumps({"format": "transformer-explorer-session", "version": 1, "layer": "5"}).encode(), "must be a whole number"),
    (json.dumps({"format": "transformer-explorer-session", "version": 1, "model": "/no/such/model"}).encode(), "/no/such/model"),
    (json.dumps({"format": "transformer-explorer-session", "version": 1, "lesson": "no.such.page"}).encode(), "unknown lesson page"),
])
def test_a_hostile_session_is_refused_and_the_window_goes_on(qtbot, window, tmp_path, data, reason):
    errors = []
    window.show_error = lambda title, text: errors.append(text)
    before = (window.state.sentence, window.state.stage_index, window.state.head, window.state.ablations)
    path = tmp_path / "hostile.json"
    path.write_bytes(data)
    assert window.open_session(str(path)) is None
    assert errors and reason in errors[0]
    assert reason in window.statusBar().currentMessage()
    assert (window.state.sentence, window.state.stage_index, window.state.head, window.state.ablations) == before


def test_the_frame_goes_with_its_page(qtbot, window):
    """The frame around the view a page talks about is gone once the user turns the page (it framed the
    previous page's view on the next one)."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    from explorer.lessons.driver import Flash

    enter(qtbot, window, "attention.pipeline")
    qtbot.waitUntil(lambda: any(f.isVisible() for f in window.findChildren(Flash)), timeout=3000)
    frames = window.findChildren(Flash)
    window.lessons_panel.show_page("attention.scaling")
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not any(shiboken6.isValid(f) for f in frames)


def test_the_dk_page_scrolls_its_slider_into_view(qtbot, window):
    """The √d_k page says "drag the d_k slider": its lab opens scrolled to the slider, which is framed."""
    from explorer.lessons.driver import Flash

    enter(qtbot, window, "attention.pipeline")
    enter(qtbot, window, "attention.scaling")
    lab = next(lab for lab in window.labs if hasattr(lab, "d_k"))
    qtbot.waitUntil(lambda: any(f.isVisible() for f in window.findChildren(Flash)), timeout=3000)
    QApplication.processEvents()
    assert not lab.d_k.visibleRegion().isEmpty()
    frame = next(f for f in window.findChildren(Flash) if f.isVisible())
    slider = lab.d_k.mapTo(window, lab.d_k.rect().center())
    assert frame.geometry().contains(slider)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_chapter_list_shows_every_chapter_name_whole(qtbot, window, lang):
    """The dock is narrower than the longest English chapter name: the list opens wide enough for
    each, and the closed box names its chapter in the tooltip."""
    panel = window.show_lessons(True)
    panel.set_language(lang)
    box = panel.chapter_box
    view = box.view()
    metrics = view.fontMetrics()
    for i in range(box.count()):
        assert metrics.horizontalAdvance(box.itemText(i)) < view.minimumWidth() - view.verticalScrollBar().sizeHint().width()
    assert box.toolTip() == box.currentText()
