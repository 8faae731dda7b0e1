"""The window on a real-size checkpoint: a random-weight Marian with opus-mt-zh-en's config
(d_model 512, 6 + 6 layers, 8 heads, d_ff 2048, a 65,001-entry vocabulary), written by transformers'
save_pretrained with a small SentencePiece tokenizer trained here (its vocab.json filled up to the
real size), opened in the real main window offscreen.

Measured: checkpoint open → the window's first paint of its first run (decoded on the worker), and the
longest event-loop stall from the window's construction to that paint; keystroke → every visible view painted at 16
source tokens; one decode step → every visible view painted; the longest event-loop stall while
typing at a brisk pace; the overview (6 layers × 8 heads, each of its 3 attention kinds) at 64
source tokens.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from .checkpoint_speed import ZH, available, write_checkpoint
from .stats import median
from .window_speed import PaintProbe, settle, time_keystrokes, visible_viewports, wait_for

TYPING_INTERVAL_MS = 120          # a brisk typist: 8 characters a second


def text_of(translator, n_tokens: int) -> str:
    """The shortest run of the bench's Chinese sentences that the model reads as `n_tokens` source
    tokens (its </s> included), or as close as one character more or less can get."""
    corpus = "".join(ZH) * 8
    best = corpus[:1]
    for end in range(1, len(corpus) + 1):
        text = corpus[:end]
        n = len(translator.encode_source(text).tokens)
        best = text
        if n >= n_tokens:
            break
    return best


def open_to_first_paint(folder: Path, sentence: str) -> tuple[float, object, float, dict]:
    """Seconds from Translator.load(folder) to the first paint of every visible view showing the
    window's first run (the window itself paints at once, on its first-run page, while the model runs
    on the worker), the window, the load alone, and the event loop's gaps from the window's
    construction to that paint: {"wall_ms": the longest (its construction and first show count as
    one), "construct_ms", "first_result_s"}."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, Qt, QTimer

    from core.translator import Translator

    from ..main_window import MainWindow

    settings_dir = tempfile.mkdtemp(prefix="explorer-bench-")
    start = time.perf_counter()
    translator = Translator.load(folder)
    load_s = time.perf_counter() - start
    clock = QElapsedTimer()
    clock.start()
    window = MainWindow(translator, sentence=sentence,
                        settings=QSettings(f"{settings_dir}/settings.ini", QSettings.Format.IniFormat))
    construct_ms = clock.nsecsElapsed() / 1e6
    window._bench_settings_dir = settings_dir
    window.resize(1400, 900)
    window.show()                       # painted when the event loop next runs
    probe, arrived, gaps, last = [], [], [], [0]
    loop = QEventLoop()

    def on_trace(trace):                # the first run is in: its paint is the one to wait for
        if trace is not None and not probe:
            arrived.append(clock.nsecsElapsed() / 1e9)
            probe.append(PaintProbe(visible_viewports(window)))
            probe[0].arm()

    def tick():
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now
        if probe and probe[0].painted:
            loop.quit()

    window.state.events.trace_changed.connect(on_trace)
    timer = QTimer(interval=1)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    guard = QTimer(singleShot=True, interval=120_000)
    guard.timeout.connect(loop.quit)
    timer.start()
    guard.start()
    loop.exec()
    timer.stop()
    guard.stop()
    window.state.events.trace_changed.disconnect(on_trace)
    if not (probe and probe[0].painted):
        raise TimeoutError("the window never painted its first run")
    seconds = time.perf_counter() - start
    probe[0].close()
    return seconds, window, load_s, {"wall_ms": max(gaps), "construct_ms": construct_ms,
                                     "first_result_s": arrived[0]}

def measure_text_keystrokes(window, text: str, repeats: int, warmup: int = 4) -> list[float]:
    """Seconds from a keystroke to every visible view painted, alternating committing the last
    character of `text` and Backspace; the clock stops on the paint of the trace of the new text."""
    state = window.state
    tokens = {t: list(window.translator.encode_source(t).tokens) for t in (text, text[:-1])}
    return time_keystrokes(window, text, lambda t: list(state.tokens("src")) == tokens[t], repeats, warmup)


