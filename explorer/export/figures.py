"""A FigureSpec laid out and drawn: a standalone pyqtgraph scene, sized by its content, ready to render.

Each panel is a fixed-size ViewBox holding one row-major ImageItem (the window's colour map); tick
labels are AxisItems only where a reader needs them (every panel, or the left column and bottom row
of a grid); one ColorBarItem drives every image. Nothing is shown on screen: the scene is laid out
to its preferred size and rendered once. `Figure.update(spec)` swaps the data in place, which is
how an animation draws its frames.
"""
from __future__ import annotations

import math
import os
import sys

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication, QSizePolicy

from explorer.fonts import register_bundled_font
from explorer.theme import LIGHT
from explorer.views.heatmap import COLORMAP

from .specs import FigureSpec, Panel
from .vector import CellImage, vector_colour_bar

BACKGROUND = LIGHT["plot_bg"]        # figures are for paper and slides: always the light palette
FOREGROUND = LIGHT["plot_fg"]
CAPTION = "#666666"
TICK_PX, PANEL_TITLE_PX, AXIS_TITLE_PX, TITLE_PX, CAPTION_PX = 12, 12, 12, 15, 11
TOKEN_CELL, GRID_TOKEN_CELL = 28, 18          # side of a token × token cell: one panel / a grid of panels
DIMS_PANEL, GRID_DIMS_PANEL = 480, 260        # width of a dimensions axis: one panel / several
MAX_PANEL, GRID_MAX_PANEL = 720, 300          # longest side of a token axis: beyond it, cells shrink
BAND_PX = 128       # device-pixel rows of a figure drawn in one turn of the window's event loop
LABEL_EVERY = 32                              # up to this many tokens a panel grows to name each one


def ensure_app() -> QGuiApplication:
    """The running Qt application, or a new one (offscreen when there is no display), with the
    bundled CJK font registered so Chinese token labels render."""
    app = QApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(sys.argv[:1] or ["transformer-explorer"])
    register_bundled_font()
    return app


def tick_font() -> QFont:
    font = QFont(QGuiApplication.font())
    font.setPixelSize(TICK_PX)
    return font


def ticks(labels: list[str], step: int = 1) -> list[list[tuple[float, str]]]:
    """A tick at the centre of every `step`-th labelled cell (1: all; the figure leaves room for them)."""
    return [[(i + 0.5, s) for i, s in enumerate(labels) if s and i % step == 0]]


def label(text: str, px: int, color: str = FOREGROUND, angle: int = 0) -> pg.LabelItem:
    item = pg.LabelItem(text, color=color, size=f"{px}px", angle=angle)
    return item


