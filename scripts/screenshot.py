"""Render the explorer's main window to a PNG (offscreen; no display needed).

    python scripts/screenshot.py [--out docs/screenshot.png] [--size 1400x900] [--stage STAGE] [--tab 0]
                                 [--sentence 我是一个学生] [--steps 3] [--dark] [--language zh_CN]

By default: the bundled model mid-decoding (3 tokens written), the last decoder layer's cross-attention.

Used for the README's screenshot; open the PNG and look at it before committing.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    ap.add_argument("--size", default="1400x900")
    ap.add_argument("--sentence", default="我是一个学生")
    ap.add_argument("--stage", type=int, default=None,
                    help="stage index (default: the last decoder layer's cross-attention)")
    ap.add_argument("--steps", type=int, default=3, help="decoding steps to take before the screenshot")
    ap.add_argument("--tab", type=int, default=0, help="tab of the attention view (0 pipeline, 1 heads, 2 neuron)")
    ap.add_argument("--head", type=int, default=0)
    ap.add_argument("--dark", action="store_true")
    ap.add_argument("--language", default="en", help="interface language: en or zh_CN")
    ap.add_argument("--model", default=None, help="model folder (default: the bundled model)")
    args = ap.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))

    import pyqtgraph as pg
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from core.translator import Translator
    from explorer.fonts import register_bundled_font
    from explorer.main_window import MainWindow

    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True)
    app = QApplication.instance() or QApplication([])
    register_bundled_font()
    from explorer.language import install_language

    install_language(args.language)
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("dark", args.dark)
        window = MainWindow(Translator.load(args.model), sentence=args.sentence, settings=settings)
        window.resize(width, height)
        while not window.ready():             # the first run, on the window's worker
            app.processEvents()
        if args.stage is None:
            window.state.select_box("dec.cross", window.state.n_layers - 1)
        else:
            window.state.stage_index = args.stage
        window.state.head = args.head
        for _ in range(args.steps):
            window.controller.step()
        snap = lambda: window.state.snapshot
        while len(snap().steps) < args.steps + 1 and not (snap().done and not window.worker.busy()):
            app.processEvents()
        view = window.views.currentWidget()
        if hasattr(view, "tabs"):
            view.tabs.setCurrentIndex(args.tab)
        window.show()
        for _ in range(5):
            app.processEvents()
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(out))
        window.close()
    print(f"{'wrote' if ok else 'could not write'} {out} ({width}×{height})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
