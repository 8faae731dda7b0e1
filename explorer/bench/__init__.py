"""`transformer-explorer bench [--json]`: the explorer's speed and memory against its budgets.

Importing this package is light (no torch, no Qt): the CLI builds its parser from it at start-up.
The measurements live in modules by role — `window_speed` (the real main window, offscreen),
`model_speed` (tracing), `processes` (cold start, import floor and peak memory, each in a fresh
interpreter), `overview` (the all-heads small multiples) — and `runner` puts them together.
"""
from __future__ import annotations

import argparse


def add_bench_parser(subparsers) -> argparse.ArgumentParser:
    """Add the `bench` command to the CLI's subparsers (it sets `func`)."""
    b = subparsers.add_parser("bench", help="measure speed and memory against the budgets (no display needed)",
                              description="Medians over repeated runs of each measure, printed as a table "
                                          "(measure, value, budget, pass/fail); --json prints the figures "
                                          "as JSON instead. Takes a few minutes.")
    b.add_argument("--json", action="store_true", help="print JSON instead of the table")
    b.add_argument("--quick", action="store_true", help="one repeat, small sizes: checks that it runs, not speed")
    b.add_argument("--out", metavar="FILE.json", help="also write the JSON to FILE.json")
    b.set_defaults(func=_cmd_bench)
    return b


def _cmd_bench(args) -> int:
    return run(json_out=args.json, quick=args.quick, out=args.out)


def run(json_out: bool = False, quick: bool = False, out: str | None = None) -> int:
    """Run every measure; print the table (or JSON); 0 when every budget is met, 1 otherwise."""
    from .runner import run as run_all

    return run_all(json_out=json_out, quick=quick, out=out)
