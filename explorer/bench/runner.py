"""Runs every measure in order (progress on stderr), then prints the table or the JSON.

The figures are medians over repeated runs. Torch runs on one thread, as in the window's worker
(`trace_threads_ms` records why: this model is several times faster on one thread than on two).
"""
from __future__ import annotations

import importlib.util
import json
import os
import platform
import sys
import time
from pathlib import Path

from . import budgets
from .processes import ROOT

FULL = {"keystroke_tokens": (8, 32, 128), "keystroke_repeats": 20, "trace_repeats": 20, "decode_repeats": 15,
        "base_repeats": 5, "base_tokens": 64, "rss_tokens": 256, "process_repeats": 3, "export_repeats": 5,
        "overview_sizes": (64, 256, 512), "overview_repeats": 3, "checkpoint_repeats": 7,
        "family_repeats": 10}
QUICK = {"keystroke_tokens": (8, 32, 128), "keystroke_repeats": 2, "trace_repeats": 2, "decode_repeats": 1,
         "base_repeats": 1, "base_tokens": 16, "rss_tokens": 16, "process_repeats": 1, "export_repeats": 1,
         "overview_sizes": (64, 256, 512), "overview_repeats": 1, "checkpoint_repeats": 1,
        "family_repeats": 2}


_T0 = time.perf_counter()


def _log(message: str) -> None:
    print(f"bench [{time.perf_counter() - _T0:6.1f} s]: {message}", file=sys.stderr, flush=True)


def machine() -> dict:
    import PySide6
    import pyqtgraph
    import torch

    info = {"platform": platform.platform(), "machine": platform.machine(), "processor": platform.processor(),
            "cpus": os.cpu_count(), "python": platform.python_version(), "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(), "pyside6": PySide6.__version__,
            "pyqtgraph": pyqtgraph.__version__, "qt_platform": os.environ.get("QT_QPA_PLATFORM", "")}
    try:
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
        info["cpu_model"] = model
    except (OSError, StopIteration):
        pass
    return info


