"""The model map: the architecture drawn like the paper's Figure 1, every block clickable, the
current stage highlighted. Custom-painted; it reads the state and writes clicks back to it."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

# block colours as in Figure 1 (pastel, readable on light and dark backgrounds)
COLORS = {"attention": QColor("#f6d5a8"), "norm": QColor("#f3f0b0"), "ffn": QColor("#b9e0f5"),
          "embed": QColor("#f4c6c6"), "pe": QColor("#ffffff"), "linear": QColor("#d7cdea"),
          "softmax": QColor("#c6e8c6")}
CURRENT = QColor("#e8452c")

ENC_BOXES = [("enc.norm2", "Add & Norm", "norm"), ("enc.ffn", "Feed Forward", "ffn"),
             ("enc.norm1", "Add & Norm", "norm"), ("enc.self", "Multi-Head Attention", "attention")]
DEC_BOXES = [("dec.norm3", "Add & Norm", "norm"), ("dec.ffn", "Feed Forward", "ffn"),
             ("dec.norm2", "Add & Norm", "norm"), ("dec.cross", "Multi-Head Attention (cross)", "attention"),
             ("dec.norm1", "Add & Norm", "norm"), ("dec.self", "Masked Multi-Head Attention", "attention")]


class ModelMap(QWidget):
    """Figure 1 as a widget. `boxes` maps a block name to its rectangle (after layout)."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.boxes: dict[str, QRectF] = {}
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

    # geometry -----------------------------------------------------------------------------------
    def _layout(self) -> None:
        w, h = self.width(), self.height()
        m = 8
        col_w = (w - 3 * m - 36) / 2
        enc_x, dec_x = m + 18, 2 * m + 18 + col_w
        row = (h - 2 * m) / 17.0            # 17 rows of layout units
        box_h = row * 0.82
        self.boxes = {}
        self.layer_buttons = {}

        def rect(x, r, width=col_w, height=box_h):
            return QRectF(x, m + r * row, width, height)

        # top (decoder output side)
        self.boxes["softmax"] = rect(dec_x, 0.0)
        self.boxes["linear"] = rect(dec_x, 0.95)
        # decoder block: rows 2.8 … 8.8
        dec_top = 2.8
        for j, (name, _label, _kind) in enumerate(DEC_BOXES):
            self.boxes[name] = rect(dec_x + 6, dec_top + j, col_w - 12)
        # encoder block: aligned so its top is at the decoder's cross-attention level
        enc_top = 5.0
        for j, (name, _label, _kind) in enumerate(ENC_BOXES):
            self.boxes[name] = rect(enc_x + 6, enc_top + j, col_w - 12)
        # each stack's title ("Decoder (layer 0)") in a band of its own at the top of its frame
        title_h = QFontMetricsF(self.label_font()).height() + 2
        self.enc_frame = QRectF(enc_x, m + (enc_top - 0.2) * row - title_h, col_w, 4 * row + 0.3 * row + title_h)
        self.dec_frame = QRectF(dec_x, m + (dec_top - 0.2) * row - title_h, col_w, 6 * row + 0.3 * row + title_h)
        self.titles = {stack: QRectF(frame.left() + 6, frame.top() + 1, frame.width() - 12, title_h)
                       for stack, frame in (("enc", self.enc_frame), ("dec", self.dec_frame))}
        # layer buttons under each stack
        n = self.state.n_layers
        for stack, frame in (("enc", self.enc_frame), ("dec", self.dec_frame)):
            bw = min(26.0, (frame.width() - 4) / max(1, n))
            y = frame.bottom() + 4
            for i in range(n):
                self.layer_buttons[stack, i] = QRectF(frame.left() + 2 + i * bw, y, bw - 3, row * 0.7)
        # bottom: PE, embeddings, inputs
        self.boxes["src.pe"] = QRectF(enc_x + col_w / 2 - row * 0.4, m + 12.0 * row, row * 0.8, row * 0.8)
        self.boxes["tgt.pe"] = QRectF(dec_x + col_w / 2 - row * 0.4, m + 12.0 * row, row * 0.8, row * 0.8)
        self.boxes["src.embed"] = rect(enc_x, 13.4)
        self.boxes["tgt.embed"] = rect(dec_x, 13.4)
        self.inputs = rect(enc_x, 15.2)
        self.outputs = rect(dec_x, 15.2)

    def label_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        return small

    def title(self, stack: str) -> str:
        """A stack's title as drawn: "Encoder", or "Decoder (layer 2)" while a stage of it is shown."""
        stage = self.state.stage
        name = "Encoder" if stack == "enc" else "Decoder"
        return f"{name} (layer {stage.layer})" if stage.stack == stack else name

    def resizeEvent(self, event) -> None:
        self._layout()
        super().resizeEvent(event)

    # painting -----------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        if not self.boxes:
            self._layout()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fg = pal.color(QPalette.ColorRole.WindowText)
        stage = self.state.stage
        p.setFont(self.label_font())

        # stack frames, "N×"
        for frame, stack in ((self.enc_frame, "enc"), (self.dec_frame, "dec")):
            p.setPen(QPen(fg, 1.2))
            p.setBrush(pal.color(QPalette.ColorRole.AlternateBase))
            p.drawRoundedRect(frame, 8, 8)
            n_x = frame.left() - 20 if stack == "enc" else frame.right() + 1
            p.drawText(QRectF(n_x, frame.center().y() - 10, 20, 20),
                       Qt.AlignmentFlag.AlignCenter, f"{self.state.n_layers}×")
            p.drawText(self.titles[stack], Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       self.title(stack))

        # arrows: inputs → embedding → PE → stack; stack → cross-attention; decoder → linear → softmax
        p.setPen(QPen(fg, 1.4))
        self._arrow(p, self.inputs.top(), self.boxes["src.embed"].bottom(), self.inputs.center().x())
        self._arrow(p, self.outputs.top(), self.boxes["tgt.embed"].bottom(), self.outputs.center().x())
        for side, frame in (("src", self.enc_frame), ("tgt", self.dec_frame)):
            e, pe = self.boxes[f"{side}.embed"], self.boxes[f"{side}.pe"]
            self._arrow(p, e.top(), pe.bottom(), e.center().x())
            bottom_box = self.boxes["enc.self" if side == "src" else "dec.self"]
            self._arrow(p, pe.top(), bottom_box.bottom(), e.center().x())
        self._arrow(p, self.dec_frame.top(), self.boxes["linear"].bottom(), self.dec_frame.center().x())
        self._arrow(p, self.boxes["linear"].top(), self.boxes["softmax"].bottom(), self.dec_frame.center().x())
        # encoder output → every decoder layer's cross-attention (K = V = encoder output)
        enc_out, cross = self.boxes["enc.norm2"], self.boxes["dec.cross"]
        path = QPainterPath(QPointF(enc_out.center().x(), self.enc_frame.top()))
        mid_y = self.enc_frame.top() - 8
        path.lineTo(enc_out.center().x(), mid_y)
        path.lineTo(self.enc_frame.right() + 4, mid_y)
        path.lineTo(self.enc_frame.right() + 4, cross.center().y())
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor("#3b7dd8"), 2))
        p.drawPath(path)
        self._arrow(p, None, None, None, QPointF(self.enc_frame.right() + 4, cross.center().y()),
                    QPointF(cross.left(), cross.center().y()), QColor("#3b7dd8"))

        # blocks
        labels = {name: label for name, label, _ in ENC_BOXES + DEC_BOXES}
        kinds = {name: kind for name, _, kind in ENC_BOXES + DEC_BOXES}
        labels.update({"softmax": "Softmax", "linear": "Linear", "src.embed": "Input Embedding",
                       "tgt.embed": "Output Embedding", "src.pe": "+", "tgt.pe": "+"})
        kinds.update({"softmax": "softmax", "linear": "linear", "src.embed": "embed", "tgt.embed": "embed",
                      "src.pe": "pe", "tgt.pe": "pe"})
        for name, r in self.boxes.items():
            current = name == stage.box
            pen = QPen(CURRENT if current else QColor("#444444"), 3 if current else 1)
            p.setPen(pen)
            fill = QColor(COLORS[kinds[name]])
            if name == self._hover and not current:
                fill = fill.darker(110)
            p.setBrush(fill)
            if name.endswith(".pe"):
                p.drawEllipse(r)
            else:
                p.drawRoundedRect(r, 4, 4)
            p.setPen(QColor("#111111"))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, labels[name])
        p.setPen(fg)
        p.drawText(QRectF(self.boxes["src.pe"].right() + 4, self.boxes["src.pe"].top(), 90, 16),
                   Qt.AlignmentFlag.AlignLeft, "Positional")
        p.drawText(QRectF(self.boxes["src.pe"].right() + 4, self.boxes["src.pe"].top() + 12, 90, 16),
                   Qt.AlignmentFlag.AlignLeft, "Encoding")
        p.drawText(self.inputs, Qt.AlignmentFlag.AlignCenter, "Inputs (中文)")
        p.drawText(self.outputs, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                   "Outputs (shifted right)")
        p.drawText(QRectF(self.dec_frame.left(), 0, self.dec_frame.width(), 8 + 2), Qt.AlignmentFlag.AlignCenter, "")

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
