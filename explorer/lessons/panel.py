"""The Lessons panel (a dock): the notes' chapters, one page at a time, in Chinese or English.

Entering a page applies its setup and frames the view it talks about; its task is checked whenever
the state it reads changes (debounced, never inside a keystroke's run). Leaving a page (another page,
or closing the panel) switches the ablations and the mode back to what they were before the page:
the sentence, stage, head, tab and decoding steps stay the user's to keep."""
from __future__ import annotations

import html
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QDockWidget, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from core import lesson_checks

from . import content, driver
from ..i18n import QT_TRANSLATE_NOOP, current_language, translate
from ..theme import colours
from .progress import Progress
from .tasks import task_done

#: the panel's own words, in English: shown as translate("LessonPanel", …) in the interface's language
UI = {
    "title": QT_TRANSLATE_NOOP("LessonPanel", "Lessons"),
    "prev": QT_TRANSLATE_NOOP("LessonPanel", "◀ Previous"),
    "next": QT_TRANSLATE_NOOP("LessonPanel", "Next ▶"),
    "page": QT_TRANSLATE_NOOP("LessonPanel", "page {n}/{total}"),
    "formula": QT_TRANSLATE_NOOP("LessonPanel", "Formula"),
    "look": QT_TRANSLATE_NOOP("LessonPanel", "What to look at"),
    "todo": QT_TRANSLATE_NOOP("LessonPanel", "☐ "),
    "done": QT_TRANSLATE_NOOP("LessonPanel", "✓ Done: "),
    "needs": QT_TRANSLATE_NOOP("LessonPanel", "This page needs {what}, which the current model {model} lacks."),
    "leave": QT_TRANSLATE_NOOP("LessonPanel", "Leaving this page switches the ablations and the mode back to what they "
                               "were before it; the sentence, stage, head and decoding steps stay yours."),
    "tf": QT_TRANSLATE_NOOP("LessonPanel", "Teacher forcing (training, all at once)"),
    "steps": QT_TRANSLATE_NOOP("LessonPanel", "Step by step (test time)"),
    "pos": QT_TRANSLATE_NOOP("LessonPanel", "pos"),
    "fed": QT_TRANSLATE_NOOP("LessonPanel", "input"),
    "pred": QT_TRANSLATE_NOOP("LessonPanel", "predicts"),
    "wrote": QT_TRANSLATE_NOOP("LessonPanel", "writes"),
    "step": QT_TRANSLATE_NOOP("LessonPanel", "Step ▶"),
    "reset": QT_TRANSLATE_NOOP("LessonPanel", "Reset"),
    "cross_attention": QT_TRANSLATE_NOOP("LessonPanel", "cross-attention"),
}


def ui_words() -> dict[str, str]:
    """The panel's words in the interface language."""
    return {key: translate("LessonPanel", text) for key, text in UI.items()}


def interface_language() -> str:
    """The pages' language that goes with the interface's (View → Language): zh or en."""
    return "zh" if current_language() == "zh_CN" else "en"


def progress_path(settings) -> Path:
    """Beside the window's settings file (the user's config folder; a test's temporary folder)."""
    return Path(settings.fileName()).resolve().parent / "lessons-progress.json"


