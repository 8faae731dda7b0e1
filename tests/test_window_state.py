"""The explorer's plain state and the app's display check, tested without any widget."""
from core.summaries import AVERAGE_OF_HEADS
from explorer.app import display_problem
from explorer.state import ExplorerState


def test_stepping_and_layer_jumps():
    st = ExplorerState(n_layers=6, n_heads=8)
    seen = []
    st.events.stage_index_changed.connect(seen.append)
    assert st.stage.box == "src.embed"
    st.step(2)
    assert st.stage.prefix == "enc.0.self" and seen == [2]
    st.jump_layer(1)
    assert st.stage.prefix == "enc.1.self"
    st.select_box("dec.cross", 3)
    assert st.stage.prefix == "dec.3.cross" and st.layer == 3
    st.step(-100)
    assert st.stage_index == 0
    st.stage_index = 10_000
    assert st.stage.kind == "softmax"
    st.head = 99
    assert st.head == 7
    assert len(st.stages) == 2 + 6 * 4 + 2 + 6 * 6 + 2


def test_display_problem_says_what_to_do():
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "darwin") is None
    msg = display_problem({}, "linux")
    assert "DISPLAY" in msg and "offscreen" in msg and "xvfb" in msg.lower()
    msg = display_problem({"DISPLAY": ":0"}, "linux", find_library=lambda name: None)
    assert "apt-get install" in msg and "libxcb-cursor0" in msg and "libxcb-keysyms1" in msg
    assert display_problem({"DISPLAY": ":0"}, "linux", find_library=lambda name: "lib" + name) is None


def test_sync_settings_writes_the_file_now(tmp_path):
    from PySide6.QtCore import QSettings

    from explorer.main_window import sync_settings

    path = str(tmp_path / "s.ini")
    s = QSettings(path, QSettings.Format.IniFormat)
    s.setValue("sentence", "我爱中国")
    sync_settings(s)                                   # through ctypes where it can, GIL released
    assert QSettings(path, QSettings.Format.IniFormat).value("sentence") == "我爱中国"
    assert "我爱中国" in (tmp_path / "s.ini").read_text(encoding="utf-8")