class UprightAxis(pg.AxisItem):
    """A bottom axis whose labels stand upright, reading bottom to top and ending at the axis: how
    a figure names every one of its columns when the words are wider than the cells (a softmax
    over 20 candidate words), instead of leaving every other one out."""

    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs):   # noqa: N802 — pyqtgraph's name
        super().drawPicture(p, axisSpec, tickSpecs, [])
        p.setFont(self.style["tickFont"])
        p.setPen(self.textPen())
        top = axisSpec[1].y() + self.style["tickTextOffset"][1]
        for rect, _flags, text in textSpecs:
            p.save()
            p.translate(rect.center().x(), top)
            p.rotate(-90)
            p.drawText(QRectF(-self.height(), -rect.height() / 2, self.height(), rect.height()),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
            p.restore()


class _PanelItems:
    """The graphics of one panel: a fixed-size ViewBox with its image, axes, title and cell text."""

    def __init__(self, vb: pg.ViewBox, image: pg.ImageItem, title: pg.LabelItem | None,
                 left: pg.AxisItem | None, bottom: pg.AxisItem | None):
        self.vb, self.image, self.title, self.left, self.bottom = vb, image, title, left, bottom
        self.texts: list[list[pg.TextItem]] = []
        self.row_step = self.col_step = 1                 # every n-th tick label (long sentences)


class Figure:
    """A spec drawn as a standalone scene. `size` is its size in px at scale 1 (= points in a PDF)."""

    def __init__(self, spec: FigureSpec, built: bool = True):
        ensure_app()
        self.spec = spec
        self.font = tick_font()
        self.metrics = QFontMetricsF(self.font)
        self.widget = pg.GraphicsLayoutWidget()      # never shown: it owns the scene exporters use
        self.widget.setBackground(BACKGROUND)
        self.root: pg.GraphicsLayout = self.widget.ci
        self.root.setContentsMargins(14, 10, 14, 8)
        self.root.setSpacing(6)
        self._pieces = self._build()
        self.built = False
        if built:
            while not self.build_step():
                pass

    def build_step(self) -> bool:
        """Build the next piece (a panel, the colour bar, the data, the layout); True once the
        figure is complete. `Figure(spec, built=False)` lets a window build it a piece per turn of
        its event loop (nine panels at once held it 140 ms on the 2-core Xeon)."""
        if not self.built and next(self._pieces, None) is None:
            self.built = True
        return self.built

    # --- sizes -----------------------------------------------------------------------------------
    def _text_width(self, labels) -> float:
        return max((self.metrics.horizontalAdvance(s) for s in labels if s), default=0.0)

    def _cell_sizes(self, panel: Panel) -> tuple[float, float]:
        """(width, height) of one cell in px; sets the panel's tick-label steps as a side effect of
        long sentences: up to LABEL_EVERY tokens every one is named (the panel grows; words that
        do not fit side by side stand upright); beyond, every n-th is shown."""
        spec = self.spec
        several = len(spec.panels) > 1
        token_cell = GRID_TOKEN_CELL if several else TOKEN_CELL
        dims_width = spec.panel_px or (GRID_DIMS_PANEL if several else DIMS_PANEL)
        longest = GRID_MAX_PANEL if several else MAX_PANEL
        rows, cols = panel.matrix.shape
        line = self.metrics.height()
        self._row_step = self._col_step = 1
        self._col_upright = False
        if panel.row_tokens:
            need = max(token_cell, line + 2)
            ch = min(need, max(3.0, longest / rows))
            if spec.name_every_token and rows <= LABEL_EVERY:   # every token named: the panel grows
                ch = max(ch, line + 2)
            self._row_step = math.ceil((line + 2) / ch)
        else:
            ch = max(2.0, min(token_cell, dims_width / rows))
        if panel.col_tokens:
            wide = self._text_width(panel.cols)
            need = max(token_cell, wide + 8)
            cw = min(need, max(3.0, longest / cols))
            words = any(len(s) > 1 for s in panel.cols)
            if spec.name_every_token and cols <= LABEL_EVERY:   # every token named: the panel grows
                cw = max(cw, line + 2 if words else wide + 3)
            if wide + (8 if cw >= need else 3) > cw:     # side by side they do not fit:
                if words:                                  # words stand upright (as the window's axes)
                    self._col_upright = True
                    self._col_step = math.ceil((line + 2) / cw)
                else:                                      # characters: every n-th
                    self._col_step = math.ceil((wide + 3) / cw)
        else:
            cw = max(2.0, min(token_cell, dims_width / cols))
        if panel.cell_text is not None:
            words = [line for row in panel.cell_text for cell in row for line in cell.split("\n")]
            n_lines = max((cell.count("\n") + 1 for row in panel.cell_text for cell in row), default=1)
            cw = max(cw, self._text_width(words) + 10)
            ch = max(ch, n_lines * line + 6)
        return cw, ch

    # --- building --------------------------------------------------------------------------------
    def _build(self):
        """The figure's items, a generator that yields after each piece (see build_step)."""
        spec = self.spec
        n_rows, n_cols = len(spec.grid), max(len(r) for r in spec.grid)
        self.title = label(spec.title, TITLE_PX)
        self.root.addItem(self.title, row=0, col=0)
        body = self.body = pg.GraphicsLayout()
        body.setSpacing(0)
        body.setContentsMargins(0, 0, 0, 0)
        self.root.addItem(body, row=1, col=0)
        self.caption = label(spec.caption, CAPTION_PX, CAPTION)
        self.root.addItem(self.caption, row=2, col=0)
        for item in (self.title, body, self.caption):
            self.root.layout.setAlignment(item, Qt.AlignmentFlag.AlignHCenter)

        # axis sizes: one width for every left axis, one height for every bottom axis
        self.left_width = self._text_width([s for p in spec.panels for s in p.rows]) + 10
        self.bottom_height = self.metrics.height() + 8
        upright = []
        for p in spec.panels:
            self._cell_sizes(p)
            if self._col_upright:
                upright.append(self._text_width(p.cols) + 10)
        self.upright_height = max(upright, default=self.bottom_height)
        first_col = 2
        self.row_axis = label(spec.row_axis, AXIS_TITLE_PX, angle=-90) if spec.row_axis else None
        if self.row_axis is not None:
            body.addItem(self.row_axis, row=0, col=0, rowspan=n_rows)
        self.row_headers = []
        for i, text in enumerate(spec.row_headers):
            header = label(f"<b>{text}</b>", PANEL_TITLE_PX, angle=-90)
            body.addItem(header, row=i, col=1)
            self.row_headers.append(header)
        self.panels: list[list[_PanelItems | None]] = []
        images = []
        for i, row in enumerate(spec.grid):
            titled = any(p is not None and p.title for p in row)
            items_row = []
            # free rows: each row lays its panels out side by side, not in the columns of the others
            into, at_row, col0 = ((body.addLayout(row=i, col=first_col, colspan=n_cols), 0, 0) if spec.free_rows
                                  else (body, i, first_col))
            for j, panel in enumerate(row):
                if panel is None:
                    items_row.append(None)
                    continue
                show_left = not spec.edge_labels or j == 0
                show_bottom = not spec.edge_labels or i == n_rows - 1 or self._below_is_empty(i, j)
                items = self._panel(into, at_row, col0 + j, panel, titled, show_left, show_bottom)
                if panel.levels is None:              # the colour bar drives the panels on its scale
                    images.append(items.image)
                items_row.append(items)
                yield True
            self.panels.append(items_row)
        self.colorbar = pg.ColorBarItem(values=spec.levels, colorMap=COLORMAP, width=12, interactive=False,
                                        colorMapMenu=False, label=spec.colorbar_label or None)
        vector_colour_bar(self.colorbar)             # its strip too: rectangles in a vector file
        axis = self.colorbar.getAxis("right")
        axis.setStyle(tickFont=self.font, tickTextOffset=4)
        for side in ("left", "right", "top", "bottom"):
            self.colorbar.getAxis(side).setPen(FOREGROUND)
            self.colorbar.getAxis(side).setTextPen(FOREGROUND)
        self.colorbar.setImageItem(images)
        self.colorbar.setMaximumHeight(max(120.0, min(320.0, 60.0 * n_rows + 100)))
        body.addItem(self.colorbar, row=0, col=first_col + n_cols, rowspan=n_rows)
        body.layout.setAlignment(self.colorbar, Qt.AlignmentFlag.AlignVCenter)
        self.col_axis = label(spec.col_axis, AXIS_TITLE_PX) if spec.col_axis else None
        if self.col_axis is not None:
            body.addItem(self.col_axis, row=n_rows, col=first_col, colspan=n_cols)
        yield True
        self._fill(spec)
        yield True
        self._lay_out()
        yield True

    def _below_is_empty(self, i: int, j: int) -> bool:
        grid = self.spec.grid
        return all(j >= len(grid[k]) or grid[k][j] is None for k in range(i + 1, len(grid)))

    def _panel(self, body, row, col, panel: Panel, titled, show_left, show_bottom) -> _PanelItems:
        cell = body.addLayout(row=row, col=col)
        cell.setSpacing(0)
        cell.setContentsMargins(3, 2, 3, 4)
        cw, ch = self._cell_sizes(panel)
        r, c = panel.matrix.shape
        vb = pg.ViewBox(invertY=True, enableMouse=False, enableMenu=False, defaultPadding=0)
        vb.setFixedWidth(cw * c)
        vb.setFixedHeight(ch * r)
        vb.setRange(xRange=(0, c), yRange=(0, r), padding=0)
        image = CellImage(axisOrder="row-major")
        image.setColorMap(COLORMAP)
        vb.addItem(image)
        title = None
        if titled:
            title = label(panel.title, PANEL_TITLE_PX)
            cell.addItem(title, row=0, col=1)
        cell.addItem(vb, row=1, col=1)
        left = bottom = None
        # the axes are not linked to the view: their ranges are the matrix's, set here once
        if show_left:
            left = self._axis("left")
            left.setRange(r, 0)                          # rows top to bottom, as the inverted view
            left.setWidth(self.left_width)
            left.setFixedHeight(ch * r)                  # its rows the image's, however tall the row of panels
            cell.addItem(left, row=1, col=0)
        if show_bottom:
            bottom = self._axis("bottom", upright=self._col_upright)
            bottom.setRange(0, c)
            bottom.setHeight(self.upright_height if self._col_upright else self.bottom_height)
            bottom.setFixedWidth(cw * c)
            cell.addItem(bottom, row=2, col=1)
        # a panel keeps its own height, at the top of a taller row of panels (the cross-attention
        # pipeline's X and Q have the target's rows, K and V the source's): stretched, its row
        # labels would drift off the rows of its image
        cell.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        body.layout.setAlignment(cell, Qt.AlignmentFlag.AlignTop)
        items = _PanelItems(vb, image, title, left, bottom)
        items.row_step, items.col_step = self._row_step, self._col_step
        if panel.cell_text is not None:
            for y in range(r):
                text_row = []
                for x in range(c):
                    t = pg.TextItem("", anchor=(0.5, 0.5))
                    t.setFont(self.font)
                    t.setPos(x + 0.5, y + 0.5)
                    vb.addItem(t)
                    text_row.append(t)
                items.texts.append(text_row)
        return items

    def _axis(self, side: str, upright: bool = False) -> pg.AxisItem:
        axis = (UprightAxis if upright else pg.AxisItem)(side, pen=FOREGROUND, textPen=FOREGROUND)
        axis.setStyle(tickFont=self.font, tickLength=-3, tickTextOffset=4, hideOverlappingLabels=False,
                      autoExpandTextSpace=False, autoReduceTextSpace=False)
        return axis

    # --- data ------------------------------------------------------------------------------------
    def _fill(self, spec: FigureSpec) -> None:
        for items_row, row in zip(self.panels, spec.grid):
            for items, panel in zip(items_row, row):
                if items is None:
                    continue
                lo, hi = panel.levels or spec.levels
                items.image.setImage(panel.matrix, autoLevels=False, levels=(lo, hi))
                if items.title is not None:
                    items.title.setText(panel.title)
                if items.left is not None:
                    items.left.setTicks(ticks(panel.rows, items.row_step))
                if items.bottom is not None:
                    items.bottom.setTicks(ticks(panel.cols, items.col_step))
                if panel.cell_text is not None:
                    for y, text_row in enumerate(items.texts):
                        for x, t in enumerate(text_row):
                            v = panel.matrix[y, x]
                            light = np.isfinite(v) and (v - lo) < 0.6 * (hi - lo)   # dark viridis cells
                            t.setText(panel.cell_text[y][x])
                            t.setColor("#ffffff" if light else "#1a1a1a")
        self.colorbar.setLevels(spec.levels)
        self.title.setText(spec.title)
        self.caption.setText(spec.caption)

    def update(self, spec: FigureSpec) -> None:
        """Show `spec` in place: same grid and panel shapes (an animation pads its frames to one)."""
        shapes = [p.matrix.shape if p is not None else None for row in spec.grid for p in row]
        mine = [p.matrix.shape if p is not None else None for row in self.spec.grid for p in row]
        if shapes != mine:
            raise ValueError(f"Figure.update: panel shapes {shapes} differ from {mine}")
        self.spec = spec
        self._fill(spec)

    # --- layout and rendering --------------------------------------------------------------------
    def _lay_out(self) -> None:
        # the body keeps its preferred size, centred under a wider title, instead of stretching
        self.body.setMaximumSize(self.body.effectiveSizeHint(Qt.SizeHint.PreferredSize))
        size = self.root.effectiveSizeHint(Qt.SizeHint.PreferredSize)
        self.rect = QRectF(QPointF(0, 0), QSizeF(math.ceil(size.width()), math.ceil(size.height())))
        self.root.setGeometry(self.rect)
        self.root.layout.activate()
        self.widget.setSceneRect(self.rect)

    @property
    def size(self) -> tuple[int, int]:
        return int(self.rect.width()), int(self.rect.height())

    def paint(self, painter: QPainter, target: QRectF | None = None) -> None:
        """Draw the figure with `painter` into `target` (default: its own rect at the painter's scale)."""
        painter.fillRect(target or self.rect, QColor(BACKGROUND))
        self.widget.scene().render(painter, target or self.rect, self.rect)

    def image(self, scale: float = 1.0) -> QImage:
        """The figure as an image, `scale` device pixels per figure pixel."""
        bands = self.image_in_bands(scale, band_px=1 << 30)
        while True:
            try:
                next(bands)
            except StopIteration as done:
                return done.value

    def image_in_bands(self, scale: float = 1.0, band_px: int = BAND_PX):
        """`image(scale)` drawn a band of `band_px` device-pixel rows at a time: a generator that
        yields after each band and returns the image (a window drawing an export between its own
        events: the nine-panel pipeline in one go held the event loop 34 ms in a monkey run; a band
        is 3–11 ms). Each band renders the scene's strip behind it, clipped to it, at the same
        transform: matrices, lines and marks come out as in one render; only some antialiased
        glyphs of the labels differ in grey level (1 % of the pixels of the pipeline figure)."""
        w, h = self.size
        img = QImage(max(1, round(w * scale)), max(1, round(h * scale)), QImage.Format.Format_RGB32)
        img.fill(QColor(BACKGROUND))
        factor = img.height() / self.rect.height()
        top = 0
        while top < img.height():
            rows = min(band_px, img.height() - top)
            painter = QPainter(img)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            target = QRectF(0, top, img.width(), rows)
            source = QRectF(self.rect.left(), self.rect.top() + top / factor, self.rect.width(), rows / factor)
            painter.setClipRect(target)
            self.widget.scene().render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
            painter.end()
            top += rows
            if top < img.height():
                yield
        return img

    def close(self) -> None:
        """Drop the scene's items now (Export all builds many figures; with no event loop running,
        deleteLater would never run)."""
        self.widget.clear()
