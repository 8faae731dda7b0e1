"""The Chinese interface: the .ts has every string the code marks and all of them translated, the
.qm is compiled from it, core's catalog covers core's messages; the window built in Chinese has no
English left in its menus, tabs, buttons, group titles, labels, main tooltips and status line (model
tokens and formula symbols aside); View → Language rebuilds the window in the other language on the
same session; core's errors reach the window in Chinese."""
import importlib.util
import re
import tempfile
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu,
                               QTabWidget, QWidget)

from core.errors import UserError
from core.translator import Translator
from explorer.i18n import current_language
from explorer.language import install_language

pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("update_translations", ROOT / "scripts" / "update_translations.py")
tools = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tools)

TS = tools.ts_path("zh_CN")

#: what may stay in Latin letters in the Chinese window: formula symbols and the paper's names for
#: matrices and functions, units and file formats, key names, the trace's block names, model tokens
ALLOWED = set("""
Q K V X M Z W_Q W_K W_V W_O W QKᵀ softmax Softmax d_k d_model d_ff PE pos sin cos ln log LayerNorm Sublayer
Embedding Concat MultiHead FFN ReLU GELU SiLU tanh argmax logits logit P x z q k v w b h i j t L T H
QK Attention English d top p RNN LSTM GNMT nats dpi PNG SVG PDF CSV GIF json npz Transformer enc dec self cross bos eos unk pad
Page Up Down Home End Esc Alt Ctrl Space e g F V G BERT GPT MASK Hugging Face Hub ID base
max min float M_k out
""".split())


def english_words(text: str, allowed: set[str]) -> list[str]:
    """Latin words in `text` (HTML tags and entities removed) that are not allowed."""
    text = re.sub(r"`[^`]*`", " ", text)               # a command line to type, as code
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&[a-z]+;", " ", text)
    # M_5 is M_k with k = 5: a symbol with a numeric subscript counts as the symbol
    return [w for w in (x.rstrip("_") for x in re.findall(r"[A-Za-z][A-Za-z_]*", text)) if w not in allowed]


@pytest.fixture()
def chinese(qapp):
    """The interface in Chinese for one test, English again afterwards (the other tests' default)."""
    assert install_language("zh_CN") == "zh_CN"
    yield
    install_language("en")


def new_window(settings=None):
    from explorer.fonts import register_bundled_font
    from explorer.main_window import MainWindow

    register_bundled_font()
    # a folder of its own: the lessons' progress file sits beside the settings
    settings = settings or QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(Translator.load(), settings=settings)
    w.resize(1400, 900)
    w.show()
    return w


def new_window_on(translator):
    from explorer.main_window import MainWindow

    w = MainWindow(translator, settings=QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"),
                                                  QSettings.Format.IniFormat))
    w.show()
    return w


# the translation files -----------------------------------------------------------------------------
def test_ts_holds_every_marked_string_and_translates_it():
    in_code, in_ts = tools.code_messages(), set(tools.messages(TS))
    assert in_code - in_ts == set(), "strings the code marks that the .ts lacks (run scripts/update_translations.py)"
    assert in_ts - in_code == set(), "entries of the .ts the code no longer has (run scripts/update_translations.py)"
    assert tools.unfinished(TS) == []
    assert len(in_ts) > 500


def test_translations_keep_the_placeholders():
    import string

    def fields(s):
        return sorted(f for _, f, _, _ in string.Formatter().parse(s) if f)
    for (context, source), translation in tools.messages(TS).items():
        if "{" in source:
            assert fields(source) == fields(translation.text), (context, source)


def test_qm_is_compiled_from_the_ts(qapp):
    """The committed .qm gives every translation the .ts holds (compared through Qt's own loader,
    not byte for byte: another lrelease may lay the file out differently)."""
    from PySide6.QtCore import QTranslator

    qm = QTranslator()
    assert qm.load(str(tools.qm_path("zh_CN")))
    stale = [(context, source) for (context, source), translation in tools.messages(TS).items()
             if qm.translate(context, source) != translation.text]
    assert stale == [], "run scripts/update_translations.py"


def test_core_catalog_covers_core_messages():
    assert tools.catalog_problems("zh_CN") == []
    assert len(tools.core_messages()) > 50


