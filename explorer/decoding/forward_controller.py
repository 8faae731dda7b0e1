"""For a model that does not translate (BERT: encoder only; GPT-2: decoder only): every change of the
text or the ablations becomes one traced forward pass on the worker thread, and its trace the state's.
The same surface as DecodingController where the window calls it (start_now, step, applied)."""
from __future__ import annotations

from PySide6.QtCore import QObject


class ForwardController(QObject):
    def __init__(self, model, state, worker, parent=None):
        super().__init__(parent)
        self.model, self.state, self.worker = model, state, worker
        worker.result_ready.connect(self._on_result)
        worker.failed.connect(self._on_failure)
        state.events.sentence_changed.connect(lambda _t: self._submit())
        state.events.ablations_changed.connect(lambda _a: self._submit())

    #: called once a worker result has reached the state (the window brings its canvases up to date)
    applied = None

    def start_now(self, text: str) -> None:
        """The first run, on the GUI thread (the window never opens empty)."""
        self.state.trace = self.model.trace(text, ablations=self.state.ablations)

    def _submit(self) -> int:
        text, ablations = self.state.sentence, self.state.ablations
        return self.worker.submit_job(lambda: self.model.trace(text, ablations=ablations))

    def step(self) -> None:
        """No decoding steps here (see the panel's note)."""

    def request_translation(self) -> None:
        """Nothing to translate."""

    def _on_result(self, generation: int, trace) -> None:
        if not self.worker.is_current(generation):
            return
        self.state.message = ""
        self._apply(trace)
        if self.applied is not None:
            self.applied()

    def _apply(self, trace) -> None:
        self.state.trace = trace

    def _on_failure(self, generation: int, message: str) -> None:
        if self.worker.is_current(generation):
            self.state.message = message
