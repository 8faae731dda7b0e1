"""What every stage view shares: it subscribes to the state and redraws only while visible."""
from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Qt, QTimer
from PySide6.QtWidgets import QGraphicsView, QLabel, QVBoxLayout, QWidget

from ..i18n import translate
from .heatmap import Heatmap


class Canvas(pg.GraphicsLayoutWidget):
    """A plot canvas that is never smaller than its plots' minimum size (the room their axes ask
    for to label every token): when the window is smaller, it scrolls instead of squeezing labels
    out. pyqtgraph's GraphicsView makes its scene exactly the viewport; here the scene is the larger
    of the viewport and the layout's minimum, and Qt's own scroll bars move over it."""

    def __init__(self):
        super().__init__()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._fitted = None

    def content_size(self) -> tuple[float, float]:
        """(width, height) the plots need at least, px."""
        need = self.ci.effectiveSizeHint(Qt.SizeHint.MinimumSize)
        return need.width(), need.height()

    def fit_to_content(self) -> bool:
        """Make the scene the viewport, or the plots' minimum where that is larger (then scroll).
        True when the scene changed size (the plots are laid out again).

        The scene is a whole number of pixels: Qt shows a scroll bar for a scene a fraction of a
        pixel larger than the viewport, but rounds its range to 0 and hides the bar again — each
        show and hide resized the viewport and fitted the scene again, for ever (the Marian monkey's
        hang: 210.3 px of plots in a 210 px viewport). Should anything else make the fit oscillate,
        a size that comes back within one turn of the event loop is not set again: the scene
        takes the largest of the sizes it had in the turn, and from then on only grows (and
        scrolls) until the canvas itself is resized."""
        if self.closed or getattr(self, "ci", None) is None:      # (pyqtgraph resizes before ci exists)
            return False
        need_w, need_h = self.content_size()
        view = self.viewport().size()
        key = (max(view.width(), math.ceil(need_w - 0.01)), max(view.height(), math.ceil(need_h - 0.01)))
        if key == self._fitted:             # (a minimum that still fits the viewport changes nothing)
            return False
        sizes = self._sizes_this_turn
        if self._held is not None:          # a loop was cut: the scene only grows
            key = (max(key[0], self._held[0]), max(key[1], self._held[1]))
            if key == self._held:
                return False
            self._held = key
        elif key in sizes[:-1] and key != sizes[-1]:     # back to an earlier size: a loop, not a change
            self._held = key = (max(w for w, _ in sizes), max(h for _, h in sizes))
            self._held_in = self.size()
        if not sizes:
            QTimer.singleShot(0, self, self._new_turn)
        sizes.append(key)
        self._fitted = key
        self.range = QRectF(0, 0, *key)
        pg.GraphicsView.setRange(self, self.range, padding=0, disableAutoPixel=False)
        return True

    _held: tuple[int, int] | None = None      # the scene size a cut loop left, while the canvas is
    _held_in = None                           # this size (its viewport changes with its scroll bars)
    _turn: list | None = None

    @property
    def _sizes_this_turn(self) -> list[tuple[int, int]]:
        """The scene sizes set since the event loop last turned (pyqtgraph fits in __init__)."""
        if self._turn is None:
            self._turn = []
        return self._turn

    def _new_turn(self) -> None:
        self._sizes_this_turn.clear()

    def resizeEvent(self, ev) -> None:
        if self.closed:
            return
        self._fitted = None
        if self._held is not None and self.size() != self._held_in:
            self._held = None                # resized (not only its scroll bars): fit afresh
        self.fit_to_content()

    def paintEvent(self, ev) -> None:
        self.fit_to_content()        # the plots' minimum changed since (new tokens, another stage)
        super().paintEvent(ev)


def plot_canvas(margin: int = 4, spacing: int = 6) -> pg.GraphicsLayoutWidget:
    """A canvas for plots that change all at once: a new trace moves and repaints every item, so
    Qt repaints the whole viewport (pyqtgraph's minimal update unites hundreds of item rectangles
    first: ~1 ms of a keystroke). It scrolls when its plots need more room than it has (Canvas)."""
    canvas = Canvas()
    canvas.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
    canvas.ci.setContentsMargins(margin, margin, margin, margin)
    canvas.ci.setSpacing(spacing)
    return canvas


class RefreshWhenShown:
    """For a widget whose `refresh()` is only worth running while it is visible: a change while it is
    hidden marks it dirty, and showing it refreshes it then."""

    _dirty = True

    def shows(self) -> bool:
        return True

    def request_refresh(self) -> None:
        if self.isVisible() and self.shows():
            self._dirty = False
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.request_refresh()