def test_core_messages_follow_the_installed_language():
    import core.i18n
    from core.session_file import parse_session

    try:
        core.i18n.install("zh_CN")
        with pytest.raises(UserError, match="不是会话文件"):
            parse_session(b"[1]")
    finally:
        core.i18n.install("en")
    with pytest.raises(UserError, match="not a session file: the top level is a list"):
        parse_session(b"[1]")


def test_the_windows_paths_from_core_in_chinese(chinese, tmp_path):
    """What core/ says on the window's paths comes in Chinese: a trained model's description (made
    when it loads, shown in the language of each window built on it), the training corpus's, the
    checkpoint folder's and the recurrence lab's inputs; the command line's English stays."""
    import shutil

    from core.hf.locate import resolve
    from core.labs.recurrence import gradient_curves
    from core.training import read_pairs
    from core.translator import BUNDLED_MODEL

    folder = tmp_path / "my-model"
    shutil.copytree(BUNDLED_MODEL, folder)
    translator = Translator.load(folder)
    assert str(translator.description) == f"trained model in {folder}"           # trace meta, CLI
    w = new_window_on(translator)
    try:
        assert f"{folder} 里训练的模型" in w.windowTitle()
    finally:
        w.close()
    (tmp_path / "empty.tsv").write_text("\n", encoding="utf-8")
    with pytest.raises(UserError, match="没有句对"):
        read_pairs(tmp_path / "empty.tsv")
    with pytest.raises(UserError, match="不存在"):
        resolve(tmp_path / "nowhere")
    assert "随机" in gradient_curves(length=4, width=8, seed=0).source
    install_language("en")
    w = new_window_on(translator)
    try:
        assert f"trained model in {folder}" in w.windowTitle()
    finally:
        w.close()


def test_tests_run_in_english(qapp):
    """The default every other test relies on, whatever the machine's locale."""
    from explorer.language import chosen_language

    assert current_language() == "en"
    assert chosen_language(None) == "en"          # conftest sets EXPLORER_LANGUAGE=en


