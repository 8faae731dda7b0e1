"""Build NotoSansSC-Subset.otf from Noto Sans CJK SC Regular.

Build-time only (needs ``fonttools``; the app does not). Reproduce with::

    apt-get install fonts-noto-cjk      # provides NotoSansCJK-Regular.ttc
    pip install fonttools
    python resources/fonts/make_subset.py [--src PATH] [--index N]

The subset keeps ASCII, Latin-1, Greek, general punctuation, the symbols used
in the app's labels, CJK punctuation, full-width forms and all 6,763 GB2312
hanzi. Hinting and vertical metrics are dropped; the family is renamed to
"Noto Sans SC Subset" so it never collides with a system-installed Noto CJK.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
DEFAULT_SRC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_INDEX = 2  # face order in the .ttc: JP, KR, SC, TC, HK, Mono JP, ...
OUT = HERE / "NotoSansSC-Subset.otf"
FAMILY = "Noto Sans SC Subset"
PS_NAME = "NotoSansSCSubset-Regular"

RANGES = [
    (0x0020, 0x007E),  # ASCII printable
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x0391, 0x03C9),  # Greek letters
    (0x1D40, 0x1D40),  # ᵀ (modifier capital T, for "Wᵀ")
    (0x2000, 0x206F),  # general punctuation (·, —, …, ‘’ “”)
    (0x2070, 0x209F),  # superscript / subscript digits and signs
    (0x2190, 0x21FF),  # arrows ← → ↑ ↓
    (0x2200, 0x22FF),  # math operators √ − ∞ ⊕ Σ ≤ ≥
    (0x25A0, 0x25FF),  # geometric shapes ◀ ▶
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # half-/full-width forms
]
EXTRA = "·×÷∑√−∞⊕Σ≤≥←→↑↓◀▶ᵀ"


def gb2312_hanzi() -> list[int]:
    """All GB2312 level-1 and level-2 hanzi (rows 0xB0-0xF7): 6,763 chars."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(ord(bytes((hi, lo)).decode("gb2312")))
            except UnicodeDecodeError:
                pass  # row 0xD7 ends at 0xD7F9
    return out


def codepoints() -> list[int]:
    cps = {cp for a, b in RANGES for cp in range(a, b + 1)}
    cps.update(map(ord, EXTRA))
    hanzi = gb2312_hanzi()
    assert len(hanzi) == 6763, len(hanzi)
    cps.update(hanzi)
    return sorted(cps)


def rename(font: TTFont) -> None:
    """Give the subset its own family name (keeps copyright/licence records)."""
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 4, 16, 17, 18, 21, 22):
            name.removeNames(nameID=rec.nameID)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName("Regular", 2, 3, 1, 0x409)
    name.setName(FAMILY, 4, 3, 1, 0x409)
    name.setName(PS_NAME, 6, 3, 1, 0x409)
    name.setName(f"2.004;SUBSET;{PS_NAME}", 3, 3, 1, 0x409)
    cff = font["CFF "].cff
    cff.fontNames = [PS_NAME]
    top = cff.topDictIndex[0]
    top.FullName = FAMILY
    top.FamilyName = FAMILY


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC)
    ap.add_argument("--index", type=int, default=SC_INDEX)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    font = TTFont(args.src, fontNumber=args.index, lazy=False)
    family = font["name"].getDebugName(1)
    assert family == "Noto Sans CJK SC", f"face {args.index} is {family!r}"

    opts = subset.Options()
    opts.layout_features = ["kern", "liga"]
    opts.hinting = False
    opts.desubroutinize = False
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    opts.name_languages = [0x409]
    opts.drop_tables += ["VORG", "vhea", "vmtx", "BASE"]
    opts.notdef_outline = True
    opts.recalc_bounds = True

    sub = subset.Subsetter(opts)
    sub.populate(unicodes=codepoints())
    sub.subset(font)
    rename(font)
    font.recalcTimestamp = False  # byte-identical output on re-runs
    font.save(args.out)
    print(f"{args.out}: {args.out.stat().st_size:,} bytes, "
          f"{len(font.getBestCmap()):,} codepoints, "
          f"{font['maxp'].numGlyphs:,} glyphs")


if __name__ == "__main__":
    main()
