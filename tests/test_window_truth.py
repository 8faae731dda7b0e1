"""What the window shows must be true: the translation with the causal mask off, the neuron view of
a switched-off head, the decoder rows after <eos>, the beams, stale hover state, the one handler per
keystroke, and the note on sentences outside the training data (issue 12). The real window on the
bundled model, driven with pytest-qt."""
import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from core.config import Ablations
from core.names import block_act_name
from core.stepping import DecodingSettings
from core.tokenizers import EOS_ID
from explorer.main_window import MainWindow
from explorer.state import ExplorerState
from window_waits import fresh_start, settle  # noqa: E402

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)
SENTENCE = "我是一个学生"
UNMASKED_CHANGES = "我昨天在学校看见了他"      # i saw him at school yesterday; without the causal mask: … at sunday


@pytest.fixture(scope="module")
def translator():
    from core.translator import Translator

    return Translator.load()


def new_window(translator, path, **kw):
    from explorer.fonts import register_bundled_font

    register_bundled_font()
    settings = QSettings(str(path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(translator, sentence=SENTENCE, settings=settings, **kw)
    w.resize(1400, 900)
    w.show()
    return w


@pytest.fixture(scope="module")
def shared_window(qapp, translator, tmp_path_factory):
    w = new_window(translator, tmp_path_factory.mktemp("truth"))
    yield w
    w.close()
    w.deleteLater()



@pytest.fixture
def window(qtbot, shared_window):
    w = fresh_start(qtbot, shared_window, SENTENCE)
    w.state.hovered_token = None
    w.state.hover_text = ""
    return w


def run_to_end(qtbot, w):
    w.controller.run_to_end()
    settle(qtbot, w, lambda: w.state.snapshot.done)


# --- 18: one keystroke, one run of the handler --------------------------------------------------
def test_a_keystroke_sets_the_sentence_once(qapp, qtbot, translator, tmp_path, monkeypatch):
    """textEdited and textChanged were both connected to the sentence handler: every key ran it twice."""
    calls = []
    plain = ExplorerState.sentence

    def counted(self, value):
        calls.append(value)
        plain.fset(self, value)
    monkeypatch.setattr(ExplorerState, "sentence", property(plain.fget, counted))
    w = new_window(translator, tmp_path, labs=False)
    try:
        qtbot.waitExposed(w)
        w.sentence_box.setFocus()
        w.sentence_box.end(False)
        calls.clear()
        qtbot.keyClicks(w.sentence_box, "x")
        assert calls == [SENTENCE + "x"]
        w.sentence_box.setText("我爱中国")               # a programmatic change (the Examples menu) still counts
        assert calls[-1] == "我爱中国" and len(calls) == 2
    finally:
        w.close()
        w.deleteLater()


# --- 1: the greedy translation with the causal mask off ----------------------------------------
def test_the_status_bar_shows_the_translation_without_the_causal_mask(qtbot, window, translator):
    """The status bar reused the masked translation as a guess, which a pass without the mask cannot
    check: it read "greedy translation:" and nothing. It must be what the stepper writes. (A sentence
    whose translation the ablation changes: the bundled model writes 我是一个学生 right even so.)"""
    w = fresh_start(qtbot, window, UNMASKED_CHANGES)
    settle(qtbot, w, lambda: bool(w.state.snapshot.translation))
    masked = w.state.snapshot.translation
    w.state.ablations = Ablations(no_causal_mask=True)
    settle(qtbot, w, lambda: w.state.snapshot.ablations.no_causal_mask and w.state.snapshot.translation is not None)
    run_to_end(qtbot, w)
    settle(qtbot, w, lambda: w.state.snapshot.translation is not None)
    snap = w.state.snapshot
    stepped = translator.tgt.decode([s.chosen for s in snap.steps[:-1] if s.chosen != EOS_ID])
    assert stepped == translator.translate(UNMASKED_CHANGES, ablations=Ablations(no_causal_mask=True))
    assert w.translation_label.text() == f"greedy translation: {stepped}"
    assert stepped and stepped != masked                    # the ablation shows: not the masked translation


# --- 5: the neuron view of a switched-off head ---------------------------------------------------
@pytest.mark.parametrize("box", ["enc.self", "dec.cross"])
def test_the_neuron_view_shows_the_z_the_model_used_for_a_switched_off_head(qtbot, window, box):
    """The neuron view recomputed z = Σ wⱼ vⱼ, so a switched-off head showed a z the model never used
    while the pipeline showed 0."""
    w = window
    run_to_end(qtbot, w)
    off = Ablations(heads_off=frozenset({(box, 1, 3)}))
    w.state.ablations = off
    settle(qtbot, w, lambda: w.state.snapshot.ablations == off and w.state.snapshot.done)
    w.state.select_box(box, 1)
    w.state.head = 3
    view = w.views.currentWidget()
    view.tabs.setCurrentWidget(view.neuron)
    w.state.query_row = 2
    QApplication.processEvents()
    t = w.state.trace
    z = t[block_act_name(box, 1, "z")]
    assert not z[3].any()                                   # the model's z of the head: zeros
    np.testing.assert_array_equal(view.neuron.z.image.image[0], z[3, 2])
    np.testing.assert_array_equal(view.pipeline.isVisible(), False)
    assert "switched off" in view.neuron.z.plot.titleLabel.text
    w.state.head = 2                                        # a head that is on: z = Σ wⱼ vⱼ, as the model has it
    QApplication.processEvents()
    np.testing.assert_allclose(view.neuron.z.image.image[0], z[2, 2], rtol=1e-4, atol=1e-5)
    assert view.neuron.z.image.image[0].any() and "switched off" not in view.neuron.z.plot.titleLabel.text
    view.tabs.setCurrentWidget(view.pipeline)


# --- 14: stale hover state -------------------------------------------------------------------------
def move_to(canvas, pos):
    event = QMouseEvent(QEvent.Type.MouseMove, pos, canvas.viewport().mapToGlobal(pos), Qt.MouseButton.NoButton,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas.viewport(), event)


def hover_cell(heatmap, row, col):
    canvas = heatmap.plot.scene().views()[0]
    move_to(canvas, QPointF(canvas.mapFromScene(heatmap.image.mapToScene(QPointF(col + 0.5, row + 0.5)))))
    return canvas


def test_hover_boxes_and_text_go_when_the_mouse_leaves(qtbot, window):
    w = window
    w.state.select_box("enc.self", 0)
    QApplication.processEvents()
    view = w.views.currentWidget()
    canvas = hover_cell(view.weights, 2, 3)
    assert w.state.hovered_token == ("src", 2) and view.q.row_band.isVisible() and w.hover_label.text()
    qtbot.wait(20)                                  # pyqtgraph passes on at most 100 mouse moves a second
    hover_cell(view.scores, 1, 0)                   # to the next matrix: its hover, not cleared by the exit
    assert w.state.hovered_token == ("src", 1) and "query 是" in w.hover_label.text()
    qtbot.wait(20)
    move_to(canvas, QPointF(2, 2))                  # off every matrix, still on the canvas
    assert w.state.hovered_token is None and w.state.hover_text == "" and w.hover_label.text() == ""
    assert not any(h.row_band.isVisible() or h.col_band.isVisible() for h in view.heatmaps())
    qtbot.wait(20)
    hover_cell(view.weights, 2, 3)
    assert w.state.hovered_token == ("src", 2)
    QApplication.sendEvent(canvas, QEvent(QEvent.Type.Leave))      # off the canvas
    assert w.state.hovered_token is None and w.state.hover_text == "" and w.hover_label.text() == ""
    assert not any(h.row_band.isVisible() or h.col_band.isVisible() for h in view.heatmaps())


def test_the_status_bar_forgets_the_hovered_cell_when_the_sentence_changes(qtbot, window):
    w = window
    w.state.select_box("enc.self", 0)
    QApplication.processEvents()
    view = w.views.currentWidget()
    hover_cell(view.weights, 5, 1)
    assert "query 生, key 是" in w.hover_label.text()
    w.sentence_box.setText("我爱中国")
    settle(qtbot, w, lambda: w.state.trace.src_tokens == list("我爱中国"))
    assert w.hover_label.text() == "" and w.state.hovered_token is None
    assert not view.weights.row_band.isVisible()


# --- 12: the beams -------------------------------------------------------------------------------
def test_the_beam_panel_shows_every_column_and_marks_the_winner(qtbot, window):
    """log P was off to the right of the tree panel; every finished beam had a ✓ and the best was not marked."""
    w = window
    w.state.decoding_settings = DecodingSettings("beam", beam_width=4)
    settle(qtbot, w, lambda: w.state.snapshot.settings.strategy == "beam" and len(w.state.snapshot.beams) == 4)
    beams = w.state.snapshot.beams
    tree = w.inference_panel.beam_tree
    QApplication.processEvents()
    assert tree.isVisible()
    header = tree.header()
    for column in range(3):                         # every column inside the visible width
        assert 0 <= header.sectionViewportPosition(column)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= tree.viewport().width()
    ends = {}                                       # beam index → its tree item
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        stack += [item.child(i) for i in range(item.childCount())]
        if item.data(0, Qt.ItemDataRole.UserRole) is not None:
            ends[item.data(0, Qt.ItemDataRole.UserRole)] = item
    assert sorted(ends) == [0, 1, 2, 3]
    best = max(range(4), key=lambda i: beams[i].score)
    assert "★ best" in tree.headerItem().text(0) and "◀ the one followed" in tree.toolTip()
    marked = [i for i, item in ends.items() if "★" in item.text(0)]
    assert marked == [best] and ends[best].font(0).bold()
    assert all("✓" not in item.text(0) for item in ends.values())
    assert ends[best].text(2) == f"{beams[best].logprob:.3f}"


# --- 8: decoder rows --------------------------------------------------------------------------------
def axis_labels(heatmap, side="left"):
    return [s for _, s in heatmap.plot.getAxis(side)._tickLevels[-1]]


def test_decoder_rows_after_eos_and_what_each_row_predicts(qtbot, window, translator):
    """After decoding, <eos> was a decoder input row in every matrix (the CLI figures have one row
    fewer), and rows were labelled by input token alone, so the alignment view drew "am → 一"."""
    from explorer.export.specs import build_spec, stage_spec

    w = window
    run_to_end(qtbot, w)
    snap = w.state.snapshot
    vocab = w.state.tgt_vocab
    written = [vocab[s.chosen] for s in snap.steps[:-1]]
    assert written[-1] == "<eos>"
    inputs = ["<bos>"] + written[:-1]                       # <eos> is written, never read
    cli = translator.trace(SENTENCE)                        # what the command line draws
    assert w.state.trace.tgt_tokens == inputs == cli.tgt_tokens
    predicted = [vocab[int(i)] for i in w.state.trace["out.probs"].argmax(-1)]
    assert predicted == written                             # greedy: each row predicts the next word
    rows = [f"{a} → {b}" for a, b in zip(inputs, predicted)]
    assert rows[2] == "am → a"

    w.state.select_box("dec.cross", 5)
    QApplication.processEvents()
    view = w.views.currentWidget()
    assert view.weights.image.image.shape[0] == len(inputs)
    for heatmap in (view.x, view.q, view.weights):
        assert axis_labels(heatmap) == rows
    for heatmap in (view.scores, view.scaled, view.masked, view.z):    # beside them, the input alone
        assert axis_labels(heatmap) == inputs
    assert axis_labels(view.k) == list(SENTENCE)            # keys: the source tokens
    w.state.select_box("dec.self", 0)
    QApplication.processEvents()
    view = w.views.currentWidget()
    assert axis_labels(view.weights) == rows and axis_labels(view.weights, "bottom") == inputs  # keys: inputs
    assert w.alignment.tgt_tokens == rows                   # the alignment view: the input over → predicted
    assert w.alignment.tgt_inputs == inputs and w.alignment.tgt_predicted == predicted
    w.state.select_box("softmax")
    QApplication.processEvents()
    assert axis_labels(w.views.currentWidget().matrix) == rows
    chips = [c.text() for c in w.tgt_chips.chips if not c.isHidden()]
    assert chips == inputs                                  # the chips are the decoder's input
    # exports: what the window shows, and the command line's figures alike
    spec = stage_spec(w.state.trace, w.state.stage, w.state.arch, None, vocab=vocab)
    assert spec.grid[0][0].rows == rows
    cross = build_spec(cli, "dec.cross", layer=5, head=0)        # the pipeline: X, Q and the weights as on screen
    weights, _, _ = cross.data
    assert cross.grid[0][0].rows == cross.grid[0][1].rows == weights.rows == rows and weights.cols == list(SENTENCE)
    assert cross.grid[1][0].rows == inputs


# --- 11: sentences outside the training data ----------------------------------------------------------
def test_the_window_says_calmly_what_the_model_never_saw(qtbot, window):
    """我有一个电话: every character is in the vocabulary, no <unk> chip, and nothing said that 电话 is
    no word of the training data."""
    w = window
    assert w.novelty.text() == ""                        # 我是一个学生: all seen, nothing said
    w.sentence_box.setText("我有一个电话")
    settle(qtbot, w, lambda: w.state.trace.src_tokens == list("我有一个电话"))
    assert not any(c.property("unknown") for c in w.src_chips.chips if not c.isHidden())   # no <unk> to warn
    note = w.novelty.text()
    assert "电话" in note and "never saw" in note and w.novelty.isVisible()
    assert "一个" not in note and "有" not in note        # the words it knows are not named
    assert not w.message.isVisible()                     # a note, not an error
    w.sentence_box.setText("他和他的她")                   # known words, a pair never seen side by side
    settle(qtbot, w, lambda: w.state.trace.src_tokens == list("他和他的她"))
    assert "的她" in w.novelty.text() and "side by side" in w.novelty.text()
    w.sentence_box.setText(SENTENCE)
    settle(qtbot, w, lambda: w.state.trace.src_tokens == list(SENTENCE))
    assert w.novelty.text() == ""


def test_a_model_without_a_training_corpus_says_nothing(qapp, qtbot, tmp_path):
    from core.translator import Translator

    random = Translator.random(seed=0)                    # no coverage.json: nothing is known, nothing said
    assert random.coverage is None and random.note("我有一个电话") == ""
    w = new_window(random, tmp_path, labs=False)
    try:
        w.sentence_box.setText("我有一个电话")
        qtbot.waitUntil(lambda: w.state.trace.src_tokens == list("我有一个电话"), timeout=15000)
        assert w.novelty.text() == ""
    finally:
        w.close()
        w.deleteLater()


def test_a_model_wider_than_its_vocabulary_file_still_traces():
    """The bench's base config (37,000 outputs over a small vocabulary): a predicted id beyond the
    vocabulary is named #id, not an IndexError."""
    from core.config import ModelConfig
    from core.translator import Translator

    small = Translator.random(seed=0)
    cfg = ModelConfig(len(small.src), 5000, n_layers=1, d_model=16, n_heads=2, d_ff=16, dropout=0.0)
    wide = Translator.random(cfg, seed=0)
    trace = wide.trace("我是", target="i am")
    assert len(trace.meta["tgt_predicted"]) == len(trace.tgt_tokens)
    assert all(w in wide.tgt.vocab or w.startswith("#") for w in trace.meta["tgt_predicted"])
