"""Export speed: one all-heads grid (every layer × head of cross-attention) to PNG, ours vs matplotlib.

Both draw the same figure from the same trace — 6 × 8 heatmaps, target tokens on the left column,
source tokens (Chinese, in the bundled font) on the bottom row, "head h" / "layer i" headers, one
colour bar, a title with the formula, axis titles and a caption — at the same pixel size, and encode
it as PNG in memory. Timed: building the figure, drawing it, encoding the PNG (not the imports, the
Qt application or the model run). matplotlib is an optional dependency (`pip install matplotlib`).

    python bench/export_vs_matplotlib.py [--repeats 5] [--save DIR]

`measure()` returns {"ours_s", "matplotlib_s", "ratio" (matplotlib ÷ ours), "size", "repeats"}.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SENTENCE, TARGET = "我是一个学生", "i am a student"


def make_trace():
    from core.translator import Translator

    return Translator.load().trace(SENTENCE, target=TARGET)


def ours(trace) -> tuple[bytes, tuple[int, int]]:
    from explorer.export.figures import Figure
    from explorer.export.specs import build_spec
    from explorer.export.writers import png_bytes

    figure = Figure(build_spec(trace, "dec.cross", all_heads=True))
    try:
        return png_bytes(figure, scale=1.0), figure.size
    finally:
        figure.close()


def matplotlib_available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _matplotlib_setup():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    from explorer.fonts import bundled_font_path

    font_manager.fontManager.addfont(str(bundled_font_path()))
    name = font_manager.FontProperties(fname=str(bundled_font_path())).get_name()
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", name]     # Latin first, hanzi from the bundled font


def with_matplotlib(trace, size: tuple[int, int]) -> bytes:
    """The same grid drawn the idiomatic matplotlib way (subplots + imshow + one colorbar)."""
    import matplotlib.pyplot as plt

    from explorer.export import specs

    n_layers, n_heads = specs.n_layers_heads(trace)
    src, tgt = trace.src_tokens, trace.tgt_tokens
    dpi = 100
    fig, axes = plt.subplots(n_layers, n_heads, figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi, squeeze=False)
    image = None
    for i in range(n_layers):
        weights = trace[f"dec.{i}.cross.weights"]
        for h in range(n_heads):
            ax = axes[i][h]
            image = ax.imshow(weights[h], cmap="viridis", vmin=0.0, vmax=1.0, aspect="auto",
                              interpolation="nearest")
            ax.set_xticks(range(len(src)))
            ax.set_yticks(range(len(tgt)))
            ax.set_xticklabels(src if i == n_layers - 1 else [], fontsize=9)
            ax.set_yticklabels(tgt if h == 0 else [], fontsize=9)
            if i == 0:
                ax.set_title(f"head {h}", fontsize=9)
            if h == 0:
                ax.set_ylabel(f"layer {i}", fontsize=9, fontweight="bold")
    fig.suptitle("Cross-attention  softmax(QKᵀ/√d_k + M) — every layer × head", fontsize=11)
    fig.supxlabel("key (source)", fontsize=9)
    fig.supylabel("query (target)", fontsize=9)
    fig.colorbar(image, ax=axes, shrink=0.5, label="weight")
    fig.text(0.5, 0.005, specs.caption(trace), ha="center", fontsize=8, color="#666666")
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    plt.close(fig)
    return out.getvalue()


def _median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(repeats: int = 5, save: Path | None = None) -> dict:
    """Median seconds of each over `repeats` runs (after one warm-up run each)."""
    from explorer.export.figures import ensure_app

    ensure_app()
    trace = make_trace()
    png, size = ours(trace)                                       # warm-up (fonts, caches)
    ours_s = _median_time(lambda: ours(trace), repeats)
    result = {"ours_s": ours_s, "matplotlib_s": None, "ratio": None, "size": size, "repeats": repeats}
    if save:
        save.mkdir(parents=True, exist_ok=True)
        (save / "ours.png").write_bytes(png)
    if matplotlib_available():
        _matplotlib_setup()
        theirs = with_matplotlib(trace, size)                     # warm-up
        if save:
            (save / "matplotlib.png").write_bytes(theirs)
        result["matplotlib_s"] = _median_time(lambda: with_matplotlib(trace, size), repeats)
        result["ratio"] = result["matplotlib_s"] / ours_s
    return result


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--save", type=Path, help="also write both PNGs into this folder")
    args = p.parse_args()
    r = measure(args.repeats, args.save)
    w, h = r["size"]
    print(f"all-heads cross-attention grid, {w}×{h} px PNG, median of {r['repeats']}:")
    print(f"  ours        {r['ours_s'] * 1000:8.1f} ms")
    if r["matplotlib_s"] is None:
        print("  matplotlib  not importable (optional: pip install matplotlib) — no comparison")
        return 0
    print(f"  matplotlib  {r['matplotlib_s'] * 1000:8.1f} ms")
    print(f"  ratio       {r['ratio']:8.1f}× (matplotlib ÷ ours; the issue asks for ≥ 5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
