"""The core grammar: six constructions, each built on both sides at once so that its word alignment
comes from the grammar itself (core.corpus.alignment), from the lexicon (core.corpus.lexicon).

Generation
----------
``generate(seed)`` draws sentences from weighted constructions with ``random.Random(seed)``
(never the global generator, never ``hash()``), so a seed always gives the same corpus.
Every sentence is built on both sides at once from the same choices, so its word alignment
comes from the grammar itself.

Constructions (``Pair.construction`` is ``base`` or ``base+flag+flag...``)
    copula   S 是 (一个) N          我是一个学生 → i am a student ; 这是一本书 → this is a book
    have     S 有 NUM-M N          我有两只猫 → i have two cats
    adj      S 很/非常/太/真 ADJ     她很高兴 → she is happy ; 我的猫很小 → my cat is small
    svo      S (T) (在 L) V (了) O   我昨天在学校看见了他 → i saw him at school yesterday
    sv       S (T) (在 L) V (了)     我在公园跑步 → i run in the park
    motion   S (T) 去/来 P, 回家     我明天去北京 → i will go to beijing tomorrow
    flags    time, tfront (time word before the subject), loc, past, fut, hui (会), neg (不/没),
             q (吗 question), measure (number + measure word), dem (这/那), poss (的),
             conj (和), attr (attributive adjective), bare (bare noun predicate), hen (很)

Conventions
    * Chinese: simplified characters, no spaces; questions end with the full-width "？"
      (its own source word), statements have no final punctuation.
    * English: lower-case tokens joined by single spaces, possessive as a separate token
      ("xiaoming 's cat"), no contractions ("do not", "does not", "did not"),
      questions end with " ?", statements have no final punctuation.
    * Tense: a past time word (昨天, 去年 …) or 了/没 → simple past; a future time word
      (明天, 下个月 …) or 会 → "will" + base verb; otherwise simple present (3rd person -s).
      Time words come first in Chinese (after or before the subject), last in English.
      在 + place comes before the verb in Chinese, after the object in English.
    * Bare Chinese object nouns become English bare plurals ("我喜欢猫" → "i like cats") or
      mass nouns ("water"); a bare noun subject is definite ("老师很忙" → "the teacher is busy").
    * 和 keeps the Chinese order: 我和他 → "i and he" (subject case), 猫和狗 → "cats and dogs";
      conjoined subjects take plural agreement.
"""
from __future__ import annotations

import random

from .alignment import _LOOSE, _toks, links
from .lexicon import *  # noqa: F403  (the entries and pools the constructions draw from)
from .lexicon import __all__ as _lexicon_names  # noqa: F401
from .pairs import Pair

CONSTRUCTIONS = ("copula", "have", "adj", "svo", "sv", "motion")
# Sentences from the project notes: always in the training split, exactly so.
NOTE_SENTENCES = (("我是一个学生", "i am a student"), ("我爱中国", "i love china"))

_MAX_SRC_CHARS = 16
_MAX_TGT_TOKENS = 14

# --------------------------------------------------------------------------- sentence building

class _B:
    """Collects Chinese words in Chinese order, and the lexical keys for the signature."""

    __slots__ = ("flags", "keys", "src")

    def __init__(self):
        self.src: list[str] = []
        self.keys: list[str] = []
        self.flags: set[str] = set()

    def w(self, word: str, key: str | None = None) -> int:
        self.src.append(word)
        if key:
            self.keys.append(key)
        return len(self.src) - 1



def _article(next_word: str) -> str:
    return "an" if next_word[0] in "aeiou" else "a"


def _noun_en(noun: _Entry, plural: bool) -> str:
    return noun.pl if plural else noun.en


