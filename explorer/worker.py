"""The model runs here, off the GUI thread; results of superseded requests are dropped.

One long-lived thread runs jobs in order. Every job carries a generation number: a job submitted
with `supersede=True` (a new sentence, new ablations, a new strategy) forgets the jobs still pending
and starts a new generation; a job submitted with `supersede=False` (one more decoding step) queues
behind the others in the same generation, so no key press is lost. Results travel to the GUI thread
by queued signal; the worker never touches a widget. A result that a newer one of its kind has
followed (steps decoded faster than the window paints them) is dropped too: each is whole, so the
window applies and paints only the newest of those waiting (`outdated`).
"""
from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from core.config import Ablations
from core.errors import UserError

from .i18n import translate


class TraceWorker(QThread):
    """Runs jobs (callables returning a result object) for the newest generation."""

    result_ready = Signal(int, object, float)   # generation, whatever the job returned, when posted
    failed = Signal(int, str, float)            # generation, message for the user, when posted
    # (when: time.perf_counter() as the worker posted it; PacedDelivery reads it)

    def __init__(self, translator, parent=None):
        super().__init__(parent)
        self.translator = translator
        self._cond = threading.Condition()
        self._pending: deque[tuple[int, Callable[[], object]]] = deque()
        self._stopping = False
        self.generation = 0
        self._latest: dict[type, tuple[int, object]] = {}   # kind → (generation, its newest result posted)

    def submit_job(self, job: Callable[[], object], supersede: bool = True) -> int:
        """Queue `job`; with `supersede`, drop the pending jobs and start a new generation."""
        with self._cond:
            if supersede:
                self.generation += 1
                self._pending.clear()
            self._pending.append((self.generation, job))
            self._cond.notify()
            gen = self.generation
        if not self.isRunning() and not self._stopping:
            self.start()
        return gen

    def submit(self, text: str, ablations: Ablations | None = None) -> int:
        """Ask for a trace of `text` (the model's greedy translation as the target prefix)."""
        ablations = ablations or Ablations()
        return self.submit_job(lambda: self.translator.trace(text, ablations=ablations))

    def is_current(self, generation: int) -> bool:
        with self._cond:
            return generation == self.generation

    def outdated(self, generation: int, result) -> bool:
        """True for a result the window need not apply: its generation superseded, or a newer result
        of its kind already posted behind it (results are whole states: a decoding step's snapshot
        holds every step before it)."""
        with self._cond:
            if generation != self.generation:
                return True
            gen, latest = self._latest.get(type(result), (generation, result))
            return gen == generation and latest is not result

    def superseded(self) -> bool:
        """True inside a job whose result would be dropped (a newer generation started): long jobs
        ask between their parts and give up early, so the next request need not wait for them."""
        with self._cond:
            return self._running_gen != self.generation

    _running_gen = 0

    def busy(self) -> bool:
        """True while jobs are pending (the one running included)."""
        with self._cond:
            return bool(self._pending) or self._running

    _running = False
    last_job_seconds = 0.0               # how long the last successful job took (speed reports)

    def run(self) -> None:
        from core.translator import set_torch_threads

        set_torch_threads(1)            # this thread only; see set_torch_threads
        while True:
            with self._cond:
                while not self._pending and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                gen, job = self._pending.popleft()
                self._running = True
                self._running_gen = gen
            start = time.perf_counter()
            result = None
            try:
                result = job()
                self.last_job_seconds = time.perf_counter() - start
            except UserError as e:
                if self.is_current(gen):
                    self._post(self.failed, gen, str(e))
            except Exception as e:  # a bug, not the user's fault: say so, keep the window alive
                if self.is_current(gen):
                    self._post(self.failed, gen, translate("TraceWorker", "internal error: {error}").format(
                        error=f"{type(e).__name__}: {e}"))
            if result is not None and self.is_current(gen):
                with self._cond:
                    self._latest[type(result)] = (gen, result)
                self._post(self.result_ready, gen, result)
            with self._cond:                # not busy once its result is on its way (posted), not before
                self._running = False

    posted = 0                           # results and failures posted to the GUI thread so far

    def _post(self, signal, gen: int, payload) -> None:
        """Send a result or a failure to the GUI thread, counted and stamped with the time."""
        with self._cond:
            self.posted += 1
        signal.emit(gen, payload, time.perf_counter())

    def stop(self) -> None:
        """Finish the current job, then end the thread (call before the window goes away)."""
        with self._cond:
            self._stopping = True
            self._pending.clear()
            self._cond.notify()
        if self.isRunning():
            self.wait()


class PacedDelivery(QObject):
    """Hands the worker's results and failures to the GUI thread's handlers, in order; one that was
    posted while the window was busy (applying and painting the last one, or a paint of its own
    after a click) waits `spacing_ms` after the window is free, with whatever else arrives by then.
    Steps decode faster than the window paints them: the next one, posted during the last one's
    paint, was applied and painted at once after it, in the same turn of the event loop — two
    20–30 ms paints back to back, no key or click handled between (the monkey's slowest actions).
    `TraceWorker.outdated` then drops the steps a newer one has followed (dropping one is no work:
    it holds nothing back). A result posted while the window was free (the usual keystroke, a step
    after a pause) is applied at once: no latency is added to it. The window calls `rest` after a
    long paint of its own."""

    def __init__(self, worker: TraceWorker, on_result, on_failure, parent=None, spacing_ms: int = 16):
        super().__init__(parent)
        self.worker = worker
        self._arrivals = 0
        self._held: deque = deque()
        self._spacing_s = spacing_ms / 1000
        self._busy_until = 0.0              # perf_counter time the window's last long work ended
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._deliver_held)
        worker.result_ready.connect(lambda gen, result, posted: self._arrived(on_result, gen, result, posted))
        worker.failed.connect(lambda gen, message, posted: self._arrived(on_failure, gen, message, posted))

    def _arrived(self, handler, generation: int, payload, posted: float) -> None:
        self._arrivals += 1
        self._held.append((handler, generation, payload))
        if self._timer.isActive():
            return                           # others wait already: in order, behind them
        if posted < self._busy_until:        # it waited behind the window's work: its turn comes
            wait = self._busy_until + self._spacing_s - time.perf_counter()
            if wait > 0:
                self._timer.start(max(1, round(1000 * wait)))
                return
        self._deliver_held()

    #: a delivery this long (s) was work (applied and painted), not a superseded step dropped
    WORK_S = 0.005

    def _deliver_held(self) -> None:
        start = time.perf_counter()
        while self._held:
            handler, generation, payload = self._held.popleft()
            handler(generation, payload)
        end = time.perf_counter()
        if end - start > self.WORK_S:
            self._busy_until = end

    def rest(self) -> None:
        """The window has just done a long piece of work of its own (a paint after a click): a
        result posted meanwhile waits its turn too."""
        self._busy_until = max(self._busy_until, time.perf_counter())

    def pending(self) -> bool:
        """True while results are on their way (posted, not arrived yet) or wait for their turn."""
        return bool(self._held) or self.worker.posted != self._arrivals
