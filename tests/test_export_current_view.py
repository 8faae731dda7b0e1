"""File → Export current view writes what the stage view shows: the whole pipeline of the shown head
on the Pipeline tab, every head with the concat and W_O on the All heads tab, captioned with the
decoding step on screen (the bundled model, the real window)."""
import re

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from explorer.export import specs
from explorer.export.menu import FILTERS
from explorer.main_window import MainWindow
from window_waits import settle  # noqa: E402
from conftest import wait_ready  # noqa: E402


@pytest.fixture(scope="module")
def window(qapp, tmp_path_factory):
    from core.translator import Translator
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    settings = QSettings(str(tmp_path_factory.mktemp("x") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.load(), sentence="我爱中国", settings=settings, labs=False)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    yield w
    w.close()


def pixels(image: QImage) -> np.ndarray:
    """An image's pixels as (height, width, 4) ints."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return raw[:, : 4 * image.width()].reshape(image.height(), image.width(), 4).astype(int)


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


def test_the_attention_tab_on_screen_is_the_states(qtbot, window):
    """The window exports the tab the state names; the view shows the tab the state names, and a
    click in the view writes the tab to the state (a row → the neuron view, a head → its pipeline)."""
    w = window
    w.state.select_box("dec.cross", 1)
    view = w.view("attention")
    w.state.attention_tab = "heads"
    assert view.tabs.currentWidget() is view.heads_canvas and w.current_spec().name.endswith("heads-concat")
    view.head_maps[3].on_click(0, 0)
    assert w.state.head == 3 and w.state.attention_tab == "pipeline" and view.tabs.currentWidget() is view.pipeline
    view.tabs.setCurrentWidget(view.neuron)
    assert w.state.attention_tab == "neuron"
    w.state.attention_tab = "pipeline"
    assert w.current_spec().name.endswith(".pipeline")


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


def plain(title: str) -> str:
    """A panel title without markup or the export's colour range ("  [-1.2 … 3.4]")."""
    return re.sub(r"\s+\[[^\]]*\]$", "", re.sub(r"<[^>]+>", "", title))


def assert_every_stage_exports_what_it_shows(w):
    """For every stage of window `w` (each attention stage on both tabs), Export current view draws the
    heatmaps on screen, titled as on screen (explorer.descriptions), and names the block as the stage
    list does."""
    view = w.view("attention")
    for i, stage in enumerate(w.state.stages):
        w.state.stage_index = i
        if stage.kind == "attention":
            tabs = ((view.pipeline, lambda: [view.x, view.q, view.k, view.v, view.scores, view.scaled,
                                             view.masked, view.weights, view.z]),
                    (view.heads_canvas, lambda: view.head_maps + [view.concat, view.out]))
            for tab, shown in tabs:
                view.tabs.setCurrentWidget(tab)
                view.refresh()
                spec = w.current_spec()
                assert [plain(p.title) for p in spec.panels] == [plain(hm._title) for hm in shown()], stage.title
                for panel, heatmap in zip(spec.panels, shown()):
                    np.testing.assert_array_equal(panel.matrix, heatmap.image.image)
            short = stage.title.split(" · ")[1]
            assert short.lower() in specs.ATTENTION[stage.box][0].lower(), (stage.title, spec.title)
            continue
        other = w.views.currentWidget()
        other.refresh()
        shown = [hm for hm in other.heatmaps() if hm.plot.isVisible()]
        spec = w.current_spec()
        assert [plain(p.title) for p in spec.panels] == [plain(hm._title) for hm in shown], stage.title
        for panel, heatmap in zip(spec.panels, shown):
            np.testing.assert_array_equal(panel.matrix, heatmap.image.image)
        assert stage.title in spec.title


def test_every_stage_exports_the_panels_and_titles_it_shows(qtbot, window):
    """One description per figure: on the bundled model (post-LN encoder-decoder)."""
    window.state.head = 2
    assert_every_stage_exports_what_it_shows(window)


@pytest.mark.parametrize("family", ["marian", "bert", "gpt2"])
def test_every_family_exports_what_each_stage_shows(qtbot, tmp_path, family):
    """… and on a tiny checkpoint of each family (Marian's own depths, BERT's encoder and masked-LM
    head, GPT-2's pre-LN blocks and final LayerNorm)."""
    pytest.importorskip("transformers")
    import tiny_bert_gpt2
    from core.text_model import open_model
    from hf_builders import build_marian

    build = {"marian": build_marian, "bert": tiny_bert_gpt2.bert, "gpt2": tiny_bert_gpt2.gpt2}[family]
    build(tmp_path / family)
    text = {"marian": "我是一个学生", "bert": "the cat sat on the [MASK]", "gpt2": "the cat sat on"}[family]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(open_model(str(tmp_path / family)), sentence=text, settings=settings, labs=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    qtbot.waitExposed(w)
    assert_every_stage_exports_what_it_shows(w)


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
    later = QImage(str(target)).convertToFormat(drawn_at_once.format())
    assert later.size() == drawn_at_once.size()
    # drawn a band of rows per turn, the figure is the one drawn at once but for the grey levels of
    # some antialiased text pixels (a QPainter's glyphs over several passes): few, and nothing else
    a, b = pixels(later), pixels(drawn_at_once)
    differ = np.abs(a - b).max(axis=2) > 0
    assert differ.mean() < 0.02, differ.mean()
    assert np.abs(a - b).mean() < 0.5

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
        # … and its image a band of BAND_PX rows per turn (at once it held the window 34 ms)
        from explorer.export.figures import BAND_PX

        bands, turns = figure.image_in_bands(1.0), 0
        while True:
            try:
                next(bands)
                turns += 1
            except StopIteration as done:
                banded = done.value
                break
        assert turns == -(-banded.height() // BAND_PX) - 1 >= 2
        differ = np.abs(pixels(banded) - pixels(drawn_at_once)).max(axis=2) > 0
        assert banded.size() == drawn_at_once.size() and differ.mean() < 0.02
    finally:
        figure.close()
