"""Downloading a hub id into the local Hugging Face cache (core/hf/download.py, File → Open model…),
against a local stand-in for the hub (tests/fake_hub.py) serving tiny random checkpoints written by
transformers' save_pretrained: no network is used. The download fetches only the files the app opens,
reports progress up to the total, stops at once when cancelled (no partial file left that looks
complete), says "no network" quickly, and a pytorch_model.bin is only ever read with weights_only."""
from __future__ import annotations

import os
import pickle
import shutil
import socket
import threading
import time

import pytest
import torch

pytest.importorskip("transformers")

import huggingface_hub.constants as hub_constants  # noqa: E402
from fake_hub import FakeHub, online  # noqa: E402,F401 — online: every test here runs online
from hf_builders import build_marian  # noqa: E402
import tiny_bert_gpt2  # noqa: E402

from core.errors import UserError  # noqa: E402
from core.hf.download import DownloadCancelled, cached_folder, download, plan_download  # noqa: E402
from explorer.cli import main  # noqa: E402

EXTRAS = ["tf_model.h5", "flax_model.msgpack", "onnx/model.onnx", "modeling_evil.py"]   # never fetched


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    root = tmp_path_factory.mktemp("hub-repos")
    tiny_bert_gpt2.gpt2(root / "gpt2")
    torch.save({"x": torch.zeros(3)}, root / "gpt2" / "pytorch_model.bin")     # safetensors preferred: never fetched
    for extra in EXTRAS:
        (root / "gpt2" / extra).parent.mkdir(exist_ok=True)
        (root / "gpt2" / extra).write_bytes(os.urandom(2000))
    tiny_bert_gpt2.gpt2(root / "gpt2-big", n_inner=8192)       # ~4.7 MB of weights: several 1 MiB chunks
    build_marian(root / "marian", bin_copy=root / "marian-bin")
    shutil.rmtree(root / "marian")
    return root


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache, which the command line and open_model use too (they take huggingface_hub's default)."""
    folder = tmp_path / "hub"
    monkeypatch.setattr(hub_constants, "HF_HUB_CACHE", str(folder))
    return folder


def test_a_repo_downloads_only_what_the_app_opens_with_progress_up_to_the_total_and_then_opens(repos, cache, capsys,
                                                                                              tmp_path, monkeypatch):
    with FakeHub({"org/tiny-gpt2": repos / "gpt2"}) as hub:
        plan = plan_download("org/tiny-gpt2", endpoint=hub.endpoint)
        assert "model.safetensors" in plan.names and "config.json" in plan.names
        assert not {"pytorch_model.bin", *EXTRAS} & set(plan.names)
        assert plan.total_bytes == sum((repos / "gpt2" / n).stat().st_size for n in plan.names)
        seen = []
        folder = download(plan, cache_dir=cache, endpoint=hub.endpoint, progress=lambda d, t: seen.append((d, t)))
        fetched = {path.rsplit("/", 1)[-1] for method, path in hub.requests if method == "GET" and "/resolve/" in path}
    assert fetched == set(plan.names)                          # no extra weights, no modeling file
    assert seen[-1] == (plan.total_bytes, plan.total_bytes) and all(t == plan.total_bytes for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)  # never backwards
    assert len(seen) > 2                                       # reported as it went, not only at the end
    assert sorted(p.name for p in folder.iterdir()) == sorted(plan.names)
    # in the cache as huggingface_hub lays it out: the command line opens it offline, with no --download
    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)
    assert cached_folder("org/tiny-gpt2") == folder
    out = tmp_path / "t.npz"
    assert main(["trace", "the cat sat", "--model", "org/tiny-gpt2", "--out", str(out)]) == 0
    from core.trace import Trace

    assert Trace.load(out).meta["family"] == "gpt2"
    assert not list(cache.rglob("*.incomplete"))


def test_cancel_mid_download_stops_at_once_and_leaves_nothing_that_looks_complete(repos, cache):
    with FakeHub({"org/big": repos / "gpt2-big"}, throttle=1_500_000) as hub:    # ~3 s for the weights
        plan = plan_download("org/big", endpoint=hub.endpoint)
        stop, seen, outcome = threading.Event(), [], {}

        def run():
            try:
                outcome["folder"] = download(plan, cache_dir=cache, endpoint=hub.endpoint, cancelled=stop.is_set,
                                             progress=lambda d, t: seen.append(d))
            except DownloadCancelled as e:
                outcome["cancelled"] = e
        worker = threading.Thread(target=run)
        worker.start()
        deadline = time.monotonic() + 30
        while not (seen and seen[-1] > 1_000_000) and time.monotonic() < deadline:    # a chunk of the weights is in
            time.sleep(0.01)
        assert seen and 1_000_000 < seen[-1] < plan.total_bytes
        stop.set()
        cancelled_at = time.monotonic()
        worker.join(10)
        stopped_s = time.monotonic() - cancelled_at
        sent = hub.bytes_sent
    print(f"cancelled after {seen[-1]:,} of {plan.total_bytes:,} bytes; the download stopped {stopped_s * 1000:.0f} ms "
          f"later; the hub had sent {sent:,}")
    assert "cancelled" in outcome and not worker.is_alive()
    assert stopped_s < 2.0                  # within about one 1 MiB chunk (0.7 s at 1.5 MB/s); the rest would take 2.6 s
    assert sent < plan.total_bytes
    snapshot = cache / "models--org--big" / "snapshots"
    assert not list(snapshot.rglob("model.safetensors")) and not list(cache.rglob("*.incomplete"))
    blobs = list((cache / "models--org--big" / "blobs").glob("*"))
    assert all(b.stat().st_size < 1_000_000 for b in blobs)         # only the small files finished
    assert cached_folder("org/big", cache) is None                   # so it is not taken as cached
    with pytest.raises(UserError, match="nor in the local Hugging Face cache"):
        from core.hf.locate import resolve

        resolve("org/big", cache_dir=cache)
    with FakeHub({"org/big": repos / "gpt2-big"}) as hub:            # asked again, it completes
        folder = download(plan_download("org/big", endpoint=hub.endpoint), cache_dir=cache, endpoint=hub.endpoint)
    assert cached_folder("org/big", cache) == folder and (folder / "model.safetensors").is_file()


def closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def test_no_network_is_said_quickly(cache, monkeypatch, capsys):
    start = time.monotonic()
    with pytest.raises(UserError, match="^no network: org/x is not in the local Hugging Face cache"):
        plan_download("org/x", endpoint=closed_port())            # nothing listens: refused at once
    # a hub that accepts the connection and never answers: the timeout, not a hang
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        with pytest.raises(UserError, match="^no network: .*cannot be reached"):
            plan_download("org/x", endpoint=f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.5)
    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(UserError, match="^no network: org/x .*HF_HUB_OFFLINE"):
        plan_download("org/x")
    elapsed = time.monotonic() - start
    assert elapsed < 3, elapsed
    # the command line: one line, exit 2, no traceback
    capsys.readouterr()
    assert main(["info", "--model", "org/x", "--download"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("transformer-explorer: no network") and "Traceback" not in err


def test_an_unknown_repo_and_a_repo_without_a_checkpoint_are_one_line(repos, tmp_path):
    empty = tmp_path / "readme-only"
    empty.mkdir()
    (empty / "README.md").write_text("no model here")
    with FakeHub({"org/readme": empty}) as hub:
        with pytest.raises(UserError, match="org/nothing: no such model on the Hugging Face hub"):
            plan_download("org/nothing", endpoint=hub.endpoint)
        with pytest.raises(UserError, match="no config.json"):
            plan_download("org/readme", endpoint=hub.endpoint)


class Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.mkdir, (str(self.marker),)       # unpickling this would create a folder


def test_a_repo_with_only_pytorch_model_bin_is_read_with_weights_only(repos, cache, tmp_path):
    from core.hf import open_checkpoint

    evil = shutil.copytree(repos / "marian-bin", tmp_path / "evil")
    marker = tmp_path / "payload-ran"
    state = torch.load(evil / "pytorch_model.bin", weights_only=True)
    state["model.shared.weight"] = Payload(marker)
    (evil / "pytorch_model.bin").write_bytes(pickle.dumps(state))
    with FakeHub({"org/marian-bin": repos / "marian-bin", "org/evil": evil}) as hub:
        for repo in ("org/marian-bin", "org/evil"):
            plan = plan_download(repo, endpoint=hub.endpoint)
            assert "pytorch_model.bin" in plan.names and not any(n.endswith(".safetensors") for n in plan.names)
            download(plan, cache_dir=cache, endpoint=hub.endpoint)
    ck = open_checkpoint("org/marian-bin", cache_dir=cache)
    assert ck.arch.family == "marian" and ck.name == "org/marian-bin"
    with pytest.raises(UserError, match="pytorch_model.bin refused: it holds more than tensors"):
        open_checkpoint("org/evil", cache_dir=cache)
    assert not marker.exists()


def test_the_command_line_downloads_with_download_and_then_opens_offline(repos, tmp_path):
    """`--download` end to end, in a process of its own that finds the hub through HF_ENDPOINT as a user's would."""
    import subprocess
    import sys

    env = {**os.environ, "HF_HUB_CACHE": str(tmp_path / "hub"), "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("HF_HUB_OFFLINE", None)
    with FakeHub({"org/tiny-gpt2": repos / "gpt2"}) as hub:
        env["HF_ENDPOINT"] = hub.endpoint
        without = subprocess.run([sys.executable, "-m", "explorer", "info", "--model", "org/tiny-gpt2"], env=env,
                                 capture_output=True, text=True, timeout=120)
        assert without.returncode == 2 and without.stderr.count("\n") == 1 and "--download" in without.stderr
        fetched = subprocess.run([sys.executable, "-m", "explorer", "info", "--model", "org/tiny-gpt2", "--download"],
                                 env=env, capture_output=True, text=True, timeout=120)
    assert fetched.returncode == 0, fetched.stderr
    assert "gpt2" in fetched.stdout and "Traceback" not in fetched.stderr
    offline = subprocess.run([sys.executable, "-m", "explorer", "info", "--model", "org/tiny-gpt2"],
                             env={**env, "HF_HUB_OFFLINE": "1"}, capture_output=True, text=True, timeout=120)
    assert offline.returncode == 0 and "gpt2" in offline.stdout, offline.stderr
