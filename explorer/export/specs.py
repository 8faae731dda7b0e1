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
from core.summaries import joint_range, minus_inf_as_nan, top_columns, value_range

from .. import descriptions as D
from ..descriptions import WEIGHTS_FORMULA, subscript
from ..i18n import translate

#: attention type → (what it is, row token side, column token side, where the block sits); the names
#: are the window's (explorer.descriptions)
ATTENTION = {
    "enc.self": (D.attention_name("enc.self"), "src", "src", "encoder"),
    "dec.self": (D.attention_name("dec.self"), "tgt", "tgt", "decoder"),
    "dec.cross": (D.attention_name("dec.cross"), "tgt", "src", "decoder"),
}

#: every --view name (README / --help list these) → the model-map block of the window's stage it draws,
#: and what that is. A name draws that stage as its view on screen does and as the window's Export
#: current view writes it (stage_spec): an attention block's All heads tab, or with --head its
#: Pipeline tab; the old names stay as aliases (embed.src and pe.src: the stage that adds the positions).
VIEWS = {
    "enc.self": ("enc.self", "encoder self-attention of --layer: every head, Concat and W_O; with --head, the head's pipeline"),
    "dec.self": ("dec.self", "decoder masked self-attention of --layer: every head, Concat and W_O; with --head, its pipeline"),
    "dec.cross": ("dec.cross", "cross-attention of --layer (rows: target queries, columns: source keys): every head, or --head's pipeline"),
    "qkv": ("enc.self", "= enc.self.qkv"),
    "enc.self.qkv": ("enc.self", "the pipeline of one head (default 0): X → Q, K, V → QKᵀ → ÷√d_k → + M → softmax → ·V"),
    "dec.self.qkv": ("dec.self", "the pipeline of a decoder self-attention head"),
    "dec.cross.qkv": ("dec.cross", "the pipeline of a cross-attention head: Q from the decoder, K and V from the encoder output"),
    "src.embed": ("src.embed", "the source tokens' embeddings, before the positions"),
    "embed": ("src.pe", "= embed.src"),
    "embed.src": ("src.pe", "source embedding: token embedding, positional encoding, their sum"),
    "tgt.embed": ("tgt.embed", "the target tokens' embeddings (shifted right), before the positions"),
    "embed.tgt": ("tgt.pe", "target embedding (shifted right): token embedding, positional encoding, sum"),
    "pe": ("src.pe", "= pe.src"),
    "pe.src": ("src.pe", "= embed.src (its CSV: the positional encoding)"),
    "pe.tgt": ("tgt.pe", "= embed.tgt (its CSV: the positional encoding)"),
    "ffn": ("enc.ffn", "= enc.ffn"),
    "enc.ffn": ("enc.ffn", "feed-forward of an encoder layer: x, the hidden units, FFN(x) (its CSV: the hidden units)"),
    "dec.ffn": ("dec.ffn", "feed-forward of a decoder layer"),
    "enc.norm1": ("enc.norm1", "Add & Norm after encoder self-attention: residual, sub-layer output, sum, LayerNorm"),
    "enc.norm2": ("enc.norm2", "Add & Norm after the encoder feed-forward"),
    "dec.norm1": ("dec.norm1", "Add & Norm after decoder masked self-attention"),
    "dec.norm2": ("dec.norm2", "Add & Norm after cross-attention"),
    "dec.norm3": ("dec.norm3", "Add & Norm after the decoder feed-forward"),
    "logits": ("linear", "the final Linear: the logits of the likeliest words (--top-k of them, default 20)"),
    "probs": ("softmax", "the output distribution softmax(logits) over the likeliest words (--top-k, default 20)"),
}
#: the views of a pre-LN decoder's LayerNorms (GPT-2's stages; not in a translation model's trace)
PRE_LN_VIEWS = {
    "dec.ln1": ("dec.ln1", "pre-LN (GPT-2): the LayerNorm before masked self-attention, and the residual sum after it"),
    "dec.ln2": ("dec.ln2", "pre-LN (GPT-2): the LayerNorm before the feed-forward, and the residual sum after it"),
    "dec.ln_f": ("dec.ln_f", "pre-LN (GPT-2): the decoder's final LayerNorm"),
}
#: BERT's masked-LM head: the same two views under its model-map names
OUTPUT_NAMES = {"src.linear": "logits", "src.softmax": "probs"}
#: the names that draw one head's pipeline even without --head (head 0)
PIPELINE_VIEWS = {"qkv", "enc.self.qkv", "dec.self.qkv", "dec.cross.qkv"}
N_WORDS = 20          # the output views' likeliest words, as the window's Linear and Softmax views show


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
    name_every_token: bool = True                 # up to 32 tokens the panels grow to name each one
                                                  # (False: the every-layer × head overview stays a page)
    colorbar_label: str = ""
    panel_px: int = 0                             # target size of a panel side in px (0: by label size)
    free_rows: bool = False                       # each grid row sized by its own panels (no shared columns)
    data: tuple[Panel, str, str] | None = None    # the matrix its CSV holds when it draws several, with
                                                  # that matrix's row and column names (None: its one panel)

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
    """A --view name as VIEWS or PRE_LN_VIEWS spell it, or a UserError listing the valid ones."""
    view = OUTPUT_NAMES.get(view, view)
    if view not in VIEWS and view not in PRE_LN_VIEWS:
        raise UserError(f"unknown view {view!r}; valid views: {', '.join(VIEWS)}")
    return view


