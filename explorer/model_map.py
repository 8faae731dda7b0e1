"""The model map: the architecture drawn like the paper's Figure 1, every block clickable, the
current stage highlighted. Custom-painted; it reads the state and writes clicks back to it."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from .i18n import QT_TRANSLATE_NOOP, translate


# block colours as in Figure 1 (pastel, readable on light and dark backgrounds)
COLORS = {"attention": QColor("#f6d5a8"), "norm": QColor("#f3f0b0"), "ffn": QColor("#b9e0f5"),
          "embed": QColor("#f4c6c6"), "pe": QColor("#ffffff"), "linear": QColor("#d7cdea"),
          "softmax": QColor("#c6e8c6")}
CURRENT = QColor("#e8452c")
MIN_POINT = 9.0             # text under 9 pt is not read on screen (as the matrices' labels: views/axes.py)

ATTENTION_LABELS = {"self": QT_TRANSLATE_NOOP("ModelMap", "Multi-Head Attention"),
                    "masked self": QT_TRANSLATE_NOOP("ModelMap", "Masked Multi-Head Attention"),
                    "cross": QT_TRANSLATE_NOOP("ModelMap", "Multi-Head Cross-Attention")}


def stack_boxes(arch, stack: str) -> list[tuple[str, str, str]]:
    """(box, label, kind) of one layer of `stack`, top to bottom as Figure 1 draws them (from the
    architecture: its attention blocks, its norms before or after each sub-layer)."""
    from .stages import sublayers

    kinds = {b.site: b.kind for b in arch.attention(stack)}
    out = []
    for site, kind, _title in sublayers(arch, stack):
        if kind == "attention":
            label = translate("ModelMap", ATTENTION_LABELS[kinds[site]])
        elif kind == "ffn":
            label = translate("ModelMap", "Feed Forward")
        else:
            label = "LayerNorm" if arch.norm == "pre" else translate("ModelMap", "Add & Norm")
        out.append((f"{stack}.{site}", label, kind))
    return out[::-1]


class ModelMap(QWidget):
    """Figure 1 as a widget, drawn from the state's Architecture: one column per stack (encoder,
    decoder or both), the sub-layers of a layer in order, the final LayerNorm of a pre-LN stack, the
    output Linear and softmax where the model has them. `boxes` maps a block name to its rectangle."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.arch = state.arch
        self.boxes: dict[str, QRectF] = {}
        self.labels: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.frames: dict[str, QRectF] = {}
        self.layer_buttons: dict[tuple[str, int], QRectF] = {}
        self.setMinimumSize(260, 480)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self._hover: str | None = None
        state.events.stage_index_changed.connect(self._on_stage_index_changed)

    def sizeHint(self) -> QSize:
        return QSize(300, 640)

    def _on_stage_index_changed(self, _i) -> None:
        self.update()

    @property
    def output_stack(self) -> str:
        return "dec" if "dec" in self.arch.stacks else "enc"

    # geometry -----------------------------------------------------------------------------------
    def _layout(self) -> None:
        arch = self.arch
        w, h = self.width(), self.height()
        m = 8
        stacks = list(arch.stacks)
        n_cols = len(stacks)
        col_w = (w - (n_cols + 1) * m - 36) / n_cols if n_cols > 1 else min(w - 2 * m - 40, 220)
        row = (h - 2 * m) / 17.0            # 17 rows of layout units
        box_h = row * 0.9                   # two lines of 9-pt text at 1366 × 768
        self.boxes, self.labels, self.kinds, self.frames, self.titles = {}, {}, {}, {}, {}
        title_h = QFontMetricsF(self.label_font()).height() + 2   # each stack's title in a band of its own
        self.layer_buttons = {}

        def rect(x, r, width=col_w, height=box_h):
            return QRectF(x, m + r * row, width, height)

        def put(name, r, label, kind):
            self.boxes[name], self.labels[name], self.kinds[name] = r, label, kind

        bottom = 9.0                        # every stack's lowest block ends here
        xs = {}
        for c, stack in enumerate(stacks):
            x = m + 18 + c * (col_w + m) if n_cols > 1 else (w - col_w) / 2
            xs[stack] = x
            boxes = stack_boxes(arch, stack)
            top = bottom - len(boxes)
            for j, (name, label, kind) in enumerate(boxes):
                put(name, rect(x + 6, top + j, col_w - 12), label, kind)
            self.frames[stack] = QRectF(x, m + (top - 0.2) * row - title_h, col_w, len(boxes) * row + 0.3 * row + title_h)
            frame = self.frames[stack]
            self.titles[stack] = QRectF(frame.left() + 1, frame.top() + 1, frame.width() - 2, title_h)
            n = arch.layers(stack)
            frame = self.frames[stack]
            bw = min(26.0, (frame.width() - 4) / max(1, n))
            for i in range(n):
                self.layer_buttons[stack, i] = QRectF(frame.left() + 2 + i * bw, frame.bottom() + 4, bw - 3, row * 0.7)
            side = "src" if stack == "enc" else "tgt"
            put(f"{side}.pe", QRectF(x + col_w / 2 - row * 0.4, m + 12.0 * row, row * 0.8, row * 0.8), "+", "pe")
            put(f"{side}.embed", rect(x, 13.4), translate("ModelMap", "Input Embedding") if side == "src"
                or not arch.is_seq2seq else translate("ModelMap", "Output Embedding"), "embed")
        # above the output stack: its final LayerNorm, then Linear and softmax
        out = self.output_stack
        above = (self.frames[out].top() - m) / row - 0.2
        if arch.final_norm:
            for stack in stacks:
                top = (self.frames[stack].top() - m) / row
                put(f"{stack}.ln_f", rect(xs[stack], top - 1.25), translate("ModelMap", "LayerNorm (final)"), "norm")
            above -= 1.25
        if arch.has_output:
            prefix = "" if out == "dec" else "src."
            put(f"{prefix}linear", rect(xs[out], above - 1.15), translate("ModelMap", "Linear"), "linear")
            put(f"{prefix}softmax", rect(xs[out], above - 2.15), "Softmax", "softmax")
        self.inputs = {stack: rect(xs[stack], 15.2) for stack in stacks}

    def label_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(MIN_POINT, self.font().pointSizeF() * 0.85))   # never under 9 pt
        return small

    def title(self, stack: str) -> str:
        """A stack's title as drawn: "Encoder", or "Decoder (layer 2)" while a stage of it is shown."""
        stage = self.state.stage
        name = translate("ModelMap", "Encoder") if stack == "enc" else translate("ModelMap", "Decoder")
        if stage.stack == stack and stage.layer is not None:
            full = translate("ModelMap", "{stack} (layer {layer})").format(stack=name, layer=stage.layer)
            room = self.titles.get(stack)
            if room is not None and QFontMetricsF(self.label_font()).horizontalAdvance(full) > room.width():
                return f"{name} · {stage.layer}"        # a narrow map (1366 px): the layer still named
            return full
        return name

    def resizeEvent(self, event) -> None:
        self._layout()
        super().resizeEvent(event)

    # painting -----------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        if not self.boxes:
            self._layout()
        arch = self.arch
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fg = pal.color(QPalette.ColorRole.WindowText)
        stage = self.state.stage
        p.setFont(self.label_font())

        # stack frames, "N×"
        for stack, frame in self.frames.items():
            p.setPen(QPen(fg, 1.2))
            p.setBrush(pal.color(QPalette.ColorRole.AlternateBase))
            p.drawRoundedRect(frame, 8, 8)
            n_x = frame.left() - 20 if stack == "enc" else frame.right() + 1
            p.drawText(QRectF(n_x, frame.center().y() - 10, 20, 20),
                       Qt.AlignmentFlag.AlignCenter, f"{arch.layers(stack)}×")
            p.drawText(self.titles[stack], Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       self.title(stack))

        # arrows: inputs → embedding → PE → stack → (final norm) → linear → softmax; encoder → cross-attention
        p.setPen(QPen(fg, 1.4))
        for stack, frame in self.frames.items():
            side = "src" if stack == "enc" else "tgt"
            e, pe, inputs = self.boxes[f"{side}.embed"], self.boxes[f"{side}.pe"], self.inputs[stack]
            self._arrow(p, inputs.top(), e.bottom(), inputs.center().x())
            self._arrow(p, e.top(), pe.bottom(), e.center().x())
            self._arrow(p, pe.top(), self.boxes[stack_boxes(arch, stack)[-1][0]].bottom(), e.center().x())
            ln_f = self.boxes.get(f"{stack}.ln_f")
            if ln_f is not None:
                self._arrow(p, frame.top(), ln_f.bottom(), frame.center().x())
        out = self.output_stack
        prefix = "" if out == "dec" else "src."
        if arch.has_output:
            below = self.boxes.get(f"{out}.ln_f")
            start = below.top() if below is not None else self.frames[out].top()
            self._arrow(p, start, self.boxes[f"{prefix}linear"].bottom(), self.frames[out].center().x())
            self._arrow(p, self.boxes[f"{prefix}linear"].top(), self.boxes[f"{prefix}softmax"].bottom(),
                        self.frames[out].center().x())
        if "dec.cross" in self.boxes and "enc" in self.frames:
            # encoder output → every decoder layer's cross-attention (K = V = encoder output)
            enc_frame, cross = self.frames["enc"], self.boxes["dec.cross"]
            source = self.boxes.get("enc.ln_f")
            top = source.top() if source is not None else enc_frame.top()
            x0 = (source or enc_frame).center().x()
            path = QPainterPath(QPointF(x0, top))
            mid_y = top - 8
            path.lineTo(x0, mid_y)
            path.lineTo(enc_frame.right() + 4, mid_y)
            path.lineTo(enc_frame.right() + 4, cross.center().y())
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor("#3b7dd8"), 2))
            p.drawPath(path)
            self._arrow(p, None, None, None, QPointF(enc_frame.right() + 4, cross.center().y()),
                        QPointF(cross.left(), cross.center().y()), QColor("#3b7dd8"))

        # blocks
        for name, r in self.boxes.items():
            current = name == stage.box
            pen = QPen(CURRENT if current else QColor("#444444"), 3 if current else 1)
            p.setPen(pen)
            fill = QColor(COLORS[self.kinds[name]])
            if name == self._hover and not current:
                fill = fill.darker(110)
            p.setBrush(fill)
            if name.endswith(".pe"):
                p.drawEllipse(r)
            else:
                p.drawRoundedRect(r, 4, 4)
            p.setPen(QColor("#111111"))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.labels[name])
        p.setPen(fg)
        first_pe = self.boxes["src.pe" if "enc" in self.frames else "tgt.pe"]
        pe_word = translate("ModelMap", "Positions") if arch.pe == "learned" else translate("ModelMap", "Positional")
        p.drawText(QRectF(first_pe.right() + 4, first_pe.top(), 90, 16), Qt.AlignmentFlag.AlignLeft, pe_word)
        p.drawText(QRectF(first_pe.right() + 4, first_pe.top() + 12, 90, 16), Qt.AlignmentFlag.AlignLeft,
                   translate("ModelMap", "(learned)") if arch.pe == "learned" else translate("ModelMap", "Encoding"))
        for stack, r in self.inputs.items():
            if stack == "dec" and arch.is_seq2seq:
                text = translate("ModelMap", "Outputs (shifted right)")
            else:
                text = translate("ModelMap", "Inputs (中文)") if arch.family == "bundled" else translate("ModelMap", "Inputs (tokens)")
            p.drawText(r, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)

        # layer buttons
        for (stack, i), r in self.layer_buttons.items():
            current = stage.stack == stack and stage.layer == i
            p.setPen(QPen(CURRENT if current else fg, 2 if current else 1))
            p.setBrush(CURRENT.lighter(170) if current else pal.color(QPalette.ColorRole.Button))
            p.drawRoundedRect(r, 3, 3)
            p.setPen(QColor("#111111") if current else pal.color(QPalette.ColorRole.ButtonText))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, str(i))
        p.end()

    def _arrow(self, p, y0, y1, x, a: QPointF | None = None, b: QPointF | None = None, color=None):
        if a is None:
            a, b = QPointF(x, y0), QPointF(x, y1)
        if color is not None:
            p.setPen(QPen(color, 2))
        p.drawLine(a, b)
        d = b - a
        length = max(1e-6, (d.x() ** 2 + d.y() ** 2) ** 0.5)
        ux, uy = d.x() / length, d.y() / length
        head = QPolygonF([b, QPointF(b.x() - 7 * ux + 4 * uy, b.y() - 7 * uy - 4 * ux),
                          QPointF(b.x() - 7 * ux - 4 * uy, b.y() - 7 * uy + 4 * ux)])
        p.setBrush(p.pen().color())
        p.drawPolygon(head)
        p.setBrush(Qt.BrushStyle.NoBrush)

    # interaction --------------------------------------------------------------------------------
    def hit(self, pos: QPointF):
        """What is under `pos`: ("box", name), ("layer", (stack, i)) or None."""
        for key, r in self.layer_buttons.items():
            if r.contains(pos):
                return "layer", key
        for name, r in self.boxes.items():
            if r.contains(pos):
                return "box", name
        return None

    def mousePressEvent(self, event) -> None:
        what = self.hit(event.position())
        if what is None:
            return super().mousePressEvent(event)
        kind, key = what
        if kind == "layer":
            self.state.select_layer(*key)
        else:
            stack = key.split(".")[0]
            layer = self.state.layer if self.state.stage.stack == stack else 0
            self.state.select_box(key, layer)
        self.setFocus()

    def mouseMoveEvent(self, event) -> None:
        what = self.hit(event.position())
        hover = what[1] if what and what[0] == "box" else None
        self.setCursor(Qt.CursorShape.PointingHandCursor if what else Qt.CursorShape.ArrowCursor)
        if hover != self._hover:
            self._hover = hover
            self.update()
