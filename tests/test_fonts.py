"""The bundled CJK font loads and renders Chinese without any system CJK font."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import pytest
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QRawFont
from PySide6.QtWidgets import QLabel

from explorer import fonts

SENTENCES = ("我是一个学生", "他和他的她")


@pytest.fixture
def family(qapp):
    fam = fonts.register_bundled_font()
    assert fam, "bundled font did not register"
    return fam


def _grab(qtbot, text: str) -> QImage:
    label = QLabel(text)
    qtbot.addWidget(label)
    label.setStyleSheet("background: white; color: black;")
    f = label.font()
    f.setPixelSize(32)
    label.setFont(f)
    label.resize(label.sizeHint())
    return label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _ink(img: QImage) -> int:
    bg = img.pixel(0, 0)
    return sum(img.pixel(x, y) != bg for y in range(img.height()) for x in range(img.width()))


def test_font_file_exists():
    assert fonts.bundled_font_path().is_file()


def test_register_returns_family(family):
    assert family in QFontDatabase.families()
    assert fonts.register_bundled_font() == family  # idempotent
    assert family in fonts.QGuiApplication.font().families()


def test_raw_font_supports_chinese(family):
    raw = QRawFont.fromFont(QFont(family))
    assert raw.isValid()
    assert raw.familyName() == family  # really the bundled file, not a system font
    for ch in "".join(SENTENCES) + "，。：（）←→":
        # ord(): PySide6's str->QChar overload misreports some chars (e.g. 生).
        assert raw.supportsCharacter(ord(ch)), ch


def test_label_renders_real_glyphs(qtbot, family):
    img = _grab(qtbot, SENTENCES[0])
    assert _ink(img) > 200, "label rendered blank"
    # Distinct hanzi must render differently (tofu boxes would be identical)
    # and differently from a code point no font covers.
    wo, shi, pua = (_grab(qtbot, t) for t in ("我", "是", "\ue000"))
    assert wo != shi
    assert wo != pua
    assert _ink(wo) > 50


@pytest.mark.parametrize("explicit", ["DejaVu Sans Mono", "Monospace", "Courier"])
def test_explicit_family_falls_back_to_bundled(family, explicit):
    """Text drawn with an explicit non-CJK family (as plots do) still gets hanzi."""

    def draw(text: str) -> QImage:
        img = QImage(80, 50, QImage.Format.Format_RGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        f = QFont(explicit)
        f.setPixelSize(32)
        p.setFont(f)
        p.setPen(QColor("black"))
        p.drawText(5, 40, text)
        p.end()
        return img

    assert draw("我") != draw("是")


def test_missing_file_returns_none(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "_family", None)
    monkeypatch.setattr(fonts, "bundled_font_path", lambda: tmp_path / "nope.otf")
    assert fonts.register_bundled_font() is None