def _np(b: _B, spec: tuple, case: str = "subj") -> tuple[list, str]:
    """Realise a noun phrase: append its Chinese words, return (English tokens, agreement)."""
    kind = spec[0]
    if kind == "pron":
        p = spec[1]
        i = b.w(p.zh, p.key)
        return [(p.en if case == "subj" else p.obj, ((i, True),))], p.agr
    if kind == "name":
        n = spec[1]
        i = b.w(n.zh, n.key)
        return _toks(n.en, i), "3s"
    if kind == "def":          # bare noun read as definite: 老师 → the teacher
        n = spec[1]
        i = b.w(n.zh, n.key)
        return [("the", ((i, False),))] + _toks(n.en, i), "3s"
    if kind == "bare":         # bare object: plural or mass
        n = spec[1]
        i = b.w(n.zh, n.key)
        return _toks(n.pl, i), ("3s" if n.mass else "p")
    if kind == "place":
        p = spec[1]
        i = b.w(p.zh, p.key)
        return _toks(p.en, i), "3s"
    if kind == "dempron":
        d = spec[1]
        i = b.w(d.zh, d.key)
        b.flags.add("dem")
        return [(d.en, ((i, True),))], d.extra
    if kind == "poss":         # owner 的 noun
        _, owner, noun, de, plural = spec
        b.flags.add("poss")
        if owner[0] == "pron":
            p = owner[1]
            oi = b.w(p.zh, p.key)
            if de:
                di = b.w("的")
                en = [(p.poss, ((oi, True), (di, False)))]
            else:
                en = [(p.poss, ((oi, True),))]
        else:
            en, _ = _np(b, owner, "obj")
            di = b.w("的")
            en = en + [("'s", ((di, True),))]
        ni = b.w(noun.zh, noun.key)
        return en + _toks(_noun_en(noun, plural), ni), ("p" if plural else "3s")
    if kind in ("num", "dem"):  # 一个/两只/这本 (+ adjective) + noun
        _, det, noun, adj, measure = spec
        if kind == "num":
            b.flags.add("measure")
            plural = det.zh != "一"
        else:
            b.flags.add("dem")
            plural = False
        di = b.w(det.zh + measure, det.key)
        b.keys.append("m:" + measure)
        ai = b.w(adj.zh, adj.key) if adj is not None else None
        if adj is not None:
            b.flags.add("attr")
        ni = b.w(noun.zh, noun.key)
        unit = _MEASURES[measure] if noun.mass else None
        rest: list = []
        if unit:
            rest.append((_plural(unit) if plural else unit, ((di, True),)))
            rest.append(("of", ((di, False),)))
        if ai is not None:
            rest.append((adj.en, ((ai, True),)))
        rest += _toks(noun.pl if (plural and not noun.mass) else noun.en, ni)
        if kind == "num":
            word = _article(rest[0][0]) if det.zh == "一" else det.en
        else:
            word = _DEMS[det.zh]
        return [(word, ((di, True),))] + rest, ("p" if plural and not unit else "3s")
    if kind == "conj":
        b.flags.add("conj")
        en1, _ = _np(b, spec[1], case)
        ci = b.w("和")
        en2, _ = _np(b, spec[2], case)
        return en1 + [("and", ((ci, True),))] + en2, "p"
    raise ValueError(kind)


# --------------------------------------------------------------------------- samplers

def _owner(rng: random.Random) -> tuple:
    r = rng.random()
    if r < 0.6:
        return ("pron", rng.choice(_PERSON_PRONS))
    if r < 0.9:
        return ("name", rng.choice(_NAMES_L))
    return ("def", rng.choice(_PEOPLE))


def _poss(rng: random.Random, nouns: list, plural: bool = False) -> tuple:
    owner = _owner(rng)
    noun = rng.choice(nouns)
    de = True
    if owner[0] == "pron" and "kin" in noun.tags and rng.random() < 0.3:
        de = False          # 我妈妈 → my mother
    return ("poss", owner, noun, de, plural)


def _simple_person(rng: random.Random, case_q: bool = False) -> tuple:
    r = rng.random()
    if r < 0.45:
        return ("pron", rng.choice(_Q_PRONS if case_q else _PERSON_PRONS))
    if r < 0.85:
        return ("name", rng.choice(_NAMES_L))
    return ("def", rng.choice(_PEOPLE))


def _nonhuman(rng: random.Random, nouns: list, it: bool = False) -> tuple:
    """An animal or thing subject: 我的猫, 这只猫, 猫 (→ the cat), 它."""
    if it and rng.random() < 0.1:
        return ("pron", _PRON["它"])
    r = rng.random()
    n = rng.choice(nouns)
    if r < 0.55:
        return _poss(rng, [n])
    if r < 0.8:
        return ("dem", rng.choice(_DEM_ENTRIES), n, None, n.measures[0])
    return ("def", n)


