"""The interface language: Qt's own translation system for explorer/ and core.i18n's catalog for the
messages that come from core/.

Strings are marked with `translate(context, text)` (QCoreApplication.translate, which
pyside6-lupdate finds: the context is written out, so subclassing never changes the lookup) and,
in tables built at import time, `QT_TRANSLATE_NOOP(context, text)`, translated where they are shown.
Placeholders are named (`"layer {layer}"`, filled by .format after translation) so a translation can
reorder them. `resources/i18n/explorer_<language>.ts` is the translation source (regenerate with
`python scripts/update_translations.py`); the `.qm` beside it is what the app loads.

No Qt at import (explorer/stages.py and other plain modules use `translate` too).
"""
from __future__ import annotations

import os
from pathlib import Path

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
#: the interface languages: code → its own name (what the View → Language menu shows)
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
#: environment variable that overrides the saved choice and the system locale (tests set it to "en")
ENV = "EXPLORER_LANGUAGE"

_installed = {"language": "en", "translator": None, "qt": None}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:     # noqa: N802 — the name lupdate looks for
    """Mark `text` for translation in `context` without translating it here (see `translate`)."""
    return text


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the interface language (itself when it has no translation or none is installed:
    English costs nothing on the keystroke path)."""
    if _installed["translator"] is None:
        return text
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(context, text, disambiguation, n)


def system_language() -> str:
    """The interface language the system locale asks for: Chinese → zh_CN, anything else → en."""
    from PySide6.QtCore import QLocale

    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def chosen_language(settings=None) -> str:
    """$EXPLORER_LANGUAGE, else the language picked in View → Language (saved in `settings`), else the
    system's."""
    for value in (os.environ.get(ENV), settings.value("language") if settings is not None else None):
        if value in LANGUAGES:
            return str(value)
    return system_language()


def current_language() -> str:
    """The installed interface language ("en" until `install_language` installs another)."""
    return _installed["language"]


def qm_path(language: str) -> Path:
    return I18N_DIR / f"explorer_{language}.qm"


def install_language(language: str) -> str:
    """Make `language` the interface language of this process: its .qm on the application (which must
    exist) and core's catalog; "en" removes the translation. Widgets built afterwards are in it.
    Returns the language installed ("en" when its .qm is missing)."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

    import core.i18n

    app = QCoreApplication.instance()
    for key in ("translator", "qt"):
        if _installed[key] is not None:
            app.removeTranslator(_installed[key])
            _installed[key] = None
    if language != "en":
        translator = QTranslator(app)
        if translator.load(str(qm_path(language))):
            app.installTranslator(translator)
            _installed["translator"] = translator
            qt = QTranslator(app)          # Qt's own words: the file dialogs' buttons, "OK", "Cancel"
            if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                app.installTranslator(qt)
                _installed["qt"] = qt
        else:
            language = "en"
    _installed["language"] = language
    core.i18n.install(language)
    return language
