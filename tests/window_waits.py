"""Waiting for the window in tests: until the worker is idle and its result has reached the state."""
from PySide6.QtWidgets import QApplication


def settle(qtbot, w, condition, timeout=15000):
    """Wait until the worker is idle and `condition()` holds, then let the views draw.

    The worker is idle from the end of a job until its result reaches the GUI thread: `condition` is
    then checked on the state before the result, and must say False there, as a bool (pytest-qt
    raises on anything else — `heads_off and …` gave frozenset() under load)."""
    qtbot.waitUntil(lambda: not w.worker.busy() and bool(condition()), timeout=timeout)
    QApplication.processEvents()
