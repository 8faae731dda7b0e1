"""The forward pass as a list of stages in execution order, and which trace arrays each one shows.

Plain Python (no Qt): the stepper walks this list, the model map draws it, the views read the names.
"""
from __future__ import annotations

from dataclasses import dataclass

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
    def side(self) -> str:
        """Which token sequence the rows of this stage's matrices are: "src" or "tgt"."""
        if self.prefix.startswith("embed.src") or self.stack == "enc":
            return "src"
        return "tgt"

    @property
    def key_side(self) -> str:
        """Which sequence the keys (columns of attention) come from: cross-attention reads the source."""
        return "src" if self.box == "dec.cross" or self.side == "src" else "tgt"


def build_stages(n_layers: int) -> list[Stage]:
    stages = [Stage("embed", None, None, "src.embed", "embed.src", "Input embedding"),
              Stage("pe", None, None, "src.pe", "embed.src", "Input embedding + positional encoding")]
    for i in range(n_layers):
        for part, name in ENCODER_SUBLAYERS:
            kind = "attention" if part == "self" else "norm" if part.startswith("norm") else "ffn"
            stages.append(Stage(kind, "enc", i, f"enc.{part}", f"enc.{i}.{part}", f"Encoder {i} · {name}"))
    stages += [Stage("embed", None, None, "tgt.embed", "embed.tgt", "Output embedding (shifted right)"),
               Stage("pe", None, None, "tgt.pe", "embed.tgt", "Output embedding + positional encoding")]
    for i in range(n_layers):
        for part, name in DECODER_SUBLAYERS:
            kind = "attention" if part in ("self", "cross") else "norm" if part.startswith("norm") else "ffn"
            stages.append(Stage(kind, "dec", i, f"dec.{part}", f"dec.{i}.{part}", f"Decoder {i} · {name}"))
    stages += [Stage("linear", None, None, "linear", "out", "Linear (logits over the vocabulary)"),
               Stage("softmax", None, None, "softmax", "out", "Softmax (output probabilities)")]
    return stages


def layer_input_name(stage: Stage, n_layers: int) -> str:
    """The trace array a layer's first sub-layer reads (its X)."""
    if stage.layer == 0:
        return "embed.src.sum" if stage.stack == "enc" else "embed.tgt.sum"
    return f"{stage.stack}.{stage.layer - 1}.out"


def attention_query_input(stage: Stage, n_layers: int) -> str:
    """X of an attention stage: what W_Q multiplies (the decoder state, for cross-attention)."""
    if stage.box == "dec.cross":
        return f"dec.{stage.layer}.norm1"
    return layer_input_name(stage, n_layers)


def attention_key_input(stage: Stage, n_layers: int) -> str:
    """What W_K and W_V multiply: the encoder's output for cross-attention, X otherwise."""
    if stage.box == "dec.cross":
        return f"enc.{n_layers - 1}.out"
    return layer_input_name(stage, n_layers)


SUBLAYER_OF_NORM = {"enc.norm1": "self", "enc.norm2": "ffn",
                    "dec.norm1": "self", "dec.norm2": "cross", "dec.norm3": "ffn"}


def norm_sublayer_output(stage: Stage) -> str:
    """The sub-layer output an Add & Norm adds to its residual input."""
    return f"{stage.stack}.{stage.layer}.{SUBLAYER_OF_NORM[stage.box]}.out"


def ffn_input(stage: Stage) -> str:
    return f"{stage.stack}.{stage.layer}.norm{1 if stage.stack == 'enc' else 2}"
