"""Which interface language, and installing it: the explorer's .qm and Qt's own on the application,
core's catalog for the messages from core/ (see explorer/i18n.py for how strings are marked)."""
from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import core.i18n

from .i18n import LANGUAGES, installed, qm_path

#: environment variable that overrides the saved choice and the system locale (tests set it to "en")
ENV = "EXPLORER_LANGUAGE"

_translators: list[QTranslator] = []


def system_language() -> str:
    """The interface language the system locale asks for: Chinese → zh_CN, anything else → en."""
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def chosen_language(settings=None) -> str:
    """$EXPLORER_LANGUAGE, else the language picked in View → Language (saved in `settings`), else the
    system's."""
    for value in (os.environ.get(ENV), settings.value("language") if settings is not None else None):
        if value in LANGUAGES:
            return str(value)
    return system_language()


def install_language(language: str) -> str:
    """Make `language` the interface language of this process (an application must exist): its .qm
    and Qt's own (dialog buttons) on the application, and core's catalog; "en" removes them. Widgets
    built afterwards are in it. Returns the language installed ("en" when its .qm is missing)."""
    app = QCoreApplication.instance()
    while _translators:
        app.removeTranslator(_translators.pop())
    installed["lookup"] = None
    if language != "en":
        ours = QTranslator(app)
        if ours.load(str(qm_path(language))):
            app.installTranslator(ours)
            _translators.append(ours)
            qt = QTranslator(app)          # Qt's own words: the file dialogs' buttons, "OK", "Cancel"
            if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                app.installTranslator(qt)
                _translators.append(qt)
            installed["lookup"] = QCoreApplication.translate
        else:
            language = "en"
    installed["language"] = language
    core.i18n.install(language)
    return language
