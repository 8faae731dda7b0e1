"""BERT (`BertModel`, `BertForMaskedLM`) on our blocks: an encoder only, post-LN, learned absolute
positions + token types + an embedding LayerNorm, GELU, and the masked-LM head (dense → activation →
LayerNorm → the tied decoder + bias) when the checkpoint has one.

As transformers' modeling_bert computes it. BERT's Linear layers are stored (out, in), as ours are,
so the conversion only renames (as TransformerLens' weight conversions do).
"""
from __future__ import annotations

import dataclasses

from ...architecture import Architecture, SpecialTokens
from . import merge_tied
from .common import activation, check_names, int_or_none, refuse_switches

MODEL_TYPES = ("bert",)
ARCHITECTURES = ("BertModel", "BertForMaskedLM")
TOKENIZER_FILES = ()            # vocab.txt or tokenizer.json: AutoTokenizer names what is missing
TOKENIZER_KIND = "wordpiece"
FAMILY = "bert"
PREFIX = "bert."                # BertForMaskedLM keeps the BertModel under bert.
HEAD = "cls.predictions."
# in checkpoints, not part of what the explorer computes: the pooler (a tanh Linear over [CLS]),
# pre-training's next-sentence head, the position-id buffer
UNUSED = ("pooler.", "cls.seq_relationship.", "embeddings.position_ids")
SWITCHES = {  # config key: (the value we implement, what another value would mean)
    "position_embedding_type": ("absolute", "relative position embeddings"),
    "is_decoder": (False, "BERT as a causal decoder"),
    "add_cross_attention": (False, "cross-attention layers"),
}


def architecture(config: dict, generation: dict | None = None) -> Architecture:
    """Every number from config.json (transformers' BertConfig defaults where a key is absent);
    unimplemented switches refused by name. The masked-LM head is assumed when config.json's
    architectures names BertForMaskedLM; `fit` settles it from the tensors."""
    from transformers import BertConfig

    refuse_switches(config, SWITCHES, FAMILY)
    c = BertConfig.from_dict(config)
    head = "BertForMaskedLM" in (config.get("architectures") or [])
    return Architecture(
        family=FAMILY, stacks=("enc",), enc_layers=c.num_hidden_layers, dec_layers=0,
        d_model=c.hidden_size, n_heads=c.num_attention_heads, d_ff=c.intermediate_size,
        src_vocab_size=c.vocab_size, tgt_vocab_size=c.vocab_size, norm="post", final_norm=False,
        layer_norm_eps=c.layer_norm_eps, pe="learned", pe_offset=0,
        activation=activation(c.hidden_act, FAMILY, "hidden_act"), embed_scale=1.0, embed_norm=True,
        token_types=c.type_vocab_size, logits_bias=True, tied_output=bool(c.tie_word_embeddings),
        head_transform=head, has_output=head, max_positions=c.max_position_embeddings,
        specials=SpecialTokens(pad=int_or_none(c.pad_token_id, c.vocab_size)), tokenizer=TOKENIZER_KIND)


def _modern(name: str) -> str:
    """The checkpoint's name without the `bert.` prefix, LayerNorm gamma/beta (checkpoints converted
    from the original TensorFlow BERT) read as weight/bias — as transformers renames them on loading."""
    name = name[len(PREFIX):] if name.startswith(PREFIX) else name
    if name.endswith(".gamma"):
        return name[: -len("gamma")] + "weight"
    if name.endswith(".beta"):
        return name[: -len("beta")] + "bias"
    return name


def fit(arch: Architecture, tensor_names) -> Architecture:
    """The masked-LM head is there when the checkpoint has its tensors (BertForMaskedLM), whatever
    config.json's architectures says."""
    head = any(_modern(n).startswith(HEAD + "transform.") for n in tensor_names)
    return dataclasses.replace(arch, head_transform=head, has_output=head)


def _names(arch: Architecture) -> dict[str, str]:
    """Our parameter name -> BERT's (without the prefix), every tensor the architecture needs."""
    names = {"src_embed.weight": "embeddings.word_embeddings.weight",
             "pos_embed.weight": "embeddings.position_embeddings.weight",
             "type_embed.weight": "embeddings.token_type_embeddings.weight",
             "embed_norm.weight": "embeddings.LayerNorm.weight", "embed_norm.bias": "embeddings.LayerNorm.bias"}
    for i in range(arch.enc_layers):
        b, o = f"encoder.layer.{i}.", f"encoder.{i}."
        for p in ("weight", "bias"):
            for ours, theirs in (("self_attn.w_q", "attention.self.query"), ("self_attn.w_k", "attention.self.key"),
                                 ("self_attn.w_v", "attention.self.value"), ("self_attn.w_o", "attention.output.dense"),
                                 ("add_norm1.norm", "attention.output.LayerNorm"), ("ffn.w_1", "intermediate.dense"),
                                 ("ffn.w_2", "output.dense"), ("add_norm2.norm", "output.LayerNorm")):
                names[f"{o}{ours}.{p}"] = f"{b}{theirs}.{p}"
    if arch.has_output:
        for p in ("weight", "bias"):
            names[f"head_dense.{p}"] = f"{HEAD}transform.dense.{p}"
            names[f"head_norm.{p}"] = f"{HEAD}transform.LayerNorm.{p}"
        names["generator.bias"] = f"{HEAD}bias"
        if not arch.tied_output:
            names["generator.weight"] = f"{HEAD}decoder.weight"
    return names


def convert(tensors: dict, arch: Architecture) -> dict:
    """BERT's state dict -> ours. Exactly the tensors the architecture needs must be there (the pooler,
    the next-sentence head and buffers aside); copies of tied tensors that older checkpoints save
    (the decoder weight = the word embeddings, decoder.bias = bias) must be equal."""
    stored = {_modern(n): (n, t) for n, t in tensors.items()}
    wanted = _names(arch)
    copies = {}
    if arch.has_output:
        copies = {f"{HEAD}decoder.bias": "generator.bias"}
        if arch.tied_output:
            copies[f"{HEAD}decoder.weight"] = "src_embed.weight"
    check_names(FAMILY, stored, set(wanted.values()), set(copies), UNUSED)
    found = {ours: [stored[theirs]] for ours, theirs in wanted.items()}
    for theirs, ours in copies.items():
        if theirs in stored:
            if arch.tied_output:
                found[ours].append(stored[theirs])
            else:   # untied, transformers' decoder Linear adds its own bias, not cls.predictions.bias
                found[ours] = [stored[theirs]]
    return {k: v.contiguous() for k, v in merge_tied(found).items()}
