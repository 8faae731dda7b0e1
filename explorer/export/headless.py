"""`transformer-explorer export`: the app's figures, their data and decoding animations, with no display.

    export TEXT --view NAME [--layer L] [--head H] [--target TEXT] [--format FMT] [--all-heads] --out PATH
    export TEXT --all --out DIR

The lead wires it into explorer/cli.py with `add_export_parser(sub)`; `python -m
explorer.export.headless …` runs it on its own. Qt runs offscreen when there is no display.
"""
from __future__ import annotations

import argparse
import html
import sys
import time
from pathlib import Path

from core.errors import UserError

from . import specs as S
from ..i18n import current_language, translate

INDEX_MARK = '<meta name="generator" content="transformer-explorer export">'


def add_export_parser(subparsers) -> argparse.ArgumentParser:
    """Register the `export` subcommand on an argparse subparsers object."""
    views = "\n".join(f"  {name:14} {what}" for name, (_, what) in {**S.VIEWS, **S.PRE_LN_VIEWS}.items())
    e = subparsers.add_parser(
        "export", help="figures (PNG, SVG, PDF), data (CSV, .npz) and decoding animations (GIF), headless",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Draw a view of one run as a figure, write its data, animate it across the decoding "
                    "steps, or (--all) write every stage of the run into a folder with an index.html.",
        epilog=f"views:\n{views}\n\nformats: png (--scale/--dpi), svg, pdf, csv (one matrix), npz (the whole "
               "trace), gif (the view across decoding steps; --animate with .png gives a strip)")
    e.add_argument("text", help="the source sentence")
    e.add_argument("--view", metavar="NAME", help="what to draw (see the list below)")
    e.add_argument("--layer", type=int, help="layer (default 0)")
    e.add_argument("--head", type=int, help="head (attention views: its pipeline; without it, all heads of the layer)")
    e.add_argument("--target", help="target prefix (default: the model's greedy translation)")
    e.add_argument("--format", choices=["png", "svg", "pdf", "gif", "csv", "npz"],
                   help="default: from the suffix of --out")
    e.add_argument("--all-heads", action="store_true", help="every layer × head of one attention type as one grid")
    e.add_argument("--all", action="store_true", help="every stage of the run into the folder --out, with index.html")
    e.add_argument("--animate", action="store_true",
                   help="the view across the decoding steps (implied by gif; with png: a strip of the frames)")
    e.add_argument("--scale", type=float, help="PNG: device pixels per figure pixel (default 2)")
    e.add_argument("--dpi", type=float, help="PNG: resolution instead of --scale (96 dpi = scale 1)")
    e.add_argument("--top-k", type=int, help=f"logits, probs: the likeliest words shown (default {S.N_WORDS}, as in the window)")
    e.add_argument("--seconds", type=float, default=1.0, help="GIF: seconds per frame (default 1)")
    e.add_argument("--no-pe", action="store_true", help="positional encoding off")
    e.add_argument("--no-scale", action="store_true", help="no ÷√d_k")
    e.add_argument("--no-mask", action="store_true", help="decoder causal mask off")
    e.add_argument("--heads-off", metavar="L.H,…", help="zero heads, as in `trace --heads-off`")
    e.add_argument("--out", required=True, metavar="PATH", help="file to write (a folder with --all)")
    e.add_argument("--model", metavar="DIR|HUB_ID", default=argparse.SUPPRESS,
                   help="model folder or Hugging Face hub id (default: the bundled zh→en model)")
    e.add_argument("--download", action="store_true", default=argparse.SUPPRESS,
                   help="fetch a hub id that is not in the local Hugging Face cache yet")
    e.set_defaults(func=export_command)
    return e


def _ablations(args, cfg):
    from core.config import Ablations

    heads = Ablations.parse_heads(getattr(args, "heads_off", None) or "", cfg.n_layers, cfg.n_heads)
    return Ablations(no_pe=getattr(args, "no_pe", False), no_scale=getattr(args, "no_scale", False),
                     no_causal_mask=getattr(args, "no_mask", False), heads_off=heads)


