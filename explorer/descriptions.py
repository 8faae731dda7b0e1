"""One description per figure: the names, panel titles, formulas and axis meanings that a stage view
draws on screen and its figure export (explorer/export/specs.py) writes — written once, read by both.

Plain data and small functions, no Qt and no array math: a caller passes the few facts a title
depends on (the head, d_k, whether the scaling is off, whether anything is masked). The texts go
through Qt's translation (explorer/i18n.py: `translate` where a title is made, QT_TRANSLATE_NOOP in the
tables, translated where they are read); placeholders are named (`{head}`), since word order differs
between languages.
"""
from __future__ import annotations

from core.names import act_name
from core.summaries import any_masked

from .i18n import QT_TRANSLATE_NOOP, translate

SUB = "₀₁₂₃₄₅₆₇₈₉"


def subscript(n: int) -> str:
    return "".join(SUB[int(c)] for c in str(n))


# --- the attention blocks: one name each ---------------------------------------------------------
#: model-map block → (the name inside a layer, the full name): the stage list says "Decoder 0 ·
#: Masked self-attention", a figure, the overview and the labs "Decoder masked self-attention"
ATTENTION_NAMES = {
    "enc.self": (QT_TRANSLATE_NOOP("descriptions", "Self-attention"), QT_TRANSLATE_NOOP("descriptions", "Encoder self-attention")),
    "dec.self": (QT_TRANSLATE_NOOP("descriptions", "Masked self-attention"), QT_TRANSLATE_NOOP("descriptions", "Decoder masked self-attention")),
    "dec.cross": (QT_TRANSLATE_NOOP("descriptions", "Cross-attention"), QT_TRANSLATE_NOOP("descriptions", "Decoder cross-attention")),
}
#: core.architecture's attention kinds → the block they draw as
BLOCK_OF_KIND = {"self": "enc.self", "masked self": "dec.self", "cross": "dec.cross"}

WEIGHTS_FORMULA = "softmax(QKᵀ/√d_k + M)"
PIPELINE_FORMULA = "X → Q, K, V → QKᵀ → ÷√d_k → + M → softmax → ·V"
SIDE_NAMES = {"src": QT_TRANSLATE_NOOP("descriptions", "source"), "tgt": QT_TRANSLATE_NOOP("descriptions", "target")}


def attention_name(box: str) -> str:
    """The full name of an attention block ("enc.self" → "Encoder self-attention")."""
    return translate("descriptions", ATTENTION_NAMES[box][1])


def attention_short_name(kind: str) -> str:
    """The name inside a layer, for core.architecture's kind ("masked self" → "Masked self-attention")."""
    return translate("descriptions", ATTENTION_NAMES[BLOCK_OF_KIND[kind]][0])


def attention_axes(row_side: str, col_side: str) -> tuple[str, str]:
    """(rows, columns) of an attention matrix: "query (target)", "key (source)"."""
    return (translate("descriptions", "query ({side})").format(side=translate("descriptions", SIDE_NAMES[row_side])),
            translate("descriptions", "key ({side})").format(side=translate("descriptions", SIDE_NAMES[col_side])))


# --- the pipeline of one head (the view's first tab; Export current view of it) ----------------
PIPELINE_PANELS = ("x", "q", "k", "v", "scores", "scaled", "masked", "weights", "z")


def pipeline_titles(box: str, head: int, d_k: int, scaled: bool = True, any_masked: bool = False,
                    head_off: bool = False) -> dict[str, str]:
    """The nine panels' titles, keyed by PIPELINE_PANELS. `scaled`: ÷√d_k is on; `any_masked`: M
    has a −∞ cell; `head_off`: the head is switched off (its Z is 0)."""
    hs = subscript(head)
    cross = box == "dec.cross"
    src = "enc" if cross else "X"
    return {
        "x": translate("descriptions", "X (decoder → Q; K, V: encoder out)") if cross else translate("descriptions", "X  (→ Q, K, V)"),
        "q": f"Q{hs} = X·W_Q{hs}",
        "k": f"K{hs} = {src}·W_K{hs}",
        "v": f"V{hs} = {src}·W_V{hs}",
        "scores": f"Q{hs}K{hs}ᵀ",
        "scaled": f"÷ √d_k = √{d_k}" if scaled else translate("descriptions", "÷ √d_k switched off"),
        "masked": translate("descriptions", "+ M  (masked: −∞)") if any_masked else translate("descriptions", "+ M  (nothing masked)"),
        "weights": WEIGHTS_FORMULA,
        "z": (translate("descriptions", "Z{h} = 0: head {head} switched off").format(h=hs, head=head) if head_off
              else f"Z{hs} = softmax(…)·V{hs}"),
    }


