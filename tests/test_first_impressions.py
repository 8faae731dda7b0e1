"""What a new user sees first: the window opens with the sentence translated (the decoder views show
the whole translation, not a lone <bos> row), and stepping always changes the picture: each stage's
view, as rendered, differs from its neighbour's."""
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from explorer.main_window import MainWindow
from conftest import wait_ready  # noqa: E402


@pytest.fixture(scope="module")
def window(qapp, tmp_path_factory):
    from core.translator import Translator
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    settings = QSettings(str(tmp_path_factory.mktemp("f") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.load(), settings=settings, labs=False)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    QApplication.processEvents()
    yield w
    w.close()


def test_opens_with_the_translation_decoded(window):
    snap = window.state.snapshot
    assert snap.done and snap.translation == "i am a student"
    assert window.state.trace.tgt_tokens[:5] == ["<bos>", "i", "am", "a", "student"]
    assert "done" in window.tgt_chips.caption.text()


def rendered(w):
    view = w.views.currentWidget()
    QApplication.processEvents()
    return view.grab().toImage()


def test_every_stage_looks_different_from_its_neighbour(window):
    w = window
    w.state.stage_index = 0
    previous = rendered(w)
    same = []
    for i in range(1, len(w.state.stages)):
        w.state.stage_index = i
        image = rendered(w)
        if image == previous:
            same.append((w.state.stages[i - 1].title, w.state.stages[i].title))
        previous = image
    assert same == []
