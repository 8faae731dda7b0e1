"""One set of ablation switches: the Ablations lab shows and uses the top bar's; heads are switched
off by clicking (the Model overview, the head selector) and every view shows which are off; the
heads box applies as you pause and writes out what a short form like "0.3" stands for."""
import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from core.config import Ablations
from explorer.main_window import MainWindow
from window_waits import settle  # noqa: E402
from conftest import wait_ready  # noqa: E402


@pytest.fixture(scope="module")
def shared(qapp, tmp_path_factory):
    from core.config import ModelConfig
    from core.translator import Translator

    base = Translator.random(seed=0)
    cfg = ModelConfig(base.cfg.src_vocab_size, base.cfg.tgt_vocab_size, n_layers=2, d_model=32, n_heads=4,
                      d_ff=64, dropout=0.0)
    settings = QSettings(str(tmp_path_factory.mktemp("a") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.random(cfg, seed=0), settings=settings)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    yield w
    for lab in w.labs:
        lab.stop()
    w.close()


@pytest.fixture
def window(qtbot, shared):
    w = shared
    w.tabs.setCurrentIndex(0)
    w.state.ablations = Ablations()
    if hasattr(w.overview, "click_switches"):
        w.overview.click_switches.setChecked(False)
    settle(qtbot, w, lambda: not w.state.snapshot.ablations.any)
    return w



def test_the_lab_uses_the_top_bar_switches(qtbot, window):
    w = window
    w.tabs.setCurrentIndex(3)                                 # Ablations & scaling lab
    lab = next(lab for lab in w.labs if hasattr(lab, "switches"))
    w.ablation_bar.boxes["no_pe"].click()                     # top bar → the lab
    assert lab.switches.boxes["no_pe"].isChecked() and lab.switches.state is w.state
    qtbot.waitUntil(lambda: lab.report is not None and lab.report.ablations["no_pe"], timeout=10000)
    lab.switches.boxes["no_scale"].click()                    # the lab → everywhere
    assert w.state.ablations.no_scale and w.ablation_bar.boxes["no_scale"].isChecked()
    settle(qtbot, w, lambda: w.state.snapshot.ablations.no_scale)
    assert w.state.trace.meta["ablations"]["no_scale"]


def click_cell(w, layer, head):
    cell = w.overview.cells[layer][head]
    view = w.overview.view
    point = view.mapFromScene(cell.mapToScene(QPointF(cell.width() / 2, cell.height() / 2)))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QApplication.processEvents()


def test_heads_switched_off_by_clicking_show_everywhere(qtbot, window):
    w = window
    w.tabs.setCurrentWidget(w.overview)
    QApplication.processEvents()
    w.overview.click_switches.setChecked(True)
    click_cell(w, 1, 2)
    assert w.state.ablations.heads_off == {("enc.self", 1, 2)}
    assert w.overview.heads_off() == [(1, 2)]                 # crossed out in the overview
    assert w.ablation_bar.heads.text() == "enc.self.1.2"      # written out in the top bar
    assert "enc.self.1.2" in w.ablation_bar.note.text()
    w.overview.kind_buttons.button(2).click()                 # another attention kind: nothing off there
    assert w.overview.heads_off() == []
    w.overview.kind_buttons.button(0).click()
    settle(qtbot, w, lambda: w.state.snapshot.ablations.heads_off == {("enc.self", 1, 2)})

    w.tabs.setCurrentWidget(w.splitter)
    w.state.select_box("enc.self", 1)
    QApplication.processEvents()
    struck = [b.styleSheet() != "" for b in w.head_button_list]
    assert struck == [h == 2 for h in range(w.state.n_heads)]  # the head selector marks it
    button = w.head_button_list[3]                             # right-click a head button: off too
    button.customContextMenuRequested.emit(button.rect().center())
    assert w.state.ablations.heads_off == {("enc.self", 1, 2), ("enc.self", 1, 3)}
    w.state.head = 3
    assert w.head_off_button.isChecked()
    settle(qtbot, w, lambda: len(w.state.snapshot.ablations.heads_off) == 2)
    view = w.views.currentWidget()
    view.tabs.setCurrentWidget(view.heads_canvas)
    QApplication.processEvents()
    titles = [hm._title for hm in view.head_maps]
    assert [("off" in t) for t in titles] == [h in (2, 3) for h in range(w.state.n_heads)]
    assert not w.state.trace["enc.1.self.z"][3].any()
    QTest.mouseClick(w.head_off_button, Qt.MouseButton.LeftButton)   # "off" again: head 3 back on
    assert w.state.ablations.heads_off == {("enc.self", 1, 2)}
    view.tabs.setCurrentWidget(view.pipeline)


def test_the_heads_box_applies_as_you_pause_and_spells_out_short_forms(qtbot, window):
    bar = window.ablation_bar
    fm = bar.heads.fontMetrics()
    assert fm.horizontalAdvance(bar.heads.placeholderText()) <= bar.heads.contentsRect().width() - 8
    QTest.mouseClick(bar.heads, Qt.MouseButton.LeftButton)
    QTest.keyClicks(bar.heads, "0.3")                          # no Enter
    qtbot.waitUntil(lambda: window.state.ablations.heads_off == {(b, 0, 3) for b in Ablations.BLOCKS},
                    timeout=3000)
    QTest.keyClick(bar.heads, Qt.Key.Key_Return)
    assert bar.heads.text() == "enc.self.0.3, dec.self.0.3, dec.cross.0.3"
    bar.heads.selectAll()
    QTest.keyClicks(bar.heads, "7.7")                          # outside the model: said in the bar
    qtbot.waitUntil(lambda: "outside" in bar.note.text(), timeout=3000)
    assert window.state.ablations.heads_off == {(b, 0, 3) for b in Ablations.BLOCKS}   # kept
