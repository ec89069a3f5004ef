import math
from pathlib import Path

OUT = str(Path(__file__).resolve().parents[2] / "assets")  # the repo's assets/
NAVY, NAVY_DEEP, NAVY_RAISED = "#0B1F3A", "#061428", "#163A66"
TEAL, TEAL_DEEP, AMBER, WHITE = "#2EC4B6", "#16968B", "#FFB547", "#FFFFFF"
STROKE = (
    f'fill="none" stroke="{WHITE}" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"'
)


def f(v):
    return f"{v:.2f}".rstrip("0").rstrip(".")


def icon(name, body, accent="", over=""):
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="96" height="96" viewBox="0 0 96 96">\n'
        f"  <title>{name}</title>\n"
        + (f"  {accent}\n" if accent else "")
        + f"  <g {STROKE}>\n    "
        + "\n    ".join(body)
        + "\n  </g>\n"
        + (f"  {over}\n" if over else "")
        + "</svg>\n"
    )
    open(f"{OUT}/icons/{name}.svg", "w").write(svg)


def seg(a, b, ra=0, rb=0):
    (x1, y1), (x2, y2) = a, b
    L = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / L, (y2 - y1) / L
    return f'<path d="M{f(x1 + ux * ra)} {f(y1 + uy * ra)} L{f(x2 - ux * rb)} {f(y2 - uy * rb)}"/>'


def gear(cx, cy, ro, ri, n, tooth=0.42):
    """Gear outline: n teeth, tooth = fraction of pitch at the tip."""
    pts = []
    pitch = 2 * math.pi / n
    for k in range(n):
        a = k * pitch - math.pi / 2
        half_tip = pitch * tooth / 2
        half_root = pitch * (tooth + 0.16) / 2
        for ang, r in (
            (a - half_root, ri),
            (a - half_tip, ro),
            (a + half_tip, ro),
            (a + half_root, ri),
        ):
            pts.append((cx + r * math.cos(ang), cy + r * math.sin(ang)))
    return '<path d="M' + " L".join(f"{f(x)} {f(y)}" for x, y in pts) + ' Z"/>'


# ---- big-data: database cylinder
def cyl_band(y):
    return f'<path d="M20 {y} A28 10 0 0 0 76 {y}"/>'


icon(
    "big-data",
    [
        '<ellipse cx="48" cy="22" rx="28" ry="10"/>',
        '<path d="M20 22 V73 A28 10 0 0 0 76 73 V22"/>',
        cyl_band(39),
        cyl_band(56),
    ],
    over=f'<g fill="{TEAL}"><circle cx="64" cy="39" r="3.5"/><circle cx="64" cy="56" r="3.5"/><circle cx="64" cy="73" r="3.5"/></g>',
)

# ---- industrial-internet: gear hub wired to four nodes
nodes = [(18, 18), (78, 18), (18, 78), (78, 78)]
icon(
    "industrial-internet",
    [gear(48, 48, 19, 14, 8), '<circle cx="48" cy="48" r="5"/>']
    + [seg((48, 48), n, 21.5, 7) for n in nodes]
    + [f'<circle cx="{x}" cy="{y}" r="7"/>' for x, y in nodes],
    accent=f'<g fill="{TEAL}">'
    + "".join(f'<circle cx="{x}" cy="{y}" r="7"/>' for x, y in nodes)
    + "</g>",
)

# ---- ai: chip with a spark
pins = []
for p in (38, 48, 58):
    pins += [
        f'<path d="M{p} 24 V14"/>',
        f'<path d="M{p} 72 V82"/>',
        f'<path d="M24 {p} H14"/>',
        f'<path d="M72 {p} H82"/>',
    ]
icon(
    "ai",
    ['<rect x="24" y="24" width="48" height="48" rx="8"/>'] + pins,
    accent=f'<path fill="{AMBER}" d="M48 33 Q50 46 63 48 Q50 50 48 63 Q46 50 33 48 Q46 46 48 33 Z"/>',
)

# ---- electronics: laptop with a circuit trace
icon(
    "electronics",
    [
        '<rect x="20" y="20" width="56" height="40" rx="8"/>',
        '<path d="M20 60 L10 74 H86 L76 60"/>',
    ],
    accent=f'<g fill="none" stroke="{TEAL}" stroke-width="4" stroke-linecap="round" stroke-linejoin="round">'
    '<path d="M34 48 H42 L50 34 H58"/></g>'
    f'<g fill="{TEAL}"><circle cx="31" cy="48" r="4"/><circle cx="62" cy="34" r="4"/></g>',
)

# ---- automobiles: car in profile
icon(
    "automobiles",
    [
        '<path d="M18 66 H15 Q12 66 12 63 V55 Q12 49 18 48 L28 46 L37 34 Q40 30 45 30 H59 Q63 30 66 34 L75 46 L80 47 Q84 48 84 54 V63 Q84 66 81 66 H78"/>',
        '<path d="M38 66 H58"/>',
        '<path d="M28 46 H75"/>',
        '<path d="M52 31 V46"/>',
        '<circle cx="28" cy="66" r="9"/>',
        '<circle cx="68" cy="66" r="9"/>',
    ],
    accent=f'<circle fill="{AMBER}" cx="78" cy="54" r="3.5"/>',
)

