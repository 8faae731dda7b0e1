"""Translatable messages for core/, without Qt (as napari's `trans._`).

Mark a user-visible message with `trans._("… {name} …", name=value)`: the text is looked up in the
installed catalog (English when none is), then the named placeholders are filled in, so a translation
may put them in any order. `trans.noop("…")` marks a text that is translated later, where it is shown.
The explorer installs the catalog of its interface language (`resources/i18n/core_<language>.json`,
one {"English": "translation"} object) with `install()`; the command line stays English.
"""
from __future__ import annotations

import json
from pathlib import Path

CATALOG_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"


class Translations:
    """The installed catalog; `_` translates, `noop` only marks (gettext_noop)."""

    def __init__(self) -> None:
        self.language = "en"
        self.catalog: dict[str, str] = {}

    def _(self, message: str, **names) -> str:
        """`message` in the installed language, with its {placeholders} filled from `names` (a
        `Message` brings its own)."""
        if isinstance(message, Message):
            message, names = message.template, {**message.names, **names}
        text = self.catalog.get(message) or message
        return text.format(**names) if names else text

    @staticmethod
    def noop(message: str) -> str:
        return message


class Message(str):
    """A message made now and shown later: the English text (what the command line, trace files
    and exports read), which `trans._` shows in the language installed then, e.g. a model's
    description, made when it loads and shown by every window built afterwards in either language.
    Mark the template with `trans.noop` so the catalog finds it."""

    template: str
    names: dict

    def __new__(cls, template: str, **names):
        self = super().__new__(cls, template.format(**names) if names else template)
        self.template, self.names = template, names
        return self


trans = Translations()


def catalog_path(language: str) -> Path:
    return CATALOG_DIR / f"core_{language}.json"


def load_catalog(language: str) -> dict[str, str]:
    """The catalog of `language` ({} for English, or when there is none)."""
    path = catalog_path(language)
    if language == "en" or not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def install(language: str) -> None:
    """Translate core's messages into `language` from now on ("en": untranslated)."""
    trans.catalog = load_catalog(language)
    trans.language = language
