"""The README's command table names every option each command takes (the CLI's own parser is the
reference), so a reader never has to find one in --help."""
import argparse
import re
from pathlib import Path

from explorer import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def command_rows() -> dict[str, str]:
    """'translate' → its row of the README's command table ('' for the window)."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `transformer-explorer( [a-z-]+)?[ `]", line)   # fill-mask has a hyphen
        if m:
            name = (m.group(1) or "").strip()
            rows[name] = rows.get(name, "") + line
    return rows


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_the_command_table_lists_every_option():
    parser = cli.build_parser()
    rows = command_rows()
    missing = []
    for name, sub in subcommands(parser).items():
        assert name in rows, f"no row for `transformer-explorer {name}`"
        for action in sub._actions:
            long = [s for s in action.option_strings if s.startswith("--") and s != "--help"]
            if long and not any(re.search(re.escape(s) + r"\b", rows[name]) for s in long):
                missing.append(f"{name} {long[0]}")
    assert missing == []
