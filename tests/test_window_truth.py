"""What the window shows must be true: the translation with the causal mask off, the neuron view of
a switched-off head, the decoder rows after <eos>, the beams, stale hover state, the one handler per
keystroke, and the note on sentences outside the training data (issue 12). The real window on the
bundled model, driven with pytest-qt."""
import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from core.config import Ablations
from core.tokenizers import EOS_ID
from explorer.decoding.session import DecodingSettings
from explorer.main_window import MainWindow
from explorer.state import ExplorerState

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)
SENTENCE = "我是一个学生"


@pytest.fixture(scope="module")
def translator():
    from core.translator import Translator

    return Translator.load()


def new_window(translator, path, **kw):
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    settings = QSettings(str(path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(translator, sentence=SENTENCE, settings=settings, **kw)
    w.resize(1400, 900)
    w.show()
    return w


@pytest.fixture(scope="module")
def shared_window(qapp, translator, tmp_path_factory):
    w = new_window(translator, tmp_path_factory.mktemp("truth"))
    yield w
    w.close()
    w.deleteLater()


def settle(qtbot, w, condition, timeout=15000):
    qtbot.waitUntil(lambda: not w.worker.busy() and condition(), timeout=timeout)
    QApplication.processEvents()


@pytest.fixture
def window(qtbot, shared_window):
    w = shared_window
    qtbot.waitExposed(w)
    w.tabs.setCurrentIndex(0)
    w.state.mode = "inference"
    w.state.ablations = Ablations()
    w.state.decoding_settings = DecodingSettings()
    if w.sentence_box.text() != SENTENCE:
        w.sentence_box.setText(SENTENCE)
    w.controller.reset()
    settle(qtbot, w, lambda: w.state.snapshot.text == SENTENCE and len(w.state.snapshot.steps) == 1
           and w.state.snapshot.settings == DecodingSettings() and not w.state.snapshot.ablations.any)
    w.state.hovered_token = None
    w.state.hover_text = ""
    return w


def run_to_end(qtbot, w):
    w.controller.run_to_end()
    settle(qtbot, w, lambda: w.state.snapshot.done)


# --- 18: one keystroke, one run of the handler --------------------------------------------------
def test_a_keystroke_sets_the_sentence_once(qapp, qtbot, translator, tmp_path, monkeypatch):
    """textEdited and textChanged were both connected to the sentence handler: every key ran it twice."""
    calls = []
    plain = ExplorerState.sentence

    def counted(self, value):
        calls.append(value)
        plain.fset(self, value)
    monkeypatch.setattr(ExplorerState, "sentence", property(plain.fget, counted))
    w = new_window(translator, tmp_path, labs=False)
    try:
        qtbot.waitExposed(w)
        w.sentence_box.setFocus()
        w.sentence_box.end(False)
        calls.clear()
        qtbot.keyClicks(w.sentence_box, "x")
        assert calls == [SENTENCE + "x"]
        w.sentence_box.setText("我爱中国")               # a programmatic change (the Examples menu) still counts
        assert calls[-1] == "我爱中国" and len(calls) == 2
    finally:
        w.close()
        w.deleteLater()


# --- 1: the greedy translation with the causal mask off ----------------------------------------
def test_the_status_bar_shows_the_translation_without_the_causal_mask(qtbot, window, translator):
    """The status bar reused the masked translation as a guess, which a pass without the mask cannot
    check: it read "greedy translation:" and nothing. It must be what the stepper writes."""
    w = window
    settle(qtbot, w, lambda: bool(w.state.snapshot.translation))
    masked = w.state.snapshot.translation
    w.state.ablations = Ablations(no_causal_mask=True)
    settle(qtbot, w, lambda: w.state.snapshot.ablations.no_causal_mask and w.state.snapshot.translation is not None)
    run_to_end(qtbot, w)
    settle(qtbot, w, lambda: w.state.snapshot.translation is not None)
    snap = w.state.snapshot
    stepped = translator.tgt.decode([s.chosen for s in snap.steps[:-1] if s.chosen != EOS_ID])
    assert stepped == translator.translate(SENTENCE, ablations=Ablations(no_causal_mask=True))
    assert w.translation_label.text() == f"greedy translation: {stepped}"
    assert stepped and stepped != masked                    # the ablation shows: not the masked "i am a student"