def _subject(rng: random.Random, q: bool = False) -> tuple:
    """A person subject: pronoun, name, possessive, 老师 (the teacher), 这个学生, X和Y."""
    r = rng.random()
    if r < 0.35:
        return ("pron", rng.choice(_Q_PRONS if q else _PERSON_PRONS))
    if r < 0.60:
        return ("name", rng.choice(_NAMES_L))
    if r < 0.80:
        return _poss(rng, _POSSESSED)
    if r < 0.87:
        return ("def", rng.choice(_PEOPLE))
    if r < 0.92:
        n = rng.choice(_PEOPLE)
        return ("dem", rng.choice(_DEM_ENTRIES), n, None, n.measures[0])
    a = _simple_person(rng, q)
    c = _simple_person(rng, q)
    while c[1] is a[1]:
        c = _simple_person(rng, q)
    return ("conj", a, c)


def _quantified(rng: random.Random, noun: _Entry, attr: float = 0.0) -> tuple:
    num = rng.choices(_NUM_L, _NUM_W)[0]
    adj = None
    if attr and not noun.mass and rng.random() < attr:
        pool = _ATTR_A if "animal" in noun.tags else _ATTR_T
        adj = rng.choice(pool)
    return ("num", num, noun, adj, rng.choice(noun.measures))


def _object(rng: random.Random, verb: _Entry) -> tuple:
    nouns = _VERB_NOUNS[verb.key]
    person = "person" in verb.tags
    city = "city" in verb.tags
    r = rng.random()
    if person and (not nouns or r < 0.35):
        r = rng.random()
        if r < 0.35:
            return ("pron", rng.choice(_PERSON_PRONS))
        if r < 0.65:
            return ("name", rng.choice(_NAMES_L))
        if r < 0.85:
            return _poss(rng, _POSSESSED)
        if r < 0.95:
            return ("def", rng.choice(_PEOPLE))
        return _quantified(rng, rng.choice(_PEOPLE))
    if city and (not nouns or r < 0.5):
        return ("place", rng.choice(_CITIES))
    n = rng.choice(nouns)
    r = rng.random()
    if r < 0.45 or not n.measures and r < 0.9:
        return ("bare", n)
    if r < 0.70 and n.measures:
        return _quantified(rng, n, attr=0.2)
    if r < 0.85:
        return _poss(rng, [n])
    if r < 0.95 and n.measures:
        return ("dem", rng.choice(_DEM_ENTRIES), n, None, rng.choice(n.measures))
    if len(nouns) > 1:
        m = rng.choice(nouns)
        while m is n:
            m = rng.choice(nouns)
        return ("conj", ("bare", n), ("bare", m))
    return ("bare", n)


def _is_first_person(spec: tuple) -> bool:
    return spec[0] == "pron" and spec[1].zh in ("我", "我们")


def _tense(rng: random.Random, time: _Entry | None) -> tuple[str, bool]:
    """(tense, 会) from the time word: past / fut / pres."""
    if time is None:
        r = rng.random()
        return ("pres", False) if r < 0.55 else ("past", False) if r < 0.88 else ("fut", True)
    cls = time.extra
    if cls == "past":
        return "past", False
    if cls == "fut":
        return "fut", rng.random() < 0.25
    if cls == "habit":
        return "pres", False
    r = rng.random()
    return ("pres", False) if r < 0.5 else ("past", False) if r < 0.85 else ("fut", True)


def _agree_be(agr: str, tense: str) -> str:
    if tense == "past":
        return "was" if agr in ("1s", "3s") else "were"
    return {"1s": "am", "3s": "is"}.get(agr, "are")


def _verb_phrase(b, verb, tense, neg_i, hui_i, le_i, vi, agr, q, q_links):
    """English verb group: (fronted auxiliary or None, tokens after the subject)."""
    base, (past, particle, _, _) = verb.en, verb.extra
    parts = [(p, ((vi, p not in _LOOSE),)) for p in particle]
    vlink = ((vi, True),)
    if tense == "past":
        if q:
            links = ((le_i, False),) if le_i is not None else ()
            return ("did", links + q_links), [(base, vlink)] + parts
        if neg_i is not None:
            return None, [("did", ((neg_i, False),)), ("not", ((neg_i, True),)), (base, vlink)] + parts
        links = vlink + (((le_i, False),) if le_i is not None else ())
        return None, [(past, links)] + parts
    if tense == "fut":
        will = ((hui_i, True),) if hui_i is not None else ()
        if q:
            return ("will", will or q_links), [(base, vlink)] + parts
        out = [("will", will)]
        if neg_i is not None:
            out.append(("not", ((neg_i, True),)))
        return None, out + [(base, vlink)] + parts
    do = "does" if agr == "3s" else "do"
    if q:
        return (do, q_links), [(base, vlink)] + parts
    if neg_i is not None:
        return None, [(do, ((neg_i, False),)), ("not", ((neg_i, True),)), (base, vlink)] + parts
    return None, [(_third(base) if agr == "3s" else base, vlink)] + parts


