"""Bundled CJK font: makes Chinese render on machines with no CJK font installed.

Call :func:`register_bundled_font` once, right after the ``QApplication`` is
created and before any widget is built.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication

_FONT_FILE = "NotoSansSC-Subset.otf"

# Generic / common families whose look-ups should also fall back to the
# bundled font (widgets or plots that set an explicit family bypass the app
# font, but still consult substitutions when a glyph is missing).
_SUBSTITUTED = ("Sans Serif", "Sans", "Serif", "Monospace", "Helvetica",
                "Arial", "DejaVu Sans", "DejaVu Sans Mono", "Segoe UI",
                ".AppleSystemUIFont", "Courier", "Courier New")

_family: str | None = None


def bundled_font_path() -> Path:
    """Path of the bundled Noto Sans SC subset (may not exist)."""
    return Path(__file__).resolve().parent.parent / "resources" / "fonts" / _FONT_FILE


def register_bundled_font() -> str | None:
    """Load the bundled font and make it the app-wide CJK fallback.

    Needs an existing ``QGuiApplication``. Latin text keeps the default UI
    font (first in the app font's family list); glyphs it lacks (hanzi, CJK
    punctuation) come from the bundled font. Returns the bundled family name,
    or ``None`` if there is no application or the file is missing/unloadable.
    Safe to call more than once.
    """
    global _family
    app = QGuiApplication.instance()
    if app is None:
        return None
    if _family is None or _family not in QFontDatabase.families():
        path = bundled_font_path()
        if not path.is_file():
            return None
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            return None
        _family = families[0]

    family = _family
    app_font = QGuiApplication.font()
    families = list(app_font.families()) or [app_font.family()]
    if family not in families:
        # Put the *resolved* UI family first: generic names like "Sans Serif"
        # are skipped in a family list, which would make Latin use our font.
        resolved = QFontInfo(app_font).family()
        families = [resolved] + [f for f in families if f != resolved]
        app_font.setFamilies(families + [family])
        QGuiApplication.setFont(app_font)
    for name in {*_SUBSTITUTED, *families} - {family}:
        if family not in QFont.substitutes(name):
            QFont.insertSubstitution(name, family)
    return family
