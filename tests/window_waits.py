"""Waiting for the window in tests: until the worker is idle and its result has reached the state."""
from PySide6.QtWidgets import QApplication


def settle(qtbot, w, condition, timeout=15000):
    """Wait until the worker is idle and `condition()` holds, then let the views draw.

    The worker is idle from the end of a job until its result reaches the GUI thread: `condition` is
    then checked on the state before the result, and must say False there, as a bool (pytest-qt
    raises on anything else — `heads_off and …` gave frozenset() under load)."""
    qtbot.waitUntil(lambda: not w.worker.busy() and bool(condition()), timeout=timeout)
    QApplication.processEvents()


def fresh_start(qtbot, w, sentence):
    """A shared window back at a fresh start: first tab, inference, no ablations, default decoding
    settings, `sentence` run and its decoder reset to step 0."""
    from core.config import Ablations
    from core.stepping import DecodingSettings

    qtbot.waitExposed(w)
    w.tabs.setCurrentIndex(0)
    w.state.mode = "inference"
    w.state.ablations = Ablations()
    w.state.decoding_settings = DecodingSettings()
    if w.sentence_box.text() != sentence:
        w.sentence_box.setText(sentence)
    w.controller.reset()
    settle(qtbot, w, lambda: w.state.snapshot.text == sentence and len(w.state.snapshot.steps) == 1
           and w.state.snapshot.settings == DecodingSettings() and not w.state.snapshot.ablations.any)
    return w