# ---- equipment: industrial robot arm
J1, J2, J3 = (30, 60), (36, 26), (70, 30)
icon(
    "equipment",
    [
        '<path d="M12 82 H84"/>',
        '<path d="M18 82 V77 Q18 70 25 70 H35 Q42 70 42 77 V82"/>',
        seg((30, 70), J1, 0, 5),
        f'<circle cx="{J1[0]}" cy="{J1[1]}" r="5"/>',
        seg(J1, J2, 5, 5),
        f'<circle cx="{J2[0]}" cy="{J2[1]}" r="5"/>',
        seg(J2, J3, 5, 5),
        f'<circle cx="{J3[0]}" cy="{J3[1]}" r="5"/>',
        seg(J3, (70, 42), 5, 0),
        '<path d="M62 54 V50 Q62 42 70 42 Q78 42 78 50 V54"/>',
    ],
    accent=f'<rect fill="{TEAL}" x="62" y="64" width="16" height="14" rx="3"/>',
)


# ---- materials: honeycomb lattice
def hexagon(cx, cy, r):
    pts = [
        (cx + r * math.cos(math.radians(60 * k - 90)), cy + r * math.sin(math.radians(60 * k - 90)))
        for k in range(6)
    ]
    return "M" + " L".join(f"{f(x)} {f(y)}" for x, y in pts) + " Z"


R = 16
dx = math.sqrt(3) * R
hexes = [(48 - dx / 2, 36), (48 + dx / 2, 36), (48, 36 + 1.5 * R)]
icon(
    "materials",
    [f'<path d="{hexagon(x, y, R)}"/>' for x, y in hexes],
    accent=f'<path fill="{TEAL}" d="{hexagon(*hexes[2], R)}"/>',
)


# ---- biology: DNA double helix
def strand(phase):
    pts = []
    for i in range(61):
        t = i / 60
        y = 14 + 68 * t
        x = 48 + 20 * math.sin(2 * math.pi * t + phase)
        pts.append((x, y))
    return '<path d="M' + " L".join(f"{f(x)} {f(y)}" for x, y in pts) + '"/>'


rungs = []
rung_lines = []
for t in (0.25 - 0.085, 0.25 + 0.085, 0.75 - 0.085, 0.75 + 0.085):
    y = 14 + 68 * t
    x = 20 * math.sin(2 * math.pi * t)
    a, b = sorted((48 - x, 48 + x))
    if b - a > 12:
        rung_lines.append(f'<path d="M{f(a + 6)} {f(y)} H{f(b - 6)}"/>')
icon(
    "biology",
    [strand(0), strand(math.pi)],
    accent=f'<g fill="none" stroke="{TEAL}" stroke-width="4" stroke-linecap="round">'
    + "".join(rung_lines)
    + "</g>",
)

# ---- medicine: capsule, half filled
icon(
    "medicine",
    [
        '<g transform="rotate(-45 48 48)"><rect x="16" y="34" width="64" height="28" rx="14"/><path d="M48 34 V62"/></g>'
    ],
    accent=f'<g transform="rotate(-45 48 48)"><path fill="{TEAL}" d="M48 34 H66 A14 14 0 0 1 66 62 H48 Z"/></g>',
)

# ---- factory with a leaf instead of smoke
icon(
    "factory",
    [
        '<path d="M12 82 H84"/>',
        '<path d="M16 82 V52 L30 44 V52 L44 44 V52 L58 44 V52 H62 V30 H76 V82"/>',
        '<path d="M26 66 H32"/>',
        '<path d="M40 66 H46"/>',
        '<path d="M54 66 H60"/>',
    ],
    accent=f'<path fill="{TEAL}" d="M69 26 C69 16 75 10 86 8 C86 19 80 26 69 26 Z"/>',
)

# ---- leaf
icon(
    "leaf",
    [
        '<path d="M22 74 C20 44 40 22 78 18 C76 54 54 76 22 74 Z"/>',
        '<path d="M14 82 L58 38"/>',
    ],
    accent=f'<path fill="{TEAL}" d="M22 74 C20 44 40 22 78 18 C76 54 54 76 22 74 Z"/>',
)

# ---- calendar with one highlighted day
dots = [(x, y) for y in (52, 66) for x in (28, 42, 56, 70)] + [(28, 80 - 0), (42, 80)]
dots = [(x, y) for y in (50, 62, 74) for x in (28, 42, 56, 70) if (x, y) != (70, 62)]
icon(
    "calendar",
    [
        '<rect x="14" y="20" width="68" height="64" rx="8"/>',
        '<path d="M14 36 H82"/>',
        '<path d="M32 12 V26"/>',
        '<path d="M64 12 V26"/>',
    ],
    accent=f'<g fill="{WHITE}">'
    + "".join(f'<circle cx="{x}" cy="{y}" r="3"/>' for x, y in dots)
    + "</g>"
    f'<rect fill="{AMBER}" x="63" y="55" width="14" height="14" rx="4"/>',
)

# ---- plane (top view, heading up-right)
half = [(54, 20), (54, 38), (84, 56), (84, 63), (54, 56), (54, 72), (65, 80), (65, 86), (48, 82)]


def mirror(pts):
    return [(96 - x, y) for x, y in pts]


outline = (
    "M48 8 C52 8 54 13 54 20 "
    + " ".join(f"L{x} {y}" for x, y in half[1:])
    + " "
    + " ".join(f"L{f(x)} {y}" for x, y in reversed(mirror(half[1:-1])))
    + " L42 20 C42 13 44 8 48 8 Z"
)
icon("plane", [f'<path transform="rotate(45 48 48)" d="{outline}"/>'])
print("icons written")