def _clause(rng: random.Random, kind: str) -> tuple:
    """svo / sv / motion sentences with time, location, aspect, negation and questions."""
    b = _B()
    r = rng.random()
    q = r < 0.15
    neg = 0.15 <= r < 0.30
    if kind == "svo":
        animal_subj = rng.random() < 0.08
        verb = rng.choice(_TVERB_A if animal_subj else _TVERB_L)
    elif kind == "sv":
        animal_subj = rng.random() < 0.12
        verb = rng.choice(_IVERB_A if animal_subj else _IVERB_L)
    else:
        animal_subj = False
        verb = _MV["回"] if rng.random() < 0.15 else _MV["去" if rng.random() < 0.75 else "来"]
    subj = _nonhuman(rng, _ANIMALS) if animal_subj else _subject(rng, q=q)
    time = rng.choice(_TIMES_L) if rng.random() < 0.5 else None
    if verb.extra[3]:                   # stative verbs (like, love, know …): present only
        if time is not None and time.extra not in ("habit", "any"):
            time = None
        tense, hui = "pres", False
    else:
        tense, hui = _tense(rng, time)
    tfront = time is not None and rng.random() < 0.25
    loc = None
    if kind != "motion" and rng.random() < 0.35:
        loc = rng.choice(_LOC_PLACES)
    place = None
    if kind == "motion":
        place = _PLACE["家"] if verb.zh == "回" else rng.choice(_GO_PLACES)
    obj = _object(rng, verb) if kind == "svo" else None

    time_en: list = []
    if tfront:
        time_en = _toks(time.en, b.w(time.zh, time.key))
    subj_en, agr = _np(b, subj, "subj")
    if time is not None and not tfront:
        time_en = _toks(time.en, b.w(time.zh, time.key))
    neg_i = b.w("没" if tense == "past" else "不") if neg else None
    hui_i = b.w("会") if hui else None
    loc_en: list = []
    if loc is not None:
        zi = b.w("在")
        pi = b.w(loc.zh, loc.key)
        loc_en = [(loc.extra[0], ((zi, True),))] + _toks(loc.en, pi)
    vi = b.w(verb.zh, verb.key)
    le_i = None
    obj_en: list = []
    place_en: list = []
    if kind == "motion":
        if tense == "past" and not neg and verb.zh != "回":
            le_i = b.w("了")
        pi = b.w(place.zh, place.key)
        if verb.zh == "回":
            place_en = _toks(place.en, pi)
            if tense == "past" and not neg:
                le_i = b.w("了")
        else:
            place_en = [("to", ((vi, False),))] + _toks(place.en, pi)
    elif kind == "svo":
        if tense == "past" and not neg:
            le_i = b.w("了")
        obj_en, _ = _np(b, obj, "obj")
    elif tense == "past" and not neg:
        le_i = b.w("了")
    q_links: tuple = ()
    if q:
        ma = b.w("吗")
        qm = b.w("？")
        q_links = ((ma, False),)
    aux, vp = _verb_phrase(b, verb, tense, neg_i, hui_i, le_i, vi, agr, q, q_links)
    if q:
        en = [aux] + subj_en + vp + obj_en + place_en + loc_en + time_en + [("?", ((qm, True), (ma, False)))]
    else:
        en = subj_en + vp + obj_en + place_en + loc_en + time_en
    flags = b.flags
    if time is not None:
        flags.add("time")
    if tfront:
        flags.add("tfront")
    if loc is not None:
        flags.add("loc")
    if tense != "pres":
        flags.add(tense)
    if hui:
        flags.add("hui")
    if neg:
        flags.add("neg")
    if q:
        flags.add("q")
    return kind, b, en


