"""GPT-2 continuing the typed text, token by token: DecodingController's surface and job rules
(a new text, new ablations or a new strategy supersede what is pending; step, back, force … queue in
order) over a core.continuation.Continuation living in the worker thread. The window opens on the
prompt alone (step 0: one forward pass, as every keystroke), not on a whole continuation."""
from __future__ import annotations

from core.decoding import Cancelled

from .controller import DecodingController
from .session import ContinuationSession, first_run_job


class ContinuationController(DecodingController):
    first_run_to_end = False

    def start(self, text: str, fallback: str | None = None) -> int:
        """The first run on the worker: the prompt alone (one forward pass)."""
        ablations, settings = self.state.ablations, self.state.decoding_settings

        def run(t):
            self._session = ContinuationSession.start(self.translator, t, ablations, settings)
            return self._session.snapshot()

        return self.worker.submit_job(first_run_job(run, text, fallback), supersede=True)

    def _new_session(self, replay: bool) -> int:
        text, ablations, settings = self.state.sentence, self.state.ablations, self.state.decoding_settings

        def job():
            old = self._session
            try:
                session = ContinuationSession.start(self.translator, text, ablations, settings)
                if replay and old is not None and old.text == text:
                    session.replay(old.history(), cancelled=self.worker.superseded)
            except Cancelled:
                return None                         # superseded: the newer request builds its own
            self._session = session
            return session.snapshot()

        return self.worker.submit_job(job, supersede=True)

    def _submit_translation(self) -> int:
        """A continuation has no translation to wait for."""
        return self.worker.generation

    def select_beam(self, index: int) -> int:
        return self.worker.generation
