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


def test_every_byte_level_piece_is_printable_and_xml_safe(tmp_path):
    """Every piece of the vocabulary (its 256 single bytes included) reads as printable text: a
    control byte such as 0x1E shows as its Control Pictures sign, not the raw character that an SVG
    export cannot hold (XML forbids it) and a chip cannot show."""
    import xml.etree.ElementTree as ET
    from xml.sax.saxutils import escape

    tok = tiny_bert_gpt2.gpt2_tokenizer(tmp_path)
    pieces = tok.convert_ids_to_tokens(list(range(len(tok))))
    shown = [readable(p, "byte-bpe") for p in pieces]
    assert all(ch.isprintable() for label in shown for ch in label), [s for s in shown if not s.isprintable()]
    ET.fromstring("<t>" + escape("".join(shown)) + "</t>")         # well-formed XML
    control = next(p for p in pieces if tok.convert_tokens_to_string([p]) == "\x1e")
    assert readable(control, "byte-bpe") == "␞"
