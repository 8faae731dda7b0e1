"""The beginner grammar: what a learner of the first HSK levels types, on top of the core grammar.

`core.corpus.generate(seed, grammar="beginner")` draws from the core constructions (copula, have,
adj, svo, sv, motion) and from these, each built on both sides at once with its gold alignment, in
the corpus' normalised English (lower case, "'s" and "?" split off, no contractions):

    phrase    fixed phrases: 你好 → hello ; 谢谢 → thank you ; 对不起 → sorry … (never held out)
    name      我叫小明 → my name is xiaoming ; 你叫什么名字？ → what is your name ?
    nation    我是中国人 → i am chinese ; 你是哪国人？ → where are you from ? ; 我住在北京 → i live in beijing
    modal     我想去北京 → i want to go to beijing ; 你能来吗？ → can you come ? (想/要 want to, 能/可以 can)
    prog      他在看书 → he is reading books ; 我正在吃饭 → i am eating ; 他还在睡觉 → he is still sleeping
    perfect   我去过北京 → i have been to beijing ; 我已经吃饭了 → i have already eaten
    adv       我也喜欢猫 → i also like cats ; 我们都是学生 → we are all students ; 我常常去公园 → i often go to the park
    wh        什么/谁/哪儿/为什么/几/谁的/怎么, A-not-A (你去不去北京？) and 呢
    compare   我比他高 → i am taller than he ; 我比我哥哥高 → i am taller than my brother ;
              我没有他那么高 → i am not as tall as he
    ge        我是一个老师 → i am a teacher (个 with every person noun, as learners say it)
    like      我喜欢吃苹果 → i like to eat apples ; 他不喜欢游泳 → he does not like to swim
    where     桌子上有一本书 → there is a book on the table ; 猫在桌子下 → the cat is under the table
    rel       我买的书很贵 → the book i bought is expensive
    weather   今天天气很好 → the weather is good today ; 明天会下雨 → it will rain tomorrow
    age       你多大了？ → how old are you ? ; 我二十岁 → i am twenty years old
    clock     现在几点？ → what time is it now ? ; 我七点起床 → i get up at seven ; 今天是三月五号 → today is march fifth
    money     这本书多少钱？ → how much is this book ? ; 这个二十块 → this is twenty yuan
    ba/gei    我把书放在桌子上 → i put the book on the table ; 我给他一本书 → i give him a book
    serial    我去商店买东西 → i go to the store to buy things
    suggest   我们去公园吧 → let 's go to the park ; 请坐 → please sit down ; 别哭 → do not cry
    because   因为我很累，所以我不去 → because i am tired , i do not go
    think     我觉得他很聪明 → i think he is smart ; 我知道他是老师 → i know he is a teacher
    of        北京是中国的首都 → beijing is the capital of china ; 他是我哥哥的朋友 → he is my brother 's friend

Alignment follows the core grammar's rules (core.corpus.alignment): content words sure, multi-word
translations linked to their one source word, function words possible; "what/how/why/where" ↔ the
question word sure, an English auxiliary fronted by a question ↔ 吗 (or the question word) possible.
Not covered: 会 as "can" (the core grammar reads 会 as "will"), 了 after adjectives (我饿了), clauses
joined without 因为/所以, measure-word phrases beyond the core's, anything past 16 characters.
"""
from __future__ import annotations

import random
import re

from . import grammar as C
from .grammar import _B, _Entry, _toks

# --------------------------------------------------------------------------- data

# phrase: Chinese words (space-separated) | English | links ("i-j" sure, "i?j" possible)
_PHRASES = """
你好|hello|0-0
您好|hello|0-0
你好 吗 ？|how are you ?|0?0 1?0 0-2 2-3 1?3
大家 好|hello everyone|1-0 0-1
谢谢|thank you|0-0 0-1
谢谢 你|thank you|0-0 1-1
非常 感谢|thank you very much|1-0 1-1 0-2 0-3
不 客气|you are welcome|1-0 1-2 0?2 1?1
不用 谢|you are welcome|1-0 1-2 0?2 1?1
再见|goodbye|0-0
明天 见|see you tomorrow|1-0 1-1 0-2
对不起|sorry|0-0
没关系|it does not matter|0-3 0?0 0-2 0?1
早上 好|good morning|1-0 0-1
晚上 好|good evening|1-0 0-1
晚安|good night|0-0 0-1
欢迎|welcome|0-0
太 好 了|great|1-0 0?0 2?0
好 的|ok|0-0 1?0
当然|of course|0?0 0-1
我 不 知道|i do not know|0-0 1?1 1-2 2-3
我 明白 了|i understand|0-0 1-1 2?1
我 不 明白|i do not understand|0-0 1?1 1-2 2-3
我 不 懂|i do not understand|0-0 1?1 1-2 2-3
生日 快乐|happy birthday|1-0 0-1
新年 快乐|happy new year|1-0 0-1 0-2
请 坐|please sit down|0-0 1-1 1-2
请 进|please come in|0-0 1-1 1-2
请 等 一下|please wait a moment|0-0 1-1 2-2 2-3
请 再 说 一遍|please say it again|0-0 2-1 3?2 1-3 3?3
我 有 一个 问题|i have a question|0-0 1-1 2-2 3-3
没 问题|no problem|0-0 1-1
没有|no|0-0
是 的|yes|0-0 1?0
不 是|no|0-0 1?0
好 久 不 见|long time no see|1-0 0?1 1?1 2-2 3-3
多少 钱 ？|how much is it ?|0-0 0-1 1?2 1?3 2-4
我 饿 了|i am hungry|0-0 1-2 2?1
我 累 了|i am tired|0-0 1-2 2?1
干杯|cheers|0-0
"""

# nationality: country zh | adjective
_NATIONS = """中国 chinese|美国 american|英国 british|日本 japanese|法国 french|德国 german|韩国 korean|
加拿大 canadian|意大利 italian|印度 indian|俄罗斯 russian|澳大利亚 australian|西班牙 spanish|泰国 thai"""

_CAPITALS = [("北京", "中国"), ("东京", "日本"), ("伦敦", "英国"), ("巴黎", "法国"), ("柏林", "德国"),
             ("罗马", "意大利")]

# -ing forms that are not base + ing / base − e + ing
_ING = {"run": "running", "swim": "swimming", "shop": "shopping", "chat": "chatting", "get": "getting",
        "sit": "sitting", "put": "putting", "see": "seeing", "be": "being", "cut": "cutting",
        "forget": "forgetting"}

# past participles (only verbs listed here take 过 / 已经…了)
_PP = {"eat": "eaten", "drink": "drunk", "buy": "bought", "read": "read", "watch": "watched", "see": "seen",
       "write": "written", "make": "made", "learn": "learned", "study": "studied", "sell": "sold",
       "find": "found", "take": "taken", "bring": "brought", "use": "used", "draw": "drawn", "sing": "sung",
       "help": "helped", "call": "called", "teach": "taught", "speak": "spoken", "play": "played",
       "feed": "fed", "wash": "washed", "fix": "fixed", "drive": "driven", "ride": "ridden", "open": "opened",
       "close": "closed", "borrow": "borrowed", "lose": "lost", "meet": "met", "send": "sent", "wear": "worn",
       "receive": "received", "cook": "cooked", "sleep": "slept", "work": "worked", "swim": "swum",
       "dance": "danced", "rest": "rested", "travel": "traveled", "shop": "shopped", "practice": "practiced",
       "finish": "finished", "visit": "visited", "listen": "listened", "do": "done", "review": "reviewed",
       "forget": "forgotten", "remember": "remembered", "rent": "rented", "choose": "chosen", "taste": "tasted",
       "move": "moved", "wipe": "wiped", "plant": "planted", "chase": "chased", "catch": "caught",
       "protect": "protected", "believe": "believed", "praise": "praised", "criticize": "criticized",
       "push": "pushed", "pull": "pulled", "boil": "boiled", "bake": "baked", "cut": "cut", "share": "shared",
       "check": "checked", "prepare": "prepared", "hate": "hated", "translate": "translated",
       "exercise": "exercised", "graduate": "graduated", "skate": "skated", "ski": "skied", "smoke": "smoked",
       "argue": "argued", "cough": "coughed", "walk": "walked"}

# comparatives: adjective English → comparative tokens
_MORE = {"happy": "happier", "tired": "more tired", "busy": "busier", "tall": "taller", "short": "shorter",
         "fat": "fatter", "thin": "thinner", "big": "bigger", "small": "smaller", "new": "newer",
         "old": "older", "young": "younger", "beautiful": "more beautiful", "good": "better", "bad": "worse",
         "cold": "colder", "hot": "hotter", "smart": "smarter", "friendly": "friendlier", "fast": "faster",
         "slow": "slower", "cheap": "cheaper", "expensive": "more expensive", "clean": "cleaner",
         "dirty": "dirtier", "quiet": "quieter", "famous": "more famous", "cute": "cuter",
         "heavy": "heavier", "light": "lighter", "long": "longer", "interesting": "more interesting",
         "difficult": "more difficult", "easy": "easier", "warm": "warmer", "important": "more important",
         "healthy": "healthier", "handsome": "more handsome", "strange": "stranger", "dangerous": "more dangerous",
         "enthusiastic": "more enthusiastic", "serious": "more serious", "hardworking": "more hardworking",
         "honest": "more honest", "strong": "stronger", "cheerful": "more cheerful", "excited": "more excited",
         "worried": "more worried", "sad": "sadder", "sweet": "sweeter", "sour": "more sour",
         "spicy": "spicier", "salty": "saltier", "fresh": "fresher", "wide": "wider", "narrow": "narrower",
         "thick": "thicker", "soft": "softer", "hard": "harder", "convenient": "more convenient",
         "bright": "brighter", "lively": "livelier", "scary": "scarier", "ordinary": "more ordinary",
         "special": "more special", "popular": "more popular", "tidy": "tidier"}

