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
from core.summaries import joint_range, minus_inf_as_nan, top_columns, top_k, value_range

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
    "ffn": "the feed-forward stage of an encoder layer: x, hidden units ReLU(x·W₁ + b₁), FFN(x) (= enc.ffn)",
    "enc.ffn": "the feed-forward stage of an encoder layer, as the window draws it",
    "dec.ffn": "the feed-forward stage of a decoder layer, as the window draws it",
    "enc.norm1": "Add & Norm after encoder self-attention: residual, sub-layer output, sum, LayerNorm",
    "enc.norm2": "Add & Norm after the encoder feed-forward",
    "dec.norm1": "Add & Norm after decoder masked self-attention",
    "dec.norm2": "Add & Norm after cross-attention",
    "dec.norm3": "Add & Norm after the decoder feed-forward",
    "logits": "the final Linear: logits of the likeliest words per target position",
    "probs": "the output distribution: the top-k next words per target position",
}
ALIASES = {"qkv": "enc.self.qkv", "embed": "embed.src", "pe": "pe.src", "ffn": "enc.ffn"}
LAYERED = {"enc.self", "dec.self", "dec.cross", "enc.self.qkv", "dec.self.qkv", "dec.cross.qkv",
           "enc.ffn", "dec.ffn", "enc.norm1", "enc.norm2", "dec.norm1", "dec.norm2", "dec.norm3"}


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


# --- validation ---------------------------------------------------------------------------------
def config_of(trace) -> dict:
    return trace.meta.get("config", {})


def n_layers_heads(trace) -> tuple[int, int]:
    cfg = config_of(trace)
    if "n_layers" in cfg and "n_heads" in cfg:
        return int(cfg["n_layers"]), int(cfg["n_heads"])
    layers = {int(n.split(".")[1]) for n in trace.arrays if n.startswith("enc.") and n.endswith(".self.weights")}
    return len(layers), trace["enc.0.self.weights"].shape[0]


def canonical_view(view: str) -> str:
    """The full view name, or a UserError listing the valid ones."""
    if view in ALIASES:
        return ALIASES[view]
    if view not in VIEWS:
        raise UserError(f"unknown view {view!r}; valid views: {', '.join(VIEWS)}")
    return view


def check_layer_head(trace, view: str, layer: int | None, head: int | None) -> tuple[int, int | None]:
    n_layers, n_heads = n_layers_heads(trace)
    layer = 0 if layer is None else layer
    if view in LAYERED and not 0 <= layer < n_layers:
        raise UserError(f"layer {layer} is out of range: valid layers are 0–{n_layers - 1}")
    if head is not None and not 0 <= head < n_heads:
        raise UserError(f"head {head} is out of range: valid heads are 0–{n_heads - 1}")
    return layer, head


# --- labels -------------------------------------------------------------------------------------
def tokens(trace, side: str) -> list[str]:
    return list(trace.src_tokens if side == "src" else trace.tgt_tokens)


def rows(trace, side: str) -> list[str]:
    """Row labels: a decoder row says what it predicts as well ("am → a"), as in the window."""
    return trace.row_tokens(side)


