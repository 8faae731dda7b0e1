"""What a lesson page does to the window: applies its setup through the window's own state and
widgets (the sentence box, the state's mode, stage and head, the tabs, the decoding controller), and
flashes a coloured frame around the view the page talks about."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QScrollArea, QWidget

LAB_TABS = {"lab:positional": 0, "lab:scaling": 1, "lab:rnn": 2, "lab:forming": 3}
FLASH_MS = 2000


def open_tab(window, tab: str) -> None:
    """"model", "overview" or "lab:NAME" (the lab is built as its tab opens)."""
    if tab == "model":
        window.tabs.setCurrentWidget(window.splitter)
    elif tab == "overview":
        window.tabs.setCurrentWidget(window.overview)
    elif tab in LAB_TABS:
        from ..i18n import translate
        from ..labs import lab_titles

        title = translate("labs", lab_titles()[LAB_TABS[tab]]).replace("&", "&&")   # as the tab shows it
        for i in range(window.tabs.count()):
            if window.tabs.tabText(i) == title:
                window.tabs.setCurrentIndex(i)
                return


def apply_setup(window, setup: dict) -> None:
    """Bring the window to a page's starting point (each key optional)."""
    st = window.state
    if "sentence" in setup and setup["sentence"] != st.sentence:
        window.sentence_box.setText(setup["sentence"])        # as if typed: the box and the state agree
    if "mode" in setup:
        st.mode = setup["mode"]
    if "tab" in setup:
        open_tab(window, setup["tab"])
    if "stage" in setup:
        st.select_box(setup["stage"], setup.get("layer"))
    if "head" in setup:
        st.head = setup["head"]
    decode = setup.get("decode")
    if decode == "end":
        window.controller.run_to_end()
    elif isinstance(decode, int):
        window.controller.reset()
        for _ in range(decode):
            window.controller.step()


def decoding_panel(window) -> QWidget:
    """The decoding panel shown: the training panel, or the inference one (beside the alignment)."""
    page = window.mode_stack.currentWidget()
    return window.inference_panel if page is window.bottom else page


def highlight_widgets(window, name: str) -> list[QWidget]:
    return {"stage": [window.views], "map": [window.model_map], "heads": window.head_button_list + [window.head_off_button],
            "decoding": [decoding_panel(window)], "alignment": [window.alignment], "ablations": [window.ablation_bar],
            "lab": [window.tabs.currentWidget()], "sentence": [window.sentence_box],
            "d_k": [lab.d_k.parentWidget() for lab in window.labs if hasattr(lab, "d_k")]}.get(name, [])


class Flash(QWidget):
    """A coloured frame over `rect` of `parent` for a moment (mouse clicks go through it)."""

    def __init__(self, parent: QWidget, rect: QRect, color: str = "#e8452c"):
        super().__init__(parent)
        self.color = QColor(color)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setGeometry(rect.adjusted(-2, -2, 2, 2))
        self.show()
        self.raise_()
        QTimer.singleShot(FLASH_MS, self.deleteLater)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(self.color, 3))
        p.drawRoundedRect(self.rect().adjusted(2, 2, -2, -2), 5, 5)


def scroll_area_of(widget: QWidget) -> QScrollArea | None:
    """The scroll area `widget` is inside, if any (a lab's page)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def flash(window, name: str) -> Flash | None:
    """Frame the view called `name` (see highlight_widgets); returns the frame."""
    widgets = [w for w in highlight_widgets(window, name) if w is not None]
    if not widgets:
        return None
    # a child of the main window itself, not of the view's parent: a splitter would take a new child
    # for one of its panes
    rect = QRect()
    for w in widgets:
        if w.isVisible():
            shown = QRect(w.mapTo(window, w.rect().topLeft()), w.size())
            area = scroll_area_of(w)
            if area is not None:                  # scrolled into view, framed where it shows
                area.ensureWidgetVisible(w, 0, 0)
                view = area.viewport()
                shown = QRect(w.mapTo(window, w.rect().topLeft()), w.size()).intersected(
                    QRect(view.mapTo(window, view.rect().topLeft()), view.size()))
            rect = rect.united(shown)
    return Flash(window, rect) if not rect.isEmpty() else None
