"""Real checkpoints: a random-weight Marian with opus-mt-zh-en's exact config, ours against
transformers' own MarianMTModel on the same weights and input, side by side in one run.

Needs the hf extra (transformers, sentencepiece); without it the section is skipped with a note.
"""
from __future__ import annotations

import importlib.util
import tempfile
import time
from pathlib import Path

from .stats import paired_median_times

# Helsinki-NLP/opus-mt-zh-en's config.json, the sizes and switches that matter (the weights are random)
OPUS_MT_ZH_EN = dict(vocab_size=65001, decoder_vocab_size=65001, d_model=512, encoder_layers=6, decoder_layers=6,
                     encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048,
                     max_position_embeddings=512, activation_function="swish", scale_embedding=True,
                     pad_token_id=65000, decoder_start_token_id=65000, eos_token_id=0, forced_eos_token_id=0,
                     share_encoder_decoder_embeddings=True, bad_words_ids=[[65000]], dropout=0.1)
QUICK_CONFIG = dict(OPUS_MT_ZH_EN, vocab_size=2001, decoder_vocab_size=2001, d_model=64, encoder_layers=2,
                    decoder_layers=2, encoder_ffn_dim=128, decoder_ffn_dim=128, pad_token_id=2000,
                    decoder_start_token_id=2000, bad_words_ids=[[2000]])


def available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("transformers", "sentencepiece", "huggingface_hub"))


ZH = ["我是一个学生", "我爱中国", "今天天气很好", "他和他的她", "你好世界", "我有两只猫", "我们在学校学习", "她喜欢读书"]
EN = ["i am a student", "i love china", "the weather is good today", "he and his she", "hello world",
      "i have two cats", "we study at school", "she likes reading"]


