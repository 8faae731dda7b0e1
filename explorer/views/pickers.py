"""The layer and head pickers (heads' average first) that the alignment view and the attention
forming lab share."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from core.summaries import AVERAGE_OF_HEADS as AVERAGE   # the head picker's value for the heads' average

from ..i18n import translate


def layer_head_pickers(n_layers: int, n_heads: int, layer_text: str | None = None) -> tuple[QComboBox, QComboBox]:
    """(layer, head) combo boxes: the last layer and the heads' average chosen; `currentData()`
    is the layer index, and the head index or AVERAGE."""
    layer_text = layer_text or translate("pickers", "layer {}")
    layer = QComboBox()
    for i in range(n_layers):
        layer.addItem(layer_text.format(i), i)
    layer.setCurrentIndex(n_layers - 1)
    head = QComboBox()
    head.addItem(translate("pickers", "average of heads"), AVERAGE)
    for h in range(n_heads):
        head.addItem(translate("pickers", "head {}").format(h), h)
    return layer, head
