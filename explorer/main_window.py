"""The main window: sentence box, mode and ablations on top with the token chips; then tabs. The
first tab holds the model map on the left, the stepper and the view of the current stage in the
centre, and below it the decoding panel (inference: step by step; training: teacher forcing) beside
the cross-attention alignment. Then the model overview and the labs. The hovered cell's meaning is in
the status bar; the File menu exports."""
from __future__ import annotations

import gc
import time
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QButtonGroup, QFileDialog, QFrame, QHBoxLayout, QLabel,
                               QLineEdit, QMainWindow, QMenu, QMessageBox, QProgressDialog, QPushButton, QRadioButton,
                               QScrollArea, QSizePolicy, QSplitter, QStackedWidget, QToolButton, QVBoxLayout, QWidget)

from core.errors import UserError
from core.i18n import trans
from core.token_labels import output_vocab

from .decoding.ablation_bar import AblationBar
from .decoding.alignment_view import AlignmentView
from .decoding.controller import DecodingController
from .decoding.inference_panel import InferencePanel
from .decoding.overview import ModelOverview
from .decoding.training_panel import TrainingPanel
from .export import menu as export_menu
from .export.background import BackgroundWrites
from .i18n import LANGUAGES, QT_TRANSLATE_NOOP, current_language, translate
from .idle_builder import IdleBuilder
from .model_map import ModelMap
from .state import ExplorerState
from .tab_widget import TabWidget
from .token_chips import TokenChips
from .views.add_norm_view import AddNormView
from .views.attention_view import AttentionView
from .views.embedding_view import EmbeddingView
from .views.ffn_view import FeedForwardView
from .views.output_view import OutputView
from .theme import apply_theme, mark
from .worker import TraceWorker

DEFAULT_SENTENCE = "我是一个学生"
VIEW_CLASSES = (EmbeddingView, AttentionView, AddNormView, FeedForwardView, OutputView)
EXAMPLES = [("我是一个学生", QT_TRANSLATE_NOOP("MainWindow", "I am a student")),
            ("我爱中国", QT_TRANSLATE_NOOP("MainWindow", "I love China")),
            ("他和他的她", QT_TRANSLATE_NOOP("MainWindow", "a repeated word: 他 twice")),
            ("我昨天在学校看见了他", QT_TRANSLATE_NOOP("MainWindow", "reordering: I saw him at school yesterday")),
            ("我在家看书", QT_TRANSLATE_NOOP("MainWindow", "reordering: I read at home")),
            ("你爱中国吗", QT_TRANSLATE_NOOP("MainWindow", "a question: do you love China?"))]


TEXT_EXAMPLES = [("the cat sat on the mat", QT_TRANSLATE_NOOP("MainWindow", "a short sentence")),
                 ("the cat sat on the [MASK]", QT_TRANSLATE_NOOP("MainWindow", "BERT: fill the mask")),
                 ("students read about attention heads", QT_TRANSLATE_NOOP("MainWindow", "a longer one"))]


def decoding_panel_kind(arch) -> str:
    """"translate" (encoder-decoder), "continue" (GPT-2), "fill-mask" (BERT with its masked-LM head)
    or "none" (an encoder without an output head: nothing to decode)."""
    if arch.is_seq2seq:
        return "translate"
    if not arch.has_output:
        return "none"
    return "continue" if arch.stacks == ("dec",) else "fill-mask"


def no_decoding_panel_note(model) -> str:
    family = model.arch.family
    encoder_only = model.arch.stacks == ("enc",)
    what = (translate("MainWindow", "fill [MASK] (type a text with [MASK])") if encoder_only
            else translate("MainWindow", "continue the text token by token"))
    command = "fill-mask" if encoder_only else "continue"
    return translate("MainWindow", "The decoding panel for {family} ({what}) is not in the window yet: "
                     "`transformer-explorer {command} --model …` does it on the command line. "
                     "The stages above show one forward pass over the text you type, every layer and head."
                     ).format(family=family, what=what, command=command)


OPEN_WINDOWS: list = []  # windows opened by File → Open model (kept alive here)

def sync_settings(settings: QSettings) -> None:
    """Write the settings to disk now (QSettings writes a temporary file and renames it), so a killed
    process keeps them. (Calling QSettings::sync through ctypes would let the worker run during its
    ~1 ms, but a raw C++ call is not worth the risk of a crash on another Qt build.)"""
    settings.sync()


def _lay_out_now(most_rounds: int = 16) -> None:
    """Send the pending layout requests now, not after the next paint: a plot's (its axes grew), then
    the canvas layouts it sits in, then the widgets' up to the window. Qt sends only the events
    posted before the call, so each round sends those the round before posted, until one sends none
    (a plot in a nested layout in a canvas in a page of a tab widget in the window: eight or nine)."""
    app = QApplication.instance()
    counter = _LayoutRequests()
    app.installEventFilter(counter)
    try:
        for _ in range(most_rounds):
            counter.sent = 0
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            if not counter.sent:
                break
    finally:
        app.removeEventFilter(counter)


