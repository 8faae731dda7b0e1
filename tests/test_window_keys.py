"""The stepping keys as a user meets them: at launch and after clicking any part of the first tab,
→ ← Page Up/Down step; inside the sentence box they still edit text. Real key events (QTest) go to
the widget that has the keyboard focus, as a keyboard's would."""
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from explorer.main_window import MainWindow
from conftest import wait_ready  # noqa: E402


@pytest.fixture
def fresh_window(qtbot, tmp_path):
    from core.config import ModelConfig
    from core.translator import Translator

    base = Translator.random(seed=0)
    cfg = ModelConfig(base.cfg.src_vocab_size, base.cfg.tgt_vocab_size, n_layers=2, d_model=32, n_heads=4,
                      d_ff=64, dropout=0.0)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.random(cfg, seed=0), settings=settings, labs=False)
    w.show()
    wait_ready(w)
    w.activateWindow()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    yield w
    w.close()


def press(w, key):
    """A key press delivered where the keyboard would deliver it: the window's focus widget."""
    target = w.focusWidget() or w
    QTest.keyClick(target, key)
    QApplication.processEvents()


def test_arrow_keys_step_right_after_launch(fresh_window):
    w = fresh_window
    assert not w.sentence_box.hasFocus() and w.focusWidget() is not w.sentence_box
    press(w, Qt.Key.Key_Right)
    assert w.state.stage_index == 1
    press(w, Qt.Key.Key_Right)
    press(w, Qt.Key.Key_Left)
    assert w.state.stage_index == 1
    press(w, Qt.Key.Key_PageDown)
    assert w.state.stage.layer == 0 and w.state.stage.stack == "enc"
    press(w, Qt.Key.Key_PageDown)
    assert w.state.stage.layer == 1
    press(w, Qt.Key.Key_PageUp)
    assert w.state.stage.layer == 0


def click(widget, pos=None):
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     pos if pos is not None else widget.rect().center())
    QApplication.processEvents()


def test_typing_still_edits_and_clicking_any_view_gives_the_keys_back(fresh_window):
    w = fresh_window
    click(w.sentence_box)
    assert w.sentence_box.hasFocus()
    w.sentence_box.setCursorPosition(3)
    press(w, Qt.Key.Key_Left)
    assert w.sentence_box.cursorPosition() == 2 and w.state.stage_index == 0   # the box keeps its keys
    click(w.next_button)                            # ▶: a step, and the keys step again
    assert w.state.stage_index == 1
    press(w, Qt.Key.Key_Right)
    assert w.state.stage_index == 2
    for target in (lambda: w.views.currentWidget().findChildren(pg.GraphicsView)[0].viewport(),
                   lambda: w.model_map, lambda: w.stage_label, lambda: w.head_button_list[1],
                   lambda: w.alignment.canvas, lambda: w.tabs.tabBar()):
        click(w.sentence_box)
        before = w.state.stage_index
        widget = target()
        if widget is w.tabs.tabBar():
            click(widget, widget.tabRect(0).center())
        elif widget is w.model_map:
            click(widget, QPoint(3, 3))               # the map's margin, not a block
        else:
            click(widget)
        assert not w.sentence_box.hasFocus(), widget
        press(w, Qt.Key.Key_Right)
        assert w.state.stage_index == before + 1, widget
