"""For a model that does not translate (BERT: encoder only; GPT-2: decoder only): every change of the
text or the ablations becomes one traced forward pass on the worker thread, and its trace the state's.
The same surface as DecodingController where the window calls it (start, step, restore, applied)."""
from __future__ import annotations

from PySide6.QtCore import QObject

from ..worker import PacedDelivery
from .session import FirstRun, QueryRow, first_run_job


class ForwardController(QObject):
    def __init__(self, model, state, worker, parent=None):
        super().__init__(parent)
        self.model, self.state, self.worker = model, state, worker
        self.delivery = PacedDelivery(worker, self._on_result, self._on_failure, self)
        state.events.sentence_changed.connect(lambda _t: self._submit())
        state.events.ablations_changed.connect(lambda _a: self._submit())

    #: called once a worker result has reached the state (the window brings its canvases up to date)
    applied = None

    def start(self, text: str, fallback: str | None = None) -> int:
        """The first run, on the worker like every other (the window opens at once and shows its
        "running…" page until it arrives); a refused `text` runs `fallback`, the reason said."""
        return self.worker.submit_job(first_run_job(lambda t: self._pass(t)(), text, fallback), supersede=True)

    def _pass(self, text: str):
        """One traced forward pass over `text` with the state's ablations, as a job."""
        ablations = self.state.ablations
        return lambda: self.model.trace(text, ablations=ablations)

    def _submit(self) -> int:
        return self.worker.submit_job(self._pass(self.state.sentence))

    def step(self) -> None:
        """No decoding steps here (see the panel's note)."""

    def restore(self, history) -> None:
        """No decoding steps to write again (a session file of this family has none)."""

    def restore_row(self, row: int) -> int:
        """Put the views on query row `row` once the pending pass is in (a session's [MASK])."""
        return self.worker.submit_job(lambda: QueryRow(row), supersede=False)

    def request_translation(self) -> None:
        """Nothing to translate."""

    def translation_due(self) -> bool:
        return False

    def _on_result(self, generation: int, trace) -> None:
        if self.worker.outdated(generation, trace):
            return                                  # superseded, or a newer pass on its way
        if isinstance(trace, QueryRow):
            self.state.query_row = trace.row
            return
        message = ""
        if isinstance(trace, FirstRun):
            trace, message = trace.result, trace.message
        self.state.message = message
        self._apply(trace)
        if self.applied is not None:
            self.applied()

    def _apply(self, trace) -> None:
        self.state.trace = trace

    def _on_failure(self, generation: int, message: str) -> None:
        if self.worker.is_current(generation):
            self.state.message = message
