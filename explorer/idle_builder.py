"""Builds what the window has not shown yet (stage views, their other tabs, the training panel) one
piece at a time while the user is idle, so a first look at them does not stall the event loop (a
view's first build takes 30–100 ms; the attention view's three tabs took 250 ms together)."""
from __future__ import annotations

import time
from typing import Callable, Iterator

from PySide6.QtCore import QObject, QTimer


class IdleBuilder(QObject):
    """Runs the callables `steps` yields, one per tick, only when `busy()` is False and nothing has
    happened for `quiet_ms` (`touch()` marks activity). Stops when the steps run out."""

    def __init__(self, steps: Iterator[Callable[[], object]], busy: Callable[[], bool], parent=None,
                 tick_ms: int = 40, quiet_ms: int = 250):
        super().__init__(parent)
        self._steps = steps
        self._busy = busy
        self._quiet_s = quiet_ms / 1000
        self._last_activity = time.perf_counter()
        self._timer = QTimer(self, interval=tick_ms)
        self._timer.timeout.connect(self._tick)
        self.done = False
        self.longest_step_s = 0.0            # the longest the event loop waited for one piece

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        """Build nothing more (the window is closing)."""
        self._timer.stop()

    def touch(self, *_args) -> None:
        """Something happened (a keystroke, a new trace): wait for quiet again before building."""
        self._last_activity = time.perf_counter()

    def _tick(self) -> None:
        if self._busy() or time.perf_counter() - self._last_activity < self._quiet_s:
            return
        step = next(self._steps, None)
        if step is None:
            self._timer.stop()
            self.done = True
            return
        start = time.perf_counter()
        step()
        self.longest_step_s = max(self.longest_step_s, time.perf_counter() - start)


_FINISHED = object()


class Stepwise:
    """A construction written as a generator function that yields between pieces: `step()` builds
    the next piece (the idle builder calls it once per tick), `finish()` the rest at once (the part
    is needed now)."""

    def __init__(self, build: Callable[[], Iterator[None]]):
        self._build = build
        self._pieces: Iterator[None] | None = None
        self.done = False

    def step(self) -> None:
        if self.done:
            return
        if self._pieces is None:
            self._pieces = self._build()
        if next(self._pieces, _FINISHED) is _FINISHED:
            self.done = True

    def finish(self) -> None:
        while not self.done:
            self.step()


class BuiltInSteps:
    """A view (or panel) whose plots come from its generator `_build`, one piece per idle tick:
    the idle builder takes `deferred_parts()`; `ensure_built()` builds the rest at once when the
    view is first needed (its first show, an export)."""

    _build_steps: Stepwise | None = None

    def _build(self) -> Iterator[None]:
        raise NotImplementedError

    def ensure_built(self) -> None:
        if self._build_steps is None:
            self._build_steps = Stepwise(self._build)
        self._build_steps.finish()

    def deferred_parts(self) -> list:
        if self._build_steps is None:
            self._build_steps = Stepwise(self._build)
        return [self._build_steps]
