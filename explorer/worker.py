"""The model runs here, off the GUI thread; a run superseded by a newer edit is dropped.

One long-lived thread holds at most one pending request (the newest: typing fast coalesces), and
every request carries a generation number. Results travel to the GUI thread by queued signal; the
worker never touches a widget.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QThread, Signal

from core.config import Ablations
from core.errors import UserError


class TraceWorker(QThread):
    """Runs `translator.trace(text)` for the newest submitted text."""

    result_ready = Signal(int, object)   # generation, Trace
    failed = Signal(int, str)            # generation, message for the user

    def __init__(self, translator, parent=None):
        super().__init__(parent)
        self.translator = translator
        self._cond = threading.Condition()
        self._pending: tuple[int, str, Ablations] | None = None
        self._stopping = False
        self.generation = 0

    def submit(self, text: str, ablations: Ablations | None = None) -> int:
        """Ask for a trace of `text`; returns its generation. Older pending requests are forgotten."""
        with self._cond:
            self.generation += 1
            self._pending = (self.generation, text, ablations or Ablations())
            self._cond.notify()
            gen = self.generation
        if not self.isRunning():
            self.start()
        return gen

    def is_current(self, generation: int) -> bool:
        with self._cond:
            return generation == self.generation

    def run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                gen, text, ablations = self._pending
                self._pending = None
            try:
                trace = self.translator.trace(text, ablations=ablations)
            except UserError as e:
                if self.is_current(gen):
                    self.failed.emit(gen, str(e))
                continue
            except Exception as e:  # a bug, not the user's fault: say so, keep the window alive
                if self.is_current(gen):
                    self.failed.emit(gen, f"internal error: {type(e).__name__}: {e}")
                continue
            if self.is_current(gen):
                self.result_ready.emit(gen, trace)

    def stop(self) -> None:
        """Finish the current run, then end the thread (call before the window goes away)."""
        with self._cond:
            self._stopping = True
            self._pending = None
            self._cond.notify()
        if self.isRunning():
            self.wait()
