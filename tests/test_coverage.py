"""What the bundled model saw in training (core.coverage): its words and its neighbouring word pairs,
and the one line that names what a sentence has beyond them (issue 12, item 11)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from core import coverage
from core.corpus import generate
from core.translator import BUNDLED_MODEL, Translator

ROOT = Path(__file__).resolve().parent.parent


UNSEEN = "我有一个电话"     # every character known, 电话 no word of either grammar (天气 is the beginner grammar's)


# the generated corpus the bundled model was trained on (a folder written before training.json said so: the core's)
BUNDLED_DATA = json.loads((BUNDLED_MODEL / "training.json").read_text()).get("data") or \
    {"grammar": "core", "seed": 0, "pairs": 60000}


@pytest.fixture(scope="module")
def corpus():
    return generate(seed=BUNDLED_DATA["seed"], n_train=BUNDLED_DATA["pairs"], grammar=BUNDLED_DATA["grammar"])


def test_the_bundled_coverage_is_the_training_corpus_of_the_bundled_model(corpus):
    trained = json.loads((BUNDLED_MODEL / "training.json").read_text())
    assert trained["pairs"] == len(corpus.train) and trained["train"]["seed"] == 0
    assert coverage.load(BUNDLED_MODEL) == coverage.of_corpus(corpus, 0, BUNDLED_DATA["grammar"])


def test_every_training_sentence_is_seen_and_a_new_word_is_named(corpus):
    seen = Translator.load().coverage
    for pair in corpus.train[:2000]:                       # segmented as the corpus built them: nothing new
        assert not seen.novelty(pair.src), pair
        assert [w for w, known in seen.segment(pair.src)] == list(pair.src_words) or \
            "".join(w for w, _ in seen.segment(pair.src)) == pair.src
    novelty = seen.novelty(UNSEEN)
    assert novelty.words == ("电话",)
    assert all(set(w) <= set(c for word in seen.words for c in word) for w in novelty.words)  # every character known
    assert seen.novelty("他和他的她").pairs == (("的", "她"),)
    assert seen.novelty("我是X").words == ("X",)


def test_a_held_out_sentence_with_unseen_neighbours_is_named(corpus):
    """Held-out signatures are combinations the training split never has: some pair is new there."""
    seen = Translator.load().coverage
    flagged = [p for p in corpus.heldout[:300] if seen.novelty(p.src).pairs]
    assert flagged                                           # the check does tell combinations apart
    neighbours = {pair for t in corpus.train for pair in zip(t.src_words, t.src_words[1:])}
    for p in flagged:
        assert all(pair not in neighbours for pair in seen.novelty(p.src).pairs)


def test_the_note_names_what_was_never_seen():
    note = coverage.note(coverage.Novelty(("天气",), (("的", "她"),)))
    assert "天气" in note and "的她" in note and "\n" not in note
    assert coverage.note(coverage.Novelty((), ())) == ""


def test_translate_says_it_on_stderr_and_keeps_stdout_the_translation():
    run = subprocess.run([sys.executable, "-m", "explorer", "translate", UNSEEN], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0
    assert run.stdout.strip() == Translator.load().translate(UNSEEN)
    assert "电话" in run.stderr and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


def test_translate_of_a_sentence_it_knows_says_nothing(capsys):
    from explorer.cli import main

    assert main(["translate", "我是一个学生"]) == 0
    out = capsys.readouterr()
    assert out.out.strip() == "i am a student" and out.err == ""


def test_train_on_the_corpus_writes_the_coverage_and_other_data_does_not(tmp_path):
    from core.coverage import FILE
    from explorer.cli import main

    data = tmp_path / "pairs.tsv"
    data.write_text("我是一个学生\ti am a student\n我爱中国\ti love china\n", encoding="utf-8")
    args = ["--steps", "1", "--batch-size", "2", "--layers", "1", "--d-model", "16", "--heads", "2", "--d-ff", "16"]
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "own"), *args]) == 0
    assert not (tmp_path / "own" / FILE).exists() and Translator.load(tmp_path / "own").note(UNSEEN) == ""
    same = ["--grammar", BUNDLED_DATA["grammar"], "--pairs", str(BUNDLED_DATA["pairs"]), "--seed", str(BUNDLED_DATA["seed"])]
    assert main(["train", "--out", str(tmp_path / "grammar"), *same, *args]) == 0
    assert coverage.load(tmp_path / "grammar") == coverage.load(BUNDLED_MODEL)     # the same corpus
    assert "电话" in Translator.load(tmp_path / "grammar").note(UNSEEN)


def test_a_training_sentence_is_segmented_as_the_corpus_wrote_it_not_into_unseen_neighbours():
    """有没有 is 有 没 有 in the corpus and 没有 a word too: the fewest words (有 没有) would name the pair
    有没有 as never seen side by side, in a sentence the model was trained on."""
    seen = coverage.Coverage.of_sentences([["你们", "有", "没", "有", "手机", "？"], ["我", "没有", "钱"]])
    assert [w for w, _ in seen.segment("你们有没有手机？")] == ["你们", "有", "没", "有", "手机", "？"]
    assert not seen.novelty("你们有没有手机？")
    assert seen.novelty("我没有手机").pairs == (("没有", "手机"),)         # a pair it never saw is still named
    assert seen.novelty("我没有电话").words == ("电话",) and [w for w, _ in seen.segment("我没有钱")] == ["我", "没有", "钱"]