# the window in Chinese ---------------------------------------------------------------------------
def visible_texts(w) -> list[tuple[str, str]]:
    """(where, text) of what the window shows: menus, tabs, buttons, group titles, labels, line-edit
    placeholders, combo items, tooltips, the status line, the stage titles and the model map."""
    from explorer.token_chips import TokenChips

    out = []

    def menu_texts(menu: QMenu, path: str):
        out.append((path, menu.title()))
        for a in menu.actions():
            if a.menu() is not None:
                menu_texts(a.menu(), f"{path} › {a.text()}")
            elif a.text() and not a.isSeparator():
                out.append((f"{path} › action", a.text()))
    for a in w.menuBar().actions():
        menu_texts(a.menu(), "menu")
    chips = w.findChildren(TokenChips)
    for widget in w.findChildren(QWidget):
        if any(c is widget or c.isAncestorOf(widget) for c in chips):
            continue                                   # the model's tokens
        name = type(widget).__name__
        if isinstance(widget, QAbstractButton):
            out.append((f"{name} text", widget.text()))
        if isinstance(widget, QLabel) and widget.isVisibleTo(w):
            out.append((f"{name} text", widget.text()))
        if isinstance(widget, QGroupBox):
            out.append((f"{name} title", widget.title()))
        if isinstance(widget, QLineEdit):
            out.append((f"{name} placeholder", widget.placeholderText()))
        if isinstance(widget, QComboBox):
            out += [(f"{name} item", widget.itemText(i)) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            out += [(f"{name} tab", widget.tabText(i)) for i in range(widget.count())]
        if widget.toolTip():
            out.append((f"{name} tooltip", widget.toolTip()))
    out.append(("status tooltip", w.statusBar().toolTip()))
    out += [("stage title", s.title) for s in w.state.stages]
    out += [("model map", label) for label in w.model_map.labels.values()]
    out += [("model map title", w.model_map.title(stack)) for stack in w.state.arch.stacks]
    for view in {id(v): v for v in w.view_for_kind.values()}.values():
        for hm in view.heatmaps():
            out.append(("figure title", hm.plot.titleLabel.text))
            if hm.image.image is not None and hm.plot.isVisible():
                out.append(("hover text (status line)", hm.hover_text_at(0, 0)))
    return out


def model_words(w) -> set[str]:
    """The tokens of the sentence and of its translation (what the model reads and writes), the
    example texts typed for it, the model's name and family."""
    from explorer.main_window import TEXT_EXAMPLES

    trace, snap = w.state.trace, w.state.snapshot
    words = set(trace.src_tokens) | set(trace.tgt_tokens) | {w.state.sentence, w.translator.name,
                                                             w.translator.arch.family}
    words |= {text for text, _note in TEXT_EXAMPLES}
    if snap is not None and snap.translation:
        words |= set(snap.translation.split())
    fill = getattr(w.state, "mask_fill", None)        # BERT's guesses at each [MASK]: the model writes them
    if fill is not None:
        words |= {g.token for guesses in fill.guesses for g in guesses} | {fill.filled}
    return {x for t in words for x in re.findall(r"[A-Za-z][A-Za-z_]*", t)}


def test_window_in_chinese_has_no_english_left(qtbot, chinese):
    w = new_window()
    try:
        qtbot.waitUntil(lambda: not w.worker.busy() and w.state.snapshot is not None, timeout=20000)
        for kind in ("embed", "attention", "norm", "ffn", "linear"):
            w.view(kind)
        for i in (0, 2, 4, len(w.state.stages) - 1):       # the views draw their titles
            w.state.stage_index = i
            QApplication.processEvents()
        w.state.mode = "training"
        QApplication.processEvents()
        w.state.mode = "inference"
        w.show_lessons(True)
        qtbot.waitUntil(lambda: not w.worker.busy(), timeout=20000)
        QApplication.processEvents()
        allowed = ALLOWED | model_words(w)
        texts = visible_texts(w)
        assert len(texts) > 150
        leftovers = [(where, text) for where, text in texts
                     if "Examples" not in where and english_words(text, allowed)]
        # the Examples menu pairs a sentence with the English it translates to: model sentences
        assert leftovers == [], "\n".join(f"{where}: {text!r}" for where, text in leftovers)
        menu_titles = [a.text() for a in w.menuBar().actions()]
        assert menu_titles == ["文件(&F)", "视图(&V)", "转到(&G)"]
        assert w.tabs.tabText(0) == "模型与解码"
        assert w.lessons_panel.language == "zh"            # the lessons follow the interface
    finally:
        w.close()


def test_english_words_finds_what_is_left():
    """The check above can fail: an untranslated label is caught, formulas and tokens are not."""
    assert english_words("第 0 层 · head 3", ALLOWED) == ["head"]
    assert english_words("softmax(QKᵀ/√d_k + M) <b>头 3</b>", ALLOWED) == []
    assert english_words("可在命令行用 `transformer-explorer continue` 完成", ALLOWED) == []


def test_language_menu_rebuilds_the_window_on_the_same_session(qtbot, qapp, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = new_window(settings)
    new = None
    try:
        qtbot.waitUntil(lambda: not w.worker.busy() and w.state.snapshot is not None, timeout=20000)
        w.state.stage_index = 5
        w.state.head = 3
        assert w.language_actions["en"].isChecked()
        w.language_actions["zh_CN"].trigger()
        new = w.replaced_by
        assert new is not None and new is not w and not w.isVisible()
        assert current_language() == "zh_CN"
        assert settings.value("language") == "zh_CN"
        assert new.language_actions["zh_CN"].isChecked()
        assert new.state.stage_index == 5 and new.state.head == 3
        assert new.menuBar().actions()[0].text() == "文件(&F)"
        assert new.state.stage.title.startswith("编码器")
        back = new.set_language("en")
        assert current_language() == "en" and back.menuBar().actions()[0].text() == "&File"
        assert back.state.stage_index == 5
        back.close()
    finally:
        install_language("en")
        for window in (w, new):
            if window is not None:
                window.close()


def test_the_lessons_language_box_switches_the_interface(qtbot, chinese):
    w = new_window()
    try:
        panel = w.show_lessons(True)
        assert panel.language == "zh"
        panel._on_language_chosen("en")
        assert current_language() == "en"
        new = w.replaced_by
        assert new.lessons_panel is not None and new.lessons_panel.language == "en"
        assert new.menuBar().actions()[0].text() == "&File"
        new.close()
    finally:
        w.close()


def test_a_refused_session_says_why_in_chinese(qtbot, chinese, tmp_path):
    w = new_window()
    shown = []
    w.show_error = lambda title, text: shown.append((title, text))
    try:
        bad = tmp_path / "bad.json"
        bad.write_text("[1, 2]", encoding="utf-8")
        assert w.open_session(str(bad)) is None
        title, text = shown[-1]
        assert title == "无法打开这个会话"
        assert "不是会话文件" in text and "窗口保持原样" in text
    finally:
        w.close()


def test_exported_figure_titles_in_chinese(chinese):
    from explorer.export import specs

    trace = Translator.load().trace("我是一个学生")
    spec = specs.build_spec(trace, "dec.cross", 5, 2)      # the head's pipeline, as the window exports it
    assert "交叉注意力" in spec.title and "解码器第 5 层" in spec.title and "头 2" in spec.title
    assert "模型" in spec.caption
    assert spec.data[1] == "查询（目标）"                    # its weights' rows, in the CSV
    spec = specs.build_spec(trace, "dec.cross", 5)           # every head of the layer
    assert spec.row_axis == "查询（目标）" and "交叉注意力" in spec.title


def test_language_choice_order(qapp, monkeypatch, tmp_path):
    """$EXPLORER_LANGUAGE, then the saved choice, then the system locale; an unknown value is ignored."""
    from explorer.language import chosen_language, system_language

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    monkeypatch.delenv("EXPLORER_LANGUAGE", raising=False)
    assert chosen_language(settings) == system_language()
    settings.setValue("language", "zh_CN")
    assert chosen_language(settings) == "zh_CN"
    settings.setValue("language", "klingon")
    assert chosen_language(settings) == system_language()
    monkeypatch.setenv("EXPLORER_LANGUAGE", "en")
    settings.setValue("language", "zh_CN")
    assert chosen_language(settings) == "en"


def test_qt_own_dialog_words_follow(chinese):
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


@pytest.mark.parametrize("family", ["bert", "gpt2"])
def test_bert_and_gpt2_windows_in_chinese(qtbot, chinese, tmp_path, family):
    """The windows of the other families have no English left either (their texts are English
    model tokens, allowed as such)."""
    pytest.importorskip("transformers")
    import tiny_bert_gpt2
    from core.text_model import open_model
    from explorer.main_window import MainWindow

    getattr(tiny_bert_gpt2, family)(tmp_path / family)
    model = open_model(str(tmp_path / family))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    text = "the cat sat on the [MASK]" if family == "bert" else "the cat sat on"
    w = MainWindow(model, sentence=text, settings=settings, labs=False)
    try:
        w.resize(1400, 900)
        w.show()
        qtbot.waitUntil(lambda: not w.worker.busy() and w.state.trace is not None, timeout=20000)
        QApplication.processEvents()
        allowed = ALLOWED | model_words(w)
        leftovers = [(where, text) for where, text in visible_texts(w)
                     if "Examples" not in where and english_words(text, allowed)]
        assert leftovers == [], "\n".join(f"{where}: {text!r}" for where, text in leftovers)
    finally:
        w.close()


def test_lesson_pages_open_their_lab_in_chinese(qtbot, chinese):
    """A page whose setup opens a lab finds the lab's tab by its Chinese title, and frames that lab."""
    from explorer.lessons import content
    from explorer.lessons.driver import LAB_TABS

    w = new_window()
    try:
        panel = w.show_lessons(True)
        lab_pages = [p for p in content.pages() if p.setup.get("tab") in LAB_TABS]
        assert lab_pages
        for page in lab_pages:
            panel.show_page("attention.pipeline")
            assert w.tabs.currentWidget() is w.splitter
            panel.show_page(page.id)
            title = w.tabs.tabText(w.tabs.currentIndex())
            lab_title = w.tabs.tabText(list(LAB_TABS).index(page.setup["tab"]) + 2)   # after the model and overview tabs
            assert title == lab_title and w.tabs.currentWidget() is not w.splitter, page.id
    finally:
        w.close()


# the lessons in Chinese ----------------------------------------------------------------------------
def label_form(text: str) -> str:
    """A label as the window shows it, without the values it is filled with: no mnemonic &, no
    {placeholder}, no trailing colon, spaces collapsed."""
    text = re.sub(r"&(?=[^&\s])", "", text.replace("&&", "\0")).replace("\0", "&")
    text = re.sub(r"\{[^}]*\}", "", text)
    return re.sub(r"\s+", " ", text).strip().rstrip("：:").strip()


def chinese_page_texts() -> list[tuple[str, str]]:
    from explorer.lessons import content

    out = []
    for page in content.pages():
        texts = [page.title, page.text, page.look] + ([page.task["text"]] if page.task else [])
        if isinstance(page.formula, dict):
            texts.append(page.formula)
        out += [(page.id, t["zh"]) for t in texts if t]
    return out


def test_chinese_lessons_quote_the_chinese_interface(chinese):
    """A Chinese page names a control, tab or view in 「…」 with the words the Chinese window shows
    (a translation in the .ts, or a stage title as the window builds it), and leaves no English
    label or word for the student to read (formula symbols, code names and model tokens aside)."""
    from core.translator import Translator
    from explorer.stages import build_stages

    translator = Translator.load()
    shown = {label_form(tr.text or "") for tr in tools.messages(TS).values() if tr is not None}
    shown |= {label_form(stage.title) for stage in build_stages(translator.arch)}
    english = {label_form(source) for _, source in tools.messages(TS) if " " in source.strip()}
    tokens = set(translator.tgt.vocab)
    symbols = re.compile(r"^[A-Za-z]{1,2}(_[A-Za-z0-9]*)?$")          # Q, W_O, h_t, y_n, M_k …
    quoted = 0
    for page_id, text in chinese_page_texts():
        for label in re.findall(r"「([^」]*)」", text):
            quoted += 1
            assert label_form(label) in shown, (page_id, label)
        for label in re.findall(r"[“\"]([^”\"]*)[”\"]", text):
            assert label_form(label) not in english, (page_id, label)        # an English label quoted
        left = [w for w in english_words(text, ALLOWED | tokens | {"nn", "PageUp", "PageDown"})
                if not symbols.match(w)]
        assert not left, (page_id, left)
    assert quoted >= 10


def lab_texts(lab) -> list[tuple[str, str]]:
    """(where, text) of what a lab shows: labels, buttons, group titles, tooltips, and its plots'
    titles, axis labels and legend entries."""
    out = []
    for widget in lab.findChildren(QWidget):
        name = type(widget).__name__
        if isinstance(widget, QAbstractButton):
            out.append((f"{name} text", widget.text()))
        if isinstance(widget, QLabel) and widget.isVisibleTo(lab):
            out.append((f"{name} text", widget.text()))
        if isinstance(widget, QGroupBox):
            out.append((f"{name} title", widget.title()))
        if widget.toolTip():
            out.append((f"{name} tooltip", widget.toolTip()))
        if isinstance(widget, pg.GraphicsView):
            for item in widget.scene().items():
                if isinstance(item, pg.PlotItem):
                    out.append(("plot title", item.titleLabel.text))
                    for side in ("left", "bottom"):
                        out.append((f"{side} axis", item.getAxis(side).labelText))
                    if item.legend is not None:
                        out += [("legend", label.text) for _sample, label in item.legend.items]
    return out


@pytest.mark.parametrize("family", ["bert", "gpt2"])
def test_positional_lab_on_bert_and_gpt2_in_chinese(qtbot, chinese, tmp_path, family):
    """The positional lab on a learned table (BERT's, GPT-2's with its causal mask) is Chinese too:
    the least-squares fit, its residual curves and the repeated-word verdict (model tokens aside)."""
    pytest.importorskip("transformers")
    import tiny_bert_gpt2
    from core.text_model import open_model
    from explorer.labs.positional_lab import PositionalLab

    getattr(tiny_bert_gpt2, family)(tmp_path / family)
    model = open_model(str(tmp_path / family))
    lab = PositionalLab(model)
    qtbot.addWidget(lab)
    try:
        lab.resize(1300, 1400)
        lab.show()
        qtbot.waitUntil(lambda: lab.relation is not None and lab.repeated is not None, timeout=20000)
        QApplication.processEvents()
        texts = lab_texts(lab)
        lab.pos.setValue(4)                       # a held-out position: the fit's other sentence
        texts += lab_texts(lab)
        lab.k.setValue(lab.k.maximum())
        lab.pos.setValue(lab.pos.maximum())       # beyond the table: the range message
        texts += lab_texts(lab)
        lab.pe_on.setChecked(True)
        texts += lab_texts(lab)
        allowed = ALLOWED | {x for t in [*lab.repeated.tokens, model.name, model.arch.family]
                             for x in re.findall(r"[A-Za-z][A-Za-z_]*", t)}
        assert len(texts) > 30
        leftovers = sorted({(where, text) for where, text in texts if english_words(text, allowed)})
        assert leftovers == [], "\n".join(f"{where}: {text!r}" for where, text in leftovers)
    finally:
        lab.stop()
