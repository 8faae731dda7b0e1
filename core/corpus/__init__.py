"""No real parallel corpus can be downloaded, so this grammar *is* the training data of the
bundled translation model.  Pure Python, standard library only.

The package, by role:
    lexicon     the core grammar's words, as data, and the pools the constructions draw from
    grammar     the core grammar's six constructions (copula, have, adj, svo, sv, motion)
    beginner    the learner's constructions of the first HSK levels (`grammar="beginner"`)
    grammars    the grammars by name: their samplers, what each rejects, their lexicons
    alignment   the gold word alignment rules and the links of a sentence
    split       the held-out split and `generate`
    pairs       `Pair`, `Corpus`, TSV files
"""
from .grammar import CONSTRUCTIONS, NOTE_SENTENCES
from .grammars import GRAMMARS, lexicon, lexicon_size
from .lexicon import source_vocabulary
from .pairs import FUNCTION_WORDS, Corpus, Pair, char_alignment, read_tsv, write_tsv
from .split import generate

__all__ = [
    "CONSTRUCTIONS",
    "FUNCTION_WORDS",
    "GRAMMARS",
    "NOTE_SENTENCES",
    "Corpus",
    "Pair",
    "char_alignment",
    "generate",
    "lexicon",
    "lexicon_size",
    "read_tsv",
    "source_vocabulary",
    "write_tsv",
]
