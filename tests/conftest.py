import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the interface in English whatever the machine's locale (tests assert English texts; tests/test_i18n.py
# switches to Chinese itself); subprocesses (the app started by a test) inherit it
os.environ["EXPLORER_LANGUAGE"] = "en"

import pytest  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)  # small models: one thread is faster, and immune to a busy second core


@pytest.fixture(scope="session")
def random_translator():
    from core.translator import Translator

    return Translator.random(seed=0)


def wait_ready(window, timeout: float = 60.0):
    """Run the event loop until `window`'s first run (on its worker thread) has reached the views and
    nothing more is pending (MainWindow.ready); returns the window. Fails after `timeout` seconds."""
    import time

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + timeout
    while not window.ready():
        if time.monotonic() > end:
            raise AssertionError(f"the window's first run did not arrive within {timeout} s")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)
    QApplication.processEvents()
    return window
