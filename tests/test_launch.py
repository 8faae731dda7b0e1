"""Launching as `transformer-explorer` does: something is on screen before PyTorch loads (its import
takes seconds on a first launch), and then the main window."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
start = time.perf_counter()
app = QApplication(sys.argv[:1])
seen = []
class Paints(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.isWindow():
            seen.append({"window": type(obj).__name__, "main": isinstance(obj, QMainWindow),
                         "torch_loaded": "torch" in sys.modules, "s": time.perf_counter() - start})
            if isinstance(obj, QMainWindow):
                print(json.dumps(seen), flush=True)
                QTimer.singleShot(0, lambda: os._exit(0))
        return False
paints = Paints()
app.installEventFilter(paints)
from explorer.app import run
sys.exit(run())
"""


def test_something_is_painted_before_torch_loads_then_the_window(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=300,
                          cwd=str(ROOT))
    assert done.returncode == 0, done.stderr[-2000:]
    paints = json.loads(done.stdout.strip().splitlines()[-1])
    assert paints[-1]["main"]
    first = paints[0]
    assert not first["main"] and not first["torch_loaded"], paints
