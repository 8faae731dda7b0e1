"""Tokens as a reader sees them: a byte-level BPE piece ('Ġthe', 'Ã©') decoded to its text with the
word-start space shown as '▁' (SentencePiece's own cue, so every family reads alike); SentencePiece
and WordPiece pieces are readable as they are ('▁the', '##ing'). Special tokens are kept verbatim."""
from __future__ import annotations

import re
from functools import lru_cache

WORD_START = "▁"
VISIBLE = {"\n": "⏎", "\t": "⇥"}


@lru_cache(maxsize=1)
def _byte_of_char() -> dict[str, int]:
    """The inverse of GPT-2's bytes_to_unicode table (each byte drawn as a printable character)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars, n = printable[:], 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(printable, chars)}


@lru_cache(maxsize=65536)
def readable(piece: str, tokenizer: str) -> str:
    if tokenizer != "byte-bpe" or (piece.startswith("<") and piece.endswith(">")):
        return piece
    table = _byte_of_char()
    if not all(ch in table for ch in piece):
        return piece                                 # an added token written as plain text
    raw = bytes(table[ch] for ch in piece)
    # a character split over pieces: its bytes here as <0xE6> (the rest of the piece as text)
    text = re.sub(r"\\x([0-9a-f]{2})", lambda m: f"<0x{m.group(1).upper()}>", raw.decode("utf-8", "backslashreplace"))
    if text.startswith(" "):
        text = WORD_START + text[1:]
    return "".join(VISIBLE.get(ch) or visible_control(ch) for ch in text)


def visible_control(ch: str) -> str:
    """A control character as its byte, as a split character's bytes are shown (\x1e → <0x1E>, DEL →
    <0x7F>): drawn with any font (the Control Pictures signs ␞ ␡ are in neither the bundled font nor
    DejaVu Sans: a box), and writable into an SVG (XML forbids the characters themselves)."""
    code = ord(ch)
    return f"<0x{code:02X}>" if code < 0x20 or code == 0x7F else ch


def readable_labels(labels, tokenizer: str) -> list[str]:
    """Labels as the window shows them: each piece readable; a decoder row's “am → a” piece by piece."""
    if tokenizer != "byte-bpe":
        return list(labels)
    return [" → ".join(readable(part, tokenizer) for part in label.split(" → ")) for label in labels]


def output_vocab(model) -> list[str]:
    """The output layer's words by id (the decoder's vocabulary; a BERT or GPT-2 tokenizer's pieces)."""
    if hasattr(model, "tgt"):
        return model.tgt.vocab
    return model.tokens(range(model.vocab_size()))


def output_words(model) -> list[str]:
    """The output layer's words by id as the window's axes show them (readable_labels)."""
    return readable_labels(output_vocab(model), model.arch.tokenizer)
