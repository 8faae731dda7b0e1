"""Measures that need a fresh interpreter: cold start to the first painted window, the bare import
floor (torch + PySide6 + pyqtgraph), and peak resident memory (ru_maxrss) of a bounded job.

The parent times each child from spawn to exit; a child prints one JSON line on stdout. Peak memory
is the child's own high-water mark (see `_max_rss_mb`).
`python -m explorer.bench.processes <what> [args]` is the child side.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .stats import median

ROOT = Path(__file__).resolve().parents[2]
IMPORT_FLOOR = "import torch, PySide6.QtWidgets, pyqtgraph"


def _env(config_dir: str) -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = config_dir            # never the user's settings (last sentence, geometry)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _spawn(args: list[str], timeout_s: float = 300.0) -> tuple[float, dict | None]:
    """(wall seconds from spawn to exit, the JSON the child printed last, if any)."""
    with tempfile.TemporaryDirectory(prefix="explorer-bench-") as config_dir:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, *args], env=_env(config_dir), capture_output=True, text=True,
                              timeout=timeout_s, cwd=str(ROOT))
        wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited with {done.returncode}: {done.stderr.strip()[-800:]}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return wall, (json.loads(lines[-1]) if lines else None)


def import_floor_s(repeats: int, warm: bool = True) -> float:
    """Median seconds for a fresh interpreter to import torch, PySide6's widgets and pyqtgraph."""
    if warm:
        _spawn(["-c", IMPORT_FLOOR])                 # warm the file cache, as for the cold start
    return median(_spawn(["-c", IMPORT_FLOOR])[0] for _ in range(repeats))


def cold_start_s(repeats: int, warm: bool = True) -> float:
    """Median seconds from spawning `explorer.app.run()` (offscreen) to its first painted window."""
    if warm:
        _spawn(["-m", "explorer.bench.processes", "cold-start"])
    return median(_spawn(["-m", "explorer.bench.processes", "cold-start"])[0] for _ in range(repeats))


def peak_rss_mb(what: str, *args) -> dict:
    """Run a bounded job in a child and return what it reports (with its peak RSS in MB)."""
    return _spawn(["-m", "explorer.bench.processes", what, *map(str, args)])[1]


# --- the child side -----------------------------------------------------------------------------
def _max_rss_mb() -> float:
    """This process's peak resident memory in MB.

    Linux: VmHWM of /proc/self/status, the high-water mark of this address space. ru_maxrss is not
    used there: the kernel carries it over from the parent through fork and exec, so a child of a
    1 GB benchmark reports ≥ 1 GB whatever it does (seen: 943 MB for a 300 MB job).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024     # bytes on macOS, KiB on Linux


def _child_cold_start() -> None:
    """Start the app as `transformer-explorer` does and leave right after the first paint of the window
    with its first run in (the window paints at once on its first-run page, the model runs on the worker)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and obj.isWidgetType():
                ready = getattr(obj.window(), "ready", None)
                if ready is not None and ready():
                    QTimer.singleShot(0, lambda: os._exit(0))      # once this paint pass has ended
            return False

    first_paint = FirstPaint()
    app.installEventFilter(first_paint)
    from explorer.app import run

    sys.exit(run())


def _child_trace_rss(n_tokens: str) -> None:
    import torch

    from core.translator import Translator

    torch.set_num_threads(1)                       # as the window's worker

    from .window_speed import source_text

    translator = Translator.load()
    start = time.perf_counter()
    trace = translator.trace(source_text(int(n_tokens)))
    seconds = time.perf_counter() - start
    print(json.dumps({"peak_rss_mb": _max_rss_mb(), "trace_s": seconds, "src_tokens": len(trace.src_tokens),
                      "tgt_tokens": len(trace.tgt_tokens)}))


def _child_overview_rss(n_tokens: str) -> None:
    from . import overview

    result = overview.measure(sizes=(int(n_tokens),), repeats=1, models=("wide", "bundled"))
    print(json.dumps({"peak_rss_mb": _max_rss_mb(), "overview": result}))


def _child_checkpoint_rss(folder: str, n_tokens: str) -> None:
    import torch

    from .checkpoint_speed import child_rss

    torch.set_num_threads(1)
    result = child_rss(folder, n_tokens)
    print(json.dumps({"peak_rss_mb": _max_rss_mb(), **result}))


def main(argv: list[str]) -> None:
    what, args = argv[0], argv[1:]
    {"cold-start": _child_cold_start, "trace-rss": _child_trace_rss, "overview-rss": _child_overview_rss,
     "checkpoint-rss": _child_checkpoint_rss}[what](*args)


if __name__ == "__main__":
    main(sys.argv[1:])
