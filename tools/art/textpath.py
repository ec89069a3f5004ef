"""Convert text set in the bundled Inter font to SVG path data (so SVGs need no fonts)."""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPainterPath

_app = QGuiApplication.instance() or QGuiApplication(sys.argv)
for f in ("Light", "Regular", "SemiBold", "Bold"):
    QFontDatabase.addApplicationFont(f"/work/main/assets/fonts/Inter-{f}.otf")
W = {
    "light": QFont.Weight.Light,
    "regular": QFont.Weight.Normal,
    "semibold": QFont.Weight.DemiBold,
    "bold": QFont.Weight.Bold,
}


def text_path(text, size, weight="regular", x=0.0, y=0.0, anchor="start", tracking=0.0):
    """Return (d, width). y is the baseline; tracking in px added between letters."""
    font = QFont("Inter")
    font.setPixelSize(round(size))
    font.setWeight(W[weight])
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    if tracking:
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, tracking)
    p = QPainterPath()
    p.addText(0, 0, font, text)
    br = p.boundingRect()
    dx = x - {"start": br.left(), "middle": br.center().x(), "end": br.right()}[anchor]
    out = []
    i = 0
    n = p.elementCount()

    def f(v: float) -> str:
        return f"{v:.2f}".rstrip("0").rstrip(".")

    while i < n:
        e = p.elementAt(i)
        if e.type.value == 0:
            out.append(f"M{f(e.x + dx)} {f(e.y + y)}")
            i += 1
        elif e.type.value == 1:
            out.append(f"L{f(e.x + dx)} {f(e.y + y)}")
            i += 1
        else:
            c2 = p.elementAt(i + 1)
            en = p.elementAt(i + 2)
            out.append(
                f"C{f(e.x + dx)} {f(e.y + y)} {f(c2.x + dx)} {f(c2.y + y)} {f(en.x + dx)} {f(en.y + y)}"
            )
            i += 3
    return "".join(out), br.width(), br


if __name__ == "__main__":
    d, w, br = text_path("Smart Manufacturing", 40, "semibold")
    print(len(d), w, br)
