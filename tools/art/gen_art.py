import math
import random
import sys
from pathlib import Path

sys.path.insert(0, "/tmp/art")
from textpath import text_path

OUT = str(Path(__file__).resolve().parents[2] / "assets")  # the repo's assets/
NAVY, NAVY_DEEP = "#0B1F3A", "#071529"
TEAL, TEAL_DEEP, AMBER, WHITE, MUTED = "#2EC4B6", "#16968B", "#FFB547", "#FFFFFF", "#A9B8CC"


def f(v):
    return f"{v:.1f}".rstrip("0").rstrip(".")


def svg(w, h, title, body, extra=""):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}"{extra}>\n  <title>{title}</title>\n{body}\n</svg>\n'
    )


def smooth_closed(pts):
    """Catmull-Rom through closed point list -> cubic bezier path."""
    n = len(pts)
    d = f"M{f(pts[0][0])} {f(pts[0][1])}"
    for i in range(n):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[(i + 1) % n], pts[(i + 2) % n]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        d += f" C{f(c1[0])} {f(c1[1])} {f(c2[0])} {f(c2[1])} {f(p2[0])} {f(p2[1])}"
    return d + " Z"


def smooth_open(pts):
    d = f"M{f(pts[0][0])} {f(pts[0][1])}"
    for i in range(len(pts) - 1):
        p0 = pts[max(i - 1, 0)]
        p1 = pts[i]
        p2 = pts[i + 1]
        p3 = pts[min(i + 2, len(pts) - 1)]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        d += f" C{f(c1[0])} {f(c1[1])} {f(c2[0])} {f(c2[1])} {f(p2[0])} {f(p2[1])}"
    return d


# ------------------------------------------------------------------ backgrounds
def contours(cx, cy, radii, seed, opacity):
    rnd = random.Random(seed)
    ph = [rnd.uniform(0, 6.28) for _ in range(4)]
    out = []
    for k, R in enumerate(radii):
        pts = []
        for i in range(72):
            t = 2 * math.pi * i / 72
            r = R * (
                1
                + 0.055 * math.sin(3 * t + ph[0] + k * 0.18)
                + 0.035 * math.sin(5 * t + ph[1] - k * 0.11)
                + 0.02 * math.sin(8 * t + ph[2] + k * 0.3)
            )
            pts.append((cx + r * math.cos(t), cy + 0.8 * r * math.sin(t)))
        op = opacity * (1.0 if k % 4 else 1.8)
        out.append(f'    <path stroke-opacity="{op:.3f}" d="{smooth_closed(pts)}"/>')
    return "\n".join(out)


def qpoint(p0, p1, p2, t):
    return tuple(
        (1 - t) ** 2 * a + 2 * (1 - t) * t * b + t * t * c
        for a, b, c in zip(p0, p1, p2, strict=True)
    )


