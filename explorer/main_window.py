"""The main window: sentence box and token chips on top, the model map on the left, the stepper and
the view of the current stage in the centre, the hovered cell's meaning in the status bar."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QButtonGroup, QFrame, QScrollArea, QHBoxLayout, QLabel, QLineEdit, QMainWindow, QMenu,
                               QPushButton, QSplitter, QStackedWidget, QToolButton, QVBoxLayout, QWidget)

from .model_map import ModelMap
from .state import ExplorerState
from .token_chips import TokenChips
from .views.add_norm_view import AddNormView
from .views.attention_view import AttentionView
from .views.embedding_view import EmbeddingView
from .views.ffn_view import FeedForwardView
from .views.output_view import OutputView
from .theme import apply_theme
from .worker import TraceWorker

DEFAULT_SENTENCE = "我是一个学生"
VIEW_CLASSES = (EmbeddingView, AttentionView, AddNormView, FeedForwardView, OutputView)
EXAMPLES = [("我是一个学生", "I am a student"), ("我爱中国", "I love China"),
            ("他和他的她", "a repeated word: 他 twice"),
            ("我昨天在学校看见了他", "reordering: I saw him at school yesterday"),
            ("我在家看书", "reordering: I read at home"), ("你爱中国吗", "a question: do you love China?")]


class MainWindow(QMainWindow):
    """Opens on `translator` with `sentence` (default: the last one, or 我是一个学生) already run."""

    def __init__(self, translator, sentence: str | None = None, settings: QSettings | None = None):
        super().__init__()
        self.translator = translator
        self.settings = settings if settings is not None else QSettings("TransformerExplorer", "explorer")
        cfg = translator.cfg
        self.state = ExplorerState(cfg.n_layers, cfg.n_heads, translator.tgt.vocab)
        self.dark = self.settings.value("dark", "false") in (True, "true")
        apply_theme(self.dark)
        self.setWindowTitle(f"Transformer Explorer — {translator.name} ({translator.description})")
        self.worker = TraceWorker(translator, self)
        self.worker.result_ready.connect(self._on_result)
        self.worker.failed.connect(self._on_failure)
        self._build()
        self._connect_state()

        if sentence is None:
            sentence = str(self.settings.value("sentence", DEFAULT_SENTENCE) or DEFAULT_SENTENCE)
        stage = int(self.settings.value("stage", 0) or 0)
        self._run_now(sentence)            # no empty state: the first trace is there before showing
        self.sentence_box.setText(sentence)
        self.state.stage_index = stage
        self._restore_geometry()
        self._on_stage_index_changed(self.state.stage_index)

    # construction -------------------------------------------------------------------------------
    def _build(self) -> None:
        st = self.state
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 2)

        top = QHBoxLayout()
        self.sentence_box = QLineEdit()
        self.sentence_box.setPlaceholderText("Type a Chinese sentence, e.g. 我是一个学生")
        self.sentence_box.setClearButtonEnabled(True)
        f = self.sentence_box.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        self.sentence_box.setFont(f)
        top.addWidget(QLabel("Sentence:"))
        top.addWidget(self.sentence_box, 1)
        self.examples_button = QToolButton()
        self.examples_button.setText("Examples")
        self.examples_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.examples_button)
        for text, note in EXAMPLES:
            action = menu.addAction(f"{text}    ({note})")
            action.triggered.connect(lambda _=False, t=text: self.sentence_box.setText(t))
        self.examples_button.setMenu(menu)
        top.addWidget(self.examples_button)
        self.dark_action = QAction("Dark", self, checkable=True, checked=self.dark)
        self.dark_action.setToolTip("dark palette")
        self.dark_action.toggled.connect(self.set_dark)
        dark_button = QToolButton()
        dark_button.setDefaultAction(self.dark_action)
        top.addWidget(dark_button)
        outer.addLayout(top)

        self.message = QLabel()
        self.message.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.message.setVisible(False)
        outer.addWidget(self.message)
        self.src_chips = TokenChips(st, "src", "Tokens:")
        self.tgt_chips = TokenChips(st, "tgt", "Decoder input (greedy translation):")
        for chips in (self.src_chips, self.tgt_chips):       # long sentences scroll, never widen the window
            scroll = QScrollArea()
            scroll.setWidget(chips)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setFixedHeight(chips.sizeHint().height() + 14)
            outer.addWidget(scroll)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model_map = ModelMap(st)
        self.splitter.addWidget(self.model_map)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 0, 0, 0)
        stepper = QHBoxLayout()
        self.prev_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        for b, tip in ((self.prev_button, "previous stage (←; Page Up: previous layer; Home: first)"),
                       (self.next_button, "next stage (→; Page Down: next layer; End: last)")):
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
        stepper.addWidget(self.prev_button)
        stepper.addWidget(self.next_button)
        stepper.addWidget(self.stage_label, 1)
        self.head_label = QLabel("Head:")
        stepper.addWidget(self.head_label)
        self.head_buttons = QButtonGroup(self)
        self.head_button_list = []
        for h in range(st.n_heads):
            b = QPushButton(str(h))
            b.setCheckable(True)
            b.setFixedWidth(28)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setToolTip(f"show head {h}")
            self.head_buttons.addButton(b, h)
            self.head_button_list.append(b)
            stepper.addWidget(b)
        self.head_buttons.idClicked.connect(lambda h: setattr(st, "head", h))
        right_layout.addLayout(stepper)

        self.views = QStackedWidget()
        self.view_for_kind = {}     # views are built the first time their stage is shown
        right_layout.addWidget(self.views, 1)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 1100])
        outer.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.hover_label = QLabel()
        self.statusBar().addWidget(self.hover_label, 1)
        self.translation_label = QLabel()
        self.statusBar().addPermanentWidget(self.translation_label)

        # stepping keys act everywhere except inside the sentence box (which needs ← → Home End)
        keys = ((Qt.Key.Key_Right, lambda: st.step(1)), (Qt.Key.Key_Left, lambda: st.step(-1)),
                (Qt.Key.Key_Home, lambda: setattr(st, "stage_index", 0)),
                (Qt.Key.Key_End, lambda: setattr(st, "stage_index", len(st.stages) - 1)),
                (Qt.Key.Key_PageDown, lambda: st.jump_layer(1)), (Qt.Key.Key_PageUp, lambda: st.jump_layer(-1)))
        self.shortcuts = []
        for key, slot in keys:
            sc = QShortcut(QKeySequence(key), self.splitter)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
            self.shortcuts.append(sc)
        to_map = QAction("Go to the model map", self)
        to_map.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        to_map.triggered.connect(self.model_map.setFocus)
        self.addAction(to_map)

        self._geometry_timer = QTimer(self, singleShot=True, interval=400)
        self._geometry_timer.timeout.connect(self._save_geometry)
        self.splitter.splitterMoved.connect(lambda *_: self._geometry_timer.start())

    def _connect_state(self) -> None:
        ev = self.state.events
        self.sentence_box.textEdited.connect(self._on_text_edited)
        self.sentence_box.textChanged.connect(self._on_text_edited)
        ev.sentence_changed.connect(self._on_sentence_changed)
        ev.stage_index_changed.connect(self._on_stage_index_changed)
        ev.head_changed.connect(self._on_head_changed)
        ev.hover_text_changed.connect(self.hover_label.setText)
        ev.message_changed.connect(self._on_message_changed)
        ev.trace_changed.connect(self._on_trace_changed)

    # sentence → worker → trace ------------------------------------------------------------------
    def _on_text_edited(self, text: str) -> None:
        self.state.sentence = text

    def _on_sentence_changed(self, text: str) -> None:
        self.worker.submit(text)
        self.settings.setValue("sentence", text)

    def _run_now(self, text: str) -> None:
        """The first run, on the GUI thread, so the window never opens empty."""
        from core.errors import UserError

        self.state._sentence = text
        try:
            self.state.trace = self.translator.trace(text)
            self.state.message = ""
        except UserError as e:
            self.state.trace = self.translator.trace(DEFAULT_SENTENCE)
            self.state.message = str(e)

    def _on_result(self, generation: int, trace) -> None:
        if not self.worker.is_current(generation):
            return                      # a newer edit is on its way: drop this one
        self.state.message = ""
        self.state.trace = trace

    def _on_failure(self, generation: int, message: str) -> None:
        if self.worker.is_current(generation):
            self.state.message = message

    def _on_message_changed(self, message: str) -> None:
        self.message.setText(f"⚠ {message} — the views still show the last sentence that ran." if message else "")
        self.message.setVisible(bool(message))

    def _on_trace_changed(self, trace) -> None:
        meta = trace.meta
        words = [t for t in meta.get("tgt_tokens", []) if t not in ("<bos>", "<eos>", "<pad>")]
        note = f"   ({meta['truncated']} tokens cut off)" if meta.get("truncated") else ""
        self.translation_label.setText(f"greedy translation: {' '.join(words)}{note}")
        self._update_stage_label()

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
        self.settings.setValue("stage", index)

    def view(self, kind: str):
        """The stage view for a stage kind (built on first use: most sessions never see them all)."""
        if kind not in self.view_for_kind:
            cls = next(c for c in VIEW_CLASSES if kind in c.kinds)
            view = cls(self.state)
            self.views.addWidget(view)
            for k in cls.kinds:
                self.view_for_kind[k] = view
        return self.view_for_kind[kind]

    def _on_head_changed(self, head: int) -> None:
        self.head_button_list[head].setChecked(True)
        self._update_stage_label()

    def _update_stage_label(self) -> None:
        st = self.state
        stage = st.stage
        layer = "—" if stage.layer is None else str(stage.layer)
        head = str(st.head) if stage.kind == "attention" else f"{st.head} (attention stages only)"
        self.stage_label.setText(f"{st.stage_index + 1}/{len(st.stages)}  {stage.title}")
        self.stage_label.setToolTip(f"stage {st.stage_index + 1} of {len(st.stages)}: {stage.title}")
        self.head_buttons.button(st.head).setChecked(True)
        self.status_text = f"stage {st.stage_index + 1}/{len(st.stages)} · layer {layer} · head {head}"
        self.statusBar().setToolTip(self.status_text)
        self.head_label.setText(f"layer {layer} · head:")

    def set_dark(self, dark: bool) -> None:
        self.dark = bool(dark)
        apply_theme(self.dark, self)
        self.settings.setValue("dark", self.dark)

    # settings -----------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        splitter = self.settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def _save_geometry(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._geometry_timer.start()

    def moveEvent(self, event) -> None:
        super().moveEvent(event)
        self._geometry_timer.start()

    def closeEvent(self, event) -> None:
        self._save_geometry()
        self.settings.sync()
        self.worker.stop()
        super().closeEvent(event)