def _copula(rng: random.Random) -> tuple:
    b = _B()
    r = rng.random()
    q = r < 0.15
    neg = 0.15 <= r < 0.30
    if rng.random() < 0.3:                       # 这是一本书 / 这些是书 / 这是我的书
        d = rng.choice(_DEMP)
        plural = d.extra == "p"
        subj = ("dempron", d)
        noun = rng.choice(_COUNTABLE_OBJ)
        r2 = rng.random()
        if plural:
            pred = ("bare", noun) if r2 < 0.7 else _poss(rng, [noun], plural=True)
        elif r2 < 0.65:
            pred = _quantified(rng, noun, attr=0.3)
            pred = ("num", _NUM["一"]) + pred[2:]
        elif r2 < 0.8:
            pred = ("barepred", noun)
        else:
            pred = _poss(rng, [noun])
    else:
        subj = _subject(rng, q=q)
        pred = None
    subj_en, agr = _np(b, subj, "subj")
    if pred is None:
        plural = agr == "p"
        r2 = rng.random()
        if plural:
            noun = rng.choice(_PEOPLE)
            pred = ("bare", noun) if r2 < 0.6 else _poss(rng, _POSSESSED, plural=True)
        elif r2 < 0.6:
            noun = rng.choice(_PEOPLE)
            pred = ("num", _NUM["一"], noun, None, noun.measures[0])
        elif r2 < 0.8:
            pred = ("barepred", rng.choice(_PEOPLE))
        else:
            pred = _poss(rng, _POSSESSED)
    neg_i = b.w("不") if neg else None
    si = b.w("是")
    if pred[0] == "barepred":                    # 他是学生 → he is a student
        n = pred[1]
        ni = b.w(n.zh, n.key)
        pred_en = [(_article(n.en), ((ni, False),))] + _toks(n.en, ni)
        b.flags.add("bare")
    else:
        pred_en, _ = _np(b, pred, "obj")
        if pred[0] == "bare":
            b.flags.add("bare")
    be = (_agree_be(agr, "pres"), ((si, True),))
    if q:
        ma = b.w("吗")
        qm = b.w("？")
        en = [be] + subj_en + pred_en + [("?", ((qm, True), (ma, False)))]
        b.flags.add("q")
    else:
        en = subj_en + [be] + ([("not", ((neg_i, True),))] if neg else []) + pred_en
        if neg:
            b.flags.add("neg")
    return "copula", b, en


def _have(rng: random.Random) -> tuple:
    b = _B()
    r = rng.random()
    q = r < 0.15
    neg = 0.15 <= r < 0.30
    subj = _subject(rng, q=q)
    noun = rng.choice(_HAVE)
    if neg or rng.random() < 0.25:
        obj = ("bare", noun)
    else:
        obj = _quantified(rng, noun, attr=0.3)
    subj_en, agr = _np(b, subj, "subj")
    neg_i = b.w("没") if neg else None
    hi = b.w("有")
    obj_en, _ = _np(b, obj, "obj")
    do = "does" if agr == "3s" else "do"
    if q:
        ma = b.w("吗")
        qm = b.w("？")
        en = [(do, ((ma, False),))] + subj_en + [("have", ((hi, True),))] + obj_en + \
            [("?", ((qm, True), (ma, False)))]
        b.flags.add("q")
    elif neg:
        en = subj_en + [(do, ((neg_i, False),)), ("not", ((neg_i, True),)), ("have", ((hi, True),))] + obj_en
        b.flags.add("neg")
    else:
        en = subj_en + [(_third("have") if agr == "3s" else "have", ((hi, True),))] + obj_en
    return "have", b, en


