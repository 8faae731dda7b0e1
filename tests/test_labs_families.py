"""The labs follow the model (issue 14): a Marian, a BERT and a GPT-2 checkpoint (tiny, random, built
by transformers in the test) open with every lab, and the positional-encoding lab shows the
checkpoint's own positions — the values compared with the tensors transformers itself loads."""
from __future__ import annotations

import numpy as np
import pytest
import torch

pytest.importorskip("transformers")

from core.labs import positional  # noqa: E402
from core.text_model import open_model  # noqa: E402
from hf_builders import build_marian  # noqa: E402
import tiny_bert_gpt2  # noqa: E402
from conftest import wait_ready  # noqa: E402

BUILDERS = {"marian": lambda f: build_marian(f), "bert": lambda f: tiny_bert_gpt2.bert(f),
            "gpt2": lambda f: tiny_bert_gpt2.gpt2(f)}


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab-families")
    for family, build in BUILDERS.items():
        build(root / family)
    return root


def hf_positions(folder, family) -> np.ndarray:
    """The position table as transformers loads the checkpoint (its own modules, not ours)."""
    from transformers import BertForMaskedLM, GPT2LMHeadModel, MarianMTModel

    if family == "marian":
        model = MarianMTModel.from_pretrained(folder)
        weight = model.model.encoder.embed_positions.weight
    elif family == "bert":
        weight = BertForMaskedLM.from_pretrained(folder).bert.embeddings.position_embeddings.weight
    else:
        weight = GPT2LMHeadModel.from_pretrained(folder).transformer.wpe.weight
    return weight.detach().double().numpy()


@pytest.fixture
def make_lab(qtbot):
    made = []

    def make(cls, model, **kw):
        lab = cls(model, **kw)
        qtbot.addWidget(lab)
        made.append(lab)
        lab.resize(1300, 1400)
        lab.show()
        return lab

    yield make
    for lab in made:
        lab.stop()


@pytest.mark.parametrize("family", ["marian", "bert", "gpt2"])
def test_the_positional_lab_shows_the_checkpoints_own_positions(make_lab, qtbot, checkpoints, family, tmp_path):
    from explorer.labs.positional_lab import COMPARE_SHOWN, PositionalLab

    model = open_model(str(checkpoints / family))
    reference = hf_positions(checkpoints / family, family)
    lab = make_lab(PositionalLab, model)
    lab.length.setValue(32)
    shown = lab.pe_plot.image.image
    assert shown.shape == (32, model.arch.d_model)
    np.testing.assert_allclose(shown, reference[:32], atol=1e-6, rtol=0)    # transformers' own table
    qtbot.waitUntil(lambda: lab.relation is not None, timeout=20000)
    r = lab.relation
    # the least-squares test on the checkpoint's table, recomputed here from transformers' tensor
    expected = positional.linear_relation(reference[:model.arch.max_positions])
    np.testing.assert_allclose(r.model, expected.model, rtol=1e-5)
    np.testing.assert_array_equal(r.ks, expected.ks)
    np.testing.assert_allclose(lab.relation_curves["model"].yData, r.model)
    assert r.sinusoids.max() < 1e-3 < 0.5 < r.random.min()                 # the references tell apart
    assert model.name in lab.relation_label.text() and f"{r.model[0]:.2g}" in lab.relation_label.text()
    lab.pos.setValue(3)
    lab.k.setValue(2)
    if family == "marian":
        # sin in the first half, cos in the second; the exact rotation M_k of that layout
        assert lab.layout_kind == positional.HALF and lab.d_model.isEnabled()
        half = model.arch.d_model // 2
        np.testing.assert_allclose(reference[5, :half], np.sin(5 * positional.frequencies(2 * half)), atol=1e-6)
        lab.dimensions.setText(f"0, {half}")
        assert [c.name().split(",")[0] for c in lab.dim_curves] == ["dim 0: sin", f"dim {half}: cos"]
        m = positional.rotation_matrix(2, model.arch.d_model, layout=positional.HALF)
        np.testing.assert_allclose(m @ reference[3], reference[5], atol=1e-5)    # on the checkpoint's own PE
        np.testing.assert_allclose(lab.predicted_curve.getData()[1], (m @ reference[3])[:COMPARE_SHOWN], atol=1e-6)
        assert r.model.max() < 1e-3                                          # sinusoids: a linear relation
    else:
        assert lab.positions.learned and not lab.d_model.isEnabled() and not lab.base.isEnabled()
        assert "learned" in lab.positions_label.text()
        fit = positional.LinearFit.of(reference[:model.arch.max_positions], int(r.ks[-1]))
        np.testing.assert_allclose(lab.predicted_curve.getData()[1], (fit.m_k(2) @ reference[3])[:COMPARE_SHOWN],
                                   atol=1e-6)
        assert "held out" in lab.error_label.text()
        assert lab.k.maximum() == fit.k_max == r.ks[-1]                      # k only where the fit holds
    lab.grab().save(str(tmp_path / f"positional-{family}.png"))


