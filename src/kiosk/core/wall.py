"""Video wall geometry: which part of the wall's picture one display shows. No Qt.

A wall is COLS × ROWS identical screens. The slide is laid out and painted once at the size
of the whole wall, the *canvas*, and each display shows its own rectangle of it. Between two
neighbouring screens sits the seam: the frames of both panels (the spec sheets' "bezel to
bezel" figure). Real walls hide the content that falls behind the seam rather than squeeze
it out of the way, so a line of text crossing a seam stays straight and in proportion: the
canvas counts the seams as pixels nobody sees.

    canvas width  = COLS × screen width  + (COLS − 1) × seam_x
    tile (c, r)   = x: c × (screen width + seam_x), y: r × (screen height + seam_y)

The seam is given either in millimetres (`--bezel MM`, with `--panel-mm WxH`, the size of
the panel's picture area, to turn millimetres into the screen's pixels) or in pixels
(`--bezel-px N`, the same on both axes). Every message is one line that names the option.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "MAX_CANVAS_SIDE",
    "MAX_TILES",
    "Bezel",
    "Rect",
    "Wall",
    "WallError",
    "check_canvas",
    "clear_of_seams",
    "make_wall",
    "parse_panel_mm",
    "parse_tile",
]

MAX_TILES = 8  # per side: an 8×8 wall of 1080p screens is 15,360 px wide
MAX_CANVAS_SIDE = 16384  # QPixmap and the raster engine stay reliable below this
MAX_BEZEL_MM = 200.0

_TILE = re.compile(r"^ *([0-9]+) *[xX×] *([0-9]+) *(?:: *([0-9]+) *, *([0-9]+) *)?$")
_PANEL = re.compile(r"^ *([0-9]+(?:\.[0-9]+)?) *[xX×] *([0-9]+(?:\.[0-9]+)?) *$")


def _shown(text: str) -> str:
    """`text` as typed, or quoted when it holds characters a terminal line cannot show."""
    text = text.strip(" ")
    return text if text.isprintable() and text else repr(text)


class WallError(ValueError):
    """A wall option that cannot be used; the message is one line naming the option."""


@dataclass(frozen=True)
class Rect:
    """A rectangle in canvas pixels."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h


@dataclass(frozen=True)
class Bezel:
    """The seam between two screens' pictures: `px` pixels, or `mm` millimetres on a panel
    whose picture area is `panel_mm` (width, height) millimetres. None of them: no seam."""

    px: int | None = None
    mm: float | None = None
    panel_mm: tuple[float, float] | None = None

    def gaps(self, screen: tuple[int, int]) -> tuple[int, int]:
        """The seam in the screen's pixels, horizontally (between columns) and vertically."""
        if self.px is not None:
            return self.px, self.px
        if self.mm is None or self.panel_mm is None:
            return 0, 0
        w, h = screen
        pw, ph = self.panel_mm
        return round(self.mm * w / pw), round(self.mm * h / ph)

    def describe(self) -> str:
        if self.px is not None:
            return f"{self.px} px seams"
        if self.mm is not None and self.panel_mm is not None:
            pw, ph = self.panel_mm
            return f"{self.mm:g} mm seams on {pw:g}×{ph:g} mm panels"
        return "no seams"


@dataclass(frozen=True)
class Wall:
    """A `cols` × `rows` wall, seen from tile (`col`, `row`) (0-based, from the top left).

    named: the tile was given (`2x2:1,0`); False for the whole wall (`kiosk render --tile 2x2`).
    """

    cols: int
    rows: int
    col: int = 0
    row: int = 0
    bezel: Bezel = Bezel()
    named: bool = True

    def canvas_size(self, screen: tuple[int, int]) -> tuple[int, int]:
        """The whole wall's picture, seams included, for screens of `screen` pixels."""
        w, h = screen
        gx, gy = self.bezel.gaps(screen)
        return self.cols * w + (self.cols - 1) * gx, self.rows * h + (self.rows - 1) * gy

    def tile_rect(
        self, screen: tuple[int, int], col: int | None = None, row: int | None = None
    ) -> Rect:
        """Where tile (`col`, `row`) (default: this display's) sits on the canvas."""
        c = self.col if col is None else col
        r = self.row if row is None else row
        w, h = screen
        gx, gy = self.bezel.gaps(screen)
        return Rect(c * (w + gx), r * (h + gy), w, h)

    def tiles(self) -> Iterator[tuple[int, int]]:
        """Every (col, row), row by row."""
        for r in range(self.rows):
            for c in range(self.cols):
                yield c, r

    def at(self, col: int, row: int) -> Wall:
        """The same wall seen from another tile."""
        return Wall(self.cols, self.rows, col, row, self.bezel, named=True)

    # which overlays this tile draws (one big screen's corners are on different tiles)

    @property
    def bottom(self) -> bool:
        """This tile is in the bottom row: it draws its segment of the wall-wide progress line."""
        return self.row == self.rows - 1

    @property
    def shows_pill(self) -> bool:
        """The mode pill sits bottom left on the wall."""
        return self.bottom and self.col == 0

    @property
    def shows_info(self) -> bool:
        """The counter and clock sit bottom right on the wall."""
        return self.bottom and self.col == self.cols - 1

    def seams_y(self, screen: tuple[int, int]) -> tuple[tuple[int, int], ...]:
        """The horizontal seams, (top, bottom) in canvas pixels: bands a line of text should
        not cross (it would lose a stripe). None when the tiles butt against each other."""
        h = screen[1]
        gy = self.bezel.gaps(screen)[1]
        if gy <= 0:
            return ()
        return tuple((r * h + (r - 1) * gy, r * (h + gy)) for r in range(1, self.rows))

    @property
    def single(self) -> bool:
        return self.cols == 1 and self.rows == 1

    def describe(self) -> str:
        where = f"a {self.cols}x{self.rows} wall"
        if self.named:
            where = f"tile {self.col},{self.row} of {where}"
        return f"{where}, {self.bezel.describe()}"


