"""The command line's named views that are one of the window's stages (`export --view enc.norm1`,
`ffn`, `embed`, …) draw that stage as the window does: its panels, titles and figure title."""
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from core.translator import Translator
from explorer.export import specs


@pytest.fixture(scope="module")
def window(qapp, tmp_path_factory):
    from explorer.main_window import MainWindow

    settings = QSettings(str(tmp_path_factory.mktemp("s") / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.load(), settings=settings, labs=False)
    w.resize(1400, 900)
    w.show()
    yield w
    w.close()


def shown_titles(view):
    """The panel titles the window's stage view draws on screen."""
    return [hm.plot.titleLabel.text for hm in view.heatmaps()]


@pytest.mark.parametrize("view, layer, box", [("enc.norm1", 1, "enc.norm1"), ("ffn", 0, "enc.ffn"),
                                              ("dec.ffn", 2, "dec.ffn"), ("dec.norm2", 0, "dec.norm2"),
                                              ("embed", None, "src.pe"), ("embed.tgt", None, "tgt.pe")])
def test_the_cli_draws_a_stage_as_the_window_and_its_export_do(window, qtbot, view, layer, box):
    w, st = window, window.state
    qtbot.waitUntil(lambda: st.trace is not None, timeout=10000)
    st.select_box(box, layer or 0)
    QApplication.processEvents()
    assert st.stage.box == box and st.stage.layer == layer
    window_spec = w.current_spec()                           # Export current view
    cli = specs.build_spec(st.trace, view, layer, arch=w.translator.arch)   # export --view, as headless.py calls it
    assert cli.title == window_spec.title and st.stage.title in cli.title
    cli_titles = [p.title for p in cli.panels]
    assert cli_titles == [p.title for p in window_spec.panels] and all(cli_titles)
    shown = w.views.currentWidget()
    on_screen = [t for t in shown_titles(shown) if t]        # (a panel on a scale of its own: + its range)
    assert on_screen and len(on_screen) == len(cli_titles)
    assert all(c == t or c.startswith(t + "  [") for c, t in zip(cli_titles, on_screen)), (cli_titles, on_screen)