def test_the_repeated_word_per_family(checkpoints):
    """Without positions a bidirectional encoder (Marian's, BERT) cannot tell two copies of a token apart;
    GPT-2's causal decoder can (each copy sees another prefix)."""
    bert, gpt2 = open_model(str(checkpoints / "bert")), open_model(str(checkpoints / "gpt2"))
    text = "the cat sat on the mat"
    b = positional.repeated_word(bert, text)
    assert b.stack == "enc" and not b.causal and "the" in b.groups
    assert b.identical("pe_off") and not b.identical("pe_on")
    g = positional.repeated_word(gpt2, text)
    assert g.stack == "dec" and g.causal and g.pairs
    assert g.diff_out["pe_off"].shape == (gpt2.arch.layers("dec"),)
    assert not g.identical("pe_off")                                         # the mask alone tells them apart
    marian = positional.repeated_word(open_model(str(checkpoints / "marian")), "他和他的她")
    assert marian.identical("pe_off") and not marian.identical("pe_on")


@pytest.mark.parametrize("family", ["marian", "bert", "gpt2"])
def test_every_lab_opens_in_each_familys_window(qtbot, tmp_path, checkpoints, family):
    """The four lab tabs for every family; the ablation lab runs the model's own blocks and answer,
    the forming lab says in a line that a checkpoint keeps no training snapshots."""
    from PySide6.QtCore import QSettings

    from explorer.labs.forming_lab import FormingLab
    from explorer.labs.positional_lab import PositionalLab
    from explorer.labs.recurrence_lab import RecurrenceLab
    from explorer.labs.scaling_lab import AblationLab
    from explorer.main_window import MainWindow
    from test_window_families import TEXT

    model = open_model(str(checkpoints / family))
    w = MainWindow(model, sentence=TEXT[family], settings=QSettings(str(tmp_path / "s.ini"),
                                                                    QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    try:
        titles = [w.tabs.tabText(i).replace("&&", "&") for i in range(w.tabs.count())]
        for title in ("Positional encoding lab", "Ablations & scaling lab", "RNN vs attention lab",
                      "Attention forming lab"):
            w.tabs.setCurrentIndex(titles.index(title))
            qtbot.wait(10)
        labs = {type(lab): lab for lab in w.labs}
        assert set(labs) == {PositionalLab, AblationLab, RecurrenceLab, FormingLab}
        forming = labs[FormingLab]
        qtbot.waitUntil(lambda: "no training snapshots" in forming.note.text(), timeout=20000)
        assert family in forming.note.text()
        ablation = labs[AblationLab]
        blocks = [ablation.block.itemData(i) for i in range(ablation.block.count())]
        assert blocks == [f"{s}.{b.site}" for s in model.arch.stacks for b in model.arch.attention(s)]
        qtbot.waitUntil(lambda: ablation.report is not None and ablation.report.text == TEXT[family], timeout=20000)
        assert ablation.report.output == {"marian": "translation", "bert": "fill", "gpt2": "continuation"}[family]
        ablation.block.setCurrentIndex(ablation.block.count() - 1)
        ablation.layer.setValue(ablation.layer.maximum())
        stack = blocks[-1].split(".")[0]
        assert ablation.layer.maximum() == model.arch.layers(stack) - 1
        assert len(ablation.entropy_scaled.getData()[1]) > 0
        if family == "bert":           # [MASK] filled by the model: the sentence's mask is gone in the answer
            assert "[MASK]" in TEXT[family] and "[mask]" not in ablation.report.translation.lower()
        positional_lab = labs[PositionalLab]
        qtbot.waitUntil(lambda: positional_lab.repeated is not None, timeout=20000)
        assert positional_lab.sentence.text() == TEXT[family]        # it follows the window's text
        rnn = labs[RecurrenceLab]
        rnn.source.setCurrentIndex(1)                                # the text's own input vectors
        qtbot.waitUntil(lambda: rnn.gradients is not None and rnn.gradients.width == model.arch.d_model, timeout=30000)
        assert not w.errors if hasattr(w, "errors") else True
    finally:
        for lab in w.labs:
            lab.stop()
        w.close()
