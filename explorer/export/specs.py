"""What an exported figure shows, as plain data: the view names, their panels, titles and captions.

No Qt here and no array math beyond picking slices (numbers come from core.summaries): a
`FigureSpec` is built from a Trace and handed to `figures.Figure`, which lays it out and draws it.
The same spec gives the CSV of a one-matrix figure.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from core.errors import UserError
from core.i18n import trans
from core.names import act_name, block_act_name
from core.token_labels import readable_labels
from core.summaries import joint_range, minus_inf_as_nan, top_columns, top_k, value_range, zero_fraction

from .. import descriptions as D
from ..descriptions import WEIGHTS_FORMULA, subscript
from ..i18n import QT_TRANSLATE_NOOP, translate

#: attention type → (what it is, row token side, column token side, where the block sits); the names
#: are the window's (explorer.descriptions)
ATTENTION = {
    "enc.self": (D.attention_name("enc.self"), "src", "src", "encoder"),
    "dec.self": (D.attention_name("dec.self"), "tgt", "tgt", "decoder"),
    "dec.cross": (D.attention_name("dec.cross"), "tgt", "src", "decoder"),
}

#: every --view name and what it draws (README / --help list these)
VIEWS = {
    "enc.self": "encoder self-attention weights softmax(QKᵀ/√d_k + M) of --layer: one --head, or all heads",
    "dec.self": "decoder masked self-attention weights of --layer: one --head, or all heads",
    "dec.cross": "cross-attention weights of --layer (rows: target queries, columns: source keys)",
    "qkv": "Q, K and V of one head (= enc.self.qkv)",
    "enc.self.qkv": "Q, K, V of an encoder self-attention head",
    "dec.self.qkv": "Q, K, V of a decoder self-attention head",
    "dec.cross.qkv": "Q (decoder), K and V (encoder output) of a cross-attention head",
    "embed": "source embedding: token, positional encoding, sum (= embed.src)",
    "embed.src": "source embedding: token × √d_model, positional encoding, their sum",
    "embed.tgt": "target embedding (shifted right): token × √d_model, positional encoding, sum",
    "pe": "the positional encoding matrix of the source positions (= pe.src)",
    "pe.src": "the positional encoding added to the source tokens",
    "pe.tgt": "the positional encoding added to the target tokens",
    "ffn": "feed-forward hidden activations ReLU(x·W₁ + b₁) of an encoder layer (= enc.ffn)",
    "enc.ffn": "feed-forward hidden activations of an encoder layer",
    "dec.ffn": "feed-forward hidden activations of a decoder layer",
    "enc.norm1": "Add & Norm after encoder self-attention: residual, sum, LayerNorm",
    "enc.norm2": "Add & Norm after the encoder feed-forward",
    "dec.norm1": "Add & Norm after decoder masked self-attention",
    "dec.norm2": "Add & Norm after cross-attention",
    "dec.norm3": "Add & Norm after the decoder feed-forward",
    "logits": "the final Linear: logits of the likeliest words per target position",
    "probs": "the output distribution: the top-k next words per target position",
}
#: the views of a pre-LN decoder's LayerNorms (GPT-2's stages; not in a translation model's trace)
PRE_LN_VIEWS = {
    "dec.ln1": "pre-LN (GPT-2): the LayerNorm before masked self-attention, and the residual sum after it",
    "dec.ln2": "pre-LN (GPT-2): the LayerNorm before the feed-forward, and the residual sum after it",
    "dec.ln_f": "pre-LN (GPT-2): the decoder's final LayerNorm",
}
ALIASES = {"qkv": "enc.self.qkv", "embed": "embed.src", "pe": "pe.src", "ffn": "enc.ffn"}
LAYERED = {"enc.self", "dec.self", "dec.cross", "enc.self.qkv", "dec.self.qkv", "dec.cross.qkv",
           "enc.ffn", "dec.ffn", "enc.norm1", "enc.norm2", "dec.norm1", "dec.norm2", "dec.norm3", "dec.ln1", "dec.ln2"}


@dataclass
class Panel:
    """One matrix of a figure: rows × cols values (NaN: an empty cell) with its axis labels."""
    matrix: np.ndarray
    rows: list[str]
    cols: list[str]
    title: str = ""
    row_tokens: bool = True          # rows are tokens (labelled each) rather than dimensions
    col_tokens: bool = True
    cell_text: list[list[str]] | None = None    # text printed in each cell (probs: the word)
    levels: tuple[float, float] | None = None   # a colour scale of its own (None: the figure's, its bar)


@dataclass
class FigureSpec:
    """Everything a figure carries: panels on a grid (None: an empty slot), one shared colour scale,
    a title with its formula, axis titles, optional row/column headers and a caption."""
    name: str                                     # file stem: "dec.cross.L2.H3"
    title: str
    grid: list[list[Panel | None]]
    levels: tuple[float, float]
    caption: str = ""
    row_axis: str = ""                            # what the rows are ("query (target)")
    col_axis: str = ""
    row_headers: list[str] = field(default_factory=list)     # "layer 0", … (left of each grid row)
    edge_labels: bool = False                     # tick labels only on the left column and bottom row
    colorbar_label: str = ""
    panel_px: int = 0                             # target size of a panel side in px (0: by label size)
    free_rows: bool = False                       # each grid row sized by its own panels (no shared columns)

    @property
    def panels(self) -> list[Panel]:
        return [p for row in self.grid for p in row if p is not None]


# --- the model a trace comes from -----------------------------------------------------------------
FAMILY_NAMES = {"bundled": "Transformer", "marian": "Marian", "bert": "BERT", "gpt2": "GPT-2"}


def config_of(trace) -> dict:
    return trace.meta.get("config", {})


def arch_of(trace) -> dict:
    """The trace's architecture (core.architecture.Architecture.describe()); {} for an old trace
    (the bundled shape: encoder and decoder, post-LN, sinusoids, ReLU)."""
    return trace.meta.get("architecture") or {}


def stacks_of(trace) -> list[str]:
    return list(arch_of(trace).get("stacks") or ("enc", "dec"))


def output_side(trace) -> str:
    """The tokens the output layer reads: the decoder's, or BERT's encoder's."""
    return "tgt" if "dec" in stacks_of(trace) else "src"