def background(w, h, name, cx, cy, radii, arc, glow):
    a0 = [tuple(map(float, q.split(","))) for q in arc[0]]
    a1 = [tuple(map(float, q.split(","))) for q in arc[1]]
    arc = (
        f"M{a0[0][0]:g} {a0[0][1]:g} Q{a0[1][0]:g} {a0[1][1]:g} {a0[2][0]:g} {a0[2][1]:g}",
        f"M{a1[0][0]:g} {a1[0][1]:g} Q{a1[1][0]:g} {a1[1][1]:g} {a1[2][0]:g} {a1[2][1]:g}",
        qpoint(*a0, arc[2]),
    )
    body = f'''  <defs>
    <linearGradient id="base" x1="0" y1="0" x2="{w * 0.35:.0f}" y2="{h}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#0F2A4E"/>
      <stop offset="0.55" stop-color="{NAVY}"/>
      <stop offset="1" stop-color="{NAVY_DEEP}"/>
    </linearGradient>
    <radialGradient id="glowTeal" cx="{glow[0]}" cy="{glow[1]}" r="{glow[2]}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="{TEAL}" stop-opacity="0.13"/>
      <stop offset="1" stop-color="{TEAL}" stop-opacity="0"/>
    </radialGradient>
    <radialGradient id="glowAmber" cx="{glow[3]}" cy="{glow[4]}" r="{glow[5]}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="{AMBER}" stop-opacity="0.035"/>
      <stop offset="1" stop-color="{AMBER}" stop-opacity="0"/>
    </radialGradient>
  </defs>
  <rect width="{w}" height="{h}" fill="url(#base)"/>
  <rect width="{w}" height="{h}" fill="url(#glowTeal)"/>
  <rect width="{w}" height="{h}" fill="url(#glowAmber)"/>
  <g fill="none" stroke="{WHITE}" stroke-width="2">
{contours(cx, cy, radii, 11, 0.032)}
  </g>
  <g fill="none" stroke-linecap="round">
    <path d="{arc[0]}" stroke="{TEAL}" stroke-opacity="0.28" stroke-width="4" stroke-dasharray="2 18"/>
    <path d="{arc[1]}" stroke="{AMBER}" stroke-opacity="0.16" stroke-width="4" stroke-dasharray="2 18"/>
  </g>
  <g fill="none" stroke-width="4">
    <circle cx="{f(arc[2][0])}" cy="{f(arc[2][1])}" r="10" stroke="{TEAL}" stroke-opacity="0.4"/>
    <circle cx="{f(arc[2][0])}" cy="{f(arc[2][1])}" r="26" stroke="{TEAL}" stroke-opacity="0.14"/>
  </g>'''
    open(f"{OUT}/backgrounds/{name}.svg", "w").write(
        svg(
            w,
            h,
            "kiosk background: night navy with contour and flight-path lines",
            body,
            ' preserveAspectRatio="xMidYMid slice"',
        )
    )


background(
    1920,
    1080,
    "cabin",
    1640,
    1010,
    range(140, 1500, 95),
    (("-40,860", "760,80", "1960,300"), ("-40,1000", "980,420", "1960,720"), 0.8),
    (1560, 160, 1100, 260, 1040, 900),
)
background(
    1080,
    1920,
    "cabin-portrait",
    900,
    1800,
    range(140, 1900, 95),
    (("-40,1500", "420,300", "1120,220"), ("-40,1780", "600,1000", "1120,1160"), 0.85),
    (900, 260, 1000, 120, 1800, 800),
)
print("backgrounds")


