"""The command line: real subprocesses, as a user would run them."""
import json
import subprocess
import sys

import numpy as np
import pytest

from core.names import act_name
from core.trace import Trace


def cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True, timeout=120, **kw)


def test_trace_writes_the_documented_npz(tmp_path):
    out = tmp_path / "t.npz"
    r = cli("trace", "我是一个学生", "--out", str(out))
    assert r.returncode == 0, r.stderr
    trace = Trace.load(out)
    meta = trace.meta
    assert meta["src_tokens"] == list("我是一个学生")
    assert meta["tgt_tokens"][0] == "<bos>"
    n = meta["config"]["n_layers"]
    for name in ("embed.src.ids", "embed.src.sum", act_name("enc", n - 1, "self", "weights"),
                 act_name("dec", n - 1, "cross", "weights"), "out.probs"):
        assert name in trace
    assert trace["dec.0.cross.weights"].shape[1:] == (len(meta["tgt_tokens"]), 6)
    with np.load(out, allow_pickle=False) as raw:
        assert json.loads(str(raw["meta"]))["ablations"]["no_pe"] is False


def test_trace_ablation_flags_are_recorded(tmp_path):
    out = tmp_path / "t.npz"
    r = cli("trace", "我爱中国", "--target", "i love china", "--no-pe", "--heads-off", "0.1", "--out", str(out))
    assert r.returncode == 0, r.stderr
    trace = Trace.load(out)
    assert trace.meta["ablations"]["no_pe"] and "enc.self.0.1" in trace.meta["ablations"]["heads_off"]
    assert np.all(trace["embed.src.position"] == 0)


@pytest.mark.parametrize("args, words", [
    (("translate", ""), "empty"),
    (("translate", "我", "--model", "/no/such/folder"), "does not exist"),
    (("trace", "我", "--heads-off", "x", "--out", "/tmp/x.npz"), "--heads-off"),
    (("trace", "我", "--out", "/no/such/dir/x.npz"), "does not exist"),
])
def test_user_errors_print_one_line_and_exit_2(args, words):
    r = cli(*args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert words in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_info_counts_the_papers_base_model():
    r = cli("info", "--config", "base", "--vocab", "37000", "--tied-embeddings")
    assert r.returncode == 0
    count = int(next(l for l in r.stdout.splitlines() if "parameters" in l).split()[-1].replace(",", ""))
    assert abs(count - 65e6) / 65e6 < 0.05


def test_translate_prints_a_translation():
    r = cli("translate", "我是一个学生")
    assert r.returncode == 0 and r.stdout.strip()
