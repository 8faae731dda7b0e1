"""What a change repaints: only the widgets it changes, once.

One decoding step used to repaint the whole window two or three times (a label's new text on the
first tab made the tab widget repaint itself whole) and the pipeline's canvas twice (the plots'
axes asked for room after the first paint), and a step and Back re-laid out every plot (the
decoder rows' axes asked for one row more, then one less). Counted with an event filter, not timed.
"""
from collections import Counter

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from explorer.tab_widget import TabWidget
from conftest import wait_ready  # noqa: E402

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)


class Paints(QObject):
    """Counts the paint events each widget receives while installed on the application."""

    def __init__(self):
        super().__init__()
        self.count: Counter = Counter()
        self.plot_layouts = 0          # layout requests of the plots (pyqtgraph's PlotItem)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            self.count[obj] += 1
        elif event.type() == QEvent.Type.LayoutRequest and isinstance(obj, pg.PlotItem):
            self.plot_layouts += 1
        return False

    def __enter__(self):
        QApplication.instance().installEventFilter(self)
        return self

    def __exit__(self, *_exc):
        QApplication.instance().removeEventFilter(self)


def settle(qtbot, ms=150):
    QApplication.processEvents()
    qtbot.wait(ms)
    QApplication.processEvents()


def test_tab_widget_repaints_only_the_label_whose_text_changed(qtbot):
    tabs = TabWidget()
    page = QWidget()
    layout = QVBoxLayout(page)
    changing, other = QLabel("one"), QLabel("another label")
    layout.addWidget(changing)
    layout.addWidget(other)
    tabs.addTab(page, "page")
    qtbot.addWidget(tabs)
    tabs.resize(500, 300)
    tabs.show()
    qtbot.waitExposed(tabs)
    settle(qtbot)
    with Paints() as paints:
        changing.setText("one, longer now")
        settle(qtbot)
    assert paints.count[changing] >= 1
    assert paints.count[other] == 0 and paints.count[tabs.tabBar()] == 0, "the whole tab widget was repainted"
    # its own layout still follows what it depends on: a new tab, a new size
    tabs.addTab(QLabel("second"), "a second page with a long title")
    settle(qtbot)
    bar = tabs.tabBar()
    assert bar.width() >= bar.sizeHint().width() - 1
    tabs.resize(700, 400)
    settle(qtbot)
    assert tabs.currentWidget().width() > 600


@pytest.fixture(scope="module")
def window(qapp, tmp_path_factory):
    from core.translator import Translator
    from explorer.fonts import register_bundled_font
    from explorer.main_window import MainWindow

    register_bundled_font()
    settings = QSettings(str(tmp_path_factory.mktemp("settings") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.load(None), sentence="我昨天在学校看见了他", settings=settings, labs=False)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    yield w
    w.close()
    w.deleteLater()


def test_one_decoding_step_paints_the_pipeline_once_and_not_the_model_map(qtbot, window):
    w = window
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.idle_builder.done, timeout=120000)    # nothing else builds meanwhile
    w.state.select_box("dec.cross", 0)
    w.controller.reset()
    qtbot.waitUntil(lambda: not w.worker.busy() and len(w.state.snapshot.steps) == 1, timeout=15000)
    settle(qtbot, 300)
    canvas = w.view("attention").pipeline
    assert canvas.isVisible()
    for i, (action, rows) in enumerate(((w.controller.step, 2), (w.controller.back, 1), (w.controller.step, 2))):
        with Paints() as paints:
            action()
            qtbot.waitUntil(lambda: not w.worker.busy() and len(w.state.snapshot.steps) == rows, timeout=15000)
            settle(qtbot, 300)
        assert paints.count[canvas.viewport()] == 1, f"the pipeline painted {paints.count[canvas.viewport()]} times"
        assert paints.count[w.model_map] == 0, "the model map (unchanged) was repainted"
        assert paints.count[w.tabs.tabBar()] == 0, "the whole first tab was repainted"
        if i > 0:       # the decoder rows' axes asked for room for a few more rows at the first step
            assert paints.plot_layouts == 0, "Back or a step re-laid out the plots"
