"""Video wall geometry (Qt-free): tile specs, seams, each tile's rectangle on the canvas."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.wall import (
    Bezel,
    Rect,
    Wall,
    WallError,
    check_canvas,
    clear_of_seams,
    make_wall,
    parse_tile,
)

HD = (1920, 1080)


def test_parse_tile() -> None:
    assert parse_tile("2x2:1,0") == (2, 2, 1, 0)
    assert parse_tile(" 3X1 : 2 , 0 ") == (3, 1, 2, 0)
    assert parse_tile("2x2", position=False) == (2, 2, 0, 0)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("2x2:3,0", "--tile 2x2:3,0: column 3 is outside a 2-wide wall (columns 0..1)"),
        ("2x2:0,2", "--tile 2x2:0,2: row 2 is outside a 2-high wall (rows 0..1)"),
        ("2x2", "--tile 2x2: which tile is this display? add :COL,ROW (e.g. 2x2:0,0)"),
        ("0x2:0,0", "--tile 0x2:0,0: 0 columns; a wall has 1 to 8"),
        ("9x1:0,0", "--tile 9x1:0,0: 9 columns; a wall has 1 to 8"),
        ("2x2:-1,0", "--tile 2x2:-1,0: expected COLSxROWS:COL,ROW (e.g. 2x2:1,0)"),
        ("two", "--tile two: expected COLSxROWS:COL,ROW (e.g. 2x2:1,0)"),
    ],
)
def test_bad_tile_is_one_line(spec: str, message: str) -> None:
    with pytest.raises(WallError) as e:
        parse_tile(spec)
    assert str(e.value) == message


def test_bezel_options() -> None:
    assert make_wall("2x2:0,0").bezel == Bezel()
    assert make_wall("2x2:0,0", bezel_px=40).bezel.gaps(HD) == (40, 40)
    # a 55" panel: 1209.6 x 680.4 mm picture; 3.5 mm bezel to bezel
    wall = make_wall("2x2:0,0", bezel_mm=3.5, panel_mm="1209.6x680.4")
    assert wall.bezel.gaps(HD) == (6, 6)
    with pytest.raises(WallError, match=r"^--bezel 3.5: also give --panel-mm"):
        make_wall("2x2:0,0", bezel_mm=3.5)
    with pytest.raises(WallError, match=r"^--bezel and --bezel-px: give the seam one way"):
        make_wall("2x2:0,0", bezel_mm=3.5, bezel_px=4)
    with pytest.raises(WallError, match=r"^--panel-mm: only used with --bezel MM"):
        make_wall("2x2:0,0", panel_mm="100x100")
    with pytest.raises(WallError, match=r"^--panel-mm 5x100: each side must be 10..10000 mm"):
        make_wall("2x2:0,0", bezel_mm=1, panel_mm="5x100")
    with pytest.raises(WallError, match=r"^--bezel-px 5000: must be 0..1000 pixels"):
        make_wall("2x2:0,0", bezel_px=5000)
    with pytest.raises(WallError, match=r"^--bezel nan: must be"):
        make_wall("2x2:0,0", bezel_mm=float("nan"), panel_mm="100x100")


def test_canvas_and_tiles() -> None:
    wall = make_wall("2x2:1,1", bezel_px=40)
    assert wall.canvas_size(HD) == (3880, 2200)
    assert wall.tile_rect(HD) == Rect(1960, 1120, 1920, 1080)
    assert wall.tile_rect(HD, 0, 0) == Rect(0, 0, 1920, 1080)
    assert list(wall.tiles()) == [(0, 0), (1, 0), (0, 1), (1, 1)]
    assert wall.bottom
    assert wall.shows_info
    assert not wall.shows_pill
    assert wall.at(0, 1).shows_pill
    assert not wall.at(0, 0).bottom


def test_seams_and_clearing_them() -> None:
    assert Wall(2, 3, bezel=Bezel(px=10)).seams_y(HD) == ((1080, 1090), (2170, 2180))
    assert Wall(2, 2).seams_y(HD) == ()
    seam = ((100, 110),)
    # three lines of 30 with gaps of 20: the middle one sits on the seam
    spans = [(40, 70), (90, 120), (140, 170)]
    d = clear_of_seams(spans, seam, (0, 400))
    assert d == -20  # the smallest move (up on a tie): the middle line just above the seam
    assert all(b + d <= 100 or t + d >= 110 for t, b in spans)
    assert clear_of_seams(spans, seam, (40, 170)) is None  # no room to move
    assert clear_of_seams([(0, 50)], (), (0, 100)) == 0


@settings(max_examples=300, deadline=None)
@given(
    tops=st.lists(st.integers(0, 40), min_size=1, max_size=7),
    seam_at=st.integers(0, 1000),
    seam=st.integers(1, 60),
    margin=st.integers(0, 8),
)
def test_cleared_spans_never_touch_a_seam(
    tops: list[int], seam_at: int, seam: int, margin: int
) -> None:
    spans, y = [], 0
    for gap in tops:
        y += gap + 70
        spans.append((y, y + 50))
    seams = ((seam_at, seam_at + seam),)
    room = (0, 1200)
    d = clear_of_seams(spans, seams, room, margin)
    if d is not None:
        assert all(b + d + margin <= seam_at or t + d - margin >= seam_at + seam for t, b in spans)
        assert spans[0][0] + d >= 0
        assert spans[-1][1] + d <= 1200


def test_canvas_limit() -> None:
    assert check_canvas(make_wall("2x2:0,0"), HD) is None
    assert check_canvas(make_wall("8x1:0,0"), (3840, 2160)) == (
        "a 8x1 wall of 3840x2160 screens is 30720x2160 pixels; kiosk draws at most 16384 on a side"
    )


@settings(max_examples=300, deadline=None)
@given(
    cols=st.integers(1, 8),
    rows=st.integers(1, 8),
    gap=st.integers(0, 200),
    w=st.integers(64, 3840),
    h=st.integers(64, 3840),
)
def test_tiles_cover_the_canvas_minus_the_seams(
    cols: int, rows: int, gap: int, w: int, h: int
) -> None:
    wall = Wall(cols, rows, bezel=Bezel(px=gap))
    cw, ch = wall.canvas_size((w, h))
    rects = [wall.tile_rect((w, h), c, r) for c, r in wall.tiles()]
    assert sum(r.w * r.h for r in rects) == cw * ch - (
        (cols - 1) * gap * ch + (rows - 1) * gap * cw - (cols - 1) * (rows - 1) * gap * gap
    )
    assert max(r.right for r in rects) == cw
    assert max(r.bottom for r in rects) == ch
    for a in rects:  # no two tiles overlap
        for b in rects:
            if a is not b:
                assert a.right <= b.x or b.right <= a.x or a.bottom <= b.y or b.bottom <= a.y


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=24))
def test_junk_tile_specs_are_refused_in_one_line(junk: str) -> None:
    try:
        cols, rows, col, row = parse_tile(junk)
    except WallError as e:
        text = str(e)
        assert text.startswith("--tile ")
        assert "\n" not in text.strip()
    else:
        assert 1 <= cols <= 8
        assert 1 <= rows <= 8
        assert 0 <= col < cols
        assert 0 <= row < rows


@settings(max_examples=200, deadline=None)
@given(
    cols=st.integers(-3, 12),
    rows=st.integers(-3, 12),
    col=st.integers(-3, 12),
    row=st.integers(-3, 12),
)
def test_mutated_tile_specs(cols: int, rows: int, col: int, row: int) -> None:
    spec = f"{cols}x{rows}:{col},{row}"
    valid = 1 <= cols <= 8 and 1 <= rows <= 8 and 0 <= col < cols and 0 <= row < rows
    if valid:
        assert parse_tile(spec) == (cols, rows, col, row)
    else:
        with pytest.raises(WallError, match=r"^--tile "):
            parse_tile(spec)
