"""File → Export current view on every family (a Marian, a BERT and a GPT-2 checkpoint, tiny and
random, built by transformers in the test): every stage, both attention tabs, as SVG (PNG and CSV
where they apply) — each writes a file whose axis labels are the ones the screen shows (GPT-2's
byte-level pieces readable, 'Ġ' never), and whose title and caption name the model."""
from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

pytest.importorskip("transformers")

from core.text_model import open_model  # noqa: E402
from explorer.export.menu import FILTERS, formats_for  # noqa: E402
from explorer.main_window import MainWindow  # noqa: E402
from hf_builders import build_marian  # noqa: E402
import tiny_bert_gpt2  # noqa: E402
from conftest import wait_ready  # noqa: E402

BUILDERS = {"marian": build_marian, "bert": tiny_bert_gpt2.bert, "gpt2": tiny_bert_gpt2.gpt2}
TEXT = {"marian": "我是一个学生", "bert": "the cat sat on the [MASK]", "gpt2": "the cat sat on"}
#: what the figures call each model: the family as people write it, and the checkpoint's folder name
MODEL = {"marian": "Marian (marian)", "bert": "BERT (bert)", "gpt2": "GPT-2 (gpt2)"}


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    root = tmp_path_factory.mktemp("exports")
    for family, build in BUILDERS.items():
        build(root / family)
    return root


def shown_labels(view) -> list[list[str]]:
    """The row and column labels of every heatmap the view shows now."""
    out = []
    for hm in view.heatmaps():
        last = getattr(hm, "_last", None)
        if last is not None and hm.plot.isVisible():
            (_matrix, rows, cols), _ = last
            out += [list(rows), list(cols)]
    return out


def svg_text(path) -> str:
    """Every text element of an SVG, joined (a label may be drawn in parts: the word-start cue apart)."""
    import xml.etree.ElementTree as ET

    text = "".join("".join(e.itertext()) for e in ET.parse(path).iter() if e.tag.endswith("text"))
    return "".join(text.split())


def export(w, path):
    w.ask_figure_path = lambda parent, spec, formats: (str(path), FILTERS[path.suffix[1:]])
    w.ask_resolution = lambda parent: (1.0, None)
    seen = {}
    export_dialog = w._export_dialog

    def keep(parent, spec):
        seen["spec"] = spec
        return export_dialog(parent, spec)
    w._export_dialog = keep
    try:
        written = w.export_current_view()
    finally:
        del w._export_dialog
    w.background_writes.wait()
    return seen["spec"], written


@pytest.mark.parametrize("family", ["marian", "bert", "gpt2"])
def test_every_view_of_every_family_exports_with_the_screen_labels(qtbot, tmp_path, checkpoints, family):
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    w = MainWindow(open_model(str(checkpoints / family)), sentence=TEXT[family], settings=settings, labs=False)
    qtbot.addWidget(w)
    errors = []
    w.show_error = lambda title, text: errors.append(text)
    w.resize(1400, 900)
    w.show()
    wait_ready(w)
    qtbot.waitExposed(w)
    st = w.state
    chips = st.tokens("src") + st.tokens("tgt") + st.row_tokens("tgt")
    if family == "gpt2":
        assert any(t.startswith("▁") for t in chips) and not any("Ġ" in t for t in chips)
    pngs = set()
    n = 0
    for i, stage in enumerate(st.stages):
        st.stage_index = i
        view = w.views.currentWidget()
        tabs = [view.pipeline, view.heads_canvas] if stage.kind == "attention" else [None]
        for tab in tabs:
            if tab is not None:
                view.tabs.setCurrentWidget(tab)
            QApplication.processEvents()
            view.refresh()
            screen = shown_labels(view)
            name = f"{i:02d}-{stage.box}-{0 if tab is None else view.tabs.indexOf(tab)}"
            spec, written = export(w, tmp_path / f"{name}.svg")
            n += 1
            assert written is not None and written.stat().st_size > 1000, (stage.title, errors)
            svg = svg_text(written)
            assert "Ġ" not in svg and "".join(MODEL[family].split()) in svg, stage.title
            assert MODEL[family] in spec.title and MODEL[family] in spec.caption, stage.title
            for panel in spec.panels:           # every token axis of the figure is one the screen shows
                for labels, are_tokens in ((panel.rows, panel.row_tokens), (panel.cols, panel.col_tokens)):
                    if are_tokens and stage.kind not in ("linear", "softmax", "pe"):
                        assert list(labels) in screen, (stage.title, labels)
                for label in panel.rows:         # drawn in the file as on screen
                    if label.strip():
                        assert "".join(label.split()) in svg, (stage.title, label)
            if stage.kind not in pngs:          # each kind once as PNG
                pngs.add(stage.kind)
                _, png = export(w, tmp_path / f"{name}.png")
                image = QImage(str(png))
                assert image.width() > 300 and image.height() > 150, stage.title
            if "csv" in formats_for(spec):
                _, path = export(w, tmp_path / f"{name}.csv")
                rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
                assert [r[0] for r in rows[1:]] == list(spec.panels[0].rows)
                assert rows[1:] and all(r[0] in chips or r[0].split(" ", 1)[-1] in chips or " → " in r[0]
                                        for r in rows[1:]), (stage.title, rows)
    assert n > len(st.stages) and not errors
