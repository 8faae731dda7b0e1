"""Readable tokens (core.token_labels) against the tokenizer's own decoding: a byte-level BPE piece
shown is what GPT2TokenizerFast turns it back into, with the word-start space as '▁'."""
from __future__ import annotations

import pytest

pytest.importorskip("transformers")

import tiny_bert_gpt2  # noqa: E402
from core.token_labels import WORD_START, readable  # noqa: E402


def test_byte_level_pieces_read_as_the_tokenizer_decodes_them(tmp_path):
    tok = tiny_bert_gpt2.gpt2_tokenizer(tmp_path)
    seen = 0
    for text in ["the cat sat on the mat", "naïve café, 3.14", "Hello,\tworld", "我 学生 students"]:
        for piece in tok.convert_ids_to_tokens(tok(text)["input_ids"]):
            shown = readable(piece, "byte-bpe")
            decoded = tok.convert_tokens_to_string([piece])
            if "\ufffd" in decoded:                       # a piece of a character: its bytes are shown
                assert shown.count("<0x") >= 1, (piece, shown)
                continue
            assert shown.replace(WORD_START, " ").replace("⇥", "\t") == decoded, (piece, shown, decoded)
            seen += 1
    assert seen > 10
    assert readable("Ġthe", "byte-bpe") == "▁the" and readable("<|endoftext|>", "byte-bpe") == "<|endoftext|>"
    assert readable("▁the", "sentencepiece") == "▁the" and readable("##ing", "wordpiece") == "##ing"
