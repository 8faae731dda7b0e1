"""The budgets (issue 8) and the table: measure, value, budget, pass/fail."""
from __future__ import annotations

import math

KEYSTROKE_MS = {"8": 16.0, "32": 16.0}            # 128 tokens: measured, no budget
TRACE_OVERHEAD_RATIO = 1.3
DECODE_STEP_MS = 30.0
BASE_TRACE_MS = 200.0
MAX_STALL_MS = 50.0
PEAK_RSS_MB = 600.0
COLD_START_OVER_FLOOR_S = 1.0
EXPORT_VS_MATPLOTLIB_RATIO = 5.0                  # matplotlib ÷ ours, at least (the export issue)
OVERVIEW_S = {"64": 0.5, "256": 2.0, "512": 5.0}
OVERVIEW_PEAK_RSS_MB = 1536.0
CHECKPOINT_VS_HF_RATIO = 1.3                      # our traced forward ÷ transformers' eager forward (issue 13)
CHECKPOINT_PEAK_RSS_MB = 1536.0                   # opus-mt-zh-en's config loaded and traced at 128 tokens
FAMILY_STALL_MS = 50.0                            # the window on opus-mt-zh-en's config, typing (issue 14)
FAMILY_OPEN_STALL_MS = 1000.0                     # …its opening: the window built and shown, the model on the worker
FAMILY_OVERVIEW_S = 0.5                           # its overview, 6 layers × 8 heads × 3 blocks at 64 tokens


def rows(r: dict) -> list[tuple[str, str, str, str]]:
    """(measure, value, budget, verdict) for every figure in the result `r`."""
    out = []

    def add(measure, value, unit, budget=None, at_most=True, digits=1):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            out.append((measure, "—", _budget(budget, unit, at_most), "skipped"))
            return
        text = f"{value:.{digits}f} {unit}".strip()
        if budget is None:
            out.append((measure, text, "", ""))
            return
        ok = value <= budget if at_most else value >= budget
        out.append((measure, text, _budget(budget, unit, at_most), "pass" if ok else "FAIL"))

    for n, ms in r.get("keystroke_ms", {}).items():
        add(f"keystroke → views painted, {n} tokens (median)", ms, "ms", KEYSTROKE_MS.get(n))
    add("trace overhead (traced ÷ plain forward)", r.get("trace_overhead_ratio"), "×", TRACE_OVERHEAD_RATIO,
        digits=2)
    add("decode step → views painted (median)", r.get("decode_step_ms"), "ms", DECODE_STEP_MS)
    add("base config traced, 64 tokens (median)", r.get("base_trace_ms"), "ms", BASE_TRACE_MS, digits=0)
    add("longest event-loop stall meanwhile", r.get("max_stall_ms"), "ms", MAX_STALL_MS)
    add("peak RSS tracing 256 tokens", r.get("peak_rss_mb"), "MB", PEAK_RSS_MB, digits=0)
    floor = r.get("import_floor_s")
    add("import floor (torch + PySide6 + pyqtgraph)", floor, "s", digits=2)
    cold = r.get("cold_start_s")
    add("cold start → first painted window", cold, "s",
        None if floor is None else floor + COLD_START_OVER_FLOOR_S, digits=2)
    add("all-heads PNG export, matplotlib ÷ ours", r.get("export_vs_matplotlib_ratio"), "×",
        EXPORT_VS_MATPLOTLIB_RATIO, at_most=False)
    for n, s in r.get("overview_paint_s", {}).items():
        add(f"model overview, {n} tokens (slower model)", s, "s", OVERVIEW_S.get(n), digits=3)
    add("model overview peak RSS", r.get("overview_peak_rss_mb"), "MB", OVERVIEW_PEAK_RSS_MB, digits=0)
    ck = r.get("checkpoint") or {}
    for n, ratio in (ck.get("ratio") or {"16": None, "64": None}).items():
        add(f"Marian (opus-mt-zh-en config) traced ÷ transformers eager, {n} tokens", ratio, "×",
            CHECKPOINT_VS_HF_RATIO, digits=2)
    for n, ms in (ck.get("trace_ms") or {"16": None, "64": None}).items():
        add(f"Marian traced forward, {n} source + {n} target tokens", ms, "ms", digits=0)
    add("Marian checkpoint load (safetensors + tokenizer)", ck.get("load_s"), "s", digits=2)
    add("Marian peak RSS loaded and traced, 128 tokens", (ck.get("peak_rss") or {}).get("peak_rss_mb"), "MB",
        CHECKPOINT_PEAK_RSS_MB, digits=0)
    fam = r.get("family") or {}
    add("Marian window: checkpoint open → first run painted", fam.get("open_to_first_paint_s"), "s", digits=2)
    add("Marian window: longest event-loop stall from construction to it", fam.get("open_stall_ms"), "ms",
        FAMILY_OPEN_STALL_MS, digits=0)
    add(f"Marian window: keystroke → views painted, {fam.get('keystroke_tokens', 16)} tokens (median)",
        fam.get("keystroke_ms"), "ms", digits=0)
    add("Marian window: decode step → views painted (median)", fam.get("decode_step_ms"), "ms", digits=0)
    add("Marian window: longest event-loop stall while typing", fam.get("typing_stall_ms"), "ms", FAMILY_STALL_MS,
        digits=0)
    add("Marian window: the GUI thread's own CPU in its longest gap", fam.get("typing_stall_cpu_ms"), "ms", digits=0)
    add("Marian window: overview (layers × heads × 3 blocks), 64 tokens", (fam.get("overview") or {}).get("total_s"),
        "s", FAMILY_OVERVIEW_S, digits=3)
    return out


def _budget(budget, unit, at_most) -> str:
    if budget is None:
        return ""
    return f"{'≤' if at_most else '≥'} {budget:g} {unit}".strip()


def table(r: dict) -> str:
    body = rows(r)
    header = ("measure", "value", "budget", "")
    widths = [max(len(row[i]) for row in body + [header]) for i in range(4)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths[:3])]
    for row in body:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def all_pass(r: dict) -> bool:
    return all(verdict != "FAIL" for *_, verdict in rows(r))
