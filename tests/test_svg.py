"""SVG exports read the same outside Qt: checked in a second renderer (resvg), the cells are vector
rectangles (no embedded bitmap for a renderer to smear), and every text names font families other
machines have, ending in a generic family."""
import io
import re

import numpy as np
import pytest
from PIL import Image

from core.config import ModelConfig
from core.translator import Translator
from explorer.export import specs
from explorer.export.figures import Figure
from explorer.export.writers import svg_bytes

resvg_py = pytest.importorskip("resvg_py")


@pytest.fixture(scope="module")
def trace():
    base = Translator.random(seed=0)
    cfg = ModelConfig(len(base.src), len(base.tgt), n_layers=2, d_model=32, n_heads=4, d_ff=64, dropout=0.0)
    return Translator.random(cfg, seed=1).trace("我是一个学生", target="i am a student")


@pytest.fixture
def app(qapp):
    from explorer.export.figures import ensure_app

    return ensure_app()


def rendered_by_resvg(svg: bytes, zoom: float) -> np.ndarray:
    png = bytes(resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), dpi=96, zoom=zoom, background="#ffffff"))
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def rendered_by_qt(figure: Figure, zoom: float) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = figure.image(zoom).convertToFormat(QImage.Format.Format_RGB888)
    ptr = image.constBits()
    return np.frombuffer(ptr, np.uint8, image.sizeInBytes()).reshape(image.height(), image.bytesPerLine())[
        :, :image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


@pytest.mark.parametrize("view, head", [("enc.self", 0), ("dec.cross", 1), ("embed", None)])
def test_svg_cells_are_rectangles_that_a_second_renderer_draws_sharp(app, trace, view, head):
    spec = specs.build_spec(trace, view, layer=0, head=head)
    figure = Figure(spec)
    try:
        svg = svg_bytes(figure)
        assert b"<image" not in svg                 # no bitmap (Qt writes a 1 px-per-cell PNG there)
        zoom = 3.0
        theirs, ours = rendered_by_resvg(svg, zoom), rendered_by_qt(figure, zoom)
        assert theirs.shape == ours.shape
        checked = 0
        for items_row in figure.panels:
            for items in items_row:
                if items is None:
                    continue
                rect = items.vb.sceneBoundingRect()
                rows, cols = items.image.image.shape
                cw, ch = rect.width() / cols * zoom, rect.height() / rows * zoom
                for r in range(rows):
                    for c in range(cols):
                        x0, y0 = (rect.left() + c * rect.width() / cols) * zoom, (rect.top() + r * rect.height() / rows) * zoom
                        centre = theirs[int(y0 + ch / 2), int(x0 + cw / 2)]
                        assert np.abs(centre - ours[int(y0 + ch / 2), int(x0 + cw / 2)]).max() <= 3, (r, c)
                        inside = c > 0 and r < rows - 1        # (the axes' ticks reach into the edge cells)
                        if inside and cw >= 6 and ch >= 6:      # sharp: one colour across the cell's middle half
                            inner = theirs[int(y0 + ch / 4):int(y0 + 3 * ch / 4), int(x0 + cw / 4):int(x0 + 3 * cw / 4)]
                            assert np.abs(inner - centre).max() <= 3, (r, c)
                        checked += 1
        assert checked >= 20
    finally:
        figure.close()


def test_svg_text_names_common_font_families(app, trace):
    figure = Figure(specs.build_spec(trace, "enc.self", layer=0, head=0))
    try:
        svg = svg_bytes(figure).decode("utf-8")
    finally:
        figure.close()
    families = set(re.findall(r'font-family="([^"]*)"', svg))
    assert families
    for value in families:
        names = [n.strip().strip("'") for n in value.split(",")]
        assert not any("Subset" in n for n in names), value          # the bundled file's private name
        assert names[-1] in ("sans-serif", "serif", "monospace"), value
        assert {"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC"} <= set(names), value


def test_a_lab_view_exported_as_svg_has_vector_cells(qtbot, qapp):
    import pyqtgraph as pg

    from explorer.export.widget_export import widget_bytes
    from explorer.labs.positional_lab import PositionalLab

    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)
    lab = PositionalLab(Translator.random(seed=0))
    lab.resize(1200, 900)
    lab.show()
    qtbot.waitExposed(lab)
    qtbot.wait(100)
    try:
        svg = widget_bytes(lab.pe_canvas, "svg")
        assert b"<image" not in svg                  # the PE matrix, its colour bar, the background
        rendered_by_resvg(svg, 1.0)                  # and a second renderer reads it
    finally:
        lab.close()
