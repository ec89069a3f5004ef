"""Video wall seams (issue 16): on a wall, no line of slide text is cut by a horizontal bezel.

The bundled deck (stacked languages, as it ships) is laid out at the wall's canvas size with
its seams, and every text line's rectangle, in wall coordinates, is checked against every
horizontal bezel band: the labels' own rects (a stacked pair: its large text, and each
translation on its own), the big number by its ink.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QFontMetrics

from kiosk.core.loader import LoadedPlaylist, load_playlist
from kiosk.core.wall import Bezel, Wall
from kiosk.resources import bundled_playlist
from kiosk.ui.langtext import PairLabel
from kiosk.ui.slides import build_slide, make_context
from kiosk.ui.slides.base import SlideView
from kiosk.ui.text import TabularNumber, TextLabel, ink_rect


@pytest.fixture(scope="module")
def deck() -> LoadedPlaylist:
    return load_playlist(bundled_playlist())


def text_rects(view: SlideView) -> list[tuple[str, int, int]]:
    """(name, top, bottom) of every piece of text on the slide, in the view's coordinates."""
    out = []
    for lab in view.findChildren(TextLabel):
        top = lab.mapTo(view, lab.rect().topLeft()).y()
        if isinstance(lab, TabularNumber):
            ink = ink_rect(lab.text(), lab.font())
            base = top + QFontMetrics(lab.font()).ascent()
            out.append((lab.objectName(), base + ink.top(), base + ink.bottom() + 1))
        elif isinstance(lab, PairLabel) and lab.subs:
            out.append((lab.objectName(), top, top + lab.contentsRect().height()))
        else:
            out.append((lab.objectName(), top, top + lab.height()))
    return out


def cut_by(view: SlideView, seams: tuple[tuple[int, int], ...]) -> list[tuple[str, int, int]]:
    return [(n, t, b) for n, t, b in text_rects(view) for s0, s1 in seams if b > s0 and t < s1]


WALLS = [
    (Wall(2, 2, bezel=Bezel(px=24), named=False), (640, 360)),
    (Wall(1, 2, bezel=Bezel(px=24), named=False), (1280, 720)),
    (Wall(1, 2, bezel=Bezel(px=24), named=False), (640, 360)),  # a portrait canvas
    (Wall(2, 2, bezel=Bezel(mm=3.5, panel_mm=(1209.6, 680.4)), named=False), (1920, 1080)),
    (Wall(1, 2, bezel=Bezel(px=12), named=False), (1080, 1920)),
    (Wall(2, 2, bezel=Bezel(px=24), named=False), (1080, 1920)),  # portrait screens
    (Wall(1, 3, bezel=Bezel(px=24), named=False), (1920, 1080)),  # two horizontal seams
]


@pytest.mark.parametrize(
    ("wall", "screen"),
    WALLS,
    ids=["2x2-640", "1x2-1280", "1x2-640", "2x2-mm", "1x2-tall", "2x2-tall", "1x3"],
)
def test_no_text_line_crosses_a_horizontal_seam(
    qapp: Any, deck: LoadedPlaylist, wall: Wall, screen: tuple[int, int]
) -> None:
    seams = wall.seams_y(screen)
    assert seams
    canvas = QSize(*wall.canvas_size(screen))
    ctx = make_context(deck, canvas)
    aware = replace(ctx, seams_y=seams)
    checked = cut_before = 0
    for slide in deck.playlist.slides:
        if not slide.enabled or slide.type == "video":
            continue
        plain = build_slide(slide, ctx)
        view = build_slide(slide, aware)
        try:
            view.finish()
            cut_before += bool(cut_by(plain, seams))
            assert not cut_by(view, seams), (slide.type, cut_by(view, seams))
            for _, top, bottom in text_rects(view):  # nothing pushed off the wall
                assert top >= 0, (slide.type, top)
                assert bottom <= canvas.height(), (slide.type, bottom)
            logo = getattr(view, "_slide_logo_at", None)  # painted with the text, moved with it
            if logo is not None and getattr(view, "_slide_logo", None) is not None:
                assert logo.top() >= view.theme.content().top(), logo
            checked += 1
        finally:
            for v in (plain, view):
                v.release()
                v.deleteLater()
    assert checked >= 15
    assert cut_before  # without the seam pass the bundled deck has text on the seam


def test_a_paragraph_is_cut_at_a_line_break_not_through_a_line(
    qapp: Any, deck: LoadedPlaylist
) -> None:
    """The title slide's two-line title on a 2x2 wall: the seam passes between its lines, the
    words all still there, in order."""
    wall, screen = WALLS[0]
    seams = wall.seams_y(screen)
    ctx = replace(make_context(deck, QSize(*wall.canvas_size(screen))), seams_y=seams)
    slide = next(s for s in deck.playlist.slides if s.type == "title" and "Brig" in str(s.title))
    view = build_slide(slide, ctx)
    try:
        titles = list(view.findChildren(TextLabel, "title"))
        assert len(titles) == 2  # one label above the seam, one below
        above, below = sorted(titles, key=lambda lab: lab.y())
        assert above.y() + above.height() <= seams[0][0] <= seams[0][1] <= below.y()
        words = (above.text() + " " + below.text()).split()
        plain = build_slide(slide, replace(ctx, seams_y=()))
        try:
            whole = next(iter(plain.findChildren(TextLabel, "title"))).text()
            assert words == whole.split()
        finally:
            plain.release()
            plain.deleteLater()
    finally:
        view.release()
        view.deleteLater()


def test_a_timeline_row_cut_at_a_seam_appears_as_one(qapp: Any, deck: LoadedPlaylist) -> None:
    """A portrait timeline on a 2x2 wall of portrait screens: a milestone's text cut in two
    at a seam still appears with its dot, all of it at once, as the line draws in."""
    wall = Wall(2, 2, bezel=Bezel(px=24), named=False)
    screen = (1080, 1920)
    ctx = replace(
        make_context(deck, QSize(*wall.canvas_size(screen))), seams_y=wall.seams_y(screen)
    )
    slide = next(s for s in deck.playlist.slides if s.type == "timeline")
    view: Any = build_slide(slide, ctx)
    try:
        assert view.theme.portrait
        cut = [g for g in view.groups if len(g) > 3]
        assert cut  # a row was cut: its pieces are in its group
        view._draw(0.0)  # the line starts drawing: only the first milestone shows
        for group in view.groups[1:]:
            assert not any(lab.isVisibleTo(view) for lab in group)
        view.finish()
        assert all(lab.isVisibleTo(view) for g in view.groups for lab in g)
        for date, dot in zip(view.dates, view.dots, strict=True):  # each dot by its date
            assert date.y() <= dot.y() <= date.y() + date.height()
    finally:
        view.release()
        view.deleteLater()
