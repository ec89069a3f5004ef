"""The stage window: slides built ahead and freed, failures skipped, fallback, kiosk lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import helpers
from helpers import FakeView, fake_builder, theme_context
from kiosk.core.clock import FakeClock
from kiosk.core.commands import Command, Op
from kiosk.core.loader import load_playlist
from kiosk.ui.app import Player
from kiosk.ui.stage import Stage

EVENTS: list[tuple[str, str]] = []  # ("paint" | "release", slide id), in order
BROKEN: set[str] = set()
builder = fake_builder(BROKEN)
context = theme_context


def write_deck(path: Path, n: int = 5, **top: Any) -> Path:
    return helpers.write_deck(path, n, subtitle="fallback", **top)


@pytest.fixture(autouse=True)
def _nothing_broken(monkeypatch: pytest.MonkeyPatch) -> None:
    BROKEN.clear()
    EVENTS.clear()
    monkeypatch.setattr(FakeView, "record", EVENTS)


def start_player(qtbot: QtBot, tmp_path: Path, clock: FakeClock, n: int = 5, **kw: Any) -> Player:
    loaded = load_playlist(write_deck(tmp_path / "p.json", n))
    return helpers.start_player(qtbot, loaded, clock, builder=builder, **kw)


def center_color(widget: Any) -> str:
    img = widget.grab().toImage()
    return img.pixelColor(img.width() // 2, img.height() // 2).name()


def test_the_slide_on_screen_is_the_current_one(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = start_player(qtbot, tmp_path, clock, windowed=True)
    view = p.stage.current_view
    assert isinstance(view, FakeView)
    assert view.isVisible()
    assert view.geometry() == p.stage.rect()
    assert center_color(p.stage) == view.color.name()
    p.shutdown()


def test_the_next_slide_is_built_ahead_and_used(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = start_player(qtbot, tmp_path, clock, windowed=True)
    qtbot.waitUntil(lambda: 1 in p.stage.pool._views)
    builds = p.stage.builds
    ahead = p.stage.pool._views[1]
    assert not ahead.isVisible()
    clock.advance(10)
    p.on_wake()
    assert p.stage.current_view is ahead  # no build on the switch itself
    assert p.stage.builds == builds
    p.shutdown()


def test_a_slide_that_raises_in_build_is_skipped_and_logged(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    BROKEN.add("s1")
    p = start_player(qtbot, tmp_path, clock, windowed=True)
    with qtbot.waitSignal(p.stage.slide_failed, timeout=2000) as blocker:
        pass  # the build-ahead of slide 2 fails
    assert blocker.args[0] == 1
    assert 'slide 2 (title "s1"): image for s1 does not load' in blocker.args[1]
    assert "cannot build slide 2" in caplog.text
    clock.advance(10)
    p.on_wake()
    assert p.stage.current_index == 2
    p.submit(Command(Op.PREV))
    assert p.stage.current_index == 0  # going back skips it too
    p.shutdown()


def test_a_failure_reached_directly_moves_on(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    BROKEN.add("s3")
    p = start_player(qtbot, tmp_path, clock, windowed=True)
    p.submit(Command(Op.GOTO, index=3))
    assert p.current_index == 4
    assert p.stage.current_index == 4
    p.shutdown()


def test_every_slide_failing_shows_the_themed_fallback(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    BROKEN.update(f"s{i}" for i in range(3))
    p = start_player(qtbot, tmp_path, clock, n=3, windowed=True)
    assert p.stage.current_index is None
    assert p.stage.fallback.isVisible()
    assert p.stage.fallback.title.text() == "Test deck"
    assert center_color(p.stage) != "#000000"
    clock.advance(30)
    p.on_wake()  # and rotation carries on without crashing
    assert p.stage.fallback.isVisible()
    p.shutdown()


def test_memory_stays_flat_over_300_switches(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = start_player(qtbot, tmp_path, clock, n=7, windowed=True)

    def settled() -> bool:
        """The switch has painted, the slide left is deleted, the next one is built ahead:
        exactly two views alive. However slow the machine, this is where the stage rests."""
        ahead = p.show.peek_next()
        return ahead is not None and p.stage.is_built(ahead) and len(p.stage.live_views()) == 2

    for i in range(300):
        clock.advance(10)
        p.on_wake()
        if i % 50 == 49:
            qtbot.waitUntil(settled)  # a view that is never freed fails here (timeout)
    assert p.stage.builds >= 300
    p.shutdown()


def test_released_views_get_release_called(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> None:
    p = start_player(qtbot, tmp_path, clock, windowed=True)
    first = p.stage.current_view
    p.submit(Command(Op.NEXT))
    assert not first.isVisible()
    qtbot.waitUntil(lambda: first.released)  # once the new slide has painted
    assert first.released
    p.shutdown()


def test_the_next_slide_paints_before_the_one_left_is_released(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = start_player(qtbot, tmp_path, clock, windowed=True)
    qtbot.waitUntil(lambda: p.stage.is_built(1))
    first = p.stage.current_view
    EVENTS.clear()
    p.submit(Command(Op.NEXT))
    assert not first.released  # freeing a plot (15 ms) must not delay the new slide
    qtbot.waitUntil(lambda: first.released)
    assert EVENTS.index(("paint", "s1")) < EVENTS.index(("release", "s0"))
    qtbot.waitUntil(lambda: len(p.stage.live_views()) <= 3)
    p.shutdown()


def test_is_built_tells_which_slide_waits_built_ahead(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = start_player(qtbot, tmp_path, clock, windowed=True)
    qtbot.waitUntil(lambda: p.stage.is_built(1))
    assert not p.stage.is_built(0)  # on screen, not waiting
    assert not p.stage.is_built(2)
    p.submit(Command(Op.NEXT))
    assert not p.stage.is_built(1)
    qtbot.waitUntil(lambda: p.stage.is_built(2))
    p.shutdown()


def test_close_is_ignored_in_kiosk_mode(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> None:
    p = start_player(qtbot, tmp_path, clock, windowed=False)
    assert p.stage.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert not p.stage.close()  # Alt+F4, the window manager's close button
    assert p.stage.isVisible()
    event = QCloseEvent()
    QApplication.sendEvent(p.stage, event)
    assert not event.isAccepted()
    assert p.lock.close_refused == 2
    p.shutdown()


def test_close_is_honoured_in_windowed_mode(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> None:
    p = start_player(qtbot, tmp_path, clock, windowed=True)
    assert p.stage.close()
    assert not p.stage.isVisible()
    p.shutdown()


def test_minimise_comes_back_in_kiosk_mode(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> None:
    p = start_player(qtbot, tmp_path, clock, windowed=False)
    p.stage.showMinimized()
    qtbot.waitUntil(lambda: not p.stage.windowState() & Qt.WindowState.WindowMinimized)
    assert p.stage.windowState() & Qt.WindowState.WindowFullScreen
    p.shutdown()


def test_cursor_hides_when_still_and_comes_back_on_move(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = start_player(qtbot, tmp_path, clock, windowed=True)
    p.stage.on_cursor_idle()
    assert p.stage.cursor_hidden()
    qtbot.mouseMove(p.stage, p.stage.rect().center())
    assert not p.stage.cursor_hidden()
    p.shutdown()


def test_white_and_black_covers(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> None:
    p = start_player(qtbot, tmp_path, clock, windowed=True)
    p.submit(Command(Op.TOGGLE_WHITE))
    assert center_color(p.stage) == "#ffffff"
    p.submit(Command(Op.TOGGLE_BLANK))
    assert center_color(p.stage) == "#000000"
    p.submit(Command(Op.TOGGLE_BLANK))
    assert center_color(p.stage) == p.stage.current_view.color.name()
    p.shutdown()


def test_a_resize_lays_the_slide_out_again_at_the_new_size(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = start_player(qtbot, tmp_path, clock, windowed=True)
    p.stage.resize(900, 500)
    qtbot.waitUntil(lambda: p.stage.current_view.ctx.size == QSize(900, 500))
    assert p.stage.current_view.geometry() == p.stage.rect()
    assert p.overlays.progress.width() == 900
    p.shutdown()


def test_a_stage_without_slides_shown_is_never_black(qtbot: QtBot, tmp_path: Path) -> None:
    stage = Stage(
        load_playlist(write_deck(tmp_path / "p.json")),
        FakeClock(),
        kiosk=False,
        builder=builder,
        context_factory=context,
    )
    qtbot.addWidget(stage)
    stage.resize(320, 180)
    stage.show()
    qtbot.waitExposed(stage)
    assert center_color(stage) != "#000000"
    stage.changeEvent(QEvent(QEvent.Type.WindowStateChange))  # not kiosk: nothing happens


class _PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted: list[QObject] = []

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted.append(obj)
        return False


def test_the_stage_paints_nothing_under_an_opaque_slide(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = start_player(qtbot, tmp_path, clock, windowed=True)
    view = p.stage.current_view
    spy = _PaintSpy()
    p.stage.installEventFilter(spy)
    view.installEventFilter(spy)
    view.update()
    qtbot.waitUntil(lambda: view in spy.painted)
    assert p.stage not in spy.painted  # the background is painted once, by the slide
    p.stage.removeEventFilter(spy)
    view.removeEventFilter(spy)
    p.shutdown()


@pytest.mark.parametrize(
    ("duration", "expect_ms"),
    [(10, 100), (25, 100), (600, 500)],  # 10 s over 1000 px would be 10 ms per pixel
)
def test_progress_line_ticks_at_most_ten_times_a_second(
    qtbot: QtBot, duration: float, expect_ms: int
) -> None:
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.progress import ProgressLine

    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1000, 100)
    left = [1.0]
    line = ProgressLine(host, lambda: left[0])
    line.setGeometry(0, 94, 1000, 6)
    host.show()
    line.show()
    line.follow(duration, counting=True)
    assert line.timer_active()
    assert line.tick_ms() == expect_ms
    painted = len(line.repaint_rects)
    left[0] = 0.9996  # less than a pixel: nothing repainted
    line.on_tick()
    assert len(line.repaint_rects) == painted
    left[0] = 0.99
    line.on_tick()
    assert len(line.repaint_rects) == painted + 1
    line.follow(duration, counting=False)
    assert not line.timer_active()


def test_the_background_is_rendered_once_at_the_size_shown(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not first at a hidden widget's default 640x480 (26 ms of start-up)."""
    import kiosk.ui.video_background as stage_module  # the stage's background

    sizes: list[QSize] = []
    real = stage_module.background_pixmap

    def spy(theme: Any, size: QSize) -> Any:
        sizes.append(QSize(size))
        return real(theme, size)

    monkeypatch.setattr(stage_module, "background_pixmap", spy)
    stage = Stage(
        load_playlist(write_deck(tmp_path / "p.json")),
        FakeClock(),
        kiosk=False,
        builder=builder,
        context_factory=context,
    )
    qtbot.addWidget(stage)
    assert sizes == []
    stage.resize(800, 450)
    stage.show()
    qtbot.waitExposed(stage)
    assert sizes == [QSize(800, 450)]
    assert center_color(stage) == stage.theme.background.name()
