"""The decoding panel per family, in the window, against transformers' own models: GPT-2 continues
the typed text token by token (greedy = GPT2LMHeadModel.generate(do_sample=False); sampling seeded;
force a bar; every view on the step being written); BERT fills [MASK] (its guesses = the top-k of
BertForMaskedLM's logits at each masked position; a chip clicked is masked; the views on that row).
Tiny random checkpoints and tokenizers trained here (tests/tiny_bert_gpt2.py)."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

transformers = pytest.importorskip("transformers")

from core.names import act_name  # noqa: E402
from core.stepping import DecodingSettings  # noqa: E402
from core.text_model import open_model  # noqa: E402
from explorer.main_window import MainWindow  # noqa: E402
import tiny_bert_gpt2  # noqa: E402
from window_waits import settle  # noqa: E402
from conftest import wait_ready  # noqa: E402

PROMPT = "the cat sat on"
MASKED = "the cat sat on the [MASK] in the [MASK]"


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("panels")
    tiny_bert_gpt2.gpt2(root / "gpt2")
    tiny_bert_gpt2.bert(root / "bert")
    return root


def reference(cls, folder):
    return cls.from_pretrained(folder, attn_implementation="eager").eval()


def window(qtbot, tmp_path, folder, text):
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    w = MainWindow(open_model(str(folder)), sentence=text, settings=settings, labs=False)
    qtbot.addWidget(w)
    w.errors = []
    w.show_error = lambda title, message: w.errors.append(message)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    qtbot.waitExposed(w)
    return w


def click(widget, point: QPointF) -> None:
    for kind, buttons in ((QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        QApplication.sendEvent(widget, QMouseEvent(kind, point, widget.mapToGlobal(point), Qt.MouseButton.LeftButton,
                                                   buttons, Qt.KeyboardModifier.NoModifier))


def hf_step(ref, ids):
    """transformers' next-token distribution after `ids`, and its attention weights."""
    with torch.no_grad():
        r = ref(torch.tensor([ids]), output_attentions=True)
    return r.logits[0, -1].softmax(-1).numpy(), [a[0].numpy() for a in r.attentions]


# -- GPT-2 --------------------------------------------------------------------------------------
def test_gpt2_panel_continues_the_text_as_generate_does(qtbot, tmp_path, folders):
    ref = reference(transformers.GPT2LMHeadModel, folders / "gpt2")
    w = window(qtbot, tmp_path, folders / "gpt2", PROMPT)
    panel, st = w.inference_panel, w.state
    prompt = list(st.snapshot.current.prefix)
    assert len(st.snapshot.steps) == 1 and st.snapshot.first == len(prompt)     # opens on the typed text
    assert [panel.strategy.itemData(i) for i in range(panel.strategy.count())] == ["greedy", "sample"]
    # the chart is transformers' next-token distribution after the prompt
    p, _ = hf_step(ref, prompt)
    top = np.argsort(-p, kind="stable")[: st.bars_k]
    assert panel.candidate_ids == [int(i) for i in top]
    np.testing.assert_allclose(panel.shown_values, p[top], atol=1e-5)
    # Space three times, then run to the end: what generate(do_sample=False) writes
    for n in range(1, 4):
        w.decode_step()
        settle(qtbot, w, lambda n=n: len(st.snapshot.steps) == n + 1)
    panel.run_button.click()
    settle(qtbot, w, lambda: st.snapshot.done)
    with torch.no_grad():
        out = ref.generate(torch.tensor([prompt]), attention_mask=torch.ones(1, len(prompt), dtype=torch.long),
                           max_new_tokens=40, num_beams=1, do_sample=False, pad_token_id=0)
    written = st.snapshot.current.prefix[len(prompt):]
    assert written == out[0, len(prompt):].tolist() and written
    assert st.snapshot.how == ["greedy"] * len(written)
    # back to step 3: every view shows that step — the trace is transformers' on the text so far
    for _ in range(len(written) - 3):
        panel.back_button.click()
    settle(qtbot, w, lambda: len(st.snapshot.steps) == 4)
    ids = st.snapshot.current.prefix
    assert len(ids) == len(prompt) + 3 and st.trace is st.snapshot.current.trace
    _, attentions = hf_step(ref, ids)
    for layer, weights in enumerate(attentions):
        np.testing.assert_allclose(st.trace[act_name("dec", layer, "self", "weights")], weights, atol=1e-5)
    assert st.query_row == len(ids) - 1             # the views' query row: the position being written
    st.select_box("softmax")
    output = w.views.currentWidget()
    output.refresh()
    p, _ = hf_step(ref, ids)
    assert output.top_words == [st.tgt_vocab[int(i)] for i in np.argsort(-p, kind="stable")[:10]]
    assert w.tgt_chips.caption.text().startswith("Tokens") and "step 3" in w.tgt_chips.caption.text()
    assert [c.text() for c in w.tgt_chips.chips if c.isVisible()] == st.tokens("tgt")
    for i, stage in enumerate(st.stages):            # each view, on each stage, reads the step's rows
        st.stage_index = i
        qtbot.wait(1)
        view = w.views.currentWidget()
        view.refresh()
        assert st.rows() == len(ids), stage.title
        if stage.stack == "dec":
            assert "step 3" in w.stage_label.text()
    assert not w.errors