class StageView(RefreshWhenShown, QWidget):
    """Base of the stage views. Subclasses build their plots and implement `refresh()`, which reads
    the state's trace, stage, head and query row and updates their images in place."""

    #: stage kinds this view shows
    kinds: tuple[str, ...] = ()

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self._dirty = True
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        ev = state.events
        ev.trace_changed.connect(self._on_trace_changed)
        ev.stage_index_changed.connect(self._on_stage_index_changed)
        ev.head_changed.connect(self._on_head_changed)
        ev.query_row_changed.connect(self._on_query_row_changed)
        ev.hovered_token_changed.connect(self._on_hovered_token_changed)

    # one matrix large (double-click a matrix; Esc or a double-click goes back) -------------------
    _focus_page = None
    focused: Heatmap | None = None

    def focus_heatmap(self, heatmap: Heatmap) -> None:
        """Show `heatmap` alone, as large as the view (a double-click on it); again: back."""
        tabs = getattr(self, "tabs", None)
        canvases = heatmap.plot.scene().views()
        if tabs is not None and canvases and tabs.indexOf(canvases[0]) >= 0:
            tabs.setCurrentWidget(canvases[0])       # (a first click may have switched tabs)
        if self._focus_page is None:
            self._focus_page = FocusPage(self)
            self.layout_.addWidget(self._focus_page)
        self.focused = heatmap
        for i in range(self.layout_.count()):
            widget = self.layout_.itemAt(i).widget()
            if widget is not None and widget is not self._focus_page:
                widget.setVisible(False)
        self._focus_page.show_copy(heatmap)
        self._focus_page.setVisible(True)
        self._focus_page.canvas.setFocus()

    def unfocus(self) -> None:
        """Back from one matrix to the whole view."""
        if self.focused is None:
            return
        self.focused = None
        self._focus_page.setVisible(False)
        for i in range(self.layout_.count()):
            widget = self.layout_.itemAt(i).widget()
            if widget is not None and widget is not self._focus_page:
                widget.setVisible(True)
        self.request_refresh()

    def request_refresh(self) -> None:
        super().request_refresh()
        if not self._dirty:
            self._drawn_trace = self.state.trace
            if self.focused is not None:
                self._focus_page.show_copy(self.focused)

    #: the trace of the last refresh (while not dirty: what the view shows)
    _drawn_trace = None

    # subscriptions ------------------------------------------------------------------------------
    def _on_trace_changed(self, trace) -> None:
        if self._shows_already(trace):
            self._drawn_trace = trace
            return
        self.request_refresh()

    def _shows_already(self, trace) -> bool:
        """A decoding step's trace on a source-side stage (the encoder, its embedding and positions):
        the step shares the encoder pass the view has drawn, every array it reads is the same object,
        so there is nothing to draw again (stepping through a translation with the encoder on screen
        redrew it, and laid it out and painted it, every step)."""
        drawn = self._drawn_trace
        return (not self._dirty and drawn is not None and trace is not None and self.state.stage.side == "src"
                and trace.shares_source_pass(drawn))

    def _on_stage_index_changed(self, _i) -> None:
        self.request_refresh()

    def _on_head_changed(self, _h) -> None:
        pass

    def _on_query_row_changed(self, _r) -> None:
        pass

    def _on_hovered_token_changed(self, token) -> None:
        if self.isVisible():
            for h in self.heatmaps():
                h.highlight(token)
            if self.focused is not None:
                self._focus_page.heatmap.highlight(token)

    # refreshing ---------------------------------------------------------------------------------
    def shows(self) -> bool:
        return self.state.trace is not None and self.state.stage.kind in self.kinds

    def refresh(self) -> None:
        raise NotImplementedError

    def heatmaps(self) -> list[Heatmap]:
        return []

    def deferred_parts(self) -> list:
        """Parts built on first use (tabs not shown yet), as Stepwise constructions the window may
        run ahead of time, a piece per idle moment."""
        return []

    # helpers ------------------------------------------------------------------------------------
    def tokens(self, side: str) -> list[str]:
        return self.state.tokens(side)

    def row_tokens(self, side: str) -> list[str]:
        return self.state.row_tokens(side)

    @staticmethod
    def token_at(tokens: list[str], i: int) -> str:
        return tokens[i] if 0 <= i < len(tokens) else str(i)


class FocusPage(QWidget):
    """One matrix of a stage view, large: a copy of it that follows every refresh; Esc goes back."""

    def __init__(self, view: StageView):
        super().__init__()
        self.view = view
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(translate("StageView", "one matrix, large — Esc or double-click: back to the whole view"))
        hint.setEnabled(False)
        layout.addWidget(hint)
        self.canvas = _EscapeCanvas(view.unfocus)
        self.canvas.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        layout.addWidget(self.canvas, 1)
        self.heatmap = Heatmap(self.canvas.ci, 0, 0, "", view.state)
        self.heatmap.image.on_double = view.unfocus

    def show_copy(self, heatmap: Heatmap) -> None:
        self.heatmap.copy_from(heatmap)


class _EscapeCanvas(Canvas):
    """A canvas that takes Esc for itself (before the window's Esc shortcut) and calls `on_escape`."""

    def __init__(self, on_escape):
        super().__init__()
        self.on_escape = on_escape

    def event(self, ev) -> bool:
        if ev.type() == QEvent.Type.ShortcutOverride and ev.key() == Qt.Key.Key_Escape:
            ev.accept()
            return True
        return super().event(ev)

    def keyPressEvent(self, ev) -> None:
        if ev.key() == Qt.Key.Key_Escape:
            self.on_escape()
            ev.accept()
            return
        super().keyPressEvent(ev)
