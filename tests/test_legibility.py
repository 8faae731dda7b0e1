"""What the window shows must be readable: every token labelled on every matrix (up to 32 tokens,
at 1400 × 900), no label under 9 pt, one matrix large on a double-click."""
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from core.names import act_name
from explorer.main_window import MainWindow
from conftest import wait_ready  # noqa: E402

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)

SENTENCES = {6: "我是一个学生", 20: "我昨天在学校看见了他" * 2, 32: "我昨天在学校看见了他" * 3 + "我爱"}
# every stage view and tab that shows token matrices
PLACES = [("src.embed", None, 0), ("enc.self", 0, 0), ("enc.self", 0, 1), ("enc.norm1", 0, 0), ("enc.ffn", 0, 0),
          ("dec.cross", 5, 0), ("dec.cross", 5, 1), ("softmax", None, 0)]


@pytest.fixture(scope="module")
def window(qapp, tmp_path_factory):
    from core.translator import Translator
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    settings = QSettings(str(tmp_path_factory.mktemp("settings") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.load(None), settings=settings, labs=False)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    yield w
    w.close()
    w.deleteLater()


def settle(qtbot):
    for _ in range(3):                      # a layout, the canvases' fit to it, the paint
        QApplication.processEvents()
        qtbot.wait(20)


def run(qtbot, w, text):
    w.sentence_box.setText(text)
    qtbot.waitUntil(lambda: w.state.trace.src_tokens == list(text), timeout=10000)
    w.controller.run_to_end()
    qtbot.waitUntil(lambda: w.state.snapshot.done and w.state.snapshot.text == text, timeout=20000)


def show(qtbot, w, box, layer, tab):
    w.state.select_box(box, layer)
    view = w.views.currentWidget()
    if hasattr(view, "tabs"):
        view.tabs.setCurrentIndex(tab)
    settle(qtbot)
    return view


def word_axes(view):
    """(heatmap, side, labels) of every axis labelled with tokens or words (no dimension indices)."""
    for heatmap in view.heatmaps():
        for side in ("left", "bottom"):
            axis = heatmap.plot.getAxis(side)
            labels = [s for _, s in sorted(set(t for level in axis._tickLevels or [] for t in level))]
            if labels and all(labels):
                yield heatmap, axis, labels


@pytest.mark.parametrize("n", sorted(SENTENCES))
def test_every_token_is_labelled_on_every_matrix(qtbot, window, n):
    run(qtbot, window, SENTENCES[n])
    checked = 0
    for box, layer, tab in PLACES:
        view = show(qtbot, window, box, layer, tab)
        for heatmap, axis, labels in word_axes(view):
            if len(labels) > 32:
                continue
            _line, _ticks, texts, font = axis._layout()
            drawn = [entry[1].text() for entry in texts]
            where = (box, tab, heatmap.plot.titleLabel.text, axis.orientation)
            assert len(drawn) == len(labels), (where, len(drawn), len(labels))
            assert font.pointSizeF() >= 9.0, where
            checked += 1
    assert checked >= 12


def test_long_sentence_thins_labels_and_always_shows_the_hovered_token(qtbot, window):
    text = "我昨天在学校看见了他" * 5
    run(qtbot, window, text)
    view = show(qtbot, window, "enc.self", 0, 0)
    axis = view.weights.plot.getAxis("bottom")
    drawn = axis.drawn_labels()
    assert len(drawn) < len(text)                         # 50 keys: beyond what the axis asks room for
    missing = next(i for i in range(len(text)) if i not in axis.placement["drawn"])
    window.state.hovered_token = ("src", missing)
    settle(qtbot)
    assert len(axis.drawn_labels()) == len(drawn) + 1
    window.state.hovered_token = None


def double_click(heatmap):
    canvas = heatmap.plot.scene().views()[0]
    point = canvas.mapFromScene(heatmap.image.mapToScene(QPointF(0.5, 0.5)))
    pos = QPointF(point)
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
                 QEvent.Type.MouseButtonRelease):
        buttons = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseButtonRelease else Qt.MouseButton.NoButton
        QApplication.sendEvent(canvas.viewport(), QMouseEvent(kind, pos, canvas.viewport().mapToGlobal(pos),
                                                              Qt.MouseButton.LeftButton, buttons,
                                                              Qt.KeyboardModifier.NoModifier))


def test_double_click_shows_one_matrix_large_and_escape_goes_back(qtbot, window):
    run(qtbot, window, SENTENCES[6])
    view = show(qtbot, window, "enc.self", 0, 0)
    small = view.weights.image.sceneBoundingRect()
    double_click(view.weights)
    settle(qtbot)
    assert view.focused is view.weights and not view.tabs.isVisible()
    large = view._focus_page.heatmap
    assert (large.image.image == view.weights.image.image).all()
    assert large.plot.getAxis("bottom").drawn_labels() == view.weights.plot.getAxis("bottom").drawn_labels()
    big = large.image.sceneBoundingRect()
    assert big.width() > 2 * small.width() and big.height() > 2 * small.height()
    window.state.head = 3                                  # the large copy follows the view
    settle(qtbot)
    assert (large.image.image == window.state.trace[act_name("enc", 0, "self", "weights")][3]).all()
    qtbot.keyClick(view._focus_page.canvas, Qt.Key.Key_Escape)
    settle(qtbot)
    assert view.focused is None and view.tabs.isVisible() and view.tabs.currentWidget() is view.pipeline
    window.state.head = 0


@pytest.fixture
def small_window(qapp, tmp_path):
    from core.translator import Translator
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.load(None), settings=settings, labs=False)
    w.resize(1366, 768)
    w.show()
    wait_ready(w)
    yield w
    w.close()
    w.deleteLater()


def test_a_1366_by_768_window_draws_no_text_under_9_points(qtbot, small_window):
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QWidget

    w = small_window
    run(qtbot, w, "我是一个学生")
    w.controller.reset()
    qtbot.waitUntil(lambda: len(w.state.snapshot.steps) == 1, timeout=10000)
    settle(qtbot)
    chart = w.inference_panel.canvas
    assert len(chart.labels) == w.state.bars_k
    font = chart._row_font(chart._fonts()[1], chart.row_height())
    assert font.pointSizeF() >= 9.0
    assert chart.row_height() >= 0.8 * QFontMetricsF(font).height()      # every word labelled
    for box, layer, tab in PLACES[:3]:
        view = show(qtbot, w, box, layer, tab)
        for heatmap in view.heatmaps():
            for side in ("left", "bottom"):
                axis = heatmap.plot.getAxis(side)
                if axis._tickLevels:
                    assert axis._layout()[3].pointSizeF() >= 9.0, (box, heatmap.plot.titleLabel.text, side)
    small = [type(x).__name__ for x in w.findChildren(QWidget) if x.isVisible() and 0 < x.font().pointSizeF() < 9]
    assert not small
