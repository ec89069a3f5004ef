"""A player on fake slides (a colour each, counting what the stage does to them), and on real
ones; the decks they show."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap
from pytestqt.qtbot import QtBot

from kiosk.core.clock import FakeClock
from kiosk.core.loader import LoadedPlaylist, load_playlist
from kiosk.core.model import SlideBase
from kiosk.ui.app import Player
from kiosk.ui.slides.base import SlideBuildError, SlideContext, SlideView
from kiosk.ui.theme import theme_for

Builder = Callable[[SlideBase, SlideContext, Any], SlideView]


class FakeView(SlideView):
    """A slide painted in one colour (from its id, "s3"); counts enters and grabs, notes its
    release, and appends ("paint" | "release", id) to `FakeView.record` when a test sets it."""

    record: ClassVar[list[tuple[str, str]] | None] = None

    def __init__(self, slide: SlideBase, ctx: SlideContext, parent: Any = None) -> None:
        super().__init__(slide, ctx, parent)
        self.color = QColor.fromHsv((int(slide.id[1:]) * 67) % 360, 220, 220)
        self.entered = 0
        self.released = False
        self.grabs = 0

    def grab(self, *args: Any) -> QPixmap:
        self.grabs += 1
        return super().grab(*args)

    def enter(self) -> None:
        self.entered += 1

    def release(self) -> None:
        if FakeView.record is not None:
            FakeView.record.append(("release", self.slide.id))
        self.released = True

    def paintEvent(self, event: QPaintEvent) -> None:
        if FakeView.record is not None:
            FakeView.record.append(("paint", self.slide.id))
        p = QPainter(self)
        p.fillRect(self.rect(), self.color)
        p.end()


def fake_builder(broken: Collection[str] = (), view: type[SlideView] = FakeView) -> Builder:
    """Builds `view`s; a slide whose id is in `broken` (read at each build) fails to build."""

    def build(slide: SlideBase, ctx: SlideContext, parent: Any = None) -> SlideView:
        if slide.id in broken:
            raise SlideBuildError(f"image for {slide.id} does not load")
        return view(slide, ctx, parent)

    return build


def theme_context(loaded: LoadedPlaylist, size: QSize) -> SlideContext:
    """The context a stage gives its slides, without loading any fonts or renderers."""
    return SlideContext(loaded, QSize(size), theme_for(loaded, size))


def write_deck(path: Path, n: int = 5, *, subtitle: str | None = None, **top: Any) -> Path:
    """`n` title slides s0…s{n-1} ("Slide 1"…), 10 s each, no transition; `top` keys added."""
    slides = [{"type": "title", "id": f"s{i}", "title": f"Slide {i + 1}"} for i in range(n)]
    deck: dict[str, Any] = {"title": "Test deck"}
    if subtitle is not None:
        deck["subtitle"] = subtitle
    data = {
        "deck": deck,
        "defaults": {"duration": 10, "transition": "none"},
        "slides": slides,
        **top,
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def write_slides(
    folder: Path,
    slides: list[dict[str, Any]],
    *,
    name: str = "playlist.json",
    title: str = "Test",
    duration: float = 10,
    indent: int | None = None,
    **top: Any,
) -> Path:
    """A playlist of `slides` in `folder`, `duration` seconds each, no transition."""
    path = folder / name
    data = {
        "deck": {"title": title},
        "defaults": {"duration": duration, "transition": "none"},
        "slides": slides,
        **top,
    }
    path.write_text(json.dumps(data, indent=indent), encoding="utf-8")
    return path


def start_player(
    qtbot: QtBot,
    loaded: LoadedPlaylist,
    clock: FakeClock,
    *,
    builder: Builder | None = None,
    **kw: Any,
) -> Player:
    """A started player on fake slides (`fake_builder()` unless given), its stage exposed."""
    player = Player(
        loaded,
        clock=clock,
        builder=builder or fake_builder(),
        context_factory=theme_context,
        **kw,
    )
    qtbot.addWidget(player.stage)
    player.start()
    qtbot.waitExposed(player.stage)
    return player


def real_player(
    qtbot: QtBot, path: Path, clock: FakeClock | None = None, *, start: bool = True, **kw: Any
) -> Player:
    """A windowed player on the real renderers, shut down when the test ends."""
    player = Player(load_playlist(path), clock=clock or FakeClock(), windowed=True, **kw)
    qtbot.addWidget(player.stage, before_close_func=lambda _: player.shutdown())
    if start:
        player.start()
    return player


def advance_to_next(player: Player, clock: FakeClock) -> None:
    """Move the fake clock to the show's next deadline and wake the player."""
    due = player.show.next_deadline()
    assert due is not None
    clock.advance(due - clock.now())
    player.on_wake()
