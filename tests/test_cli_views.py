"""`transformer-explorer export --view NAME` draws what the window's Export current view writes for
the same view of the same sentence: one description per figure. For every --view name, on the
bundled model and on a tiny checkpoint of each family (a Marian, a BERT and a GPT-2, built by
transformers in the test and opened with --model), the SVG the command line writes holds the same
texts — title and formula, panel titles, axis titles, token labels, caption — as the window's."""
from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from explorer import descriptions as D
from explorer.export import specs
from explorer.export.headless import add_export_parser, export_command
from explorer.export.menu import FILTERS
from explorer.main_window import MainWindow

TEXT = {"bundled": "我是一个学生", "marian": "我是一个学生", "bert": "the cat sat on the [MASK]", "gpt2": "the cat sat on"}
LAYER, HEAD = 1, 1

#: what each --view name shows in the window: the stage's model-map block and, for attention, the tab
#: (the Pipeline tab is the one head's; All heads draws every head with Concat and W_O)
ATTENTION = {"enc.self", "dec.self", "dec.cross"}
WINDOW = {**{name: (name, "heads") for name in ATTENTION},
          **{f"{name}.qkv": (name, "pipeline") for name in ATTENTION}, "qkv": ("enc.self", "pipeline"),
          "embed": ("src.pe", None), "embed.src": ("src.pe", None), "pe": ("src.pe", None), "pe.src": ("src.pe", None),
          "embed.tgt": ("tgt.pe", None), "pe.tgt": ("tgt.pe", None), "src.embed": ("src.embed", None),
          "tgt.embed": ("tgt.embed", None), "ffn": ("enc.ffn", None), "logits": ("linear", None), "probs": ("softmax", None),
          **{f"{s}.{n}": (f"{s}.{n}", None) for s in ("enc", "dec") for n in ("ffn", "norm1", "norm2", "norm3", "ln1", "ln2", "ln_f")}}


def cli_names() -> list[str]:
    """Every name `export --view` takes (its --help lists them)."""
    return list(specs.VIEWS) + list(getattr(specs, "PRE_LN_VIEWS", {}))


def parse(*argv):
    parser = argparse.ArgumentParser()
    add_export_parser(parser.add_subparsers())
    return parser.parse_args(["export", *argv])


def svg_texts(path) -> str:
    """Every text of an SVG in order, white space left out (a label may be drawn in parts)."""
    text = "".join("".join(e.itertext()) for e in ET.parse(path).iter() if e.tag.endswith("text"))
    return "".join(text.split())


def window_export(w, path) -> str:
    w.ask_figure_path = lambda parent, spec, formats: (str(path), FILTERS["svg"])
    w.ask_resolution = lambda parent: (1.0, None)
    assert w.export_current_view() is not None
    w.background_writes.wait()
    return svg_texts(path)


def show(w, box: str, tab: str | None, head: int) -> bool:
    """Put the window on the stage of model-map block `box` (layer LAYER where it has layers) and
    `tab`; False when the model has no such stage."""
    st = w.state
    kind = box if box in ("linear", "softmax") else None
    found = [i for i, s in enumerate(st.stages) if (s.kind == kind if kind else s.box == box)
             and s.layer in (None, LAYER)]
    if not found:
        return False
    st.stage_index = found[0]
    st.head = head
    if tab is not None:
        st.attention_tab = tab
    QApplication.processEvents()
    return True


def unmarked(w, texts: str) -> str:
    """The window's All heads export without the marks of the head it shows (◀ on its panel, its
    columns named in the Concat title): the command line names no head there."""
    st, h = w.state, w.state.head
    d_k = st.trace[st.stage.name("q")].shape[-1]
    for marked, plain in ((D.head_title(h, False, True), D.head_title(h, False, False)),
                          (D.concat_title(st.n_heads, h, d_k), D.concat_title(st.n_heads))):
        texts = texts.replace("".join(marked.split()), "".join(plain.split()))
    return texts


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """family → the --model argument (None: the bundled model)."""
    pytest.importorskip("transformers")
    import tiny_bert_gpt2
    from hf_builders import build_marian

    root = tmp_path_factory.mktemp("cli-views")
    for family, build in {"marian": build_marian, "bert": tiny_bert_gpt2.bert, "gpt2": tiny_bert_gpt2.gpt2}.items():
        build(root / family)
    return {"bundled": None, **{f: str(root / f) for f in ("marian", "bert", "gpt2")}}


@pytest.mark.parametrize("family", ["bundled", "marian", "bert", "gpt2"])
def test_every_cli_view_is_the_windows_export_of_that_view(qtbot, tmp_path, models, family):
    from core.text_model import open_model
    from core.translator import Translator

    model = Translator.load() if models[family] is None else open_model(models[family])
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    w = MainWindow(model, sentence=TEXT[family], settings=settings, labs=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    if w.panel_kind == "continue":       # the command line draws one pass over the text: no continuation
        w.controller.reset()
        qtbot.waitUntil(lambda: w.state.trace.tgt_tokens == model.trace(TEXT[family]).tgt_tokens, timeout=20000)
    target = []
    if family == "marian":               # the random Marian never writes </s>: at the length cap the window's
        w.training_button.click()        # step and the greedy trace end a row apart; teacher-force both
        w.training_panel.target_box.setText("i am a student")
        w.training_panel.target_box.editingFinished.emit()
        qtbot.waitUntil(lambda: w.state.training is not None and w.state.trace is w.state.training.trace
                        and w.state.training.target == "i am a student", timeout=20000)
        target = ["--target", "i am a student"]
    model_args = [] if models[family] is None else ["--model", models[family]]
    compared = []
    for name in cli_names():
        box, tab = WINDOW[name]
        cases = [(tab, None)] + ([("pipeline", HEAD)] if name in ATTENTION else [])
        for tab, head in cases:
            if not show(w, box, tab, 0 if head is None else head):
                break
            window = window_export(w, tmp_path / f"window-{name}-{head}.svg")
            if tab == "heads":
                window = unmarked(w, window)
            out = tmp_path / f"cli-{name}-{head}.svg"
            argv = [TEXT[family], *target, "--view", name, "--layer", str(LAYER),
                    *(["--head", str(head)] if head is not None else []), "--out", str(out)]
            # the first view through --model as a user types it, the others on the window's model (faster)
            export_command(parse(*argv, *model_args), translator=None if not compared and model_args else model)
            cli = svg_texts(out)
            if family == "gpt2":           # the window's caption says where the continuation is: (step 0)
                caption = "".join(w.current_spec().caption.split())
                assert caption in window
                window = window.replace(caption, "".join(specs.caption(w.state.trace).split()))
            assert cli == window, (family, name, head, cli, window)
            if family == "bert" and name == "probs":      # BERT guesses the word at each position
                assert "nextword" not in cli and "P(next" not in cli, cli
            compared.append((name, head))
    expected = {"bundled": 28, "marian": 28, "bert": 15, "gpt2": 12}[family]
    assert len(compared) == expected, compared