def model_label(trace) -> str:
    """“GPT-2 (gpt2)”, “Marian (opus-mt-zh-en)”, “Transformer (zh-en)”: the family and the checkpoint."""
    meta = trace.meta
    family = meta.get("family") or arch_of(trace).get("family") or "bundled"
    name = meta.get("model") or ""
    label = FAMILY_NAMES.get(family, family)
    return f"{label} ({name})" if name else label


def n_layers_heads(trace, stack: str | None = None) -> tuple[int, int]:
    """Layers (of `stack`, or of the first stack) and heads."""
    described = arch_of(trace)
    if described.get("layers"):
        layers = described["layers"]
        return int(layers.get(stack or next(iter(layers)), 0)), int(described["heads"])
    cfg = config_of(trace)
    if "n_layers" in cfg and "n_heads" in cfg:
        return int(cfg["n_layers"]), int(cfg["n_heads"])
    layers = {int(n.split(".")[1]) for n in trace.arrays if n.startswith("enc.") and n.endswith(".self.weights")}
    return len(layers), trace["enc.0.self.weights"].shape[0]


def canonical_view(view: str) -> str:
    """The full view name, or a UserError listing the valid ones."""
    if view in ALIASES:
        return ALIASES[view]
    if view in ("src.linear", "src.softmax"):      # BERT's masked-LM head: the same two views
        return "logits" if view == "src.linear" else "probs"
    if view not in VIEWS and view not in PRE_LN_VIEWS:
        raise UserError(f"unknown view {view!r}; valid views: {', '.join(VIEWS)}")
    return view


def check_layer_head(trace, view: str, layer: int | None, head: int | None) -> tuple[int, int | None]:
    n_layers, n_heads = n_layers_heads(trace, view.split(".")[0] if view in LAYERED else None)
    layer = 0 if layer is None else layer
    if view in LAYERED and not 0 <= layer < n_layers:
        raise UserError(f"layer {layer} is out of range: valid layers are 0–{n_layers - 1}")
    if head is not None and not 0 <= head < n_heads:
        raise UserError(f"head {head} is out of range: valid heads are 0–{n_heads - 1}")
    return layer, head


# --- labels -------------------------------------------------------------------------------------
def tokens(trace, side: str) -> list[str]:
    """The tokens of `side` as the window's chips and axes show them (core.token_labels)."""
    return readable_labels(trace.src_tokens if side == "src" else trace.tgt_tokens, trace.meta.get("tokenizer", ""))


def rows(trace, side: str) -> list[str]:
    """Row labels: a decoder row says what it predicts as well ("am → a"), as in the window."""
    return readable_labels(trace.row_tokens(side), trace.meta.get("tokenizer", ""))