def test_gpt2_panel_forces_a_bar_and_samples_from_its_seed(qtbot, tmp_path, folders):
    ref = reference(transformers.GPT2LMHeadModel, folders / "gpt2")
    w = window(qtbot, tmp_path, folders / "gpt2", PROMPT)
    panel, st = w.inference_panel, w.state
    prompt = list(st.snapshot.current.prefix)
    third = panel.candidate_ids[2]
    bar = panel.canvas.bar_rect(2)
    click(panel.canvas, QPointF(bar.left() + 3, bar.center().y()))    # force the third candidate
    settle(qtbot, w, lambda: len(st.snapshot.steps) == 2)
    assert st.snapshot.how == ["forced"] and st.snapshot.current.prefix == prompt + [third]
    p, _ = hf_step(ref, prompt + [third])                              # the chart goes on from there
    np.testing.assert_allclose(st.snapshot.current.probs, p, atol=1e-5)
    # sampling: temperature, top-k and top-p in the panel, the seed shown; a seed draws the same again
    panel.strategy.setCurrentIndex(panel.strategy.findData("sample"))
    for box, value in ((panel.temperature, 0.8), (panel.sample_top_k, 12), (panel.top_p, 0.9), (panel.seed, 7)):
        box.setValue(value)
    assert st.decoding_settings == DecodingSettings("sample", temperature=0.8, top_k=12, top_p=0.9, seed=7)
    assert all(b.isVisible() for b in (panel.temperature, panel.sample_top_k, panel.top_p, panel.seed))
    assert panel.option_labels[panel.seed].isVisible() and panel.seed.value() == 7

    def run_from_start():
        panel.reset_button.click()
        settle(qtbot, w, lambda: len(st.snapshot.steps) == 1 and st.snapshot.settings == st.decoding_settings)
        panel.run_button.click()
        settle(qtbot, w, lambda: st.snapshot.done and st.snapshot.settings.seed == panel.seed.value()
               and st.snapshot.how[:1] == ["sampled"])
        return list(st.snapshot.current.prefix[len(prompt):]), list(st.snapshot.steps)

    first, steps = run_from_start()
    assert st.snapshot.how == ["sampled"] * len(first)
    for step in steps[:-1]:          # each draw lies in transformers' top-12 and its 0.9 nucleus at T = 0.8
        p, _ = hf_step(ref, step.prefix)
        q = torch.from_numpy(np.log(p) / 0.8).softmax(-1).numpy()
        order = np.argsort(-q, kind="stable")[:12]
        q_top = q[order] / q[order].sum()
        nucleus = order[: int(np.searchsorted(np.cumsum(q_top), 0.9 - 1e-6)) + 1]
        assert step.chosen in {int(i) for i in nucleus}
    assert run_from_start()[0] == first                  # the same seed: the same tokens
    panel.seed.setValue(8)
    draws = {tuple(first)}
    for seed in (8, 9, 10):
        panel.seed.setValue(seed)
        draws.add(tuple(run_from_start()[0]))
    assert len(draws) > 1                                # other seeds draw otherwise
    assert not w.errors


