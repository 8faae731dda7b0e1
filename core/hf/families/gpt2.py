"""GPT-2 (`GPT2LMHeadModel`) on our blocks: a decoder only (masked self-attention, no cross), pre-LN
with a final ln_f, learned positions, gelu_new, and the tied LM head.

As nanoGPT's `GPT.from_pretrained`: GPT-2's Conv1D layers store their weight (in, out), the transpose
of a Linear's, and c_attn holds W_Q, W_K and W_V side by side; both are undone here.
"""
from __future__ import annotations

from ...architecture import Architecture, SpecialTokens
from . import merge_tied
from .common import activation, check_names, int_or_none, refuse_switches

MODEL_TYPES = ("gpt2",)
ARCHITECTURES = ("GPT2LMHeadModel",)
TOKENIZER_FILES = ()            # vocab.json + merges.txt or tokenizer.json: AutoTokenizer names what is missing
TOKENIZER_KIND = "byte-bpe"
FAMILY = "gpt2"
PREFIX = "transformer."        # GPT2LMHeadModel keeps the GPT2Model under transformer.
BUFFERS = (".attn.bias", ".attn.masked_bias")  # the causal-mask buffers older checkpoints saved
SWITCHES = {  # config key: (the value we implement, what another value would mean)
    "scale_attn_weights": (True, "attention without ÷√d_k"),
    "scale_attn_by_inverse_layer_idx": (False, "scores also divided by the layer number"),
    "reorder_and_upcast_attn": (False, "attention computed in another order and precision"),
    "add_cross_attention": (False, "cross-attention layers"),
}
SUBLAYERS = ("ln_1", "ln_2", "attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj")


def architecture(config: dict, generation: dict | None = None) -> Architecture:
    """Every number from config.json (transformers' GPT2Config defaults where a key is absent);
    unimplemented switches refused by name. The FFN width is n_inner, or 4 · n_embd when null.
    GPT-2 was trained without padding: no pad token hides keys (as transformers' mask of ones)."""
    from transformers import GPT2Config

    refuse_switches(config, SWITCHES, FAMILY)
    c = GPT2Config.from_dict(config)
    V = c.vocab_size
    return Architecture(
        family=FAMILY, stacks=("dec",), enc_layers=0, dec_layers=c.n_layer, d_model=c.n_embd,
        n_heads=c.n_head, d_ff=4 * c.n_embd if c.n_inner is None else c.n_inner,
        src_vocab_size=0, tgt_vocab_size=V, norm="pre", final_norm=True,
        layer_norm_eps=c.layer_norm_epsilon, pe="learned", pe_offset=0,
        activation=activation(c.activation_function, FAMILY, "activation_function"),
        embed_scale=1.0, embed_norm=False, token_types=0, logits_bias=False,
        tied_output=bool(c.tie_word_embeddings), head_transform=False, has_output=True,
        max_positions=c.n_positions, tokenizer=TOKENIZER_KIND,
        specials=SpecialTokens(pad=None, bos=int_or_none(c.bos_token_id, V), eos=int_or_none(c.eos_token_id, V)))


def convert(tensors: dict, arch: Architecture) -> dict:
    """GPT-2's state dict -> ours: Conv1D weights transposed, c_attn split into W_Q, W_K, W_V.
    Exactly the needed tensors must be there (the causal-mask buffers aside); a tied lm_head saved
    anyway must equal wte."""
    stored = {(n[len(PREFIX):] if n.startswith(PREFIX) else n): (n, t) for n, t in tensors.items()}
    wanted = {"wte.weight", "wpe.weight", "ln_f.weight", "ln_f.bias"}
    wanted |= {f"h.{i}.{m}.{p}" for i in range(arch.dec_layers) for m in SUBLAYERS for p in ("weight", "bias")}
    if not arch.tied_output:
        wanted.add("lm_head.weight")
    buffers = {n for n in stored if n.startswith("h.") and n.endswith(BUFFERS)}
    check_names(FAMILY, stored, wanted, buffers | {"lm_head.weight"}, ())

    def t(name):
        return stored[name][1]

    d = arch.d_model
    found = {"tgt_embed.weight": [stored["wte.weight"]], "pos_embed.weight": [stored["wpe.weight"]],
             "dec_final_norm.weight": [stored["ln_f.weight"]], "dec_final_norm.bias": [stored["ln_f.bias"]]}
    for i in range(arch.dec_layers):
        h, o = f"h.{i}.", f"decoder.{i}."
        w, b = t(h + "attn.c_attn.weight"), t(h + "attn.c_attn.bias")        # (d, 3d), (3d,)
        for k, part in enumerate(("w_q", "w_k", "w_v")):
            found[f"{o}self_attn.{part}.weight"] = [(h + "attn.c_attn.weight", w[:, k * d:(k + 1) * d].t())]
            found[f"{o}self_attn.{part}.bias"] = [(h + "attn.c_attn.bias", b[k * d:(k + 1) * d])]
        for ours, theirs in (("self_attn.w_o", "attn.c_proj"), ("ffn.w_1", "mlp.c_fc"), ("ffn.w_2", "mlp.c_proj")):
            found[f"{o}{ours}.weight"] = [(h + theirs + ".weight", t(h + theirs + ".weight").t())]  # (in, out) -> (out, in)
            found[f"{o}{ours}.bias"] = [stored[h + theirs + ".bias"]]
        for k in (1, 2):   # ln_1 before attention, ln_2 before the FFN: our pre-LN add_norm1, add_norm2
            for p in ("weight", "bias"):
                found[f"{o}add_norm{k}.norm.{p}"] = [stored[f"{h}ln_{k}.{p}"]]
    if "lm_head.weight" in stored:
        found["tgt_embed.weight" if arch.tied_output else "generator.weight"] = (
            found["tgt_embed.weight"] + [stored["lm_head.weight"]] if arch.tied_output else [stored["lm_head.weight"]])
    return {k: v.contiguous() for k, v in merge_tied(found).items()}