def architecture(trace, arch=None):
    """The model's core.architecture.Architecture: `arch` when the caller has it, else the one the
    trace describes, else (an old trace) the bundled shape of its depth."""
    from explorer.stages import as_architecture

    if arch is not None:
        return as_architecture(arch)
    if arch_of(trace).get("stacks"):
        from core.architecture import Architecture

        return Architecture.from_description(arch_of(trace), has_output="out.logits" in trace)
    return as_architecture(n_layers_heads(trace)[0])


def view_stage(arch, view: str, layer: int | None = None, head: int | None = None):
    """The window's stage (explorer.stages.Stage) that `view` draws, with --layer and --head checked
    against the model: UserErrors that list the valid ones."""
    from explorer.stages import build_stages

    view = canonical_view(view)
    box = {**VIEWS, **PRE_LN_VIEWS}[view][0]
    stages = build_stages(arch)
    if box in ("linear", "softmax"):           # BERT's are src.linear, src.softmax
        found = [s for s in stages if s.kind == box]
    else:
        found = [s for s in stages if s.box == box]
    if not found:
        valid = [name for name in (*VIEWS, *PRE_LN_VIEWS) if name in views_of(arch)]
        raise UserError(f"this model ({arch.family}) has no {view} view; its views: {', '.join(valid)}")
    layer = 0 if layer is None else layer
    if found[0].layer is not None:
        n_layers = arch.layers(found[0].stack)
        if not 0 <= layer < n_layers:
            raise UserError(f"layer {layer} is out of range: valid layers are 0–{n_layers - 1}")
        found = [s for s in found if s.layer == layer]
    if head is not None and not 0 <= head < arch.n_heads:
        raise UserError(f"head {head} is out of range: valid heads are 0–{arch.n_heads - 1}")
    return found[0]


def views_of(arch) -> list[str]:
    """The --view names that draw one of this model's stages."""
    from explorer.stages import build_stages

    stages = build_stages(arch)
    boxes = {s.box for s in stages} | {s.kind for s in stages if s.kind in ("linear", "softmax")}
    return [name for name, (box, _) in {**VIEWS, **PRE_LN_VIEWS}.items() if box in boxes]


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


def decoding_target(written: list[str], done: bool, translation: str | None, text: str | None = None) -> str:
    """The target side of a caption while the window decodes step by step: the whole translation once
    <eos> is written; before, the words so far, the step, and where it is going when the decoder is
    on the greedy path (“i love …” (step 2 of 4; the greedy translation: “i love china”)). `text`:
    the words so far as they read (sentence(trace, "tgt"): pieces joined), else `written` spaced."""
    words = [w for w in written if w not in ("<bos>", "<eos>", "<pad>")]
    text = elide(" ".join(words) if text is None else text)
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
                      colorbar_label=translate("specs", "weight"), panel_px=0, name_every_token=False)


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
    # as on screen: X, Q and the softmax label a decoder row "am → a", the square steps by its input alone
    q_tok, q_in, k_tok = rows(trace, rs), tokens(trace, rs), tokens(trace, cs)
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
    weights = Panel(trace[name("weights")][head], q_tok, k_tok, t["weights"] + "  " + translate("specs", "[colour bar]"))
    bottom = [Panel(scores, q_in, k_tok, **own_scale(t["scores"], scores)),
              Panel(scaled, q_in, k_tok, **own_scale(t["scaled"], scaled)),
              Panel(masked, q_in, k_tok, **own_scale(t["masked"], masked)),
              weights,
              Panel(trace[name("z")][head], q_in, dk_labels, col_tokens=False,
                    **own_scale(t["z"], trace[name("z")][head]))]
    return FigureSpec(f"{kind}.L{layer}.H{head}.pipeline",
                      f"<b>{D.pipeline_title(kind)}</b> &nbsp; {D.PIPELINE_FORMULA} &nbsp;—&nbsp; {where(trace, kind, layer, head)} &nbsp;"
                      + translate("specs", "(each panel on its own colour scale, its range in brackets; the bar: the "
                                  "softmax weights)"),
                      [top, bottom], (0.0, 1.0), caption(trace), translate("specs", "token (rows of each panel)"), "",
                      colorbar_label=translate("specs", "weight"), free_rows=True,
                      data=(weights, *D.attention_axes(rs, cs)))


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