class _LayoutRequests(QObject):
    """Counts the layout requests Qt delivers while it is installed (see _lay_out_now)."""

    sent = 0

    def eventFilter(self, _obj, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.sent += 1
        return False


class MainWindow(QMainWindow):
    """Opens on `translator` with `sentence` (default: the last one, or 我是一个学生) already run."""

    def __init__(self, translator, sentence: str | None = None, settings: QSettings | None = None,
                 labs: bool = True):
        super().__init__()
        self.translator = translator
        self.settings = settings if settings is not None else QSettings("TransformerExplorer", "explorer")
        cfg = translator.cfg
        self.seq2seq = translator.arch.is_seq2seq      # translates: the decoding panel, modes, alignment
        # a BERT or GPT-2 window remembers its own text (a Chinese sentence is no text for them)
        self.sentence_key = "sentence" if self.seq2seq else f"sentence.{translator.arch.family}"
        self.default_sentence = (DEFAULT_SENTENCE if self.seq2seq else TEXT_EXAMPLES[1][0]
                                 if translator.arch.specials.mask is not None else TEXT_EXAMPLES[0][0])
        self.state = ExplorerState(translator.arch, cfg.n_heads, output_vocab(translator))
        self.dark = self.settings.value("dark", "false") in (True, "true")
        apply_theme(self.dark)
        self.setWindowTitle(translate("MainWindow", "Transformer Explorer — {name} ({description})").format(
            name=translator.name, description=trans._(translator.description)))
        self.worker = TraceWorker(translator, self)
        self.background_writes = BackgroundWrites(self)       # PNG exports: encoded and written off this thread
        self.background_writes.written.connect(self._on_export_written)    # bound methods: run on this thread
        self.background_writes.failed.connect(self._on_export_failed)
        # what the decoding panel does for this family: translate, continue the text (GPT-2), fill
        # [MASK] (BERT with its masked-LM head), or nothing (a bare encoder: the stages only)
        self.panel_kind = decoding_panel_kind(translator.arch)
        if self.panel_kind == "translate":
            self.controller = DecodingController(translator, self.state, self.worker, self)
        elif self.panel_kind == "continue":
            from .decoding.continuation_controller import ContinuationController

            self.controller = ContinuationController(translator, self.state, self.worker, self)
            self.state.follow_written_row = True      # the views on the position being written
        elif self.panel_kind == "fill-mask":
            from .decoding.fill_mask_controller import FillMaskController

            self.controller = FillMaskController(translator, self.state, self.worker, self)
        else:
            from .decoding.forward_controller import ForwardController

            self.controller = ForwardController(translator, self.state, self.worker, self)
        self.controller.applied = self._prepare_canvases
        # where exports ask for a file (tests put a path here instead of a dialog)
        self.ask_figure_path = export_menu._ask_path
        self.ask_resolution = export_menu._ask_resolution
        self.ask_save_path = lambda title, suggested, filters: QFileDialog.getSaveFileName(
            self, title, suggested, filters)[0]
        self.ask_open_path = lambda title, folder, filters: QFileDialog.getOpenFileName(
            self, title, folder, filters)[0]
        self.ask_folder = lambda title: QFileDialog.getExistingDirectory(self, title, str(Path.home()))
        self._build()
        if self.dark:
            apply_theme(self.dark, self)       # what was just built follows the theme
        self.labs = []
        self._lab_pages: dict[int, int] = {}     # tab index → lab index, until the lab is built
        if labs:                           # every family: each lab says where it does not apply
            from .labs import lab_titles

            for i, title in enumerate(lab_titles()):   # built the first time their tab opens
                page = QWidget()
                QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
                self._lab_pages[self.tabs.addTab(page, translate("labs", title).replace("&", "&&"))] = i
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.tabs.tabBarClicked.connect(self._on_tab_changed)
        self._connect_state()

        if sentence is None:
            sentence = str(self.settings.value(self.sentence_key, self.default_sentence) or self.default_sentence)
        stage = int(self.settings.value("stage", 0) or 0)
        self._run_first(sentence)          # on the worker: the window shows at once, "translating…"
        self.sentence_box.setText(sentence)
        self._update_novelty(self.state.sentence)
        self.state.stage_index = stage
        self._restore_geometry()
        self.model_map.setFocus()          # the stepping keys work at once; a click in the box types
        self._on_stage_index_changed(self.state.stage_index)
        self._on_mode_changed(self.state.mode)
        self.lessons_panel = None                 # built the first time View → Lessons opens it
        if self.settings.value("lessons/visible", "false") in (True, "true"):
            self.show_lessons(True, apply=False)   # back on the last page, the window as it was left
        # what exists now (torch, Qt, the model, the window) lives until exit: out of the collector's
        # sight, a full collection no longer walks it (one took 100 ms mid-typing, in whichever thread)
        gc.freeze()
        self.idle_builder = IdleBuilder(self._idle_steps(), busy=self.worker.busy, parent=self)
        ev = self.state.events
        # a result arriving is activity too: after a long job the views apply and paint it before the
        # builder takes a piece (one had taken 32 ms right after a base-model trace, in the same gap)
        for signal in (ev.sentence_changed, ev.stage_index_changed, ev.head_changed, ev.mode_changed,
                       ev.ablations_changed, ev.hover_text_changed, ev.trace_changed):
            signal.connect(self.idle_builder.touch)
        self.idle_builder.start()

    def _idle_steps(self):
        """What the idle builder makes ahead of use, most visited first: each stage view and its
        other tabs, then the training panel; the new objects are then frozen too (see gc.freeze)."""
        for kind in ("attention", "norm", "ffn", "linear", "embed"):
            yield lambda kind=kind: self.view(kind)
            for part in self.view(kind).deferred_parts():
                while not part.done:
                    yield part.step
        yield lambda: self.training_panel
        for part in self.training_panel.deferred_parts():
            while not part.done:
                yield part.step
        yield gc.freeze

    # construction -------------------------------------------------------------------------------
    def _build(self) -> None:
        st = self.state
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 2)
        outer.setSpacing(3)

        top = QHBoxLayout()
        self.sentence_box = QLineEdit()
        self.sentence_box.setPlaceholderText(
            translate("MainWindow", "Type a Chinese sentence, e.g. 我是一个学生") if self.seq2seq else
            translate("MainWindow", "Type a text, e.g. the cat sat on the [MASK]")
            if self.translator.arch.specials.mask is not None else translate("MainWindow", "Type a text, e.g. the cat sat on"))
        self.sentence_box.setClearButtonEnabled(True)
        f = self.sentence_box.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        self.sentence_box.setFont(f)
        top.addWidget(QLabel(translate("MainWindow", "Sentence:")))
        top.addWidget(self.sentence_box, 1)
        self.examples_button = QToolButton()
        self.examples_button.setText(translate("MainWindow", "Examples"))
        self.examples_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.examples_button)
        for text, note in (EXAMPLES if self.seq2seq else TEXT_EXAMPLES):
            action = menu.addAction(f"{text}    ({translate('MainWindow', note)})")
            action.triggered.connect(lambda _=False, t=text: self.sentence_box.setText(t))
        self.examples_button.setMenu(menu)
        top.addWidget(self.examples_button)
        self.mode_buttons = QButtonGroup(self)
        self.inference_button = QRadioButton(translate("MainWindow", "Inference"))
        self.inference_button.setToolTip(translate("MainWindow", "the decoder writes one token at a time from <bos> (test time)"))
        self.training_button = QRadioButton(translate("MainWindow", "Training (teacher forcing)"))
        self.training_button.setToolTip(translate("MainWindow", "the decoder reads a whole target at once, behind the causal mask"))
        for i, b in enumerate((self.inference_button, self.training_button)):
            self.mode_buttons.addButton(b, i)
            top.addWidget(b)
        self.inference_button.setChecked(True)
        self.mode_buttons.idClicked.connect(lambda i: setattr(st, "mode", ("inference", "training")[i]))
        self.dark_action = QAction(translate("MainWindow", "Dark"), self, checkable=True, checked=self.dark)
        self.dark_action.setToolTip(translate("MainWindow", "dark palette"))
        self.dark_action.toggled.connect(self.set_dark)
        dark_button = QToolButton()
        dark_button.setDefaultAction(self.dark_action)
        top.addWidget(dark_button)
        for b in (self.inference_button, self.training_button):
            b.setVisible(self.seq2seq)
        outer.addLayout(top)
        self.ablation_bar = AblationBar(st)
        outer.addWidget(self.ablation_bar)

        self.message = QLabel()
        mark(self.message, "warning")
        policy = self.message.sizePolicy()
        policy.setRetainSizeWhenHidden(True)   # showing a message must not re-lay out (and repaint) every view
        self.message.setSizePolicy(policy)
        self.message.setVisible(False)
        # beside it, calmly: what of the sentence the model never saw in training (core.coverage)
        self.novelty = QLabel()
        self.novelty.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)   # never widens the window
        italic = self.novelty.font()
        italic.setItalic(True)
        self.novelty.setFont(italic)
        notes = QHBoxLayout()
        notes.setContentsMargins(0, 0, 0, 0)
        notes.addWidget(self.message)
        notes.addWidget(self.novelty, 1)
        outer.addLayout(notes)
        self.src_chips = TokenChips(st, "src", translate("MainWindow", "Source tokens:") if self.seq2seq
                                   else translate("MainWindow", "Tokens:"))
        self.tgt_chips = TokenChips(st, "tgt", translate("MainWindow", "Decoder input:") if self.seq2seq
                                   else translate("MainWindow", "Tokens:"))
        sides = ["src" if stack == "enc" else "tgt" for stack in self.translator.arch.stacks]
        for chips in (self.src_chips, self.tgt_chips):       # long sentences scroll, never widen the window
            if ("src" if chips is self.src_chips else "tgt") not in sides:
                continue                                      # a model without this side: no row for it
            scroll = QScrollArea()
            scroll.setWidget(chips)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            # room for a row of chips and the scroll bar under it, as tall as the style makes it (the
            # area lays its bar out at the bar's size hint whatever its fixed height: a bar set to
            # 7 px was drawn 14 px tall over the chips' lower edge)
            bar = scroll.horizontalScrollBar()
            chip_height = max(chips.sizeHint().height(), chips.chip_height())
            scroll.setFixedHeight(chip_height + bar.sizeHint().height() + 2)
            outer.addWidget(scroll)

        self.tabs = TabWidget()
        outer.addWidget(self.tabs, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model_map = ModelMap(st)
        self.splitter.addWidget(self.model_map)

        self.vsplit = QSplitter(Qt.Orientation.Vertical)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 0, 0, 0)
        stepper = QHBoxLayout()
        self.prev_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        for b, tip in ((self.prev_button, translate("MainWindow", "previous stage (←; Page Up: previous layer; Home: first)")),
                       (self.next_button, translate("MainWindow", "next stage (→; Page Down: next layer; End: last)"))):
            b.setToolTip(tip)
            b.setFixedWidth(40)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.prev_button.clicked.connect(lambda: st.step(-1))
        self.next_button.clicked.connect(lambda: st.step(1))
        self.stage_label = QLabel()
        sf = self.stage_label.font()
        sf.setPointSizeF(sf.pointSizeF() * 1.25)
        sf.setBold(True)
        self.stage_label.setFont(sf)
        self.stage_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.stage_label.setWordWrap(True)      # at 1366 px a decoder stage's title takes two lines
        stepper.addWidget(self.prev_button)
        stepper.addWidget(self.next_button)
        stepper.addWidget(self.stage_label, 1)
        self.head_label = QLabel(translate("MainWindow", "Head:"))
        stepper.addWidget(self.head_label)
        self.head_buttons = QButtonGroup(self)
        self.head_button_list = []
        for h in range(st.n_heads):
            b = QPushButton(str(h))
            b.setCheckable(True)
            b.setFixedWidth(28)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setToolTip(translate("MainWindow", "show head {head}; right-click: switch it off (or on again) in this attention block"
                                   ).format(head=h))
            b.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            b.customContextMenuRequested.connect(lambda _pos, h=h: self.toggle_head(h))
            self.head_buttons.addButton(b, h)
            self.head_button_list.append(b)
            stepper.addWidget(b)
        self.head_buttons.idClicked.connect(lambda h: setattr(st, "head", h))
        self.head_off_button = QPushButton(translate("MainWindow", "off"))
        self.head_off_button.setCheckable(True)
        self.head_off_button.setFixedWidth(40)          # the stage title beside it needs the room
        self.head_off_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.head_off_button.setToolTip(translate("MainWindow", "switch the shown head off in this attention block (its Z becomes 0)"))
        self.head_off_button.clicked.connect(lambda _on: self.toggle_head(st.head))
        stepper.addWidget(self.head_off_button)
        right_layout.addLayout(stepper)

        self.views = QStackedWidget()
        self.view_for_kind = {}     # views are built the first time their stage is shown
        right_layout.addWidget(self.views, 1)
        self.vsplit.addWidget(right)

        # the modes' pages, each the whole width: inference (its panel beside the alignment) and
        # training. Switching them resizes nothing: when the alignment was hidden for training and
        # shown again, both pages were laid out afresh at the other width (60 of a switch's 100 ms)
        self.mode_stack = QStackedWidget()
        self.bottom = QSplitter(Qt.Orientation.Horizontal)
        self._training_panel = None              # built on first use (see training_panel)
        if self.panel_kind == "translate":
            self.inference_panel = InferencePanel(st, self.controller)
        elif self.panel_kind == "continue":
            self.inference_panel = InferencePanel(st, self.controller, strategies=("greedy", "sample"))
        elif self.panel_kind == "fill-mask":
            from .decoding.fill_mask_panel import FillMaskPanel

            self.inference_panel = FillMaskPanel(st, self.controller, self.src_chips, self.sentence_box.setText)
        else:
            self.inference_panel = QLabel(no_decoding_panel_note(self.translator))
            self.inference_panel.setWordWrap(True)
            self.inference_panel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bottom.addWidget(self.inference_panel)
        self.alignment = AlignmentView(st)
        self.bottom.addWidget(self.alignment)
        self.alignment.setVisible(self.seq2seq)
        self.bottom.setStretchFactor(0, 3)
        self.bottom.setStretchFactor(1, 2)
        self.mode_stack.addWidget(self.bottom)
        self.vsplit.addWidget(self.mode_stack)
        self.vsplit.setStretchFactor(0, 3)
        self.vsplit.setStretchFactor(1, 2)
        # until the first run arrives (on the worker: a real-size checkpoint takes seconds) the stage
        # views and panels give way to a page that says what is running; the model map stays
        self.work = QStackedWidget()
        self.first_run_page = self._build_first_run_page()
        self.work.addWidget(self.first_run_page)
        self.work.addWidget(self.vsplit)
        self.splitter.addWidget(self.work)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 1120])
        # a note only below (no panel for this model): the views take the height
        self.vsplit.setSizes([680, 50] if self.panel_kind == "none" else [430, 300])
        self.bottom.setSizes([680, 440])
        self.tabs.addTab(self.splitter, translate("MainWindow", "Model && decoding"))
        self.overview = ModelOverview(st)
        self.overview.opened.connect(lambda *_: self.tabs.setCurrentWidget(self.splitter))
        self.tabs.addTab(self.overview, translate("MainWindow", "Model overview"))
        from .export.specs import attention_all_heads
        from .export.widget_export import add_widget_export_action

        export_menu.add_export_action(     # right-click → the every-layer × head figure of the shown kind
            self.overview.view, lambda: attention_all_heads(self.state.trace, self.overview.kind),
            on_export=lambda parent, spec: self._export_dialog(parent, spec))
        if self.seq2seq:
            add_widget_export_action(self.alignment.canvas, "cross-attention-alignment")
        if self.panel_kind in ("translate", "continue"):
            add_widget_export_action(self.inference_panel.canvas, "next-token-distribution")
        elif self.panel_kind == "fill-mask":
            add_widget_export_action(self.inference_panel.canvas, "fill-mask")
        self.setCentralWidget(central)

        self.hover_label = QLabel()
        self.statusBar().addWidget(self.hover_label, 1)
        self.translation_label = QLabel()
        self.statusBar().addPermanentWidget(self.translation_label)

        # stepping keys act everywhere in the first tab except inside text boxes (the Go menu has
        # them with a modifier, for anywhere)
        # a click anywhere in the first tab that lands on nothing focusable (▶, a head button, a
        # label, the map's margin) takes the keyboard there, out of the sentence box; so do the tabs
        self.splitter.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.shortcuts = []
        for _name, key, _anywhere, slot in self._stepping():
            sc = QShortcut(QKeySequence(key), self.splitter)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
            self.shortcuts.append(sc)
        self._build_menu()

        self._sync_timer = QTimer(self, singleShot=True, interval=30)
        self._sync_timer.timeout.connect(lambda: sync_settings(self.settings))
        self._geometry_timer = QTimer(self, singleShot=True, interval=400)
        self._geometry_timer.timeout.connect(self._save_geometry)
        for sp in (self.splitter, self.vsplit, self.bottom):
            sp.splitterMoved.connect(lambda *_: self._geometry_timer.start())

    def _build_first_run_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        self.first_run_label = QLabel()
        f = self.first_run_label.font()
        f.setPointSizeF(f.pointSizeF() * 1.5)
        self.first_run_label.setFont(f)
        self.first_run_note = QLabel(translate("MainWindow", "The stage views and the panels appear as soon as it is done; "
                                               "the window answers meanwhile — type another sentence and it runs that instead."))
        self.first_run_note.setWordWrap(True)
        self.first_run_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # no busy bar: its animation repainted the window ~60 times a second, each paint pass laying
        # out every canvas (_prepare_canvases), for as long as the page showed
        layout.addWidget(self.first_run_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.first_run_note)              # the page's width: it wraps, centred
        layout.addStretch(3)
        return page

    def _end_first_run_page(self) -> None:
        """The first run is in: the views take the page's place in the splitter, for good, and the
        page goes — left in a stacked widget beside them, its word-wrapped note took part in their
        layout (a stack lays out every page, shown or not: the canvases' titles and sizes then
        chased each other, a Marian window looping in a layout pass)."""
        sizes = self.splitter.sizes()          # the model map keeps its width
        self.splitter.replaceWidget(self.splitter.indexOf(self.work), self.vsplit)
        self.vsplit.show()                     # the stack had hidden it, as a page not current
        self.splitter.setSizes(sizes)
        self.work.deleteLater()
        self.work = self.first_run_page = self.first_run_label = self.first_run_note = None
        self._canvas_list = None

    def _update_first_run_page(self) -> None:
        """The first-run page says what runs on which text (it follows the sentence box)."""
        if self.first_run_page is None:
            return
        text = self.state.sentence
        shown = text if len(text) <= 40 else text[:39] + "…"
        what = {"translate": translate("MainWindow", "Translating “{text}” …"),
                "continue": translate("MainWindow", "Running {family} on “{text}” …"),
                "fill-mask": translate("MainWindow", "Filling [MASK] in “{text}” …")}.get(
                    self.panel_kind, translate("MainWindow", "Running {family} on “{text}” …"))
        self.first_run_label.setText(what.format(text=shown, family=self.translator.arch.family))
        self.translation_label.setText(translate("MainWindow", "{model}: first run …").format(model=self.translator.name))

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.splitter and not self.splitter.isAncestorOf(self.focusWidget()):
            self.model_map.setFocus()      # back on the first tab: the stepping keys act again
        lab = self._lab_pages.pop(index, None)
        if lab is not None:
            from .labs import build_lab

            widget = build_lab(lab, self.translator, self.state)
            apply_theme(self.dark, widget)
            self.tabs.widget(index).layout().addWidget(widget)
            self.labs.append(widget)
            self._canvas_list = None

    @property
    def training_panel(self) -> TrainingPanel:
        """The teacher-forcing panel (built the first time training mode is shown)."""
        if self._training_panel is None:
            self._training_panel = TrainingPanel(self.state, request_translation=self.controller.request_translation)
            from .export.widget_export import add_widget_export_action

            add_widget_export_action(self._training_panel.canvas, "causal-mask")
            apply_theme(self.dark, self._training_panel)
            self.mode_stack.addWidget(self._training_panel)
            self._canvas_list = None
        return self._training_panel

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(translate("MainWindow", "&File"))
        self.open_model_action = file_menu.addAction(translate("MainWindow", "Open model…"), lambda: self.open_model())
        self.open_model_action.setShortcut(QKeySequence.StandardKey.Open)
        file_menu.addSeparator()
        self.save_session_action = file_menu.addAction(translate("MainWindow", "Save session…"), self.save_session)
        self.open_session_action = file_menu.addAction(translate("MainWindow", "Open session…"), self.open_session)
        file_menu.addSeparator()
        self.export_view_action = file_menu.addAction(translate("MainWindow", "Export current view…"), self.export_current_view)
        self.export_all_action = file_menu.addAction(translate("MainWindow", "Export all…"), self.export_all)
        self.export_trace_action = file_menu.addAction(translate("MainWindow", "Export trace (.npz)…"), self.export_trace)
        self.export_animation_action = file_menu.addAction(translate("MainWindow", "Export decoding animation…"), self.export_animation)
        file_menu.addSeparator()
        file_menu.addAction(translate("MainWindow", "Quit"), self.close).setShortcut(QKeySequence.StandardKey.Quit)
        view_menu = self.menuBar().addMenu(translate("MainWindow", "&View"))
        self.lessons_action = view_menu.addAction(translate("MainWindow", "Lessons"))
        self.lessons_action.setCheckable(True)
        self.lessons_action.setShortcut(QKeySequence("F1"))
        self.lessons_action.toggled.connect(self.show_lessons)
        self.language_menu = view_menu.addMenu(translate("MainWindow", "Language"))
        self.language_actions = {}
        for code, name in LANGUAGES.items():
            action = self.language_menu.addAction(name, lambda code=code: self.set_language(code))
            action.setCheckable(True)
            action.setChecked(code == current_language())
            self.language_actions[code] = action
        # the stepper from anywhere, the sentence box included (plain ← → move its cursor there)
        go = self.menuBar().addMenu(translate("MainWindow", "&Go"))
        for name, _key, anywhere, slot in self._stepping():
            go.addAction(translate("MainWindow", name), slot).setShortcut(QKeySequence(anywhere))
        go.addSeparator()
        go.addAction(translate("MainWindow", "To the model map (then ← → step)"), self.model_map.setFocus).setShortcut(QKeySequence("Esc"))

    def _stepping(self):
        """(name, key outside text boxes, key from anywhere, action) for each stepping command."""
        st = self.state
        return ((QT_TRANSLATE_NOOP("MainWindow", "Next stage"), Qt.Key.Key_Right, "Alt+Right", lambda: st.step(1)),
                (QT_TRANSLATE_NOOP("MainWindow", "Previous stage"), Qt.Key.Key_Left, "Alt+Left", lambda: st.step(-1)),
                (QT_TRANSLATE_NOOP("MainWindow", "Next layer"), Qt.Key.Key_PageDown, "Alt+PgDown", lambda: st.jump_layer(1)),
                (QT_TRANSLATE_NOOP("MainWindow", "Previous layer"), Qt.Key.Key_PageUp, "Alt+PgUp",
                 lambda: st.jump_layer(-1)),
                (QT_TRANSLATE_NOOP("MainWindow", "First stage"), Qt.Key.Key_Home, "Alt+Home",
                 lambda: setattr(st, "stage_index", 0)),
                (QT_TRANSLATE_NOOP("MainWindow", "Last stage"), Qt.Key.Key_End, "Alt+End",
                 lambda: setattr(st, "stage_index", len(st.stages) - 1)),
                (QT_TRANSLATE_NOOP("MainWindow", "Decoding step"), Qt.Key.Key_Space, "Ctrl+Space", self.decode_step))

    def _connect_state(self) -> None:
        ev = self.state.events
        # textChanged alone: it follows typing and setText (the Examples menu) alike; textEdited as
        # well ran the handler twice a keystroke
        self.sentence_box.textChanged.connect(self._on_text_changed)
        ev.sentence_changed.connect(self._on_sentence_changed)
        ev.stage_index_changed.connect(self._on_stage_index_changed)
        ev.head_changed.connect(self._on_head_changed)
        ev.hover_text_changed.connect(self.hover_label.setText, check_nargs=False)   # a Qt slot: sent the text
        ev.message_changed.connect(self._on_message_changed)
        ev.trace_changed.connect(self._on_trace_changed)
        ev.mode_changed.connect(self._on_mode_changed)
        ev.snapshot_changed.connect(self._on_snapshot_changed)
        ev.translation_changed.connect(lambda _t: self._update_translation_label())
        ev.ablations_changed.connect(lambda _a: self._update_head_buttons())

    # sentence → worker → state ------------------------------------------------------------------
    def _on_text_changed(self, text: str) -> None:
        self.state.sentence = text

    def _on_sentence_changed(self, text: str) -> None:
        self.remember(self.sentence_key, text)         # the controller re-runs the model
        self._update_first_run_page()
        self._update_novelty(text)

    def _update_novelty(self, text: str) -> None:
        """The one-line note on words or word pairs the model never saw (0.1 ms at 30 characters)."""
        note = self.translator.note(text) if hasattr(self.translator, "note") else ""
        self.novelty.setText(translate("MainWindow", "Note: {note}").format(note=note) if note else "")
        self.novelty.setToolTip(note)

    def _run_first(self, text: str) -> None:
        """The first run, on the worker like every other: the window opens at once, its views on
        their "translating…" page until the result arrives (a refused text: the default sentence's,
        with the reason)."""
        self.state._sentence = text
        self.state.message = ""
        self.controller.start(text, fallback=self.default_sentence)
        self._update_first_run_page()

    def ready(self) -> bool:
        """True once the first run's results are in the views and nothing more is pending (no job,
        no translation due): what tests and the bench wait for."""
        return (self.state.trace is not None and not self.worker.busy() and not self.controller.delivery.pending()
                and not self.controller.translation_due())

    def decode_step(self) -> None:
        """Space: one decoding step (inference mode)."""
        if self.state.mode == "inference":
            self.controller.step()

    def _on_message_changed(self, message: str) -> None:
        if self.state.trace is None:           # nothing has run yet (the first text was superseded by one refused)
            self.message.setText(translate("MainWindow", "⚠ {message} — nothing has run yet: type a sentence the model can read."
                                           ).format(message=message) if message else "")
        else:
            self.message.setText(translate("MainWindow", "⚠ {message} — the views still show the last sentence that ran."
                                           ).format(message=message) if message else "")
        self.message.setVisible(bool(message))

    def _on_trace_changed(self, trace) -> None:
        if trace is not None and self.first_run_page is not None:
            self._end_first_run_page()
        self._update_translation_label()
        self._update_stage_label()

    def _update_translation_label(self) -> None:
        """The status bar's greedy translation ('…' until it follows the snapshot)."""
        trace, snap = self.state.trace, self.state.snapshot
        meta = trace.meta if trace is not None else {}
        note = ("   " + translate("MainWindow", "({n} tokens cut off)").format(n=meta["truncated"])) if meta.get("truncated") else ""
        if self.panel_kind == "continue" and snap is not None:
            self.translation_label.setText(translate("MainWindow", "{family}: continuing the text").format(
                family=self.translator.arch.family) + note)
            return
        if not self.seq2seq:
            self.translation_label.setText(translate("MainWindow", "{family}: one forward pass over the text").format(
                family=self.translator.arch.family) + note)
            return
        translation = "" if snap is None else ("…" if snap.translation is None else snap.translation)
        self.translation_label.setText(translate("MainWindow", "greedy translation: {translation}").format(
            translation=translation) + note)

    #: a paint this long (s) counts as a long piece of work: a result arriving next waits its turn
    LONG_PAINT_S = 0.020

    def event(self, ev) -> bool:
        if ev.type() == QEvent.Type.UpdateRequest:     # the window is about to paint what changed
            start = time.perf_counter()
            self._prepare_canvases()
            handled = super().event(ev)
            if time.perf_counter() - start > self.LONG_PAINT_S:
                self.controller.delivery.rest()
            return handled
        return super().event(ev)

    def _prepare_canvases(self) -> None:
        """Bring the layouts and view boxes of every visible canvas up to date before the window
        paints: once the views have applied a worker result (DecodingController.applied), and at
        the start of every paint pass (a stage shown, a head chosen). pyqtgraph does it at the start
        of a canvas's paint, and Qt lays widgets out once their layout requests come round, after the
        paint; either way what moves schedules a second paint of the same canvas (a stage switch
        painted the window four times). The pending layout requests go first — every one, in the
        order they were posted: a plot's (axes that grew), then its canvas layout's, then the
        widgets' — their geometry is what the canvases' scenes and view boxes fit."""
        try:
            canvases = [c for c in self._canvases() if c.isVisible()]
        except RuntimeError:                    # one was deleted since: look them up again
            self._canvas_list = None
            canvases = [c for c in self._canvases() if c.isVisible()]
        _lay_out_now()
        fitted = False
        for canvas in canvases:
            fit = getattr(canvas, "fit_to_content", None)
            if fit is not None:
                fitted = fit() or fitted
        if fitted:                              # a new scene size lays the plots out again
            _lay_out_now()
        for canvas in canvases:
            scene = canvas.scene()
            scene.prepareForPaint()
            # Qt's queued calls, now, so that this paint pass shows what they change (after it, each
            # asked the canvas for a second paint): the scene hands the items that moved to its
            # views, the scroll area shows or hides its scroll bars for the scene's new size
            QApplication.sendPostedEvents(scene, QEvent.Type.MetaCall)
            QApplication.sendPostedEvents(canvas, QEvent.Type.MetaCall)

    _canvas_list = None

    def _canvases(self) -> list:
        """Every pyqtgraph canvas of the window (looked up once, again after a view, panel or lab is
        built: findChildren walks the whole widget tree, 0.3 ms a keystroke)."""
        if self._canvas_list is None:
            self._canvas_list = self.findChildren(pg.GraphicsView)
        return self._canvas_list

    def _on_snapshot_changed(self, snap) -> None:
        self._update_chips_caption()

    def _on_mode_changed(self, mode: str) -> None:
        training = mode == "training"
        (self.training_button if training else self.inference_button).setChecked(True)
        if training or self._training_panel is not None:
            # training's page has the whole width (its four masking matrices need it); inference's
            # has the alignment beside the panel
            self.mode_stack.setCurrentWidget(self.training_panel if training else self.bottom)
        self._update_chips_caption()

    def _update_chips_caption(self) -> None:
        st = self.state
        if self.panel_kind == "continue" and st.snapshot is not None:
            n = len(st.snapshot.steps) - 1
            done = self.tr(", done") if st.snapshot.done else ""
            self.tgt_chips.caption.setText(self.tr("Tokens (the text and what GPT-2 wrote, step {n}{done}):").format(
                n=n, done=done))
            return
        if not self.seq2seq:
            return
        if st.mode == "training":
            self.tgt_chips.caption.setText(translate("MainWindow", "Decoder input (teacher forcing: the whole target, shifted right):"))
        elif st.snapshot is not None:
            n = len(st.snapshot.steps) - 1
            self.tgt_chips.caption.setText(
                (translate("MainWindow", "Decoder input (inference, step {n}, done):") if st.snapshot.done
                 else translate("MainWindow", "Decoder input (inference, step {n}):")).format(n=n))

    # stage / head -------------------------------------------------------------------------------
    def _on_stage_index_changed(self, index: int) -> None:
        stage = self.state.stage
        self.views.setCurrentWidget(self.view(stage.kind))
        is_attention = stage.kind == "attention"
        self.head_label.setEnabled(is_attention)
        for b in self.head_button_list:
            b.setEnabled(is_attention)
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.state.stages) - 1)
        self._update_stage_label()
        self.remember("stage", index)

    def view(self, kind: str):
        """The stage view for a stage kind (built on first use: most sessions never see them all)."""
        if kind not in self.view_for_kind:
            cls = next(c for c in VIEW_CLASSES if kind in c.kinds)
            view = cls(self.state)
            self.views.addWidget(view)
            for k in cls.kinds:
                self.view_for_kind[k] = view
            self._add_export_actions(view)
            self._canvas_list = None
        return self.view_for_kind[kind]

    def _add_export_actions(self, view) -> None:
        """Right-click → Export… on every plot canvas of a stage view: the figure of what it shows
        (the neuron view, which has no figure of its own, as drawn)."""
        from .export.widget_export import add_widget_export_action

        neuron = getattr(view, "neuron", None)
        for canvas in view.findChildren(pg.GraphicsLayoutWidget):
            if neuron is not None and canvas is neuron.canvas:
                add_widget_export_action(canvas, "neuron-view", ask_path=self._ask_view_path)
                continue
            action = export_menu.add_export_action(canvas, self.current_spec, on_export=self._export_dialog)
            canvas.setProperty("export_action", True)
            self.export_actions = getattr(self, "export_actions", []) + [(canvas, action)]

    def _ask_view_path(self, _parent, name: str) -> tuple[str, str]:
        from .export.widget_export import FILTERS

        path = self.ask_save_path(translate("MainWindow", "Export view"), str(Path.home() / f"{name}.png"), ";;".join(translate("export", label) for label in FILTERS.values()))
        return path, ""

    def current_spec(self):
        """The figure of what the stage view shows now: for an attention stage the tab on screen (the
        pipeline of the shown head, or all heads with the concat and W_O); captioned with the decoding
        step shown (inference) or the teacher-forced target."""
        from .export import specs

        st = self.state
        trace = st.trace
        spec = specs.stage_spec(trace, st.stage, st.arch, st.head, "heads" if st.attention_tab == "heads" else "pipeline",
                                st.tgt_vocab)
        snap = st.snapshot
        if self.panel_kind == "continue" and snap is not None and snap.current.trace is trace:
            n = len(snap.steps) - 1
            text = f"“{specs.elide(snap.text_so_far)}”" + (f" (step {n}, done)" if snap.done else f" (step {n})")
            spec.caption = specs.caption(trace, text)
        elif st.mode == "inference" and snap is not None and snap.current.trace is trace:
            target = specs.decoding_target(list(trace.tgt_tokens), snap.done, snap.translation, specs.sentence(trace, "tgt"))
            spec.caption = specs.caption(trace, target)
        return spec

    def _export_dialog(self, parent, spec):
        return export_menu.export_dialog(parent, spec, ask_path=self.ask_figure_path,
                                         ask_resolution=self.ask_resolution, background=self.background_writes)

    def _on_head_changed(self, head: int) -> None:
        self.head_button_list[head].setChecked(True)
        self._update_stage_label()

    def toggle_head(self, head: int) -> None:
        """Switch `head` of the shown attention block and layer off, or on again."""
        from .decoding.ablation_bar import toggle_head

        stage = self.state.stage
        if stage.kind == "attention":
            toggle_head(self.state, stage.box, stage.layer, head)

    def _update_head_buttons(self) -> None:
        """Heads switched off in the shown block and layer are struck through in red; 'off' says
        whether the shown head is one of them."""
        st, stage = self.state, self.state.stage
        attention = stage.kind == "attention"
        for h, b in enumerate(self.head_button_list):
            off = attention and st.ablations.head_off(stage.box, stage.layer, h)
            style = "color: #c0392b; text-decoration: line-through;" if off else ""
            if b.styleSheet() != style:
                b.setStyleSheet(style)
        shown_off = attention and st.ablations.head_off(stage.box, stage.layer, st.head)
        self.head_off_button.setEnabled(attention)
        self.head_off_button.setChecked(bool(shown_off))
        self.head_off_button.setToolTip(
            translate("MainWindow", "head {head} is switched off here: click to switch it on again").format(head=st.head)
            if shown_off else translate("MainWindow", "switch the shown head off in this attention block (its Z becomes 0)"))

    def _update_stage_label(self) -> None:
        st = self.state
        stage = st.stage
        layer = "—" if stage.layer is None else str(stage.layer)
        head = str(st.head) if stage.kind == "attention" else translate(
            "MainWindow", "{head} (attention stages only)").format(head=st.head)
        where = ""
        if stage.stack == "dec" or stage.box in ("tgt.embed", "tgt.pe", "linear", "softmax"):
            if st.mode == "training":
                where = " · " + translate("MainWindow", "teacher forcing")
            elif st.snapshot is not None:
                where = " · " + translate("MainWindow", "step {n}").format(n=len(st.snapshot.steps) - 1)
        rows = (" · " + translate("MainWindow", "rows: target, cols: source")) if stage.box == "dec.cross" else ""
        self.stage_label.setText(f"{st.stage_index + 1}/{len(st.stages)}  {stage.title}{where}{rows}")
        self.stage_label.setToolTip(translate("MainWindow", "stage {i} of {n}: {title}").format(
            i=st.stage_index + 1, n=len(st.stages), title=stage.title))
        self.head_buttons.button(st.head).setChecked(True)
        self._update_head_buttons()
        self.status_text = translate("MainWindow", "stage {i}/{n} · layer {layer} · head {head}").format(
            i=st.stage_index + 1, n=len(st.stages), layer=layer, head=head)
        self.statusBar().setToolTip(self.status_text)
        self.head_label.setText(translate("MainWindow", "layer {layer} · head:").format(layer=layer))

    def set_dark(self, dark: bool) -> None:
        self.dark = bool(dark)
        apply_theme(self.dark, self)
        self.remember("dark", self.dark)

    def set_language(self, language: str):
        """View → Language: the interface in `language` from now on (kept in the settings). The window
        is built again in it on the same model, showing what this one showed (its session: sentence,
        mode, stage, head, ablations, decoding steps, lesson page) and the same tab; returns the new
        window (this one when the language does not change)."""
        from .language import install_language
        from .session_io import apply_session, session_of

        self.remember("language", language)
        for code, action in self.language_actions.items():
            action.setChecked(code == language)
        if language == current_language():
            return self
        session, tab = session_of(self), self.tabs.currentIndex()
        self.worker.stop()                       # one model run at a time: this window's ends here
        install_language(language)
        self._save_geometry()
        window = MainWindow(self.translator, sentence=session.sentence, settings=self.settings)
        for name in ("show_error", "ask_figure_path", "ask_resolution", "ask_save_path", "ask_open_path",
                     "ask_folder", "ask_model"):
            if name in self.__dict__:            # what tests (or File → Open model) put in place carries over
                setattr(window, name, self.__dict__[name])
        apply_session(window, session)
        window.tabs.setCurrentIndex(tab)
        window.show()
        OPEN_WINDOWS.append(window)
        self.replaced_by = window
        self.close()
        return window

    # lessons (View menu) and sessions (File menu) ---------------------------------------------------
    def show_lessons(self, visible: bool = True, page: str | None = None, apply: bool = True):
        """Open (or close) the Lessons panel; `page` (or, with apply=False, the last page): show it
        without applying its setup."""
        if self.lessons_panel is None:
            if not visible:
                return None
            from .lessons.panel import LessonPanel

            self.lessons_panel = LessonPanel(self)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.lessons_panel)
            self.lessons_panel.visibilityChanged.connect(self._on_lessons_visibility)
            if page is not None or not apply:
                self.lessons_panel.show_page(self.lessons_panel.index if page is None else page, apply=False)
        elif page is not None:
            self.lessons_panel.show_page(page, apply=False)
        self.lessons_panel.setVisible(visible)
        self.lessons_action.setChecked(visible)
        return self.lessons_panel

    def _on_lessons_visibility(self, visible: bool) -> None:
        try:
            if self.isVisible():
                self.lessons_action.setChecked(visible)     # closed with its × button: the menu follows
        except RuntimeError:                                # the window is being destroyed
            pass

    def save_session(self, path: str | None = None):
        """File → Save session: what the window shows, as a JSON file (written atomically)."""
        from core.session_file import write_session

        from .session_io import session_of

        path = path or self.ask_save_path(translate("MainWindow", "Save session"), str(Path.home() / "session.json"),
                                         translate("MainWindow", "Session (*.json)"))
        if not path:
            return None
        try:
            written = write_session(path, session_of(self))
        except UserError as e:
            self.statusBar().showMessage(translate("MainWindow", "session not saved: {reason}").format(reason=e), 10000)
            return None
        self.statusBar().showMessage(translate("MainWindow", "saved session {path}").format(path=written), 8000)
        return written

    def open_session(self, path: str | None = None):
        """File → Open session: a bad file is refused with the reason in the status bar (and a
        message box), the window stays as it was. A session on another model opens a new window."""
        from core.session_file import read_session
        from core.text_model import open_model

        from .session_io import apply_session, same_model

        path = path or self.ask_open_path(translate("MainWindow", "Open session"), str(Path.home()),
                                         translate("MainWindow", "Session (*.json)"))
        if not path:
            return None
        try:
            session = read_session(path)
            if not same_model(session, self.translator):
                translator = open_model(None if session.model == "bundled" else session.model)   # any family
                window = MainWindow(translator, sentence=session.sentence, settings=self.settings)
                window.show_error = self.show_error
                try:
                    apply_session(window, session)
                except UserError:
                    window.worker.stop()
                    window.deleteLater()
                    raise
                window.show()
                OPEN_WINDOWS.append(window)
                self.close()
                return window
            apply_session(self, session)
        except UserError as e:
            self.statusBar().showMessage(translate("MainWindow", "session refused: {reason}").format(reason=e), 15000)
            self.show_error(translate("MainWindow", "Cannot open that session"),
                            translate("MainWindow", "{reason}\n\nThe window stays as it was.").format(reason=e))
            return None
        self.statusBar().showMessage(translate("MainWindow", "opened session {path}").format(path=path), 8000)
        return self

    # model (File menu) --------------------------------------------------------------------------
    def open_model(self, spec: str | None = None, name: str | None = None):
        """Open another model — a folder, a hub id in the local cache, or (no `spec`) one picked in
        the Open model dialog — loading it off the GUI thread with a busy indicator. The new window
        replaces this one once it has loaded; a refused model leaves this one as it is, with the
        reason. Returns the ModelLoader (None when nothing was chosen)."""
        from .open_model import ModelLoader

        if spec is None:
            choice = self.ask_model()
            if not choice:
                return None
            spec, name = choice
        if self.loader is not None or self.download_job is not None:      # one load at a time
            return None
        from core.hf.locate import looks_like_hub_id

        if looks_like_hub_id(str(spec)) and not Path(str(spec)).expanduser().exists():
            return self._start_download(spec)    # the cache, else ask and download, then the load below
        loader = ModelLoader(spec, name, self)
        self.loader = loader
        progress = QProgressDialog(translate("MainWindow", "Loading {model} …").format(model=name or spec), None, 0, 0, self)   # busy: no steps to count
        progress.setWindowTitle(translate("MainWindow", "Open model"))
        progress.setMinimumDuration(200)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.load_progress = progress
        loader.loaded.connect(self._on_model_loaded)
        loader.failed.connect(self._on_model_failed)
        loader.start()
        self.statusBar().showMessage(translate("MainWindow", "loading {model} …").format(model=name or spec))
        return loader

    loader = None
    load_progress = None
    # the hub download under way (explorer/hub_download.py) and its progress dialog
    download_job = None
    download_progress = None
    # the Hugging Face hub downloads come from (None: huggingface.co, or HF_ENDPOINT)
    hf_endpoint = None
    #: the Hugging Face cache the dialog lists (None: HF_HOME's, as huggingface_hub finds it)
    hf_cache_dir = None
    #: the window that replaced this one after File → Open model
    replaced_by = None

    def ask_model(self):
        """The Open model dialog: (spec, name) or None."""
        from .open_model import OpenModelDialog

        dialog = OpenModelDialog(self, cache_dir=self.hf_cache_dir, ask_folder=self.ask_folder)
        return dialog.choice() if dialog.exec() == OpenModelDialog.DialogCode.Accepted else None

    def ask_download(self, plan) -> bool:
        """"Download X (size) from the Hugging Face hub?" — True for Download."""
        from .hub_download import download_question

        box = download_question(self, plan)
        box.exec()
        return box.clickedButton() is box.download_button

    # downloading a hub id (File → Open model) -----------------------------------------------------
    def _download_dialog(self, text: str, maximum: int) -> QProgressDialog:
        progress = QProgressDialog(text, translate("MainWindow", "Cancel"), 0, maximum, self)
        progress.setWindowTitle(translate("MainWindow", "Download model"))
        # not modal: the current model stays usable through a long download, and setValue does not
        # turn the event loop (a modal one's does: the download's end would arrive inside it)
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setAutoReset(False)
        progress.setAutoClose(False)
        progress.setMinimumWidth(460)
        progress.canceled.connect(self._cancel_download)
        return progress

    def _start_download(self, repo_id: str):
        """Look `repo_id` up in the cache, else ask the hub what it would fetch (a busy dialog with
        Cancel after 300 ms); the answer goes on in _on_downloaded (cached) or _on_download_planned.
        Returns the HubDownload."""
        from .hub_download import HubDownload

        job = HubDownload(repo_id, self.hf_cache_dir, self.hf_endpoint, self)
        self.download_job = job
        self.download_progress = self._download_dialog(
            translate("MainWindow", "Asking the Hugging Face hub about {repo} …").format(repo=repo_id), 0)
        self.download_progress.setMinimumDuration(300)
        job.cached.connect(self._on_downloaded)
        job.planned.connect(self._on_download_planned)
        job.progress.connect(self._on_download_progress)
        job.finished.connect(self._on_downloaded)
        job.failed.connect(self._on_download_failed)
        job.plan()
        self.statusBar().showMessage(translate("MainWindow", "asking the Hugging Face hub about {repo} …").format(repo=repo_id))
        return job

    def _current_download(self):
        """The HubDownload that sent this signal, if it is still the window's (a cancelled one's late
        results are dropped)."""
        job = self.sender()
        return job if job is not None and job is self.download_job else None

    def _on_download_planned(self, plan) -> None:
        job = self._current_download()
        if job is None:
            return
        from core.hf.cache import human_size

        self._close_download_dialog()
        if not self.ask_download(plan):
            self._end_download()
            return
        self.download_progress = self._download_dialog(
            translate("MainWindow", "Downloading {repo} ({size}) …").format(repo=plan.repo_id, size=human_size(plan.total_bytes)),
            1000)                                  # permille: a checkpoint's bytes do not fit a C int
        self.download_progress.setMinimumDuration(0)
        self.download_progress.setValue(0)
        job.download(plan)
        self.statusBar().showMessage(translate("MainWindow", "downloading {repo} …").format(repo=plan.repo_id))

    def _on_download_progress(self, done, total) -> None:
        job = self._current_download()
        if job is None or self.download_progress is None:
            return
        from core.hf.cache import human_size

        said = translate("MainWindow", "Downloading {repo}: {done} of {total} …").format(
            repo=job.repo_id, done=human_size(done), total=human_size(total))
        self.download_progress.setLabelText(said)
        self.statusBar().showMessage(said)
        self.download_progress.setValue(int(1000 * done / total) if total else 1000)

    def _on_downloaded(self, folder: str) -> None:
        job = self._current_download()
        if job is None:
            return
        self._end_download()
        self.open_model(folder, job.repo_id)        # into the cache: now the normal background load

    def _on_download_failed(self, message: str) -> None:
        if self._current_download() is None:
            return
        self._end_download()
        self.show_error(translate("MainWindow", "Cannot download that model"),
                        translate("MainWindow", "{reason}\n\nThe explorer keeps the current model.").format(reason=message))

    def _cancel_download(self) -> None:
        """Cancel (the dialog's button, or Esc): the worker stops at its next chunk, its file is
        discarded; the window is free at once and keeps its model."""
        job = self.download_job
        if job is None:
            return
        job.cancel()
        self._end_download()
        self.statusBar().showMessage(translate("MainWindow", "download of {repo} cancelled; the explorer keeps the current "
                                                             "model").format(repo=job.repo_id), 8000)

    def _close_download_dialog(self) -> None:
        progress, self.download_progress = self.download_progress, None
        if progress is not None:
            progress.canceled.disconnect(self._cancel_download)     # closing it is not a cancel
            progress.close()
            progress.deleteLater()

    def _end_download(self) -> None:
        self._close_download_dialog()
        self.download_job = None
        self.statusBar().clearMessage()

    def _end_load(self) -> None:
        if self.load_progress is not None:
            self.load_progress.close()
            self.load_progress = None
        self.loader = None
        self.statusBar().clearMessage()

    def _on_model_failed(self, message: str) -> None:
        self._end_load()
        self.show_error(translate("MainWindow", "Cannot open that model"),
                        translate("MainWindow", "{reason}\n\nThe explorer keeps the current model.").format(reason=message))

    def _on_model_loaded(self, model) -> None:
        self._end_load()
        try:
            window = MainWindow(model, sentence=None if model.arch.is_seq2seq != self.seq2seq else self.state.sentence,
                                settings=self.settings)
        except UserError as e:
            return self._on_model_failed(str(e))
        window.show_error = self.show_error
        window.ask_model = self.ask_model if "ask_model" in self.__dict__ else window.ask_model
        window.hf_cache_dir, window.hf_endpoint = self.hf_cache_dir, self.hf_endpoint
        if "ask_download" in self.__dict__:
            window.ask_download = self.ask_download
        window.show()
        OPEN_WINDOWS.append(window)
        self.replaced_by = window
        self.close()

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def _on_export_written(self, path: str) -> None:
        self.statusBar().showMessage(translate("MainWindow", "wrote {path}").format(path=path), 8000)

    def _on_export_failed(self, message: str) -> None:
        self.show_error(translate("MainWindow", "Export failed"), message)

    # export (File menu) -------------------------------------------------------------------------
    def _warn(self, error: Exception) -> None:
        self.show_error(translate("MainWindow", "Export failed"), str(error))

    def export_current_view(self):
        """File → Export current view: what the stage view shows (see current_spec; the neuron view
        as drawn)."""
        if self.state.stage.kind == "attention" and self.state.attention_tab == "neuron":
            return self.view("attention").neuron.canvas.export_view()
        try:
            spec = self.current_spec()
        except UserError as e:
            return self._warn(e)
        return self._export_dialog(self, spec)

    def export_all(self):
        from .export.headless import export_run

        folder = self.ask_folder(translate("MainWindow", "Export every stage into a folder"))
        if not folder:
            return None
        progress = QProgressDialog(translate("MainWindow", "Exporting every stage…"), None, 0, 1, self)
        progress.setMinimumDuration(300)

        def tick(i, n):
            progress.setMaximum(n)
            progress.setValue(i)
            QApplication.processEvents()
        try:
            n = export_run(self.state.trace, folder, "png", vocab=self.state.tgt_vocab, progress=tick,
                           arch=self.state.arch)
        except UserError as e:
            return self._warn(e)
        finally:
            progress.close()
        self.statusBar().showMessage(translate("MainWindow", "wrote {n} figures and index.html to {folder}").format(
            n=n, folder=folder), 8000)
        return Path(folder)

    def export_trace(self):
        from .export.writers import write

        path = self.ask_save_path(translate("MainWindow", "Export the trace"), str(Path.home() / "trace.npz"),
                                  translate("MainWindow", "Trace (*.npz)"))
        if not path:
            return None
        path = Path(path) if path.endswith(".npz") else Path(path + ".npz")
        try:
            return write(path, self.state.trace.to_npz_bytes())
        except UserError as e:
            return self._warn(e)

    def animation_view(self) -> tuple[str, int | None, int | None]:
        """What the decoding animation shows, as `export --view` names it: the current attention stage
        (its All heads tab, or the shown head's pipeline), the Linear or Softmax stage, else the last
        cross-attention's pipeline."""
        stage = self.state.stage
        if stage.kind == "attention":
            return stage.box, stage.layer, None if self.state.attention_tab == "heads" else self.state.head
        if stage.kind in ("linear", "softmax"):
            return ("logits" if stage.kind == "linear" else "probs"), None, None
        kind = "dec.cross" if any(s.box == "dec.cross" for s in self.state.stages) else "dec.self"   # GPT-2: no cross
        return kind, self.state.layers("dec") - 1, self.state.head

    def export_animation(self):
        from .export.specs import decoding_specs
        from .export.writers import animation_images, gif_bytes, strip_bytes, write

        snap = self.state.snapshot
        path = self.ask_save_path(translate("MainWindow", "Export the decoding animation"), str(Path.home() / "decoding.gif"),
                                  translate("MainWindow", "Animated GIF (*.gif);;PNG strip (*.png)"))
        if not path:
            return None
        path = Path(path)
        try:
            view, layer, head = self.animation_view()
            frames = decoding_specs(snap.steps if snap else [], view, layer, head, vocab=self.state.tgt_vocab,
                                     arch=self.state.arch)
            images = animation_images(frames)
            data = strip_bytes(images) if path.suffix.lower() == ".png" else gif_bytes(images)
            return write(path if path.suffix else path.with_suffix(".gif"), data)
        except UserError as e:
            return self._warn(e)

    # settings -----------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        for key, sp in self._splitters():
            value = self.settings.value(key)
            if value is not None:
                sp.restoreState(value)

    def remember(self, key: str, value) -> None:
        """Keep a setting and write it to disk within 30 ms (QSettings writes a temporary file and
        renames it), so it survives a killed process. Not at once: the ~1 ms write holds the GIL and
        would stall the worker that has just been handed the keystroke's run."""
        self.settings.setValue(key, value)
        if not self._sync_timer.isActive():
            self._sync_timer.start()

    def _splitters(self):
        """The splitters kept in the settings (a BERT / GPT-2 window keeps its own stage / note split)."""
        return (("splitter", self.splitter), ("vsplit" if self.seq2seq else f"vsplit.{self.panel_kind}", self.vsplit),
                ("bottom", self.bottom))

    def _save_geometry(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        for key, sp in self._splitters():
            self.settings.setValue(key, sp.saveState())
        self.settings.sync()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._geometry_timer.start()

    def moveEvent(self, event) -> None:
        super().moveEvent(event)
        self._geometry_timer.start()

    def closeEvent(self, event) -> None:
        if self.lessons_panel is not None:
            self.lessons_panel.blockSignals(True)    # closing the window is not leaving the page
        self._save_geometry()
        self.settings.sync()
        self.background_writes.wait()            # an export still being written is finished, not lost
        for lab in self.labs:
            lab.stop()
        if self.download_job is not None:        # a closed window downloads nothing more
            self.download_job.cancel()
        self.idle_builder.stop()                 # a closed window builds nothing more (its training panel
        self.worker.stop()                       # set the app's palette to its own theme)
        super().closeEvent(event)