def _export_ratio(repeats: int) -> tuple[float | None, str]:
    path = ROOT / "bench" / "export_vs_matplotlib.py"
    if not path.exists():
        return None, "bench/export_vs_matplotlib.py is missing"
    spec = importlib.util.spec_from_file_location("export_vs_matplotlib", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not module.matplotlib_available():
        return None, "matplotlib is not installed (pip install matplotlib): no comparison"
    r = module.measure(repeats=repeats)
    return r["ratio"], f"ours {r['ours_s'] * 1000:.0f} ms, matplotlib {r['matplotlib_s'] * 1000:.0f} ms"


def collect(quick: bool = False) -> dict:
    """Every figure of the benchmark, as a JSON-ready dict."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import torch

    p = QUICK if quick else FULL
    threads = torch.get_num_threads()
    torch.set_num_threads(1)                 # as the window's worker
    try:
        return _collect(p, quick)
    finally:
        torch.set_num_threads(threads)


def _collect(p: dict, quick: bool) -> dict:
    from . import model_speed, overview, processes, window_speed
    from .stats import median

    r: dict = {"quick": quick, "machine": machine(), "notes": []}
    started = time.perf_counter()

    window_speed.qt_app()
    translator = model_speed.bundled_translator()

    if not quick:
        _log("trace time by torch thread count")
        r["trace_threads_ms"] = {str(n): model_speed.trace_ms_by_threads(translator, n, p["trace_repeats"])
                                 for n in (8, 32)}

    _log("keystrokes in the main window")
    window = window_speed.open_window(translator, window_speed.source_text(7))
    try:
        r["keystroke_ms"] = {}
        for n in p["keystroke_tokens"]:
            times = window_speed.measure_keystrokes(window, n, p["keystroke_repeats"])
            r["keystroke_ms"][str(n)] = median(times) * 1000
        _log("decoding steps")
        times, how = window_speed.measure_decode_steps(window, p["decode_repeats"])
        r["decode_step_ms"] = median(times) * 1000
        r["notes"].append(f"decode step: {how}")

        _log("the base config traced in the worker (stall)")
        base = model_speed.base_translator() if not quick else _quick_base()
        src, tgt = model_speed.base_inputs(p["base_tokens"])
        r["base_trace_ms"] = model_speed.base_trace_ms(base, p["base_repeats"], p["base_tokens"])
        window.state.select_box("enc.self", 0)
        window_speed.settle(window)
        stalls = []
        for _ in range(max(1, min(3, p["base_repeats"]))):
            stall, _wall, _trace = window_speed.measure_stall_during(window, lambda: base.trace(src, target=tgt))
            stalls.append(stall)
            window_speed.settle(window, 0.1)
        r["max_stall_ms"] = max(stalls) * 1000
        r["base_config"] = {"tokens": p["base_tokens"], "d_model": base.cfg.d_model, "n_layers": base.cfg.n_layers,
                            "vocab": base.cfg.tgt_vocab_size}
        base = None                                  # the base model's memory goes back before the next measures
    finally:
        window_speed.close_window(window)

    _log("trace overhead")
    overhead = {str(n): model_speed.trace_overhead(translator, n, p["trace_repeats"]) for n in (8, 32, 128)}
    r["trace_overhead"] = overhead
    r["trace_overhead_ratio"] = max(o["ratio"] for o in overhead.values())

    _log("peak RSS (child process)")
    rss = processes.peak_rss_mb("trace-rss", p["rss_tokens"])
    r["peak_rss_mb"] = rss["peak_rss_mb"]
    r["peak_rss"] = rss

    _log("import floor and cold start (child processes)")
    r["import_floor_s"] = processes.import_floor_s(p["process_repeats"], warm=not quick)
    r["cold_start_s"] = processes.cold_start_s(p["process_repeats"], warm=not quick)

    _log("export vs matplotlib")
    ratio, note = (None, "quick: not compared") if quick else _export_ratio(p["export_repeats"])
    r["export_vs_matplotlib_ratio"] = ratio
    r["notes"].append(f"export: {note}")

    _log("model overview")
    sizes = p["overview_sizes"]
    if quick:
        by_model = overview.measure(sizes=sizes, repeats=p["overview_repeats"], models=("bundled",),
                                    bundled=translator)
        r["notes"].append("quick: overview of the bundled model only, peak RSS not measured")
        r["overview_peak_rss_mb"] = None
    else:
        child = processes.peak_rss_mb("overview-rss", max(sizes))
        r["overview_peak_rss_mb"] = child["peak_rss_mb"]
        by_model = overview.measure(sizes=sizes, repeats=p["overview_repeats"], bundled=translator)
    r["overview"] = by_model
    r["overview_paint_s"] = {str(n): max(m[str(n)]["total_s"] for m in by_model.values()) for n in sizes}
    r["notes"].append("overview: seconds from the sentence to the painted overview (trace + paint), the slower "
                      "model; paint alone and trace alone per model under 'overview'")
    from . import checkpoint_speed

    _log("checkpoints (hf extra)")
    section = checkpoint_speed.collect(quick, p["checkpoint_repeats"], _log)
    r["checkpoint"] = section["checkpoint"]
    r["notes"].append(section["note"])
    from . import family_speed

    _log("the window on a real-size checkpoint (hf extra)")
    section = family_speed.collect(quick, p["family_repeats"], _log)
    r["family"] = section["family"]
    r["notes"].append(section["note"])
    r["seconds"] = time.perf_counter() - started
    return r


def _quick_base():
    """A stand-in for the base config in quick mode (same code path, a fraction of the size)."""
    from core.config import ModelConfig
    from core.translator import Translator

    return Translator.random(cfg=ModelConfig(64, 64, n_layers=2, d_model=64, n_heads=8, d_ff=128), seed=0)


def run(json_out: bool = False, quick: bool = False, out: str | None = None) -> int:
    r = collect(quick=quick)
    text = json.dumps(r, indent=1, ensure_ascii=False)
    if out:
        from core.atomic import atomic_write_bytes

        atomic_write_bytes(Path(out), (text + "\n").encode())
    if json_out:
        print(text)
    else:
        print(budgets.table(r))
        for note in r["notes"]:
            print(f"note: {note}")
        m = r["machine"]
        print(f"machine: {m.get('cpu_model', m['processor'])}, {m['cpus']} CPUs, load {m.get('load_average')}, "
              f"torch {m['torch']} on {m['torch_threads']} thread(s), PySide6 {m['pyside6']}, "
              f"pyqtgraph {m['pyqtgraph']}; {r['seconds']:.0f} s")
    return 0 if budgets.all_pass(r) else 1
