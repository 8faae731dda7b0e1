"""Marking and looking up the interface's strings — no Qt import here (explorer/stages.py and other
plain modules use it too); choosing and installing a language is explorer/language.py.

Strings are marked with `translate(context, text)` (which pyside6-lupdate finds as it finds
QCoreApplication.translate: the context is written out, so subclassing never changes the lookup)
and, in tables built at import time, `QT_TRANSLATE_NOOP(context, text)`, translated where they are
shown. Placeholders are named (`"layer {layer}"`, filled by .format after translation) so a
translation can reorder them. `resources/i18n/explorer_<language>.ts` is the translation source
(regenerate with `python scripts/update_translations.py`); the `.qm` beside it is what the app loads.
"""
from __future__ import annotations

from pathlib import Path

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
#: the interface languages: code → its own name (what the View → Language menu shows)
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}

#: set by explorer.language.install_language: the language, and Qt's lookup while one is installed
installed = {"language": "en", "lookup": None}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:     # noqa: N802 — the name lupdate looks for
    """Mark `text` for translation in `context` without translating it here (see `translate`)."""
    return text


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the interface language (itself when it has no translation or none is installed:
    English costs nothing on the keystroke path)."""
    lookup = installed["lookup"]
    return text if lookup is None else lookup(context, text, disambiguation, n)


def current_language() -> str:
    """The installed interface language ("en" until explorer.language installs another)."""
    return installed["language"]


def qm_path(language: str) -> Path:
    return I18N_DIR / f"explorer_{language}.qm"