# ------------------------------------------------------------------ carbon: peak 2030, neutral 2060
def carbon():
    W, H = 960, 540
    x0, x1, base = 120, 840, 410  # 2020 .. 2060 on the axis

    def X(yr: float) -> float:
        return x0 + (yr - 2020) * (x1 - x0) / 40

    px, py = X(2030), 150
    curve = f"M{X(2020):g} 262 C{X(2024):g} 200 {X(2027):g} {py} {px:g} {py} C{X(2039):g} {py} {X(2048):g} {base} {X(2060):g} {base}"
    area = curve + f" L{X(2060):g} {base} L{X(2020):g} {base} Z"
    ticks = "".join(
        f'<path d="M{X(y):g} {base + 14} V{base + 22}"/>' for y in range(2020, 2061, 10)
    )
    nums = []
    for y in range(2020, 2061, 10):
        col = AMBER if y == 2030 else TEAL if y == 2060 else MUTED
        d, _, _ = text_path(
            str(y),
            22,
            "semibold" if y in (2030, 2060) else "regular",
            x=X(y),
            y=base + 56,
            anchor="middle",
        )
        nums.append(f'<path fill="{col}" d="{d}"/>')
    lab_peak, _, _ = text_path("CO\u2082 peak", 26, "semibold", x=px, y=py - 46, anchor="middle")
    lab_zero, _, _ = text_path("Carbon neutral", 26, "semibold", x=x1 + 24, y=py - 46, anchor="end")
    body = f'''  <defs>
    <linearGradient id="line" x1="{X(2020):g}" y1="0" x2="{X(2060):g}" y2="0" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="{AMBER}"/>
      <stop offset="0.3" stop-color="{AMBER}"/>
      <stop offset="0.75" stop-color="{TEAL}"/>
      <stop offset="1" stop-color="{TEAL}"/>
    </linearGradient>
    <linearGradient id="fill" x1="0" y1="{py}" x2="0" y2="{base}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="{WHITE}" stop-opacity="0.09"/>
      <stop offset="1" stop-color="{WHITE}" stop-opacity="0.01"/>
    </linearGradient>
  </defs>
  <path fill="url(#fill)" d="{area}"/>
  <g fill="none" stroke="{WHITE}" stroke-width="4" stroke-linecap="round" stroke-linejoin="round">
    <path stroke-opacity="0.35" d="M{x0 - 24} {base} H{x1 + 24}"/>
    <g stroke-opacity="0.35">{ticks}</g>
    <path stroke="{AMBER}" stroke-opacity="0.6" stroke-dasharray="2 14" d="M{px:g} {py + 26} V{base - 6}"/>
    <path stroke="{TEAL}" stroke-opacity="0.6" stroke-dasharray="2 14" d="M{X(2060):g} {base - 26} V{py - 4}"/>
  </g>
  <path fill="none" stroke="url(#line)" stroke-width="8" stroke-linecap="round" stroke-linejoin="round" d="{curve}"/>
  <circle cx="{px:g}" cy="{py}" r="28" fill="{AMBER}" fill-opacity="0.18"/>
  <circle cx="{px:g}" cy="{py}" r="12" fill="{AMBER}" stroke="{NAVY}" stroke-width="4"/>
  <circle cx="{X(2060):g}" cy="{base}" r="28" fill="{TEAL}" fill-opacity="0.18"/>
  <circle cx="{X(2060):g}" cy="{base}" r="12" fill="{TEAL}" stroke="{NAVY}" stroke-width="4"/>
  <path fill="{WHITE}" d="{lab_peak}"/>
  <path fill="{WHITE}" d="{lab_zero}"/>
  {"".join(nums)}'''
    open(f"{OUT}/illustrations/carbon.svg", "w").write(
        svg(
            W,
            H,
            "Carbon motif: emissions peak by 2030, carbon neutrality by 2060 (illustrative curve, not data)",
            body,
        )
    )


carbon()
print("carbon")


