"""The model overview — every layer × head of encoder self-attention as small multiples — painted
at 64, 256 and 512 source tokens, for the bundled model and a random 6-layer × 12-head model of
width 384. Uses the window's own overview tab (`explorer.decoding.overview.ModelOverview`); if
that is missing, a minimal stand-in built the same way (one ViewBox, pre-allocated ImageItems,
setImage only).

Timed per size: the trace of the sentence (the model's time, once) and, separately, from the trace
being set in the state to the overview painted (`repaint()`, the median of `repeats`); the budget
figure is their sum, sentence → overview on screen.
"""
from __future__ import annotations

import time

from core.names import act_name

from .stats import median
from .window_speed import qt_app, source_text

SIZES = (64, 256, 512)
TARGET = "i am a student"


def wide_translator():
    """Random weights, N=6, d_model=384, h=12, d_ff=1536 (a BERT-small-like width), seed 0."""
    from core.config import ModelConfig
    from core.translator import Translator

    cfg = ModelConfig(64, 64, n_layers=6, d_model=384, n_heads=12, d_ff=1536, dropout=0.0)
    return Translator.random(cfg=cfg, seed=0)


def translators(models, bundled=None):
    from core.translator import Translator

    for name in models:
        if name == "bundled":
            yield name, bundled or Translator.load()
        else:
            yield name, wide_translator()


def overview_widget(state):
    try:
        from ..decoding.overview import ModelOverview
    except ImportError:
        return StandInOverview(state)
    return ModelOverview(state)


class StandInOverview:
    """Small multiples of enc.{layer}.self.weights: one ViewBox, one ImageItem per layer × head."""

    def __new__(cls, state):
        import pyqtgraph as pg
        from PySide6.QtCore import QRectF

        from ..views.heatmap import COLORMAP

        view = pg.GraphicsView()
        vb = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False, enableMenu=False)
        view.setCentralItem(vb)
        cells = []
        for layer in range(state.n_layers):
            for head in range(state.n_heads):
                cell = pg.ImageItem(axisOrder="row-major", autoDownsample=True)
                cell.setColorMap(COLORMAP)
                cell.setRect(QRectF(head * 1.1, layer * 1.1, 1, 1))
                vb.addItem(cell)
                cells.append((act_name("enc", layer, "self", "weights"), head, cell))
        vb.setRange(QRectF(0, 0, state.n_heads * 1.1, state.n_layers * 1.1), padding=0.02)

        def refresh(trace):
            for weights, head, cell in cells:
                cell.setImage(trace[weights][head], autoLevels=False, levels=(0.0, 1.0))

        state.events.trace_changed.connect(refresh)
        view._cells = cells
        return view


def measure(sizes=SIZES, repeats: int = 3, models=("bundled", "wide"), bundled=None) -> dict:
    """{model: {"cells": n, str(size): {"paint_s", "trace_s"}}}."""
    from PySide6.QtWidgets import QApplication

    from ..state import ExplorerState

    qt_app()
    out: dict = {}
    for name, translator in translators(models, bundled):
        cfg = translator.cfg
        state = ExplorerState(cfg.n_layers, cfg.n_heads, translator.tgt.vocab)
        widget = overview_widget(state)
        widget.resize(1400, 900)
        widget.show()
        QApplication.processEvents()
        result = {"cells": cfg.n_layers * cfg.n_heads, "widget": type(widget).__name__}
        for n in sizes:
            start = time.perf_counter()
            trace = translator.trace(source_text(n), target=TARGET)
            trace_s = time.perf_counter() - start
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                state.trace = trace                 # the overview updates its images …
                widget.repaint()                    # … and paints them, now
                QApplication.processEvents()
                times.append(time.perf_counter() - start)
            paint_s = median(times)
            result[str(n)] = {"paint_s": paint_s, "trace_s": trace_s, "total_s": trace_s + paint_s}
            del trace
        out[name] = result
        widget.close()
        widget.deleteLater()
        QApplication.processEvents()
    return out
