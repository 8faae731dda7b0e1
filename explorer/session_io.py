"""Session files in the window: what it shows → core.session_file.Session, and back. The checks
are core's (Qt-free); this module only reads and sets the window's state."""
from __future__ import annotations

from pathlib import Path

from core.errors import UserError
from core.session_file import DecodingStep, Session

from .i18n import translate


def model_field(translator) -> str:
    from core.translator import BUNDLED_MODEL

    folder = getattr(translator, "folder", None)
    if folder is None or Path(folder).resolve() == Path(BUNDLED_MODEL).resolve():
        return "bundled"
    return str(Path(folder).resolve())


def same_model(session: Session, translator) -> bool:
    return session.model == model_field(translator) or (
        session.model != "bundled" and Path(session.model).resolve() == Path(model_field(translator)))


def session_of(window) -> Session:
    """What `window` shows now."""
    st = window.state
    snap = st.snapshot
    steps = []
    if snap is not None and snap.text == st.sentence:
        vocab = st.tgt_vocab
        for step, how in zip(snap.steps, snap.how):
            steps.append(DecodingStep(vocab[step.chosen], how == "forced"))
    panel = window.lessons_panel
    lesson = panel.page.id if panel is not None and panel.isVisible() else None
    return Session(model=model_field(window.translator), sentence=st.sentence, mode=st.mode, stage=st.stage.box,
                   layer=st.stage.layer, head=st.head, ablations=st.ablations, steps=tuple(steps),
                   target=st.target_text, lesson=lesson, decoding=st.decoding_settings, row=st.query_row)


def apply_session(window, session: Session) -> None:
    """Show `session` in `window` (checked against its model first: UserError if it does not fit)."""
    check_for(window, session)
    st = window.state
    if session.lesson is not None:
        window.show_lessons(True, page=session.lesson)      # the page, without its setup: the file says where
    vocab = {t: i for i, t in enumerate(st.tgt_vocab)}
    history = [(vocab[s.token], "forced" if s.forced else "greedy") for s in session.steps]
    st.target_text = session.target
    if st.ablations != session.ablations:
        st.ablations = session.ablations
    if st.decoding_settings != session.decoding:
        st.decoding_settings = session.decoding             # the steps not forced are chosen (drawn) again so
    if session.sentence != st.sentence:
        window.sentence_box.setText(session.sentence)
    st.mode = session.mode
    window.controller.restore(history)                      # queued after the new sentence's run
    if session.row is not None:
        window.controller.restore_row(session.row)          # once that run is in (BERT: the [MASK] shown)
    window.tabs.setCurrentWidget(window.splitter)
    st.select_box(session.stage, session.layer)
    st.head = session.head


def check_for(window, session: Session) -> Session:
    """Refuse a session that does not fit the window's model or names an unknown lesson page."""
    from .lessons.content import page_ids

    st = window.state
    session.check_model(st.n_layers, st.n_heads, st.tgt_vocab)
    if session.lesson is not None and session.lesson not in page_ids():
        raise UserError(translate("session_io", "unknown lesson page {page}").format(page=repr(session.lesson[:40])))
    if session.decoding.strategy not in getattr(window.inference_panel, "strategies", (session.decoding.strategy,)):
        raise UserError(translate("session_io", "this model's decoding panel has no {strategy} strategy").format(
            strategy=session.decoding.strategy))
    if not any(s.box == session.stage and s.layer == session.layer for s in st.stages):
        raise UserError(translate("session_io", "stage {stage} layer {layer} does not exist in this model").format(
            stage=session.stage, layer=session.layer))
    return session
