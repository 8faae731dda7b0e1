"""The output (softmax) stage says what each family's distribution is: BERT's masked-LM head gives
the token *at* a position (at [MASK]: its guesses), an encoder-decoder the next word after the target
so far, GPT-2 the next token after the text — in English and in Chinese. (The bars' caption read
"top 10 after '[MASK]'" on BERT, which is not where its distribution is.)"""
from __future__ import annotations

import html

import pytest
from PySide6.QtCore import QSettings

pytest.importorskip("transformers")

from conftest import wait_ready  # noqa: E402
from core.text_model import open_model  # noqa: E402
from explorer.main_window import MainWindow  # noqa: E402
from test_window_families import BUILDERS, TEXT  # noqa: E402


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    root = tmp_path_factory.mktemp("labels")
    for family, build in BUILDERS.items():
        build(root / family)
    return root


def softmax_view(qtbot, tmp_path, checkpoints, family):
    model = open_model(str(checkpoints / family))
    w = MainWindow(model, sentence=TEXT[family], settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                   labs=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    st = w.state
    st.stage_index = next(i for i, s in enumerate(st.stages) if s.kind == "softmax")
    view = w.view("softmax")
    view.refresh()
    return w, view


def caption(view) -> str:
    return view.bars_plot.titleLabel.text


def hovered(view, row: int) -> str:
    return view._describe(row, 0, 0.5)


@pytest.mark.parametrize("family", ["marian", "bert", "gpt2"])
def test_the_softmax_bars_say_where_the_distribution_is(qtbot, tmp_path, checkpoints, family):
    w, view = softmax_view(qtbot, tmp_path, checkpoints, family)
    st = w.state
    if family == "bert":
        mask = st.mask_fill.positions[0]
        assert st.query_row == mask                          # the view is on the masked row
        tokens = st.tokens("src")
        assert tokens[mask] == "[MASK]"
        assert f"top 10 at “{tokens[mask]}” (position {mask})" in caption(view)
        assert "after" not in caption(view) and "next" not in caption(view)
        assert "after" not in hovered(view, mask) and "the word there" in hovered(view, mask)
        assert "next word" not in view.matrix.plot.titleLabel.text and "at the position" in view.matrix.plot.titleLabel.text
    else:
        r = st.query_row
        token = html.escape(st.tokens("tgt")[r])             # the title is rich text
        what = "next words after" if family == "marian" else "next tokens after"
        assert f"top 10 {what} “{token}” (position {r})" in caption(view) and " at " not in caption(view)
        assert ("next word" if family == "marian" else "next token") in hovered(view, r)
    w.close()


def test_the_labels_are_translated(qtbot, tmp_path, checkpoints):
    from explorer import descriptions as D
    from explorer.language import install_language

    install_language("zh_CN")
    try:
        labels = [D.output_bars_title(side, seq2seq, "[MASK]", 3, "P")
                  for side, seq2seq in (("src", False), ("tgt", True), ("tgt", False))]
        cells = [D.output_cell(side, seq2seq, "[MASK]", 3, "cat", "P", "0.5")
                 for side, seq2seq in (("src", False), ("tgt", True), ("tgt", False))]
    finally:
        install_language("en")
    for text in labels + cells:
        assert "[MASK]" in text and "3" in text
        assert not any(word in text for word in ("top", "after", "next", "word", "position", "click")), text
    assert len(set(labels)) == 3 and len(set(cells)) == 3            # word at, next word, next token
