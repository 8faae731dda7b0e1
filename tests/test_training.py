"""Training (issue 3): a tiny model learns, saves, loads; bad data and interruptions leave nothing behind."""
import json
import subprocess
import sys

import pytest

from core.corpus import generate, write_tsv
from core.errors import UserError
from core.evaluate import evaluate
from core.training import TrainConfig, learning_rate, read_pairs, snapshot_steps, train
from core.translator import Translator

TINY = dict(n_layers=1, d_model=32, n_heads=4, d_ff=64, dropout=0.0)
PAIRS = [("我是一个学生", "i am a student"), ("我爱中国", "i love china"), ("他是一个老师", "he is a teacher"),
         ("我爱他", "i love him")] * 8


def test_training_lowers_the_loss_and_round_trips(tmp_path):
    losses = []
    t = train(PAIRS, tmp_path / "m", TINY, TrainConfig(steps=60, batch_size=16, warmup=20, snapshots=3),
              progress=lambda p: losses.append(p.loss))
    assert len(losses) == 60
    assert sum(losses[-5:]) / 5 < 0.6 * sum(losses[:5]) / 5
    back = Translator.load(tmp_path / "m")
    assert back.translate("我爱中国") == t.translate("我爱中国")
    snaps = sorted(p.name for p in (tmp_path / "m" / "snapshots").iterdir())
    assert snaps == [f"step-{s:06d}.safetensors" for s in snapshot_steps(60, 3)] and len(snaps) == 3


def test_the_learning_rate_follows_the_papers_schedule():
    d, w = 512, 4000
    assert learning_rate(w, d, w) == pytest.approx(d ** -0.5 * w ** -0.5)
    assert learning_rate(100, d, w) == pytest.approx(d ** -0.5 * 100 * w ** -1.5)
    assert learning_rate(10000, d, w) == pytest.approx(d ** -0.5 * 10000 ** -0.5)
    for count in (2, 3, 8, 12):
        steps = snapshot_steps(5000, count)
        assert steps[0] == 0 and steps[-1] == 5000 and len(steps) == count and steps == sorted(set(steps))
    assert snapshot_steps(5000, 12)[-5:] == [2000, 2750, 3500, 4250, 5000]     # evenly over the last 60 %


def test_a_malformed_line_is_named_with_its_number(tmp_path):
    f = tmp_path / "pairs.tsv"
    f.write_text("我爱中国\ti love china\n这一行没有制表符\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"pairs.tsv:2"):
        read_pairs(f)


def test_cli_train_refuses_bad_data_and_writes_nothing(tmp_path):
    f = tmp_path / "pairs.tsv"
    f.write_text("我爱中国\ti love china\nbroken line\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "explorer", "train", "--data", str(f), "--out", str(tmp_path / "out")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "pairs.tsv:2" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_an_interrupted_training_leaves_nothing_half_written(tmp_path):
    def interrupt(p):
        if p.step == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train(PAIRS, tmp_path / "m", TINY, TrainConfig(steps=50, batch_size=16), progress=interrupt)
    assert list(tmp_path.iterdir()) == []


def test_cli_trains_a_users_tsv_and_the_model_translates(tmp_path):
    f = tmp_path / "pairs.tsv"
    f.write_text("".join(f"{s}\t{t}\n" for s, t in PAIRS), encoding="utf-8")
    out = tmp_path / "m"
    r = subprocess.run([sys.executable, "-m", "explorer", "train", "--data", str(f), "--out", str(out), "--steps", "40",
                        "--layers", "1", "--d-model", "32", "--heads", "4", "--d-ff", "64", "--warmup", "10"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "explorer", "translate", "我爱中国", "--model", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip()


def test_evaluate_scores_a_small_held_out_set(tmp_path):
    corpus = generate(seed=0, n_train=300, n_heldout=40)
    t = train([(p.src, p.tgt) for p in corpus.train], tmp_path / "m", TINY, TrainConfig(steps=20, batch_size=32))
    write_tsv(corpus.heldout[:20], tmp_path / "held.tsv")
    report = evaluate(t, tmp_path / "held.tsv")
    assert report["pairs"] == 20
    assert 0 <= report["exact_match"] <= 1 and 0 <= report["bleu"] <= 100
    assert len(report["aer_by_layer"]) == 1
    assert 0 <= report["aer_best_head"]["aer"] <= 1
    assert set(report["aer_best_head"]) == {"layer", "head", "aer"}


def test_the_bundled_snapshots_load_and_attention_forms_over_training():
    """The float16 snapshots (at the training schedule's steps) load as models; the last is the
    trained model (to float16 rounding), and its cross-attention is sharper than at step 0."""

    from core.model_files import snapshot_steps as kept_steps
    from core.translator import BUNDLED_MODEL

    steps = kept_steps(BUNDLED_MODEL)
    trained_with = json.loads((BUNDLED_MODEL / "training.json").read_text())["train"]
    assert steps == snapshot_steps(trained_with["steps"], trained_with["snapshots"]) and len(steps) == 12
    first, last = Translator.load_snapshot(step=steps[0]), Translator.load_snapshot(step=steps[-1])
    trained = Translator.load()
    assert last.translate("我爱中国") == trained.translate("我爱中国") == "i love china"

    def sharpness(t):
        w = t.trace("我是一个学生", target="i am a student")["dec.5.cross.weights"]
        return float(w.max(-1).mean())

    assert sharpness(last) > sharpness(first) + 0.2
    with pytest.raises(Exception, match="no snapshot"):
        Translator.load_snapshot(step=12345)


def test_the_same_seed_writes_the_same_model_folder_bit_for_bit(tmp_path):
    """Every file but training.json (which holds the timings) is byte-identical across two runs: the
    snapshots too, whose safetensors metadata the library writes in hash order when it has two keys."""
    cfg = TrainConfig(steps=24, batch_size=16, warmup=10, snapshots=12)
    for name in ("a", "b"):
        train(PAIRS, tmp_path / name, TINY, cfg)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len([f for f in files if f.parts[0] == "snapshots"]) == 12
    for f in files:
        if f.name != "training.json":
            assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    info = json.loads((tmp_path / "a" / "training.json").read_text("utf-8"))
    assert [s["step"] for s in info["snapshots"]] == snapshot_steps(24, 12)


def test_cli_draws_as_many_training_pairs_as_asked_and_the_same_held_out_split(tmp_path):
    from core.coverage import load
    from explorer.cli import main

    tiny = ["--steps", "1", "--batch-size", "2", "--layers", "1", "--d-model", "16", "--heads", "2", "--d-ff", "16"]
    assert main(["train", "--grammar", "beginner", "--pairs", "300", "--out", str(tmp_path / "m"), *tiny]) == 0
    trained = json.loads((tmp_path / "m" / "training.json").read_text("utf-8"))
    assert trained["pairs"] == 300 and trained["data"] == {"grammar": "beginner", "seed": 0, "pairs": 300}
    assert "300 training pairs" in load(tmp_path / "m").source
    for n in ("200", "400"):
        (tmp_path / n).mkdir()
        assert main(["corpus", "--grammar", "beginner", "--pairs", n, "--out", str(tmp_path / n)]) == 0
        assert len((tmp_path / n / "train.tsv").read_text("utf-8").splitlines()) == int(n)
    assert (tmp_path / "200" / "heldout.tsv").read_bytes() == (tmp_path / "400" / "heldout.tsv").read_bytes()
