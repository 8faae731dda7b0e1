"""The beginner grammar (core/beginner.py, issue 16): what a learner types, each with gold alignments,
in the corpus' normalised English, a held-out split like the core grammar's."""
import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core import corpus
from core.corpus import beginner, grammar
from core.corpus import generate, lexicon, lexicon_size, read_tsv

ROOT = Path(__file__).resolve().parent.parent
TOKEN_RE = re.compile(r"'s|[a-z0-9]+|[^\sa-z0-9]")
LEARNER = ROOT / "resources" / "eval" / "learner.tsv"


@pytest.fixture(scope="module")
def small():
    return generate(0, n_train=20000, n_heldout=400, grammar="beginner")


PEOPLE_OWNED = {n.zh for n in grammar._POSSESSED}


def base(p):
    return p.construction.split("+")[0]


def test_the_core_grammar_is_the_default_and_unchanged_by_the_option():
    a = generate(2, n_train=3000, n_heldout=100)
    b = generate(2, n_train=3000, n_heldout=100, grammar="core")
    assert a.train == b.train and a.heldout == b.heldout
    c = generate(2, n_train=3000, n_heldout=100, grammar="beginner")
    assert c.train != a.train
    with pytest.raises(ValueError):
        generate(2, n_train=10, n_heldout=10, grammar="nonsense")


def test_deterministic_for_a_seed():
    a = generate(3, n_train=2000, n_heldout=50, grammar="beginner")
    b = generate(3, n_train=2000, n_heldout=50, grammar="beginner")
    assert a.train == b.train and a.heldout == b.heldout
    assert generate(4, n_train=2000, n_heldout=50, grammar="beginner").train != a.train


def test_every_pair_is_well_formed(small):
    for p in small.train + small.heldout:
        words = p.tgt.split()
        assert "".join(p.src_words) == p.src
        assert TOKEN_RE.findall(p.tgt) == words, p
        assert p.tgt == p.tgt.lower() and "  " not in p.tgt
        assert len(p.src) <= 16 and len(words) <= 14
        seen = set()
        for i, j, sure in p.align:
            assert 0 <= i < len(p.src_words) and 0 <= j < len(words), p
            assert (i, j) not in seen
            seen.add((i, j))
        linked = {j for _, j, _ in p.align}
        for j, w in enumerate(words):
            if w not in corpus.FUNCTION_WORDS:
                assert j in linked, (p, w)
        assert any(s for *_, s in p.align), p
        assert p.src.endswith("？") == p.tgt.endswith(" ?"), p
        for a, b in itertools.pairwise(words):
            if a in ("a", "an"):
                assert a == ("an" if b[0] in "aeiou" else "a"), p


def test_every_learner_construction_appears(small):
    bases = {base(p) for p in small.train}
    wanted = {"phrase", "name", "nation", "live", "modal", "prog", "guo", "yijing", "adv", "wh", "anota", "compare",
              "exist", "at", "rel", "weather", "rain", "age", "clock", "date", "weekday", "birthday", "money", "ba",
              "gei", "serial", "suggest", "please", "dont", "because", "think", "of", "ge", "like"}
    assert wanted <= bases, wanted - bases
    assert set(corpus.CONSTRUCTIONS) <= bases          # the core constructions stay in


def test_the_heldout_split_is_disjoint_and_never_holds_out_a_fixed_phrase(small):
    assert not set(small.heldout_signatures) & set(small.train_signatures)
    assert not {p.src for p in small.heldout} & {p.src for p in small.train}
    assert not [p for p in small.heldout if base(p) == "phrase"]
    bases = {base(p) for p in small.heldout}
    assert {"name", "modal", "wh", "compare", "weather", "clock", "money"} <= bases
    train = {(p.src, p.tgt) for p in small.train}
    assert ("我是一个学生", "i am a student") in train and ("我爱中国", "i love china") in train