# ------------------------------------------------------------------ aircraft: top view on a dotted flight path
def aircraft():
    W, H = 960, 540
    half = [
        (24, -128),
        (24, -34),
        (176, 44),
        (180, 56),
        (176, 64),
        (24, 28),
        (24, 108),
        (16, 140),
        (70, 166),
        (72, 178),
        (10, 172),
        (0, 184),
    ]
    d = "M0 -184 C14 -184 24 -164 24 -128 " + " ".join(f"L{x} {y}" for x, y in half[1:])
    d += (
        " "
        + " ".join(f"L{-x} {y}" for x, y in reversed(half[1:-1]))
        + " L-24 -128 C-24 -164 -14 -184 0 -184 Z"
    )
    # flight path: quadratic from origin to the tail of the plane
    p0, c, p2 = (120, 470), (400, 470), (566, 352)
    ang = math.degrees(math.atan2(p2[1] - c[1], p2[0] - c[0]))  # direction at the end
    rot = ang + 90  # plane drawn nose-up
    s = 0.7
    ux, uy = math.cos(math.radians(ang)), math.sin(math.radians(ang))
    cx, cy = p2[0] + ux * (184 * s + 26), p2[1] + uy * (184 * s + 26)
    stars = random.Random(3)
    st = "".join(
        f'<circle cx="{stars.randint(40, 920)}" cy="{stars.randint(30, 300)}" r="{stars.choice((1.5, 2, 2.5))}"/>'
        for _ in range(22)
    )
    body = f'''  <defs>
    <linearGradient id="body" x1="-180" y1="0" x2="180" y2="0" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#DCE6F2"/>
      <stop offset="0.5" stop-color="{WHITE}"/>
      <stop offset="1" stop-color="#DCE6F2"/>
    </linearGradient>
    <radialGradient id="halo" cx="{cx:.0f}" cy="{cy:.0f}" r="260" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="{TEAL}" stop-opacity="0.16"/>
      <stop offset="1" stop-color="{TEAL}" stop-opacity="0"/>
    </radialGradient>
  </defs>
  <circle cx="{cx:.0f}" cy="{cy:.0f}" r="260" fill="url(#halo)"/>
  <g fill="{WHITE}" fill-opacity="0.35">{st}</g>
  <g fill="none" stroke="{WHITE}" stroke-width="4" stroke-opacity="0.08">
    <circle cx="{cx:.0f}" cy="{cy:.0f}" r="158"/>
    <circle cx="{cx:.0f}" cy="{cy:.0f}" r="218"/>
  </g>
  <path fill="none" stroke="{AMBER}" stroke-width="4" stroke-linecap="round" stroke-dasharray="2 16"
        d="M{p0[0]} {p0[1]} Q{c[0]} {c[1]} {p2[0]} {p2[1]}"/>
  <circle cx="{p0[0]}" cy="{p0[1]}" r="22" fill="{TEAL}" fill-opacity="0.18"/>
  <circle cx="{p0[0]}" cy="{p0[1]}" r="9" fill="{TEAL}" stroke="{NAVY}" stroke-width="4"/>
  <g transform="translate({cx:.1f} {cy:.1f}) rotate({rot:.1f}) scale({s})">
    <g fill="#DCE6F2">
      <rect x="60" y="-36" width="20" height="48" rx="8"/>
      <rect x="-80" y="-36" width="20" height="48" rx="8"/>
    </g>
    <path fill="url(#body)" stroke="url(#body)" stroke-width="4" stroke-linejoin="round" d="{d}"/>
    <path fill="none" stroke="{NAVY}" stroke-opacity="0.25" stroke-width="4" stroke-linecap="round" d="M-9 -146 Q0 -152 9 -146"/>
    <rect x="-5" y="118" width="10" height="62" rx="5" fill="{TEAL}"/>
  </g>'''
    open(f"{OUT}/illustrations/aircraft.svg", "w").write(
        svg(W, H, "Aircraft on a dotted flight path (themed flight motif)", body)
    )


aircraft()
print("aircraft")


