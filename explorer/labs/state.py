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


class PositionalState(Fields):
    """The positional-encoding lab: the PE matrix's length, d_model and base, the dimensions drawn and
    whether PE·PEᵀ is normalised; the shift check's pos and k; the repeated-word demo's sentence, PE
    switch and encoder layer."""

    FIELDS = {"length": 64, "d_model": 64, "base": 10000.0, "dimensions": "0, 1, 6, 7, 20, 21",
              "normalise": True, "pos": 3, "k": 5, "sentence": "", "pe_on": False, "layer": 0}

    def __init__(self, n_layers: int, **values) -> None:
        object.__setattr__(self, "n_layers", max(1, n_layers))
        super().__init__(**values)

    @property
    def even_d_model(self) -> int:
        """d_model rounded up to even: the sin/cos pairs need it."""
        return self.d_model + self.d_model % 2

    def clamp_length(self, n) -> int:
        return max(2, min(1024, int(n)))

    def clamp_d_model(self, d) -> int:
        return max(2, min(1024, int(d)))

    def clamp_base(self, base) -> float:
        return max(2.0, min(1e8, float(base)))

    def clamp_pos(self, pos) -> int:
        return max(0, min(100_000, int(pos)))

    def clamp_k(self, k) -> int:
        return max(-1000, min(1000, int(k)))

    def clamp_layer(self, layer) -> int:
        return max(0, min(self.n_layers - 1, int(layer)))

    @property
    def mode(self) -> str:
        """The repeated-word demo's side: "pe_on" or "pe_off"."""
        return "pe_on" if self.pe_on else "pe_off"


class RecurrenceState(Fields):
    """The RNN vs attention lab: random inputs or the sentence's, the sentence, the length L, the
    width d and the seed of the random weights."""

    FIELDS = {"source": "random", "sentence": "", "length": 200, "width": 64, "seed": 0}
    SOURCES = ("random", "sentence")

    def clamp_source(self, source) -> str:
        if source not in self.SOURCES:
            raise ValueError(f"source must be one of {self.SOURCES}, not {source!r}")
        return source

    def clamp_length(self, n) -> int:
        return max(2, min(500, int(n)))

    def clamp_width(self, d) -> int:
        return max(4, min(256, int(d)))

    def clamp_seed(self, seed) -> int:
        return max(0, min(2**31 - 1, int(seed)))
