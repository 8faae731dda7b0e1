"""The grammars `generate` draws from, by name: "core" (the six constructions of core.corpus.grammar,
the bundled model's) and "beginner" (those and the learner's of core.corpus.beginner): their sampling
functions with cumulative weights, what each rejects, and their lexicons.
"""
from __future__ import annotations

from . import beginner, grammar
from .lexicon import _ALL_ENTRIES

GRAMMARS = ("core", "beginner")


def samplers(name: str) -> tuple[list, list, object]:
    """The sampling functions of a grammar, their cumulative weights, and what it rejects (or None)."""
    if name == "core":
        return grammar._SAMPLER_FNS, grammar._SAMPLER_CUM, None
    if name != "beginner":
        raise ValueError(f"unknown grammar {name!r} (one of {', '.join(GRAMMARS)})")
    pairs = [(fn, w * beginner.CORE_WEIGHT) for fn, w in grammar._SAMPLERS] + beginner.SAMPLERS
    cum, acc = [], 0.0
    for _, w in pairs:
        acc += w
        cum.append(acc)
    return [fn for fn, _ in pairs], cum, beginner.rejects


def lexicon(name: str = "core") -> list[tuple[str, str, str]]:
    """All lexical entries as (category, Chinese, English); the beginner grammar adds its own."""
    entries = [(e.kind, e.zh, e.en) for e in _ALL_ENTRIES]
    if name == "beginner":
        entries += beginner.lexicon()
    return entries


def lexicon_size(name: str = "core") -> int:
    """Number of lexical entries (content words, numbers, measure words, time words, particles)."""
    return len(lexicon(name))