def export_command(args, translator=None) -> int:
    """Run `export` for parsed arguments; returns the exit status (UserErrors propagate)."""
    from core.text_model import open_model
    from core.token_labels import output_words

    from .figures import ensure_app
    from .writers import export_figure, format_from_suffix, write

    out = Path(args.out)
    if not args.all and not args.view:
        raise UserError(f"say what to export: --view NAME (one of {', '.join(S.VIEWS)}) or --all")
    translator = translator or open_model(getattr(args, "model", None), download=getattr(args, "download", False))
    vocab = output_words(translator)           # as the window's axes name them
    ablations = _ablations(args, translator.cfg)
    _check_depths(translator.arch, args)
    if args.all:
        trace = translator.trace(args.text, target=args.target, ablations=ablations)
        ensure_app()
        start = time.perf_counter()
        n = export_run(trace, out, args.format or "png", args.scale, args.dpi, vocab, arch=translator.arch)
        print(f"wrote {out}/index.html and {n} figures in {time.perf_counter() - start:.1f} s")
        return 0
    fmt = args.format or format_from_suffix(out)
    view = S.canonical_view(args.view)
    if args.animate or fmt == "gif":
        if fmt not in ("gif", "png"):
            raise UserError("an animation is written as gif (animated) or png (a strip of the frames)")
        if not translator.arch.is_seq2seq:
            raise UserError(f"an animation follows a translation's decoding steps; this {translator.arch.family} "
                            "model does not translate: export one --view as png, svg, pdf or csv")
        frames = decoding_frames(translator, args.text, args.target, ablations, view, args.layer, args.head,
                                 args.all_heads, vocab, translator.arch)
        ensure_app()
        from .writers import animation_images, gif_bytes, scale_for, strip_bytes

        images = animation_images(frames, scale_for(args.scale or 1.0, args.dpi))
        write(out, gif_bytes(images, args.seconds) if fmt == "gif" else strip_bytes(images))
        print(f"wrote {out}: {len(images)} decoding steps")
        return 0
    trace = translator.trace(args.text, target=args.target, ablations=ablations)
    if fmt == "npz":
        trace.save(out)
        print(f"wrote {out}: the whole trace ({len(trace.names())} arrays)")
        return 0
    spec = S.build_spec(trace, view, args.layer, args.head, args.all_heads, vocab, args.top_k, translator.arch)
    if fmt != "csv":
        ensure_app()
    export_figure(spec, out, fmt, args.scale, args.dpi)
    print(f"wrote {out}")
    return 0


def _check_depths(arch, args) -> None:
    """The figures lay both stacks out with one layer count; a checkpoint whose encoder and decoder
    depths differ gets its layers checked per stack (and no whole-run or all-heads grids yet)."""
    if arch.enc_layers == arch.dec_layers or "enc" not in arch.stacks or "dec" not in arch.stacks:
        return
    if args.all or args.all_heads:
        raise UserError(f"--all and --all-heads need equal encoder and decoder depths; this model has "
                        f"{arch.enc_layers} + {arch.dec_layers} layers: export one --view at a time")
    view = S.canonical_view(args.view)
    stack = view.split(".")[0]
    if stack in ("enc", "dec") and args.layer is not None and not 0 <= args.layer < arch.layers(stack):
        raise UserError(f"layer {args.layer} is out of range: the {'encoder' if stack == 'enc' else 'decoder'} "
                        f"has layers 0–{arch.layers(stack) - 1}")


def decoding_frames(translator, text, target, ablations, view, layer, head, all_heads, vocab, arch=None):
    """Decode `text` step by step (greedy, or forcing `target` then <eos>): one FigureSpec per step."""
    from core.stepping import StepDecoder

    view = S.canonical_view(view)
    decoder = StepDecoder(translator, text, ablations=ablations)
    if target is not None:
        for token in translator.encode_target(target)[1:] + [translator.arch.specials.eos]:
            if decoder.done:
                break
            decoder.force(token)
    else:
        decoder.run_to_end()
    return S.decoding_specs(decoder.steps, view, layer, head, all_heads, vocab, arch)


