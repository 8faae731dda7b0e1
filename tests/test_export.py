"""Export: the files are what they say (PNG, SVG, PDF, GIF, CSV, .npz), failures leave nothing, and
the headless command and the context action produce them. A small random model keeps it fast."""
import argparse
import ast
import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.config import ModelConfig
from core.stepping import StepDecoder
from core.errors import UserError
from core.translator import Translator
from explorer.export import specs
from explorer.export.headless import add_export_parser, export_command
from explorer.export.writers import animation_images, csv_bytes, export_figure, gif_bytes, strip_bytes

ROOT = Path(__file__).resolve().parent.parent
TEXT, TARGET = "我是一个学生", "i am a student"


@pytest.fixture(scope="module")
def small():
    base = Translator.random(seed=0)
    cfg = ModelConfig(len(base.src), len(base.tgt), n_layers=2, d_model=32, n_heads=4, d_ff=64, dropout=0.0)
    return Translator.random(cfg, seed=1)


@pytest.fixture(scope="module")
def trace(small):
    return small.trace(TEXT, target=TARGET)


@pytest.fixture(scope="module")
def vocab(small):
    return small.tgt.tokens(range(len(small.tgt)))


@pytest.fixture
def app(qapp):
    from explorer.export.figures import ensure_app

    return ensure_app()


def parse(*argv):
    parser = argparse.ArgumentParser()
    add_export_parser(parser.add_subparsers())
    return parser.parse_args(["export", *argv])


def svg_texts(data: bytes) -> str:
    return " ".join(el.text or "" for el in ET.fromstring(data).iter() if el.tag.endswith("text"))


# --- the files --------------------------------------------------------------------------------------
def test_png_decodes_and_is_not_blank(app, trace, tmp_path):
    path = export_figure(specs.build_spec(trace, "dec.cross", layer=1, head=2), tmp_path / "head.png", scale=1)
    image = Image.open(path)
    image.load()
    assert image.format == "PNG" and image.width > 200 and image.height > 150
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert len(colours) > 50                      # heatmap, text, colour bar: not one flat colour


def test_png_dpi_sets_size_and_metadata(app, trace, tmp_path):
    spec = specs.build_spec(trace, "pe")
    small_png = Image.open(export_figure(spec, tmp_path / "a.png", scale=1))
    print_png = Image.open(export_figure(spec, tmp_path / "b.png", dpi=288))
    assert print_png.width == pytest.approx(3 * small_png.width, abs=2)
    assert print_png.info["dpi"][0] == pytest.approx(288, abs=1)


def test_svg_parses_and_keeps_token_labels_as_text(app, trace, tmp_path):
    path = export_figure(specs.build_spec(trace, "dec.cross", layer=0, head=0), tmp_path / "f.svg")
    texts = svg_texts(path.read_bytes())
    for token in ("我", "学", "student", "<bos>"):
        assert token in texts
    assert "softmax(QKᵀ/√d_k + M)" in texts and "decoder layer 0, head 0" in texts


