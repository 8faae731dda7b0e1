"""Connects the state to the model: every change the user makes becomes a job for the one worker
thread, and every result becomes state. The decoding session lives in the worker thread only.

A new sentence, new ablations or a new strategy supersede whatever is pending (their results would
be stale); decoding actions (step, back, force …) queue in order, so no key press is lost.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer

from core.decoding import Cancelled, check
from core.errors import UserError
from core.teacher_forcing import TeacherForcing, teacher_forcing

from ..i18n import translate
from ..worker import PacedDelivery
from .session import DecodingSession, FirstRun, QueryRow, Snapshot, Translation, first_run_job


def finish(session: DecodingSession, cancelled) -> None:
    """A first run decoded to the end: its translation, in one decoder pass when the steps were the
    greedy ones (they are the greedy translation: the pass checks them), else decoded."""
    if session.settings.strategy == "greedy" and "forced" not in session.how:
        session.guess = [t for t in session.output if t != session.end_id]
    session.translate(cancelled=cancelled)


class DecodingController(QObject):
    def __init__(self, translator, state, worker, parent=None):
        super().__init__(parent)
        self.translator, self.state, self.worker = translator, state, worker
        self._session: DecodingSession | None = None      # touched by worker jobs only
        self.delivery = PacedDelivery(worker, self._on_result, self._on_failure, self)
        # the greedy translation is asked for once the views have painted the snapshot and the
        # keyboard has been quiet for a moment: typing on, the worker stays free for the next key
        self._translation_timer = QTimer(self, singleShot=True, interval=self.translation_delay_ms)
        self._translation_timer.timeout.connect(self._translation_due)
        self._translation_generation = -1
        ev = state.events
        ev.sentence_changed.connect(self._on_sentence_changed)
        ev.ablations_changed.connect(self._on_ablations_changed)
        ev.decoding_settings_changed.connect(self._on_decoding_settings_changed)
        ev.mode_changed.connect(self._on_mode_changed)
        ev.target_text_changed.connect(self._on_target_text_changed)

    # the first run, on the worker like every other (the window opens at once, never frozen) -------
    # how long the first run decodes before the views get what it has: a model that translates in
    # less (the bundled one: ~0.1 s) opens on the whole translation, with no lone <bos> row first;
    # a slower one (a real-size checkpoint: seconds) shows its first steps, then the rest follows
    first_run_budget_s = 0.6

    def start(self, text: str, fallback: str | None = None) -> int:
        """Submit the first run of `text` (on UserError: of `fallback`, the error kept as the
        state's message); the window shows its "translating…" page until the result arrives."""
        st = self.state
        ablations, settings = st.ablations, st.decoding_settings
        budget, superseded = self.first_run_budget_s, self.worker.superseded

        def decode(t):
            session = DecodingSession(self.translator, t, ablations, settings, translate=False, cancelled=superseded)
            deadline = time.perf_counter() + budget
            while not session.done and time.perf_counter() < deadline:
                check(superseded)
                session.step()
            if session.done:
                finish(session, superseded)
            self._session = session
            return session.snapshot()

        gen = self.worker.submit_job(first_run_job(decode, text, fallback), supersede=True)
        if st.mode == "training":
            self._submit_training(supersede=False)
        return gen

    # the first run decodes to the end (a translation); a continuation opens on its prompt alone
    first_run_to_end = True

    def _decode_on(self) -> int:
        """The rest of a first run that its budget cut short (superseded: dropped, like any job)."""
        def job():
            try:
                self._session.run_to_end(cancelled=self.worker.superseded)
                finish(self._session, self.worker.superseded)
            except Cancelled:
                return None
            return self._session.snapshot()
        return self.worker.submit_job(job, supersede=False)

    # jobs -----------------------------------------------------------------------------------------
    def _new_session(self, replay: bool) -> int:
        """Build a session for the current sentence, ablations and strategy (replaying the tokens
        written so far when only the ablations or the strategy changed)."""
        text, ablations, settings = self.state.sentence, self.state.ablations, self.state.decoding_settings

        def job():
            old = self._session
            guess = old.translation_ids if old is not None else None
            if guess is None and old is not None:
                guess = old.guess                   # its translation never ran: its guess is the best one
            try:
                session = DecodingSession(self.translator, text, ablations, settings, guess=guess, translate=False,
                                          cancelled=self.worker.superseded)
                if replay and old is not None and old.text == text:
                    session.replay(old.history(), cancelled=self.worker.superseded)
            except Cancelled:
                return None                         # superseded: the newer request builds its own
            self._session = session
            return session.snapshot()

        gen = self.worker.submit_job(job, supersede=True)
        if self.state.mode == "training":
            self._submit_training(supersede=False)
        return gen                                    # the translation follows the snapshot (_on_result)

    def _submit_translation(self) -> int:
        """The session's greedy translation, as a second result after its first snapshot (the views
        do not wait for it); dropped like any result when a newer request supersedes it."""
        def job():
            if self._session is None:
                raise UserError(translate("DecodingController", "no sentence has run yet"))
            return self._session.translate(cancelled=self.worker.superseded)   # None: superseded, nothing sent
        return self.worker.submit_job(job, supersede=False)

    #: how long after a snapshot without translation the translation is asked for
    translation_delay_ms = 30

    def _translation_due(self) -> None:
        snap = self.state.snapshot
        if self.worker.is_current(self._translation_generation) and snap is not None and snap.translation is None:
            self._submit_translation()

    def translation_due(self) -> bool:
        """True while a snapshot's translation is about to be asked for (its timer runs)."""
        return self._translation_timer.isActive()

    def request_translation(self) -> int:
        """Make sure the current session's translation arrives (e.g. a superseding request dropped it)."""
        return self._submit_translation()

    def _submit_training(self, supersede: bool = True) -> int:
        text, target, ablations = self.state.sentence, self.state.target_text, self.state.ablations
        gen = self.worker.submit_job(lambda: teacher_forcing(self.translator, text, target or None, ablations),
                                     supersede=supersede)
        if supersede:
            snap = self.state.snapshot
            if snap is None or snap.text != self.state.sentence:
                self._resend_snapshot()          # the superseded queue may have held the sentence's
            if snap is None or snap.translation is None:
                self._submit_translation()       # … and its translation
        return gen

    def _resend_snapshot(self) -> int:
        """The session's latest snapshot again (nothing if no session was built): a new sentence's
        first snapshot, dropped with its generation when the mode switched before it was applied,
        would have left the decoding panel on the sentence before."""
        def job():
            return None if self._session is None else self._session.snapshot()
        return self.worker.submit_job(job, supersede=False)

    def _act(self, action) -> int:
        def job():
            if self._session is None:
                raise UserError(translate("DecodingController", "no sentence has run yet"))
            action(self._session)
            return self._session.snapshot()
        return self.worker.submit_job(job, supersede=False)

    # what the decoding panel calls ----------------------------------------------------------------
    def step(self) -> int:
        return self._act(DecodingSession.step)

    def back(self) -> int:
        return self._act(DecodingSession.back)

    def reset(self) -> int:
        return self._act(DecodingSession.reset)

    def run_to_end(self) -> int:
        return self._act(DecodingSession.run_to_end)

    def force(self, token: int) -> int:
        return self._act(lambda s: s.force(token))

    def restore(self, history: list[tuple[int, str]]) -> int:
        """From <bos>, write `history`'s tokens again ((token, how): forced ones forced, the others
        by the strategy), as a session file left them."""
        return self._act(lambda s: (s.reset(), s.replay(history)))

    def select_beam(self, index: int) -> int:
        return self._act(lambda s: s.select_beam(index))

    def restore_row(self, row: int) -> int:
        """Put the views on query row `row` once the pending jobs are in (a session file's row)."""
        return self.worker.submit_job(lambda: QueryRow(row), supersede=False)

    # state → jobs ---------------------------------------------------------------------------------
    def _on_sentence_changed(self, _text) -> None:
        self._new_session(replay=False)

    def _on_ablations_changed(self, _a) -> None:
        self._new_session(replay=True)

    def _on_decoding_settings_changed(self, _s) -> None:
        self._new_session(replay=True)

    def _on_mode_changed(self, mode) -> None:
        if mode == "training":
            # before the first snapshot (a session file opening in training mode) the teacher-forced
            # run queues behind the first run instead of superseding it
            self._submit_training(supersede=self.state.snapshot is not None)
        else:
            self._act(lambda s: None)          # the session's latest snapshot (a step may have been dropped)

    def _on_target_text_changed(self, _t) -> None:
        if self.state.mode == "training":
            self._submit_training()

    # results → state ------------------------------------------------------------------------------
    def _on_result(self, generation: int, result) -> None:
        if self.worker.outdated(generation, result):
            return                                  # superseded, or a newer result on its way: drop it
        st = self.state
        if isinstance(result, QueryRow):
            st.query_row = result.row
            return
        if isinstance(result, FirstRun):
            self._on_result(generation, result.result)
            st.message = result.message             # the text that failed, said; the fallback shown
            if self.first_run_to_end and isinstance(result.result, Snapshot) and not result.result.done:
                self._decode_on()
            return
        if isinstance(result, Translation):
            st.set_translation(result)              # the label only: the views have the snapshot already
            return
        if isinstance(result, Snapshot):
            st.message = ""
            if result.translation is None and st.snapshot is not None and st.snapshot.text == result.text \
                    and st.snapshot.ablations == result.ablations:
                result.translation = st.snapshot.translation    # a step's snapshot: keep what arrived
            st.snapshot = result
            if result.translation is None:
                self._translation_generation = generation
                self._translation_timer.start()
        elif isinstance(result, TeacherForcing):
            st.message = ""
            st.training = result
        else:                                       # a bare Trace (TraceWorker.submit)
            st.message = ""
            st.trace = result
        if self.applied is not None:
            self.applied()

    #: called once a worker result has reached the state (the window brings its canvases up to date)
    applied = None

    def _on_failure(self, generation: int, message: str) -> None:
        if self.worker.is_current(generation):
            self.state.message = message

