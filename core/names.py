"""Trace entry names: the one place a name is built (as TransformerLens' `get_act_name`).

A name is dotted: `{stack}.{layer}.{site}.{part}` inside a layer (`enc.0.self.weights`,
`dec.2.norm3.sum`, `dec.1.out`), `embed.{side}.{part}` for the embeddings, `out.{part}` for the
final Linear and softmax. docs/trace-format.md lists every entry. Every name in core/ and
explorer/ comes from here, so a typo is an error, not a silently empty view.
"""
from __future__ import annotations

STACKS = ("enc", "dec")
ATTENTION_SITES = ("self", "cross")
ATTENTION_PARTS = ("q", "k", "v", "scores", "scaled", "mask", "masked", "weights", "z", "concat", "out")
NORM_SITES = ("norm1", "norm2", "norm3", "ln1", "ln2", "ln3")   # norm…: post-LN Add & Norm; ln…: pre-LN
STACK_SITES = ("ln_f",)   # a stack's final LayerNorm (pre-LN models: GPT-2's ln_f)
NORM_PARTS = ("residual", "sum", "input")
FFN_PARTS = ("hidden", "out")
SIDES = ("src", "tgt")
EMBED_PARTS = ("ids", "token", "position", "type", "sum", "norm")
OUT_PARTS = ("head", "logits", "probs")   # head: BERT's masked-LM transform, before the output Linear


def _check(value, allowed, what):
    if value not in allowed:
        raise KeyError(f"no trace {what} {value!r} (one of {', '.join(map(str, allowed))})")


def act_name(stack: str, layer=None, site: str | None = None, part: str | None = None) -> str:
    """The name of one trace entry.

    act_name("enc", 0, "self", "weights") -> "enc.0.self.weights"  (attention: q k v scores … out)
    act_name("dec", 1, "norm2")           -> "dec.1.norm2"          (Add & Norm; part residual / sum)
    act_name("dec", 1, "ffn", "hidden")   -> "dec.1.ffn.hidden"
    act_name("enc", 5, "out")             -> "enc.5.out"            (the layer's output)
    act_name("enc", 5)                    -> "enc.5"                (the layer's prefix)
    act_name("dec", 0, "ln1")             -> "dec.0.ln1"            (pre-LN: LayerNorm(x), the sub-layer's input)
    act_name("dec", None, "ln_f")         -> "dec.ln_f"             (the stack's final LayerNorm)
    act_name("embed", "src", "token")     -> "embed.src.token"      (layer is the side here)
    act_name("out", None, "logits")       -> "out.logits"           (site is the part here)
    """
    if stack == "embed":
        _check(layer, SIDES, "side")
        if site is not None:
            _check(site, EMBED_PARTS, "embedding part")
            return f"embed.{layer}.{site}"
        return f"embed.{layer}"
    if stack == "out":
        _check(site, OUT_PARTS, "output part")
        return f"out.{site}"
    _check(stack, STACKS, "stack")
    if layer is None and site is not None:
        _check(site, STACK_SITES, "stack site")
        return f"{stack}.{site}"
    if not isinstance(layer, int) or isinstance(layer, bool) or layer < 0:
        raise KeyError(f"no trace layer {layer!r}")
    name = f"{stack}.{layer}"
    if site is None:
        return name
    if site in ATTENTION_SITES:
        if part is not None:
            _check(part, ATTENTION_PARTS, "attention part")
    elif site in NORM_SITES:
        if part is not None:
            _check(part, NORM_PARTS, "norm part")
    elif site == "ffn":
        if part is not None:
            _check(part, FFN_PARTS, "feed-forward part")
    elif site == "out":
        if part is not None:
            raise KeyError("a layer's out has no parts")
    else:
        raise KeyError(f"no trace site {site!r}")
    return f"{name}.{site}" if part is None else f"{name}.{site}.{part}"


def block_name(stack: str, site: str) -> str:
    """An attention block across layers, as ablations and exports name it: 'enc.self', 'dec.cross'."""
    _check(stack, STACKS, "stack")
    _check(site, ATTENTION_SITES, "attention site")
    return f"{stack}.{site}"


def split(name: str) -> tuple:
    """The parts of a layer entry: 'enc.0.self.q' -> ('enc', 0, 'self', 'q'); the inverse of act_name."""
    head, *rest = name.split(".")
    if head in STACKS and rest and rest[0] in STACK_SITES:
        return (head, None, rest[0], None)
    if head in STACKS:
        layer = int(rest[0])
        return (head, layer, *(rest[1:] + [None, None])[:2])
    if head == "out":
        return ("out", None, rest[0] if rest else None, None)
    return (head, *(rest + [None, None])[:2], None)


def block_parts(block: str) -> tuple[str, str]:
    """The stack and site of an attention block: 'dec.cross' -> ('dec', 'cross'); the inverse of block_name."""
    stack, _, site = block.partition(".")
    block_name(stack, site)                 # checks both
    return stack, site


def block_act_name(block: str, layer: int, part: str | None = None) -> str:
    """An attention block's entry in one layer: block_act_name('dec.cross', 3, 'weights') -> 'dec.3.cross.weights'."""
    stack, site = block_parts(block)
    return act_name(stack, layer, site, part)