def parse_tile(text: str, *, position: bool = True) -> tuple[int, int, int, int]:
    """'2x2:1,0' → (cols, rows, col, row). With `position=False` the ':COL,ROW' part may be
    left out ('2x2': the whole wall, for `kiosk render`), and then col = row = 0."""
    opt = f"--tile {_shown(text)}"
    m = _TILE.match(text)
    if m is None:
        form = "COLSxROWS:COL,ROW (e.g. 2x2:1,0)" if position else "COLSxROWS (e.g. 2x2)"
        raise WallError(f"{opt}: expected {form}")
    cols, rows = int(m[1]), int(m[2])
    if m[3] is None and position:
        raise WallError(f"{opt}: which tile is this display? add :COL,ROW (e.g. {cols}x{rows}:0,0)")
    for n, what in ((cols, "columns"), (rows, "rows")):
        if not 1 <= n <= MAX_TILES:
            raise WallError(f"{opt}: {n} {what}; a wall has 1 to {MAX_TILES}")
    col, row = (int(m[3]), int(m[4])) if m[3] is not None else (0, 0)
    if col >= cols:
        raise WallError(
            f"{opt}: column {col} is outside a {cols}-wide wall (columns 0..{cols - 1})"
        )
    if row >= rows:
        raise WallError(f"{opt}: row {row} is outside a {rows}-high wall (rows 0..{rows - 1})")
    return cols, rows, col, row


def parse_panel_mm(text: str) -> tuple[float, float]:
    """'1209.6x680.4' → the panel's picture area in millimetres."""
    m = _PANEL.match(text)
    if m is None:
        raise WallError(
            f"--panel-mm {_shown(text)}: expected WxH in millimetres (e.g. 1209.6x680.4)"
        )
    w, h = float(m[1]), float(m[2])
    if not (10 <= w <= 10_000 and 10 <= h <= 10_000):
        raise WallError(f"--panel-mm {_shown(text)}: each side must be 10..10000 mm")
    return w, h


def make_wall(
    tile: str,
    *,
    bezel_mm: float | None = None,
    panel_mm: str | None = None,
    bezel_px: int | None = None,
    position: bool = True,
) -> Wall:
    """The wall the command line describes; WallError (one line) when it cannot be."""
    cols, rows, col, row = parse_tile(tile, position=position)
    if bezel_mm is not None and bezel_px is not None:
        raise WallError("--bezel and --bezel-px: give the seam one way, in mm or in pixels")
    panel = parse_panel_mm(panel_mm) if panel_mm is not None else None
    if bezel_px is not None:
        if not 0 <= bezel_px <= 1000:
            raise WallError(f"--bezel-px {bezel_px}: must be 0..1000 pixels")
        bezel = Bezel(px=bezel_px)
    elif bezel_mm is not None:
        if not (math.isfinite(bezel_mm) and 0 <= bezel_mm <= MAX_BEZEL_MM):
            raise WallError(f"--bezel {bezel_mm:g}: must be 0..{MAX_BEZEL_MM:g} mm")
        if panel is None:
            raise WallError(
                f"--bezel {bezel_mm:g}: also give --panel-mm WxH (the picture area in mm), "
                "to turn millimetres into pixels; or give the seam as --bezel-px"
            )
        bezel = Bezel(mm=bezel_mm, panel_mm=panel)
    else:
        if panel is not None:
            raise WallError("--panel-mm: only used with --bezel MM")
        bezel = Bezel()
    return Wall(cols, rows, col, row, bezel, named=":" in tile)


def check_canvas(wall: Wall, screen: tuple[int, int]) -> str | None:
    """Why the wall's canvas is too big for screens of `screen` pixels, or None."""
    w, h = wall.canvas_size(screen)
    if max(w, h) > MAX_CANVAS_SIDE:
        return (
            f"a {wall.cols}x{wall.rows} wall of {screen[0]}x{screen[1]} screens is {w}x{h} "
            f"pixels; kiosk draws at most {MAX_CANVAS_SIDE} on a side"
        )
    return None


def clear_of_seams(
    spans: list[tuple[int, int]],
    seams: tuple[tuple[int, int], ...],
    room: tuple[int, int],
    margin: int = 0,
) -> int | None:
    """The smallest vertical shift that moves every span (top, bottom) of a block of lines off
    every seam band, keeping the block inside `room` (top, bottom); None when none does.

    A block of bullet points is moved as one, so that a seam falls in a gap between two points
    instead of through one of them; the points keep their spacing."""
    if not spans or not seams:
        return 0
    lo, hi = room
    first, last = min(t for t, _ in spans), max(b for _, b in spans)

    def clear(d: int) -> bool:
        if first + d < lo or last + d > hi:
            return False
        return all(
            b + d + margin <= s0 or t + d - margin >= s1 for t, b in spans for s0, s1 in seams
        )

    candidates = {0}
    for t, b in spans:
        for s0, s1 in seams:
            candidates.add(s0 - margin - b)  # this line just above the seam
            candidates.add(s1 + margin - t)  # this line just below it
    for d in sorted(candidates, key=lambda d: (abs(d), d)):
        if clear(d):
            return d
    return None
