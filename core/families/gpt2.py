"""GPT-2 (`GPT2LMHeadModel`) onto the project's own blocks: a decoder only (masked self-attention, no
cross), pre-LN with a final ln_f, learned positions, gelu_new, and the tied LM head.

As nanoGPT's `GPT.from_pretrained`: GPT-2's Conv1D layers store their weight (in, out), the transpose
of a Linear's, and c_attn holds W_Q, W_K and W_V side by side; both are undone here.
"""
from __future__ import annotations

from dataclasses import replace

from ..architecture import Architecture, SpecialTokens
from .common import activation, check_names, refuse_switches, require, same_tensor, strip_prefix

FAMILY = "gpt2"
PREFIX = "transformer."              # GPT2LMHeadModel keeps the GPT2Model under transformer.
UNUSED = ()
BUFFERS = (".attn.bias", ".attn.masked_bias")  # the causal-mask buffers older checkpoints saved
SWITCHES = {  # config key: (the value we implement, what a different value would mean)
    "scale_attn_weights": (True, "attention without ÷√d_k"),
    "scale_attn_by_inverse_layer_idx": (False, "scores also divided by the layer number"),
    "reorder_and_upcast_attn": (False, "attention computed in a different order and precision"),
    "add_cross_attention": (False, "cross-attention layers"),
}


def architecture(config: dict, tensor_names, specials: SpecialTokens, name: str = "") -> Architecture:
    """The Architecture of a GPT-2 checkpoint: every number from config.json; unimplemented switches
    refused by name. The FFN width is n_inner, or 4 · n_embd when it is null (as GPT-2 does)."""
    refuse_switches(config, SWITCHES, FAMILY)
    # GPT-2 was trained without padding: a pad token a tokenizer was given (often <|endoftext|>
    # itself) must not hide keys, as transformers' attention_mask of ones does not
    specials = replace(specials, pad=None, start=None)
    d = require(config, "n_embd", int)
    d_ff = config.get("n_inner")
    d_ff = 4 * d if d_ff is None else require(config, "n_inner", int)
    return Architecture(
        family=FAMILY, stacks=("dec",), enc_layers=0, dec_layers=require(config, "n_layer", int),
        d_model=d, n_heads=require(config, "n_head", int), d_ff=d_ff,
        src_vocab_size=0, tgt_vocab_size=require(config, "vocab_size", int), norm="pre", final_norm=True,
        layer_norm_eps=float(config.get("layer_norm_epsilon", 1e-5)), pe="learned", pe_offset=0,
        activation=activation(config.get("activation_function", "gelu_new"), FAMILY, "activation_function"),
        embed_scale=1.0, embed_norm=False, token_types=0, logits_bias=False,
        tied_output=bool(config.get("tie_word_embeddings", True)), tied_embeddings=False,
        head_transform=False, has_output=True, max_positions=require(config, "n_positions", int),
        dropout=0.0, specials=specials, tokenizer="byte-bpe", name=name)


def convert(tensors: dict, arch: Architecture) -> dict:
    """The checkpoint's tensors as our state dict: Conv1D weights transposed, c_attn split into
    W_Q, W_K, W_V. Exactly the needed tensors must be there (the causal-mask buffers aside); a tied
    lm_head saved anyway must equal wte."""
    stored = {strip_prefix(n, PREFIX): t for n, t in tensors.items()}
    d = arch.d_model
    wanted = {"wte.weight", "wpe.weight", "ln_f.weight", "ln_f.bias"}
    for i in range(arch.dec_layers):
        wanted |= {f"h.{i}.{m}.{p}" for m in ("ln_1", "ln_2", "attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj")
                   for p in ("weight", "bias")}
    if not arch.tied_output:
        wanted.add("lm_head.weight")
    buffers = {n for n in stored if n.startswith("h.") and n.endswith(BUFFERS)}
    check_names(FAMILY, stored, wanted, buffers | {"lm_head.weight"}, UNUSED)
    state = {"tgt_embed.weight": stored["wte.weight"], "pos_embed.weight": stored["wpe.weight"],
             "dec_final_norm.weight": stored["ln_f.weight"], "dec_final_norm.bias": stored["ln_f.bias"]}
    for i in range(arch.dec_layers):
        h, o = f"h.{i}.", f"decoder.{i}."
        w, b = stored[h + "attn.c_attn.weight"], stored[h + "attn.c_attn.bias"]   # (d, 3d), (3d,)
        for k, part in enumerate(("w_q", "w_k", "w_v")):
            state[f"{o}self_attn.{part}.weight"] = w[:, k * d:(k + 1) * d].t()  # Conv1D (in, out) -> Linear (out, in)
            state[f"{o}self_attn.{part}.bias"] = b[k * d:(k + 1) * d]
        for ours, theirs in (("self_attn.w_o", "attn.c_proj"), ("ffn.w_1", "mlp.c_fc"), ("ffn.w_2", "mlp.c_proj")):
            state[f"{o}{ours}.weight"] = stored[f"{h}{theirs}.weight"].t()
            state[f"{o}{ours}.bias"] = stored[f"{h}{theirs}.bias"]
        for k in (1, 2):  # ln_1 before attention, ln_2 before the FFN: our add_norm1, add_norm2 (pre-LN)
            for p in ("weight", "bias"):
                state[f"{o}add_norm{k}.norm.{p}"] = stored[f"{h}ln_{k}.{p}"]
    if arch.tied_output:
        if "lm_head.weight" in stored:
            same_tensor(FAMILY, "lm_head.weight", stored["lm_head.weight"], "tgt_embed.weight", state["tgt_embed.weight"])
    else:
        state["generator.weight"] = stored["lm_head.weight"]
    return {k: v.contiguous() for k, v in state.items()}
