"""The held-out split, and `generate`: the corpus of a grammar for a seed.

Held-out split
    A sentence's signature is (construction, keys of the lexical entries filling its slots,
    in Chinese order).  A keyed BLAKE2 hash of (seed, signature) holds out about 1/16 of all
    signatures; training never contains a held-out signature nor a held-out source sentence.
    ``Corpus.train_signatures`` / ``heldout_signatures`` run parallel to the pairs.
"""
from __future__ import annotations

import hashlib
import random

from .grammar import _note_pairs, _sample
from .grammars import samplers
from .pairs import Corpus, Pair


def _held_out_signature(seed: int, sig: tuple) -> bool:
    digest = hashlib.blake2b(repr((seed, sig)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 16 == 0


def generate(seed: int = 0, n_train: int = 60000, n_heldout: int = 1200, grammar: str = "core") -> Corpus:
    """A training split and a held-out split of sentence pairs, identical for the same arguments.

    About 1/16 of all signatures (construction, lexical entries in its slots) are held out,
    chosen by a keyed BLAKE2 hash of (seed, signature).  No training pair has a held-out
    signature or the source sentence of a held-out pair; the notes' sentences are always in
    training (a few copies each, at seed-dependent positions).

    `grammar`: "core" (the six constructions of the bundled model) or "beginner" (those and the
    learner's constructions of core.beginner; its fixed phrases are never held out).
    """
    fns, cum, rejects = samplers(grammar)
    exempt_kinds = ("phrase",) if grammar == "beginner" else ()
    rng = random.Random(seed)
    notes = _note_pairs()
    exempt = {sig for sig, _ in notes}
    note_srcs = {p.src for _, p in notes}
    memo: dict[tuple, bool] = {}

    def held(sig: tuple) -> bool:
        v = memo.get(sig)
        if v is None:
            v = memo[sig] = sig not in exempt and not sig[0].startswith(exempt_kinds) and \
                _held_out_signature(seed, sig)
        return v

    heldout: list[Pair] = []
    heldout_sigs: list[tuple] = []
    held_srcs: set[str] = set()
    attempts = 0
    while len(heldout) < n_heldout:
        attempts += 1
        if attempts > 200 * (n_heldout + 10):
            raise RuntimeError("could not draw enough held-out pairs")
        sig, pair = _sample(rng, fns, cum, rejects)
        if held(sig) and pair.src not in held_srcs and pair.src not in note_srcs:
            heldout.append(pair)
            heldout_sigs.append(sig)
            held_srcs.add(pair.src)

    train: list[Pair] = []
    train_sigs: list[tuple] = []
    while len(train) < n_train:
        sig, pair = _sample(rng, fns, cum, rejects)
        if held(sig) or pair.src in held_srcs:
            continue
        train.append(pair)
        train_sigs.append(sig)
    if n_train:
        copies = max(1, min(5, n_train // (4 * len(notes))))
        slots = rng.sample(range(n_train), min(n_train, copies * len(notes)))
        for k, slot in enumerate(slots):
            train_sigs[slot], train[slot] = notes[k % len(notes)]
    return Corpus(train, heldout, train_sigs, heldout_sigs)
