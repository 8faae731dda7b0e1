"""Run a lab's computation off the GUI thread and deliver only the newest result.

Each lab owns one LabRunner: a private one-thread pool, so its jobs run one after another, and a
generation counter, so a result superseded by a newer request is dropped (a job that has not
started yet when it is superseded is skipped altogether). Results reach the GUI thread by a queued
signal; a job never touches a widget.
"""
from __future__ import annotations

import threading
import traceback
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from core.errors import UserError

from ..deliver import emit_from_worker
from ..i18n import translate


class _Job(QRunnable):
    def __init__(self, runner: "LabRunner", generation: int, fn: Callable, args, kwargs):
        super().__init__()
        self.runner, self.generation, self.fn, self.args, self.kwargs = runner, generation, fn, args, kwargs

    def run(self) -> None:
        runner = self.runner
        if not runner.is_current(self.generation):
            return
        try:
            result = self.fn(*self.args, **self.kwargs)
        except UserError as e:
            self._deliver(False, str(e))
        except Exception as e:  # a bug: say so in the lab, keep the window alive
            traceback.print_exc()
            self._deliver(False, translate("labs", "internal error: {error}").format(error=f"{type(e).__name__}: {e}"))
        else:
            self._deliver(True, result)

    def _deliver(self, ok: bool, payload) -> None:
        if not self.runner.is_current(self.generation):
            return
        # A lab deleted without stop(): its pool's destructor waits for us, nobody takes the result.
        emit_from_worker(self.runner._finished, self.generation, ok, payload)


class LabRunner(QObject):
    """`submit(fn, *args)` runs `fn` in a worker thread; `result_ready(generation, result)` or
    `failed(generation, message)` arrives on the GUI thread, for the newest submission only."""

    result_ready = Signal(int, object)
    failed = Signal(int, str)
    _finished = Signal(int, bool, object)     # emitted in the worker, received in the GUI thread

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._lock = threading.Lock()
        self._generation = 0
        self._finished.connect(self._on_finished)

    @property
    def generation(self) -> int:
        with self._lock:
            return self._generation

    def is_current(self, generation: int) -> bool:
        return generation == self.generation

    def submit(self, fn: Callable, *args, **kwargs) -> int:
        with self._lock:
            self._generation += 1
            generation = self._generation
        self._pool.start(_Job(self, generation, fn, args, kwargs))
        return generation

    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def wait(self, msecs: int = -1) -> bool:
        """Block until the queued jobs are done (tests and shutdown)."""
        return self._pool.waitForDone(msecs)

    def stop(self) -> None:
        """Forget queued jobs and wait for the running one; call before the lab goes away."""
        with self._lock:
            self._generation += 1           # whatever is still running is now stale
        self._pool.clear()
        self._pool.waitForDone()

    def _on_finished(self, generation: int, ok: bool, payload) -> None:
        if not self.is_current(generation):
            return
        if ok:
            self.result_ready.emit(generation, payload)
        else:
            self.failed.emit(generation, str(payload))
