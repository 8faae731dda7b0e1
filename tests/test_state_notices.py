"""The state's change notices (explorer/evented.py, on psygnal) in the window and with bound widgets:
what a user sees when one view's callback is broken, and widgets Qt has destroyed."""
import pytest
import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSpinBox

from core.summaries import AVERAGE_OF_HEADS
from core.translator import Translator
from explorer.binding import bind_value
from explorer.labs.state import ScalingState
from conftest import wait_ready  # noqa: E402


@pytest.fixture(scope="module")
def window(qapp, tmp_path_factory):
    from explorer.main_window import MainWindow

    settings = QSettings(str(tmp_path_factory.mktemp("s") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.load(), settings=settings, labs=False)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    yield w
    w.close()


def test_a_broken_view_reaches_the_excepthook_and_the_others_still_update(window, monkeypatch):
    """psygnal alone would stop at the broken callback and raise EmitLoopError out of the click: the
    stage label (connected after it) would not follow, nor would the alignment follow the stage."""
    hooked = []
    monkeypatch.setattr("sys.excepthook", lambda *info: hooked.append(info[1]))
    w, st = window, window.state
    st.select_box("dec.cross", 1)
    st.step(-1)                                                    # the stage before layer 1's cross-attention
    st.alignment = (0, AVERAGE_OF_HEADS)                           # the user's pick, away from it
    before = w.stage_label.text()

    def broken(_i):
        raise ValueError("a bug in one view")

    st.events.stage_index_changed.connect(broken, priority=1)      # called before every view
    try:
        w.next_button.click()                                      # the user steps on
        assert st.stage.prefix == "dec.1.cross" and st.alignment == (1, st.head)
        assert [str(e) for e in hooked] == ["a bug in one view"]
        shown = w.stage_label.text()
        w._update_stage_label()
        assert shown == w.stage_label.text() != before             # the label followed the stage
    finally:
        st.events.stage_index_changed.disconnect(broken)


def test_a_widget_qt_destroyed_is_no_longer_called(qapp, monkeypatch):
    hooked = []
    monkeypatch.setattr("sys.excepthook", lambda *info: hooked.append(info[1]))
    st = ScalingState(n_layers=6, n_heads=8, n_d_k=11)
    kept, gone = QSpinBox(), QSpinBox()
    for box in (kept, gone):
        box.setRange(0, 10)
        bind_value(box, st, "d_k_index")
    assert len(st.events.d_k_index_changed) == 2
    shiboken6.delete(gone)                     # Qt destroys it; the binding's lambda still holds its wrapper
    st.d_k_index = 4
    assert hooked == [] and kept.value() == 4 and len(st.events.d_k_index_changed) == 1
    st.d_k_index = 5
    assert hooked == [] and kept.value() == 5


def test_the_overviews_widgets_are_bound_to_the_state(window):
    from PySide6.QtWidgets import QApplication

    w, st = window, window.state
    w.tabs.setCurrentWidget(w.overview)
    QApplication.processEvents()
    try:
        st.overview_kind = "dec.cross"                         # state → the radio buttons and the cells
        assert w.overview.kind_buttons.checkedId() == 2 and w.overview.kind == "dec.cross"
        trace = st.trace
        assert (w.overview.cells[1][2].image == trace["dec.1.cross.weights"][2]).all()
        w.overview.kind_buttons.button(0).click()               # the buttons → state
        assert st.overview_kind == "enc.self"
        st.overview_switches = True                             # state → the box
        assert w.overview.click_switches.isChecked()
        w.overview.click_switches.setChecked(False)             # the box → state
        assert st.overview_switches is False
    finally:
        st.overview_switches, st.overview_kind = False, "enc.self"
        w.tabs.setCurrentWidget(w.splitter)