def heads_off(trace, box: str, layer: int) -> set[int]:
    """The heads of block `box` in `layer` that were switched off when `trace` ran."""
    names = set((trace.meta.get("ablations") or {}).get("heads_off") or [])
    stack, site = box.split(".")
    n = trace[act_name(stack, layer, site, "weights")].shape[0]
    return {h for h in range(n) if f"{box}.{layer}.{h}" in names}


def pipeline_facts(trace, box: str, layer: int, head: int) -> dict:
    """The facts pipeline_titles reads besides the head and d_k, as `trace` ran: scaled, any_masked,
    head_off."""
    stack, site = box.split(".")
    mask = trace[act_name(stack, layer, site, "mask")]
    return dict(scaled=not (trace.meta.get("ablations") or {}).get("no_scale", False),
                any_masked=any_masked(mask), head_off=head in heads_off(trace, box, layer))


def pipeline_title(box: str) -> str:
    """The exported pipeline figure's heading (its panels carry pipeline_titles)."""
    return translate("descriptions", "{name}, step by step").format(name=attention_name(box))


# --- every head, the concat and W_O (the view's second tab) ------------------------------------
def head_title(head: int, off: bool = False, shown: bool = False) -> str:
    """A head's panel: "head 3", "head 3 (off: Z = 0)"; ◀ marks the head the pipeline shows."""
    text = translate("descriptions", "head {head} (off: Z = 0)") if off else translate("descriptions", "head {head}")
    return text.format(head=head) + (" ◀" if shown else "")


def concat_title(n_heads: int, head: int | None = None, d_k: int = 0) -> str:
    """Concat(Z₀ … Z₇), and which columns are the shown head's Z."""
    title = f"Concat(Z₀ … Z{subscript(n_heads - 1)})"
    if head is None:
        return title
    return title + translate("descriptions", "  (head {head}: columns {first}…{last})").format(head=head, first=head * d_k,
                                                                           last=(head + 1) * d_k - 1)


OUTPUT_TITLE = "MultiHead = Concat · W_O"


# --- the other stages' views (explorer.stages.stage_panels picks their arrays) --------------------
PE_TITLES = {
    "sinusoidal-interleaved": QT_TRANSLATE_NOOP("descriptions", "positional encoding PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(…)"),
    "sinusoidal-half": QT_TRANSLATE_NOOP("descriptions", "positional encoding: sin(pos/10000^(2i/d)) in the first half of the dimensions, "
                            "cos(…) in the second"),
    "learned": QT_TRANSLATE_NOOP("descriptions", "learned positions: row pos of the trained position table"),
    "none": QT_TRANSLATE_NOOP("descriptions", "no positional encoding"),
}
SUBLAYER_NAMES = {"self": QT_TRANSLATE_NOOP("descriptions", "self-attention"),
                  "cross": QT_TRANSLATE_NOOP("descriptions", "cross-attention"),
                  "ffn": QT_TRANSLATE_NOOP("descriptions", "feed-forward")}
ACTIVATION_NAMES = {"relu": "ReLU", "silu": "SiLU", "gelu": "GELU", "gelu_new": "GELU (tanh)"}


