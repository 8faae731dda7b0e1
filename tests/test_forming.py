"""Attention forming: the training snapshots replayed on a sentence (core) and its lab (widget)."""
import numpy as np
import pytest

from core.errors import UserError
from core.labs.forming import attention_forming
from core.model_files import snapshot_steps
from core.translator import Translator


@pytest.fixture(scope="module")
def bundled():
    return Translator.load()


@pytest.fixture(scope="module")
def film(bundled):
    return attention_forming(bundled, "我是一个学生")


def test_every_snapshot_runs_the_sentence_on_the_trained_translation(bundled, film):
    assert film.steps == snapshot_steps(bundled.folder) and film.steps[0] == 0
    assert film.target == bundled.translate("我是一个学生") == "i am a student"
    assert film.tgt_tokens == ["<bos>", "i", "am", "a", "student"] and film.src_tokens == list("我是一个学生")
    n_layers, n_heads = bundled.cfg.n_layers, bundled.cfg.n_heads
    for frame in film.frames:
        assert frame.cross.shape == (n_layers, n_heads, 5, 6)
        np.testing.assert_allclose(frame.cross.sum(-1), 1.0, atol=1e-5)      # softmax rows
    # the last snapshot is the trained model: same attention as its own trace
    trace = bundled.trace("我是一个学生", target="i am a student")
    np.testing.assert_allclose(film.frames[-1].cross[5], trace["dec.5.cross.weights"], atol=3e-3)   # fp16 kept
    assert film.frames[-1].translation == "i am a student"


def test_loss_falls_and_attention_sharpens_over_training(film):
    first, last = film.frames[0], film.frames[-1]
    assert first.loss > 5 and last.loss < 0.5                     # ≈ ln(vocabulary) at the random start
    uniform = 1 / len(film.src_tokens)
    assert abs(first.sharpness[-1] - uniform) < 0.05               # step 0: attention spread evenly
    assert last.sharpness[-1] > first.sharpness[-1] + 0.3          # trained: it picks source tokens


def test_a_model_without_snapshots_says_so(random_translator):
    with pytest.raises(UserError, match="no training snapshots"):
        attention_forming(random_translator, "我是一个学生")


@pytest.fixture
def shown_lab(qtbot, bundled):
    """The lab shown, with its film of 我是一个学生 arrived."""
    from explorer.labs.forming_lab import FormingLab

    lab = FormingLab(bundled, sentence="我是一个学生")
    qtbot.addWidget(lab)
    lab.resize(1300, 700)
    lab.show()
    try:
        qtbot.waitUntil(lambda: lab.film is not None, timeout=30000)
        yield lab
    finally:
        lab.stop()


def test_the_lab_plays_the_snapshots(qtbot, shown_lab, film):
    lab = shown_lab
    assert lab.step.maximum() == len(film.frames) - 1 and lab.step.value() == lab.step.maximum()
    np.testing.assert_allclose(lab.matrix.image.image, film.frames[-1].cross[5].mean(0), atol=1e-6)
    assert "i am a student" in lab.writes.text()
    lab.head.setCurrentIndex(lab.head.findData(2))
    lab.step.setValue(0)
    np.testing.assert_allclose(lab.matrix.image.image, film.frames[0].cross[5][2], atol=1e-6)
    assert f"step {film.steps[0]} of {film.steps[-1]}" == lab.step_label.text()
    lab.play.setChecked(True)                                      # Play steps through training
    qtbot.waitUntil(lambda: lab.step.value() >= 2, timeout=5000)
    lab.play.setChecked(False)
    lab.set_sentence("我爱中国")                                      # follows the window's sentence
    qtbot.waitUntil(lambda: lab.film is not None and lab.film.text == "我爱中国", timeout=30000)
    assert lab.film.target == "i love china"


def test_the_lab_films_only_while_shown(qtbot, bundled):
    from explorer.labs.forming_lab import FormingLab

    lab = FormingLab(bundled, sentence="我爱中国")          # built in a tab not open yet
    qtbot.addWidget(lab)
    try:
        qtbot.wait(500)
        assert lab.film is None and not lab.runner.busy()   # typing in another tab costs nothing here
        lab.show()
        qtbot.waitUntil(lambda: lab.film is not None, timeout=30000)
        assert lab.film.text == "我爱中国"
    finally:
        lab.stop()


def test_the_lab_exports_its_animation(shown_lab, film, tmp_path):
    from PIL import Image

    lab = shown_lab
    lab.step.setValue(3)
    lab.ask_save_path = lambda: str(tmp_path / "forming")                # no suffix: a GIF
    path = lab.export_animation()
    assert path == tmp_path / "forming.gif" and lab.step.value() == 3       # the slider is put back
    with Image.open(path) as gif:
        assert gif.n_frames == len(film.frames)
    lab.ask_save_path = lambda: str(tmp_path / "forming.png")
    with Image.open(lab.export_animation()) as strip:
        assert strip.width > len(film.frames) * lab.canvas.width()          # the frames side by side
