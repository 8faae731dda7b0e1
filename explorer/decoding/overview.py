"""The model at a glance (BertViz's model view): the softmax weights of every layer × head as small
multiples, for encoder self-attention, decoder self-attention or cross-attention. Click one to open
it in the stage view.

Built for speed: one ViewBox, one pre-allocated ImageItem per cell placed with setRect and updated
with setImage (no axes, no per-cell labels), shared levels (0, 1), down-sampled when a cell is
smaller on screen than its matrix.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QGraphicsPathItem, QHBoxLayout, QLabel, QRadioButton,
                               QVBoxLayout, QWidget)

from core.names import block_act_name

from ..binding import bind_checked
from ..descriptions import attention_name
from ..i18n import translate
from ..views.base import RefreshWhenShown
from ..views.heatmap import COLORMAP

KINDS = ("enc.self", "dec.self", "dec.cross")


def kind_label(kind: str) -> str:
    """The radio button's name of an attention block, in the interface language (made when shown:
    not at import, before a language is installed)."""
    if kind == "dec.cross":
        return translate("ModelOverview", "{name} (rows: target queries, columns: source keys)").format(
            name=attention_name(kind))
    return attention_name(kind)
GAP = 0.12
OFF = QColor("#e8452c")          # a switched-off head's cross


def weights_name(kind: str, layer: int) -> str:
    """"dec.cross", 3 → "dec.3.cross.weights" (the trace's name)."""
    return block_act_name(kind, layer, "weights")


class OverviewCell(pg.ImageItem):
    def __init__(self, layer: int, head: int, on_click):
        super().__init__(axisOrder="row-major", autoDownsample=True)
        self.layer, self.head, self._on_click = layer, head, on_click
        self.setColorMap(COLORMAP)
        self.setToolTip(translate("ModelOverview", "layer {layer}, head {head}: click to open it in the stage view "
                                  "(or to switch it off, see above)").format(layer=layer, head=head))

    def mouseClickEvent(self, ev):
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self._on_click(self.layer, self.head)


class ModelOverview(RefreshWhenShown, QWidget):
    """Small multiples of one attention kind; `opened` is emitted after a click selected a stage."""

    opened = Signal(str, int, int)       # kind, layer, head

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        decoder_only = state.arch.stacks == ("dec",)
        self.kinds = [(k, translate("ModelOverview", "Masked self-attention") if decoder_only else kind_label(k))
                      for k in state.overview_kinds()]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.kind_buttons = QButtonGroup(self)
        for i, (kind, label) in enumerate(self.kinds):
            b = QRadioButton(label)
            b.setChecked(kind == state.overview_kind)
            self.kind_buttons.addButton(b, i)
            row.addWidget(b)
        row.addStretch(1)
        self.click_switches = QCheckBox(translate("ModelOverview", "a click switches the head off / on"))
        self.click_switches.setToolTip(translate("ModelOverview", "when ticked, clicking a head zeroes it (an ablation, as in the top bar) "
                                       "instead of opening it; switched-off heads are crossed out in red"))
        bind_checked(self.click_switches, state, "overview_switches")
        row.addWidget(self.click_switches)
        layout.addLayout(row)
        self.caption = QLabel()
        layout.addWidget(self.caption)
        self.view = pg.GraphicsView()
        self.view.setBackground(None)
        self.vb = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False, enableMenu=False)
        self.view.setCentralItem(self.vb)
        layout.addWidget(self.view, 1)
        n_layers, n_heads = state.n_layers, state.n_heads
        self.cells: list[list[OverviewCell]] = []
        self.off_marks: dict[tuple[int, int], QGraphicsPathItem] = {}    # (layer, head) → its red cross
        pen = QPen(OFF)
        pen.setCosmetic(True)
        pen.setWidth(3)
        for layer in range(n_layers):
            row_cells = []
            for head in range(n_heads):
                cell = OverviewCell(layer, head, self._on_cell_clicked)
                cell.setRect(QRectF(head * (1 + GAP), layer * (1 + GAP), 1, 1))
                self.vb.addItem(cell)
                row_cells.append(cell)
                x, y = head * (1 + GAP), layer * (1 + GAP)
                path = QPainterPath()
                path.addRect(QRectF(x, y, 1, 1))
                path.moveTo(x, y)
                path.lineTo(x + 1, y + 1)
                path.moveTo(x + 1, y)
                path.lineTo(x, y + 1)
                mark = QGraphicsPathItem(path)
                mark.setPen(pen)
                mark.setZValue(5)
                mark.setVisible(False)
                mark.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
                self.vb.addItem(mark)
                self.off_marks[(layer, head)] = mark
            self.cells.append(row_cells)
        for layer in range(n_layers):          # one label per row and per column, not per cell
            t = pg.TextItem(f"L{layer}", anchor=(1, 0.5), color="#888888")
            t.setPos(-0.05, layer * (1 + GAP) + 0.5)
            self.vb.addItem(t)
        for head in range(n_heads):
            t = pg.TextItem(f"h{head}", anchor=(0.5, 1), color="#888888")
            t.setPos(head * (1 + GAP) + 0.5, -0.02)
            self.vb.addItem(t)
        self.vb.setRange(QRectF(-0.4, -0.3, n_heads * (1 + GAP) + 0.4, n_layers * (1 + GAP) + 0.3), padding=0)
        self.kind_buttons.idClicked.connect(self._on_kind_clicked)
        state.events.trace_changed.connect(self._on_trace_changed)
        state.events.ablations_changed.connect(self._on_ablations_changed)
        state.events.overview_kind_changed.connect(self._on_overview_kind_changed)
        self._dirty = True

    @property
    def kind(self) -> str:
        """The attention block shown (the state's overview_kind)."""
        return self.state.overview_kind

    def _on_kind_clicked(self, index: int) -> None:
        self.set_kind(self.kinds[index][0])

    def set_kind(self, kind: str) -> None:
        self.state.overview_kind = kind

    def _on_overview_kind_changed(self, kind: str) -> None:
        self.kind_buttons.button([k for k, _ in self.kinds].index(kind)).setChecked(True)
        self._mark_heads_off()
        self.request_refresh()

    def _on_ablations_changed(self, _a) -> None:
        self._mark_heads_off()

    def _mark_heads_off(self) -> None:
        """A red cross over every head switched off in the shown attention kind."""
        a = self.state.ablations
        for (layer, head), mark in self.off_marks.items():
            mark.setVisible(a.head_off(self.kind, layer, head) and layer < self.state.layers(self.kind.split(".")[0]))

    def heads_off(self) -> list[tuple[int, int]]:
        """(layer, head) of the cells marked off (what a user sees crossed out)."""
        return sorted(k for k, mark in self.off_marks.items() if mark.isVisible())

    def _on_cell_clicked(self, layer: int, head: int) -> None:
        if self.state.overview_switches:
            from .ablation_bar import toggle_head

            toggle_head(self.state, self.kind, layer, head)
        else:
            self._open(layer, head)

    def _on_trace_changed(self, _trace) -> None:
        self.request_refresh()

    def refresh(self) -> None:
        trace = self.state.trace
        if trace is None:
            return
        self._dirty = False
        depth = self.state.layers(self.kind.split(".")[0])   # a stack may be shallower than the other
        for layer, row_cells in enumerate(self.cells):
            for cell in row_cells:
                cell.setVisible(layer < depth)
            if layer >= depth:
                continue
            weights = trace[weights_name(self.kind, layer)]     # (h, Lq, Lk)
            for head, cell in enumerate(row_cells):
                shape_changed = cell.image is None or cell.image.shape != weights[head].shape
                cell.setImage(weights[head], autoLevels=False, levels=(0.0, 1.0))
                if shape_changed:            # setRect scales by the image's size: after a new shape
                    cell.setRect(QRectF(head * (1 + GAP), layer * (1 + GAP), 1, 1))
        self._mark_heads_off()
        label = dict(self.kinds)[self.kind]
        shape = trace[weights_name(self.kind, 0)].shape
        self.caption.setText(translate("ModelOverview", "{kind}: softmax weights of every layer (rows) × head (columns), each "
                             "{rows} × {cols}, colour 0 … 1. Click one to open it in the stage view; "
                             "crossed out in red: switched off.").format(kind=label, rows=shape[1], cols=shape[2]))

    def _open(self, layer: int, head: int) -> None:
        self.state.select_box(self.kind, layer)
        self.state.head = head
        self.opened.emit(self.kind, layer, head)
