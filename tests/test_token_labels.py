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
    control byte such as 0x1E shows as its byte, <0x1E>, not the raw character that an SVG export
    cannot hold (XML forbids it) and a chip cannot show."""
    import xml.etree.ElementTree as ET
    from xml.sax.saxutils import escape

    tok = tiny_bert_gpt2.gpt2_tokenizer(tmp_path)
    pieces = tok.convert_ids_to_tokens(list(range(len(tok))))
    shown = [readable(p, "byte-bpe") for p in pieces]
    assert all(ch.isprintable() for label in shown for ch in label), [s for s in shown if not s.isprintable()]
    ET.fromstring("<t>" + escape("".join(shown)) + "</t>")         # well-formed XML
    control = next(p for p in pieces if tok.convert_tokens_to_string([p]) == "\x1e")
    assert readable(control, "byte-bpe") == "<0x1E>"


def test_every_control_byte_is_drawn_with_the_bundled_font(qapp, tmp_path):
    """A control byte's label draws with the font the app ships (its Control Pictures sign, ␎, had no
    glyph in it nor in DejaVu Sans: the GPT-2 window's next-token chart showed a box)."""
    from PySide6.QtGui import QFont, QRawFont

    from explorer.fonts import register_bundled_font

    font = QRawFont.fromFont(QFont(register_bundled_font()))
    tok = tiny_bert_gpt2.gpt2_tokenizer(tmp_path)
    pieces = tok.convert_ids_to_tokens(list(range(len(tok))))
    controls = [p for p in pieces if len(decoded := tok.convert_tokens_to_string([p])) == 1
                and (ord(decoded) < 0x20 or ord(decoded) == 0x7F) and decoded not in "\n\t"]
    assert len(controls) >= 30
    for piece in controls:
        label = readable(piece, "byte-bpe")
        assert all(font.supportsCharacter(ord(ch)) for ch in label), (piece, label)   # (the str overload says True for anything)
