"""Tokenizers: Chinese split into characters, English into lower-cased words; vocabularies as JSON."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelFileError

PAD, UNK, BOS, EOS = "<pad>", "<unk>", "<bos>", "<eos>"
SPECIALS = (PAD, UNK, BOS, EOS)
PAD_ID, UNK_ID, BOS_ID, EOS_ID = range(4)

_WORD = re.compile(r"'s|[a-z0-9]+|[^\sa-z0-9]")


def _clean(text: str) -> str:
    """NFC-normalise and drop control and format characters (NUL, zero-width, bidi marks)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))


def split_chars(text: str) -> list[str]:
    """Every non-space character is a token: 我是一个学生 needs no spaces."""
    return [c for c in _clean(text) if not c.isspace()]


def split_words(text: str) -> list[str]:
    """Lower-cased words, with punctuation and the possessive 's split off."""
    return _WORD.findall(_clean(text).lower())


SPLITTERS = {"char": split_chars, "word": split_words}


def join_tokens(tokens: list[str], kind: str) -> str:
    """Tokens back to text: characters run together, words are spaced."""
    return "".join(tokens) if kind == "char" else " ".join(tokens)


@dataclass
class Encoded:
    """A sentence as the model sees it; `unknown` lists the tokens that became <unk>."""

    tokens: list[str]
    ids: list[int]
    unknown: list[str]
    truncated: int = 0  # tokens cut off beyond the model's maximum length


class Tokenizer:
    """A splitter plus a vocabulary (index = id; the four specials come first)."""

    def __init__(self, kind: str, vocab: list[str]):
        if kind not in SPLITTERS:
            raise ModelFileError(f"unknown tokenizer kind {kind!r}")
        if list(vocab[:4]) != list(SPECIALS):
            raise ModelFileError(f"a vocabulary must start with {', '.join(SPECIALS)}")
        self.kind = kind
        self.vocab = list(vocab)
        self.index = {t: i for i, t in enumerate(self.vocab)}

    def __len__(self) -> int:
        return len(self.vocab)

    def split(self, text: str) -> list[str]:
        return SPLITTERS[self.kind](text)

    def encode(self, text: str, max_len: int | None = None) -> Encoded:
        tokens = self.split(text)
        truncated = 0
        if max_len is not None and len(tokens) > max_len:
            truncated = len(tokens) - max_len
            tokens = tokens[:max_len]
        ids = [self.index.get(t, UNK_ID) for t in tokens]
        unknown = [t for t, i in zip(tokens, ids) if i == UNK_ID and t != UNK]
        return Encoded(tokens, ids, unknown, truncated)

    def decode(self, ids, strip_specials: bool = True) -> str:
        tokens = [self.vocab[i] for i in ids]
        if strip_specials:
            tokens = [t for t in tokens if t not in (PAD, BOS, EOS)]
        return join_tokens(tokens, self.kind)

    def tokens(self, ids) -> list[str]:
        return [self.vocab[i] for i in ids]

    @classmethod
    def build(cls, kind: str, texts, min_count: int = 1) -> "Tokenizer":
        """A vocabulary from training texts, most frequent first (ties alphabetical)."""
        counts: dict[str, int] = {}
        for text in texts:
            for t in SPLITTERS[kind](text):
                counts[t] = counts.get(t, 0) + 1
        words = sorted((t for t, c in counts.items() if c >= min_count and t not in SPECIALS),
                       key=lambda t: (-counts[t], t))
        return cls(kind, list(SPECIALS) + words)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"kind": self.kind, "tokens": self.vocab}, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, path: Path) -> "Tokenizer":
        try:
            data = json.loads(Path(path).read_text("utf-8"))
            kind, tokens = data["kind"], data["tokens"]
        except FileNotFoundError:
            raise ModelFileError(f"{Path(path).name} is missing") from None
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise ModelFileError(f"{Path(path).name} is not a vocabulary file ({{'kind', 'tokens'}} JSON)") from None
        if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
            raise ModelFileError(f"{Path(path).name}: 'tokens' must be a list of strings")
        if len(set(tokens)) != len(tokens):
            raise ModelFileError(f"{Path(path).name}: repeated tokens")
        return cls(kind, tokens)