def dims(n: int, step: int | None = None) -> list[str]:
    """Labels for a dimension axis (0 … n−1), every `step`-th shown (the window's convention)."""
    step = step or max(1, n // 8)
    return [str(i) if i % step == 0 else "" for i in range(n)]


def sentence(trace, side: str) -> str:
    toks = [t for t in tokens(trace, side) if t not in ("<bos>", "<eos>", "<pad>")]
    if not toks:
        return ""
    cjk = all(len(t) == 1 and ord(t) >= 0x2E80 for t in toks)     # Chinese characters join without spaces
    return ("" if cjk else " ").join(toks)


def elide(text: str, limit: int = 60) -> str:
    """A sentence cut to `limit` characters with an ellipsis (a caption stays one readable line)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def caption(trace, target: str | None = None) -> str:
    """“source” → “target prefix” (or `target`, e.g. decoding_target's) · model: name (description)
    [· ablations]."""
    meta = trace.meta
    model = meta.get("model") or translate("specs", "model")
    desc = meta.get("model_description")
    target = f"“{elide(sentence(trace, 'tgt'))}”" if target is None else target
    text = f"“{elide(sentence(trace, 'src'))}” → {target}   ·   " + translate("specs", "model: {model}").format(model=model)
    if desc:
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


def where(view: str, layer: int, head: int | None = None) -> str:
    text = (translate("specs", "encoder layer {layer}") if view.startswith("enc")
            else translate("specs", "decoder layer {layer}")).format(layer=layer)
    return text + (translate("specs", ", head {head}").format(head=head) if head is not None else "")


# --- the views ----------------------------------------------------------------------------------
def attention_head(trace, kind: str, layer: int, head: int) -> FigureSpec:
    _, rs, cs, _ = ATTENTION[kind]
    what = D.attention_name(kind)
    w = trace[block_act_name(kind, layer, "weights")][head]
    panel = Panel(w, rows(trace, rs), tokens(trace, cs))
    return FigureSpec(f"{kind}.L{layer}.H{head}",
                      f"<b>{what}</b> &nbsp; {WEIGHTS_FORMULA} &nbsp;—&nbsp; {where(kind, layer, head)}",
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
                      f"<b>{what}</b> &nbsp; {WEIGHTS_FORMULA} &nbsp;—&nbsp; {where(kind, layer)}"
                      + translate("specs", ", all {n} heads").format(n=n),
                      grid, (0.0, 1.0), caption(trace), *axis_titles(kind), edge_labels=True,
                      colorbar_label=translate("specs", "weight"))


def attention_all_heads(trace, kind: str) -> FigureSpec:
    _, rs, cs, _ = ATTENTION[kind]
    what = D.attention_name(kind)
    n_layers, n_heads = n_layers_heads(trace)
    row_labels, cols = rows(trace, rs), tokens(trace, cs)
    grid = [[Panel(trace[block_act_name(kind, i, "weights")][h], row_labels, cols, translate("specs", "head {head}").format(head=h) if i == 0 else "")
             for h in range(n_heads)] for i in range(n_layers)]
    return FigureSpec(f"{kind}.all-heads",
                      f"<b>{what}</b> &nbsp; {WEIGHTS_FORMULA} &nbsp;—&nbsp; " + translate("specs", "every layer × head"),
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
                      f"<b>{D.pipeline_title(kind)}</b> &nbsp; {D.PIPELINE_FORMULA} &nbsp;—&nbsp; {where(kind, layer, head)} &nbsp;"
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
                      f" &nbsp;—&nbsp; {where(kind, layer, head)}{note}",
                      grid, joint_range(q, k, v), caption(trace), translate("specs", "token"), translate("specs", "dimension of d_k"),
                      colorbar_label=translate("specs", "value"))


def positional(trace, side: str) -> FigureSpec:
    pe = trace[act_name("embed", side, "position")]
    row_labels = [f"{i} {t}" for i, t in enumerate(tokens(trace, side))]
    off = bool((trace.meta.get("ablations") or {}).get("no_pe"))
    title = ("<b>" + translate("specs", "Positional encoding") + "</b> &nbsp; PE(pos, 2i) = sin(pos / 10000<sup>2i/d</sup>), "
             "PE(pos, 2i+1) = cos(pos / 10000<sup>2i/d</sup>)"
             + (" &nbsp;— " + translate("specs", "switched off (zeros)") if off else ""))
    panel = Panel(pe, row_labels, dims(pe.shape[-1]), col_tokens=False)
    return FigureSpec(f"pe.{side}", title, [[panel]], value_range(pe), caption(trace),
                      translate("specs", "position · token"), translate("specs", "dimension i of d_model"), colorbar_label="PE")


# the Add & Norm views (drawn as the window's stage of that name)
NORM_VIEWS = ("enc.norm1", "enc.norm2", "dec.norm1", "dec.norm2", "dec.norm3")


def word(vocab: list[str] | None, i: int) -> str:
    return vocab[i] if vocab and 0 <= i < len(vocab) else f"#{i}"


def output_logits(trace, vocab: list[str] | None, k: int = 20) -> FigureSpec:
    logits, probs = trace["out.logits"], trace["out.probs"]
    columns = top_columns(probs, k)
    m = logits[:, columns]
    panel = Panel(m, rows(trace, "tgt"), [word(vocab, int(i)) for i in columns])
    return FigureSpec("logits", translate("specs", "<b>Linear</b> &nbsp; logits = decoder output · W + b &nbsp;— the {n}"
                                          " likeliest words").format(n=len(columns)), [[panel]], value_range(m), caption(trace),
                      translate("specs", "decoder input → predicted"), translate("specs", "next word"), colorbar_label="logit")


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
    panel = Panel(values, rows(trace, "tgt"), ranks[:k], cell_text=text)
    return FigureSpec("probs", translate("specs", "<b>Output distribution</b> &nbsp; P(next word) = softmax(logits) &nbsp;— the"
                                         " top {k} words after each target position").format(k=k), [[panel]], (0.0, 1.0),
                      caption(trace), translate("specs", "decoder input → predicted"),
                      translate("specs", "rank (word and probability)"), colorbar_label="P")


def build_spec(trace, view: str, layer: int | None = None, head: int | None = None, all_heads: bool = False,
               vocab: list[str] | None = None, top: int = 5, arch=None) -> FigureSpec:
    """The figure of `view` (a name in VIEWS) for a trace; bad names, layers and heads are UserErrors.
    The views that are one of the window's stages (STAGE_VIEWS) are drawn as that stage's view and
    its export draw it (stage_figure); `arch`: the model's Architecture (default: the bundled shape)."""
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
    if stage_box(view) is not None:
        arch = arch if arch is not None else n_layers_heads(trace)[0]
        return stage_figure(trace, window_stage(view, layer, arch), arch, vocab)
    if view.startswith("pe."):
        return positional(trace, view.split(".")[1])
    if view == "logits":
        return output_logits(trace, vocab)
    return output_probs(trace, vocab, top)


def stage_box(view: str) -> str | None:
    """The window's stage (model-map block) a --view draws, None for the views no stage draws alone
    (attention weights of one head, Q/K/V, the PE matrix, the top-k logits and probabilities):
    embed.src → the source embedding + PE stage, enc.ffn, dec.norm2, … → the stage of that name."""
    if view.startswith("embed."):
        return view.split(".")[1] + ".pe"
    return view if view.endswith(".ffn") or view in NORM_VIEWS else None


def window_stage(view: str, layer: int, arch):
    """The window's stage that `view` in `layer` is (a UserError when the model has none)."""
    from explorer.stages import build_stages

    box = stage_box(view)
    for stage in build_stages(arch):
        if stage.box == box and stage.layer in (layer, None):
            return stage
    raise UserError(f"this model has no {view} stage")


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
        return FigureSpec(figure_name(stage), f"<b>{stage.title}</b>", [[panel]], levels, caption(trace),
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
    return FigureSpec(figure_name(stage), f"<b>{stage.title}</b>", grid, levels, caption(trace), translate("specs", "token"),
                      translate("specs", "dimension"), colorbar_label=label, free_rows=True)


def run_specs(trace, vocab: list[str] | None = None) -> list[tuple[str, FigureSpec]]:
    """Every stage of the run in execution order (the window's stage list), then the all-heads grids:
    (heading, spec) pairs."""
    from explorer.stages import build_stages

    n_layers, _ = n_layers_heads(trace)
    out = [(stage.title, spec_for_stage(trace, stage, vocab=vocab)) for stage in build_stages(n_layers)]
    out += [(translate("specs", "{what}: every layer × head").format(what=D.attention_name(kind)),
             attention_all_heads(trace, kind)) for kind in ATTENTION]
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
                   all_heads: bool = False, vocab: list[str] | None = None, arch=None) -> list[FigureSpec]:
    """One frame per decoding step (a step that chose a token: core.decoding.Step with `chosen`):
    the view as the model saw it when writing that token, all padded to the last frame's shape and
    drawn on one colour scale, so the rows appear one by one."""
    chosen = [s for s in steps if s.chosen is not None]
    if not chosen:
        raise UserError("nothing to animate: the decoder took no step")
    frames = []
    for i, step in enumerate(chosen):
        spec = build_spec(step.trace, view, layer, head, all_heads, vocab, arch=arch)
        p = float(step.probs[step.chosen])
        forced = " " + translate("specs", "(forced)") if getattr(step, "forced", False) else ""
        spec.title += " &nbsp;—&nbsp; " + translate("specs", "<b>step {i}/{n}</b>: writes “{word}”{forced}, P = {p}").format(
            i=i + 1, n=len(chosen), word=word(vocab, step.chosen), forced=forced, p=f"{p:.2f}")
        frames.append(spec)
    levels = (min(f.levels[0] for f in frames), max(f.levels[1] for f in frames))
    final = frames[-1]
    return [replace(pad_to(f, final), levels=levels, name=f"{final.name}.decoding") for f in frames]
