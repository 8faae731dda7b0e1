"""BERT (`BertModel`, `BertForMaskedLM`) onto the project's own blocks: an encoder only, post-LN,
learned absolute positions + token types + an embedding LayerNorm, GELU, and the masked-LM head
(dense → activation → LayerNorm → the tied decoder + bias) when the checkpoint has one.

Like TransformerLens' weight conversions, this only renames tensors: BERT's Linear layers are
stored (out, in), as ours are, so nothing is transposed.
"""
from __future__ import annotations

from ..architecture import Architecture, SpecialTokens
from ..errors import ModelFileError
from .common import activation, check_names, refuse_switches, require, same_tensor, strip_prefix

FAMILY = "bert"
PREFIX = "bert."                          # BertForMaskedLM keeps the BertModel under bert.
HEAD = "cls.predictions."
# in checkpoints, not part of what the explorer shows: the pooler (a tanh Linear over [CLS]),
# BERT pre-training's next-sentence head, and the position-id buffer
UNUSED = ("pooler.", "cls.seq_relationship.", "embeddings.position_ids")
SWITCHES = {  # config key: (the value we implement, what a different value would mean)
    "position_embedding_type": ("absolute", "relative position embeddings"),
    "is_decoder": (False, "BERT as a causal decoder"),
    "add_cross_attention": (False, "cross-attention layers"),
}


def _layer(i: int) -> dict[str, str]:
    """Our state-dict name -> BERT's, for encoder layer i."""
    b, o = f"encoder.layer.{i}.", f"encoder.{i}."
    names = {}
    for ours, theirs in (("w_q", "attention.self.query"), ("w_k", "attention.self.key"),
                         ("w_v", "attention.self.value"), ("w_o", "attention.output.dense")):
        for p in ("weight", "bias"):
            names[f"{o}self_attn.{ours}.{p}"] = f"{b}{theirs}.{p}"
    for p in ("weight", "bias"):
        names[f"{o}add_norm1.norm.{p}"] = f"{b}attention.output.LayerNorm.{p}"
        names[f"{o}ffn.w_1.{p}"] = f"{b}intermediate.dense.{p}"
        names[f"{o}ffn.w_2.{p}"] = f"{b}output.dense.{p}"
        names[f"{o}add_norm2.norm.{p}"] = f"{b}output.LayerNorm.{p}"
    return names


def _modern(name: str) -> str:
    """The LayerNorm names of the original TensorFlow BERT (gamma, beta), as transformers renames them
    on loading: weight, bias."""
    if name.endswith(".gamma"):
        return name[: -len("gamma")] + "weight"
    if name.endswith(".beta"):
        return name[: -len("beta")] + "bias"
    return name


def _names(arch: Architecture) -> dict[str, str]:
    """Every tensor of our model -> the checkpoint's name for it (the tied decoder excluded)."""
    names = {"src_embed.weight": "embeddings.word_embeddings.weight",
             "pos_embed.weight": "embeddings.position_embeddings.weight",
             "type_embed.weight": "embeddings.token_type_embeddings.weight",
             "embed_norm.weight": "embeddings.LayerNorm.weight", "embed_norm.bias": "embeddings.LayerNorm.bias"}
    for i in range(arch.enc_layers):
        names |= _layer(i)
    if arch.has_output:
        for p in ("weight", "bias"):
            names[f"head_dense.{p}"] = f"{HEAD}transform.dense.{p}"
            names[f"head_norm.{p}"] = f"{HEAD}transform.LayerNorm.{p}"
        names["generator.bias"] = f"{HEAD}bias"
        if not arch.tied_output:
            names["generator.weight"] = f"{HEAD}decoder.weight"
    return names


def architecture(config: dict, tensor_names, specials: SpecialTokens, name: str = "") -> Architecture:
    """The Architecture of a BERT checkpoint: every number from config.json; the masked-LM head
    when the weights have one; unimplemented switches refused by name."""
    refuse_switches(config, SWITCHES, FAMILY)
    stored = {_modern(strip_prefix(n, PREFIX)) for n in tensor_names}
    has_head = any(n.startswith(HEAD) for n in stored)
    if has_head and f"{HEAD}transform.dense.weight" not in stored:
        raise ModelFileError(f"{FAMILY}: the masked-LM head lacks {HEAD}transform.dense.weight")
    vocab = require(config, "vocab_size", int)
    return Architecture(
        family=FAMILY, stacks=("enc",), enc_layers=require(config, "num_hidden_layers", int), dec_layers=0,
        d_model=require(config, "hidden_size", int), n_heads=require(config, "num_attention_heads", int),
        d_ff=require(config, "intermediate_size", int), src_vocab_size=vocab,
        tgt_vocab_size=vocab if has_head else 0, norm="post", final_norm=False,
        layer_norm_eps=float(config.get("layer_norm_eps", 1e-12)), pe="learned", pe_offset=0,
        activation=activation(config.get("hidden_act", "gelu"), FAMILY, "hidden_act"),
        embed_scale=1.0, embed_norm=True, token_types=int(config.get("type_vocab_size", 2)),
        logits_bias=True, tied_output=bool(config.get("tie_word_embeddings", True)), tied_embeddings=False,
        head_transform=has_head, has_output=has_head,
        max_positions=require(config, "max_position_embeddings", int), dropout=0.0,
        specials=specials, tokenizer="wordpiece", name=name)


def convert(tensors: dict, arch: Architecture) -> dict:
    """The checkpoint's tensors as our state dict, after checking that it holds exactly the tensors this
    architecture needs (the pooler, the next-sentence head and buffers aside). A tied decoder weight
    saved anyway must equal the word embeddings."""
    stored = {_modern(strip_prefix(n, PREFIX)): t for n, t in tensors.items()}
    wanted = _names(arch)
    extra = {f"{HEAD}decoder.weight": "src_embed.weight" if arch.tied_output else None,
             f"{HEAD}decoder.bias": "generator.bias"}           # older checkpoints save these twice
    check_names(FAMILY, stored, set(wanted.values()), set(extra) if arch.has_output else set(), UNUSED)
    state = {ours: stored[theirs] for ours, theirs in wanted.items()}
    for theirs, ours in extra.items():
        if arch.has_output and ours and theirs in stored:
            same_tensor(FAMILY, theirs, stored[theirs], ours, state[ours])
    return {k: v.contiguous() for k, v in state.items()}
