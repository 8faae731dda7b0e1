"""What makes a vector export (SVG, PDF) read the same in every renderer: matrix cells drawn as
rectangles, not as a tiny bitmap that renderers ignoring its "optimizeSpeed" hint smear into a blur;
font families that other machines have, not only the bundled subset's private name."""
from __future__ import annotations

import re

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsPixmapItem

from ..views.cells import CellImage, on_vector_device, paint_cells  # noqa: F401  (CellImage: figures)

# common CJK sans families on Linux, macOS and Windows, tried in this order after the Latin family
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
                "Microsoft YaHei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "SimHei")
GENERIC = {"sans serif": "sans-serif", "sans": "sans-serif", "serif": "serif", "monospace": "monospace"}


class CellPixmap(QGraphicsPixmapItem):
    """A pixmap item (a colour bar's strip) that draws its pixels as rectangles on a vector device."""

    def paint(self, painter, option, widget=None) -> None:
        if on_vector_device(painter) and not self.pixmap().isNull():
            paint_cells(painter, self.pixmap().toImage())
        else:
            super().paint(painter, option, widget)


def vector_colour_bar(bar: pg.ColorBarItem) -> None:
    """Give `bar` a strip that draws as rectangles in a vector file (pyqtgraph's is a pixmap item)."""
    strip = CellPixmap(bar.bar.pixmap())
    strip.setShapeMode(bar.bar.shapeMode())
    bar.removeItem(bar.bar)
    bar.bar = strip
    bar.addItem(strip)


def _family_list(value: str, bundled: str | None) -> str:
    """A CSS family list: the named families (the bundled subset's name → the CJK families readers
    have), then those CJK families if the list had none, then the generic family, last."""
    families, generics = [], []
    for name in (n.strip().strip("'\"") for n in value.split(",")):
        if not name:
            continue
        if name.lower() in GENERIC:
            generics.append(GENERIC[name.lower()])
        elif bundled and name == bundled:
            families.extend(CJK_FAMILIES)
        else:
            families.append(name)
    families.extend(CJK_FAMILIES)             # hanzi need a CJK family even where the figure named none
    ordered = list(dict.fromkeys(families))
    tail = list(dict.fromkeys(generics or ["sans-serif"]))
    return ", ".join([f"'{n}'" for n in ordered] + tail)


def portable_fonts(svg: bytes, bundled: str | None) -> bytes:
    """`svg` with every font-family list naming common families (the bundled subset's private name
    replaced by the CJK families readers have) and ending in a generic family."""
    cache: dict[str, str] = {}

    def replace(match):
        value = match.group(1)
        if value not in cache:
            cache[value] = _family_list(value, bundled)
        return f'font-family="{cache[value]}"'

    return re.sub(r'font-family="([^"]*)"', replace, svg.decode("utf-8")).encode("utf-8")
