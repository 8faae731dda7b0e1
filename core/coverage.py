"""What a model trained on the grammar corpus saw: its source words, and which words it saw side by
side. A sentence outside that (今天天气很好: every character is in the vocabulary, but 天气 is no word
of the corpus) is translated all the same, confidently; `note` says so in one calm line.

The model folder keeps it as `coverage.json`, written once from the training pairs (`train` on the
generated corpus writes it; the bundled model has it); a model without one (a checkpoint, a model
trained on other data) has no coverage, and nothing is said. Checking a sentence is a segmentation
into known words (dynamic programming over at most LONGEST characters a position) and a set lookup
per neighbouring pair: microseconds, fit for every keystroke.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .atomic import atomic_write_bytes
from .i18n import trans
from .tokenizers import split_chars

FILE = "coverage.json"
SHOWN = 4                 # at most this many unseen words or pairs are named in the note


@dataclass(frozen=True)
class Novelty:
    """What a sentence has that training never showed: words, and neighbouring pairs of known words."""
    words: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]

    def __bool__(self) -> bool:
        return bool(self.words or self.pairs)


@dataclass(frozen=True)
class Coverage:
    words: frozenset
    pairs: frozenset          # (word, the word after it) as seen in a training sentence
    source: str = ""          # what it was computed from ("grammar corpus, seed 0, 60,000 pairs")

    def __post_init__(self):
        object.__setattr__(self, "_longest", max((len(w) for w in self.words), default=1))

    @classmethod
    def of_sentences(cls, sentences: Iterable[Iterable[str]], source: str = "") -> "Coverage":
        """From segmented training sentences (the corpus' `Pair.src_words`)."""
        words, pairs = set(), set()
        for sentence in sentences:
            sentence = list(sentence)
            words.update(sentence)
            pairs.update(zip(sentence, sentence[1:]))
        return cls(frozenset(words), frozenset(pairs), source)

    def segment(self, text: str) -> list[tuple[str, bool]]:
        """The sentence as (word, known) pieces: the fewest characters left outside known words, then
        the fewest neighbouring known words never seen side by side (有没有 is 有 没 有 as the corpus
        wrote it, not 有 没有), then the fewest words; neighbouring unknown characters make one piece."""
        chars = "".join(split_chars(text))
        n, longest, words, pairs = len(chars), self._longest, self.words, self.pairs
        # best[i][j]: (unknown chars, unseen pairs, words) of chars[:i] with its last piece chars[j:i]
        best: list[dict[int, tuple[int, int, int]]] = [{0: (0, 0, 0)}] + [{} for _ in range(n)]
        back: list[dict[int, int]] = [{}] + [{} for _ in range(n)]
        for i in range(1, n + 1):
            for j in range(max(0, i - longest), i):
                piece = chars[j:i]
                known = piece in words
                if not known and j != i - 1:
                    continue                                   # unknown pieces are single characters
                for k, (u, q, w) in best[j].items():
                    prev = chars[k:j]
                    unseen = known and j > 0 and prev in words and (prev, piece) not in pairs
                    cost = (u + (not known), q + unseen, w + 1)
                    if j not in best[i] or cost < best[i][j]:
                        best[i][j], back[i][j] = cost, k
        pieces: list[tuple[str, bool]] = []
        i, j = n, min(best[n], key=best[n].get) if n else 0
        while i > 0:
            pieces.append((chars[j:i], chars[j:i] in words))
            i, j = j, back[i][j]
        merged: list[tuple[str, bool]] = []
        for word, known in reversed(pieces):
            if merged and not known and not merged[-1][1]:
                merged[-1] = (merged[-1][0] + word, False)
            else:
                merged.append((word, known))
        return merged

    def novelty(self, text: str) -> Novelty:
        pieces = self.segment(text)
        words = tuple(dict.fromkeys(w for w, known in pieces if not known))
        pairs = tuple(dict.fromkeys((a, b) for (a, ka), (b, kb) in zip(pieces, pieces[1:])
                                    if ka and kb and (a, b) not in self.pairs))
        return Novelty(words, pairs)

    # the file ------------------------------------------------------------------------------------
    def to_json(self) -> str:
        after: dict[str, list[str]] = {}
        for a, b in sorted(self.pairs):
            after.setdefault(a, []).append(b)
        return json.dumps({"source": self.source, "words": sorted(self.words), "after": after},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "Coverage":
        data = json.loads(text)
        pairs = frozenset((a, b) for a, bs in data["after"].items() for b in bs)
        return cls(frozenset(data["words"]), pairs, data.get("source", ""))


def save(folder, coverage: Coverage) -> Path:
    """Write `coverage.json` into a model folder (atomically)."""
    path = Path(folder) / FILE
    atomic_write_bytes(path, coverage.to_json().encode("utf-8"))
    return path


def load(folder) -> Coverage | None:
    """The coverage of the model in `folder`, or None when it has none (or an unreadable one: the
    note is a courtesy, never a reason to refuse a model)."""
    path = Path(folder) / FILE
    try:
        return Coverage.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def of_corpus(corpus, seed: int, grammar: str = "core") -> Coverage:
    """The coverage of a generated corpus' training split (`core.corpus.generate(seed, grammar=…).train`)."""
    what = "grammar" if grammar == "core" else f"{grammar} grammar"
    return Coverage.of_sentences((p.src_words for p in corpus.train),
                                 f"the generated {what} corpus, seed {seed}, {len(corpus.train):,} training pairs")


def note(novelty: Novelty) -> str:
    """One calm line naming what the model never saw, or "" when it saw it all."""
    if not novelty:
        return ""
    parts = []
    if novelty.words:
        shown = "、".join(novelty.words[:SHOWN]) + ("…" if len(novelty.words) > SHOWN else "")
        parts.append((trans._("the words {words}") if len(novelty.words) > 1 else trans._("the word {words}")).format(words=shown))
    if novelty.pairs:
        shown = "、".join(f"{a}{b}" for a, b in novelty.pairs[:SHOWN]) + ("…" if len(novelty.pairs) > SHOWN else "")
        parts.append(trans._("{pairs} side by side", pairs=shown))
    return trans._("The model never saw {what} in training: its translation of this sentence is a guess.",
             what=trans._(" or ").join(parts))