# things something can be on / in / under …: zh | en | postpositions it takes
_SPOTS = """
桌子|table|上,下,旁边
椅子|chair|上,下,旁边
床|bed|上,下,旁边
沙发|sofa|上,旁边
箱子|box|里,上,旁边
包|bag|里
书包|schoolbag|里
冰箱|fridge|里,上,旁边
房间|room|里
车|car|里,旁边
树|tree|上,下
门|door|旁边,后面,前面
电脑|computer|旁边,前面
"""
_POST = {"上": "on", "里": "in", "下": "under", "旁边": "next to", "前面": "in front of", "后面": "behind"}

# new nouns of the beginner grammar: zh | English | measure | plural
_NEW_NOUNS = """
东西|thing|个|things
衣服|clothes|件|clothes
水果|fruit|个|fruit
菜|dish|个|dishes
早饭|breakfast|顿|breakfast
午饭|lunch|顿|lunch
晚饭|dinner|顿|dinner
作业|homework|个|homework
汉字|character|个|characters
房间|room|个|rooms
电话|phone|个|phones
问题|question|个|questions
人|person|个|people
"""

_WEATHER_ADJS = [("好", "good"), ("冷", "cold"), ("热", "hot"), ("暖和", "warm"), ("凉快", "cool"),
                 ("不错", "nice")]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORD = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
        "nine": "ninth", "twelve": "twelfth", "twenty": "twentieth", "thirty": "thirtieth"}
_DIGITS = "零一二三四五六七八九"


def number_zh(n: int, two: str = "二") -> str:
    """1–999 in Chinese characters (`two`: 两 for a lone 2 before a measure word)."""
    if n == 2:
        return two
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    head = ("两" if n // 100 == 2 else _DIGITS[n // 100]) + "百"
    rest = n % 100
    if not rest:
        return head
    if rest < 10:
        return head + "零" + _DIGITS[rest]
    return head + (_DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else ""))


