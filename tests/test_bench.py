"""The benchmark runs end to end in its quick mode and reports every figure (no timing asserted:
the budgets live in `transformer-explorer bench`, not in tests)."""
import json
import numbers

from explorer.bench import add_bench_parser
from explorer.bench.budgets import rows, table
from explorer.bench.runner import collect

NUMBERS = ("trace_overhead_ratio", "decode_step_ms", "base_trace_ms", "max_stall_ms", "peak_rss_mb",
           "cold_start_s", "import_floor_s")


def test_quick_benchmark_reports_every_figure(qapp):
    r = collect(quick=True)
    json.dumps(r)                                           # JSON-ready
    assert set(r["keystroke_ms"]) == {"8", "32", "128"}
    assert set(r["overview_paint_s"]) == {"64", "256", "512"}
    for value in list(r["keystroke_ms"].values()) + list(r["overview_paint_s"].values()):
        assert isinstance(value, numbers.Real) and value > 0
    for key in NUMBERS:
        assert isinstance(r[key], numbers.Real) and r[key] > 0, key
    assert r["export_vs_matplotlib_ratio"] is None or r["export_vs_matplotlib_ratio"] > 0
    assert "overview_peak_rss_mb" in r
    assert r["machine"]["cpus"] >= 1
    family = r["family"]                                    # the window on a (quick) Marian checkpoint
    if family is not None:
        for key in ("open_to_first_paint_s", "keystroke_ms", "decode_step_ms", "typing_stall_ms", "typing_stall_cpu_ms"):
            assert isinstance(family[key], numbers.Real) and family[key] > 0, key
        assert family["overview"]["cells"] == 2 * 8 * 3 and family["overview"]["tokens"] >= 60
    text = table(r)
    assert all(measure in text for measure, *_ in rows(r))


def test_bench_command_parses_without_heavy_imports():
    import argparse
    import sys

    parser = argparse.ArgumentParser()
    add_bench_parser(parser.add_subparsers())
    args = parser.parse_args(["bench", "--json", "--quick"])
    assert args.json and args.quick and callable(args.func)
    import subprocess

    code = ("import sys, argparse; from explorer.bench import add_bench_parser; "
            "add_bench_parser(argparse.ArgumentParser().add_subparsers()); "
            "print(any(m in sys.modules for m in ('torch', 'PySide6', 'pyqtgraph')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
