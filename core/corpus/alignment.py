"""The gold word alignment of the generated corpus: how the constructions link English tokens to
Chinese words (Och & Ney 2003 sure / possible links), and how a sentence's links are collected.

Gold alignment (for AER, Och & Ney 2003; sure ⊆ possible, so a link is listed once with
its strongest kind: ``(src_word_index, tgt_word_index, sure)``)
    * A content word and its translation: sure (学生↔student, 看见↔saw, 小明↔xiaoming,
      昨天↔yesterday, 一个↔a, 两只↔two, 是↔am/is/are, 不/没↔not, 在↔at/in/on, 的↔'s,
      和↔and, 会↔will, ？↔?, 非常↔very).
    * A multi-word translation of one source word: all its tokens are linked to that word,
      sure except the tokens in/on/at/the/of/to/for, which are possible
      (早上↔in? the? morning, 一杯↔a cup of?, 听↔listen to?).
    * Possible links for function words without a clean counterpart:
      了↔(past verb) and 了↔did; 的↔my/his/… (the pronoun itself is sure);
      去↔to in "go to"; 很↔am/is/are/was/were/be; do/does↔不 or 吗; did↔没, 吗 or 了;
      吗↔?; a fronted question auxiliary (do/does/did/will/am/is/are/was/were, "will"
      only without 会) ↔ 吗;
      an article the grammar adds without a source word ("the teacher", "he is a student")
      ↔ its noun.
    * Unlinked: "will" in statements without 会, and am/is/are/was/were/be in adjective
      sentences without 很.  Only words in ``FUNCTION_WORDS`` are ever unlinked.
"""
from __future__ import annotations

_LOOSE = frozenset({"in", "on", "at", "the", "of", "to", "for"})   # possible, not sure, in a multi-word translation


def _toks(text: str, i: int) -> list:
    """English tokens of one source word, all linked to it (loose words possible if multi-word)."""
    words = text.split()
    if len(words) == 1:
        return [(words[0], ((i, True),))]
    return [(w, ((i, w not in _LOOSE),)) for w in words]


def links(en: list) -> tuple[tuple[int, int, bool], ...]:
    """(source word, target word, sure) of English tokens [(token, ((source word, sure), …))]: a link
    listed once, with its strongest kind (sure ⊆ possible)."""
    found: dict[tuple[int, int], bool] = {}
    for j, (_, ls) in enumerate(en):
        for i, sure in ls:
            found[(i, j)] = found.get((i, j), False) or sure
    return tuple(sorted((i, j, s) for (i, j), s in found.items()))
