"""Tiny Hugging Face checkpoints built by transformers itself, with tokenizers trained here: the
references for the checkpoint families (nothing in them is written by this project)."""
from __future__ import annotations

from pathlib import Path

from explorer.bench.checkpoint_speed import EN, ZH, marian_tokenizer_files  # noqa: F401 (shared with the bench)


def build_marian(folder: Path, seed: int = 0, d_model: int = 36, heads: int = 3, enc_layers: int = 3,
                 dec_layers: int = 2, d_ff: int = 50, bin_copy: Path | None = None):
    """A random MarianMTModel with odd shapes (d_model 36, 3 heads, 3 encoder and 2 decoder layers)
    saved with save_pretrained, its MarianTokenizer beside it; `bin_copy`: the same checkpoint as
    pytorch_model.bin. Returns (model, tokenizer)."""
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    V = marian_tokenizer_files(folder)
    tok = MarianTokenizer(vocab=str(folder / "vocab.json"), source_spm=str(folder / "source.spm"),
                          target_spm=str(folder / "target.spm"), source_lang="zh", target_lang="en")
    tok.save_pretrained(folder)
    cfg = MarianConfig(vocab_size=V, decoder_vocab_size=V, d_model=d_model, encoder_layers=enc_layers,
                       decoder_layers=dec_layers, encoder_attention_heads=heads, decoder_attention_heads=heads,
                       encoder_ffn_dim=d_ff, decoder_ffn_dim=d_ff, max_position_embeddings=64,
                       pad_token_id=V - 1, decoder_start_token_id=V - 1, eos_token_id=0, forced_eos_token_id=0,
                       activation_function="swish", scale_embedding=True, dropout=0.0, attention_dropout=0.0,
                       activation_dropout=0.0, init_std=0.3, bad_words_ids=[[V - 1]])
    torch.manual_seed(seed)
    model = MarianMTModel(cfg).eval()
    with torch.no_grad():          # random biases, gains and logits bias too, so each has to be mapped right
        for p in model.parameters():
            if p.dim() == 1:
                p.normal_(0.0, 0.3)
        model.final_logits_bias.normal_(0.0, 1.0)
        model.final_logits_bias[0, 0] += 3.0         # </s> likely enough that sequences end at varied lengths
    model.generation_config.bad_words_ids = [[V - 1]]   # as opus-mt's: the pad id is never written
    model.save_pretrained(folder)
    if bin_copy is not None:
        # transformers 5 writes only safetensors; pytorch_model.bin as 4.x (and the opus-mt repositories)
        # have it: the whole state dict pickled by torch.save, tied matrices and static positions included
        bin_copy.mkdir(parents=True, exist_ok=True)
        model.config.save_pretrained(bin_copy)
        model.generation_config.save_pretrained(bin_copy)
        tok.save_pretrained(bin_copy)
        torch.save(model.state_dict(), bin_copy / "pytorch_model.bin")
    return model, tok
