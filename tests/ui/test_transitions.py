"""Transitions: composited from two pixmaps, finish on the right slide, never stack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QVariantAnimation
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from pytestqt.qtbot import QtBot

from helpers import FakeView, start_player
from kiosk.core.clock import FakeClock
from kiosk.core.commands import Command, Op
from kiosk.core.loader import load_playlist
from kiosk.ui.app import Player
from kiosk.ui.transitions import paint_frame


def start(qtbot: QtBot, tmp_path: Path, clock: FakeClock, kind: str = "fade") -> Player:
    slides = [{"type": "title", "id": f"s{i}", "title": f"S{i}"} for i in range(7)]
    data = {
        "deck": {"title": "T"},
        "defaults": {"duration": 10, "transition": kind, "transition_ms": 150},
        "slides": slides,
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    return start_player(qtbot, load_playlist(path), clock, windowed=True)


def running_animations(player: Player) -> int:
    return sum(
        a.state() == QVariantAnimation.State.Running
        for a in player.stage.findChildren(QVariantAnimation)
    )


@pytest.mark.parametrize("kind", ["fade", "slide"])
def test_a_transition_runs_then_lands_on_the_slide(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, kind: str
) -> None:
    p = start(qtbot, tmp_path, clock, kind)
    clock.advance(10)
    with qtbot.waitSignal(p.stage.transition_finished, timeout=3000):
        p.on_wake()
        assert p.stage.layer.running()
        assert p.stage.layer.kind == kind
        view = p.stage.current_view
        assert view.entered == 0  # entry animations wait for the transition to end
    assert not p.stage.layer.isVisible()
    assert p.stage.current_index == 1
    assert view.entered == 1
    assert p.stage.layer.frames >= 2  # it really painted frames in between
    p.shutdown()


def test_none_cuts_at_once(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> None:
    p = start(qtbot, tmp_path, clock, "none")
    p.submit(Command(Op.NEXT))
    assert not p.stage.layer.isVisible()
    assert p.stage.current_view.entered == 1
    p.shutdown()


def test_the_slide_left_is_released_after_the_fade_not_during_it(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = start(qtbot, tmp_path, clock)
    first = p.stage.current_view
    clock.advance(1)
    p.submit(Command(Op.NEXT))
    during: list[bool] = []

    def fade_over() -> bool:
        if p.stage.layer.running():
            during.append(first.released)
        return not p.stage.layer.running()

    qtbot.waitUntil(fade_over, timeout=3000)
    assert during
    assert not any(during)  # freeing it would drop a frame of the fade
    qtbot.waitUntil(lambda: first.released)
    p.shutdown()


def test_a_slide_built_ahead_is_painted_once_then_and_that_picture_starts_the_fade(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = start(qtbot, tmp_path, clock)
    qtbot.waitUntil(lambda: p.stage.is_built(1))
    ahead = p.stage.findChildren(FakeView)
    ahead = next(v for v in ahead if v.slide.id == "s1")
    assert ahead.grabs == 1  # warmed off the critical path
    clock.advance(1)
    p.submit(Command(Op.NEXT))
    assert p.stage.layer.running()
    assert ahead.grabs == 1  # its picture is reused, not painted again before the fade
    assert ahead.entered == 0  # the picture is the slide before its animations
    end = p.stage.layer._to.toImage()
    assert end.pixelColor(end.width() // 2, end.height() // 2).name() == ahead.color.name()
    qtbot.waitUntil(lambda: ahead.entered == 1, timeout=3000)  # entered once the fade ends
    p.shutdown()


def test_navigation_during_a_transition_ends_it_and_goes_to_the_right_slide(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = start(qtbot, tmp_path, clock)
    clock.advance(1)
    p.submit(Command(Op.NEXT))
    assert p.stage.layer.running()
    p.submit(Command(Op.NEXT))
    assert not p.stage.layer.running()
    assert p.stage.current_index == 2
    assert p.stage.current_view.isVisible()
    p.shutdown()


def test_twenty_rapid_presses_never_stack_and_land_right(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = start(qtbot, tmp_path, clock)
    for _ in range(20):
        clock.advance(0.05)  # 20 presses in a second
        p.submit(Command(Op.NEXT))
        assert running_animations(p) <= 1
        qtbot.wait(1)
    assert p.current_index == 20 % 7
    assert p.stage.current_index == 20 % 7
    qtbot.waitUntil(lambda: not p.stage.layer.isVisible(), timeout=3000)
    assert p.stage.current_view.isVisible()
    qtbot.waitUntil(lambda: len(p.stage.live_views()) <= 3)  # deleteLater, however slow
    p.shutdown()


def _pixmaps() -> tuple[QPixmap, QPixmap]:
    a, b = QPixmap(100, 50), QPixmap(100, 50)
    a.fill(QColor("#ff0000"))
    b.fill(QColor("#0000ff"))
    return a, b


def _frame(kind: str, direction: int, t: float) -> QImage:
    a, b = _pixmaps()
    img = QImage(100, 50, QImage.Format.Format_RGB32)
    painter = QPainter(img)
    paint_frame(painter, QRect(0, 0, 100, 50), a, b, kind, direction, t)
    painter.end()
    return img


def test_fade_mixes_the_two_slides() -> None:
    mid = _frame("fade", 1, 0.5).pixelColor(50, 25)
    assert 100 < mid.red() < 155
    assert 100 < mid.blue() < 155
    assert _frame("fade", 1, 1.0).pixelColor(50, 25).name() == "#0000ff"


def test_slide_pushes_in_the_direction_of_travel() -> None:
    forward = _frame("slide", 1, 0.5)
    assert forward.pixelColor(25, 25).name() == "#ff0000"
    assert forward.pixelColor(75, 25).name() == "#0000ff"
    back = _frame("slide", -1, 0.5)
    assert back.pixelColor(25, 25).name() == "#0000ff"
    assert back.pixelColor(75, 25).name() == "#ff0000"


def _store(p: Player) -> QImage:
    image = p.stage.backingStore().paintDevice()
    assert isinstance(image, QImage)
    return image


def _mix(a: QColor, b: QColor, t: float) -> tuple[float, float, float]:
    return tuple(x + (y - x) * t for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def _off(c: QColor, want: tuple[float, float, float]) -> float:
    return max(abs(x - y) for x, y in zip(c.getRgb()[:3], want, strict=True))


def test_a_fade_starts_from_what_is_on_screen_without_painting_the_slide_left_again(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    """No render of the slide left, and no picture of the screen kept (7.9 MiB at 1080p):
    each frame blends the slide coming in over the last one, and matches the exact mix."""
    p = start(qtbot, tmp_path, clock)
    first = p.stage.current_view
    qtbot.waitUntil(lambda: p.stage.is_built(1))
    qtbot.wait(50)  # the first slide's frame has been painted and flushed
    grabs = first.grabs
    clock.advance(1)
    p.submit(Command(Op.NEXT))
    layer = p.stage.layer
    assert layer.running()
    assert layer.screen_fade.active
    assert first.grabs == grabs  # the press's frame does not render the slide left again
    assert layer._from.isNull()  # and keeps no picture of it
    second = p.stage.current_view
    at = QRect(0, 0, 1, 1).translated(p.stage.width() // 2, p.stage.height() // 2).topLeft()
    seen: list[float] = []

    def on_frame() -> None:
        if layer.running():
            t = layer.screen_fade._done
            seen.append(_off(_store(p).pixelColor(at), _mix(first.color, second.color, t)))

    grabbed: list[tuple[int, int]] = []

    def on_frame_grab() -> None:  # a grab (the fleet's screenshot) mid-fade: what is shown
        if layer.running() and not grabbed:
            shown = _store(p).pixelColor(at).rgb()
            grabbed.append((p.stage.grab().toImage().pixelColor(at).rgb(), shown))

    p.stage.frame_painted.connect(on_frame)
    p.stage.frame_painted.connect(on_frame_grab)
    qtbot.waitUntil(lambda: not layer.running(), timeout=3000)
    p.stage.frame_painted.disconnect(on_frame)
    p.stage.frame_painted.disconnect(on_frame_grab)
    assert grabbed
    assert grabbed[0][0] == grabbed[0][1]
    assert len(seen) >= 3
    assert max(seen) <= 8  # 8-bit blends: a few levels from the exact mix, mid-fade
    qtbot.waitUntil(lambda: _store(p).pixelColor(at).rgb() == second.color.rgb(), timeout=3000)
    p.stage.resize(p.stage.width() + 40, p.stage.height())  # a new size: still from the screen
    qtbot.waitUntil(lambda: p.stage.current_view.width() == p.stage.width(), timeout=3000)
    qtbot.wait(50)
    clock.advance(11)
    p.submit(Command(Op.NEXT))
    assert layer.running()
    assert layer.screen_fade.active
    p.shutdown()


def test_a_fade_from_the_screen_keeps_an_overlay_exact(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    """A translucent overlay over the fade (as the pills are) is painted every frame over
    the pixels it changed the frame before: under it the fade is painted from a piece of the
    screen (as it was, the overlay in it: the start of any fade is the screen), or each frame
    would darken it once more."""
    from PySide6.QtWidgets import QWidget

    class Shade(QWidget):
        def paintEvent(self, _event: object) -> None:
            painter = QPainter(self)
            painter.fillRect(self.rect(), QColor(0, 0, 0, 128))
            painter.end()

    p = start(qtbot, tmp_path, clock)
    shade = Shade(p.stage)
    shade.setGeometry(10, 10, 80, 40)
    shade.show()
    shade.raise_()
    first = p.stage.current_view
    qtbot.waitUntil(lambda: p.stage.is_built(1))
    qtbot.wait(50)
    clock.advance(1)
    p.submit(Command(Op.NEXT))
    layer = p.stage.layer
    shade.raise_()  # over the layer, as the overlays are
    second = p.stage.current_view
    seen: list[float] = []

    def on_frame() -> None:
        if layer.running():
            start = QColor(*(round(c * 127 / 255) for c in first.color.getRgb()[:3]))
            r, g, b = _mix(start, second.color, layer.screen_fade._done)
            shaded = (r * 127 / 255, g * 127 / 255, b * 127 / 255)
            seen.append(_off(_store(p).pixelColor(30, 30), shaded))

    p.stage.frame_painted.connect(on_frame)
    qtbot.waitUntil(lambda: not layer.running(), timeout=3000)
    assert len(seen) >= 3
    assert max(seen) <= 8
    shade.deleteLater()
    p.shutdown()


def test_a_slide_left_stops_its_entry_animations(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    """A presenter moves on before a count-up has ended: the slide left stops counting (its
    animation would otherwise run on, hidden, through the next slide's fade)."""
    from helpers import real_player

    slides = [{"type": "metric", "label": f"m{i}", "value": 1000 + i} for i in range(3)]
    data = {
        "deck": {"title": "T"},
        "defaults": {"duration": 10, "transition": "fade", "transition_ms": 150},
        "slides": slides,
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    p = real_player(qtbot, path, clock)
    qtbot.waitExposed(p.stage)
    first = p.stage.current_view
    qtbot.waitUntil(first.animating)  # the first slide counts up
    clock.advance(1)
    p.submit(Command(Op.NEXT))
    assert p.stage.layer.running()
    assert not first.animating()  # stopped at once, not left to run hidden
    qtbot.waitUntil(lambda: not p.stage.layer.isVisible(), timeout=3000)
    second = p.stage.current_view
    assert second is not first
    qtbot.waitUntil(second.animating)  # the slide shown counts up after its fade