def export_run(trace, folder, fmt: str = "png", scale: float | None = None, dpi: float | None = None,
               vocab: list[str] | None = None, progress=None, arch=None) -> int:
    """Every stage of a run as figures in `folder` (built in a temporary folder, then renamed), with
    the all-heads grids, the trace as trace.npz and an index.html showing them in order. Returns the
    number of figures. `progress(i, n)` is called after each figure; `arch`: the model's stages
    (core.architecture.Architecture; None: the bundled shape's)."""
    from core.atomic import atomic_folder

    from .figures import Figure
    from .writers import figure_bytes, write

    if fmt not in ("png", "svg", "pdf"):
        raise UserError(f"--all writes figures as png, svg or pdf, not {fmt}")
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or _foreign(folder)):
        raise UserError(translate("headless", "{folder} exists and is not an earlier export: choose a new folder "
                                  "(Export all replaces the folder it writes)").format(folder=folder))
    entries = S.run_specs(trace, vocab, arch)
    rows = []
    with atomic_folder(folder) as tmp:
        for i, (heading, spec) in enumerate(entries):
            name = f"{i + 1:02d}-{spec.name}.{fmt}"
            figure = Figure(spec)
            try:
                write(tmp / name, figure_bytes(figure, fmt, scale, dpi))
            finally:
                figure.close()
            rows.append((heading, name))
            if progress is not None:
                progress(i + 1, len(entries))
        write(tmp / "trace.npz", trace.to_npz_bytes())
        write(tmp / "index.html", index_html(trace, rows, fmt).encode("utf-8"))
    return len(rows)


def _foreign(folder: Path) -> bool:
    """A non-empty folder that no earlier `export --all` wrote (which we must not replace)."""
    if not any(folder.iterdir()):
        return False
    index = folder / "index.html"
    try:
        return INDEX_MARK not in index.read_text("utf-8", errors="replace")
    except OSError:
        return True


def index_html(trace, rows: list[tuple[str, str]], fmt: str) -> str:
    """A page showing the figures in the order of the forward pass."""
    title = html.escape(S.caption(trace))
    items = []
    for heading, name in rows:
        src = html.escape(name)
        media = (f'<object data="{src}" type="application/pdf" width="100%" height="420"></object>'
                 if fmt == "pdf" else f'<img src="{src}" alt="{html.escape(heading)}">')
        items.append(f'<section><h2>{html.escape(heading)}</h2>\n<a href="{src}">{media}</a></section>')
    body = "\n".join(items)
    return f"""<!doctype html>
<html lang="{"zh-CN" if current_language() == "zh_CN" else "en"}"><head><meta charset="utf-8">{INDEX_MARK}
<title>Transformer Explorer — {title}</title>
<style>body{{font-family:sans-serif;max-width:1400px;margin:2em auto;color:#1a1a1a}}
img{{max-width:100%;border:1px solid #ddd}}h2{{font-size:1.05em;margin-top:2em}}</style></head>
<body><h1>{html.escape(translate("headless", "Every stage of one run"))}</h1><p>{title}</p><p><a href="trace.npz">trace.npz</a>: {
html.escape(translate("headless", "every array of the run (docs/trace-format.md)"))}</p>
{body}
</body></html>
"""


def main(argv: list[str] | None = None) -> int:
    """`python -m explorer.export.headless TEXT --view …` (the same as `transformer-explorer export`)."""
    parser = argparse.ArgumentParser(prog="python -m explorer.export.headless")
    sub = parser.add_subparsers()
    add_export_parser(sub)
    args = parser.parse_args(["export", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.func(args)
    except UserError as e:
        print(f"transformer-explorer export: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