def _adj(rng: random.Random) -> tuple:
    b = _B()
    r = rng.random()
    q = r < 0.15
    neg = 0.15 <= r < 0.30
    r = rng.random()
    if r < 0.6:
        subj, adj = _subject(rng, q=q), rng.choice(_ADJ_BY["pax"])
    elif r < 0.8:
        subj, adj = _nonhuman(rng, _ANIMALS), rng.choice(_ADJ_BY["ax"])
    else:
        subj, adj = _nonhuman(rng, _THINGS, it=True), rng.choice(_ADJ_BY["tx"])
    time = rng.choice(_TIMES_L) if rng.random() < 0.35 else None
    tfront = time is not None and rng.random() < 0.25
    tense = "pres"
    if time is not None and time.extra in ("past", "fut"):
        tense = time.extra
    if neg:
        deg = None
    elif q:
        deg = _DEG[0] if rng.random() < 0.5 else None
    else:
        deg = rng.choices(_DEG, (6, 2, 1, 1))[0]
    time_en: list = []
    if tfront:
        time_en = _toks(time.en, b.w(time.zh, time.key))
    subj_en, agr = _np(b, subj, "subj")
    if time is not None and not tfront:
        time_en = _toks(time.en, b.w(time.zh, time.key))
    neg_i = b.w("不") if neg else None
    deg_i = b.w(deg.zh, deg.key if deg.en else None) if deg else None
    ai = b.w(adj.zh, adj.key)
    be_links = ((deg_i, False),) if deg is not None and deg.en is None else ()
    deg_en = [(deg.en, ((deg_i, True),))] if deg is not None and deg.en else []
    adj_en = deg_en + [(adj.en, ((ai, True),))]
    if q:
        ma = b.w("吗")
        qm = b.w("？")
        qmark = [("?", ((qm, True), (ma, False)))]
        if tense == "fut":
            en = [("will", ((ma, False),))] + subj_en + [("be", be_links)] + adj_en + time_en + qmark
        else:
            en = [(_agree_be(agr, tense), be_links + ((ma, False),))] + subj_en + adj_en + time_en + qmark
        b.flags.add("q")
    else:
        nt = [("not", ((neg_i, True),))] if neg else []
        if tense == "fut":
            be = [("will", ())] + nt + [("be", be_links)]
        else:
            be = [(_agree_be(agr, tense), be_links)] + nt
        en = subj_en + be + adj_en + time_en
        if neg:
            b.flags.add("neg")
    if time is not None:
        b.flags.add("time")
    if tfront:
        b.flags.add("tfront")
    if tense != "pres":
        b.flags.add(tense)
    if deg is not None and deg.zh == "很":
        b.flags.add("hen")
    return "adj", b, en


_SAMPLERS = [
    (lambda rng: _clause(rng, "svo"), 36),
    (lambda rng: _clause(rng, "sv"), 12),
    (lambda rng: _clause(rng, "motion"), 12),
    (_adj, 14),
    (_copula, 13),
    (_have, 13),
]
_SAMPLER_FNS = [s for s, _ in _SAMPLERS]
_SAMPLER_CUM = []
_acc = 0
for _s, _w in _SAMPLERS:
    _acc += _w
    _SAMPLER_CUM.append(_acc)


def _finish(kind: str, b: _B, en: list) -> tuple[tuple, Pair] | None:
    src = "".join(b.src)
    if len(src) > _MAX_SRC_CHARS or len(en) > _MAX_TGT_TOKENS:
        return None
    construction = kind + "".join("+" + f for f in sorted(b.flags))
    pair = Pair(src, " ".join(t for t, _ in en), tuple(b.src), links(en), construction)
    return (construction, tuple(b.keys)), pair


def _sample(rng: random.Random, fns=None, cum=None, rejects=None) -> tuple[tuple, Pair]:
    fns, cum = (fns, cum) if fns is not None else (_SAMPLER_FNS, _SAMPLER_CUM)
    while True:
        fn = rng.choices(fns, cum_weights=cum)[0]
        out = _finish(*fn(rng))
        if out is not None and not (rejects and rejects(out[1])):
            return out


def _note_pairs() -> list[tuple[tuple, Pair]]:
    """The sentences of the project notes, built by the grammar itself."""
    out = []
    b = _B()
    en, agr = _np(b, ("pron", _PRON["我"]))
    si = b.w("是")
    pred, _ = _np(b, ("num", _NUM["一"], _NOUN["学生"], None, "个"), "obj")
    out.append(_finish("copula", b, en + [(_agree_be(agr, "pres"), ((si, True),))] + pred))
    b = _B()
    en, agr = _np(b, ("pron", _PRON["我"]))
    verb = _TV["tv:爱"]
    vi = b.w(verb.zh, verb.key)
    obj, _ = _np(b, ("place", _PLACE["中国"]), "obj")
    _, vp = _verb_phrase(b, verb, "pres", None, None, None, vi, agr, False, ())
    out.append(_finish("svo", b, en + vp + obj))
    for (sig, pair), (src, tgt) in zip(out, NOTE_SENTENCES):
        assert pair.src == src and pair.tgt == tgt, (pair, src, tgt)
    return out
