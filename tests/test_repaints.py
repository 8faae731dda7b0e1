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


def test_a_decoding_step_does_not_paint_the_tab_page_under_the_alignment_and_the_chart(qtbot, window):
    """The alignment view and the next-token chart fill their own rectangles, so a new step repaints
    them alone: before, Qt painted the tab widget's pane, its stacked widget and the splitters under
    them first (~7 % of a keystroke's paint). What else a step changes (the step line, the buttons)
    may still have its parents painted under it: only the parts under the two views are checked."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QSplitter, QStackedWidget

    from explorer.decoding.alignment_view import AlignmentCanvas
    from explorer.decoding.next_token_chart import NextTokenChart

    class Under(QObject):
        def __init__(self, areas):
            super().__init__()
            self.areas, self.seen = areas, []

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and isinstance(obj, (TabWidget, QStackedWidget, QSplitter)):
                rect = event.region().boundingRect()
                painted = QRect(obj.mapToGlobal(rect.topLeft()), rect.size())
                for name, area in self.areas:
                    if painted.intersects(area.adjusted(4, 4, -4, -4)):
                        self.seen.append((type(obj).__name__, name))
            return False

    w = window
    qtbot.waitExposed(w)
    w.state.select_box("enc.self", 0)
    w.controller.reset()
    qtbot.waitUntil(lambda: not w.worker.busy() and len(w.state.snapshot.steps) == 1, timeout=15000)
    settle(qtbot, 300)
    views = [w.findChildren(AlignmentCanvas)[0], w.findChildren(NextTokenChart)[0]]
    assert all(v.isVisible() for v in views)
    areas = [(type(v).__name__, QRect(v.mapToGlobal(v.rect().topLeft()), v.size())) for v in views]
    under = Under(areas)
    with Paints() as paints:
        QApplication.instance().installEventFilter(under)
        try:
            w.controller.step()
            qtbot.waitUntil(lambda: not w.worker.busy() and len(w.state.snapshot.steps) == 2, timeout=15000)
            settle(qtbot, 300)
        finally:
            QApplication.instance().removeEventFilter(under)
    assert all(paints.count[v] >= 1 for v in views)
    assert not under.seen, f"painted under the views: {sorted(set(under.seen))}"


@pytest.mark.parametrize("dark", [False, True])
def test_the_alignment_view_looks_transparent_on_its_tab_page(qtbot, window, dark):
    """Opaque, it paints the tab page's own colour (Fusion's pane, not the window colour: in the dark
    theme those differ by 31 levels): its empty corner matches the page just outside it."""
    from explorer.decoding.alignment_view import AlignmentCanvas
    from explorer.theme import apply_theme

    w = window
    try:
        apply_theme(dark, w)
        settle(qtbot, 200)
        alignment = w.findChildren(AlignmentCanvas)[0]
        image = w.grab().toImage()
        inside = alignment.mapTo(w, alignment.rect().bottomRight())
        corner = image.pixelColor(inside.x() - 3, inside.y() - 3)       # bottom right: no text, no line
        page = w.tabs.currentWidget()
        outside = page.mapTo(w, page.rect().bottomRight())
        beside = image.pixelColor(outside.x() - 3, outside.y() - 3)     # the page's corner, not a widget
        assert corner.name() == beside.name(), f"alignment {corner.name()} on a page of {beside.name()}"
    finally:
        apply_theme(False, w)
