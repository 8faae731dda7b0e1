"""Regenerate the interface translations: pyside6-lupdate → resources/i18n/explorer_<lang>.ts (the
translation source, edited by hand or in pyside6-linguist), pyside6-lrelease → the .qm the app
loads; and check core's catalog (resources/i18n/core_<lang>.json) against the `trans._("…")`
messages in core/.

    python scripts/update_translations.py          # lupdate (keeps translations, drops vanished
                                                   # strings), lrelease, report what is untranslated
    python scripts/update_translations.py --check  # change nothing; exit 1 if anything is missing

Run it after adding or changing a user-visible string, translate the entries it lists as unfinished
(in the .ts: <translation type="unfinished">; in the .json: the missing keys), and run it again.
tests/test_i18n.py fails while the .ts, .qm or catalog are not up to date.
"""
from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """A PySide6 tool (pyside6-lupdate, pyside6-lrelease) beside this Python, or on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (it ships with PySide6-Essentials)")
    return found


def sources() -> list[str]:
    """The explorer's Python files, relative to the repository (what lupdate reads)."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "explorer").rglob("*.py"))


def ts_path(language: str) -> Path:
    return I18N / f"explorer_{language}.ts"


def qm_path(language: str) -> Path:
    return I18N / f"explorer_{language}.qm"


def lupdate(ts: Path) -> None:
    """Update `ts` from the sources: new strings come in unfinished, vanished ones are dropped,
    translations are kept. No source locations (they would change the file at every edit)."""
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none", "-ts", str(ts)],
                   cwd=ROOT, check=True, capture_output=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], cwd=ROOT, check=True,
                   capture_output=True)


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) → its <translation> element."""
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            out[name, message.findtext("source")] = message.find("translation")
    return out


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """Entries with no finished translation (unfinished, empty, obsolete or vanished)."""
    return [key for key, tr in messages(ts).items()
            if tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished") or not (tr.text or "").strip()]


def code_messages() -> set[tuple[str, str]]:
    """Every (context, source) lupdate finds in the code now (run into a temporary .ts)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.ts"
        subprocess.run([tool("pyside6-lupdate"), *sources(), "-locations", "none", "-ts", str(fresh)],
                       cwd=ROOT, check=True, capture_output=True)
        return set(messages(fresh))


def core_messages() -> set[str]:
    """The literal messages of `trans._("…")` and `trans.noop("…")` calls in core/."""
    found = set()
    for path in (ROOT / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("_", "noop")
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "trans" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value)
    return found


def catalog_path(language: str) -> Path:
    return I18N / f"core_{language}.json"


def catalog_problems(language: str) -> list[str]:
    """What is wrong with core's catalog: missing or empty translations, obsolete keys, placeholders
    that differ from the English."""
    import string

    path = catalog_path(language)
    catalog = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    wanted = core_messages()
    problems = [f"missing: {m!r}" for m in sorted(wanted - set(catalog))]
    problems += [f"obsolete: {m!r}" for m in sorted(set(catalog) - wanted)]
    for english, text in catalog.items():
        if english in wanted and not text.strip():
            problems.append(f"empty: {english!r}")
            continue
        fields = lambda s: sorted(f for _, f, _, _ in string.Formatter().parse(s) if f)  # noqa: E731
        if english in wanted and fields(english) != fields(text):
            problems.append(f"placeholders differ: {english!r}")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 when something is out of date")
    args = ap.parse_args(argv)
    bad = False
    for language in LANGUAGES:
        ts, qm = ts_path(language), qm_path(language)
        if args.check:
            in_code, in_ts = code_messages(), set(messages(ts))
            for key in sorted(in_code - in_ts):
                print(f"{ts.name}: not in the .ts yet: {key}")
            for key in sorted(in_ts - in_code):
                print(f"{ts.name}: no longer in the code: {key}")
            bad |= in_code != in_ts
        else:
            lupdate(ts)
            lrelease(ts, qm)
        todo = unfinished(ts)
        for key in todo:
            print(f"{ts.name}: untranslated: {key}")
        total = len(messages(ts))
        print(f"{ts.name}: {total} entries, {total - len(todo)} translated")
        bad |= bool(todo)
        for problem in catalog_problems(language):
            print(f"{catalog_path(language).name}: {problem}")
            bad = True
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