def marian_tokenizer_files(folder: Path, size: int | None = None) -> int:
    """source.spm and target.spm trained by sentencepiece on a few sentences, and vocab.json joining
    their pieces (</s> 0, <unk> 1, <pad> last, as the opus-mt conversions have it); returns its size.
    `size`: vocab.json filled up to that many entries (placeholder pieces the SentencePiece models
    never produce), so that the window's vocabulary labels have the checkpoint's real size."""
    import json

    import sentencepiece as spm

    folder.mkdir(parents=True, exist_ok=True)
    for lines, name in ((ZH, "source"), (EN, "target")):
        spm.SentencePieceTrainer.train(sentence_iterator=iter(lines * 5), model_prefix=str(folder / name),
                                       vocab_size=40, model_type="unigram", character_coverage=1.0, bos_id=-1,
                                       eos_id=-1, unk_id=0, hard_vocab_limit=False, minloglevel=2)
        (folder / f"{name}.model").rename(folder / f"{name}.spm")
        (folder / f"{name}.vocab").unlink()
    vocab = {"</s>": 0, "<unk>": 1}
    for name in ("source", "target"):
        sp = spm.SentencePieceProcessor(model_file=str(folder / f"{name}.spm"))
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    while size is not None and len(vocab) < size - 1:
        vocab[f"▁w{len(vocab)}"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
    return len(vocab)


def write_checkpoint(folder: Path, quick: bool = False, full_vocab: bool = False) -> None:
    """A random MarianMTModel with the opus-mt-zh-en config, saved with save_pretrained, and a small
    SentencePiece tokenizer (the bench feeds token ids, so the tokenizer's size does not matter;
    `full_vocab`: its vocab.json filled up to the config's size, for the window's vocabulary labels)."""
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    config = QUICK_CONFIG if quick else OPUS_MT_ZH_EN
    marian_tokenizer_files(folder, size=config["vocab_size"] if full_vocab else None)
    MarianTokenizer(vocab=str(folder / "vocab.json"), source_spm=str(folder / "source.spm"),
                    target_spm=str(folder / "target.spm")).save_pretrained(folder)
    torch.manual_seed(0)
    MarianMTModel(MarianConfig(**config)).save_pretrained(folder)


def ids(n: int, vocab: int, seed: int = 0):
    """n random token ids (no special ones) ending with </s> (id 0), as the tokenizer would give."""
    import torch

    g = torch.Generator().manual_seed(seed)
    return torch.cat([torch.randint(2, vocab - 1, (1, n - 1), generator=g), torch.zeros(1, 1, dtype=torch.long)], 1)


def measure(folder: Path, tokens=(16, 64), repeats: int = 5) -> dict:
    """Load time, trace time at each source length, and ours traced ÷ transformers' eager forward."""
    import torch
    from transformers import MarianMTModel

    from core.hf import open_checkpoint
    from core.model import Recorder
    from core.trace import from_recorder

    start = time.perf_counter()
    ck = open_checkpoint(folder)
    load_s = time.perf_counter() - start
    ref = MarianMTModel.from_pretrained(folder, attn_implementation="eager").eval()
    model, V = ck.model, ck.arch.tgt_vocab_size
    out = {"load_s": load_s, "config": {k: ck.arch.describe()[k] for k in ("d_model", "heads", "d_ff", "layers", "src_vocab")},
           "trace_ms": {}, "hf_eager_ms": {}, "ratio": {}}
    for n in tokens:
        src = ids(n, V)
        tgt = torch.cat([torch.full((1, 1), ck.arch.specials.start), ids(n - 1, V, seed=1)], 1)  # start + n−1 tokens

        def ours():
            with torch.inference_mode():
                rec = Recorder()
                model(src, tgt, rec=rec)
                from_recorder(rec.tensors, {})

        def theirs():
            with torch.inference_mode():
                ref(input_ids=src, decoder_input_ids=tgt, use_cache=False)

        ours_s, theirs_s = paired_median_times(ours, theirs, repeats)
        out["trace_ms"][str(n)] = ours_s * 1000
        out["hf_eager_ms"][str(n)] = theirs_s * 1000
        out["ratio"][str(n)] = ours_s / theirs_s
    return out


def collect(quick: bool, repeats: int, log) -> dict:
    """The section's figures (None where skipped) and a note."""
    from . import processes

    if not available():
        return {"checkpoint": None, "note": "checkpoints: the hf extra is not installed (pip install -e '.[hf]'): skipped"}
    with tempfile.TemporaryDirectory(prefix="explorer-bench-marian-") as tmp:
        folder = Path(tmp)
        log("checkpoints: writing a random Marian with opus-mt-zh-en's config")
        write_checkpoint(folder, quick)
        log("checkpoints: load, trace, ours ÷ transformers' eager forward")
        r = measure(folder, tokens=(16, 64) if not quick else (16,), repeats=repeats)
        log("checkpoints: peak RSS loaded and traced at 128 tokens (child process)")
        r["peak_rss"] = processes.peak_rss_mb("checkpoint-rss", folder, 128 if not quick else 16)
    what = "random weights, opus-mt-zh-en's config" if not quick else "quick: a small Marian config"
    return {"checkpoint": r, "note": f"checkpoints: {what}; ratio = our traced forward (recorded, as numpy) ÷ "
                                     "transformers' MarianMTModel eager forward (use_cache=False), paired medians"}


def child_rss(folder: str, n_tokens: str) -> dict:
    """In a fresh interpreter: open the checkpoint, trace n source tokens and n target tokens."""
    import torch

    from core.hf import open_checkpoint
    from core.model import Recorder
    from core.trace import from_recorder

    ck = open_checkpoint(folder)
    n, V = int(n_tokens), ck.arch.tgt_vocab_size
    src = ids(n, V)
    tgt = torch.cat([torch.full((1, 1), ck.arch.specials.start), ids(n - 1, V, seed=1)], 1)
    with torch.inference_mode():
        rec = Recorder()
        ck.model(src, tgt, rec=rec)
        trace = from_recorder(rec.tensors, {})
    return {"tokens": n, "arrays": len(trace.arrays)}