def word(vocab: list[str] | None, i: int) -> str:
    return vocab[i] if vocab and 0 <= i < len(vocab) else f"#{i}"


def build_spec(trace, view: str, layer: int | None = None, head: int | None = None, all_heads: bool = False,
               vocab: list[str] | None = None, top: int | None = None, arch=None) -> FigureSpec:
    """The figure `export --view` writes: the window's stage that `view` names (view_stage), drawn
    as the window's Export current view draws it (stage_spec) — an attention view on its All heads
    tab, or with `head` (and the .qkv names) on its Pipeline tab; `all_heads`: every layer × head, as
    the overview exports it. `top`: the output views' word count. Bad names, layers and heads are
    UserErrors."""
    arch = architecture(trace, arch)
    view = canonical_view(view)
    if all_heads:
        box = VIEWS.get(view, ("",))[0]
        if box not in ATTENTION or view in PIPELINE_VIEWS:
            raise UserError(f"--all-heads draws attention weights: use it with {', '.join(ATTENTION)}")
        view_stage(arch, view, None, head)
        return attention_all_heads(trace, box)
    stage = view_stage(arch, view, layer, head)
    pipeline = head is not None or view in PIPELINE_VIEWS
    return stage_spec(trace, stage, arch, head or 0 if pipeline else None, "pipeline" if pipeline else "heads",
                      vocab, top or N_WORDS)


# --- the window's stages (Export current view, export --view, Export all) ------------------------
def stage_spec(trace, stage, arch=None, head: int | None = None, tab: str = "pipeline",
               vocab: list[str] | None = None, n_words: int = N_WORDS) -> FigureSpec:
    """The figure of one of the window's stages (explorer.stages.Stage) as its view draws it: an
    attention stage's Pipeline tab for `head`, or (tab "heads") every head with Concat and W_O,
    `head` marked; the other stages' panels (stage_figure). The window's Export current view, the
    command line's --view and Export all write this."""
    from explorer.stages import attention_query_input

    arch = architecture(trace, arch)
    if stage.kind != "attention":
        return stage_figure(trace, stage, arch, vocab, n_words)
    if tab == "heads":
        return attention_heads_concat(trace, stage.box, stage.layer, head)
    return attention_pipeline(trace, stage.box, stage.layer, head or 0, attention_query_input(stage, arch))


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
    token = translate("specs", "token")
    by_part = dict(zip((part for part, _, _ in parts), panels))
    data = ((by_part["hidden"], token, translate("specs", "hidden unit of d_ff")) if stage.kind == "ffn" else
            (by_part["position"], token, translate("specs", "dimension i of d_model")) if stage.kind == "pe" else None)
    return FigureSpec(figure_name(stage), f"<b>{stage.title}</b> &nbsp;—&nbsp; {model_label(trace)}", grid, levels,
                      caption(trace), token, translate("specs", "dimension"), colorbar_label=label,
                      free_rows=True, data=data)


def run_specs(trace, vocab: list[str] | None = None, arch=None) -> list[tuple[str, FigureSpec]]:
    """Every stage of the run in execution order (the window's stage list for `arch`, the model's
    core.architecture.Architecture; None: the trace's), then the all-heads grids: (heading, spec) pairs."""
    from explorer.stages import build_stages

    arch = architecture(trace, arch)
    out = [(stage.title, stage_spec(trace, stage, arch, None, "heads", vocab)) for stage in build_stages(arch)]
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
