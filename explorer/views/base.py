"""What every stage view shares: it subscribes to the state and redraws only while visible."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsView, QVBoxLayout, QWidget

from .heatmap import Heatmap


def plot_canvas(margin: int = 4, spacing: int = 6) -> pg.GraphicsLayoutWidget:
    """A canvas for plots that change all at once: a new trace moves and repaints every item, so
    Qt repaints the whole viewport (pyqtgraph's minimal update unites hundreds of item rectangles
    first: ~1 ms of a keystroke)."""
    canvas = pg.GraphicsLayoutWidget()
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

    # subscriptions ------------------------------------------------------------------------------
    def _on_trace_changed(self, _trace) -> None:
        self.request_refresh()

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
