"""One description per figure: the names, panel titles, formulas and axis meanings that a stage view
draws on screen and its figure export (explorer/export/specs.py) writes — written once, read by both.

Plain data and small functions, no Qt and no array math: a caller passes the few facts a title
depends on (the head, d_k, whether the scaling is off, whether anything is masked). The texts are
marked with `noop` (gettext's noop, Qt's QT_TRANSLATE_NOOP) so that they can be translated where
they are shown; placeholders are named (`{head}`), since word order differs between languages.
"""
from __future__ import annotations

from core.names import act_name
from core.summaries import any_masked

SUB = "₀₁₂₃₄₅₆₇₈₉"


def noop(text: str) -> str:
    """Marks `text` for translation without translating it here (translated where it is shown)."""
    return text


def subscript(n: int) -> str:
    return "".join(SUB[int(c)] for c in str(n))


# --- the attention blocks: one name each ---------------------------------------------------------
#: model-map block → (the name inside a layer, the full name): the stage list says "Decoder 0 ·
#: Masked self-attention", a figure, the overview and the labs "Decoder masked self-attention"
ATTENTION_NAMES = {
    "enc.self": (noop("Self-attention"), noop("Encoder self-attention")),
    "dec.self": (noop("Masked self-attention"), noop("Decoder masked self-attention")),
    "dec.cross": (noop("Cross-attention"), noop("Decoder cross-attention")),
}
#: core.architecture's attention kinds → the block they draw as
BLOCK_OF_KIND = {"self": "enc.self", "masked self": "dec.self", "cross": "dec.cross"}

WEIGHTS_FORMULA = "softmax(QKᵀ/√d_k + M)"
PIPELINE_FORMULA = "X → Q, K, V → QKᵀ → ÷√d_k → + M → softmax → ·V"
SIDE_NAMES = {"src": noop("source"), "tgt": noop("target")}


def attention_name(box: str) -> str:
    """The full name of an attention block ("enc.self" → "Encoder self-attention")."""
    return ATTENTION_NAMES[box][1]


def attention_short_name(kind: str) -> str:
    """The name inside a layer, for core.architecture's kind ("masked self" → "Masked self-attention")."""
    return ATTENTION_NAMES[BLOCK_OF_KIND[kind]][0]


def attention_axes(row_side: str, col_side: str) -> tuple[str, str]:
    """(rows, columns) of an attention matrix: "query (target)", "key (source)"."""
    return (noop("query ({side})").format(side=SIDE_NAMES[row_side]),
            noop("key ({side})").format(side=SIDE_NAMES[col_side]))


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
        "x": noop("X (decoder → Q; K, V: encoder out)") if cross else noop("X  (→ Q, K, V)"),
        "q": f"Q{hs} = X·W_Q{hs}",
        "k": f"K{hs} = {src}·W_K{hs}",
        "v": f"V{hs} = {src}·W_V{hs}",
        "scores": f"Q{hs}K{hs}ᵀ",
        "scaled": f"÷ √d_k = √{d_k}" if scaled else noop("÷ √d_k switched off"),
        "masked": noop("+ M  (masked: −∞)") if any_masked else noop("+ M  (nothing masked)"),
        "weights": WEIGHTS_FORMULA,
        "z": (noop("Z{h} = 0: head {head} switched off").format(h=hs, head=head) if head_off
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
    return noop("{name}, step by step").format(name=attention_name(box))


# --- every head, the concat and W_O (the view's second tab) ------------------------------------
def head_title(head: int, off: bool = False, shown: bool = False) -> str:
    """A head's panel: "head 3", "head 3 (off: Z = 0)"; ◀ marks the head the pipeline shows."""
    text = noop("head {head} (off: Z = 0)") if off else noop("head {head}")
    return text.format(head=head) + (" ◀" if shown else "")


def concat_title(n_heads: int, head: int | None = None, d_k: int = 0) -> str:
    """Concat(Z₀ … Z₇), and which columns are the shown head's Z."""
    title = f"Concat(Z₀ … Z{subscript(n_heads - 1)})"
    if head is None:
        return title
    return title + noop("  (head {head}: columns {first}…{last})").format(head=head, first=head * d_k,
                                                                           last=(head + 1) * d_k - 1)


OUTPUT_TITLE = "MultiHead = Concat · W_O"