def test_the_state_imports_no_qt():
    """The state, its change notices and the stage list run without Qt (import-linter checks the
    imports; this checks the interpreter: nothing pulls PySide6 in)."""
    import subprocess
    import sys

    code = ("import sys, explorer.state, explorer.labs.state, explorer.descriptions, explorer.export.specs; "
            "bad = [m for m in ('PySide6', 'pyqtgraph', 'shiboken6', 'torch') if m in sys.modules]; "
            "sys.exit(f'imported {bad}' if bad else 0)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr


def test_the_alignment_follows_cross_attention_and_stays_elsewhere():
    st = ExplorerState(n_layers=6, n_heads=8)
    seen = []
    st.events.alignment_changed.connect(seen.append)
    assert st.alignment == (5, AVERAGE_OF_HEADS)             # at first: the last layer, the heads' mean
    st.select_box("dec.cross", 2)
    st.head = 3
    assert st.alignment == (2, 3) and seen == [(2, 0), (2, 3)]
    st.select_box("enc.self", 4)                             # another block: the alignment stays
    st.head = 5
    assert st.alignment == (2, 3)
    st.alignment = (1, AVERAGE_OF_HEADS)                     # the user's pick, kept off cross-attention
    assert st.alignment == (1, AVERAGE_OF_HEADS)
    st.alignment = (99, 99)
    assert st.alignment == (5, 7)
    st.select_box("dec.cross", 0)
    assert st.alignment == (0, 5)
    from core.architecture import Architecture

    bert = Architecture(family="bert", stacks=("enc",), enc_layers=2, dec_layers=0, d_model=8, n_heads=2, d_ff=8,
                        src_vocab_size=1, tgt_vocab_size=1)
    assert ExplorerState(bert, 2).alignment == (0, AVERAGE_OF_HEADS)        # no decoder: nothing to follow


def test_a_change_notice_calls_back_as_a_qt_direct_connection(monkeypatch):
    """psygnal (explorer.evented) with the explorer's policy: a callback that raises goes to
    sys.excepthook and the others still run (psygnal alone stops at it and raises EmitLoopError);
    a callback taking fewer arguments gets fewer; a collected view is dropped."""
    import gc

    from explorer.evented import changes

    signal, calls, hooked = changes("XEvents", ["x"])().x_changed, [], []
    monkeypatch.setattr("sys.excepthook", lambda *info: hooked.append(info[1]))

    class View:
        def refresh(self):                      # fewer arguments than the signal sends: called without
            calls.append("refresh")

        def _on_x_changed(self, value):
            calls.append(value)

    view = View()

    def broken(_value):
        raise ValueError("a bug in one view")

    signal.connect(view._on_x_changed)
    signal.connect(broken)
    signal.connect(view.refresh)
    signal.emit(7)
    assert calls == [7, "refresh"] and [str(e) for e in hooked] == ["a bug in one view"]   # the others still ran
    signal.disconnect(broken)
    signal.emit(8)
    assert calls == [7, "refresh", 8, "refresh"] and len(signal) == 2
    del view
    gc.collect()
    signal.emit(9)                              # methods are held weakly: a view that is gone is dropped
    assert calls == [7, "refresh", 8, "refresh"] and len(signal) == 0


def test_a_broken_callback_leaves_the_setter_whole(monkeypatch):
    """The stage setter emits, then clamps the query row and moves the alignment: a view that raises
    on the stage's notice must not leave the state half changed."""
    hooked = []
    monkeypatch.setattr("sys.excepthook", lambda *info: hooked.append(info[1]))
    st = ExplorerState(n_layers=6, n_heads=8)

    def broken(_i):
        raise ValueError("a bug in one view")

    st.events.stage_index_changed.connect(broken)
    st.head = 3
    st.select_box("dec.cross", 2)
    assert st.stage.prefix == "dec.2.cross" and st.alignment == (2, 3) and len(hooked) == 1


def test_setting_the_same_value_sends_no_notice():
    st = ExplorerState(n_layers=2, n_heads=4)
    seen = []
    for name in ("head", "sentence", "mode"):
        getattr(st.events, name + "_changed").connect(lambda v, name=name: seen.append((name, v)))
    st.head, st.head = 2, 2
    st.sentence, st.sentence = "我爱中国", "我爱中国"
    st.mode, st.mode = "training", "training"
    assert seen == [("head", 2), ("sentence", "我爱中国"), ("mode", "training")]


def test_the_attention_tab_is_state():
    import pytest

    st = ExplorerState(n_layers=2, n_heads=4)
    seen = []
    st.events.attention_tab_changed.connect(seen.append)
    assert st.attention_tab == "pipeline"
    st.attention_tab = "heads"
    st.attention_tab = "heads"
    assert seen == ["heads"]
    with pytest.raises(ValueError):
        st.attention_tab = "all heads"


def test_the_overviews_block_and_click_switch_are_state():
    import pytest

    from core.architecture import Architecture

    st = ExplorerState(n_layers=2, n_heads=4)
    seen = []
    st.events.overview_kind_changed.connect(lambda k: seen.append(("kind", k)))
    st.events.overview_switches_changed.connect(lambda on: seen.append(("switches", on)))
    assert (st.overview_kind, st.overview_switches) == ("enc.self", False)
    st.overview_kind, st.overview_switches = "dec.cross", 1
    st.overview_switches = True
    assert seen == [("kind", "dec.cross"), ("switches", True)]
    with pytest.raises(ValueError):
        st.overview_kind = "enc.cross"
    gpt2 = Architecture(family="gpt2", stacks=("dec",), enc_layers=0, dec_layers=2, d_model=8, n_heads=2, d_ff=8,
                        src_vocab_size=1, tgt_vocab_size=1)
    st = ExplorerState(gpt2, 2)
    assert st.overview_kinds() == ["dec.self"] and st.overview_kind == "dec.self"
    with pytest.raises(ValueError):
        st.overview_kind = "dec.cross"                     # a decoder-only model has no cross-attention
