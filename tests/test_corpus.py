"""The grammar-generated Chinese→English corpus: determinism, alignments, held-out split, files."""
import itertools
import os
import re
import time

import pytest

from core import corpus
from core.corpus import (
    Pair,
    char_alignment,
    generate,
    lexicon,
    lexicon_size,
    read_tsv,
    write_tsv,
)

TOKEN_RE = re.compile(r"'s|[a-z0-9]+|[^\sa-z0-9]")
FULL = {}


@pytest.fixture(scope="module")
def full():
    """The default corpus (60,000 + 1,200 pairs), generated once, with its generation time."""
    if not FULL:
        t = time.perf_counter()
        FULL["corpus"] = generate(0)
        FULL["seconds"] = time.perf_counter() - t
    return FULL["corpus"]


def all_pairs(c):
    return c.train + c.heldout


def flags(p):
    return set(p.construction.split("+")[1:])


def base(p):
    return p.construction.split("+")[0]


def test_generation_is_fast_and_sized(full):
    if os.environ.get("EXPLORER_SPEED"):      # wall clock: opt-in, as the other speed figures
        assert FULL["seconds"] < 5.0
    assert len(full.train) == 60000
    assert len(full.heldout) == 1200
    assert len({p.src for p in full.train}) > 50000   # diverse


def test_deterministic_for_a_seed():
    a = generate(3, n_train=2000, n_heldout=50)
    b = generate(3, n_train=2000, n_heldout=50)
    assert a.train == b.train and a.heldout == b.heldout
    c = generate(4, n_train=2000, n_heldout=50)
    assert a.train != c.train and a.heldout != c.heldout


def test_lexicon_size():
    assert lexicon_size() >= 400
    assert lexicon_size() == len(lexicon())
    kinds = {k for k, _, _ in lexicon()}
    assert {"pron", "name", "n", "place", "adj", "tv", "iv", "t", "num", "m"} <= kinds


def test_note_sentences_in_training(full):
    train = {(p.src, p.tgt) for p in full.train}
    assert ("我是一个学生", "i am a student") in train
    assert ("我爱中国", "i love china") in train
    held = {p.src for p in full.heldout}
    assert "我是一个学生" not in held and "我爱中国" not in held
    small = generate(1, n_train=50, n_heldout=50)
    assert {"我是一个学生", "我爱中国"} <= {p.src for p in small.train}
    note = next(p for p in full.train if p.src == "我是一个学生")
    assert note.src_words == ("我", "是", "一个", "学生")
    assert set(note.align) == {(0, 0, True), (1, 1, True), (2, 2, True), (3, 3, True)}


def test_note_characters_are_in_the_lexicon():
    vocab = corpus.source_vocabulary()
    assert set("他和他的她") <= vocab
    assert set("我是一个学生") <= vocab and set("我爱中国") <= vocab


def test_every_pair_is_well_formed(full):
    for p in all_pairs(full):
        assert "".join(p.src_words) == p.src
        words = p.tgt.split()
        assert TOKEN_RE.findall(p.tgt) == words
        assert p.tgt == p.tgt.lower() and "  " not in p.tgt and p.tgt == p.tgt.strip()
        assert " " not in p.src
        assert len(p.src) <= 16 and len(words) <= 14
        seen = set()
        for i, j, sure in p.align:
            assert 0 <= i < len(p.src_words) and 0 <= j < len(words)
            assert isinstance(sure, bool)
            assert (i, j) not in seen   # one link per pair of words: sure ⊆ possible
            seen.add((i, j))
        linked = {j for _, j, _ in p.align}
        for j, w in enumerate(words):
            if w not in corpus.FUNCTION_WORDS:
                assert j in linked, (p, w)
        assert sum(1 for *_, s in p.align if s) > 0
        # questions end with ？ / ?, statements carry no punctuation
        if "q" in flags(p):
            assert p.src.endswith("吗？") and p.tgt.endswith(" ?")
        else:
            assert "？" not in p.src and "?" not in p.tgt
        # a / an agree with the next word
        for a, b in itertools.pairwise(words):
            if a in ("a", "an"):
                assert a == ("an" if b[0] in "aeiou" else "a"), p


def test_no_contractions(full):
    for p in full.train[:20000]:
        assert "n't" not in p.tgt and "'" not in p.tgt.replace("'s", "")


def test_heldout_is_disjoint(full):
    assert len(full.heldout) >= 1000
    assert len(full.heldout_signatures) == len(full.heldout)
    assert len(full.train_signatures) == len(full.train)
    assert not set(full.heldout_signatures) & set(full.train_signatures)
    held_srcs = {p.src for p in full.heldout}
    assert len(held_srcs) == len(full.heldout)
    assert not held_srcs & {p.src for p in full.train}


def test_every_construction_appears(full):
    present = {(base(p), f) for p in full.train for f in flags(p) | {""}}
    bases = {b for b, _ in present}
    assert set(corpus.CONSTRUCTIONS) <= bases
    needed = [("copula", "measure"), ("copula", "dem"), ("copula", "q"), ("copula", "neg"),
              ("have", "measure"), ("adj", "hen"), ("adj", "q"), ("svo", "time"), ("svo", "tfront"),
              ("svo", "loc"), ("sv", "loc"), ("svo", "past"), ("svo", "neg"), ("svo", "q"),
              ("motion", "fut"), ("svo", "poss"), ("svo", "conj"), ("copula", "conj"), ("have", "attr")]
    for item in needed:
        assert item in present, item
    words = {w for p in full.train for w in p.src_words}
    assert {"了", "不", "没", "吗", "的", "和", "很", "在", "会"} <= words


