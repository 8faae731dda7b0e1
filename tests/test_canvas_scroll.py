"""A plot canvas that scrolls (explorer/views/base.py Canvas) settles on one scene size.

The Marian monkey hung the window (tests/test_window.py and tests/test_window_families.py in one
run, under load): a canvas whose plots needed 210.3 px in a 210 px viewport. Qt's scroll area
shows a scroll bar for a scene 0.3 px taller than the viewport, but its scroll range, rounded,
is 0, and an empty range hides the bar again; each show or hide resized the viewport, each resize
fitted the scene again — 862 × 196 with both bars, 876 × 210 without, for ever, and
QApplication.processEvents never returned (a lone canvas too: the first test here hung before the
fix, until CountingCanvas stopped it after MOST sizes)."""
from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication

from explorer.views.base import Canvas, plot_canvas


class CountingCanvas(Canvas):
    """A Canvas that counts the scene sizes it sets, and stops fitting after MOST of them (a canvas
    that never settles would otherwise hang the test inside processEvents)."""

    MOST = 50
    scene_sizes: list[tuple[float, float]] = []      # (pyqtgraph fits before __init__ returns)

    def fit_to_content(self) -> bool:
        if len(self.scene_sizes) >= self.MOST:
            return False
        changed = super().fit_to_content()
        if changed:
            self.scene_sizes = self.scene_sizes + [self._fitted]
        return changed


def canvas_needing(overflow_h: float, overflow_w: float | None = None) -> tuple[CountingCanvas, pg.GraphicsWidget]:
    """A shown canvas whose content needs the viewport's height plus `overflow_h` px (and its width
    plus `overflow_w`, else less than its width)."""
    canvas = CountingCanvas()
    canvas.ci.setContentsMargins(4, 4, 4, 4)
    item = pg.GraphicsWidget()
    canvas.ci.addItem(item, 0, 0)
    item.setMinimumSize(100, 50)
    canvas.resize(900, 240)
    canvas.show()
    for _ in range(20):
        QApplication.processEvents()
    view = canvas.viewport().size()
    assert not canvas.verticalScrollBar().isVisible()
    need_w, need_h = canvas.content_size()
    width = 100 if overflow_w is None else 100 + view.width() + overflow_w - need_w
    item.setMinimumSize(width, 50 + view.height() + overflow_h - need_h)
    canvas.ci.layout.activate()
    assert canvas.content_size()[1] == pytest.approx(view.height() + overflow_h)
    canvas.scene_sizes = []
    return canvas, item


def settle(canvas: CountingCanvas, rounds: int = 60) -> None:
    canvas.viewport().update()
    for _ in range(rounds):
        QApplication.processEvents()


@pytest.mark.parametrize("overflow", [0.3, 0.5, 0.7, 1.0, 12.5])
def test_a_canvas_a_fraction_of_a_pixel_too_tall_settles(qapp, overflow):
    canvas, _item = canvas_needing(overflow)
    settle(canvas)
    sizes = canvas.scene_sizes
    assert len(sizes) <= 4, f"the scene kept changing size: {sizes[:8]} …"
    # settled: the vertical bar scrolls over the overflow, no horizontal bar, the whole content reachable
    bar = canvas.verticalScrollBar()
    assert bar.isVisible() and bar.maximum() >= 1
    assert not canvas.horizontalScrollBar().isVisible()
    assert canvas.sceneRect().height() >= canvas.content_size()[1]
    canvas.close()


def test_a_canvas_too_tall_and_too_wide_settles_with_both_bars(qapp):
    canvas, _item = canvas_needing(0.3, overflow_w=0.4)
    settle(canvas)
    assert len(canvas.scene_sizes) <= 4, f"the scene kept changing size: {canvas.scene_sizes[:8]} …"
    assert canvas.verticalScrollBar().isVisible() and canvas.horizontalScrollBar().isVisible()
    canvas.close()


def test_a_canvas_that_fits_shows_no_scroll_bars(qapp):
    canvas, _item = canvas_needing(-0.3)
    settle(canvas)
    assert len(canvas.scene_sizes) <= 2
    assert not canvas.verticalScrollBar().isVisible() and not canvas.horizontalScrollBar().isVisible()
    canvas.close()


def test_plot_canvas_is_a_canvas():
    assert issubclass(type(plot_canvas()), Canvas)


class WiderIsTallerCanvas(CountingCanvas):
    """Plots that need more height the wider the viewport is (nothing in the explorer does this:
    titles wrap and labels turn upright as plots get narrower, not wider) — a fit that can never
    settle: without a scroll bar the plots need a bar, with it they do not."""

    full_width = 0
    full_height = 0

    def content_size(self) -> tuple[float, float]:
        narrow = self.viewport().width() < self.full_width
        return 100.0, float(self.full_height - 20 if narrow else self.full_height + 20)


def test_a_fit_that_cannot_settle_is_cut_within_one_turn_of_the_event_loop(qapp):
    canvas = WiderIsTallerCanvas()
    canvas.resize(900, 240)
    canvas.show()
    QApplication.processEvents()
    canvas.full_width, canvas.full_height = canvas.width() - 2 * canvas.frameWidth(), canvas.height()
    turns = []
    for _ in range(10):
        before = len(canvas.scene_sizes)
        canvas.viewport().update()
        QApplication.processEvents()          # returns: the loop does not live-lock the event loop
        turns.append(len(canvas.scene_sizes) - before)
    assert max(turns) <= 4 and sum(turns[-5:]) == 0, turns       # cut, and it stays cut
    assert canvas.verticalScrollBar().isVisible()              # the taller size kept: all of it shows
    canvas.resize(700, 240)                # a real resize fits afresh (and is cut again)
    QApplication.processEvents()
    assert canvas.sceneRect().width() < 900
    canvas.close()
