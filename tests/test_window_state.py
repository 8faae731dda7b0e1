"""The explorer's plain state and the app's display check, tested without any widget."""
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
