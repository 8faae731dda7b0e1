"""Cross-attention as an alignment (BertViz's head view): source tokens on one line, target tokens
on another, a line from each target token (query) to each source token (key) as strong as its
weight, for one layer and one head or the heads' average."""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.names import act_name
from core.summaries import head_weights, strongest_links, top_k

from ..i18n import translate
from ..theme import pane_colour
from ..views.axes import SHARED
from ..views.base import RefreshWhenShown
from ..views.pickers import AVERAGE, layer_head_pickers

LINE = QColor("#e8452c")
PER_ROW = 10                 # links drawn per target token (its strongest) …
MAX_LINKS = 240              # … fewer when there are many target tokens (a hairball, and 20 ms to paint)
LEVELS = 16                  # strengths a link is drawn with (weights binned)


def mixed(background: QColor, colour: QColor, alpha: float) -> QColor:
    """`colour` at opacity `alpha` over `background`, as one opaque colour."""
    return QColor.fromRgbF(*(b + (c - b) * alpha for b, c in zip(background.getRgbF()[:3], colour.getRgbF()[:3])))


def links_per_row(n_rows: int) -> int:
    return max(3, min(PER_ROW, MAX_LINKS // max(1, n_rows)))


class AlignmentCanvas(QWidget):
    """The two token lines and the weighted links between them (custom-painted, a few hundred lines)."""

    def __init__(self, owner, parent=None):
        super().__init__(parent)
        self.owner = owner
        self.setMinimumSize(240, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        # it fills its whole rectangle: Qt need not paint the tab page, splitters and window under it
        # on every new trace first (~7 % of a keystroke's paint went to the tab widget's pane)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.hovered: tuple[str, int] | None = None

    def positions(self, n: int, y: float) -> list[QPointF]:
        margin = 30.0
        width = max(1.0, self.width() - 2 * margin)
        return [QPointF(margin + width * (i + 0.5) / max(1, n), y) for i in range(n)]

    def token_lines(self):
        h = self.height()
        below = 36.0 if self.owner.tgt_predicted else 22.0     # room for "→ predicted" under each target
        return 22.0, h - below             # source (keys) on top, target (queries) below

    def paintEvent(self, _event) -> None:
        o = self.owner
        weights, src, tgt = o.weights, o.src_tokens, o.tgt_tokens
        p = QPainter(self)
        background = pane_colour(self.palette())
        p.fillRect(self.rect(), background)              # as if transparent on its tab page
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fg = self.palette().color(QPalette.ColorRole.WindowText)
        if weights is None:
            p.end()
            return
        y_src, y_tgt = self.token_lines()
        ps, pt = self.positions(len(src), y_src + 10), self.positions(len(tgt), y_tgt - 12)
        focus = self.hovered
        # the links grouped by strength into LEVELS pens, one drawLines call each (not one per link)
        links: dict[int, list[QLineF]] = {}
        for i, j in zip(*o.links):
            if focus is not None and not ((focus[0] == "tgt" and focus[1] == i) or
                                          (focus[0] == "src" and focus[1] == j)):
                continue
            level = min(LEVELS - 1, int(float(weights[i, j]) * LEVELS))
            links.setdefault(level, []).append(QLineF(pt[i], ps[j]))
        # faint to strong, each level's colour mixed with the background beforehand: an opaque pen
        # strokes a wide antialiased line ~8× faster than a translucent one (9 vs 75 µs a link)
        for level in sorted(links):
            w = (level + 0.5) / LEVELS
            p.setPen(QPen(mixed(background, LINE, min(1.0, 0.08 + 0.92 * w)), 0.5 + 4.0 * w))
            p.drawLines(links[level])
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(self.font())
        bold.setPointSizeF(self.font().pointSizeF() * 1.1)
        p.setFont(bold)
        key = SHARED.key(bold)
        plain = QFont(self.font())
        # a target is the input it reads and, under it, the word it predicts ("am", "→ a"): the row
        # that writes "a" attends to 一, not "am"
        predicted = [f"→ {w}" for w in o.tgt_predicted]
        for tokens, pts, side, dy, under in ((src, ps, "src", -16, []), (o.tgt_inputs or tgt, pt, "tgt", 4, predicted)):
            texts = [SHARED.text(token, bold, key) for token in tokens]     # laid out once per font
            unders = [SHARED.text(token, plain, SHARED.key(plain)) for token in under]
            # closer than a label: every k-th token labelled (and the hovered one), the lines stay
            widest = max((t.size().width() for t in texts + unders), default=0.0)
            spacing = pts[1].x() - pts[0].x() if len(pts) > 1 else widest + 4
            stride = max(1, math.ceil((widest + 4) / max(spacing, 1e-6)))
            for k, (text, q) in enumerate(zip(texts, pts)):
                hovered = focus == (side, k)
                if k % stride and not hovered:
                    continue
                size = text.size()                    # centred on the token's place
                p.setPen(LINE if hovered else fg)
                p.setFont(bold)
                top = q.y() + dy + (16 - size.height()) / 2
                p.drawStaticText(QPointF(q.x() - size.width() / 2, top), text)
                if k < len(unders):
                    p.setFont(plain)
                    p.drawStaticText(QPointF(q.x() - unders[k].size().width() / 2, top + size.height()), unders[k])
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
        p.setFont(small)
        p.setPen(QColor("#888888"))
        p.drawText(QRectF(2, 0, 200, 12), Qt.AlignmentFlag.AlignLeft, translate("AlignmentView", "source (keys)"))
        p.drawText(QRectF(2, self.height() - 12, 200, 12), Qt.AlignmentFlag.AlignLeft, translate("AlignmentView", "target (queries)"))
        p.end()

    def token_at(self, pos: QPointF):
        o = self.owner
        y_src, y_tgt = self.token_lines()
        for side, tokens, y in (("src", o.src_tokens, y_src), ("tgt", o.tgt_tokens, y_tgt)):
            if abs(pos.y() - y) < 16 and tokens:
                pts = self.positions(len(tokens), y)
                i = int(np.argmin([abs(q.x() - pos.x()) for q in pts]))
                return side, i
        return None

    def mouseMoveEvent(self, event) -> None:
        token = self.token_at(event.position())
        if token != self.hovered:
            self.hovered = token
            self.owner.on_hover(token)
            self.update()

    def leaveEvent(self, event) -> None:
        if self.hovered is not None:
            self.hovered = None
            self.owner.on_hover(None)
            self.update()
        super().leaveEvent(event)


class AlignmentView(RefreshWhenShown, QWidget):
    """Layer and head pickers over the canvas, bound to `state.alignment` (which follows the stage
    view while a cross-attention stage is selected; ExplorerState.alignment)."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.weights: np.ndarray | None = None
        self.links: tuple[list[int], list[int]] = ([], [])
        self.src_tokens: list[str] = []
        self.tgt_tokens: list[str] = []          # a target's label: "input → predicted"
        self.tgt_inputs: list[str] = []          # … drawn as the input token
        self.tgt_predicted: list[str] = []       # … over the word it predicts (none: the trace does not say)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.title = QLabel("<b>" + translate("AlignmentView", "Cross-attention alignment") + "</b>")
        row.addWidget(self.title)
        row.addStretch(1)
        self.layer, self.head = layer_head_pickers(max(1, state.layers("dec")), state.n_heads)
        row.addWidget(self.layer)
        row.addWidget(self.head)
        layout.addLayout(row)
        self.canvas = AlignmentCanvas(self)
        layout.addWidget(self.canvas, 1)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        self._on_alignment_changed(state.alignment)
        self.layer.activated.connect(self._picked)           # the user's choice only, not ours
        self.head.activated.connect(self._picked)
        ev = state.events
        ev.trace_changed.connect(self._on_trace_changed)
        ev.alignment_changed.connect(self._on_alignment_changed)

    def selection(self) -> tuple[int, int]:
        """(layer, head); head = AVERAGE (−1) for the heads' mean."""
        return self.state.alignment

    def select(self, layer: int, head: int) -> None:
        self.state.alignment = (layer, head)

    # user input → state -------------------------------------------------------------------------
    def _picked(self, _i) -> None:
        self.state.alignment = (int(self.layer.currentData()), int(self.head.currentData()))

    # state → view -------------------------------------------------------------------------------
    def _on_alignment_changed(self, alignment) -> None:
        layer, head = alignment
        self.layer.setCurrentIndex(self.layer.findData(layer))
        self.head.setCurrentIndex(self.head.findData(head))
        self.request_refresh()

    def _on_trace_changed(self, _t) -> None:
        self.request_refresh()

    def refresh(self) -> None:
        trace = self.state.trace
        if trace is None:
            return
        layer, head = self.selection()
        all_heads = trace[act_name("dec", layer, "cross", "weights")]
        self.weights = head_weights(all_heads, head)
        # each target token's strongest links (links_per_row): thousands of faint alpha-blended lines (a 64-token
        # sentence of a random model) took 100 ms to paint and showed nothing more
        per_row = links_per_row(self.weights.shape[0])
        rows, cols = strongest_links(self.weights, per_row)
        self.links = (rows.tolist(), cols.tolist())
        # a target row by what it reads and what it predicts: the row that writes "a" reads "am"
        self.src_tokens, self.tgt_tokens = list(trace.src_tokens), trace.tgt_rows
        self.tgt_inputs = list(trace.tgt_tokens)
        predicted = trace.meta.get("tgt_predicted") or []
        self.tgt_predicted = list(predicted) if len(predicted) == len(self.tgt_inputs) else []
        which = (translate("AlignmentView", "the heads' average") if head == AVERAGE
                 else translate("AlignmentView", "head {head}").format(head=head))
        self.caption.setText(translate("AlignmentView", "decoder layer {layer}, {which}: a line from each target token (query) to its "
                             "{n} strongest source tokens (keys), as strong as the weight; under each target token "
                             "(the decoder's input), → the word it predicts. Hover a token to isolate its lines.").format(
                                 layer=layer, which=which, n=per_row))
        self.canvas.update()

    def on_hover(self, token) -> None:
        self.state.hovered_token = token
        if token is None:
            self.state.hover_text = ""          # the mouse left the tokens: no stale line in the status bar
        if token is None or self.weights is None:
            return
        side, i = token
        if side == "tgt" and i < self.weights.shape[0]:
            (j,), (w,) = top_k(self.weights[i], 1)
            self.state.hover_text = translate("AlignmentView", "cross-attention: target {target} (query) attends most to source"
                                              " {source} (key): {weight}").format(
                target=self.tgt_tokens[i], source=self.src_tokens[j], weight=f"{w:.3f}")
        elif side == "src" and i < self.weights.shape[1]:
            (k,), (w,) = top_k(self.weights[:, i], 1)
            self.state.hover_text = translate("AlignmentView", "cross-attention: source {source} (key) is read most by target"
                                              " {target} (query): {weight}").format(
                source=self.src_tokens[i], target=self.tgt_tokens[k], weight=f"{w:.3f}")