def test_pdf_has_one_page(app, trace, tmp_path):
    data = export_figure(specs.build_spec(trace, "dec.cross", all_heads=True), tmp_path / "f.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1
    assert b"Noto" in data                        # the bundled CJK font is embedded for the hanzi


def test_csv_has_token_headers(trace, vocab):
    rows = list(csv.reader(io.StringIO(csv_bytes(specs.build_spec(trace, "dec.cross", layer=1, head=0))
                                       .decode("utf-8-sig"))))
    assert rows[0][1:] == list("我是一个学生")
    # each decoder row: the token it reads → the word it predicts (its argmax), as in the window
    predicted = [trace.meta["tgt_predicted"][i] for i in range(5)]
    assert predicted == [vocab[int(i)] for i in trace["out.probs"].argmax(-1)]
    assert [r[0] for r in rows[1:]] == [f"{t} → {p}" for t, p in zip(["<bos>", "i", "am", "a", "student"], predicted)]
    weights = np.array([[float(v) for v in r[1:]] for r in rows[1:]])
    np.testing.assert_allclose(weights, trace["dec.1.cross.weights"][0], rtol=1e-5)


def test_csv_refuses_several_matrices(trace):
    with pytest.raises(UserError, match="one matrix"):
        csv_bytes(specs.build_spec(trace, "dec.cross", layer=0))


def test_gif_has_one_frame_per_decode_step(app, small, vocab):
    decoder = StepDecoder(small, TEXT)
    decoder.run_to_end()
    frames = specs.decoding_specs(decoder.steps, "dec.cross", layer=0, vocab=vocab)
    n_steps = len(decoder.steps) - 1              # every step but the last chose a token
    assert len(frames) == n_steps
    images = animation_images(frames)
    assert len({(i.width(), i.height()) for i in images}) == 1
    gif = Image.open(io.BytesIO(gif_bytes(images)))
    assert gif.format == "GIF" and gif.n_frames == n_steps
    strip = Image.open(io.BytesIO(strip_bytes(images)))
    assert strip.width >= n_steps * images[0].width()


def test_every_view_builds(app, trace, vocab):
    from explorer.export.figures import Figure

    for view in specs.VIEWS:
        figure = Figure(specs.build_spec(trace, view, vocab=vocab))
        w, h = figure.size
        assert w > 100 and h > 100, view
        figure.close()


def test_probs_name_the_words(trace, vocab):
    spec = specs.build_spec(trace, "probs", vocab=vocab, top=3)     # the three likeliest words: columns
    panel = spec.panels[0]
    assert panel.matrix.shape == (5, 3)
    best = int(np.argmax(trace["out.probs"][0]))
    assert vocab[best] in panel.cols
    np.testing.assert_array_equal(panel.matrix[:, panel.cols.index(vocab[best])], trace["out.probs"][:, best])


# --- failures ---------------------------------------------------------------------------------------
def test_unwritable_destination_raises_and_leaves_nothing(app, trace, tmp_path):
    spec = specs.build_spec(trace, "pe")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(UserError, match="cannot write"):
        export_figure(spec, blocker / "f.png")
    with pytest.raises(UserError, match="does not exist"):
        export_figure(spec, tmp_path / "missing" / "f.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


@pytest.mark.skipif(hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() == 0,
                    reason="root writes into read-only folders")
def test_read_only_folder_raises_and_leaves_nothing(app, trace, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError, match="cannot write"):
            export_figure(specs.build_spec(trace, "pe"), folder / "f.pdf")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_bad_view_layer_head_list_the_valid_ones(trace):
    with pytest.raises(UserError, match="valid views: enc.self, dec.self, dec.cross"):
        specs.build_spec(trace, "attention")
    with pytest.raises(UserError, match="valid layers are 0–1"):
        specs.build_spec(trace, "dec.cross", layer=2)
    with pytest.raises(UserError, match="valid heads are 0–3"):
        specs.build_spec(trace, "enc.self", head=4)
    with pytest.raises(UserError, match="--all-heads"):
        specs.build_spec(trace, "ffn", all_heads=True)


# --- the headless command ---------------------------------------------------------------------------
@pytest.mark.parametrize("suffix, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF"),
                                           ("gif", b"GIF8"), ("csv", "\ufeff".encode()), ("npz", b"PK")])
def test_export_command_writes_each_format(app, small, tmp_path, suffix, magic, capsys):
    out = tmp_path / f"fig.{suffix}"
    head = [] if suffix in ("gif",) else ["--head", "1"]
    assert export_command(parse(TEXT, "--target", TARGET, "--view", "dec.cross", "--layer", "1", *head,
                                "--out", str(out)), translator=small) == 0
    assert out.read_bytes().startswith(magic)
    assert str(out) in capsys.readouterr().out


def test_export_command_format_option_and_animation_strip(app, small, tmp_path):
    out = tmp_path / "figure"
    export_command(parse(TEXT, "--view", "qkv", "--format", "svg", "--out", str(out)), translator=small)
    assert "我" in svg_texts(out.read_bytes())
    strip = tmp_path / "strip.png"
    export_command(parse(TEXT, "--target", "i am", "--view", "probs", "--animate", "--out", str(strip)),
                   translator=small)
    assert Image.open(strip).format == "PNG"


def test_export_all_writes_index_listing_every_figure(app, small, tmp_path):
    out = tmp_path / "run"
    export_command(parse(TEXT, "--target", TARGET, "--all", "--out", str(out)), translator=small)
    figures = sorted(p.name for p in out.glob("*.png"))
    stages = 2 + 2 * 4 + 2 + 2 * 6 + 2                  # embeddings, encoder, decoder, linear, softmax
    assert len(figures) == stages + 3                    # + the three all-heads grids
    index = (out / "index.html").read_text("utf-8")
    listed = re.findall(r'<img src="([^"]+)"', index)
    assert listed == figures                             # in order of the forward pass
    assert "dec.cross.all-heads" in listed[-1] and (out / "trace.npz").exists()
    # a second export replaces the first; a foreign folder is refused and left alone
    export_command(parse(TEXT, "--all", "--out", str(out)), translator=small)
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("keep")
    with pytest.raises(UserError, match="not an earlier export"):
        export_command(parse(TEXT, "--all", "--out", str(foreign)), translator=small)
    assert [p.name for p in foreign.iterdir()] == ["thesis.tex"]