def test_time_words_come_last_in_english(full):
    times = {zh: en for kind, zh, en in lexicon() if kind == "t"}
    n = 0
    for p in full.train:
        if "time" not in flags(p):
            continue
        t = next(w for w in p.src_words if w in times)
        end = times[t] + (" ?" if "q" in flags(p) else "")
        assert p.tgt.endswith(" " + end), p
        if "tfront" in flags(p):
            assert p.src_words[0] == t
        else:
            assert p.src_words.index(t) > 0
        n += 1
    assert n > 5000


def test_location_moves_after_the_verb(full):
    n = 0
    for p in full.train:
        if "loc" not in flags(p):
            continue
        zi = p.src_words.index("在")
        verb_i = zi + 2   # 在 PLACE VERB
        at_j = [j for i, j, s in p.align if i == zi and s]
        verb_j = [j for i, j, s in p.align if i == verb_i and s]
        assert len(at_j) == 1 and p.tgt.split()[at_j[0]] in ("at", "in", "on")
        assert verb_j and max(verb_j) < at_j[0], p
        n += 1
    assert n > 3000


def test_tense_aspect_negation_questions(full):
    for p in full.train:
        w = p.src_words
        f = flags(p)
        t = p.tgt.split()
        b = base(p)
        if b in ("svo", "sv", "motion"):
            if "neg" in f and "past" in f:
                assert "没" in w and "did not" in p.tgt
            elif "neg" in f and "fut" in f:
                assert "不" in w and "will not" in p.tgt
            elif "neg" in f:
                assert "不" in w and ("do not" in p.tgt or "does not" in p.tgt)
                if w[0] in ("他", "她", "小明") and w[1] == "不":
                    assert t[1:3] == ["does", "not"]
            if "q" in f:
                assert t[0] in ("do", "does", "did", "will")
            if "past" in f and "neg" not in f:
                assert "了" in w and ("did" not in t[1:] or "做作业" in w)
            if "fut" in f and "q" not in f:
                assert "will" in t
        if b == "copula" and "q" in f:
            assert t[0] in ("am", "is", "are") and "是" in w
        if b == "adj" and "q" in f:
            assert t[0] in ("am", "is", "are", "was", "were", "will")
        if b == "adj" and "hen" in f and "q" not in f:
            hen = w.index("很")
            assert any(i == hen and not s for i, j, s in p.align)   # 很 ↔ is: possible


def test_specific_reorderings(full):
    by_src = {p.src: p for p in full.train}
    assert by_src["我爱中国"].tgt == "i love china"
    # he ate an apple: 吃了 → ate, 一个 → an before a vowel
    found = [p for p in full.train if "吃" in p.src_words and "了" in p.src_words and "q" not in flags(p)]
    assert found and all(" ate " in f" {p.tgt} " for p in found)
    apples = [p for p in all_pairs(full) if "一个苹果" in "".join(p.src_words)]
    assert apples and all("an apple" in p.tgt for p in apples)
    # 明天 → will + base verb, time word last
    tomorrow = [p for p in full.train if "明天" in p.src_words and base(p) == "motion" and "q" not in flags(p)]
    assert tomorrow and all(p.tgt.endswith("tomorrow") and " will " in p.tgt for p in tomorrow)
    # 小明的 → xiaoming 's
    poss = [p for p in full.train if "小明" in p.src_words
            and p.src_words[p.src_words.index("小明") + 1:][:1] == ("的",)]
    assert poss and all("xiaoming 's" in p.tgt for p in poss)
    # 我的 → my
    mine = [p for p in full.train if p.src_words[:2] == ("我", "的") and "q" not in flags(p)]
    assert mine and all(p.tgt.startswith("my ") for p in mine)
    # bare objects are plural: 我喜欢猫 → i like cats
    likes = [p for p in full.train if p.src_words[:3] == ("我", "喜欢", "猫") and len(p.src_words) == 3]
    likes += [p for p in full.train if p.src_words[-2:] == ("喜欢", "猫")]
    assert all(p.tgt.endswith("like cats") or p.tgt.endswith("likes cats") for p in likes)
    # 回家 → go home (no "to")
    home = [p for p in full.train if "回" in p.src_words]
    assert home and all("home" in p.tgt and "to home" not in p.tgt for p in home)
    # conjunction keeps order: X和Y → x and y
    conj = [p for p in full.train if p.src_words[1:2] == ("和",) and p.src_words[0] == "我"]
    assert conj and all(p.tgt.startswith("i and ") for p in conj)


def test_char_alignment():
    p = Pair("我是一个学生", "i am a student", ("我", "是", "一个", "学生"),
             ((0, 0, True), (1, 1, True), (2, 2, True), (3, 3, True)), "copula+measure")
    assert char_alignment(p) == [[0], [1], [2, 3], [4, 5]]
    q = generate(0, n_train=500, n_heldout=50).train
    for p in q:
        ca = char_alignment(p)
        assert len(ca) == len(p.tgt.split())
        assert all(0 <= c < len(p.src) for cs in ca for c in cs)


def test_tsv_round_trip(tmp_path):
    c = generate(5, n_train=300, n_heldout=50)
    path = tmp_path / "pairs.tsv"
    write_tsv(c.train, path)
    back = read_tsv(path)
    assert len(back) == len(c.train)
    for a, b in zip(c.train, back):
        assert (a.src, a.tgt, a.src_words, a.align) == (b.src, b.tgt, b.src_words, b.align)
        assert b.construction == ""
    line = path.read_text("utf-8").splitlines()[0].split("\t")
    assert len(line) == 4
    assert all(re.fullmatch(r"\d+[-?]\d+", x) for x in line[3].split())
    assert not [x for x in tmp_path.iterdir() if x.name != "pairs.tsv"]   # no temp file left