def embedding_titles(arch, side: str, with_pe: bool, n_tokens: int, d: int) -> dict[str, str]:
    """token / position / sum panels of an embedding stage (`with_pe`: the stage that adds positions;
    the one before shows the look-up alone)."""
    scale = " × √d_model" if arch.embed_scale != 1.0 else ""
    stack = translate("descriptions", "encoder") if side == "src" else translate("descriptions", "decoder")
    extra = " + " + translate("descriptions", "token type") if arch.token_types else ""
    if with_pe:
        token = translate("descriptions", "token embedding{scale}  (tokens × d_model = {n} × {d})").format(scale=scale, n=n_tokens, d=d)
    else:
        token = translate("descriptions", "Embedding(token){scale}: row i is token i's learned vector  (tokens × d_model = {n} × {d}; "
                     "no position yet: next stage)").format(scale=scale, n=n_tokens, d=d)
    total = (translate("descriptions", "X = embedding{scale} + PE{extra}  (the {stack}'s input, before its LayerNorm)") if arch.embed_norm
             else translate("descriptions", "X = embedding{scale} + PE{extra}  (the {stack}'s input)"))
    return {"token": token, "position": translate("descriptions", PE_TITLES[arch.pe]),
            "sum": total.format(scale=scale, extra=extra, stack=stack)}


def norm_titles(arch, sublayer: str | None) -> dict[str, str]:
    """residual / sublayer / sum / norm panels of an Add & Norm (post-LN) or LayerNorm (pre-LN) stage;
    `sublayer` None: a stack's final LayerNorm."""
    if sublayer is None:
        return {"residual": translate("descriptions", "x (the last layer's output)"), "sublayer": "x", "sum": "x",
                "norm": translate("descriptions", "LayerNorm(x) (final)")}
    sub = translate("descriptions", SUBLAYER_NAMES[sublayer])
    if arch.norm == "pre":        # LayerNorm(x) feeds the sub-layer; x + Sublayer(LayerNorm(x)) goes on
        return {"residual": translate("descriptions", "x (residual input)"),
                "sublayer": translate("descriptions", "Sublayer(LayerNorm(x)) = {sub} output").format(sub=sub),
                "sum": translate("descriptions", "x + Sublayer(LayerNorm(x)) (the layer goes on with it)"),
                "norm": translate("descriptions", "LayerNorm(x) → {sub} input").format(sub=sub)}
    return {"residual": translate("descriptions", "x (residual input)"), "sublayer": translate("descriptions", "Sublayer(x) = {sub} output").format(sub=sub),
            "sum": "x + Sublayer(x)", "norm": "LayerNorm(x + Sublayer(x))"}


def ffn_titles(activation: str, hidden_shape: tuple[int, int], zeros: float) -> dict[str, str]:
    """x / hidden / out panels of a feed-forward stage (`zeros`: the fraction of hidden units at 0)."""
    act = ACTIVATION_NAMES.get(activation, activation)
    return {"x": translate("descriptions", "x (input, tokens × d_model)"),
            "hidden": translate("descriptions", "{act}(x W₁ + b₁)  (tokens × d_ff = {rows} × {cols}): {zeros:.0%} of the units are zero"
                           ).format(act=act, rows=hidden_shape[0], cols=hidden_shape[1], zeros=zeros),
            "out": translate("descriptions", "FFN(x) = {act}(x W₁ + b₁) W₂ + b₂").format(act=act)}


def output_title(kind: str, side: str, n_words: int) -> str:
    """The Linear (logits) or Softmax (probabilities) stage's matrix, over its `n_words` likeliest words."""
    if kind == "softmax" and side == "src":      # BERT's masked-LM head guesses the word at each position
        return translate("descriptions", "softmax(logits): P(word at the position)  — the {n} likeliest words").format(n=n_words)
    if kind == "softmax":
        return translate("descriptions", "softmax(logits): P(next word)  — the {n} likeliest words").format(n=n_words)
    stack = translate("descriptions", "encoder") if side == "src" else translate("descriptions", "decoder")
    return translate("descriptions", "logits = {stack} output · W + b  — the same {n} words").format(stack=stack, n=n_words)


def output_axes(side: str) -> tuple[str, str]:
    """(rows, columns) of the output matrix: BERT fills in positions, a decoder predicts the next word."""
    if side == "src":
        return translate("descriptions", "position (the word it fills in)"), translate("descriptions", "word")
    return translate("descriptions", "decoder input → predicted"), translate("descriptions", "next word")
