"""File → Open model… with a hub id that is not in the local cache: the window asks "Download X
(size)?", downloads on a worker thread with a progress dialog and Cancel (the event loop keeps
turning), then loads the checkpoint in the background; Cancel, a refusal or no network leave the
current model in place. Against tests/fake_hub.py: no network is used."""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

pytest.importorskip("transformers")

from fake_hub import FakeHub, online  # noqa: E402,F401 — online: every test here runs online
import tiny_bert_gpt2  # noqa: E402

from explorer.main_window import MainWindow  # noqa: E402


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    root = tmp_path_factory.mktemp("hub-repos")
    tiny_bert_gpt2.gpt2(root / "gpt2")
    tiny_bert_gpt2.gpt2(root / "gpt2-big", n_inner=8192)       # ~4.7 MB of weights
    return root


@pytest.fixture
def window(qtbot, tmp_path, random_translator):
    w = MainWindow(random_translator, sentence="我爱中国", settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                   labs=False)
    qtbot.addWidget(w)
    w.errors, w.asked = [], []
    w.show_error = lambda title, text: w.errors.append(text)
    w.hf_cache_dir = tmp_path / "hub"
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.idle_builder.done, timeout=30000)    # its views built: the gaps measured are ours
    yield w
    from explorer.main_window import OPEN_WINDOWS

    for window in (w, w.replaced_by):        # closed and gone: nothing of them left for the tests after
        if window is not None:
            window.close()
            if window in OPEN_WINDOWS:
                OPEN_WINDOWS.remove(window)
            window.deleteLater()
    QApplication.processEvents()


def test_a_hub_id_not_in_the_cache_is_asked_downloaded_with_progress_and_opened(qtbot, window, repos, tmp_path):
    from core.hf.cache import human_size

    w = window
    w.ask_download = lambda plan: w.asked.append(plan) or True
    values, gaps, last = [], [], [time.perf_counter()]

    def tick():      # the event loop's turns while downloading
        now = time.perf_counter()
        if w.download_job is not None:
            gaps.append(now - last[0])
        last[0] = now
    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    timer.start()
    with FakeHub({"org/tiny-gpt2": repos / "gpt2-big"}, throttle=20_000_000) as hub:
        w.hf_endpoint = hub.endpoint
        job = w.open_model("org/tiny-gpt2")
        assert job is not None and w.download_job is job            # returned at once: the hub is asked on a thread
        job.progress.connect(lambda done, total: values.append(w.download_progress.value()) if w.download_progress else None)
        qtbot.waitUntil(lambda: w.download_job is None and w.loader is None and w.replaced_by is not None, timeout=60000)
    timer.stop()
    new = w.replaced_by
    qtbot.addWidget(new)                 # closed after the test whatever it finds
    assert not w.errors, w.errors
    plan = w.asked[0]
    assert len(w.asked) == 1 and plan.repo_id == "org/tiny-gpt2" and "model.safetensors" in plan.names
    assert values and max(values) == 1000 and values == sorted(values)      # progress up to the total, never back
    print(f"{len(gaps)} event-loop turns while downloading {human_size(plan.total_bytes)}, longest gap "
          f"{max(gaps) * 1000:.0f} ms; progress values {sorted(set(values))[:8]}…")
    assert max(gaps) < 0.25, sorted(gaps)[-5:]
    assert new.translator.arch.family == "gpt2" and "org/tiny-gpt2" in new.windowTitle()
    assert new.hf_endpoint == hub.endpoint and not w.isVisible()


def cancel_button(dialog) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")


