"""The "try it" tasks: each reads the window's state (and a lab's own controls) and says whether the
user has done the thing. Only the state is read: a task is done because the model now does it, never
because a button was pressed. The numbers come from core.lesson_checks."""
from __future__ import annotations

from core import lesson_checks
from core.names import act_name


def _stage_output(stage) -> str | None:
    """The trace entry a source-side stage's rows are (the input embedding with its PE, or an encoder
    sub-layer's output); None for the decoder side."""
    if stage.box in ("src.embed", "src.pe"):
        return act_name("embed", "src", "sum")
    if stage.stack != "enc":
        return None
    site = stage.box.split(".")[1]
    if site in ("self", "ffn"):
        return act_name("enc", stage.layer, site, "out")
    return act_name("enc", stage.layer, site)


def dk_collapse(task, window) -> bool:
    from ..labs.scaling_lab import AblationLab

    for lab in window.labs:
        if isinstance(lab, AblationLab):
            return float(lab.experiment.max_unscaled[lab.state.d_k_index]) >= task["threshold"]
    return False


def cross_alignment(task, window) -> bool:
    st = window.state
    trace = st.trace
    if st.stage.box != "dec.cross" or trace is None:
        return False
    tgt = list(trace.tgt_tokens)
    if task["target"] not in tgt[1:]:
        return False
    row = tgt.index(task["target"], 1) - 1             # the query that writes the word (evaluate's rows)
    weights = trace[act_name("dec", st.layer, "cross", "weights")]
    key = lesson_checks.strongest_key(weights, st.head, row)
    return trace.src_tokens[key] in task["source"]


def query_row(task, window) -> bool:
    st = window.state
    tokens = st.tokens(st.stage.side)
    return st.stage.box == task["box"] and 0 <= st.query_row < len(tokens) and tokens[st.query_row] == task["token"]


def causal_future(task, window) -> bool:
    st = window.state
    if st.stage.box != "dec.self" or st.trace is None:
        return False
    weights = st.trace[act_name("dec", st.layer, "self", "weights")]
    return lesson_checks.future_weight(weights) > task["threshold"]


def head_off(task, window) -> bool:
    return any(block == task["box"] for block, _l, _h in window.state.ablations.heads_off)


def pe_repeated(task, window) -> bool:
    st = window.state
    trace = st.trace
    if trace is None or not st.ablations.no_pe or not trace.meta.get("ablations", {}).get("no_pe"):
        return False
    where = [i for i, t in enumerate(trace.src_tokens) if t == task["token"]]
    name = _stage_output(st.stage)
    if len(where) < 2 or name is None:
        return False
    return lesson_checks.rows_identical(trace[name], where[0], where[1])


def decode_word(task, window) -> bool:
    st = window.state
    snap = st.snapshot
    if snap is None or snap.text != st.sentence:
        return False
    return task["word"] in list(snap.current.trace.tgt_tokens)[1:]


def teacher_vs_steps(task, window) -> bool:
    st = window.state
    snap = st.snapshot
    return (st.mode == "training" and st.training is not None and snap is not None and snap.done
            and snap.text == st.sentence)


CHECKS = {f.__name__: f for f in (dk_collapse, cross_alignment, query_row, causal_future, head_off, pe_repeated,
                                   decode_word, teacher_vs_steps)}


def task_done(task: dict, window) -> bool:
    """Has the user done `task` (a page's task dict) in `window`?"""
    try:
        return bool(CHECKS[task["kind"]](task, window))
    except (KeyError, IndexError):      # a trace without that entry (another model): not done
        return False