# ------------------------------------------------------------------ skyline: Chongqing, two rivers, two bridges
def skyline():
    W, H = 1920, 400
    G = 318  # ground / waterline
    rnd = random.Random(2021)
    back, front, lights = [], [], []

    def tower(x, w, h, layer, lit=0.0, crown=None):
        y = G - h
        r = min(6, w / 4)
        d = f"M{f(x)} {G + 2} V{f(y + r)} Q{f(x)} {f(y)} {f(x + r)} {f(y)} H{f(x + w - r)} Q{f(x + w)} {f(y)} {f(x + w)} {f(y + r)} V{G + 2} Z"
        if crown == "spire":
            d += f" M{f(x + w / 2 - 2)} {f(y)} V{f(y - 26)} H{f(x + w / 2 + 2)} V{f(y)} Z"
        if crown == "step":
            d += f" M{f(x + w * 0.2)} {f(y + 1)} V{f(y - 14)} H{f(x + w * 0.8)} V{f(y + 1)} Z"
        layer.append(d)
        if lit:
            for wy in range(int(y) + 14, G - 12, 12):
                for wx in range(int(x) + 6, int(x + w) - 6, 10):
                    if rnd.random() < lit:
                        lights.append((wx, wy, AMBER if rnd.random() < 0.8 else TEAL))

    # far mountains (the "mountain city")
    mpts = [
        (-20, 250),
        (120, 214),
        (260, 236),
        (420, 190),
        (560, 222),
        (700, 176),
        (860, 204),
        (1000, 168),
        (1160, 200),
        (1320, 182),
        (1480, 214),
        (1640, 170),
        (1780, 196),
        (1940, 178),
    ]
    far_d = smooth_open(mpts) + f" L1940 {G + 2} L-20 {G + 2} Z"

    # left bank (Jiangbei): medium density
    x = 0
    while x < 330:
        w = rnd.choice((26, 30, 34, 40))
        h = rnd.randint(46, 110)
        tower(x, w, h, back, 0.12, rnd.choice((None, None, "step")))
        x += w + rnd.choice((2, 4, 6))
    # Yuzhong peninsula: dense, tallest in the middle (Jiefangbei CBD)
    x = 640
    while x < 1450:
        t = (x - 640) / 810
        env = 80 + 170 * math.exp(-(((t - 0.42) / 0.26) ** 2))
        w = rnd.choice((24, 28, 32, 36, 44))
        h = env * rnd.uniform(0.55, 1.0)
        tower(
            x,
            w,
            h,
            back,
            0.10,
            "spire" if h > 200 and rnd.random() < 0.5 else rnd.choice((None, None, "step")),
        )
        x += w + rnd.choice((2, 3, 5))
    # front row on the peninsula, lower
    x = 660
    while x < 1430:
        w = rnd.choice((30, 36, 42, 50))
        h = rnd.randint(40, 96)
        if not 1040 < x < 1290:
            tower(x, w, h, front, 0.16)
        x += w + rnd.choice((6, 10, 14))
    # right bank (Nan'an) under the hills
    x = 1750
    while x < 1920:
        w = rnd.choice((24, 30, 36))
        h = rnd.randint(30, 80)
        tower(x, w, h, back, 0.10)
        x += w + 4

    # Raffles City at the confluence: four curved towers joined by a sky bridge, two taller at the sides
    rc = []
    top_mid = G - 196
    for bx in (1104, 1146, 1188, 1230):
        rc.append(
            f"M{bx} {G + 2} V{top_mid + 6} Q{bx} {top_mid} {bx + 6} {top_mid} H{bx + 24} Q{bx + 30} {top_mid} {bx + 30} {top_mid + 6} V{G + 2} Z"
        )
        for wy in range(top_mid + 16, G - 14, 12):
            if rnd.random() < 0.3:
                lights.append((bx + rnd.choice((7, 13, 19)), wy, AMBER))
    y = G - 258
    left = [(1058, G + 2), (1054, y + 26), (1056, y + 4), (1064, y), (1094, y + 24), (1094, G + 2)]
    for pts in (left, [(2364 - px, py) for px, py in left]):
        rc.append("M" + " L".join(f"{px} {py}" for px, py in pts) + " Z")
        xs = sorted(p[0] for p in pts)
        for wy in range(y + 40, G - 14, 12):
            if rnd.random() < 0.3:
                lights.append((xs[0] + rnd.choice((10, 18, 24)), wy, AMBER))
    bridge_y = top_mid - 22
    conservatory = (
        f'<rect x="1094" y="{bridge_y}" width="176" height="24" rx="8" fill="#2E629C"/>'
        f'<path d="M1104 {bridge_y} H1260" stroke="{TEAL}" stroke-width="4" stroke-linecap="round"/>'
        f'<path d="M1106 {bridge_y + 13} H1258" stroke="{AMBER}" stroke-opacity="0.7" stroke-width="2" stroke-dasharray="6 6"/>'
    )

    # cable-stayed bridges over the Jialing (left) and the Yangtze (right)
    def bridge(x0, x1, towers, deck, top):
        out = [
            f'<path d="M{x0} {deck} H{x1}" stroke="{WHITE}" stroke-opacity="0.85" stroke-width="4"/>'
        ]
        cables = []
        for tx in towers:
            out.append(
                f'<path d="M{tx - 10} {G} L{tx - 3} {top} H{tx + 3} L{tx + 10} {G}" '
                f'stroke="{WHITE}" stroke-opacity="0.85" stroke-width="4"/>'
            )
            for k in range(1, 7):
                ay = top + 8 + k * 6
                for side in (-1, 1):
                    cables.append(f"M{tx} {ay} L{tx + side * (18 + k * 17)} {deck}")
        out.append(
            f'<path d="{" ".join(cables)}" stroke="{WHITE}" stroke-opacity="0.35" stroke-width="2"/>'
        )
        out.append(
            f'<path d="M{x0} {deck + 6} H{x1}" stroke="{AMBER}" stroke-opacity="0.6" stroke-width="2" stroke-dasharray="2 10"/>'
        )
        return "\n    ".join(out)

    bridges = (
        bridge(300, 700, (430, 570), 286, 186)
        + "\n    "
        + bridge(1420, 1800, (1540, 1680), 290, 196)
    )

    # water with soft reflections
    refl = []
    for wx, wy, col in lights:
        if rnd.random() < 0.2:
            ry = G + 10 + (G - wy) * 0.3
            if ry < H - 8:
                refl.append(
                    f'<path d="M{wx - 5} {ry:.0f} H{wx + 9}" stroke="{col}" stroke-opacity="0.25"/>'
                )
    waves = "".join(
        f'<path d="M{x:.0f} {y:.0f} H{x + l:.0f}"/>'
        for x, y, l in (
            (rnd.uniform(0, 1880), rnd.uniform(G + 16, H - 10), rnd.uniform(30, 120))
            for _ in range(36)
        )
    )
    win = "".join(
        f'<rect x="{wx}" y="{wy}" width="4" height="6" rx="1" fill="{c}"/>' for wx, wy, c in lights
    )
    body = f'''  <defs>
    <linearGradient id="far" x1="0" y1="160" x2="0" y2="{G}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#14315A"/>
      <stop offset="1" stop-color="{NAVY}"/>
    </linearGradient>
    <linearGradient id="back" x1="0" y1="60" x2="0" y2="{G}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#1E4476"/>
      <stop offset="1" stop-color="#12305A"/>
    </linearGradient>
    <linearGradient id="front" x1="0" y1="200" x2="0" y2="{G}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#24508A"/>
      <stop offset="1" stop-color="#173C6A"/>
    </linearGradient>
    <linearGradient id="raffles" x1="0" y1="80" x2="0" y2="{G}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#2E629C"/>
      <stop offset="1" stop-color="#1A4272"/>
    </linearGradient>
    <linearGradient id="water" x1="0" y1="{G}" x2="0" y2="{H}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#123462"/>
      <stop offset="1" stop-color="{NAVY}"/>
    </linearGradient>
  </defs>
  <path fill="url(#far)" d="{far_d}"/>
  <path fill="url(#back)" d="{" ".join(back)}"/>
  <path fill="url(#front)" d="{" ".join(front)}"/>
  <path fill="url(#raffles)" d="{" ".join(rc)}"/>
  {conservatory}
  <g>{win}</g>
  <rect x="0" y="{G}" width="{W}" height="{H - G}" fill="url(#water)"/>
  <path d="M0 {G} H{W}" stroke="{TEAL}" stroke-opacity="0.5" stroke-width="2"/>
  <g fill="none" stroke-width="2" stroke-linecap="round">{"".join(refl)}</g>
  <g fill="none" stroke="{WHITE}" stroke-opacity="0.07" stroke-width="2" stroke-linecap="round">{waves}</g>
  <g fill="none" stroke-linecap="round" stroke-linejoin="round">
    {bridges}
  </g>'''
    open(f"{OUT}/illustrations/skyline.svg", "w").write(
        svg(
            W,
            H,
            "Chongqing skyline at the confluence of the Yangtze and Jialing rivers, with two cable-stayed bridges",
            body,
        )
    )


skyline()
print("skyline")
