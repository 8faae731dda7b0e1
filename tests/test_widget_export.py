"""Any view exports as it is drawn: the labs' plots (right-click → Export view…) to PNG, SVG and PDF."""
import xml.etree.ElementTree as ET

import pyqtgraph as pg
import pytest
from PIL import Image

from core.errors import UserError
from explorer.export.widget_export import export_widget
from conftest import wait_ready  # noqa: E402


@pytest.fixture
def lab_canvas(qtbot, random_translator):
    from explorer.labs import lab_tabs

    tabs = lab_tabs(random_translator)
    title, lab = tabs[0]
    qtbot.addWidget(lab)
    lab.resize(1000, 800)
    lab.show()
    canvas = lab.findChildren(pg.GraphicsView)[0]
    yield canvas
    for _, w in tabs:
        w.stop()


def test_a_lab_plot_exports_to_png_svg_and_pdf(lab_canvas, tmp_path):
    assert hasattr(lab_canvas, "export_view")   # the right-click action is attached
    png = export_widget(lab_canvas, tmp_path / "lab.png")
    image = Image.open(png)
    assert image.size == (2 * lab_canvas.width(), 2 * lab_canvas.height())
    assert len(set(image.convert("RGB").getdata())) > 10          # not blank
    svg = export_widget(lab_canvas, tmp_path / "lab.svg")
    assert ET.parse(svg).getroot().tag.endswith("svg")
    pdf = export_widget(lab_canvas, tmp_path / "lab.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"/Page" in data


def test_an_unwritable_path_is_a_clear_error_and_leaves_nothing(lab_canvas, tmp_path):
    with pytest.raises(UserError):
        export_widget(lab_canvas, tmp_path / "missing" / "lab.png")
    assert not (tmp_path / "missing").exists()


def test_overview_and_alignment_views_export(qtbot, tmp_path, random_translator):
    from PySide6.QtCore import QSettings

    from explorer.export.menu import FILTERS
    from explorer.main_window import MainWindow

    w = MainWindow(random_translator, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                   labs=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    w.ask_figure_path = lambda parent, spec, formats: (str(tmp_path / "overview.svg"), FILTERS["svg"])
    assert any(a.text() == "Export…" for a in w.overview.view.findChildren(type(w.export_view_action)))
    next(a for a in w.overview.view.findChildren(type(w.export_view_action)) if a.text() == "Export…").trigger()
    text = (tmp_path / "overview.svg").read_text(encoding="utf-8")
    assert "layer 5" in text and "head 7" in text and "我" in text
    assert hasattr(w.alignment.canvas, "export_view")              # right-click → Export view…
    assert hasattr(w.inference_panel.canvas, "export_view")
    assert hasattr(w.training_panel.canvas, "export_view")
    from explorer.export.widget_export import export_widget

    png = export_widget(w.alignment.canvas, tmp_path / "alignment.png")
    assert png.stat().st_size > 1000
    w.close()
