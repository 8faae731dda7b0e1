"""Sentence pairs of the generated corpus and their files: `Pair` (source words, target, gold
alignment links), `Corpus` (the training and held-out splits), TSV reading and writing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import atomic_write_bytes

# English words that may carry no alignment link (everything else is always linked).
FUNCTION_WORDS = frozenset({"a", "an", "the", "do", "does", "did", "will", "be", "am", "is", "are",
                            "was", "were", "to", "of", "in", "on", "at", "for"})


@dataclass(frozen=True)
class Pair:
    src: str                                   # "我是一个学生"
    tgt: str                                   # "i am a student"
    src_words: tuple[str, ...]                 # ("我", "是", "一个", "学生")
    align: tuple[tuple[int, int, bool], ...]   # (src_word_idx, tgt_word_idx, sure)
    construction: str = ""                     # e.g. "copula+measure"

    @property
    def tgt_words(self) -> list[str]:
        return self.tgt.split()


@dataclass
class Corpus:
    train: list[Pair]
    heldout: list[Pair]
    # signature of each pair, parallel to train / heldout: (construction, lexical entry keys)
    train_signatures: list[tuple] = field(default_factory=list, repr=False)
    heldout_signatures: list[tuple] = field(default_factory=list, repr=False)


def _links_text(pair: Pair) -> str:
    return " ".join(f"{i}{'-' if s else '?'}{j}" for i, j, s in pair.align)


def write_tsv(pairs, path) -> None:
    """src, tgt, space-joined src_words, links ("i-j" sure, "i?j" possible): one pair a line."""
    lines = []
    for p in pairs:
        fields = (p.src, p.tgt, " ".join(p.src_words), _links_text(p))
        if any(("\t" in f or "\n" in f) for f in fields):
            raise ValueError(f"tab or newline inside a pair: {p.src!r}")
        lines.append("\t".join(fields) + "\n")
    atomic_write_bytes(Path(path), "".join(lines).encode("utf-8"))


_LINK = re.compile(r"(\d+)([-?])(\d+)$")


def read_tsv(path) -> list[Pair]:
    """Pairs written by write_tsv (the construction is not stored, so it reads back as "")."""
    pairs = []
    text = Path(path).read_text("utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise ValueError(f"{path}:{n}: expected 4 tab-separated columns, found {len(fields)}")
        src, tgt, words, links = fields
        align = []
        for item in links.split():
            m = _LINK.match(item)
            if not m:
                raise ValueError(f"{path}:{n}: bad link {item!r}")
            align.append((int(m.group(1)), int(m.group(3)), m.group(2) == "-"))
        pairs.append(Pair(src, tgt, tuple(words.split()), tuple(align), ""))
    return pairs


def char_alignment(pair: Pair) -> list[list[int]]:
    """For each English word, the source character indices it is linked to (sure or possible)."""
    starts, pos = [], 0
    for w in pair.src_words:
        starts.append(pos)
        pos += len(w)
    out: list[set[int]] = [set() for _ in pair.tgt.split()]
    for i, j, _ in pair.align:
        out[j].update(range(starts[i], starts[i] + len(pair.src_words[i])))
    return [sorted(s) for s in out]
