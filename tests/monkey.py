"""The monkey: random GUI actions on a shown window, one after another, each with the events it causes
(results, paints) processed before the next; shared by the bundled model's test and each family's."""
from __future__ import annotations

import random
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

WORDS_ZH = ["我", "是", "一个", "学生", "爱", "中国", "他", "和", "的", "她", "😀", " ", "x", "\x00", "吗"]
WORDS_EN = [" the", " cat", " sat", " on", " [MASK]", " mat", "!", " ", "x", "😀", "\x00", " naïve", "3.14", " dog"]


def actions_for(w) -> list[str]:
    """The kinds of action this window offers: a translation model decodes step by step and has two
    modes; BERT and GPT-2 (one forward pass over the text) have neither."""
    kinds = ["type", "type", "erase", "stage", "stage", "head", "key", "ablate", "mode",
             "step", "step", "back", "reset", "force", "export"]
    decoding = {"mode", "step", "back", "reset", "force"}
    return kinds if w.seq2seq else [k for k in kinds if k not in decoding]


def run_monkey(w, qtbot, tmp_path, n: int, words, seed: int = 0) -> list[tuple[float, str, int, float]]:
    """`n` random actions; returns (seconds, kind, index, GUI-thread CPU seconds) per action, the event
    processing included (the CPU time tells an action's own work from the machine's: a wall time far
    above it is the GUI thread waiting — for the GIL, or for a core).
    Export (the current view, as PNG) runs on every 50th action that draws it."""
    from explorer.export.menu import FILTERS

    rng = random.Random(seed)
    w.ask_figure_path = lambda parent, spec, formats: (str(tmp_path / f"v{rng.random():.6f}.png"), FILTERS["png"])
    w.ask_resolution = lambda parent: (1.0, None)
    st = w.state
    kinds = actions_for(w)
    stalls = []
    kind = ""

    def act(i):
        nonlocal kind
        kind = rng.choice(kinds)
        if kind == "type":
            w.sentence_box.setText((w.sentence_box.text() + rng.choice(words))[-40:])
        elif kind == "erase":
            w.sentence_box.setText(w.sentence_box.text()[:-1])
        elif kind == "stage":
            st.stage_index = rng.randrange(len(st.stages))
        elif kind == "head":
            st.head = rng.randrange(st.n_heads)
        elif kind == "key":
            key = rng.choice([Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                              Qt.Key.Key_Home, Qt.Key.Key_End])
            qtbot.keyClick(w.views, key)
        elif kind == "ablate":
            box = rng.choice(list(w.ablation_bar.boxes.values()))
            box.setChecked(not box.isChecked())
        elif kind == "mode":
            st.mode = rng.choice(["inference", "training"])
        elif kind == "step":
            w.controller.step()
        elif kind == "back":
            w.controller.back()
        elif kind == "reset":
            w.controller.reset()
        elif kind == "force":
            w.controller.force(rng.randrange(w.translator.arch.tgt_vocab_size))
        elif kind == "export" and i % 50 == 0:
            w.export_current_view()

    shown = set()
    for i in range(n):
        start, cpu = time.perf_counter(), time.thread_time()
        act(i)
        QApplication.processEvents()
        elapsed = time.perf_counter() - start
        stalls.append((elapsed, describe(w, kind, shown), i, time.thread_time() - cpu))
    return stalls


def describe(w, kind: str, shown: set) -> str:
    """The action's kind and where it left the window: the stage shown (its map block and layer),
    "first" the first time that stage's view showed, e.g. 'stage dec.norm2 L0 (first)'."""
    stage = w.state.stage
    where = stage.box + (f" L{stage.layer}" if stage.layer is not None else "")
    view = (stage.kind, stage.stack, w.state.mode)
    first = view not in shown
    shown.add(view)
    return f"{kind} {where}" + (" (first)" if first else "")


def expected_tokens(w, text: str):
    """(tokens of the model's first stack, None) for `text`, or (None, the error the window must show)."""
    from core.errors import UserError

    model = w.translator
    try:
        enc = model.encode_source(text) if model.arch.is_seq2seq else model.encode(text)
    except UserError as e:
        return None, str(e)
    return list(enc.tokens), None


def shows(w, text: str) -> bool:
    """The window shows `text`: the worker idle, its trace's tokens those of `text` (the first stack's
    side), or the message saying why it cannot run."""
    st = w.state
    if w.worker.busy() or st.sentence != text:
        return False
    tokens, error = expected_tokens(w, text)
    if tokens is None:
        return w.message.isVisible() and error.split(":")[0] in w.message.text()
    side = st.trace.src_tokens if w.translator.arch.stacks[0] == "enc" else st.trace.tgt_tokens
    return list(side) == tokens and not w.message.isVisible()


def report(stalls, budget_s: float, label: str) -> list:
    """Print the figures; return the actions over `budget_s` as (ms, action, index), slowest first."""
    ordered = sorted(stalls, key=lambda s: s[0])
    n = len(ordered)
    print(f"monkey {label}: {n} actions, median {1000 * ordered[n // 2][0]:.1f} ms, "
          f"p95 {1000 * ordered[int(n * 0.95)][0]:.1f} ms, slowest",
          slowest(stalls, 8))
    return [(round(1000 * t), k, i, f"GUI CPU {round(1000 * c)} ms") for t, k, i, c in reversed(ordered) if t > budget_s]


def slowest(stalls, n: int = 5) -> list:
    """The `n` slowest actions as (ms, action, index), slowest first."""
    return [(round(1000 * t), k, i) for t, k, i, _c in sorted(stalls, key=lambda s: s[0], reverse=True)[:n]]