def test_what_a_beginner_says_comes_out_in_the_normalised_form(small):
    by_src = {}
    for p in small.train + small.heldout:
        by_src.setdefault(p.src, set()).add(p.tgt)
    expected = {"你好": "hello", "谢谢": "thank you", "你叫什么名字？": "what is your name ?",
                "现在几点？": "what time is it now ?", "天气怎么样？": "how is the weather ?"}
    for src, tgt in expected.items():
        assert by_src.get(src) == {tgt}, (src, by_src.get(src))
    for src, tgts in by_src.items():
        assert len(tgts) == 1, (src, tgts)                 # one source, one translation
    # the shape of each construction, on whatever the generator drew
    for p in small.train[:20000]:
        w, t = p.src_words, p.tgt
        if base(p) == "compare" and "比" in w:
            assert " than " in f" {t} "
            than = t.split().index("than")
            assert any(i == w.index("比") and j == than and s for i, j, s in p.align)
        if base(p) == "modal" and "想" in w:
            assert "want" in t.split() or "wants" in t.split()
        if base(p) == "prog" and "q" not in p.construction:
            assert re.search(r"\b(am|is|are) (still )?\w+ing\b", t), p
        if base(p) == "guo":
            assert re.search(r"\b(have|has)\b", t) and "过" in w
        if base(p) == "name" and "名字" in w and "什么" in w:
            assert t.startswith("what is ") and " name ?" in t
        if base(p) == "age" and "岁" in w:
            assert t.endswith("old") or t.endswith("this year")
        if base(p) == "money" and ("块" in w or "元" in w):
            assert " yuan" in t
        if base(p) == "ge":                                # 我是一个老师: 个 with a noun whose measure is 位
            assert "一个" in w and re.search(r"\b(a|an) \w+( \?)?$", t), p
        if base(p) == "like":                              # 我喜欢吃苹果 → i like to eat apples
            assert "喜欢" in w and re.search(r"\blikes? to\b", t), p
        if base(p) == "compare" and "比" in w and w[w.index("比") + 1] in ("我", "你", "他", "她"):
            after = w[w.index("比") + 2:]                  # 我比我哥哥高 / 我比我的朋友高 → … than my brother
            if after[after[0] == "的":][0] in PEOPLE_OWNED:
                assert re.search(r"than (my|your|his|her) \w+$", t), p


@pytest.mark.parametrize("n,zh,en", [(1, "一", "one"), (10, "十", "ten"), (12, "十二", "twelve"),
                                     (20, "二十", "twenty"), (25, "二十五", "twenty five"),
                                     (99, "九十九", "ninety nine"), (100, "一百", "one hundred"),
                                     (200, "两百", "two hundred"), (105, "一百零五", "one hundred five")])
def test_numbers(n, zh, en):
    assert beginner.number_zh(n) == zh and beginner.number_en(n) == en


@pytest.mark.parametrize("n,en", [(1, "first"), (2, "second"), (3, "third"), (5, "fifth"), (12, "twelfth"),
                                  (20, "twentieth"), (21, "twenty first"), (30, "thirtieth")])
def test_ordinals(n, en):
    assert beginner.ordinal_en(n) == en


def test_the_lexicon_grows():
    assert lexicon_size("beginner") > lexicon_size() + 250
    zh = {z for _, z, _ in lexicon("beginner")}
    assert {"天气", "名字", "什么", "哪儿", "想", "比", "一起", "正在", "过", "已经", "因为", "觉得", "把"} <= zh


