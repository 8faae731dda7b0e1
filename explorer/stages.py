"""The forward pass as a list of stages in execution order, and which trace arrays each one shows.

Plain Python (no Qt): the stepper walks this list, the model map draws it, the views read the names.
Everything comes from the model's `core.architecture.Architecture`: which stacks exist and how deep
each is, the attention blocks of a layer, where the LayerNorms sit (post-LN: an Add & Norm after each
sub-layer; pre-LN: a LayerNorm before each, and the stack's final one), and whether an output layer
exists.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.architecture import Architecture
from core.names import act_name

from core.summaries import zero_fraction

from . import descriptions as D
from .descriptions import attention_short_name
from .i18n import QT_TRANSLATE_NOOP, translate

STACK_TITLES = {"enc": QT_TRANSLATE_NOOP("stages", "Encoder"), "dec": QT_TRANSLATE_NOOP("stages", "Decoder")}
SIDE_OF_STACK = {"enc": "src", "dec": "tgt"}


@dataclass(frozen=True)
class Stage:
    """One step of the forward pass.

    kind: embed, pe, attention, norm, ffn, linear, softmax. stack: enc, dec or None.
    box: the model-map block it lights up ("enc.self", "src.pe", "linear", "dec.ln_f", …).
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
        """The sub-layer inside a layer ("self", "cross", "norm1", "ln1", "ffn", "ln_f"); None outside the stacks."""
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
        """Which token sequence the rows of this stage's matrices are: "src" or "tgt" (BERT's output
        boxes are "src.linear", "src.softmax")."""
        if self.box.startswith("src.") or self.stack == "enc":
            return "src"
        return "tgt"

    @property
    def key_side(self) -> str:
        """Which sequence the keys (columns of attention) come from: cross-attention reads the source."""
        return "src" if self.box == "dec.cross" or self.side == "src" else "tgt"


def as_architecture(arch_or_layers) -> Architecture:
    """An Architecture, or (old callers) a layer count: the bundled encoder-decoder of that depth."""
    if isinstance(arch_or_layers, Architecture):
        return arch_or_layers
    n = int(arch_or_layers)
    return Architecture(family="bundled", stacks=("enc", "dec"), enc_layers=n, dec_layers=n, d_model=8,
                        n_heads=1, d_ff=8, src_vocab_size=1, tgt_vocab_size=1)


def sublayers(arch: Architecture, stack: str) -> list[tuple[str, str, str]]:
    """(site, kind, title) of one layer of `stack` in execution order: attention blocks and the FFN,
    with an Add & Norm after each (post-LN) or a LayerNorm before each (pre-LN)."""
    blocks = arch.attention(stack)
    subs = [(b.site, "attention", attention_short_name(b.kind)) for b in blocks] + [
        ("ffn", "ffn", translate("stages", "Feed-forward"))]
    out = []
    for (site, kind, title), norm in zip(subs, arch.norm_sites(stack)):
        if arch.norm == "pre":
            before = translate("stages", "LayerNorm (before {sublayer})").format(sublayer=title[0].lower() + title[1:])
            out += [(norm, "norm", before), (site, kind, title)]
        else:
            out += [(site, kind, title), (norm, "norm", translate("stages", "Add & Norm"))]
    return out


def embed_titles(arch: Architecture, side: str) -> tuple[str, str]:
    token = {"src": translate("stages", "Input embedding"),
             "tgt": translate("stages", "Output embedding (shifted right)") if arch.is_seq2seq
             else translate("stages", "Token embedding")}[side]
    plain = {"src": translate("stages", "Input embedding"),
             "tgt": translate("stages", "Output embedding") if arch.is_seq2seq
             else translate("stages", "Token embedding")}[side]
    pe = {"sinusoidal-interleaved": translate("stages", "positional encoding"),
          "sinusoidal-half": translate("stages", "sinusoidal positions (sin | cos halves)"),
          "learned": translate("stages", "learned positions"), "none": translate("stages", "no positions")}[arch.pe]
    extra = " + " + translate("stages", "token type") if arch.token_types and side == "src" else ""
    norm = ", LayerNorm" if arch.embed_norm else ""
    return token, f"{plain} + {pe}{extra}{norm}"


def build_stages(arch_or_layers) -> list[Stage]:
    arch = as_architecture(arch_or_layers)
    stages: list[Stage] = []
    for stack in arch.stacks:
        side = SIDE_OF_STACK[stack]
        token_title, pe_title = embed_titles(arch, side)
        stages += [Stage("embed", None, None, f"{side}.embed", f"embed.{side}", token_title),
                   Stage("pe", None, None, f"{side}.pe", f"embed.{side}", pe_title)]
        name = translate("stages", STACK_TITLES[stack])
        for i in range(arch.layers(stack)):
            for site, kind, title in sublayers(arch, stack):
                stages.append(Stage(kind, stack, i, f"{stack}.{site}", act_name(stack, i, site),
                                    translate("stages", "{stack} {layer} · {sublayer}").format(stack=name, layer=i, sublayer=title)))
        if arch.final_norm:
            stages.append(Stage("norm", stack, None, f"{stack}.ln_f", act_name(stack, None, "ln_f"),
                                translate("stages", "{stack} · final LayerNorm").format(stack=name)))
    if arch.has_output:
        out_side = "tgt" if "dec" in arch.stacks else "src"
        linear = (translate("stages", "Linear (masked-LM logits)") if arch.stacks == ("enc",)
                  else translate("stages", "Linear (logits over the vocabulary)"))
        stages += [Stage("linear", None, None, "linear" if out_side == "tgt" else "src.linear", "out", linear),
                   Stage("softmax", None, None, "softmax" if out_side == "tgt" else "src.softmax", "out",
                         translate("stages", "Softmax (output probabilities)"))]
    return stages


