"""What each lab's controls select, as plain fields without Qt (explorer.evented.Fields): the lab's
widgets are bound to them (explorer.binding) and its plots redraw when they change, so a lesson's
task or a test reads `lab.state`, never a widget."""
from __future__ import annotations

from core.summaries import AVERAGE_OF_HEADS

from ..evented import Fields


class FormingState(Fields):
    """The attention forming lab: the sentence it films, the snapshot shown (an index into the
    film's steps) and the decoder layer and head (or the heads' average) of the cross-attention."""

    FIELDS = {"sentence": "", "frame": 0, "layer": 0, "head": AVERAGE_OF_HEADS}

    def __init__(self, n_layers: int, n_heads: int, **values) -> None:
        object.__setattr__(self, "n_layers", max(1, n_layers))
        object.__setattr__(self, "n_heads", max(1, n_heads))
        values.setdefault("layer", self.n_layers - 1)          # the last layer, where alignment is sharpest
        super().__init__(**values)

    def clamp_frame(self, i) -> int:
        return max(0, int(i))

    def clamp_layer(self, layer) -> int:
        return max(0, min(self.n_layers - 1, int(layer)))

    def clamp_head(self, head) -> int:
        head = int(head)
        return head if head == AVERAGE_OF_HEADS else max(0, min(self.n_heads - 1, head))


class ScalingState(Fields):
    """The ablations and scaling lab: its sentence, the attention block, layer and head whose rows it
    measures, and the d_k slider (an index into the experiment's d_k values)."""

    FIELDS = {"sentence": "", "block": "enc.self", "layer": 0, "head": 0, "d_k_index": 0}
    BLOCKS = ("enc.self", "dec.self", "dec.cross")

    def __init__(self, n_layers: int, n_heads: int, n_d_k: int, **values) -> None:
        object.__setattr__(self, "n_layers", max(1, n_layers))
        object.__setattr__(self, "n_heads", max(1, n_heads))
        object.__setattr__(self, "n_d_k", max(1, n_d_k))
        super().__init__(**values)

    def clamp_block(self, block) -> str:
        if block not in self.BLOCKS:
            raise ValueError(f"block must be one of {self.BLOCKS}, not {block!r}")
        return block

    def clamp_layer(self, layer) -> int:
        return max(0, min(self.n_layers - 1, int(layer)))

    def clamp_head(self, head) -> int:
        return max(0, min(self.n_heads - 1, int(head)))

    def clamp_d_k_index(self, i) -> int:
        return max(0, min(self.n_d_k - 1, int(i)))