def test_the_corpus_command_writes_the_beginner_grammar(tmp_path):
    run = subprocess.run([sys.executable, "-c", "from explorer.cli import main; raise SystemExit(main())",
                          "corpus", "--grammar", "beginner", "--out", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    held = read_tsv(tmp_path / "heldout.tsv")
    assert held == [p.__class__(p.src, p.tgt, p.src_words, p.align, "")
                    for p in generate(0, grammar="beginner").heldout]


def test_the_learner_set_is_hand_written_pairs():
    lines = [ln.split("\t") for ln in LEARNER.read_text("utf-8").splitlines() if ln.strip()]
    assert len(lines) >= 30
    for src, tgt in lines:
        assert src and " " not in src
        assert TOKEN_RE.findall(tgt) == tgt.split() and tgt == tgt.lower()
    assert len({s for s, _ in lines}) == len(lines)


def test_evaluate_scores_the_learner_set_with_the_bundled_model():
    from core.evaluate import evaluate
    from core.translator import Translator

    report = evaluate(Translator.load(), LEARNER)
    assert report["pairs"] == len(LEARNER.read_text("utf-8").splitlines())
    assert 0 <= report["exact_match"] <= 1 and "aer_best_head" not in report   # no gold links in it


def test_evaluate_scores_the_grammar_the_model_was_trained_on(tmp_path):
    """`evaluate` without --grammar scores the held-out split of the grammar in the model's training.json."""
    import json

    from core.translator import BUNDLED_MODEL
    from explorer.cli import build_parser, trained_grammar

    assert build_parser().parse_args(["evaluate"]).grammar is None       # no fixed default any more
    written = json.loads((BUNDLED_MODEL / "training.json").read_text("utf-8"))["data"]["grammar"]
    assert trained_grammar(BUNDLED_MODEL) == written
    (tmp_path / "training.json").write_text(json.dumps({"data": {"grammar": "beginner"}}), "utf-8")
    assert trained_grammar(tmp_path) == "beginner"
    assert trained_grammar(tmp_path / "nowhere") == "core"                # no record: the core grammar
    assert trained_grammar(None) == "core"                                # a model built in memory


# --------------------------------------------------------------------------- the HSK 1–3 vocabulary

# words added to the slots of existing constructions (issue 16: about 1,200 entries, the HSK 1–3 level)
NEW_WORDS = {
    "nouns": ["留学生", "导游", "教练", "同事", "男朋友", "女朋友", "邮递员", "父亲", "母亲", "孙女", "表哥",
              "鲸鱼", "金鱼", "松鼠", "蚊子", "恐龙", "宠物", "课本", "小说", "文章", "短信", "护照", "明信片",
              "空调", "洗衣机", "勺子", "毛衣", "围巾", "火车", "摩托车", "钢琴", "书架", "牛肉", "鸡肉", "豆腐",
              "芒果", "馒头", "酸奶", "酒", "矿泉水", "汉语", "韩语", "文学", "羽毛球", "象棋"],
    "places": ["巴西", "新加坡", "欧洲", "香港", "洛杉矶", "首尔", "药店", "洗手间", "客厅", "火车站", "公司",
               "中学", "幼儿园", "停车场"],
    "adjs": ["热情", "认真", "努力", "担心", "伤心", "甜", "辣", "新鲜", "方便", "热闹", "流行", "紫", "灰"],
    "tverbs": ["复习", "忘记", "记得", "选", "尝", "种", "追", "保护", "相信", "拜访", "煮", "切", "准备",
               "讨厌", "关心", "脱", "翻译"],
    "iverbs": ["上班", "下班", "上学", "开会", "出发", "搬家", "结婚", "毕业", "生病", "锻炼", "滑雪", "弹琴",
               "排队", "上网", "发烧", "看病"],
    "times": ["前天", "后天", "每年", "周一", "周日", "寒假", "将来"],
    "names": ["小美", "李华", "马丁", "爱丽丝"],
}


@pytest.fixture(scope="module")
def large():
    return generate(0, n_train=100000, n_heldout=400, grammar="beginner")


def test_the_lexicon_is_the_hsk_1_to_3_level():
    assert lexicon_size("beginner") >= 1150
    zh = {z for _, z, _ in lexicon("beginner")}
    missing = [w for words in NEW_WORDS.values() for w in words if w not in zh]
    assert not missing, missing
    assert {"篇", "列"} <= zh                                   # 一篇文章, 一列火车


def _forms(entry):
    """Every English token the grammar may write for a lexicon entry (inflections included)."""
    out = set(entry.en.split()) | set((entry.pl or "").split())
    extra = entry.extra if isinstance(entry.extra, tuple) else ()
    for base in [entry.en.split()[0]] if entry.en else []:
        out |= {base, grammar._third(base), beginner._ing(base), beginner._PP.get(base, base),
                *beginner._MORE.get(base, "").split(), "more"}
    if extra and isinstance(extra[0], str):
        out.add(extra[0])
        out |= set(extra[1]) if len(extra) > 1 and isinstance(extra[1], tuple) else set()
    if entry.kind == "place":
        out.discard("the")
    return out


def test_every_new_word_is_drawn_and_linked_only_to_its_english(large):
    from core.corpus.lexicon import _ALL_ENTRIES
    entries = {}
    for e in _ALL_ENTRIES:
        entries.setdefault(e.zh, []).append(e)
    new = [w for words in NEW_WORDS.values() for w in words]
    seen = dict.fromkeys(new, 0)
    for p in large.train + large.heldout:
        tgt = p.tgt.split()
        for i, w in enumerate(p.src_words):
            if w not in seen or p.src_words.count(w) > 1:       # A-not-A (去不去) links one of the two
                continue
            linked = {tgt[j] for a, j, _ in p.align if a == i} - corpus.FUNCTION_WORDS   # the, 's: possible links
            forms = set().union(*(_forms(e) for e in entries[w]))
            assert linked and linked <= forms, (w, p.src, p.tgt, linked)
            seen[w] += 1
    rare = {w: n for w, n in seen.items() if n < 3}
    assert not rare, rare
    by_src = {}
    for p in large.train + large.heldout:
        by_src.setdefault(p.src, set()).add(p.tgt)
    assert not {s: t for s, t in by_src.items() if len(t) > 1}   # one source, one translation
