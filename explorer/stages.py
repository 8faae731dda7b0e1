"""The forward pass as a list of stages in execution order, and which trace arrays each one shows.

Plain Python (no Qt): the stepper walks this list, the model map draws it, the views read the names.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.names import act_name

ENCODER_SUBLAYERS = (("self", "Self-attention"), ("norm1", "Add & Norm"), ("ffn", "Feed-forward"),
                     ("norm2", "Add & Norm"))
DECODER_SUBLAYERS = (("self", "Masked self-attention"), ("norm1", "Add & Norm"),
                     ("cross", "Cross-attention"), ("norm2", "Add & Norm"), ("ffn", "Feed-forward"),
                     ("norm3", "Add & Norm"))


@dataclass(frozen=True)
class Stage:
    """One step of the forward pass.

    kind: embed, pe, attention, norm, ffn, linear, softmax. stack: enc, dec or None.
    box: the model-map block it lights up ("enc.self", "src.pe", "linear", …).
    prefix: the trace names it shows ("enc.0.self", "embed.src", "out").
    """

    kind: str
    stack: str | None
    layer: int | None
    box: str
    prefix: str
    title: str

    @property
    def site(self) -> str | None:
        """The sub-layer inside a layer ("self", "cross", "norm1", "ffn", …); None outside the stacks."""
        return self.box.split(".", 1)[1] if self.stack else None

    def name(self, part: str | None = None) -> str:
        """The trace name of one of this stage's entries: name("q") -> "enc.0.self.q"; name() -> the prefix."""
        if self.stack:
            return act_name(self.stack, self.layer, self.site, part)
        if self.kind in ("embed", "pe"):
            return act_name("embed", self.side, part)
        return act_name("out", None, part) if part else self.prefix

    @property
    def side(self) -> str:
        """Which token sequence the rows of this stage's matrices are: "src" or "tgt"."""
        if self.box.startswith("src.") or self.stack == "enc":
            return "src"
        return "tgt"

    @property
    def key_side(self) -> str:
        """Which sequence the keys (columns of attention) come from: cross-attention reads the source."""
        return "src" if self.box == "dec.cross" or self.side == "src" else "tgt"


def build_stages(n_layers: int) -> list[Stage]:
    stages = []
    for stack, side, sublayers, what, (embedding, with_pe) in (
            ("enc", "src", ENCODER_SUBLAYERS, "Encoder", ("Input embedding", "Input embedding + positional encoding")),
            ("dec", "tgt", DECODER_SUBLAYERS, "Decoder",
             ("Output embedding (shifted right)", "Output embedding + positional encoding"))):
        stages += [Stage("embed", None, None, f"{side}.embed", act_name("embed", side), embedding),
                   Stage("pe", None, None, f"{side}.pe", act_name("embed", side), with_pe)]
        for i in range(n_layers):
            for part, name in sublayers:
                kind = "attention" if part in ("self", "cross") else "norm" if part.startswith("norm") else "ffn"
                box = f"{stack}.{part}"                      # the model map's block (not a trace name)
                stages.append(Stage(kind, stack, i, box, act_name(stack, i, part), f"{what} {i} · {name}"))
    stages += [Stage("linear", None, None, "linear", "out", "Linear (logits over the vocabulary)"),
               Stage("softmax", None, None, "softmax", "out", "Softmax (output probabilities)")]
    return stages


def layer_input_name(stage: Stage, n_layers: int) -> str:
    """The trace array a layer's first sub-layer reads (its X)."""
    if stage.layer == 0:
        return act_name("embed", stage.side, "sum")
    return act_name(stage.stack, stage.layer - 1, "out")


def attention_query_input(stage: Stage, n_layers: int) -> str:
    """X of an attention stage: what W_Q multiplies (the decoder state, for cross-attention)."""
    if stage.box == "dec.cross":
        return act_name("dec", stage.layer, "norm1")
    return layer_input_name(stage, n_layers)


def attention_key_input(stage: Stage, n_layers: int) -> str:
    """What W_K and W_V multiply: the encoder's output for cross-attention, X otherwise."""
    if stage.box == "dec.cross":
        return act_name("enc", n_layers - 1, "out")
    return layer_input_name(stage, n_layers)


SUBLAYER_OF_NORM = {"enc.norm1": "self", "enc.norm2": "ffn",
                    "dec.norm1": "self", "dec.norm2": "cross", "dec.norm3": "ffn"}


def norm_sublayer_output(stage: Stage) -> str:
    """The sub-layer output an Add & Norm adds to its residual input."""
    return act_name(stage.stack, stage.layer, SUBLAYER_OF_NORM[stage.box], "out")


def ffn_input(stage: Stage) -> str:
    return act_name(stage.stack, stage.layer, "norm1" if stage.stack == "enc" else "norm2")