def dims(n: int, step: int | None = None) -> list[str]:
    """Labels for a dimension axis (0 … n−1), every `step`-th shown (the window's convention)."""
    step = step or max(1, n // 8)
    return [str(i) if i % step == 0 else "" for i in range(n)]


def sentence(trace, side: str) -> str:
    ids_name = act_name("embed", side, "ids")
    framing = {v for k, v in (arch_of(trace).get("specials") or {}).items() if k in ("cls", "sep", "bos", "eos", "pad")}
    if framing and ids_name in trace:     # [CLS] … [SEP], <|endoftext|>: not the text ([MASK] is)
        ids = [int(i) for i in np.asarray(trace[ids_name]).reshape(-1)]
        toks = [t for t, i in zip(tokens(trace, side), ids) if i not in framing]
    else:
        toks = [t for t in tokens(trace, side) if t not in ("<bos>", "<eos>", "<pad>")]
    if not toks:
        return ""
    kind = trace.meta.get("tokenizer", "")
    if kind in ("byte-bpe", "sentencepiece"):          # pieces carry their word-start cue: ▁
        return "".join(toks).replace("▁", " ").strip()
    if kind == "wordpiece":                            # ##ing continues the word before it
        return " ".join(toks).replace(" ##", "")
    cjk = all(len(t) == 1 and ord(t) >= 0x2E80 for t in toks)     # Chinese characters join without spaces
    return ("" if cjk else " ").join(toks)


def elide(text: str, limit: int = 60) -> str:
    """A sentence cut to `limit` characters with an ellipsis (a caption stays one readable line)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def caption(trace, target: str | None = None) -> str:
    """“source” → “target prefix” (or `target`, e.g. decoding_target's) · model: name (description)
    [· ablations]."""
    meta = trace.meta
    desc = meta.get("model_description")
    model = translate("specs", "model: {model}").format(model=model_label(trace))
    stacks = stacks_of(trace)
    if len(stacks) == 1:              # BERT reads a text, GPT-2 writes on after one: no source → target
        side = "src" if stacks == ["enc"] else "tgt"
        text = f"“{elide(sentence(trace, side))}”" if target is None else target
        text += f"   ·   {model}"
    else:
        target = f"“{elide(sentence(trace, 'tgt'))}”" if target is None else target
        text = f"“{elide(sentence(trace, 'src'))}” → {target}   ·   {model}"
        if desc and not desc.startswith(f"{meta.get('family')} checkpoint"):    # not just the name again
            text += f" ({trans._(desc)})"          # the bundled model's description has a translation
    abl = meta.get("ablations") or {}
    on = [k for k in ("no_pe", "no_scale", "no_causal_mask") if abl.get(k)]
    if abl.get("heads_off"):
        on.append(translate("specs", "heads off: {heads}").format(heads=", ".join(abl["heads_off"])))
    if on:
        text += "   ·   " + translate("specs", "ablations: {ablations}").format(ablations=", ".join(on))
    return text


def decoding_target(written: list[str], done: bool, translation: str | None) -> str:
    """The target side of a caption while the window decodes step by step: the whole translation once
    <eos> is written; before, the words so far, the step, and where it is going when the decoder is
    on the greedy path (“i love …” (step 2 of 4; the greedy translation: “i love china”))."""
    words = [w for w in written if w not in ("<bos>", "<eos>", "<pad>")]
    text = elide(" ".join(words))
    if done:
        return f"“{text}”"
    step = len(words)
    so_far = f"“{text} …”" if words else "“…”"
    full = (translation or "").split()
    if translation and full[:step] == words:
        return so_far + " " + translate("specs", "(step {step} of {n}; the greedy translation: “{translation}”)").format(
            step=step, n=len(full) + 1, translation=elide(translation))
    return so_far + " " + translate("specs", "(step {step}, decoding)").format(step=step)


def where(trace, view: str, layer: int, head: int | None = None) -> str:
    """“GPT-2 (gpt2) · decoder layer 1, head 0”: the model, the block, the layer and head."""
    text = (translate("specs", "encoder layer {layer}") if view.startswith("enc")
            else translate("specs", "decoder layer {layer}")).format(layer=layer)
    text = f"{model_label(trace)} · {text}"
    return text + (translate("specs", ", head {head}").format(head=head) if head is not None else "")


# --- the views ----------------------------------------------------------------------------------
def attention_head(trace, kind: str, layer: int, head: int) -> FigureSpec:
    _, rs, cs, _ = ATTENTION[kind]
    what = D.attention_name(kind)
    w = trace[block_act_name(kind, layer, "weights")][head]
    panel = Panel(w, rows(trace, rs), tokens(trace, cs))
    return FigureSpec(f"{kind}.L{layer}.H{head}",
                      f"<b>{what}</b> &nbsp; {WEIGHTS_FORMULA} &nbsp;—&nbsp; {where(trace, kind, layer, head)}",
                      [[panel]], (0.0, 1.0), caption(trace), *axis_titles(kind), colorbar_label=translate("specs", "weight"))


def axis_titles(kind: str) -> tuple[str, str]:
    _, rs, cs, _ = ATTENTION[kind]
    return D.attention_axes(rs, cs)


def attention_layer(trace, kind: str, layer: int, shown: int | None = None) -> FigureSpec:
    """Every head of one layer's block, titled as in the window's all-heads tab (`shown`: the head the
    window's pipeline shows, marked ◀)."""
    _, rs, cs, _ = ATTENTION[kind]
    what = D.attention_name(kind)
    weights = trace[block_act_name(kind, layer, "weights")]
    n = weights.shape[0]
    per_row = 4 if n > 4 else n
    row_labels, cols = rows(trace, rs), tokens(trace, cs)
    off = D.heads_off(trace, kind, layer)
    grid: list[list[Panel | None]] = []
    for h in range(n):
        if h % per_row == 0:
            grid.append([])
        grid[-1].append(Panel(weights[h], row_labels, cols, D.head_title(h, h in off, h == shown)))
    grid[-1] += [None] * (per_row - len(grid[-1]))
    return FigureSpec(f"{kind}.L{layer}.heads",
                      f"<b>{what}</b> &nbsp; {WEIGHTS_FORMULA} &nbsp;—&nbsp; {where(trace, kind, layer)}"
                      + translate("specs", ", all {n} heads").format(n=n),
                      grid, (0.0, 1.0), caption(trace), *axis_titles(kind), edge_labels=True,
                      colorbar_label=translate("specs", "weight"))


def attention_all_heads(trace, kind: str) -> FigureSpec:
    _, rs, cs, _ = ATTENTION[kind]
    what = D.attention_name(kind)
    n_layers, n_heads = n_layers_heads(trace, kind.split(".")[0])
    row_labels, cols = rows(trace, rs), tokens(trace, cs)
    grid = [[Panel(trace[block_act_name(kind, i, "weights")][h], row_labels, cols, translate("specs", "head {head}").format(head=h) if i == 0 else "")
             for h in range(n_heads)] for i in range(n_layers)]
    return FigureSpec(f"{kind}.all-heads",
                      f"<b>{what}</b> &nbsp; {WEIGHTS_FORMULA} &nbsp;—&nbsp; {model_label(trace)} · "
                      + translate("specs", "every layer × head"),
                      grid, (0.0, 1.0), caption(trace), *axis_titles(kind),
                      row_headers=[translate("specs", "layer {layer}").format(layer=i) for i in range(n_layers)], edge_labels=True,
                      colorbar_label=translate("specs", "weight"), panel_px=0)


def own_scale(title: str, matrix: np.ndarray, levels: tuple[float, float] | None = None) -> dict:
    """Panel keywords for a matrix drawn on its own colour scale, its range written in its title."""
    lo, hi = levels or value_range(matrix)
    return dict(title=f"{title}  [{lo:.3g} … {hi:.3g}]", levels=(lo, hi))


def attention_pipeline(trace, kind: str, layer: int, head: int, x_name: str) -> FigureSpec:
    """The window's "Pipeline of one head": X → Q, K, V, then QKᵀ → ÷√d_k → + M → softmax → ·V = Z,
    its panels titled as on screen (explorer.descriptions). `x_name` is the trace array W_Q
    multiplies (explorer.stages.attention_query_input)."""
    _, rs, cs, _ = ATTENTION[kind]
    name = partial(block_act_name, kind, layer)
    q_tok, k_tok = tokens(trace, rs), tokens(trace, cs)
    x, q, k, v = trace[x_name], trace[name("q")][head], trace[name("k")][head], trace[name("v")][head]
    d_k = q.shape[-1]
    dk_labels = dims(d_k, 1 if d_k <= 16 else None)
    t = D.pipeline_titles(kind, head, d_k, **D.pipeline_facts(trace, kind, layer, head))
    qkv_levels = joint_range(q, k, v)
    masked = minus_inf_as_nan(trace[name("masked")][head])
    top = [Panel(x, q_tok, dims(x.shape[-1]), col_tokens=False, **own_scale(t["x"], x)),
           Panel(q, q_tok, dk_labels, col_tokens=False, **own_scale(t["q"], q, qkv_levels)),
           Panel(k, k_tok, dk_labels, col_tokens=False, **own_scale(t["k"], k, qkv_levels)),
           Panel(v, k_tok, dk_labels, col_tokens=False, **own_scale(t["v"], v, qkv_levels)),
           None]
    scores, scaled = trace[name("scores")][head], trace[name("scaled")][head]
    bottom = [Panel(scores, q_tok, k_tok, **own_scale(t["scores"], scores)),
              Panel(scaled, q_tok, k_tok, **own_scale(t["scaled"], scaled)),
              Panel(masked, q_tok, k_tok, **own_scale(t["masked"], masked)),
              Panel(trace[name("weights")][head], q_tok, k_tok, t["weights"] + "  " + translate("specs", "[colour bar]")),
              Panel(trace[name("z")][head], q_tok, dk_labels, col_tokens=False,
                    **own_scale(t["z"], trace[name("z")][head]))]
    return FigureSpec(f"{kind}.L{layer}.H{head}.pipeline",
                      f"<b>{D.pipeline_title(kind)}</b> &nbsp; {D.PIPELINE_FORMULA} &nbsp;—&nbsp; {where(trace, kind, layer, head)} &nbsp;"
                      + translate("specs", "(each panel on its own colour scale, its range in brackets; the bar: the "
                                  "softmax weights)"),
                      [top, bottom], (0.0, 1.0), caption(trace), translate("specs", "token (rows of each panel)"), "",
                      colorbar_label=translate("specs", "weight"), free_rows=True)


def attention_heads_concat(trace, kind: str, layer: int, shown: int | None = None) -> FigureSpec:
    """The window's "All heads · concat · W_O": every head's weights, then Concat(Z₀ … Z_h−1) and
    MultiHead = Concat · W_O (on their own scales); `shown`: the head the window shows (marked, and
    its columns of the concat named)."""
    spec = attention_layer(trace, kind, layer, shown)
    _, rs, _, _ = ATTENTION[kind]
    name = partial(block_act_name, kind, layer)
    concat, out = trace[name("concat")], trace[name("out")]
    n_heads, d_k = trace[name("q")].shape[0], trace[name("q")].shape[-1]
    rows = tokens(trace, rs)
    z_labels = [f"Z{subscript(i // d_k)}" if i % d_k == 0 else "" for i in range(concat.shape[-1])]
    width = len(spec.grid[0])
    tail = [Panel(concat, rows, z_labels, col_tokens=False,
                  **own_scale(D.concat_title(n_heads, shown, d_k), concat)),
            Panel(out, rows, dims(out.shape[-1]), col_tokens=False, **own_scale(D.OUTPUT_TITLE, out))]
    grid = [list(row) for row in spec.grid] + [tail + [None] * (width - len(tail))]
    return replace(spec, name=f"{kind}.L{layer}.heads-concat", grid=grid, edge_labels=False, free_rows=True,
                   col_axis=spec.col_axis + " " + translate("specs", "(heads); dimension (Concat, W_O)"),
                   title=spec.title + " &nbsp;· " + translate("specs", "Concat · W_O (their own colour scales, ranges in brackets)"))


def qkv(trace, kind: str, layer: int, head: int) -> FigureSpec:
    _, rs, cs, _ = ATTENTION[kind]
    what = D.attention_name(kind)
    name = partial(block_act_name, kind, layer)
    q, k, v = trace[name("q")][head], trace[name("k")][head], trace[name("v")][head]
    d_k = q.shape[-1]
    labels = dims(d_k, 1 if d_k <= 16 else None)
    hs = subscript(head)
    src = "enc" if kind == "dec.cross" else "X"
    grid = [[Panel(q, rows(trace, rs), labels, f"Q{hs} = X·W_Q{hs}", col_tokens=False),
             Panel(k, tokens(trace, cs), labels, f"K{hs} = {src}·W_K{hs}", col_tokens=False),
             Panel(v, tokens(trace, cs), labels, f"V{hs} = {src}·W_V{hs}", col_tokens=False)]]
    note = " &nbsp;" + translate("specs", "(Q from the decoder; K, V from the encoder output)") if kind == "dec.cross" else ""
    return FigureSpec(f"{kind}.L{layer}.H{head}.qkv",
                      f"<b>{what}: Q, K, V</b> &nbsp; Q = X·W_Q, K = {src}·W_K, V = {src}·W_V"
                      f" &nbsp;—&nbsp; {where(trace, kind, layer, head)}{note}",
                      grid, joint_range(q, k, v), caption(trace), translate("specs", "token"), translate("specs", "dimension of d_k"),
                      colorbar_label=translate("specs", "value"))


PE_FORMULAS = {
    "sinusoidal-interleaved": "PE(pos, 2i) = sin(pos / 10000<sup>2i/d</sup>), PE(pos, 2i+1) = cos(pos / 10000<sup>2i/d</sup>)",
    "sinusoidal-half": "sin(pos / 10000<sup>2i/d</sup>) in the first half of the dimensions, cos(…) in the second",
    "learned": "learned positions: row pos of the trained position table",
    "none": "none (the model has no positional encoding)"}
ACTIVATION_NAMES = {"relu": "ReLU", "silu": "SiLU", "gelu": "GELU", "gelu_new": "GELU (tanh)"}


def embedding(trace, side: str) -> FigureSpec:
    name = partial(act_name, "embed", side)
    arch = arch_of(trace)
    scale = "·√d_model" if arch.get("embed_scale", 2.0) != 1.0 else ""
    pe = "PE(pos)" if str(arch.get("pe", "sinusoidal")).startswith("sinusoidal") else "P[pos]"
    token, position, total = trace[name("token")], trace[name("position")], trace[name("sum")]
    row_labels, labels = rows(trace, side), dims(token.shape[-1])
    parts = [(token, f"Embedding(token){scale}"), (position, f"+ {pe}")]
    formula = f"x = Embedding(token){scale} + {pe}"
    if arch.get("token_types") and name("type") in trace:
        parts.append((trace[name("type")], "+ TokenType(segment)"))
        formula += " + TokenType(segment)"
    parts.append((total, "= the sum"))
    if arch.get("embed_norm") and name("norm") in trace:
        parts.append((trace[name("norm")], translate("specs", "LayerNorm(sum) = input to layer 0")))
        formula = f"x = LayerNorm({formula[4:]})"
    else:
        parts[-1] = (total, translate("specs", "= input to layer 0"))
    grid = [[Panel(m, row_labels, labels, title, col_tokens=False) for m, title in parts]]
    if len(stacks_of(trace)) == 1:
        which = translate("specs", "Input embedding")
    else:
        which = (translate("specs", "Input embedding (source)") if side == "src"
                 else translate("specs", "Output embedding (target, shifted right)"))
    return FigureSpec(name(), f"<b>{which}</b> &nbsp; {formula} &nbsp;—&nbsp; {model_label(trace)}",
                      grid, joint_range(*(m for m, _ in parts)), caption(trace), translate("specs", "token"),
                      translate("specs", "dimension of d_model"), colorbar_label=translate("specs", "value"))


def positional(trace, side: str) -> FigureSpec:
    pe = trace[act_name("embed", side, "position")]
    row_labels = [f"{i} {t}" for i, t in enumerate(tokens(trace, side))]
    off = bool((trace.meta.get("ablations") or {}).get("no_pe"))
    kind = arch_of(trace).get("pe", "sinusoidal-interleaved")
    title = ("<b>" + translate("specs", "Positional encoding") + f"</b> &nbsp; {PE_FORMULAS.get(kind, kind)}"
             + (" &nbsp;— " + translate("specs", "switched off (zeros)") if off else "")
             + f" &nbsp;—&nbsp; {model_label(trace)}")
    panel = Panel(pe, row_labels, dims(pe.shape[-1]), col_tokens=False)
    return FigureSpec(f"pe.{side}", title, [[panel]], value_range(pe), caption(trace),
                      translate("specs", "position · token"), translate("specs", "dimension i of d_model"), colorbar_label="PE")


def ffn(trace, stack: str, layer: int) -> FigureSpec:
    hidden = trace[act_name(stack, layer, "ffn", "hidden")]
    side = "src" if stack == "enc" else "tgt"
    panel = Panel(hidden, rows(trace, side), dims(hidden.shape[-1]), col_tokens=False)
    zeros = zero_fraction(hidden)
    act = arch_of(trace).get("activation", "relu")
    activation = ACTIVATION_NAMES.get(act, act)
    return FigureSpec(f"{stack}.ffn.L{layer}",
                      translate("specs", "<b>Feed-forward hidden layer</b> &nbsp; {activation}(x·W₁ + b₁) &nbsp;—&nbsp; {where}"
                                " &nbsp;({zeros} of activations are 0)").format(
                          activation=activation, where=where(trace, stack, layer), zeros=f"{zeros:.0%}"),
                      [[panel]], value_range(hidden), caption(trace), translate("specs", "token"),
                      translate("specs", "hidden unit of d_ff"), colorbar_label=translate("specs", "activation"), panel_px=640)


NORM_AFTER = {"enc.norm1": QT_TRANSLATE_NOOP("specs", "self-attention"), "enc.norm2": QT_TRANSLATE_NOOP("specs", "feed-forward"),
              "dec.norm1": QT_TRANSLATE_NOOP("specs", "masked self-attention"), "dec.norm2": QT_TRANSLATE_NOOP("specs", "cross-attention"),
              "dec.norm3": QT_TRANSLATE_NOOP("specs", "feed-forward")}


PRE_LN_BEFORE = {"dec.ln1": ("masked self-attention", "self"), "dec.ln2": ("feed-forward", "ffn")}


def pre_norm(trace, view: str, layer: int | None) -> FigureSpec:
    """A pre-LN LayerNorm (GPT-2): LayerNorm(x) feeds the sub-layer, x + Sublayer(LayerNorm(x)) goes
    on; the final one (ln_f) normalises the last layer's output. As the window's Add & Norm view."""
    stack, norm = view.split(".")
    side = "src" if stack == "enc" else "tgt"
    row_labels = rows(trace, side)
    if norm == "ln_f":
        n_layers, _ = n_layers_heads(trace, stack)
        x, out = trace[act_name(stack, n_layers - 1, "out")], trace[act_name(stack, None, "ln_f")]
        labels = dims(out.shape[-1])
        grid = [[Panel(x, row_labels, labels, "x (the last layer's output)", col_tokens=False),
                 Panel(out, row_labels, labels, "LayerNorm(x) (final)", col_tokens=False)]]
        return FigureSpec(f"{stack}.ln_f", f"<b>Final LayerNorm</b> &nbsp; LayerNorm(x) &nbsp;—&nbsp; "
                          f"{model_label(trace)}", grid, joint_range(x, out), caption(trace), "token",
                          "dimension of d_model", colorbar_label="value")
    name = partial(act_name, stack, layer, norm)
    residual, total, out = trace[name("residual")], trace[name("sum")], trace[name()]
    labels = dims(out.shape[-1])
    sub, site = PRE_LN_BEFORE[view]
    sub_out = trace[act_name(stack, layer, site, "out")]
    grid = [[Panel(residual, row_labels, labels, "x (residual input)", col_tokens=False),
             Panel(sub_out, row_labels, labels, f"Sublayer(LayerNorm(x)) = {sub} output", col_tokens=False)],
            [Panel(total, row_labels, labels, "x + Sublayer(LayerNorm(x))", col_tokens=False),
             Panel(out, row_labels, labels, f"LayerNorm(x) → {sub} input", col_tokens=False)]]
    return FigureSpec(f"{stack}.{norm}.L{layer}",
                      f"<b>LayerNorm</b> before {sub} (pre-LN) &nbsp; x + Sublayer(LayerNorm(x))"
                      f" &nbsp;—&nbsp; {where(trace, stack, layer)}",
                      grid, joint_range(residual, sub_out, total, out), caption(trace), "token",
                      "dimension of d_model", colorbar_label="value")


def add_norm(trace, view: str, layer: int) -> FigureSpec:
    stack, norm = view.split(".")
    name = partial(act_name, stack, layer, norm)
    residual, total, out = trace[name("residual")], trace[name("sum")], trace[name()]
    side = "src" if stack == "enc" else "tgt"
    row_labels, labels = rows(trace, side), dims(out.shape[-1])
    grid = [[Panel(residual, row_labels, labels, translate("specs", "x (residual)"), col_tokens=False),
             Panel(total, row_labels, labels, "x + Sublayer(x)", col_tokens=False),
             Panel(out, row_labels, labels, "LayerNorm(x + Sublayer(x))", col_tokens=False)]]
    return FigureSpec(f"{stack}.{norm}.L{layer}",
                      translate("specs", "<b>Add &amp; Norm</b> after {sublayer} &nbsp; LayerNorm(x + Sublayer(x))"
                                " &nbsp;—&nbsp; {where}").format(sublayer=translate("specs", NORM_AFTER[view]),
                                                                 where=where(trace, stack, layer)),
                      grid, joint_range(residual, total, out), caption(trace), translate("specs", "token"),
                      translate("specs", "dimension of d_model"), colorbar_label=translate("specs", "value"))


def word(vocab: list[str] | None, i: int) -> str:
    return vocab[i] if vocab and 0 <= i < len(vocab) else f"#{i}"


def output_axes(trace) -> tuple[str, str, str, str]:
    """(the side, what the output layer reads, the row axis, the column axis) of the output views:
    BERT's masked-LM head guesses the word at each position, a decoder the next one."""
    side = output_side(trace)
    reads = translate("specs", "encoder output") if side == "src" else translate("specs", "decoder output")
    return (side, reads, *D.output_axes(side))       # the axes as the window's output view names them


def output_logits(trace, vocab: list[str] | None, k: int = 20) -> FigureSpec:
    logits, probs = trace["out.logits"], trace["out.probs"]
    side, reads, row_axis, col_axis = output_axes(trace)
    columns = top_columns(probs, k)
    m = logits[:, columns]
    panel = Panel(m, rows(trace, side), [word(vocab, int(i)) for i in columns])
    return FigureSpec("logits", translate("specs", "<b>Linear</b> &nbsp; logits = {reads} · W + b &nbsp;— the {n}"
                                          " likeliest words").format(reads=reads, n=len(columns))
                      + f" &nbsp;—&nbsp; {model_label(trace)}", [[panel]], value_range(m), caption(trace),
                      row_axis, col_axis, colorbar_label="logit")


def output_probs(trace, vocab: list[str] | None, k: int = 5) -> FigureSpec:
    probs = trace["out.probs"]
    k = max(1, min(k, probs.shape[-1]))
    values = np.zeros((probs.shape[0], k), dtype=np.float32)
    text: list[list[str]] = []
    for t, row in enumerate(probs):
        ids, p = top_k(row, k)
        values[t] = p
        text.append([f"{word(vocab, int(i))}\n{v:.2f}" for i, v in zip(ids, p)])
    ranks = [translate("specs", "1st"), translate("specs", "2nd"), translate("specs", "3rd")] + [
        translate("specs", "{n}th").format(n=i) for i in range(4, k + 1)]
    side, _, row_axis, _ = output_axes(trace)
    panel = Panel(values, rows(trace, side), ranks[:k], cell_text=text)
    what = (translate("specs", "P(word) = softmax(logits) &nbsp;— the top {k} words at each position") if side == "src" else
            translate("specs", "P(next word) = softmax(logits) &nbsp;— the top {k} words after each target position")).format(k=k)
    return FigureSpec("probs", "<b>" + translate("specs", "Output distribution") + f"</b> &nbsp; {what} &nbsp;—&nbsp; "
                      f"{model_label(trace)}", [[panel]], (0.0, 1.0), caption(trace), row_axis,
                      translate("specs", "rank (word and probability)"), colorbar_label="P")


def build_spec(trace, view: str, layer: int | None = None, head: int | None = None, all_heads: bool = False,
               vocab: list[str] | None = None, top: int = 5) -> FigureSpec:
    """The figure of `view` (a name in VIEWS) for a trace; bad names, layers and heads are UserErrors."""
    view = canonical_view(view)
    layer, head = check_layer_head(trace, view, layer, head)
    if all_heads:
        if view not in ATTENTION:
            raise UserError(f"--all-heads draws attention weights: use it with {', '.join(ATTENTION)}")
        return attention_all_heads(trace, view)
    if view in ATTENTION:
        return attention_layer(trace, view, layer) if head is None else attention_head(trace, view, layer, head)
    if view.endswith(".qkv"):
        return qkv(trace, view[: -len(".qkv")], layer, head or 0)
    if view.startswith("embed."):
        return embedding(trace, view.split(".")[1])
    if view.startswith("pe."):
        return positional(trace, view.split(".")[1])
    if view.endswith(".ffn"):
        return ffn(trace, view.split(".")[0], layer)
    if view in NORM_AFTER:
        return add_norm(trace, view, layer)
    if view in PRE_LN_VIEWS:
        return pre_norm(trace, view, layer)
    if view == "logits":
        return output_logits(trace, vocab)
    return output_probs(trace, vocab, top)


# --- the run, stage by stage (Export all) -------------------------------------------------------
def stage_view(stage) -> tuple[str, int | None]:
    """The view that shows one of the window's stages (explorer.stages.Stage)."""
    if stage.kind == "embed":
        return stage.prefix, None                       # embed.src / embed.tgt
    if stage.kind == "pe":
        return f"pe.{stage.side}", None
    if stage.kind == "attention":
        return stage.box, stage.layer                   # enc.self / dec.self / dec.cross, all heads
    if stage.kind in ("norm", "ffn"):
        return stage.box, stage.layer                   # enc.ffn / dec.norm2 …
    return ("logits" if stage.kind == "linear" else "probs"), None


def spec_for_stage(trace, stage, head: int | None = None, vocab: list[str] | None = None, arch=None) -> FigureSpec:
    """The figure of the window's current stage (attention: one head if `head` is given, else all);
    the other stages as their view draws them (stage_figure)."""
    if stage.kind != "attention":
        return stage_figure(trace, stage, arch if arch is not None else n_layers_heads(trace)[0], vocab)
    view, layer = stage_view(stage)
    return build_spec(trace, view, layer, head, vocab=vocab)


def figure_name(stage) -> str:
    """A stage figure's file stem: "src.pe", "enc.norm1.L2", "dec.ln_f", "softmax"."""
    return stage.box + (f".L{stage.layer}" if stage.layer is not None else "")


def stage_figure(trace, stage, arch, vocab: list[str] | None = None, n_words: int = 20) -> FigureSpec:
    """An embedding, Add & Norm / LayerNorm, feed-forward, Linear or Softmax stage as its view draws
    it: the same panels (explorer.stages.stage_panels) with the same titles, on one colour scale."""
    from explorer.stages import stage_panels

    side = stage.side
    row_labels = rows(trace, side)
    if stage.kind in ("linear", "softmax"):
        probs = trace["out.probs"]
        columns = top_columns(probs, n_words)
        m = (probs if stage.kind == "softmax" else trace["out.logits"])[:, columns]
        panel = Panel(m, row_labels, [word(vocab, int(i)) for i in columns], D.output_title(stage.kind, side, len(columns)))
        levels = (0.0, 1.0) if stage.kind == "softmax" else value_range(m)
        return FigureSpec(figure_name(stage), f"<b>{stage.title}</b> &nbsp;—&nbsp; {model_label(trace)}", [[panel]], levels, caption(trace),
                          *D.output_axes(side), colorbar_label="P" if stage.kind == "softmax" else "logit")
    parts = stage_panels(stage, arch, trace)
    matrices = {part: trace[array] for part, _, array in parts}
    if stage.kind == "ffn":      # x, the hidden units and the output differ in range: the bar is the hidden units'
        panels = [Panel(matrices[part], row_labels, dims(matrices[part].shape[-1]), col_tokens=False,
                        **({"title": title} if part == "hidden" else own_scale(title, matrices[part])))
                  for part, title, _ in parts]
        levels, label = value_range(matrices["hidden"]), translate("specs", "hidden activation (x and FFN(x): ranges in brackets)")
    else:                        # the embedding's parts and the Add & Norm's are comparable: one scale
        panels = [Panel(matrices[part], row_labels, dims(matrices[part].shape[-1]), title, col_tokens=False)
                  for part, title, _ in parts]
        levels, label = joint_range(*matrices.values()), translate("specs", "value")
    grid = [panels[:2], panels[2:]] if stage.kind == "norm" else [[p] for p in panels]   # as the view lays them out
    return FigureSpec(figure_name(stage), f"<b>{stage.title}</b> &nbsp;—&nbsp; {model_label(trace)}", grid, levels,
                      caption(trace), translate("specs", "token"), translate("specs", "dimension"), colorbar_label=label,
                      free_rows=True)


def run_specs(trace, vocab: list[str] | None = None, arch=None) -> list[tuple[str, FigureSpec]]:
    """Every stage of the run in execution order (the window's stage list for `arch`, the model's
    core.architecture.Architecture; None: the bundled shape), then the all-heads grids: (heading, spec) pairs."""
    from explorer.stages import build_stages

    stages = build_stages(arch if arch is not None else n_layers_heads(trace)[0])
    out = [(stage.title, spec_for_stage(trace, stage, vocab=vocab, arch=arch)) for stage in stages]
    kinds = [k for k in ATTENTION if block_act_name(k, 0, "weights") in trace]
    out += [(translate("specs", "{what}: every layer × head").format(what=D.attention_name(kind)),
             attention_all_heads(trace, kind)) for kind in kinds]
    return out


# --- decoding animation -------------------------------------------------------------------------
def pad_to(spec: FigureSpec, final: FigureSpec) -> FigureSpec:
    """`spec` with every panel grown to the shape of the same panel in `final` (NaN cells, empty
    labels): the frames of an animation keep one layout and the decoded rows appear one by one."""
    grid = []
    for row, final_row in zip(spec.grid, final.grid):
        out_row = []
        for p, f in zip(row, final_row):
            if p is None or f is None:
                out_row.append(p)
                continue
            r, c = f.matrix.shape
            m = np.full((r, c), np.nan, dtype=np.float32)
            m[: p.matrix.shape[0], : p.matrix.shape[1]] = p.matrix
            rows = list(p.rows) + [""] * (r - len(p.rows))
            cols = list(p.cols) + [""] * (c - len(p.cols))
            text = None
            if p.cell_text is not None:
                text = [list(t) + [""] * (c - len(t)) for t in p.cell_text] + [[""] * c] * (r - len(p.cell_text))
            out_row.append(replace(p, matrix=m, rows=rows, cols=cols, cell_text=text))
        grid.append(out_row)
    return replace(spec, grid=grid)



def decoding_specs(steps, view: str, layer: int | None = None, head: int | None = None,
                   all_heads: bool = False, vocab: list[str] | None = None) -> list[FigureSpec]:
    """One frame per decoding step (a step that chose a token: core.decoding.Step with `chosen`):
    the view as the model saw it when writing that token, all padded to the last frame's shape and
    drawn on one colour scale, so the rows appear one by one."""
    chosen = [s for s in steps if s.chosen is not None]
    if not chosen:
        raise UserError("nothing to animate: the decoder took no step")
    frames = []
    for i, step in enumerate(chosen):
        spec = build_spec(step.trace, view, layer, head, all_heads, vocab)
        p = float(step.probs[step.chosen])
        forced = " " + translate("specs", "(forced)") if getattr(step, "forced", False) else ""
        spec.title += " &nbsp;—&nbsp; " + translate("specs", "<b>step {i}/{n}</b>: writes “{word}”{forced}, P = {p}").format(
            i=i + 1, n=len(chosen), word=word(vocab, step.chosen), forced=forced, p=f"{p:.2f}")
        frames.append(spec)
    levels = (min(f.levels[0] for f in frames), max(f.levels[1] for f in frames))
    final = frames[-1]
    return [replace(pad_to(f, final), levels=levels, name=f"{final.name}.decoding") for f in frames]
