"""Geometry of the window: nothing covers or cuts what it should show — chips above their scroll
bar, legends beside the data, tick labels apart, titles inside their plots, the model map's stack
titles clear of the blocks, every head of the grid the same size."""
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QRectF, QSettings
from PySide6.QtGui import QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication

from explorer.main_window import MainWindow

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)


@pytest.fixture(scope="module", params=[(1400, 900), (1366, 768)], ids=["1400x900", "1366x768"])
def window(request, qapp, tmp_path_factory):
    from core.translator import Translator
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    settings = QSettings(str(tmp_path_factory.mktemp("settings") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.load(None), settings=settings)
    w.resize(*request.param)
    w.show()
    yield w
    w.close()
    w.deleteLater()


def settle(qtbot, n=3):
    for _ in range(n):
        QApplication.processEvents()
        qtbot.wait(20)


def open_tab(qtbot, w, title):
    index = next(i for i in range(w.tabs.count()) if w.tabs.tabText(i).replace("&&", "&") == title)
    w.tabs.setCurrentIndex(index)
    settle(qtbot, 6)
    return w.tabs.widget(index)


def canvases(widget):
    return [c for c in widget.findChildren(pg.GraphicsView) if c.isVisible()]


def stage_view(qtbot, w, box, layer=0, tab=0):
    w.tabs.setCurrentIndex(0)
    w.state.select_box(box, layer)
    view = w.views.currentWidget()
    if hasattr(view, "tabs"):
        view.tabs.setCurrentIndex(tab)
    settle(qtbot)
    return view


def test_long_sentence_chips_are_not_cut_by_their_scroll_bar(qtbot, window):
    text = "我昨天在学校看见了他" * 6
    window.sentence_box.setText(text)
    qtbot.waitUntil(lambda: window.state.trace.src_tokens == list(text), timeout=10000)
    settle(qtbot)
    chips = window.src_chips
    area = chips.parentWidget().parentWidget()
    bar = area.horizontalScrollBar()
    assert bar.isVisible()
    bar_top = bar.mapTo(area, QPoint(0, 0)).y()
    for chip in chips.chips[:3]:
        bottom = chip.mapTo(area, QPoint(0, chip.height())).y()
        assert bottom <= bar_top, (bottom, bar_top)
    window.sentence_box.setText("我是一个学生")
    qtbot.waitUntil(lambda: window.state.trace.src_tokens == list("我是一个学生"), timeout=10000)


def legends_and_plots(widget):
    for canvas in canvases(widget):
        for item in canvas.scene().items():
            if isinstance(item, pg.PlotItem) and item.legend is not None and item.legend.items:
                yield canvas, item


@pytest.mark.parametrize("where", ["enc.norm1", "Ablations & scaling lab", "Positional encoding lab"])
def test_legends_are_not_on_the_data(qtbot, window, where):
    widget = stage_view(qtbot, window, where) if "." in where else open_tab(qtbot, window, where)
    found = list(legends_and_plots(widget))
    assert found
    for _canvas, plot in found:
        legend = plot.legend.sceneBoundingRect()
        data = plot.vb.sceneBoundingRect()
        assert not legend.intersects(data), (plot.titleLabel.text, legend, data)


def numeric_axes(widget):
    for canvas in canvases(widget):
        for item in canvas.scene().items():
            if isinstance(item, pg.AxisItem) and item.isVisible() and not getattr(item, "_tickLevels", None) \
                    and item.style["showValues"] and item.orientation in ("left", "right"):
                yield item


@pytest.mark.parametrize("where", ["enc.norm1", "Ablations & scaling lab", "Positional encoding lab",
                                   "RNN vs attention lab"])
def test_y_axis_tick_labels_do_not_overlap(qtbot, window, where):
    widget = stage_view(qtbot, window, where) if "." in where else open_tab(qtbot, window, where)
    axes = list(numeric_axes(widget))
    assert axes
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        for axis in axes:
            specs = axis.generateDrawSpecs(painter)
            if specs is None:
                continue
            ink = QFontMetricsF(axis.font()).tightBoundingRect("0123456789").height()
            spans = sorted((r.center().y() - ink / 2, r.center().y() + ink / 2, text) for r, _f, text in specs[2])
            for (top_a, bottom_a, a), (top_b, _bottom_b, b) in zip(spans, spans[1:]):
                title = getattr(getattr(axis.parentItem(), "titleLabel", None), "text", "")
                assert bottom_a <= top_b, (title, a, b, bottom_a, top_b)
    finally:
        painter.end()


def plots(widget):
    for canvas in canvases(widget):
        for item in canvas.scene().items():
            if isinstance(item, pg.PlotItem) and item.titleLabel.isVisible() and item.titleLabel.text:
                yield canvas, item


@pytest.mark.parametrize("where", ["Positional encoding lab", "Ablations & scaling lab", "enc.self", "enc.norm1"])
def test_titles_fit_their_plots(qtbot, window, where):
    widget = stage_view(qtbot, window, where) if "." in where else open_tab(qtbot, window, where)
    found = list(plots(widget))
    assert found
    for canvas, plot in found:
        label = plot.titleLabel
        text = label.mapRectToScene(label.itemRect())
        own = label.sceneBoundingRect()
        scene = QRectF(canvas.sceneRect())
        assert text.width() <= plot.sceneBoundingRect().width() + 1, label.text
        assert own.adjusted(-1, -1, 1, 1).contains(text), (label.text, own, text)
        assert scene.adjusted(-1, -1, 1, 1).contains(text), (label.text, scene, text)


def test_model_map_stack_titles_are_clear_of_the_blocks(qtbot, window):
    window.tabs.setCurrentIndex(0)
    for box in ("enc.self", "dec.cross"):
        window.state.select_box(box, 0)
        settle(qtbot)
        m = window.model_map
        for stack in ("enc", "dec"):
            rect = m.titles[stack]
            text = m.title(stack)
            assert QFontMetricsF(m.label_font()).horizontalAdvance(text) <= rect.width(), text
            assert QFontMetricsF(m.label_font()).height() <= rect.height() + 0.5, text
            for name, block in m.boxes.items():
                assert not rect.intersects(block), (text, name)


def test_all_heads_are_drawn_alike(qtbot, window):
    view = stage_view(qtbot, window, "enc.self", 0, 1)
    widths = [round(h.plot.vb.sceneBoundingRect().width()) for h in view.head_maps]
    assert max(widths) - min(widths) <= 1, widths
    fonts = {(h.plot.getAxis(side)._layout()[3].pointSizeF(), side) for h in view.head_maps for side in ("left", "bottom")}
    assert len(fonts) == 2, fonts