# -- BERT ---------------------------------------------------------------------------------------
def hf_fill(ref, tok, text, k):
    ids = tok(text)["input_ids"]
    with torch.no_grad():
        logits = ref(torch.tensor([ids])).logits[0]
    positions = [t for t, i in enumerate(ids) if i == tok.mask_token_id]
    out = {}
    for t in positions:
        p = logits[t].softmax(-1).numpy()
        best = np.argsort(-p, kind="stable")[:k]
        out[t] = ([int(i) for i in best], p[best])
    return out


def test_bert_panel_fills_each_mask_as_bert_for_masked_lm(qtbot, tmp_path, folders):
    ref = reference(transformers.BertForMaskedLM, folders / "bert")
    tok = transformers.AutoTokenizer.from_pretrained(folders / "bert", local_files_only=True)
    w = window(qtbot, tmp_path, folders / "bert", MASKED)
    panel, st = w.inference_panel, w.state
    expected = hf_fill(ref, tok, MASKED, st.bars_k)
    fill = st.mask_fill
    assert fill.positions == sorted(expected) and len(fill.positions) == 2
    for position, guesses in zip(fill.positions, fill.guesses):
        ids, probs = expected[position]
        assert [g.token_id for g in guesses] == ids
        np.testing.assert_allclose([g.prob for g in guesses], probs, atol=1e-5)
    # on screen: a button per mask, every mask's top guesses with their probabilities, the chart of one
    assert [b.text() for b in panel.mask_buttons.buttons()] == [
        f"[MASK] @{p} → {tok.convert_ids_to_tokens(expected[p][0][0])}" for p in fill.positions]
    for position in fill.positions:
        assert f"@{position}" in panel.guesses.text()
        assert f"{expected[position][1][0]:.2f}" in panel.guesses.text()
    # the views are on the first mask's row; the second mask's button moves them and the chart there
    assert st.query_row == fill.positions[0]
    second = fill.positions[1]
    panel.mask_buttons.button(1).click()
    assert st.query_row == second and panel.mask_buttons.button(1).isChecked()
    assert panel.canvas.labels == tok.convert_ids_to_tokens(expected[second][0])
    np.testing.assert_allclose(panel.canvas.values, expected[second][1], atol=1e-5)
    panel.output_button.click()
    assert st.stage.box == "src.softmax"
    view = w.views.currentWidget()
    view.refresh()
    row = st.trace["out.probs"][second]
    assert view.top_words == tok.convert_ids_to_tokens(list(np.argsort(-row, kind="stable")[:10]))
    # click the chip of "cat": the text gets a third mask there, and BERT's guesses for it
    chip = w.src_chips.chips[2]
    assert chip.text() == "cat"
    click(chip, QPointF(chip.width() / 2, chip.height() / 2))
    assert w.sentence_box.text() == "the [MASK] sat on the [MASK] in the [MASK]"
    settle(qtbot, w, lambda: st.mask_fill.text == w.sentence_box.text())
    expected = hf_fill(ref, tok, w.sentence_box.text(), st.bars_k)
    assert st.mask_fill.positions == sorted(expected) == [2, 6, 9]
    assert [g.token_id for g in st.mask_fill.guesses[0]] == expected[2][0]
    # a special token's chip masks nothing; a text without a mask says how to make one
    click(w.src_chips.chips[0], QPointF(3, 3))
    assert w.sentence_box.text() == "the [MASK] sat on the [MASK] in the [MASK]"
    w.sentence_box.setText("the cat sat")
    settle(qtbot, w, lambda: st.mask_fill.text == "the cat sat")
    assert st.mask_fill.positions == [] and "[MASK]" in panel.hint.text() and not st.message
    assert not panel.mask_buttons.buttons()
    assert not w.errors
