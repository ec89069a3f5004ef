"""A press onto a slide that is not built: its still is painted first, the live slide swapped in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPixmap
from pytestqt.qtbot import QtBot

import helpers
from helpers import FakeView, fake_builder
from kiosk.core.clock import FakeClock
from kiosk.core.loader import load_playlist
from kiosk.core.model import SlideBase
from kiosk.ui.app import Player
from kiosk.ui.ondemand import StillCache
from kiosk.ui.slides.base import SlideContext, SlideView

BROKEN: set[str] = set()


class Paints(QObject):
    """Counts the paint events of the widget it filters."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


class Watching:
    """A builder that notes, as each slide's build begins, what the stage had painted."""

    def __init__(self) -> None:
        self.inner = fake_builder(BROKEN)
        self.player: Player | None = None
        self.paints = Paints()
        self.seen: list[tuple[str, bool, int]] = []  # id, still visible, still's paints

    def __call__(self, slide: SlideBase, ctx: SlideContext, parent: Any = None) -> SlideView:
        if self.player is not None:
            still = self.player.stage.placeholder
            self.seen.append((slide.id or "", still.isVisible(), self.paints.count))
        return self.inner(slide, ctx, parent)


def center(pixmap: QPixmap) -> str:
    img = pixmap.toImage()
    return img.pixelColor(img.width() // 2, img.height() // 2).name()


def color_of(index: int) -> str:
    return QColor.fromHsv((index * 67) % 360, 220, 220).name()


def near(a: str, b: str, tol: int = 6) -> bool:
    """Two colours within a few levels (a still is kept as JPEG)."""
    ca, cb = QColor(a), QColor(b)
    return (
        max(abs(ca.red() - cb.red()), abs(ca.green() - cb.green()), abs(ca.blue() - cb.blue()))
        <= tol
    )


@pytest.fixture
def started(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> Any:
    BROKEN.clear()
    build = Watching()
    loaded = load_playlist(helpers.write_deck(tmp_path / "p.json", 5))
    p = helpers.start_player(qtbot, loaded, clock, builder=build, windowed=True)
    p.stage.placeholder.enabled = True
    p.stage.placeholder.installEventFilter(build.paints)
    for i in range(1, 5):  # one loop, every slide built ahead once (its still kept)
        qtbot.waitUntil(lambda i=i: p.stage.is_built(i))
        clock.advance(10)
        p.on_wake()
    build.player = p
    yield p, build
    p.shutdown()
    BROKEN.clear()


def test_a_press_onto_an_unbuilt_slide_paints_its_still_before_the_build(
    qtbot: QtBot, started: Any
) -> None:
    p, build = started
    stage = p.stage
    assert stage.current_index == 4
    assert not stage.is_built(2)
    builds = stage.builds
    assert stage.show_slide(2)
    assert stage.builds == builds  # nothing built inside the press
    assert stage.current_index == 2
    assert stage.placeholder.isVisible()
    qtbot.waitUntil(lambda: stage.current_view is not None)
    assert build.seen[-1][0] == "s2"
    _, visible, paints = build.seen[-1]
    assert visible  # the still was on screen before slide 2 was built
    assert paints >= 1
    view = stage.current_view
    assert isinstance(view, FakeView)
    assert view.slide.id == "s2"
    assert not stage.placeholder.isVisible()
    assert view.isVisible()
    assert view.geometry() == stage.rect()  # same place as the still
    assert center(stage.grab()) == color_of(2)  # the same picture after the swap


def test_the_still_is_a_picture_of_that_slide(qtbot: QtBot, started: Any) -> None:
    p, _ = started
    stage = p.stage
    stage.show_slide(1)
    assert near(center(stage.placeholder.grab()), color_of(1))  # what the press's frame shows
    qtbot.waitUntil(lambda: stage.current_view is not None)
    assert stage.current_view.slide.id == "s1"


def test_pressing_on_while_a_still_is_up_builds_only_the_last(qtbot: QtBot, started: Any) -> None:
    p, _ = started
    stage = p.stage
    builds = stage.builds
    stage.show_slide(1)
    stage.show_slide(2)  # before any frame: slide 1 is never built
    stage.set_step(0)
    qtbot.waitUntil(lambda: stage.current_view is not None)
    assert stage.current_view.slide.id == "s2"
    assert stage.builds == builds + 1


def test_a_slide_that_fails_after_its_still_is_reported(qtbot: QtBot, started: Any) -> None:
    p, _ = started
    stage = p.stage
    BROKEN.add("s2")
    with qtbot.waitSignal(stage.slide_failed, timeout=5000) as failed:
        assert stage.show_slide(2)
    assert failed.args is not None
    assert failed.args[0] == 2
    qtbot.waitUntil(lambda: stage.current_view is not None)  # the show moved on
    assert stage.current_view.slide.id != "s2"
    assert not stage.placeholder.isVisible()


def test_without_it_a_press_builds_at_once(qtbot: QtBot, started: Any) -> None:
    p, _ = started
    stage = p.stage
    stage.placeholder.enabled = False
    builds = stage.builds
    stage.show_slide(2)
    assert stage.builds == builds + 1
    assert stage.current_view is not None


def _slide_like(i: int) -> QPixmap:
    """A 1080p picture with text and shapes, as a slide's still is."""
    from PySide6.QtGui import QFont, QPainter

    big = QPixmap(1920, 1080)
    big.fill(QColor("#0B1F3A"))
    painter = QPainter(big)
    painter.setFont(QFont("DejaVu Sans", 64))
    painter.setPen(QColor("#FFFFFF"))
    painter.drawText(120, 240, f"Slide {i}: a heading over two lines")
    painter.fillRect(200, 500, 400, 400, QColor(color_of(i)))
    painter.end()
    return big


def test_the_still_cache_is_bounded_by_bytes_and_keeps_the_newest() -> None:
    one = StillCache(width=640)
    one.put(0, (), _slide_like(0))
    cache = StillCache(budget=3 * one.bytes + one.bytes // 2, width=640)
    for i in range(6):
        cache.put(i, (), _slide_like(i))
    assert cache.bytes <= cache.budget
    assert len(cache) == 3
    assert cache.get(0, ()) is None
    kept = cache.get(5, ())
    assert kept is not None
    assert kept.width() == 640
    assert near(kept.toImage().pixelColor(133, 233).name(), color_of(5))  # the square, scaled
    assert cache.get(5, ("de",)) is None  # drawn in other languages: not the same picture


def test_a_still_takes_a_small_part_of_its_pixels() -> None:
    """Kept encoded: one loop of a deck's stills is not 0.9 MiB a slide (640x360 pixels)."""
    cache = StillCache(width=640)
    cache.put(0, (), _slide_like(0))
    assert 0 < cache.bytes < 640 * 360 * 4 // 10