def longest_stall_typing(window, text: str, interval_ms: int = TYPING_INTERVAL_MS) -> dict:
    """Type `text` one character every `interval_ms` into the box (as an input method commits
    Chinese), then wait until its trace is painted, while a 1 ms timer records the event loop's gaps:
    their wall time, and the GUI thread's own CPU time within each (time.thread_time), which leaves
    out the time the thread waited for a core — on a shared machine most of a long gap.
    Returns {"wall_ms": longest gap, "cpu_ms": the most CPU in one gap, "cpu_of_longest_ms",
    "longest_ms": the ten longest gaps}."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    translator, state, box = window.translator, window.state, window.sentence_box
    box.setText(text[:1])
    wait_for(lambda: not window.worker.busy())
    settle(window)
    box.setFocus()
    box.end(False)
    final = list(translator.encode_source(text).tokens)
    clock, gaps, last = QElapsedTimer(), [], [0, 0]

    def tick():
        now, cpu = clock.nsecsElapsed(), time.thread_time_ns()
        gaps.append((now - last[0], cpu - last[1]))
        last[0], last[1] = now, cpu

    loop = QEventLoop()
    typed = [1]

    def type_one():
        if typed[0] < len(text):
            event = QInputMethodEvent("", [])
            event.setCommitString(text[typed[0]])
            QApplication.sendEvent(box, event)
            typed[0] += 1
        elif not window.worker.busy() and list(state.tokens("src")) == final:
            QTimer.singleShot(200, loop.quit)          # its paint and a little more
            typist.stop()

    timer = QTimer(interval=1)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    typist = QTimer(interval=interval_ms)
    typist.timeout.connect(type_one)
    guard = QTimer(singleShot=True, interval=120_000)
    guard.timeout.connect(loop.quit)
    clock.start()
    last[0], last[1] = clock.nsecsElapsed(), time.thread_time_ns()
    timer.start()
    typist.start()
    guard.start()
    loop.exec()
    timer.stop()
    typist.stop()
    guard.stop()
    if not gaps:
        return {"wall_ms": float("nan"), "cpu_ms": float("nan"), "cpu_of_longest_ms": float("nan"), "longest_ms": []}
    longest = max(gaps)
    return {"wall_ms": longest[0] / 1e6, "cpu_of_longest_ms": longest[1] / 1e6,
            "cpu_ms": max(c for _, c in gaps) / 1e6,
            "longest_ms": [round(w / 1e6, 1) for w, _ in sorted(gaps)[-10:]]}


def overview_at(window, text: str, repeats: int) -> dict:
    """The window's Model overview tab at `text`: the trace (once, the model's time) and, for each
    attention kind (6 layers × 8 heads each), from the trace set in the state to the tab painted."""
    from PySide6.QtWidgets import QApplication

    state, overview = window.state, window.overview
    window.tabs.setCurrentWidget(overview)
    settle(window)
    start = time.perf_counter()
    trace = window.translator.trace(text, target="i am a student")
    trace_s = time.perf_counter() - start
    kinds = {}
    for index, (kind, _label) in enumerate(overview.kinds):
        overview.kind_buttons.button(index).click()        # as a user picks the kind
        settle(window, 0.05)
        times = []
        for _ in range(repeats):
            QApplication.processEvents()
            start = time.perf_counter()
            state.trace = trace                 # the overview updates its images …
            overview.repaint()                  # … and paints them, now
            QApplication.processEvents()
            times.append(time.perf_counter() - start)
        kinds[kind] = median(times)
    window.tabs.setCurrentWidget(window.splitter)
    settle(window)
    return {"tokens": len(trace.src_tokens), "trace_s": trace_s, "paint_s": kinds,
            "total_s": trace_s + max(kinds.values()), "cells": state.n_layers * state.n_heads * len(kinds)}


def measure(folder: Path, repeats: int = 10, keystroke_tokens: int = 16, overview_tokens: int = 64) -> dict:
    """Every figure of the section, on the checkpoint in `folder` (see the module's docstring)."""
    from .window_speed import close_window, measure_decode_steps

    open_s, window, load_s, open_stall = open_to_first_paint(folder, ZH[0])
    out = {"open_to_first_paint_s": open_s, "load_s": load_s, "open_stall_ms": open_stall["wall_ms"],
           "open_stall": open_stall}
    try:
        translator = window.translator
        arch = translator.arch
        out["config"] = {"d_model": arch.d_model, "heads": arch.n_heads, "layers": [arch.enc_layers, arch.dec_layers],
                         "d_ff": arch.d_ff, "vocab": arch.tgt_vocab_size}
        window.state.select_box("enc.self", 0)
        settle(window, 1.0)
        text = text_of(translator, keystroke_tokens)
        out["keystroke_tokens"] = len(translator.encode_source(text).tokens)
        out["keystroke_ms"] = median(measure_text_keystrokes(window, text, repeats)) * 1000
        times, how = measure_decode_steps(window, max(3, repeats // 2))
        out["decode_step_ms"] = median(times) * 1000
        out["decode_how"] = how
        window.state.select_box("enc.self", 0)
        window.sentence_box.setText("")
        settle(window)
        stall = longest_stall_typing(window, text_of(translator, keystroke_tokens))
        out["typing_stall_ms"] = stall["wall_ms"]
        out["typing_stall_cpu_ms"] = stall["cpu_ms"]
        out["typing_stall"] = stall
        out["overview"] = overview_at(window, text_of(translator, overview_tokens), max(3, repeats // 3))
    finally:
        close_window(window)
    return out


def collect(quick: bool, repeats: int, log) -> dict:
    """The section's figures (None where skipped) and a note."""
    if not available():
        return {"family": None, "note": "family window: the hf extra is not installed (pip install -e '.[hf]'): skipped"}
    with tempfile.TemporaryDirectory(prefix="explorer-bench-family-") as tmp:
        folder = Path(tmp)
        log("family window: writing a random Marian with opus-mt-zh-en's config and a 65,001-entry vocab.json")
        write_checkpoint(folder, quick, full_vocab=True)
        log("family window: open, keystroke, decode step, typing stall, overview")
        r = measure(folder, repeats=repeats)
    what = "random weights, opus-mt-zh-en's config" if not quick else "quick: a small Marian config"
    return {"family": r, "note": f"family window: {what}, in the real main window at 1400 × 900 offscreen; "
                                 f"typing stall: one character every {TYPING_INTERVAL_MS} ms"}
