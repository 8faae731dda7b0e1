"""A QTabWidget that repaints only what changed.

QTabWidget answers every LayoutRequest by laying out its tab bar and pages again and repainting
itself whole (QTabWidget::setUpLayout ends with update()). A LayoutRequest reaches it whenever any
widget on its current page changes its size hint — a label's new text, a chip shown — so one
decoding step repainted the whole window two or three times over (≈ 15–20 ms a pass on the 2-core
Xeon), on top of the views' own paint. Here a LayoutRequest that cannot move the tab bar or the page
(same size, same tab bar, same corner widgets) only passes the new size hints on to the parent.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QTabWidget


class TabWidget(QTabWidget):
    """QTabWidget without the whole-widget repaint on a page's size-hint change."""

    _laid_out = None

    def _layout_inputs(self) -> tuple:
        """What QTabWidget's own layout (the tab bar's and the page stack's rectangles) depends on."""
        bar = self.tabBar()
        corners = tuple(None if c is None or not c.isVisibleTo(self) else (c.sizeHint().toTuple(),
                                                                         c.minimumSizeHint().toTuple())
                        for c in (self.cornerWidget(Qt.Corner.TopLeftCorner),
                                  self.cornerWidget(Qt.Corner.TopRightCorner)))
        return (self.size().toTuple(), self.count(), self.tabPosition(), self.documentMode(),
                bar.isVisibleTo(self), bar.sizeHint().toTuple(), bar.minimumSizeHint().toTuple(), corners)

    _hints = None

    def event(self, ev) -> bool:
        if ev.type() == QEvent.Type.LayoutRequest and self.isVisible():
            inputs = self._layout_inputs()
            if inputs == self._laid_out:
                hints = (self.minimumSizeHint().toTuple(), self.sizeHint().toTuple())
                if hints != self._hints:       # the page's new size hints still reach the window's
                    self._hints = hints        # layout; unchanged, the window is not laid out again
                    self.updateGeometry()
                return True
            handled = super().event(ev)
            self._laid_out = inputs
            self._hints = (self.minimumSizeHint().toTuple(), self.sizeHint().toTuple())
            return handled
        return super().event(ev)

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)                # lays the tab bar and pages out for the new size
        self._laid_out = self._layout_inputs() if self.isVisible() else None