class LessonPanel(QDockWidget):
    """The lessons for `window` (a MainWindow): pages drive it through its state and widgets."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setObjectName("lessons")
        self.pages = content.pages()
        self.progress = Progress(progress_path(window.settings))
        self.language = interface_language()          # the pages speak the interface's language
        self.index = next((i for i, p in enumerate(self.pages) if p.id == self.progress.page), 0)
        self._entered: int | None = None
        self._entry = None               # (ablations, mode) before the page changed anything
        self._hooked_labs: set[int] = set()

        body = QWidget()
        layout = QVBoxLayout(body)
        top = QHBoxLayout()
        self.chapter_box = QComboBox()
        self.chapter_box.activated.connect(self._on_chapter_chosen)
        self.language_box = QComboBox()
        self.language_box.addItem("中文", "zh")
        self.language_box.addItem("English", "en")
        self.language_box.setCurrentIndex(content.LANGUAGES.index(self.language))
        self.language_box.setToolTip(translate("LessonPanel", "the language of the pages and of the whole window (as View → Language)"))
        self.language_box.activated.connect(lambda i: self._on_language_chosen(self.language_box.itemData(i)))
        top.addWidget(self.chapter_box, 1)
        top.addWidget(self.language_box)
        layout.addLayout(top)
        self.title = QLabel(wordWrap=True)
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.2)
        f.setBold(True)
        self.title.setFont(f)
        layout.addWidget(self.title)
        self.body = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(scroll, 1)
        self.side_by_side = QWidget()
        sbs = QVBoxLayout(self.side_by_side)
        sbs.setContentsMargins(0, 0, 0, 0)
        self.comparison = QLabel(textFormat=Qt.TextFormat.RichText)
        sbs.addWidget(self.comparison)
        buttons = QHBoxLayout()
        self.step_button = QPushButton()
        self.step_button.clicked.connect(lambda: window.controller.step())
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(lambda: window.controller.reset())
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.step_button)
        buttons.addStretch(1)
        sbs.addLayout(buttons)
        layout.addWidget(self.side_by_side)
        self.task_label = QLabel(wordWrap=True)
        layout.addWidget(self.task_label)
        self.leave_note = QLabel(wordWrap=True)
        f = self.leave_note.font()
        f.setItalic(True)                 # set apart by its style, in the palette's own text colour
        self.leave_note.setFont(f)
        layout.addWidget(self.leave_note)
        nav = QHBoxLayout()
        self.prev_button = QPushButton()
        self.prev_button.clicked.connect(lambda: self.show_page(self.index - 1))
        self.page_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(lambda: self.show_page(self.index + 1))
        nav.addWidget(self.prev_button)
        nav.addWidget(self.page_label, 1)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)
        self.setWidget(body)
        self.setMinimumWidth(330)

        self.colours = colours(window.dark)      # the theme's: done, warning (View → Dark follows)
        self._frame = None                # the frame around the view the page talks about, while it shows
        self._flash_timer = QTimer(self, singleShot=True, interval=150)
        self._flash_timer.timeout.connect(self._show_frame)
        self._check_timer = QTimer(self, singleShot=True, interval=60)
        self._check_timer.timeout.connect(self.check_task)
        ev = window.state.events
        for signal in (ev.trace_changed, ev.stage_index_changed, ev.head_changed, ev.query_row_changed,
                       ev.ablations_changed, ev.snapshot_changed, ev.training_changed, ev.mode_changed):
            signal.connect(self._schedule_check)
        window.tabs.currentChanged.connect(lambda _i: (self._hook_labs(), self._schedule_check()))
        self.visibilityChanged.connect(self._on_visibility_changed)
        self._render()

    # pages --------------------------------------------------------------------------------------
    @property
    def page(self) -> content.Page:
        return self.pages[self.index]

    def page_index(self, page_id: str) -> int:
        return next(i for i, p in enumerate(self.pages) if p.id == page_id)

    def show_page(self, index, apply: bool = True) -> None:
        """Leave the current page and enter `index` (a number or a page id); `apply=False` enters it
        without its setup (a session file says where the window is)."""
        if isinstance(index, str):
            index = self.page_index(index)
        index = max(0, min(len(self.pages) - 1, int(index)))
        self.leave_page()
        self.index = index
        self.progress.page = self.page.id
        self.progress.save()
        self.enter_page(apply)

    def enter_page(self, apply: bool = True) -> None:
        st = self.window_.state
        self._entry = (st.ablations, st.mode)
        self._entered = self.index
        if apply and self.available():
            driver.apply_setup(self.window_, self.page.setup)
            self._hook_labs()
            self._flash_timer.start()            # after the re-layout
        self._render()
        self._schedule_check()

    def _show_frame(self) -> None:
        self._clear_frame()
        self._frame = driver.flash(self.window_, self.page.highlight)

    def _clear_frame(self) -> None:
        """The frame goes with its page (it would frame another page's view for the rest of its time)."""
        self._flash_timer.stop()
        frame, self._frame = self._frame, None
        if frame is not None and shiboken6.isValid(frame):
            frame.hide()                  # now: its deletion waits for the event loop
            frame.deleteLater()

    def leave_page(self) -> None:
        """Undo what the page switched: the ablations and the mode as they were before it."""
        self._clear_frame()
        if self._entered is None:
            return
        ablations, mode = self._entry
        st = self.window_.state
        if st.ablations != ablations:
            st.ablations = ablations
        st.mode = mode
        self._entered = None

    def available(self) -> bool:
        """Does the current model have what the page needs?"""
        if self.page.needs == "cross_attention":
            trace = self.window_.state.trace
            return trace is not None and "dec.0.cross.weights" in trace.names()
        return True

    def _on_chapter_chosen(self, i: int) -> None:
        chapter = content.chapters()[i]
        self.show_page(chapter.pages[0].id)

    def _on_visibility_changed(self, visible: bool) -> None:
        try:
            self._follow_visibility(visible)
        except RuntimeError:              # the window is being destroyed
            pass

    def _follow_visibility(self, visible: bool) -> None:
        if visible and self._entered is None:
            self.enter_page()
        elif not visible and not self.window_.isHidden() and self.window_.isVisible():
            self.leave_page()
        self.window_.remember("lessons/visible", bool(visible))

    def _on_language_chosen(self, lang: str) -> None:
        """The panel's language box switches the interface language (the window is built again in it,
        on this page)."""
        if interface_language() == lang:
            return self.set_language(lang)
        self.window_.set_language("zh_CN" if lang == "zh" else "en")

    def set_language(self, lang: str) -> None:
        """Show the pages in `lang` (zh or en) in this panel only (the interface language stays)."""
        self.language = lang
        self.progress.language = lang
        self.progress.save()
        self.language_box.setCurrentIndex(content.LANGUAGES.index(lang))
        self._render()

    # tasks --------------------------------------------------------------------------------------
    def _hook_labs(self) -> None:
        for lab in self.window_.labs:              # a lab's own controls are state a task may read
            if id(lab) not in self._hooked_labs and hasattr(lab, "d_k"):
                lab.d_k.valueChanged.connect(self._schedule_check)
                self._hooked_labs.add(id(lab))

    def _schedule_check(self, *_):
        if self.page.task is not None or self.page.side_by_side:
            self._check_timer.start()

    def task_is_done(self) -> bool:
        return self.page.task is not None and task_done(self.page.task, self.window_)

    def check_task(self) -> None:
        page = self.page
        if page.task is not None and self._entered == self.index and page.id not in self.progress.done \
                and self.task_is_done():
            self.progress.mark_done(page.id)
        self._render_task()
        if page.side_by_side:
            self._render_comparison()

    # drawing ------------------------------------------------------------------------------------
    def set_colours(self, c: dict) -> None:
        """The theme changed (explorer.theme.apply_theme calls this)."""
        self.colours = c
        self._render()

    def _fit_chapter_names(self) -> None:
        """The list opens as wide as the longest chapter name (the dock is narrower than
        "§7 The Transformer and teacher forcing"); the closed box names the chapter in its tooltip."""
        box = self.chapter_box
        metrics = box.view().fontMetrics()
        widest = max(metrics.horizontalAdvance(box.itemText(i)) for i in range(box.count()))
        box.view().setMinimumWidth(widest + 2 * metrics.averageCharWidth() + box.view().verticalScrollBar().sizeHint().width())
        box.setToolTip(box.currentText())

    def _render(self) -> None:
        ui, page, lang = ui_words(), self.page, self.language
        self.setWindowTitle(ui["title"])
        self.chapter_box.clear()
        for c in content.chapters():
            self.chapter_box.addItem(c.title.get(lang) or c.title["en"])
        self.chapter_box.setCurrentIndex([c.id for c in content.chapters()].index(page.chapter))
        self._fit_chapter_names()
        self.title.setText(page.say("title", lang))
        parts = [f"<p>{html.escape(page.say('text', lang))}</p>"]
        if page.formula:
            parts.append(f"<p><b>{ui['formula']}</b><br><span style='font-size: 110%;'>"
                         f"{html.escape(page.formula_text(lang))}</span></p>")
        if page.look:
            parts.append(f"<p><b>{ui['look']}</b><br>{html.escape(page.say('look', lang))}</p>")
        if not self.available():
            what = ui.get(page.needs, page.needs)
            parts.append(f"<p style='color: {self.colours['warning']};'><b>{html.escape(ui['needs'].format(what=what, model=self.window_.translator.name))}</b></p>")
        self.body.setText("".join(parts))
        self.leave_note.setText(ui["leave"])
        self.prev_button.setText(ui["prev"])
        self.next_button.setText(ui["next"])
        self.step_button.setText(ui["step"])
        self.reset_button.setText(ui["reset"])
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.pages) - 1)
        self.page_label.setText(ui["page"].format(n=self.index + 1, total=len(self.pages)))
        self.side_by_side.setVisible(page.side_by_side)
        self._render_task()
        if page.side_by_side:
            self._render_comparison()

    def _render_task(self) -> None:
        page, ui = self.page, ui_words()
        if page.task is None:
            self.task_label.setVisible(False)
            return
        done = page.id in self.progress.done
        self.task_label.setVisible(True)
        self.task_label.setText((ui["done"] if done else ui["todo"]) + page.task_text(self.language))
        self.task_label.setStyleSheet(f"color: {self.colours['done']}; font-weight: bold;" if done else "font-weight: bold;")

    def _render_comparison(self) -> None:
        ui, st = ui_words(), self.window_.state
        vocab = st.tgt_vocab
        tf_in, tf_out = [], []
        if st.training is not None:
            tf_in = list(st.training.trace.tgt_tokens)
            tf_out = [vocab[i] if i < len(vocab) else "?" for i in lesson_checks.predictions(st.training.masked_probs)]
        step_in, step_out = [], []
        snap = st.snapshot
        if snap is not None:
            step_in = list(snap.current.trace.tgt_tokens)
            step_out = step_in[1:] + (["<eos>"] if snap.done else [])
        rows = max(len(tf_in), len(step_in))
        cell = "<td style='padding: 1px 6px;'>{}</td>"
        out = [f"<table cellspacing=0><tr><th></th><th colspan=2 style='padding: 1px 10px 1px 6px;'>{ui['tf']}</th><th colspan=2 style='padding: 1px 6px 1px 10px; border-left: 1px solid gray;'>{ui['steps']}</th></tr>",
               "<tr>" + "".join(cell.format(f"<i>{h}</i>") for h in (ui["pos"], ui["fed"], ui["pred"], ui["fed"], ui["wrote"]))
               + "</tr>"]
        for t in range(rows):
            vals = [str(t), tf_in[t] if t < len(tf_in) else "", tf_out[t] if t < len(tf_out) else "",
                    step_in[t] if t < len(step_in) else "", step_out[t] if t < len(step_out) else "…" if t < len(step_in) else ""]
            out.append("<tr>" + "".join(cell.format(html.escape(v)) for v in vals) + "</tr>")
        out.append("</table>")
        self.comparison.setText("".join(out))
