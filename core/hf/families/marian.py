"""Marian (MarianMTModel, the Helsinki-NLP opus-mt models) on our blocks.

As transformers' modeling_marian computes it: post-LN encoder-decoder; static sinusoidal positions
with sin in the first half of the dimensions and cos in the second, from position 0; token
embeddings × √d_model when scale_embedding; the activation from the config ("swish" = SiLU);
the output layer tied to the shared embeddings plus final_logits_bias; the decoder starts from
decoder_start_token_id (the pad id); the tokenizer appends </s> to the source.
"""
from __future__ import annotations

import math
import re

import torch

from ...architecture import Architecture, SpecialTokens
from ...errors import ModelFileError
from ...model import positional_encoding_half
from . import merge_tied

MODEL_TYPES = ("marian",)
ARCHITECTURES = ("MarianMTModel",)
TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json")
TOKENIZER_KIND = "sentencepiece"
ACTIVATIONS = {"swish": "silu", "silu": "silu", "relu": "relu", "gelu": "gelu", "gelu_new": "gelu_new"}
# switches of the old BART-style Marian configs that transformers' MarianMTModel does not implement:
# a checkpoint asking for anything but these values would be computed differently than it says
LEGACY = {"normalize_before": False, "normalize_embedding": False, "add_final_layer_norm": False,
          "static_position_embeddings": True, "add_bias_logits": False}


def architecture(config: dict, generation: dict | None = None) -> Architecture:
    from transformers import MarianConfig

    for key, wanted in LEGACY.items():
        if key in config and config[key] != wanted:
            raise ModelFileError(f"config.json: {key} = {config[key]!r} is not supported "
                                 f"(MarianMTModel computes {key} = {wanted!r})")
    try:
        c = MarianConfig.from_dict(config)
    except (TypeError, ValueError) as e:
        raise ModelFileError(f"config.json is not a Marian config ({e})") from None
    if c.encoder_attention_heads != c.decoder_attention_heads:
        raise ModelFileError(f"config.json: encoder and decoder head counts differ "
                             f"({c.encoder_attention_heads} vs {c.decoder_attention_heads}); not supported")
    if c.encoder_ffn_dim != c.decoder_ffn_dim:
        raise ModelFileError(f"config.json: encoder and decoder d_ff differ ({c.encoder_ffn_dim} vs {c.decoder_ffn_dim}); "
                             "not supported")
    if c.activation_function not in ACTIVATIONS:
        raise ModelFileError(f"config.json: activation_function {c.activation_function!r} is not supported "
                             f"(one of {', '.join(ACTIVATIONS)})")
    vocab = c.vocab_size
    tgt_vocab = c.decoder_vocab_size or vocab
    shared = bool(c.share_encoder_decoder_embeddings)
    tied_output = bool(getattr(c, "tie_word_embeddings", True))
    for name in ("pad_token_id", "eos_token_id", "decoder_start_token_id"):
        value = getattr(c, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < tgt_vocab:
            raise ModelFileError(f"config.json: {name} must be a token id below {tgt_vocab}, not {value!r}")
    specials = SpecialTokens(pad=c.pad_token_id, eos=c.eos_token_id, start=c.decoder_start_token_id)
    d_model = c.d_model
    return Architecture(
        family="marian", stacks=("enc", "dec"), enc_layers=c.encoder_layers, dec_layers=c.decoder_layers,
        d_model=d_model, n_heads=c.encoder_attention_heads, d_ff=c.encoder_ffn_dim,
        src_vocab_size=vocab, tgt_vocab_size=tgt_vocab, norm="post", final_norm=False, layer_norm_eps=1e-5,
        pe="sinusoidal-half", pe_offset=0, activation=ACTIVATIONS[c.activation_function],
        embed_scale=math.sqrt(d_model) if c.scale_embedding and isinstance(d_model, int) and d_model > 0 else 1.0,
        logits_bias=True, tied_output=tied_output, tied_embeddings=shared,
        max_positions=c.max_position_embeddings, specials=specials, tokenizer=TOKENIZER_KIND)


_LAYER = re.compile(r"^(encoder|decoder)\.layers\.(\d+)\.(.+)\.(weight|bias)$")
_SUBLAYERS = {"self_attn.q_proj": "self_attn.w_q", "self_attn.k_proj": "self_attn.w_k",
              "self_attn.v_proj": "self_attn.w_v", "self_attn.out_proj": "self_attn.w_o",
              "self_attn_layer_norm": "add_norm1.norm", "fc1": "ffn.w_1", "fc2": "ffn.w_2"}
_ENCODER = {**_SUBLAYERS, "final_layer_norm": "add_norm2.norm"}
_DECODER = {**_SUBLAYERS, "encoder_attn.q_proj": "cross_attn.w_q", "encoder_attn.k_proj": "cross_attn.w_k",
            "encoder_attn.v_proj": "cross_attn.w_v", "encoder_attn.out_proj": "cross_attn.w_o",
            "encoder_attn_layer_norm": "add_norm2.norm", "final_layer_norm": "add_norm3.norm"}


def _embedding_target(key: str, arch: Architecture) -> str | None:
    src = "src_embed.weight"
    tgt = src if arch.tied_embeddings else "tgt_embed.weight"
    return {"shared.weight": src if arch.tied_embeddings else None,
            "encoder.embed_tokens.weight": src, "decoder.embed_tokens.weight": tgt,
            "lm_head.weight": tgt if arch.tied_output else "generator.weight"}.get(key)


def convert(tensors: dict, arch: Architecture) -> dict:
    """MarianMTModel's state dict -> ours (tied tensors once; the static positions checked, not kept)."""
    found: dict[str, list] = {}
    for name, t in tensors.items():
        key = name[len("model."):] if name.startswith("model.") else name
        m = _LAYER.match(key)
        if m:
            stack, i, sub, kind = m.groups()
            table = _ENCODER if stack == "encoder" else _DECODER
            if sub not in table or int(i) >= arch.layers("enc" if stack == "encoder" else "dec"):
                raise ModelFileError(f"unexpected tensor {name}")
            found.setdefault(f"{stack}.{int(i)}.{table[sub]}.{kind}", []).append((name, t))
        elif key.endswith("embed_positions.weight") and key.split(".")[0] in ("encoder", "decoder"):
            _check_positions(name, t, arch)
        elif key == "final_logits_bias":
            found.setdefault("generator.bias", []).append((name, t.reshape(-1)))
        elif _embedding_target(key, arch):
            found.setdefault(_embedding_target(key, arch), []).append((name, t))
        else:
            raise ModelFileError(f"unexpected tensor {name}")
    return merge_tied(found)


def _check_positions(name: str, t: torch.Tensor, arch: Architecture) -> None:
    """A saved copy of the static sinusoids must be the table we compute (else the checkpoint is not
    the model its config describes)."""
    ours = positional_encoding_half(arch.max_positions, arch.d_model)
    if tuple(t.shape) != tuple(ours.shape) or not torch.allclose(t.float(), ours, atol=1e-5, rtol=0):
        raise ModelFileError(f"{name} is not the sinusoidal table MarianMTModel computes")