def test_headless_module_runs_with_no_display(small, tmp_path):
    import os
    import subprocess
    import sys

    from core.model_files import write_model

    write_model(tmp_path / "model", small.model, small.src, small.tgt)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = tmp_path / "grid.png"
    run = subprocess.run([sys.executable, "-m", "explorer.export.headless", TEXT, "--view", "dec.cross",
                          "--all-heads", "--model", str(tmp_path / "model"), "--out", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert Image.open(out).format == "PNG"


# --- in the app -------------------------------------------------------------------------------------
def test_context_action_and_dialog_export(qtbot, app, trace, tmp_path):
    import pyqtgraph as pg

    from explorer.export.menu import add_export_action, export_dialog, formats_for

    canvas = pg.GraphicsLayoutWidget()
    qtbot.addWidget(canvas)
    written = []
    action = add_export_action(canvas, lambda: specs.build_spec(trace, "enc.self", layer=0, head=1),
                               on_export=lambda parent, spec: written.append(
                                   export_figure(spec, tmp_path / f"{spec.name}.svg")))
    assert action.text() == "Export…"
    action.trigger()
    assert written and written[0].exists()

    spec = specs.build_spec(trace, "pe")
    assert formats_for(spec)[-1] == "csv"
    path = export_dialog(None, spec, ask_path=lambda parent, s, formats: (str(tmp_path / "pe"), "PDF (*.pdf)"),
                         ask_resolution=lambda parent: (None, 300.0))
    assert path == tmp_path / "pe.pdf" and path.read_bytes().startswith(b"%PDF")


def test_figure_update_in_place_needs_the_same_shapes(app, trace):
    from explorer.export.figures import Figure

    figure = Figure(specs.build_spec(trace, "dec.cross", layer=0, head=0))
    figure.update(specs.build_spec(trace, "dec.cross", layer=1, head=3))
    with pytest.raises(ValueError):
        figure.update(specs.build_spec(trace, "dec.self", layer=0, head=0))


def test_specs_are_plain_data():
    tree = ast.parse((ROOT / "explorer" / "export" / "specs.py").read_text("utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not imported & {"PySide6", "pyqtgraph", "torch"}


def test_long_sentences_keep_figures_bounded(app, small):
    from explorer.export.figures import Figure

    long = small.trace("我是一个学生" * 4, target=" ".join(["student"] * 30))
    figure = Figure(specs.build_spec(long, "dec.self", all_heads=True))
    for items in (i for row in figure.panels for i in row):
        rect = items.vb.geometry()
        assert rect.width() <= 301 and rect.height() <= 301     # 31 tokens in at most 300 px: cells shrink
    assert figure.panels[-1][0].left.style["tickFont"] is not None
    assert len(figure.panels[-1][0].left._tickLevels[0]) < 31                # and every n-th label is shown
    assert "…" in specs.caption(long)


@pytest.mark.parametrize("view", ["probs", "logits"])
def test_every_candidate_word_of_the_output_figure_is_named(app, tmp_path, view):
    """The output figure's 20 candidate words are wider than its cells: they stand upright, every
    one drawn, instead of every other one left out (issue 12, item 7)."""
    bundled = Translator.load()
    spec = specs.build_spec(bundled.trace(TEXT), view, vocab=bundled.tgt.tokens(range(len(bundled.tgt))), top=20)
    words = spec.panels[0].cols
    assert len(words) == 20 and max(map(len, words)) > 3
    drawn = svg_texts(export_figure(spec, tmp_path / f"{view}.svg").read_bytes()).split()
    assert [w for w in words if w not in drawn] == []


def test_row_labels_sit_on_their_rows_when_panels_of_a_row_differ_in_height(app, small, tmp_path):
    """The cross-attention pipeline puts X and Q (target rows) beside K and V (source rows, more of
    them): each panel's row labels must span its own image, not the taller row of panels."""
    from explorer.export.figures import Figure

    trace = small.trace("我是一个学生们", target="i am")
    spec = specs.build_spec(trace, "dec.cross", layer=0, head=1)
    heights = {p.matrix.shape[0] for p in spec.panels}
    assert len(heights) > 1                           # the case: panels of different heights
    figure = Figure(spec)
    try:
        checked = 0
        for row in figure.panels:
            for items in row:
                if items is None or items.left is None:
                    continue
                image, axis = (it.mapRectToScene(it.rect()) for it in (items.vb, items.left))
                assert abs(axis.top() - image.top()) < 1 and abs(axis.height() - image.height()) < 1
                checked += 1
        assert checked >= 4
    finally:
        figure.close()


def test_a_pipeline_of_thirty_tokens_names_every_token(app, small):
    """Up to 32 tokens every row and column of the nine-panel pipeline is named (the panels grow;
    before, a long source kept every other character)."""
    from explorer.export.figures import Figure

    text = "我是一个学生" * 5
    trace = small.trace(text, target="i am")
    figure = Figure(specs.build_spec(trace, "dec.cross", layer=0, head=0))
    try:
        panels = [items for row in figure.panels for items in row if items is not None]
        labelled = [(items.left, p.rows) for items, p in zip(panels, figure.spec.panels) if items.left is not None] \
            + [(items.bottom, p.cols) for items, p in zip(panels, figure.spec.panels) if items.bottom is not None]
        long = [(axis, labels) for axis, labels in labelled if len(labels) == len(text)]
        assert len(long) >= 4                       # K and V rows, the scores' columns …
        for axis, labels in long:
            assert [t for _, t in axis._tickLevels[0]] == labels
    finally:
        figure.close()
