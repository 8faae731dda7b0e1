"""Speed of the real main window, offscreen: keystroke → views painted, one decoding step, and the
longest event-loop stall while a big model traces in the worker.

A character reaches the sentence box as an input method commits it, Backspace as a key press; the
clock stops when the event loop has applied the worker's result and the visible canvases have
painted it (the paint of every dirty widget of the window happens in one pass; the probe stops the
loop right after that pass).
"""
from __future__ import annotations

import tempfile
import time

SENTENCE = "我是一个学生我爱中国他和他的她你好我在家看书你爱中国吗我昨天在学校看见了他"


def source_text(n_tokens: int) -> str:
    """A sentence of `n_tokens` characters (the bundled model's source tokenizer is per character)."""
    return (SENTENCE * (n_tokens // len(SENTENCE) + 1))[:n_tokens]


def qt_app():
    """The QApplication, configured as `explorer.app.run` configures it (offscreen if no display)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from ..fonts import register_bundled_font

    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)
    app = QApplication.instance() or QApplication(["transformer-explorer-bench"])
    register_bundled_font()
    return app


def open_window(translator, sentence: str):
    """The real MainWindow (settings in a throw-away file), shown at 1400 × 900 on encoder layer 0's
    self-attention pipeline, with everything painted once."""
    from PySide6.QtCore import QSettings

    from ..main_window import MainWindow

    folder = tempfile.mkdtemp(prefix="explorer-bench-")
    settings = QSettings(f"{folder}/settings.ini", QSettings.Format.IniFormat)
    window = MainWindow(translator, sentence=sentence, settings=settings)
    window._bench_settings_dir = folder
    window.resize(1400, 900)
    window.show()
    window.state.select_box("enc.self", 0)
    settle(window)
    return window


def settle(window, seconds: float = 0.3) -> None:
    """Let pending work (worker results, paints) finish."""
    from PySide6.QtWidgets import QApplication

    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QApplication.processEvents()
        time.sleep(0.005)
    worker = getattr(window, "worker", None)
    deadline = time.perf_counter() + 60
    while worker is not None and getattr(worker, "busy", lambda: False)() and time.perf_counter() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    QApplication.processEvents()


def close_window(window) -> None:
    import shutil

    window.close()
    shutil.rmtree(getattr(window, "_bench_settings_dir", ""), ignore_errors=True)


class PaintProbe:
    """Runs a QEventLoop until every one of `viewports` has painted after `arm()`, then stops it right
    after that paint pass."""

    def __init__(self, viewports, timeout_s: float = 60.0):
        from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

        probe = self

        class Filter(QObject):
            def eventFilter(self, obj, event):
                if probe.pending and event.type() == QEvent.Type.Paint and obj in probe.pending:
                    probe.pending.discard(obj)
                    if not probe.pending:
                        probe.painted = True
                        QTimer.singleShot(0, probe.loop.quit)     # runs once this paint pass has ended
                return False

        self.filter = Filter()
        self.loop = QEventLoop()
        self.painted = False
        self.pending: set = set()
        self.viewports = list(viewports)
        for v in self.viewports:
            v.installEventFilter(self.filter)
        self.guard = QTimer(singleShot=True, interval=int(timeout_s * 1000))
        self.guard.timeout.connect(self.loop.quit)

    def arm(self) -> None:
        self.pending = set(self.viewports)

    def wait(self) -> bool:
        """Run the loop until every view has painted since `arm` (True) or the timeout (False)."""
        self.painted = False
        self.guard.start()
        self.loop.exec()
        self.guard.stop()
        return self.painted

    def close(self) -> None:
        for v in self.viewports:
            v.removeEventFilter(self.filter)


def visible_viewports(window):
    """The painted surfaces of every visible view of the window: the pyqtgraph canvases, the
    alignment view and the next-token chart (painted directly)."""
    import pyqtgraph as pg

    from ..decoding.alignment_view import AlignmentCanvas
    from ..decoding.next_token_chart import NextTokenChart

    surfaces = [c.viewport() for c in window.findChildren(pg.GraphicsView) if c.isVisible()]
    surfaces += [w for cls in (AlignmentCanvas, NextTokenChart) for w in window.findChildren(cls) if w.isVisible()]
    return surfaces


WARMUP_KEYSTROKES = 4


def measure_keystrokes(window, n_tokens: int, repeats: int, warmup: int = WARMUP_KEYSTROKES) -> list[float]:
    """Seconds from a key press to the visible views painted, alternating typing the n-th character
    and deleting it again (Backspace): both are keystrokes at ≈ n tokens. The first `warmup`
    keystrokes at a new length are not timed (labels of new lengths laid out, caches filled)."""
    text, state = source_text(n_tokens), window.state
    lengths = {text: n_tokens, text[:-1]: n_tokens - 1}
    return time_keystrokes(window, text, lambda t: len(state.tokens("src")) == lengths[t], repeats, warmup)


def time_keystrokes(window, text: str, shows, repeats: int, warmup: int) -> list[float]:
    """Seconds from a keystroke to every visible view painted, alternating committing the last
    character of `text` and Backspace; the clock stops on the paint that follows the trace for which
    `shows(t)` is true, t the text now in the box."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    box, state = window.sentence_box, window.state
    box.setText(text[:-1])
    wait_for(lambda: shows(text[:-1]) and not window.worker.busy())
    settle(window)
    box.setFocus()
    box.end(False)
    probe = PaintProbe(visible_viewports(window))
    expect = [text[:-1]]

    def on_trace(_trace):                 # connected after the views: they have updated when this runs
        if shows(expect[0]):
            probe.arm()

    state.events.trace_changed.connect(on_trace)
    times = []
    try:
        untimed = 2 * (warmup // 2)       # an even number: typing and erasing keep alternating
        for i in range(untimed + repeats):
            typing = i % 2 == 0
            expect[0] = text if typing else text[:-1]
            QApplication.processEvents()
            start = time.perf_counter()
            if typing:                    # Chinese arrives from the input method as a committed string
                event = QInputMethodEvent("", [])
                event.setCommitString(text[-1])
                QApplication.sendEvent(box, event)
            else:
                QTest.keyClick(box, Qt.Key.Key_Backspace)
            if not probe.wait():
                raise TimeoutError(f"the window never painted the trace of «{expect[0]}»")
            if i >= untimed:
                times.append(time.perf_counter() - start)
    finally:
        state.events.trace_changed.disconnect(on_trace)
        probe.close()
    return times


def measure_decode_steps(window, repeats: int) -> tuple[list[float], str]:
    """Seconds from a decoding step request (Space) to the visible views painted, on the decoder's
    cross-attention stage; between measured steps, Back (not timed). Falls back to StepDecoder.step
    plus the stage view update when the window has no decoding UI."""
    from PySide6.QtWidgets import QApplication

    state = window.state
    state.select_box("dec.cross", 0)
    settle(window)
    if not (hasattr(window, "decode_step") and hasattr(state, "snapshot")):
        return _decode_steps_without_ui(window, repeats), "StepDecoder.step + stage view (no decoding UI)"
    if state.snapshot.done:                 # the window opens on the whole translation: step from <bos>
        window.controller.reset()
        wait_for(lambda: len(state.snapshot.steps) == 1)
        settle(window)
    probe = PaintProbe(visible_viewports(window))
    expect = [0]

    def on_snapshot(snapshot):
        if snapshot is not None and len(snapshot.steps) == expect[0]:
            probe.arm()

    state.events.snapshot_changed.connect(on_snapshot)
    times = []
    try:
        for _ in range(repeats):
            before = len(state.snapshot.steps)
            expect[0] = before + 1
            QApplication.processEvents()
            start = time.perf_counter()
            window.decode_step()
            if not probe.wait():
                raise TimeoutError("a decoding step never reached the views")
            times.append(time.perf_counter() - start)
            window.controller.back()
            wait_for(lambda: len(state.snapshot.steps) == before)
            settle(window, 0.02)
    finally:
        state.events.snapshot_changed.disconnect(on_snapshot)
        probe.close()
    return times, "Space → decoding step in the worker → every visible view painted"


def _decode_steps_without_ui(window, repeats: int) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from core.stepping import StepDecoder

    decoder = StepDecoder(window.translator, window.state.sentence or SENTENCE[:6])
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step = decoder.step()
        window.state.trace = step.trace
        for v in visible_viewports(window):
            v.repaint()
        QApplication.processEvents()
        times.append(time.perf_counter() - start)
        decoder.back()
    return times


def measure_stall_during(window, job, timeout_s: float = 120.0) -> tuple[float, float, object]:
    """Run `job` in the window's worker (as a superseding job, its result applied by the window)
    while a 1 ms QTimer records the gaps of the event loop. Returns (longest gap s, job wall time s,
    result)."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer, Qt

    worker = window.worker
    loop = QEventLoop()
    result: dict = {}
    clock = QElapsedTimer()
    gaps: list[int] = []
    last = [0]

    def tick():
        now = clock.nsecsElapsed()
        gaps.append(now - last[0])
        last[0] = now

    def on_result(generation, value):
        if generation == result.get("generation"):
            result["value"] = value
            result["end"] = time.perf_counter()
            QTimer.singleShot(50, loop.quit)          # and 50 ms more: the views apply and paint it

    def on_failed(generation, message):
        if generation == result.get("generation"):
            result["error"] = message
            loop.quit()

    timer = QTimer(interval=1)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    guard = QTimer(singleShot=True, interval=int(timeout_s * 1000))
    guard.timeout.connect(loop.quit)
    worker.result_ready.connect(on_result)
    worker.failed.connect(on_failed)
    try:
        clock.start()
        last[0] = clock.nsecsElapsed()
        timer.start()
        guard.start()
        start = time.perf_counter()
        result["generation"] = worker.submit_job(job, supersede=True)
        loop.exec()
    finally:
        timer.stop()
        guard.stop()
        worker.result_ready.disconnect(on_result)
        worker.failed.disconnect(on_failed)
    if "error" in result:
        raise RuntimeError(result["error"])
    if "value" not in result:
        raise TimeoutError("the worker never finished the job")
    return max(gaps) / 1e9 if gaps else float("nan"), result["end"] - start, result["value"]


def wait_for(condition, timeout_s: float = 60.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window never got there")
        QApplication.processEvents()
        time.sleep(0.002)
    QApplication.processEvents()