def number_en(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10] + (" " + _UNITS[n % 10] if n % 10 else "")
    return _UNITS[n // 100] + " hundred" + (" " + number_en(n % 100) if n % 100 else "")


def ordinal_en(n: int) -> str:
    words = number_en(n).split()
    last = words[-1]
    words[-1] = _ORD.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return " ".join(words)


def _ing(base: str) -> str:
    if base in _ING:
        return _ING[base]
    if base.endswith("e") and not base.endswith("ee"):
        return base[:-1] + "ing"
    return base + "ing"


def _lines(block):
    return [ln.strip().split("|") for ln in block.strip().splitlines() if ln.strip()]


_LINK = re.compile(r"(\d+)([-?])(\d+)$")
_PHRASE_L = []
for _zh, _en, _links in _lines(_PHRASES):
    _ls = [_LINK.match(x) for x in _links.split()]
    _PHRASE_L.append((_zh.split(), _en.split(), [(int(m[1]), int(m[3]), m[2] == "-") for m in _ls]))

_NATION_L = [tuple(x.split()) for x in _NATIONS.replace("\n", "").split("|")]
_SPOT_L = [(zh, en, posts.split(",")) for zh, en, posts in _lines(_SPOTS)]
_NEW_NOUN = {zh: _Entry("n", zh, en, pl=pl, measures=(m,), tags=frozenset({"thing"}))
             for zh, en, m, pl in _lines(_NEW_NOUNS)}
# extra objects for core verbs, as bare (plural or mass) nouns
_EXTRA_OBJ = {"tv:买": ["东西", "衣服", "水果"], "tv:吃": ["水果", "菜", "早饭", "午饭", "晚饭"],
              "tv:写": ["汉字", "作业"], "tv:洗": ["衣服"], "tv:卖": ["东西", "衣服", "水果"]}
_NON_STATIVE_TV = [v for v in C._TVERB_L if not v.extra[3]]
_WHAT_VERBS = [C._TV[k] for k in ("tv:喜欢", "tv:吃", "tv:喝", "tv:买", "tv:看#read", "tv:要",
                                  "tv:需要", "tv:学", "tv:学习#obj", "tv:写", "tv:找", "tv:做", "tv:画", "tv:唱")]
_SKILL_WH = [C._TV[k] for k in ("tv:吃", "tv:喝", "tv:买", "tv:看#read", "tv:学", "tv:做")]   # 看什么: read only
_PLURAL_PRONS = [p for p in C._PERSON_PRONS if p.agr == "p"]
_VENUES = [p for p in C._GO_PLACES if p.extra[1] == "venue"]
_P_ADJ_MORE = [a for a in C._ADJ_BY["pax"] if a.en in _MORE and a.extra[0] in "pax"]
_T_ADJ_MORE = [a for a in C._ADJ_BY["tx"] if a.en in _MORE]
_T_ADJ = C._ADJ_BY["tx"]
_ANY_TIMES = [t for t in C._TIMES_L if t.extra in ("any", "habit")]
_DAY_TIMES = [t for t in C._TIMES_L if t.zh in ("今天", "明天", "昨天", "今晚", "昨晚")]
_WEEKDAYS = [t for t in C._TIMES_L if t.zh.startswith("星期")]


_BA_NOUNS = [n for n in C._LEX["nouns"] if {"food", "thing"} & n.tags]
_MINE = {"my": "mine", "your": "yours", "his": "his", "her": "hers", "its": "its", "our": "ours", "their": "theirs"}


# --------------------------------------------------------------------------- helpers

def S(i):
    return ((i, True),)


def P(i):
    return ((i, False),)


def _do(agr):
    return "does" if agr == "3s" else "do"


def _have(agr):
    return "has" if agr == "3s" else "have"


def _pres(base, agr):
    return C._third(base) if agr == "3s" else base


def _be(agr, tense="pres"):
    return C._agree_be(agr, tense)


def _person(rng, q=False):
    return C._subject(rng, q=q)


def _form(base: str, past: str, form: str, agr: str) -> str:
    if form == "base":
        return base
    if form == "pres":
        return _pres(base, agr)
    if form == "ing":
        return _ing(base)
    if form == "pp":
        return _PP[base]
    return past


def _vp(rng, b, form="base", agr="1s", kinds=("tv", "iv", "go"), weights=(5, 3, 2), stative=True, pp="been"):
    """A verb phrase (Chinese words appended to b), its English tokens with the verb in `form`."""
    kind = rng.choices(kinds, weights)[0]
    if kind == "go":
        vi = b.w("去", "mv:去")
        place = rng.choice(C._GO_PLACES)
        pi = b.w(place.zh, place.key)
        word = pp if form == "pp" else _form("go", "went", form, agr)
        return [(word, S(vi)), ("to", P(vi))] + _toks(place.en, pi)
    if kind == "iv":
        pool = [v for v in C._IVERB_L if form != "pp" or v.en in _PP]
        v = rng.choice(pool)
        vi = b.w(v.zh, v.key)
        past, particle = v.extra[0], v.extra[1]
        return [(_form(v.en, past, form, agr), S(vi))] + [(p, ((vi, p not in C._LOOSE),)) for p in particle]
    pool = C._TVERB_L if stative else _NON_STATIVE_TV
    if form == "pp":
        pool = [v for v in pool if v.en in _PP]
    v = rng.choice(pool)
    vi = b.w(v.zh, v.key)
    past, particle = v.extra[0], v.extra[1]
    en = [(_form(v.en, past, form, agr), S(vi))] + [(p, ((vi, p not in C._LOOSE),)) for p in particle]
    extra = _EXTRA_OBJ.get(v.key)
    if extra and rng.random() < 0.3:
        n = _NEW_NOUN[rng.choice(extra)]
        ni = b.w(n.zh, n.key)
        return en + _toks(n.pl, ni)
    obj_en, _ = C._np(b, C._object(rng, v), "obj")
    return en + obj_en


def _owner_en(b, spec):
    """Possessive English of a noun phrase: 我 → my ; 小明 → xiaoming 's (the 's linked by the caller)."""
    if spec[0] == "pron":
        p = spec[1]
        i = b.w(p.zh, p.key)
        return [(p.poss, S(i))], True
    en, _ = C._np(b, spec, "obj")
    return en, False


def _time(rng, b, pool):
    t = rng.choice(pool)
    return t, _toks(t.en, b.w(t.zh, t.key))


def _q(b):
    ma = b.w("吗")
    qm = b.w("？")
    return ma, [("?", ((qm, True), (ma, False)))]


def _qmark(b, *also):
    qm = b.w("？")
    return [("?", ((qm, True),) + tuple((i, False) for i in also))]


# --------------------------------------------------------------------------- constructions

def _phrase(rng):
    words, en, links = rng.choice(_PHRASE_L)
    b = _B()
    for k, w in enumerate(words):
        b.w(w, "phrase:" + "".join(words) if k == 0 else None)
    toks = [[t, []] for t in en]
    for i, j, sure in links:
        toks[j][1].append((i, sure))
    return "phrase", b, [(t, tuple(ls)) for t, ls in toks]


def _name(rng):
    b = _B()
    r = rng.random()
    spec = ("pron", rng.choice(C._PERSON_PRONS)) if rng.random() < 0.6 else \
        C._poss(rng, C._POSSESSED + C._ANIMALS) if rng.random() < 0.6 else ("name", rng.choice(C._NAMES_L))
    if r < 0.3:                                     # 你叫什么名字？ → what is your name ?
        owner, is_pron = _owner_en(b, spec)
        ji = b.w("叫")
        wi = b.w("什么")
        mi = b.w("名字") if rng.random() < 0.7 else None
        s = [] if is_pron else [("'s", P(ji))]
        name = ("name", S(mi) + P(ji)) if mi is not None else ("name", S(ji))
        return "name+what", b, [("what", S(wi)), ("is", P(ji))] + owner + s + [name] + _qmark(b)
    if r < 0.75:                                    # 我叫小明 → my name is xiaoming
        owner, is_pron = _owner_en(b, spec)
        ji = b.w("叫")
        n = rng.choice(C._NAMES_L)
        ni = b.w(n.zh, n.key)
        s = [] if is_pron else [("'s", P(ji))]
        if rng.random() < 0.2:                      # 你叫小明吗？ → is your name xiaoming ?
            ma, q = _q(b)
            return "name+yn", b, [("is", P(ji) + P(ma))] + owner + s + [("name", S(ji))] + _toks(n.en, ni) + q
        return "name", b, owner + s + [("name", S(ji)), ("is", P(ji))] + _toks(n.en, ni)
    # 我的名字是小明 → my name is xiaoming
    if spec[0] == "pron":
        p = spec[1]
        oi = b.w(p.zh, p.key)
        di = b.w("的")
        owner = [(p.poss, S(oi) + P(di))]
    else:
        en, _ = C._np(b, spec, "obj")
        di = b.w("的")
        owner = en + [("'s", S(di))]
    mi = b.w("名字")
    si = b.w("是")
    n = rng.choice(C._NAMES_L)
    ni = b.w(n.zh, n.key)
    return "name+de", b, owner + [("name", S(mi)), ("is", S(si))] + _toks(n.en, ni)


def _nation(rng):
    b = _B()
    r = rng.random()
    if r < 0.55:                                    # 我是中国人 → i am chinese
        q = rng.random() < 0.2
        neg = not q and rng.random() < 0.2
        subj_en, agr = C._np(b, _person(rng, q), "subj")
        ni = b.w("不") if neg else None
        si = b.w("是")
        country, adj = rng.choice(_NATION_L)
        ai = b.w(country + "人", "nation:" + country)
        be = (_be(agr), S(si))
        if q:
            ma, qm = _q(b)
            return "nation+q", b, [(be[0], S(si) + P(ma))] + subj_en + [(adj, S(ai))] + qm
        return "nation" + ("+neg" if neg else ""), b, subj_en + [be] + ([("not", S(ni))] if neg else []) + [(adj, S(ai))]
    if r < 0.7:                                     # 你是哪国人？ → where are you from ?
        subj_en, agr = C._np(b, _person(rng, True), "subj")
        si = b.w("是")
        wi = b.w("哪国")
        ri = b.w("人")
        return "nation+where", b, [("where", S(wi)), (_be(agr), S(si))] + subj_en + [("from", S(ri) + P(wi))] + _qmark(b)
    subj_en, agr = C._np(b, _person(rng), "subj")  # 我住在北京 → i live in beijing
    li = b.w("住")
    zi = b.w("在")
    if rng.random() < 0.25:                         # 你住在哪儿？ → where do you live ?
        wi = b.w(rng.choice(("哪儿", "哪里")))
        return "live+where", b, [("where", S(wi)), (_do(agr), P(wi))] + subj_en + [("live", S(li))] + \
            _qmark(b)
    place = rng.choice(C._CITIES)
    pi = b.w(place.zh, place.key)
    return "live", b, subj_en + [(_pres("live", agr), S(li)), ("in", S(zi))] + _toks(place.en, pi)


_MODALS = [("想", "want"), ("要", "want"), ("能", "can"), ("可以", "can")]


def _modal(rng):
    b = _B()
    zh, en = rng.choices(_MODALS, (9, 3, 4, 4))[0]
    r = rng.random()
    q = r < 0.2
    neg = not q and zh != "要" and r < 0.35
    subj_en, agr = C._np(b, _person(rng, q), "subj")
    time_en = []
    if rng.random() < 0.25:
        _, time_en = _time(rng, b, [t for t in C._TIMES_L if t.extra != "past"])
    ni = b.w("不") if neg else None
    mi = b.w(zh, "modal:" + zh)
    vp = _vp(rng, b)
    flags = ("+neg" if neg else "") + ("+q" if q else "") + ("+time" if time_en else "")
    if en == "want":
        to = [("to", P(mi))]
        if q:
            ma, qm = _q(b)
            return "modal" + flags, b, [(_do(agr), P(ma))] + subj_en + [("want", S(mi))] + to + vp + time_en + qm
        if neg:
            return "modal" + flags, b, subj_en + [(_do(agr), P(ni)), ("not", S(ni)), ("want", S(mi))] + to + vp + time_en
        return "modal" + flags, b, subj_en + [(_pres("want", agr), S(mi))] + to + vp + time_en
    if q:
        ma, qm = _q(b)
        return "modal" + flags, b, [("can", S(mi) + P(ma))] + subj_en + vp + time_en + qm
    return "modal" + flags, b, subj_en + [("can", S(mi))] + ([("not", S(ni))] if neg else []) + vp + time_en


def _ge(rng):
    """个 with every person noun, as learners (and most speakers) say it: 我是一个老师 → i am a teacher
    (the core grammar writes each noun's own measure word: 一位老师)."""
    b = _B()
    spec = C._simple_person(rng, case_q=True)
    while spec[0] == "pron" and spec[1].agr == "p":
        spec = C._simple_person(rng, case_q=True)
    r = rng.random()
    q, neg = r < 0.15, 0.15 <= r < 0.3
    subj_en, agr = C._np(b, spec, "subj")
    ni = b.w("不") if neg else None
    si = b.w("是")
    noun = rng.choice([n for n in C._PEOPLE if n.measures and n.measures[0] != "个"])
    pred_en, _ = C._np(b, ("num", C._NUM["一"], noun, None, "个"), "obj")
    be = (_be(agr), S(si))
    if q:
        ma, qm = _q(b)
        return "ge+q", b, [be] + subj_en + pred_en + qm
    return "ge" + ("+neg" if neg else ""), b, subj_en + [be] + ([("not", S(ni))] if neg else []) + pred_en


def _like(rng):
    """喜欢 + a verb phrase: 我喜欢吃苹果 → i like to eat apples ; 他不喜欢游泳 → he does not like to swim."""
    b = _B()
    r = rng.random()
    q, neg = r < 0.15, 0.15 <= r < 0.3
    subj_en, agr = C._np(b, _person(rng, q), "subj")
    ni = b.w("不") if neg else None
    li = b.w("喜欢", "like")
    vp = _vp(rng, b)
    to = [("to", P(li))]
    if q:
        ma, qm = _q(b)
        return "like+q", b, [(_do(agr), P(ma))] + subj_en + [("like", S(li))] + to + vp + qm
    if neg:
        return "like+neg", b, subj_en + [(_do(agr), P(ni)), ("not", S(ni)), ("like", S(li))] + to + vp
    return "like", b, subj_en + [(_pres("like", agr), S(li))] + to + vp


def _prog(rng):
    b = _B()
    q = rng.random() < 0.2
    subj_en, agr = C._np(b, _person(rng, q) if rng.random() < 0.85 else C._nonhuman(rng, C._ANIMALS), "subj")
    hi = b.w("还") if not q and rng.random() < 0.15 else None
    zi = b.w("正在" if rng.random() < 0.35 else "在")
    vp = _vp(rng, b, "ing", agr, kinds=("tv", "iv"), weights=(5, 4), stative=False)
    be = _be(agr)
    if q:
        ma, qm = _q(b)
        return "prog+q", b, [(be, S(zi) + P(ma))] + subj_en + vp + qm
    ne = b.w("呢") if rng.random() < 0.25 else None
    still = [("still", S(hi))] if hi is not None else []
    return "prog" + ("+still" if still else ""), b, subj_en + [(be, S(zi) + (P(ne) if ne is not None else ()))] + still + vp


def _perfect(rng):
    b = _B()
    if rng.random() < 0.6:                          # 我去过北京 → i have been to beijing
        r = rng.random()
        q = r < 0.2
        neg = not q and r < 0.4
        subj_en, agr = C._np(b, _person(rng, q), "subj")
        ni = b.w("没") if neg else None
        kind = rng.choices(("go", "tv", "iv"), (4, 5, 1))[0]
        # 过 comes straight after the verb: build the verb phrase, then move 过 in after the verb word
        start = len(b.src)
        vp = _vp(rng, b, "pp", agr, kinds=(kind,), weights=(1,))
        vi = start
        b.src.insert(vi + 1, "过")
        gi = vi + 1
        vp = [(t, tuple((i + (i > vi), s) for i, s in ls)) for t, ls in vp]
        if q:
            ma, qm = _q(b)
            return "guo+q", b, [(_have(agr), S(gi) + P(ma))] + subj_en + vp + qm
        never = [("never", S(ni))] if neg else []
        return "guo" + ("+neg" if neg else ""), b, subj_en + [(_have(agr), S(gi))] + never + vp
    subj_en, agr = C._np(b, _person(rng), "subj")   # 我已经吃饭了 → i have already eaten
    yi = b.w("已经")
    vp = _vp(rng, b, "pp", agr, kinds=("go", "tv", "iv"), weights=(2, 5, 3), stative=False, pp="gone")
    li = b.w("了")
    return "yijing", b, subj_en + [(_have(agr), P(li)), ("already", S(yi))] + vp


_ADVS = [("也", "also"), ("常常", "often"), ("经常", "often"), ("总是", "always"), ("有时候", "sometimes"),
         ("都", "all"), ("一起", "together"), ("很", "very much"), ("非常", "very much")]


def _adv(rng):
    b = _B()
    zh, en = rng.choices(_ADVS, (5, 3, 2, 2, 2, 4, 4, 3, 2))[0]
    if zh in ("都", "一起"):
        spec = ("pron", rng.choice(_PLURAL_PRONS)) if rng.random() < 0.7 else \
            ("conj", C._simple_person(rng), ("name", rng.choice(C._NAMES_L)))
    else:
        spec = _person(rng)
    subj_en, agr = C._np(b, spec, "subj")
    if zh in ("也", "都") and rng.random() < 0.35:   # 我也是学生 → i am also a student
        ai = b.w(zh, "adv:" + zh)
        si = b.w("是")
        n = rng.choice(C._PEOPLE)
        ni = b.w(n.zh, n.key)
        pred = _toks(n.pl, ni) if agr == "p" else [(C._article(n.en), P(ni))] + _toks(n.en, ni)
        return "adv+shi", b, subj_en + [(_be(agr), S(si)), (en, S(ai))] + pred
    if zh in ("很", "非常"):                         # 我很喜欢猫 → i like cats very much
        ai = b.w(zh, "adv:" + zh)
        v = C._TV[rng.choice(("tv:喜欢", "tv:爱", "tv:想念"))]
        vi = b.w(v.zh, v.key)
        obj_en, _ = C._np(b, C._object(rng, v), "obj")
        return "adv+much", b, subj_en + [(_pres(v.en, agr), S(vi))] + obj_en + [("very", S(ai)), ("much", S(ai))]
    ai = b.w(zh, "adv:" + zh)
    vp = _vp(rng, b, "pres", agr)
    if zh == "一起":
        return "adv", b, subj_en + vp + [("together", S(ai))]
    return "adv", b, subj_en + [(en, S(ai))] + vp


def _wh(rng):
    b = _B()
    kind = rng.choices(("what", "whatmodal", "whatthis", "doing", "who", "whois", "whov", "where", "wherego",
                        "how", "why", "howmany", "whose", "anota", "ne", "dontknow"),
                       (5, 2, 3, 3, 2, 2, 2, 5, 2, 2, 3, 3, 2, 6, 2, 3))[0]
    if kind in ("what", "whatmodal"):              # 你喜欢什么？ → what do you like ?
        subj_en, agr = C._np(b, _person(rng, True), "subj")
        mi = b.w("想") if kind == "whatmodal" else None
        v = rng.choice(_SKILL_WH if mi is not None else _WHAT_VERBS)
        vi = b.w(v.zh, v.key)
        wi = b.w("什么")
        parts = [(p, ((vi, p not in C._LOOSE),)) for p in v.extra[1]]
        want = [("want", S(mi)), ("to", P(mi))] if mi is not None else []
        return "wh+" + kind, b, [("what", S(wi)), (_do(agr), P(wi))] + subj_en + want + [(v.en, S(vi))] + parts + _qmark(b)
    if kind == "whatthis":                          # 这是什么？ → what is this ?
        d = rng.choice(C._DEMP)
        di = b.w(d.zh, d.key)
        si = b.w("是")
        wi = b.w("什么")
        return "wh+whatthis", b, [("what", S(wi)), (_be(d.extra), S(si)), (d.en, S(di))] + _qmark(b)
    if kind == "doing":                             # 你在做什么？ → what are you doing ?
        subj_en, agr = C._np(b, _person(rng, True), "subj")
        zi = b.w("在")
        vi = b.w(rng.choice(("做", "干")))
        wi = b.w("什么")
        return "wh+doing", b, [("what", S(wi)), (_be(agr), S(zi))] + subj_en + [("doing", S(vi))] + _qmark(b)
    if kind == "who":                               # 他是谁？ → who is he ?
        spec = ("pron", rng.choice(C._Q_PRONS)) if rng.random() < 0.5 else C._poss(rng, C._POSSESSED) \
            if rng.random() < 0.6 else ("dem", rng.choice(C._DEM_ENTRIES), C._NOUN["男孩"] if rng.random() < 0.5
                                        else rng.choice(C._PEOPLE), None, "个")
        subj_en, agr = C._np(b, spec, "subj")
        si = b.w("是")
        wi = b.w("谁")
        return "wh+who", b, [("who", S(wi)), (_be(agr), S(si))] + subj_en + _qmark(b)
    if kind == "whois":                             # 谁是你的老师？ → who is your teacher ?
        wi = b.w("谁")
        si = b.w("是")
        subj_en, agr = C._np(b, C._poss(rng, C._POSSESSED), "subj")
        return "wh+whois", b, [("who", S(wi)), (_be(agr), S(si))] + subj_en + _qmark(b)
    if kind == "whov":                              # 谁喜欢猫？ → who likes cats ?
        wi = b.w("谁")
        vp = _vp(rng, b, "pres", "3s", kinds=("tv", "iv"), weights=(3, 1))
        return "wh+whov", b, [("who", S(wi))] + vp + _qmark(b)
    if kind == "where":                             # 你在哪儿？ → where are you ? ; 银行在哪儿？ → where is the bank ?
        r = rng.random()
        if r < 0.4:
            spec = _person(rng, True)
        elif r < 0.7:
            spec = C._nonhuman(rng, C._THINGS + C._ANIMALS)
        else:
            spec = ("place", rng.choice(_VENUES))
        subj_en, agr = C._np(b, spec, "subj")
        zi = b.w("在")
        wi = b.w(rng.choice(("哪儿", "哪里")))
        return "wh+where", b, [("where", S(wi)), (_be(agr), S(zi))] + subj_en + _qmark(b)
    if kind == "wherego":                           # 你去哪儿？ → where are you going ?
        subj_en, agr = C._np(b, _person(rng, True), "subj")
        vi = b.w("去", "mv:去")
        wi = b.w(rng.choice(("哪儿", "哪里")))
        return "wh+wherego", b, [("where", S(wi)), (_be(agr), P(vi))] + subj_en + [("going", S(vi))] + _qmark(b)
    if kind == "how":                               # 我怎么去机场？ → how do i get to the airport ?
        subj_en, agr = C._np(b, _person(rng), "subj")
        hi = b.w("怎么")
        vi = b.w("去", "mv:去")
        place = rng.choice(C._GO_PLACES)
        pi = b.w(place.zh, place.key)
        return "wh+how", b, [("how", S(hi)), (_do(agr), P(hi))] + subj_en + [("get", S(vi)), ("to", P(vi))] + \
            _toks(place.en, pi) + _qmark(b)
    if kind == "why":                               # 你为什么学中文？ → why do you learn chinese ?
        subj_en, agr = C._np(b, _person(rng, True), "subj")
        wi = b.w("为什么")
        neg = rng.random() < 0.3
        ni = b.w("不") if neg else None
        vp = _vp(rng, b)
        nt = [("not", S(ni))] if neg else []
        return "wh+why" + ("+neg" if neg else ""), b, [("why", S(wi)), (_do(agr), P(wi))] + subj_en + nt + vp + _qmark(b)
    if kind == "howmany":                           # 你有几个孩子？ → how many children do you have ?
        subj_en, agr = C._np(b, _person(rng, True), "subj")
        hi = b.w("有")
        n = rng.choice(C._HAVE)
        wi = b.w(("几" if rng.random() < 0.6 else "多少") + n.measures[0], "m:" + n.measures[0])
        ni = b.w(n.zh, n.key)
        return "wh+howmany", b, [("how", S(wi)), ("many", S(wi))] + _toks(n.pl, ni) + [(_do(agr), P(wi))] + subj_en + \
            [("have", S(hi))] + _qmark(b)
    if kind == "whose":                             # 这是谁的书？ → whose book is this ?
        d = rng.choice(C._DEMP)
        di = b.w(d.zh, d.key)
        si = b.w("是")
        wi = b.w("谁")
        de = b.w("的")
        n = rng.choice(C._COUNTABLE_OBJ)
        ni = b.w(n.zh, n.key)
        noun = _toks(n.pl if d.extra == "p" else n.en, ni)
        return "wh+whose", b, [("whose", S(wi) + P(de))] + noun + [(_be(d.extra), S(si)), (d.en, S(di))] + _qmark(b)
    if kind == "anota":
        return _anota(rng, b)
    if kind == "ne":                                # 你呢？ → what about you ?
        spec = _person(rng) if rng.random() < 0.7 else C._nonhuman(rng, C._ANIMALS)
        obj_en, _ = C._np(b, spec, "obj")
        ni = b.w("呢")
        return "wh+ne", b, [("what", S(ni)), ("about", P(ni))] + obj_en + _qmark(b)
    # 我不知道他在哪儿 → i do not know where he is
    subj_en, agr = C._np(b, _person(rng), "subj")
    ni = b.w("不")
    ki = b.w("知道")
    head = subj_en + [(_do(agr), P(ni)), ("not", S(ni)), ("know", S(ki))]
    r = rng.random()
    if r < 0.3:
        return "wh+dontknow", b, head
    s2_en, agr2 = C._np(b, _person(rng), "subj")
    if r < 0.65:
        zi = b.w("在")
        wi = b.w(rng.choice(("哪儿", "哪里")))
        return "wh+dontknow+where", b, head + [("where", S(wi))] + s2_en + [(_be(agr2), S(zi))]
    si = b.w("是")
    wi = b.w("谁")
    return "wh+dontknow+who", b, head + [("who", S(wi))] + s2_en + [(_be(agr2), S(si))]


def _anota(rng, b):
    """A-not-A questions: 你去不去北京？ → do you go to beijing ?"""
    subj_en, agr = C._np(b, _person(rng, True), "subj")
    r = rng.random()
    if r < 0.35:                                    # 你喜欢不喜欢猫？
        v = rng.choice(C._TVERB_L)
        vi = b.w(v.zh, v.key)
        ni = b.w("不")
        b.w(v.zh)
        obj_en, _ = C._np(b, C._object(rng, v), "obj")
        parts = [(p, ((vi, p not in C._LOOSE),)) for p in v.extra[1]]
        return "anota+v", b, [(_do(agr), P(ni))] + subj_en + [(v.en, S(vi))] + parts + obj_en + _qmark(b, ni)
    if r < 0.55:                                    # 你是不是学生？ → are you a student ?
        si = b.w("是")
        ni = b.w("不")
        b.w("是")
        n = rng.choice(C._PEOPLE)
        ni2 = b.w(n.zh, n.key)
        pred = _toks(n.pl, ni2) if agr == "p" else [(C._article(n.en), P(ni2))] + _toks(n.en, ni2)
        return "anota+shi", b, [(_be(agr), S(si) + P(ni))] + subj_en + pred + _qmark(b, ni)
    if r < 0.75:                                    # 你忙不忙？ → are you busy ?
        a = rng.choice(C._ADJ_BY["pax"])
        ai = b.w(a.zh, a.key)
        ni = b.w("不")
        b.w(a.zh)
        return "anota+adj", b, [(_be(agr), P(ni))] + subj_en + [(a.en, S(ai))] + _qmark(b, ni)
    if r < 0.88:                                    # 你有没有猫？ → do you have cats ?
        hi = b.w("有")
        ni = b.w("没")
        b.w("有")
        n = rng.choice(C._HAVE)
        ni2 = b.w(n.zh, n.key)
        return "anota+you", b, [(_do(agr), P(ni))] + subj_en + [("have", S(hi))] + _toks(n.pl, ni2) + _qmark(b, ni)
    vi = b.w("去", "mv:去")                         # 你去不去北京？
    ni = b.w("不")
    b.w("去")
    place = rng.choice(C._GO_PLACES)
    pi = b.w(place.zh, place.key)
    return "anota+go", b, [(_do(agr), P(ni))] + subj_en + [("go", S(vi)), ("to", P(vi))] + _toks(place.en, pi) + \
        _qmark(b, ni)


def _compare(rng):
    b = _B()
    r = rng.random()
    if r < 0.45:
        a_spec, b_spec, adj = C._simple_person(rng), C._simple_person(rng), rng.choice(_P_ADJ_MORE)
        while b_spec[1] is a_spec[1]:
            b_spec = C._simple_person(rng)
        if rng.random() < 0.35:                     # 我比我哥哥高 → i am taller than my brother
            b_spec = C._poss(rng, C._POSSESSED)
            if rng.random() < 0.3:                  # 我哥哥比我高 → my brother is taller than me
                a_spec, b_spec = b_spec, a_spec
    elif r < 0.7:
        n = rng.choice([x for x in C._THINGS + C._ANIMALS if x.measures])
        a_spec, b_spec = C._poss(rng, [n]), C._poss(rng, [n])
        while b_spec[1][1] is a_spec[1][1]:
            b_spec = C._poss(rng, [n])
        b_spec = ("possdrop",) + b_spec[1:]         # 他的 (the noun said once): "his"
        adj = rng.choice(_T_ADJ_MORE if "thing" in n.tags else [a for a in _P_ADJ_MORE if a.extra[0] in "ax"])
    elif r < 0.88:
        a_spec, b_spec = ("place", rng.choice(C._CITIES)), ("place", rng.choice(C._CITIES))
        while b_spec[1] is a_spec[1]:
            b_spec = ("place", rng.choice(C._CITIES))
        adj = C._LEX["adjs"][[a.zh for a in C._LEX["adjs"]].index(rng.choice(("冷", "热", "大", "小")))]
    else:
        a_spec, b_spec = ("t", "今天", "today"), ("t", "昨天", "yesterday")
        adj = C._LEX["adjs"][[a.zh for a in C._LEX["adjs"]].index(rng.choice(("冷", "热")))]

    def np(spec):
        if spec[0] == "t":
            i = b.w(spec[1], "t:" + spec[1])
            return [(spec[2], S(i))], "3s"
        if spec[0] == "possdrop":                   # 他的 → his / 小明的 → xiaoming 's
            owner = spec[1]
            if owner[0] == "pron":
                oi = b.w(owner[1].zh, owner[1].key)
                di = b.w("的")
                return [(_MINE[owner[1].poss], S(oi) + P(di))], "3s"
            en, _ = C._np(b, owner, "obj")
            di = b.w("的")
            return en + [("'s", S(di))], "3s"
        return C._np(b, spec, "obj" if spec is b_spec else "subj")

    a_en, agr = np(a_spec)
    neg = rng.random() < 0.25
    more = _MORE[adj.en].split()
    if neg:                                         # 我没有他那么高 → i am not as tall as him
        mi = b.w("没有")
        b_en, _ = np(b_spec)
        nm = b.w("那么") if rng.random() < 0.6 else None
        ai = b.w(adj.zh, adj.key)
        as1 = ("as", S(nm) if nm is not None else P(mi))
        return "compare+neg", b, a_en + [(_be(agr), P(mi)), ("not", S(mi)), as1, (adj.en, S(ai)), ("as", P(mi))] + b_en
    bi = b.w("比")
    b_en, _ = np(b_spec)
    ai = b.w(adj.zh, adj.key)
    return "compare", b, a_en + [(_be(agr), P(bi))] + [(w, S(ai)) for w in more] + [("than", S(bi))] + b_en


def _spot(rng, b):
    zh, en, posts = rng.choice(_SPOT_L)
    post = rng.choice(posts)
    si = b.w(zh, "spot:" + zh)
    pi = b.w(post, "post:" + post)
    return [(w, ((pi, w not in C._LOOSE),)) for w in _POST[post].split()] + [("the", P(si)), (en, S(si))]


def _where(rng):
    b = _B()
    r = rng.random()
    if r < 0.4:                                     # 桌子上有一本书 → there is a book on the table
        place_en = _spot(rng, b)
        hi = b.w("有")
        n = rng.choice([x for x in C._COUNTABLE_OBJ if x.measures])
        if rng.random() < 0.25:
            obj_en, agr = C._np(b, ("bare", n), "obj")
            ma, qm = _q(b)
            return "exist+q", b, [(_be(agr), S(hi) + P(ma)), ("there", P(hi))] + obj_en + place_en + qm
        obj_en, agr = C._np(b, C._quantified(rng, n, attr=0.2), "obj")
        return "exist", b, [("there", P(hi)), (_be(agr), S(hi))] + obj_en + place_en
    if r < 0.75:                                    # 猫在桌子下 → the cat is under the table
        spec = C._nonhuman(rng, C._THINGS + C._ANIMALS) if rng.random() < 0.7 else _person(rng)
        q = rng.random() < 0.2
        neg = not q and rng.random() < 0.2
        subj_en, agr = C._np(b, spec, "subj")
        ni = b.w("不") if neg else None
        zi = b.w("在")
        place_en = _spot(rng, b)
        if q:
            ma, qm = _q(b)
            return "at+q", b, [(_be(agr), P(zi) + P(ma))] + subj_en + place_en + qm
        return "at" + ("+neg" if neg else ""), b, subj_en + [(_be(agr), P(zi))] + \
            ([("not", S(ni))] if neg else []) + place_en
    subj_en, agr = C._np(b, _person(rng), "subj")  # 我在家 → i am at home
    neg = rng.random() < 0.2
    ni = b.w("不") if neg else None
    zi = b.w("在")
    place = rng.choice(C._LOC_PLACES)
    pi = b.w(place.zh, place.key)
    return "at+place" + ("+neg" if neg else ""), b, subj_en + [(_be(agr), P(zi))] + \
        ([("not", S(ni))] if neg else []) + [(place.extra[0], S(zi))] + _toks(place.en, pi)


_REL_VERBS = ["tv:买", "tv:写", "tv:做", "tv:喜欢", "tv:看#read", "tv:画", "tv:借", "tv:带", "tv:爱", "tv:卖"]


def _rel(rng):
    b = _B()
    v = C._TV[rng.choice(_REL_VERBS)]
    nouns = [n for n in C._VERB_NOUNS[v.key] if not n.mass and n.measures]
    n = rng.choice(nouns)
    front = rng.random() < 0.4
    if front:                                       # 这是我买的书 → this is the book i bought
        d = rng.choice(C._DEMP[:2])
        di = b.w(d.zh, d.key)
        si = b.w("是")
    who = C._simple_person(rng)
    who_en, agr = C._np(b, who, "subj")
    vi = b.w(v.zh, v.key)
    de = b.w("的")
    ni = b.w(n.zh, n.key)
    verb = _pres(v.en, agr) if v.extra[3] else v.extra[0]
    rel = [("the", P(de) + P(ni))] + _toks(n.en, ni) + who_en + [(verb, S(vi))]
    if front:
        return "rel+this", b, [(d.en, S(di)), ("is", S(si))] + rel
    hi = b.w("很") if rng.random() < 0.7 else None
    a = rng.choice(C._ADJ_BY["tx"])
    ai = b.w(a.zh, a.key)
    return "rel", b, rel + [("is", P(hi) if hi is not None else ()), (a.en, S(ai))]


def _weather(rng):
    b = _B()
    r = rng.random()
    if r < 0.35:                                    # 今天天气很好 → the weather is good today
        t = rng.choice(_DAY_TIMES + _ANY_TIMES[:3]) if rng.random() < 0.6 else None
        t_en = _toks(t.en, b.w(t.zh, t.key)) if t is not None else []
        tense = t.extra if t is not None and t.extra in ("past", "fut") else "pres"
        wi = b.w("天气")
        deg = rng.choices(("很", "非常", "不", "真", ""), (6, 2, 2, 1, 1))[0]
        di = b.w(deg, "deg:" + deg) if deg else None
        zh, en = rng.choice(_WEATHER_ADJS)
        ai = b.w(zh, "wadj:" + zh)
        be_links = P(di) if deg == "很" else ()
        be = [("will", ()), ("be", be_links)] if tense == "fut" else [(_be("3s", tense), be_links)]
        if deg == "不":
            be = be[:1] + [("not", S(di))] + be[1:]
        mod = [("very", S(di))] if deg == "非常" else [("really", S(di))] if deg == "真" else []
        return "weather", b, [("the", P(wi)), ("weather", S(wi))] + be + mod + [(en, S(ai))] + t_en
    if r < 0.55:                                    # 今天很冷 → it is cold today
        t = rng.choice(_DAY_TIMES)
        t_en = _toks(t.en, b.w(t.zh, t.key))
        tense = t.extra if t.extra in ("past", "fut") else "pres"
        deg = rng.choices(("很", "非常", "不"), (6, 2, 2))[0]
        di = b.w(deg, "deg:" + deg)
        zh, en = rng.choice(_WEATHER_ADJS[1:5])
        ai = b.w(zh, "wadj:" + zh)
        be_links = P(di) if deg == "很" else ()
        be = [("will", ()), ("be", be_links)] if tense == "fut" else [(_be("3s", tense), be_links)]
        if deg == "不":
            be = be[:1] + [("not", S(di))] + be[1:]
        mod = [("very", S(di))] if deg == "非常" else []
        return "weather+it", b, [("it", P(ai))] + be + mod + [(en, S(ai))] + t_en
    if r < 0.85:                                    # 明天会下雨 → it will rain tomorrow
        zh, base, ing, past = rng.choice((("下雨", "rain", "raining", "rained"), ("下雪", "snow", "snowing", "snowed")))
        t = rng.choice(_DAY_TIMES) if rng.random() < 0.7 else None
        cls = t.extra if t is not None else "now"
        t_en = _toks(t.en, b.w(t.zh, t.key)) if t is not None else []
        neg = rng.random() < 0.2 and cls != "past"
        if cls == "fut":
            ni = b.w("不") if neg else None
            hi = b.w("会") if neg or rng.random() < 0.6 else None
            vi = b.w(zh, "rain:" + zh)
            verb = [("will", S(hi) if hi is not None else ())] + ([("not", S(ni))] if neg else []) + [(base, S(vi))]
        elif cls == "past":
            vi = b.w(zh, "rain:" + zh)
            li = b.w("了")
            verb = [(past, S(vi) + P(li))]
        else:
            ni = b.w("不") if neg else None
            vi = b.w(zh, "rain:" + zh)
            li = b.w("了") if not neg and t is None else None
            verb = [("is", P(li) if li is not None else ())] + ([("not", S(ni))] if neg else []) + [(ing, S(vi))]
        return "rain" + ("+neg" if neg else ""), b, [("it", P(vi))] + verb + t_en
    t = rng.choice(_DAY_TIMES) if rng.random() < 0.5 else None   # 天气怎么样？ → how is the weather ?
    t_en = _toks(t.en, b.w(t.zh, t.key)) if t is not None else []
    wi = b.w("天气")
    hi = b.w("怎么样")
    tense = t.extra if t is not None and t.extra in ("past", "fut") else "pres"
    if tense == "fut":
        en = [("how", S(hi)), ("will", P(hi)), ("the", P(wi)), ("weather", S(wi)), ("be", P(hi))]
    else:
        en = [("how", S(hi)), (_be("3s", tense), P(hi)), ("the", P(wi)), ("weather", S(wi))]
    return "weather+how", b, en + t_en + _qmark(b)


def _age(rng):
    b = _B()
    subj_en, agr = C._np(b, _person(rng, True) if rng.random() < 0.8 else C._poss(rng, C._ANIMALS), "subj")
    if rng.random() < 0.35:                         # 你多大了？ → how old are you ?
        wi = b.w(rng.choice(("多大", "几岁")))
        if rng.random() < 0.6:
            b.w("了")
        return "age+how", b, [("how", S(wi)), ("old", S(wi)), (_be(agr), ())] + subj_en + _qmark(b)
    this_year = rng.random() < 0.2
    ti = b.w("今年") if this_year else None
    n = rng.randint(1, 99) if rng.random() < 0.7 else rng.randint(1, 12)
    ni = b.w(number_zh(n, "两"), f"num:{n}")
    si = b.w("岁")
    if rng.random() < 0.3:
        b.w("了")
    years = "year" if n == 1 else "years"
    en = subj_en + [(_be(agr), ())] + [(w, S(ni)) for w in number_en(n).split()] + [(years, S(si)), ("old", S(si))]
    if this_year:
        en += [("this", S(ti)), ("year", S(ti))]
    return "age", b, en


_CLOCK_IV = ["起床", "睡觉", "吃饭", "工作", "休息", "跑步", "游泳", "做饭"]


def _clock_word(rng, b):
    h = rng.randint(1, 12)
    hi = b.w(number_zh(h, "两") + "点", f"clock:{h}")
    en = [(w, S(hi)) for w in number_en(h).split()]
    if rng.random() < 0.25:
        ki = b.w("半")
        en.append(("thirty", S(ki)))
    return en


def _date_words(rng, b):
    m = rng.randint(1, 12)
    d = rng.randint(1, 28 if m == 2 else 30)
    mi = b.w(number_zh(m) + "月", f"month:{m}")
    di = b.w(number_zh(d) + "号", f"day:{d}")
    return [(_MONTHS[m - 1], S(mi))] + [(w, S(di)) for w in ordinal_en(d).split()]


def _clock(rng):
    b = _B()
    r = rng.random()
    if r < 0.15:                                    # 现在几点？ → what time is it now ?
        ni = b.w("现在")
        wi = b.w("几点")
        return "clock+what", b, [("what", S(wi)), ("time", S(wi)), ("is", ()), ("it", P(wi)), ("now", S(ni))] + _qmark(b)
    if r < 0.3:                                     # 现在七点 → it is seven now
        ni = b.w("现在")
        si = b.w("是") if rng.random() < 0.3 else None
        t = _clock_word(rng, b)
        return "clock", b, [("it", P(t[0][1][0][0])), ("is", S(si) if si is not None else ())] + t + [("now", S(ni))]
    if r < 0.55:                                    # 我七点起床 → i get up at seven
        subj_en, agr = C._np(b, _person(rng), "subj")
        every = b.w("每天", "t:每天") if rng.random() < 0.3 else None
        t = _clock_word(rng, b)
        v = C._IVERB_L[[x.zh for x in C._IVERB_L].index(rng.choice(_CLOCK_IV))]
        vi = b.w(v.zh, v.key)
        verb = [(_pres(v.en, agr), S(vi))] + [(p, ((vi, p not in C._LOOSE),)) for p in v.extra[1]]
        tail = [("every", S(every)), ("day", S(every))] if every is not None else []
        return "clock+at", b, subj_en + verb + [("at", P(t[0][1][0][0]))] + t + tail
    if r < 0.65:                                    # 你几点起床？ → what time do you get up ?
        subj_en, agr = C._np(b, _person(rng, True), "subj")
        wi = b.w("几点")
        v = C._IVERB_L[[x.zh for x in C._IVERB_L].index(rng.choice(_CLOCK_IV))]
        vi = b.w(v.zh, v.key)
        verb = [(v.en, S(vi))] + [(p, ((vi, p not in C._LOOSE),)) for p in v.extra[1]]
        return "clock+atq", b, [("what", S(wi)), ("time", S(wi)), (_do(agr), P(wi))] + subj_en + verb + _qmark(b)
    if r < 0.85:                                    # 今天是三月五号 → today is march fifth
        day = rng.choice((("今天", "today", "is"), ("明天", "tomorrow", "is"), ("昨天", "yesterday", "was")))
        ti = b.w(day[0], "t:" + day[0])
        si = b.w("是") if rng.random() < 0.6 else None
        q = rng.random() < 0.3
        head = [(day[1], S(ti))]
        be = (day[2], S(si) if si is not None else ())
        if rng.random() < 0.5:                      # dates
            if q:                                   # 今天几号？ → what is the date today ?
                wi = b.w("几号")
                return "date+what", b, [("what", S(wi)), be, ("the", P(wi)), ("date", S(wi))] + head + _qmark(b)
            return "date", b, head + [be] + _date_words(rng, b)
        if q:                                       # 今天星期几？ → what day is it today ?
            wi = b.w("星期几")
            return "weekday+what", b, [("what", S(wi)), ("day", S(wi)), be, ("it", P(wi))] + head + _qmark(b)
        w = rng.choice(_WEEKDAYS)
        wi = b.w(w.zh, w.key)
        return "weekday", b, head + [be, (w.en.split()[-1], S(wi))]
    spec = ("pron", rng.choice(C._PERSON_PRONS)) if rng.random() < 0.7 else ("name", rng.choice(C._NAMES_L))
    owner, is_pron = _owner_en(b, spec)             # 我的生日是五月一号 → my birthday is may first
    di = b.w("的") if not is_pron or rng.random() < 0.7 else None
    if is_pron and di is not None:
        owner = [(owner[0][0], owner[0][1] + P(di))]
    elif not is_pron:
        owner = owner + [("'s", S(di))]
    bi = b.w("生日")
    si = b.w("是") if rng.random() < 0.8 else None
    be = ("is", S(si) if si is not None else ())
    if rng.random() < 0.3:                          # 你的生日是几月几号？ → when is your birthday ?
        mi = b.w("几月")
        ji = b.w("几号")
        return "birthday+when", b, [("when", S(mi) + P(ji)), be] + owner + [("birthday", S(bi))] + _qmark(b)
    return "birthday", b, owner + [("birthday", S(bi)), be] + _date_words(rng, b)


def _price(rng, b):
    n = rng.randint(1, 99) if rng.random() < 0.85 else rng.randint(1, 9) * 100
    ni = b.w(number_zh(n, "两"), f"num:{n}")
    ki = b.w(rng.choice(("块", "块", "元")))
    if rng.random() < 0.4:
        b.w("钱")
    return [(w, S(ni)) for w in number_en(n).split()] + [("yuan", S(ki))]


def _money(rng):
    b = _B()
    r = rng.random()
    d = rng.choice(C._DEMP)
    if r < 0.75:
        if rng.random() < 0.4 or d.extra == "p":    # 这个 / 这些苹果
            noun = None if d.extra != "p" else rng.choice(C._COUNTABLE_OBJ)
            if noun is None:
                di = b.w(d.zh + "个", d.key)
                subj_en, agr = [(d.en, S(di))], "3s"
            else:
                di = b.w(d.zh, d.key)
                ni = b.w(noun.zh, noun.key)
                subj_en, agr = [(d.en, S(di))] + _toks(noun.pl, ni), "p"
        else:
            n = rng.choice([x for x in C._COUNTABLE_OBJ if x.measures])
            subj_en, agr = C._np(b, ("dem", rng.choice(C._DEM_ENTRIES), n, None, n.measures[0]), "subj")
        if r < 0.4:                                 # 这本书多少钱？ → how much is this book ?
            wi = b.w("多少")
            qi = b.w("钱")
            return "money+how", b, [("how", S(wi)), ("much", S(wi) + P(qi)), (_be(agr), ())] + subj_en + _qmark(b)
        return "money", b, subj_en + [(_be(agr), ())] + _price(rng, b)
    subj_en, agr = C._np(b, _person(rng), "subj")   # 我有五十块钱 → i have fifty yuan
    hi = b.w("有")
    return "money+have", b, subj_en + [(_pres("have", agr), S(hi))] + _price(rng, b)


def _ba(rng):
    b = _B()
    please = rng.random() < 0.25
    pi = b.w("请") if please else None
    if please:
        subj_en, agr = [("please", S(pi))], "2"
    else:
        subj_en, agr = C._np(b, _person(rng), "subj")
    b.w("把")
    n = rng.choice(_BA_NOUNS)
    r = rng.random()
    spec = ("def", n) if r < 0.5 else C._poss(rng, [n]) if r < 0.8 or not n.measures else \
        ("dem", rng.choice(C._DEM_ENTRIES), n, None, n.measures[0])
    obj_en, _ = C._np(b, spec, "obj")
    vi = b.w("放")
    zi = b.w("在")
    place_en = _spot(rng, b)
    place_en = [(place_en[0][0], place_en[0][1] + P(zi))] + place_en[1:]
    past = not please and rng.random() < 0.4
    li = b.w("了") if past else None
    verb = "put" if please or past else _pres("put", agr)
    return "ba", b, subj_en + [(verb, S(vi) + (P(li) if li is not None else ()))] + obj_en + place_en


def _gei(rng):
    b = _B()
    subj_en, agr = C._np(b, _person(rng), "subj")
    r = rng.random()
    if r < 0.55:                                    # 我给他一本书 → i give him a book
        vi = b.w(rng.choice(("给", "送")))
        to_en, _ = C._np(b, C._simple_person(rng), "obj")
        past = rng.random() < 0.3
        if past:
            b.src.insert(vi + 1, "了")
            to_en = [(t, tuple((i + 1, s) for i, s in ls)) for t, ls in to_en]
        n = rng.choice([x for x in C._HAVE if x.measures])
        obj_en, _ = C._np(b, C._quantified(rng, n), "obj")
        verb = ("gave", S(vi) + P(vi + 1)) if past else (_pres("give", agr), S(vi))
        return "gei" + ("+past" if past else ""), b, subj_en + [verb] + to_en + obj_en
    gi = b.w("给")                                  # 我给妈妈打电话 → i call my mother
    to_en, _ = C._np(b, C._simple_person(rng) if rng.random() < 0.6 else C._poss(rng, C._POSSESSED), "obj")
    if r < 0.8:
        vi = b.w("打电话")
        return "gei+call", b, subj_en + [(_pres("call", agr), S(vi) + P(gi))] + to_en
    vi = b.w("写信")
    return "gei+write", b, subj_en + [(_pres("write", agr), S(vi)), ("to", S(gi))] + to_en


def _serial(rng):
    b = _B()
    subj_en, agr = C._np(b, _person(rng), "subj")
    t = rng.choice([x for x in C._TIMES_L if x.extra != "past"]) if rng.random() < 0.3 else None
    t_en = _toks(t.en, b.w(t.zh, t.key)) if t is not None else []
    fut = t is not None and t.extra == "fut"
    mv = rng.choice(("去", "去", "来"))
    vi = b.w(mv, "mv:" + mv)
    place = rng.choice(C._GO_PLACES)
    pi = b.w(place.zh, place.key)
    base = "go" if mv == "去" else "come"
    go = [("will", ()), (base, S(vi))] if fut else [(_pres(base, agr), S(vi))]
    vp = _vp(rng, b, "base", agr, kinds=("tv", "iv"), weights=(3, 1), stative=False)
    return "serial" + ("+fut" if fut else ""), b, subj_en + go + [("to", P(vi))] + _toks(place.en, pi) + \
        [("to", ())] + vp + t_en


def _suggest(rng):
    b = _B()
    r = rng.random()
    if r < 0.45:                                    # 我们去公园吧 → let 's go to the park
        wi = b.w("我们", "pron:我们")
        together = rng.random() < 0.25
        ti = b.w("一起") if together else None
        if rng.random() < 0.1:
            vi = b.w("走")
            vp = [("go", S(vi))]
        else:
            vp = _vp(rng, b, "base", "p", stative=False)
        ba = b.w("吧")
        return "suggest", b, [("let", S(ba)), ("'s", S(wi))] + vp + ([("together", S(ti))] if together else [])
    if r < 0.75:                                    # 请喝茶 → please drink tea
        pi = b.w("请")
        vp = _vp(rng, b, "base", "2", kinds=("tv", "iv", "go"), weights=(5, 2, 1), stative=False)
        return "please", b, [("please", S(pi))] + vp
    ni = b.w(rng.choice(("别", "不要")))             # 别哭 → do not cry
    vp = _vp(rng, b, "base", "2", kinds=("tv", "iv", "go"), weights=(3, 3, 1), stative=False)
    return "dont", b, [("do", P(ni)), ("not", S(ni))] + vp


def _because(rng):
    b = _B()
    yi = b.w("因为")
    s1 = ("pron", rng.choice(C._PERSON_PRONS))
    s1_en, agr1 = C._np(b, s1, "subj")
    hi = b.w("很")
    a = rng.choice(C._ADJ_BY["pax"])
    ai = b.w(a.zh, a.key)
    ci = b.w("，")
    si = b.w("所以")
    s2 = s1 if rng.random() < 0.7 else ("pron", rng.choice(C._PERSON_PRONS))
    s2_en, agr2 = C._np(b, s2, "subj")
    neg = rng.random() < 0.5
    ni = b.w("不") if neg else None
    vp = _vp(rng, b, "base" if neg else "pres", agr2, kinds=("iv", "go"), weights=(1, 1))
    nt = [(_do(agr2), P(ni)), ("not", S(ni))] if neg else []
    return "because" + ("+neg" if neg else ""), b, [("because", S(yi))] + s1_en + [(_be(agr1), P(hi)), (a.en, S(ai)),
                                                                             (",", S(ci) + P(si))] + s2_en + nt + vp


def _think(rng):
    b = _B()
    subj_en, agr = C._np(b, ("pron", rng.choice(C._PERSON_PRONS)) if rng.random() < 0.7 else
                         ("name", rng.choice(C._NAMES_L)), "subj")
    zh, en = ("觉得", "think") if rng.random() < 0.55 else ("知道", "know")
    vi = b.w(zh, "v:" + zh)
    while True:
        kind, b2, en2 = (C._adj if zh == "觉得" or rng.random() < 0.4 else C._copula)(rng)
        if "q" not in b2.flags and "tfront" not in b2.flags:
            break
    offset = len(b.src)
    b.src += b2.src
    b.keys += b2.keys
    b.flags |= {kind} | b2.flags
    en2 = [(t, tuple((i + offset, s) for i, s in ls)) for t, ls in en2]
    return "think", b, subj_en + [(_pres(en, agr), S(vi))] + en2


def _of(rng):
    b = _B()
    if rng.random() < 0.35:                         # 北京是中国的首都 → beijing is the capital of china
        city, country = rng.choice(_CAPITALS)
        ci = b.w(city, "place:" + city)
        si = b.w("是")
        ki = b.w(country, "place:" + country)
        di = b.w("的")
        hi = b.w("首都")
        tail = [("the", P(hi)), ("capital", S(hi)), ("of", S(di)), (C._PLACE[country].en, S(ki))]
        if rng.random() < 0.25:
            ma, qm = _q(b)
            return "of+capital+q", b, [("is", S(si) + P(ma)), (C._PLACE[city].en, S(ci))] + tail + qm
        return "of+capital", b, [(C._PLACE[city].en, S(ci)), ("is", S(si))] + tail
    subj_en, agr = C._np(b, C._simple_person(rng), "subj")   # 他是我哥哥的朋友 → he is my brother 's friend
    si = b.w("是")
    owner_en, _ = C._np(b, C._poss(rng, C._POSSESSED), "obj")
    di = b.w("的")
    rel = rng.choice([n for n in C._PEOPLE if "rel" in n.tags])
    ni = b.w(rel.zh, rel.key)
    noun = _toks(rel.pl if agr == "p" else rel.en, ni)
    return "of", b, subj_en + [(_be(agr), S(si))] + owner_en + [("'s", S(di))] + noun


SAMPLERS = [(_phrase, 3), (_name, 5), (_nation, 5), (_modal, 9), (_prog, 6), (_perfect, 6), (_adv, 6), (_wh, 16),
            (_compare, 5), (_where, 7), (_rel, 3), (_weather, 6), (_age, 4), (_clock, 7), (_money, 5), (_ba, 3),
            (_gei, 4), (_serial, 4), (_suggest, 5), (_because, 3), (_think, 4), (_of, 3), (_ge, 3), (_like, 3)]
CORE_WEIGHT = 0.6            # the core constructions' weights are scaled by this in the beginner grammar
EXEMPT = ("phrase",)         # constructions never held out (fixed phrases: nothing to generalise from)


_WORDS = [  # the other words the constructions above write, as (category, Chinese, English)
    ("q", "什么", "what"), ("q", "谁", "who"), ("q", "哪儿", "where"), ("q", "哪里", "where"),
    ("q", "哪国", "where … from"), ("q", "为什么", "why"), ("q", "怎么", "how"), ("q", "怎么样", "how"),
    ("q", "几", "how many"), ("q", "多少", "how many / how much"), ("q", "多大", "how old"), ("q", "几岁", "how old"),
    ("q", "几点", "what time"), ("q", "几号", "what date"), ("q", "几月", "when"), ("q", "星期几", "what day"),
    ("fn", "呢", "(what about / progressive)"), ("fn", "吧", "let 's"), ("fn", "请", "please"), ("fn", "别", "do not"),
    ("fn", "不要", "do not"), ("fn", "把", "(object marker)"), ("fn", "过", "have (experience)"),
    ("fn", "正在", "be …ing"), ("fn", "已经", "already"), ("fn", "比", "than"), ("fn", "没有", "not as"),
    ("fn", "那么", "as"), ("fn", "因为", "because"), ("fn", "所以", "so"), ("fn", "，", ","),
    ("fn", "还", "still"), ("v", "叫", "be called"), ("v", "住", "live"), ("v", "觉得", "think"),
    ("v", "知道", "know"), ("v", "给", "give"), ("v", "送", "give"), ("v", "放", "put"), ("v", "走", "go"),
    ("v", "做", "do"), ("v", "干", "do"), ("v", "打电话", "call"), ("v", "写信", "write to"),
    ("v", "下雨", "rain"), ("v", "下雪", "snow"), ("n", "名字", "name"), ("n", "天气", "weather"),
    ("n", "生日", "birthday"), ("n", "首都", "capital"), ("n", "钱", "money"), ("n", "人", "person"),
    ("m", "岁", "years old"), ("m", "块", "yuan"), ("m", "元", "yuan"), ("m", "半", "thirty"),
    ("t", "现在", "now"), ("t", "每天", "every day"), ("t", "今年", "this year"),
] + [("modal", zh, en) for zh, en in _MODALS] + [("adv", zh, en) for zh, en in _ADVS]


def lexicon() -> list[tuple[str, str, str]]:
    """The entries the beginner grammar adds to the core lexicon (core.corpus.lexicon("beginner"))."""
    out = [("phrase", "".join(w), " ".join(e)) for w, e, _ in _PHRASE_L]
    out += [("nation", c + "人", a) for c, a in _NATION_L]
    out += [("post", zh, en) for zh, en in _POST.items()]
    out += [("n", e.zh, e.en) for e in _NEW_NOUN.values() if e.zh not in C._NOUN]
    out += [("wadj", zh, en) for zh, en in _WEATHER_ADJS]
    out += [("num", number_zh(n), number_en(n)) for n in range(11, 100)]
    out += [("num", number_zh(n * 100), number_en(n * 100)) for n in range(1, 10)]
    out += [("month", number_zh(m) + "月", _MONTHS[m - 1]) for m in range(1, 13)]
    out += [("day", number_zh(d) + "号", ordinal_en(d)) for d in range(1, 31)]
    out += [("clock", number_zh(h, "两") + "点", number_en(h)) for h in range(1, 13)]
    return out + _WORDS


_PHRASE_SRCS = frozenset("".join(w) for w, _, _ in _PHRASE_L)


def rejects(pair) -> bool:
    """A core-grammar sentence the beginner grammar says otherwise: a fixed phrase (你好吗？ is "how are
    you ?", not "are you good ?") or 叫 before a name ("her name is lily", not "she calls lily")."""
    kind = pair.construction.split("+")[0]
    return kind in C.CONSTRUCTIONS and (pair.src in _PHRASE_SRCS or "叫" in pair.src_words)
