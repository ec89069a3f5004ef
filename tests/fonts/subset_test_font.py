"""Regenerate NotoSansCJKsc-test-subset.otf: Noto Sans CJK SC (OFL, see LICENSE.md) cut to the
CJK characters of the language tests' fixture deck (tests/ui/lang/bilingual.json).

    .venv/bin/pip install fonttools && .venv/bin/python tests/fonts/subset_test_font.py [TTC]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = Path(__file__).resolve().parent
DECK = HERE.parent / "ui" / "lang" / "bilingual.json"
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = HERE / "NotoSansCJKsc-test-subset.otf"


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    text = DECK.read_text(encoding="utf-8")
    chars = sorted({c for c in text if ord(c) > 0x2E7F})
    for font in TTCollection(str(source)).fonts:
        if font["name"].getDebugName(1) == "Noto Sans CJK SC":
            break
    else:
        raise SystemExit(f"{source}: no Noto Sans CJK SC in it")
    options = subset.Options()
    options.name_IDs = ["*"]
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(chars))
    subsetter.subset(font)
    font.save(str(OUT))
    print(f"{OUT}: {len(chars)} characters, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