def test_cancel_mid_download_keeps_the_current_model(qtbot, window, repos):
    w = window
    model = w.translator
    w.ask_download = lambda plan: True
    with FakeHub({"org/big": repos / "gpt2-big"}, throttle=1_500_000) as hub:
        w.hf_endpoint = hub.endpoint
        job = w.open_model("org/big")
        qtbot.waitUntil(lambda: w.download_progress is not None and w.download_progress.value() >= 200, timeout=30000)   # mid-weights
        w.download_progress.grab().save("/tmp/download-progress.png")
        cancel_button(w.download_progress).click()                   # what the user clicks
        assert w.download_job is None and w.download_progress is None  # the window is free at once
        qtbot.waitUntil(lambda: not job.thread.is_alive(), timeout=3000)   # and the download stopped
        sent = hub.bytes_sent
    assert w.replaced_by is None and w.translator is model and w.isVisible() and not w.errors
    assert "cancelled" in w.statusBar().currentMessage()
    assert sent < sum(p.stat().st_size for p in (repos / "gpt2-big").iterdir())
    assert not list(w.hf_cache_dir.rglob("model.safetensors")) and not list(w.hf_cache_dir.rglob("*.incomplete"))
    # declining the question downloads nothing and keeps the model too
    w.ask_download = lambda plan: False
    with FakeHub({"org/big": repos / "gpt2-big"}) as hub:
        w.hf_endpoint = hub.endpoint
        w.open_model("org/big")
        qtbot.waitUntil(lambda: w.download_job is None, timeout=20000)
        assert not [p for m, p in hub.requests if "/resolve/" in p]
    assert w.replaced_by is None and w.translator is model and not w.errors


def test_no_network_and_an_unknown_repo_say_why_and_keep_the_model(qtbot, window, repos):
    import socket

    w = window
    model = w.translator
    w.ask_download = lambda plan: pytest.fail("nothing to ask")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        w.hf_endpoint = f"http://127.0.0.1:{s.getsockname()[1]}"      # nothing listens there
    start = time.perf_counter()
    w.open_model("org/tiny-gpt2")
    qtbot.waitUntil(lambda: w.download_job is None, timeout=20000)
    assert time.perf_counter() - start < 3
    with FakeHub({}) as hub:
        w.hf_endpoint = hub.endpoint
        w.open_model("org/nothing")
        qtbot.waitUntil(lambda: w.download_job is None, timeout=20000)
    assert len(w.errors) == 2 and w.errors[0].startswith("no network: org/tiny-gpt2 is not in the local Hugging Face cache")
    assert "no such model" in w.errors[1] and all("keeps the current model" in e for e in w.errors)
    assert w.replaced_by is None and w.translator is model


def test_the_download_question_says_what_and_how_much(qtbot, window, repos, tmp_path):
    from core.hf.cache import human_size
    from core.hf.download import plan_download
    from explorer.hub_download import download_question

    with FakeHub({"org/tiny-gpt2": repos / "gpt2"}) as hub:
        plan = plan_download("org/tiny-gpt2", endpoint=hub.endpoint)
    box = download_question(window, plan)
    qtbot.addWidget(box)
    assert box.text() == f"Download org/tiny-gpt2 ({human_size(plan.total_bytes)}) from the Hugging Face hub?"
    assert "model.safetensors" in box.informativeText() and box.defaultButton() is box.download_button
    box.show()
    qtbot.waitExposed(box)
    box.grab().save("/tmp/download-question.png")


def test_a_cached_hub_id_opens_without_asking_or_the_network(qtbot, window, repos):
    from core.hf.download import download, plan_download

    w = window
    with FakeHub({"org/tiny-gpt2": repos / "gpt2"}) as hub:
        download(plan_download("org/tiny-gpt2", endpoint=hub.endpoint), cache_dir=w.hf_cache_dir, endpoint=hub.endpoint)
    w.hf_endpoint = "http://127.0.0.1:9"                # the hub is gone: nothing may be asked of it
    w.ask_download = lambda plan: pytest.fail("a cached model needs no download")
    start = time.perf_counter()
    assert w.open_model("org/tiny-gpt2") is not None
    sync_ms = (time.perf_counter() - start) * 1000
    qtbot.waitUntil(lambda: w.download_job is None and w.loader is None and w.replaced_by is not None, timeout=30000)
    new = w.replaced_by
    qtbot.addWidget(new)
    print(f"open_model returned in {sync_ms:.0f} ms (the cache lookup runs on the worker)")
    assert sync_ms < 100 and not w.errors and new.translator.arch.family == "gpt2"
