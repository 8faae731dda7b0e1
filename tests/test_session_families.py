"""File → Save session / Open session on a GPT-2 and a BERT window: the file brings back the model,
the text, the stage, layer and head, GPT-2's continuation (the tokens written, forced ones forced,
sampled ones drawn again with the same settings) and the [MASK] the BERT views were on — opened in a
window on the same checkpoint, and from a window on another model (which opens one on the file's)."""
from __future__ import annotations

import dataclasses
import json

import pytest
from PySide6.QtCore import QSettings

pytest.importorskip("transformers")

from conftest import wait_ready  # noqa: E402
from core.text_model import TextModel, open_model  # noqa: E402
from core.translator import Translator  # noqa: E402
from explorer.main_window import MainWindow  # noqa: E402
import tiny_bert_gpt2  # noqa: E402


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    root = tmp_path_factory.mktemp("session-families")
    tiny_bert_gpt2.bert(root / "bert")
    tiny_bert_gpt2.gpt2(root / "gpt2")
    return root


def window_on(qtbot, model, tmp_path, name, sentence=None):
    w = MainWindow(model, sentence=sentence, settings=QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat),
                   labs=False)
    qtbot.addWidget(w)
    w.errors = []
    w.show_error = lambda title, text: w.errors.append(text)
    w.resize(1400, 900)
    w.show()
    return wait_ready(w)


def shown(w) -> dict:
    """What a session file is about, as the window shows it."""
    st = w.state
    out = {"model": str(w.translator.folder), "sentence": st.sentence, "box": st.stage.box, "layer": st.stage.layer,
           "head": st.head, "ablations": st.ablations, "box_text": w.sentence_box.text(), "row": st.query_row,
           "trace_tokens": list(st.trace.tgt_tokens or st.trace.src_tokens)}
    if st.snapshot is not None:
        out |= {"how": st.snapshot.how, "written": st.snapshot.text_so_far, "settings": st.decoding_settings,
                "prefix": st.snapshot.current.prefix}
    if st.mask_fill is not None:
        out |= {"masks": st.mask_fill.positions,
                "guesses": [[(g.token, round(g.prob, 6)) for g in guesses] for guesses in st.mask_fill.guesses]}
    return out


def test_a_gpt2_session_round_trips(qtbot, tmp_path, checkpoints):
    model = open_model(str(checkpoints / "gpt2"))
    w = window_on(qtbot, model, tmp_path, "gpt2", "the cat sat on")
    st = w.state
    st.decoding_settings = dataclasses.replace(st.decoding_settings, strategy="sample", seed=7, temperature=0.9, top_k=20)
    wait_ready(w)
    w.controller.step()
    w.controller.step()
    w.controller.force(model.vocab_size() - 5)
    w.controller.step()
    wait_ready(w)
    st.select_box("dec.self", 1)
    st.head = 2
    before = shown(w)
    assert before["how"] == ["sampled", "sampled", "forced", "sampled"]
    path = w.save_session(str(tmp_path / "gpt2.json"))
    saved = json.loads(path.read_text("utf-8"))
    assert saved["model"] == str((checkpoints / "gpt2").resolve())

    # a window on the same checkpoint, showing something else
    other = window_on(qtbot, open_model(str(checkpoints / "gpt2")), tmp_path, "other", "a dog")
    assert other.open_session(str(path)) is other and other.errors == []
    wait_ready(other)
    assert shown(other) == before
    other.close()

    # a window on the bundled model: the session opens a window on the GPT-2 checkpoint
    bundled = window_on(qtbot, Translator.load(), tmp_path, "bundled")
    opened = bundled.open_session(str(path))
    assert bundled.errors == [] and opened is not None and opened is not bundled
    qtbot.addWidget(opened)
    assert isinstance(opened.translator, TextModel) and opened.panel_kind == "continue"
    wait_ready(opened)
    assert shown(opened) == before
    opened.close()
    w.close()


def test_a_bert_session_round_trips_with_the_mask_the_views_were_on(qtbot, tmp_path, checkpoints):
    model = open_model(str(checkpoints / "bert"))
    w = window_on(qtbot, model, tmp_path, "bert", "the [MASK] sat on the [MASK]")
    st = w.state
    masks = st.mask_fill.positions
    assert len(masks) == 2 and st.query_row == masks[0]
    st.query_row = masks[1]                          # the second mask's button
    st.select_box("enc.self", 2)
    st.head = 1
    before = shown(w)
    path = w.save_session(str(tmp_path / "bert.json"))

    other = window_on(qtbot, open_model(str(checkpoints / "bert")), tmp_path, "other", "a [MASK] text")
    assert other.open_session(str(path)) is other and other.errors == []
    wait_ready(other)
    assert shown(other) == before and other.state.query_row == masks[1]
    other.close()

    bundled = window_on(qtbot, Translator.load(), tmp_path, "bundled")
    opened = bundled.open_session(str(path))
    assert bundled.errors == [] and opened is not None and opened is not bundled
    qtbot.addWidget(opened)
    assert opened.panel_kind == "fill-mask"
    wait_ready(opened)
    assert shown(opened) == before
    # on BERT's own output stage too (a stage with no layer, on the encoder side)
    opened.state.select_box("src.softmax")
    path2 = opened.save_session(str(tmp_path / "bert-softmax.json"))
    again = window_on(qtbot, open_model(str(checkpoints / "bert")), tmp_path, "again", "the [MASK]")
    assert again.open_session(str(path2)) is again and again.errors == []
    wait_ready(again)
    assert shown(again) == shown(opened)
    for x in (again, opened, w):
        x.close()
