"""Speed: keystroke → every visible view painted, and the longest event-loop stall while typing.

Run with `EXPLORER_SPEED=1 pytest -s tests/test_window_speed.py`; the figures are printed; the
asserted bounds are loose because CI machines
are shared, the goals (≈16 ms per update, ≤ 50 ms stall) are in the report of `-s` output.
"""
import os

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from explorer.main_window import MainWindow
from conftest import wait_ready  # noqa: E402

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)

# minutes, not seconds, on a shared 2-core machine with the 6-layer model: opt-in
pytestmark = pytest.mark.skipif(not os.environ.get("EXPLORER_SPEED"), reason="set EXPLORER_SPEED=1 to measure")

SENTENCE = ("我是一个学生我爱中国他和他的她你好" * 4)[:64]


@pytest.fixture(scope="module")
def window(qapp, tmp_path_factory):
    from core.translator import Translator

    settings = QSettings(str(tmp_path_factory.mktemp("speed") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.load(), settings=settings)   # the bundled model, as a user would have it
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    yield w
    w.close()


@pytest.mark.parametrize("n_tokens", [8, 32, 64])
def test_keystroke_to_views_painted(window, n_tokens):
    """The benchmark's measure (explorer/bench/window_speed.py): a key typed or erased in the sentence
    box → the worker's trace → every visible view painted, on encoder layer 0's attention."""
    from explorer.bench.window_speed import measure_keystrokes

    window.state.select_box("enc.self", 0)
    QApplication.processEvents()
    times = measure_keystrokes(window, n_tokens, 10)
    median = float(np.median(times)) * 1000
    print(f"\nkeystroke → views painted at {n_tokens} tokens: median {median:.1f} ms, max {max(times) * 1000:.1f} ms")
    assert median < 250


def test_longest_stall_while_typing_64_tokens(qtbot, window):
    window.state.select_box("enc.self", 0)
    window.sentence_box.clear()
    window.sentence_box.setFocus()
    qtbot.wait(500)                         # let the stage switch and the cleared box settle: typing is measured
    gaps, clock = [], QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick():
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=2)
    timer.timeout.connect(tick)
    timer.start()
    for ch in SENTENCE:                     # a fast typist: one character every 40 ms
        event = QInputMethodEvent("", [])
        event.setCommitString(ch)
        QApplication.sendEvent(window.sentence_box, event)
        qtbot.wait(40)
    qtbot.waitUntil(lambda: len(window.state.trace.src_tokens) == 64, timeout=60000)
    qtbot.wait(100)
    timer.stop()
    stall = max(gaps)
    print(f"\nlongest event-loop stall while typing 64 tokens: {stall} ms (ticks: {len(gaps)})")
    assert stall < 500
