"""File → Export current view writes what the stage view shows: the whole pipeline of the shown head
on the Pipeline tab, every head with the concat and W_O on the All heads tab, captioned with the
decoding step on screen (the bundled model, the real window)."""
import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from explorer.export.menu import FILTERS
from explorer.main_window import MainWindow
from window_waits import settle  # noqa: E402


@pytest.fixture(scope="module")
def window(qapp, tmp_path_factory):
    from core.translator import Translator
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    settings = QSettings(str(tmp_path_factory.mktemp("x") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.load(), sentence="我爱中国", settings=settings, labs=False)
    w.resize(1400, 900)
    w.show()
    yield w
    w.close()


def export(w, tmp_path, name):
    """Export current view as a 1× PNG; returns (spec, image) of what was written."""
    seen = {}

    def ask(parent, spec, formats):
        seen["spec"] = spec
        return str(tmp_path / f"{name}.png"), FILTERS["png"]

    w.ask_figure_path, w.ask_resolution = ask, lambda parent: (1.0, None)
    path = w.export_current_view()
    w.background_writes.wait()
    return seen["spec"], QImage(str(path))



def test_each_attention_tab_exports_the_panels_it_shows(qtbot, window, tmp_path):
    w = window
    w.state.select_box("enc.self", 2)
    w.state.head = 3
    view = w.views.currentWidget()
    view.tabs.setCurrentWidget(view.pipeline)
    QApplication.processEvents()
    spec, pipeline_png = export(w, tmp_path, "pipeline")
    shown = [view.x, view.q, view.k, view.v, view.scores, view.scaled, view.masked, view.weights, view.z]
    assert len(spec.panels) == len(shown) == 9
    for panel, heatmap in zip(spec.panels, shown):
        np.testing.assert_array_equal(panel.matrix, heatmap.image.image)

    view.tabs.setCurrentWidget(view.heads_canvas)
    QApplication.processEvents()
    spec, heads_png = export(w, tmp_path, "heads")
    shown = view.head_maps + [view.concat, view.out]
    assert len(spec.panels) == len(shown) == w.state.n_heads + 2
    for panel, heatmap in zip(spec.panels, shown):
        np.testing.assert_array_equal(panel.matrix, heatmap.image.image)

    assert pipeline_png.size() != heads_png.size()
    for png in (pipeline_png, heads_png):       # far more than one matrix of 4 × 4 cells
        assert png.width() > 900 and png.height() > 300


def test_the_caption_tells_the_decoding_step_on_screen(qtbot, window, tmp_path):
    w = window
    w.state.select_box("dec.cross", 5)
    w.controller.reset()
    w.controller.step()
    w.controller.step()
    settle(qtbot, w, lambda: len(w.state.snapshot.steps) == 3 and bool(w.state.snapshot.translation))
    assert w.state.snapshot.translation == "i love china"
    spec, _ = export(w, tmp_path, "paused")
    assert "→ “i love …” (step 2 of 4" in spec.caption
    w.controller.run_to_end()
    settle(qtbot, w, lambda: w.state.snapshot.done)
    spec, _ = export(w, tmp_path, "done")
    assert "→ “i love china”   ·" in spec.caption and "step" not in spec.caption


def test_the_pipeline_is_drawn_a_piece_per_turn_of_the_event_loop(qtbot, window, tmp_path):
    """Export current view of the nine-panel pipeline held the window 146–199 ms in one go (the
    figure built and drawn at once): it returns before drawing, and each turn of the event loop
    adds at most one panel to the figure; the PNG is the one drawn at once, pixel for pixel."""
    import pyqtgraph as pg

    from explorer.export.figures import Figure
    from explorer.export.writers import figure_image

    w = window
    w.state.select_box("enc.self", 0)
    view = w.views.currentWidget()
    view.tabs.setCurrentWidget(view.pipeline)
    QApplication.processEvents()
    target = tmp_path / "later.png"
    seen = {}

    def ask(parent, spec, formats):
        seen["spec"] = spec
        return str(target), FILTERS["png"]

    w.ask_figure_path, w.ask_resolution = ask, lambda parent: (1.0, None)
    assert w.export_current_view() == target
    assert not target.exists() and w.background_writes._drawings      # drawn later, not in this call
    qtbot.waitUntil(lambda: target.exists() and not w.background_writes._drawings, timeout=20000)
    w.background_writes.wait()
    drawn_at_once, _dpi = figure_image(seen["spec"], 1.0)
    assert QImage(str(target)).convertToFormat(drawn_at_once.format()) == drawn_at_once

    figure = Figure(seen["spec"], built=False)
    try:
        def views():
            return sum(isinstance(item, pg.ViewBox) for item in figure.widget.scene().items())
        added = []
        while True:
            before = views()
            done = figure.build_step()
            added.append(views() - before)
            if done:
                break
        assert sum(added) >= 9 and max(added) <= 1, added
    finally:
        figure.close()
