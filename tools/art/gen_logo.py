import sys
from pathlib import Path

sys.path.insert(0, "/tmp/art")
from textpath import text_path

OUT = str(Path(__file__).resolve().parents[2] / "assets")  # the repo's assets/
NAVY, TEAL, TEAL_DEEP, AMBER, WHITE = "#0B1F3A", "#2EC4B6", "#16968B", "#FFB547", "#FFFFFF"

LEAF = "M14 82 C14 42 40 14 82 14 C82 56 54 82 14 82 Z"


def mark(prefix=""):
    """The mark in a 96x96 box: a teal leaf whose veins are circuit traces."""
    g = f'''<defs>
    <linearGradient id="{prefix}leaf" x1="14" y1="82" x2="82" y2="14" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="{TEAL_DEEP}"/>
      <stop offset="1" stop-color="{TEAL}"/>
    </linearGradient>
  </defs>
  <path fill="url(#{prefix}leaf)" d="{LEAF}"/>
  <g fill="none" stroke="{NAVY}" stroke-width="4" stroke-linecap="round" stroke-linejoin="round">
    <path d="M14 82 L66 30"/>
    <path d="M34 62 V44"/>
    <path d="M34 62 H52"/>
    <path d="M50 46 V34"/>
    <path d="M50 46 H62"/>
  </g>
  <g fill="{TEAL}" stroke="{NAVY}" stroke-width="4">
    <circle cx="34" cy="40" r="4"/>
    <circle cx="56" cy="62" r="4"/>
    <circle cx="50" cy="30" r="4"/>
    <circle cx="66" cy="46" r="4"/>
  </g>
  <circle fill="{AMBER}" cx="70" cy="26" r="6.5"/>'''
    return g


open(f"{OUT}/logo-mark.svg", "w").write(
    '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="96" height="96" viewBox="0 0 96 96">\n'
    "  <title>kiosk deck mark: leaf with circuit veins</title>\n  " + mark("m") + "\n</svg>\n"
)

# horizontal lockup: mark + two lines of outlined text (Inter)
H = 128
d1, w1, _ = text_path("Smart Manufacturing", 44, "semibold", x=140, y=58, tracking=-0.5)
d2, w2, _ = text_path("for Chongqing\u2019s Brighter Future", 26, "regular", x=141, y=98)
W = int(140 + max(w1, w2) + 8)
open(f"{OUT}/logo.svg", "w").write(
    f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{W}" height="{H}" viewBox="0 0 {W} {H}">\n'
    "  <title>Smart Manufacturing for Chongqing\u2019s Brighter Future (text outlined from Inter)</title>\n"
    f'  <g transform="translate(4 8) scale(1.1667)">\n  {mark("l")}\n  </g>\n'
    f'  <path fill="{WHITE}" d="{d1}"/>\n  <path fill="{TEAL}" d="{d2}"/>\n</svg>\n'
)
print(W)
