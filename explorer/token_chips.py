"""The sentence as the model sees it: one chip per token; <unk> chips are marked and say why."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from .i18n import translate
from .theme import LIGHT

CHIP = ("QLabel {{ border: 1px solid {border}; border-radius: 6px; padding: 1px 6px; background: {bg};"
        " color: {text}; }}")
# an ordinary chip has no style sheet of its own: the row's sheet styles every chip (a sheet per
# widget is parsed and polished per widget — ~2 ms a chip, 100+ ms for a 64-token sentence)
NORMAL = ""


def sheets(c: dict) -> tuple[str, str, str]:
    """(the row's sheet, an <unk> chip's, the hovered chip's) in the theme colours `c`."""
    row = CHIP.replace("QLabel", "QLabel#chip").format(border=c["chip_border"], bg=c["chip_bg"], text=c["chip_text"])
    unknown = CHIP.format(border=c["unknown_border"], bg=c["unknown_bg"], text=c["chip_text"])
    hovered = CHIP.format(border=c["hover_border"], bg=c["hover_bg"], text=c["hover_text"])
    return row, unknown, hovered


ROW, UNKNOWN, HOVERED = sheets(LIGHT)


def special_sheet(c: dict) -> str:
    """A special token's chip (</s>, <pad>, [CLS]): dashed, in italics, the muted text colour."""
    return (f"QLabel {{ border: 1px dashed {c['chip_border']}; border-radius: 6px; padding: 1px 6px;"
            f" background: {c['chip_bg']}; color: {c.get('muted', c['chip_text'])}; font-style: italic; }}")


class Chip(QLabel):
    """One token; tells its row when the pointer enters or leaves it (no event filter: a Python
    filter on every chip saw every event of every chip, thousands for a long sentence)."""

    def __init__(self, row: "TokenChips"):
        super().__init__()
        self.row = row

    def enterEvent(self, event) -> None:
        self.row.state.hovered_token = (self.row.side, self.row.chips.index(self))
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:
        self.row.state.hovered_token = None
        super().leaveEvent(event)

    def mousePressEvent(self, event) -> None:
        if self.row.on_click is not None and event.button() == Qt.MouseButton.LeftButton:
            self.row.on_click(self.row.chips.index(self))
            return
        super().mousePressEvent(event)


class TokenChips(QWidget):
    """A row of chips for one side ("src" or "tgt"); hovering a chip highlights that token everywhere."""

    #: called with a chip's index when it is clicked (BERT's window: mask that token); None: no action
    on_click = None

    def __init__(self, state, side: str, caption: str, parent=None):
        super().__init__(parent)
        self.state, self.side = state, side
        self.chips: list[QLabel] = []
        self._styled: int | None = None       # the chip drawn as hovered
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.caption = QLabel(caption)
        layout.addWidget(self.caption)
        self._layout = layout
        self.row_sheet, self.unknown_sheet, self.hovered_sheet = ROW, UNKNOWN, HOVERED
        self.special_sheet = special_sheet(LIGHT)
        self.setStyleSheet(ROW)
        # the model's special tokens (</s>, <pad>, [CLS] …): drawn dashed and in italics, apart from words
        self.specials = {text for _i, text in state.arch.specials.strings}
        layout.addStretch(1)
        state.events.trace_changed.connect(self._on_trace_changed)
        state.events.hovered_token_changed.connect(self._on_hovered_token_changed)

    def set_colours(self, c: dict) -> None:
        """Restyle the row and its marked chips in the theme colours `c` (theme.apply_theme)."""
        self.row_sheet, self.unknown_sheet, self.hovered_sheet = sheets(c)
        self.special_sheet = special_sheet(c)
        self.setStyleSheet(self.row_sheet)
        for i, chip in enumerate(self.chips):
            if chip.styleSheet():
                self._style(i, i == self._styled)

    def chip_height(self) -> int:
        """The height of a chip, as the row's style draws it."""
        probe = QLabel("我")                      # never shown: the row's sheet on a lone label
        probe.setObjectName("chip")
        probe.setFont(self.font())
        probe.setStyleSheet(ROW)
        probe.ensurePolished()
        return probe.sizeHint().height()

    def _chip(self, i: int) -> QLabel:
        while len(self.chips) <= i:
            chip = Chip(self)
            chip.setObjectName("chip")
            chip.setTextFormat(Qt.TextFormat.PlainText)
            self._layout.insertWidget(self._layout.count() - 1, chip)
            self.chips.append(chip)
        return self.chips[i]

    def _on_trace_changed(self, trace) -> None:
        tokens = self.state.tokens(self.side)
        unknown = set(trace.meta.get("unknown", [])) if (trace is not None and self.side == "src") else set()
        for i, token in enumerate(tokens):
            chip = self._chip(i)
            is_unknown = token in unknown or token == "<unk>"
            is_special = token in self.specials and not is_unknown
            # touch a chip only when it changes: restyling and re-showing widgets is what costs here
            if chip.property("token") != token or chip.property("unknown") != is_unknown:
                chip.setProperty("token", token)
                chip.setText(f"{token} → <unk>" if is_unknown and token != "<unk>" else token)
                chip.setProperty("unknown", is_unknown)
                chip.setProperty("special", is_special)
                sheet = self.unknown_sheet if is_unknown else self.special_sheet if is_special else NORMAL
                if chip.styleSheet() != sheet:
                    chip.setStyleSheet(sheet)
                tip = (translate("TokenChips", "“{token}” is not in the model's vocabulary: the model reads it as <unk>"
                                 " (one shared 'unknown' embedding), so it cannot tell it from any other"
                                 " unknown character.") if is_unknown else
                       translate("TokenChips", "token {i}: {token} (a special token of the model, not a word)")
                       if is_special else translate("TokenChips", "token {i}: {token}"))
                chip.setToolTip(tip.format(i=i, token=token))
            if chip.isHidden():
                chip.setVisible(True)
        for chip in self.chips[len(tokens):]:
            if not chip.isHidden():
                chip.setVisible(False)
        self._on_hovered_token_changed(self.state.hovered_token)

    def _style(self, i: int, hovered: bool) -> None:
        if 0 <= i < len(self.chips):
            chip = self.chips[i]
            chip.setStyleSheet(self.hovered_sheet if hovered else self.unknown_sheet if chip.property("unknown")
                               else self.special_sheet if chip.property("special") else NORMAL)

    def _on_hovered_token_changed(self, token) -> None:
        if self._styled is not None:
            self._style(self._styled, False)
            self._styled = None
        if token is not None and token[0] == self.side:
            self._style(token[1], True)
            self._styled = token[1]
