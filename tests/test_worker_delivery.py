"""The worker's results reach the GUI thread in order (explorer.worker.PacedDelivery): one posted while
the window was busy applying another waits its turn; one posted while it was free goes at once."""
import time

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from core.errors import UserError
from explorer.worker import PacedDelivery, TraceWorker


def wait_idle(worker, timeout=10.0):
    end = time.monotonic() + timeout
    while worker.busy():
        assert time.monotonic() < end
        time.sleep(0.002)


def test_results_that_arrive_while_one_is_applied_wait_their_turn(qapp):
    worker = TraceWorker(translator=None)
    parent = QObject()
    calls = []

    def on_result(gen, result):
        start = time.perf_counter()
        if result == "first":                    # the window painting it, while the others arrive
            worker.submit_job(lambda: "second", supersede=False)
            worker.submit_job(lambda: (_ for _ in ()).throw(UserError("no such word")), supersede=False)
            worker.submit_job(lambda: "third", supersede=False)
            wait_idle(worker)
            time.sleep(0.02)                     # (a paint takes 10–30 ms)
        calls.append((result, start, time.perf_counter()))

    def on_failure(gen, message):
        calls.append((message, time.perf_counter(), time.perf_counter()))

    delivery = PacedDelivery(worker, on_result, on_failure, parent, spacing_ms=40)
    try:
        time.sleep(0.05)                         # quiet: the first goes at once
        worker.submit_job(lambda: "first")
        wait_idle(worker)
        QApplication.processEvents()
        assert [c[0] for c in calls] == ["first"]
        QApplication.processEvents()             # the rest are held: not in this turn either
        assert [c[0] for c in calls] == ["first"] and delivery.pending()
        end = time.monotonic() + 5
        while delivery.pending() and time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.002)
        assert [c[0] for c in calls] == ["first", "second", "no such word", "third"]   # in order
        assert calls[1][1] - calls[0][2] >= 0.039          # the window had its spacing
        assert calls[3][1] - calls[1][1] < 0.039           # and what had arrived went together
    finally:
        worker.stop()


def test_superseded_steps_dropped_in_a_moment_do_not_hold_the_next(qapp):
    """Four results posted while the GUI thread was busy elsewhere: the first three are dropped
    (cheap: not the window's work), so the newest goes in the same turn."""
    worker = TraceWorker(translator=None)
    parent = QObject()
    got = []
    PacedDelivery(worker, lambda gen, r: got.append(r) if not worker.outdated(gen, r) else None,
                  lambda gen, m: got.append(m), parent, spacing_ms=40)
    try:
        worker.submit_job(lambda: "zero")
        wait_idle(worker)
        QApplication.processEvents()
        for word in ("one", "two", "three", "four"):
            worker.submit_job(lambda word=word: [word], supersede=False)
        wait_idle(worker)
        QApplication.processEvents()
        assert got == ["zero", ["four"]]
    finally:
        worker.stop()


def test_a_result_posted_while_the_window_is_free_is_applied_at_once(qapp):
    """Even right after another was applied: what adds no wait is the window being free when the
    worker posted it (a keystroke's trace), not time passed."""
    worker = TraceWorker(translator=None)
    parent = QObject()
    got = []
    PacedDelivery(worker, lambda gen, r: got.append(r), lambda gen, m: got.append(m), parent, spacing_ms=40)
    try:
        for word in ("one", "two", "three"):
            worker.submit_job(lambda word=word: word)
            wait_idle(worker)
            QApplication.processEvents()
            assert got[-1] == word
    finally:
        worker.stop()


def test_a_result_on_its_way_counts_as_pending(qapp):
    """Posted but not yet arrived (the worker no longer busy, the queued call not yet run), a result
    keeps the delivery pending: what MainWindow.ready and the tests wait on."""
    worker = TraceWorker(translator=None)
    parent = QObject()
    got = []
    delivery = PacedDelivery(worker, lambda gen, r: got.append(r), lambda gen, m: got.append(m), parent)
    try:
        worker.submit_job(lambda: "on its way")
        wait_idle(worker)
        assert delivery.pending() and got == []
        QApplication.processEvents()
        assert got == ["on its way"] and not delivery.pending()
    finally:
        worker.stop()