def stage_panels(stage: Stage, arch, trace) -> list[tuple[str, str, str]]:
    """(panel, title, trace array) of what an embedding, Add & Norm / LayerNorm or feed-forward stage
    view draws, in its order: the view and the export of that stage both draw this list."""
    arch = as_architecture(arch)
    name = stage.name
    if stage.kind in ("embed", "pe"):
        token = trace[name("token")]
        titles = D.embedding_titles(arch, stage.side, stage.kind == "pe", token.shape[0], token.shape[-1])
        parts = ("token", "position", "sum") if stage.kind == "pe" else ("token",)
        return [(p, titles[p], name(p)) for p in parts]
    if stage.kind == "norm":
        if stage.layer is None:           # a stack's final LayerNorm (pre-LN): input and output only
            x = act_name(stage.stack, arch.layers(stage.stack) - 1, "out")
            arrays = {"residual": x, "sublayer": x, "sum": x, "norm": name()}
            titles = D.norm_titles(arch, None)
        else:
            arrays = {"residual": name("residual"), "sublayer": norm_sublayer_output(stage, arch),
                      "sum": name("sum"), "norm": name()}
            titles = D.norm_titles(arch, norm_sublayer(stage, arch))
        return [(p, titles[p], arrays[p]) for p in ("residual", "sublayer", "sum", "norm")]
    if stage.kind == "ffn":
        hidden = trace[name("hidden")]
        titles = D.ffn_titles(arch.activation, hidden.shape, zero_fraction(hidden))
        arrays = {"x": ffn_input(stage, arch), "hidden": name("hidden"), "out": name("out")}
        return [(p, titles[p], arrays[p]) for p in ("x", "hidden", "out")]
    raise ValueError(f"no panels for a {stage.kind} stage")


def layer_input_name(stage: Stage, arch=None) -> str:
    """The trace array a layer's first sub-layer reads (its X)."""
    arch = as_architecture(arch if arch is not None else 1)
    if stage.layer == 0:
        side = SIDE_OF_STACK[stage.stack]
        return act_name("embed", side, "norm" if arch.embed_norm else "sum")
    return act_name(stage.stack, stage.layer - 1, "out")


def stack_output_name(arch, stack: str) -> str:
    """What a stack hands on: its last layer's output, or its final LayerNorm."""
    arch = as_architecture(arch)
    if arch.final_norm:
        return act_name(stack, None, "ln_f")
    return act_name(stack, arch.layers(stack) - 1, "out")


def _site_index(arch: Architecture, stack: str, site: str) -> int:
    """1-based position of a sub-layer (attention site or ffn) within its layer."""
    sites = [b.site for b in arch.attention(stack)] + ["ffn"]
    return sites.index(site) + 1


def sublayer_input_name(stage: Stage, site: str, arch) -> str:
    """What the sub-layer `site` of the stage's layer reads: the LayerNorm before it (pre-LN), or the
    output of the Add & Norm before it (post-LN; the layer's input for the first)."""
    arch = as_architecture(arch)
    k = _site_index(arch, stage.stack, site)
    norms = arch.norm_sites(stage.stack)
    if arch.norm == "pre":
        return act_name(stage.stack, stage.layer, norms[k - 1])
    if k == 1:
        return layer_input_name(stage, arch)
    return act_name(stage.stack, stage.layer, norms[k - 2])


def attention_query_input(stage: Stage, arch=None) -> str:
    """X of an attention stage: what W_Q multiplies (the decoder state, for cross-attention)."""
    return sublayer_input_name(stage, stage.box.split(".")[1], arch if arch is not None else 1)


def attention_key_input(stage: Stage, arch=None) -> str:
    """What W_K and W_V multiply: the encoder's output for cross-attention, X otherwise."""
    if stage.box == "dec.cross":
        return stack_output_name(arch if arch is not None else 1, "enc")
    return attention_query_input(stage, arch)


def norm_sublayer(stage: Stage, arch=None) -> str:
    """The sub-layer an Add & Norm follows (post-LN) or a LayerNorm feeds (pre-LN): self, cross, ffn."""
    arch = as_architecture(arch if arch is not None else 1)
    site = stage.box.split(".")[1]
    k = arch.norm_sites(stage.stack).index(site)
    return ([b.site for b in arch.attention(stage.stack)] + ["ffn"])[k]


def norm_sublayer_output(stage: Stage, arch=None) -> str:
    """The sub-layer output a norm's residual sum adds to its residual input."""
    site = norm_sublayer(stage, arch)
    return act_name(stage.stack, stage.layer, site, "out")


def ffn_input(stage: Stage, arch=None) -> str:
    return sublayer_input_name(stage, "ffn", arch if arch is not None else 1)
