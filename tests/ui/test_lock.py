"""Leaving kiosk mode: the chord judged on keys really down (X auto-repeat, flagged or not),
the ring while it is held, a wrong PIN and the countdown, the touch-only exit and its pad,
and the keyboard focus taken back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.clock import FakeClock
from kiosk.core.errors import PlaylistError
from kiosk.core.loader import load_playlist
from kiosk.ui.app import Player
from kiosk.ui.focus import FocusKeeper
from kiosk.ui.lock import MAX_TRIES, PIN_TIMEOUT, corner_rect

K = Qt.Key
M = Qt.KeyboardModifier
CHORD = M.ControlModifier | M.AltModifier | M.ShiftModifier


def write(tmp_path: Path, controls: dict[str, Any]) -> Path:
    data = {
        "deck": {"title": "T"},
        "defaults": {"duration": 10, "transition": "none"},
        "controls": controls,
        "slides": [{"type": "title", "id": f"s{i}", "title": f"S{i}"} for i in range(4)],
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make(qtbot: QtBot, tmp_path: Path, clock: FakeClock, **controls: Any) -> Player:
    player = Player(load_playlist(write(tmp_path, controls)), clock=clock, windowed=False)
    qtbot.addWidget(player.stage)
    player.start()
    qtbot.waitExposed(player.stage)
    return player


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> Player:
    p = make(qtbot, tmp_path, clock)
    yield p
    p.shutdown()


def key(p: Player, kind: QEvent.Type, k: Qt.Key, mods: Any, *, repeat: bool = False) -> None:
    event = QKeyEvent(kind, k, mods, "", repeat)
    QApplication.sendEvent(p.stage, event)


def x_repeat(p: Player) -> None:
    """What X sends for a held key: a release and a press in the same instant, and (in the
    setup of the report) neither flagged as auto-repeat."""
    key(p, QEvent.Type.KeyRelease, K.Key_X, CHORD)
    key(p, QEvent.Type.KeyPress, K.Key_X, CHORD)


def test_chord_held_through_unflagged_x_repeats_exits(
    qtbot: QtBot, kiosk: Player, clock: FakeClock
) -> None:
    hold = kiosk.lock.chord_hold
    key(kiosk, QEvent.Type.KeyPress, K.Key_X, CHORD)
    for _ in range(38):  # 1.9 s of repeats at 20 a second
        clock.advance(0.05)
        x_repeat(kiosk)
        hold.on_poll()
        qtbot.wait(1)  # the event loop runs between repeats, as it does on a real display
    assert hold.held
    assert hold.repeats_seen == 38
    with qtbot.waitSignal(kiosk.finished, timeout=2000):
        clock.advance(0.11)
        x_repeat(kiosk)  # the hold's poll notices 2 s have passed
    assert kiosk.exit_code == 0


def test_chord_with_flagged_repeats_exits(qtbot: QtBot, kiosk: Player, clock: FakeClock) -> None:
    key(kiosk, QEvent.Type.KeyPress, K.Key_X, CHORD)
    with qtbot.waitSignal(kiosk.finished, timeout=2000):
        for _ in range(25):
            clock.advance(0.1)
            key(kiosk, QEvent.Type.KeyRelease, K.Key_X, CHORD, repeat=True)
            key(kiosk, QEvent.Type.KeyPress, K.Key_X, CHORD, repeat=True)


def test_a_real_release_ends_the_hold_and_hides_the_ring(
    qtbot: QtBot, kiosk: Player, clock: FakeClock
) -> None:
    key(kiosk, QEvent.Type.KeyPress, K.Key_X, CHORD)
    clock.advance(1.0)
    kiosk.lock.chord_hold.on_poll()
    ring = kiosk.lock.ring
    assert ring.isVisible()
    assert ring.fraction == pytest.approx(0.5)
    center = kiosk.stage.rect().center()
    assert ring.geometry().contains(center)  # where the PIN prompt will appear
    key(kiosk, QEvent.Type.KeyRelease, K.Key_Shift, CHORD)  # Shift let go, nothing follows
    qtbot.waitUntil(lambda: not kiosk.lock.chord_hold.held, timeout=1000)
    assert not ring.isVisible()
    clock.advance(5.0)
    with qtbot.assertNotEmitted(kiosk.finished, wait=150):
        kiosk.lock.chord_hold.on_poll()


def test_ring_is_painted_in_the_accent_colour(
    qtbot: QtBot, kiosk: Player, clock: FakeClock
) -> None:
    key(kiosk, QEvent.Type.KeyPress, K.Key_X, CHORD)
    clock.advance(1.5)  # three quarters: the arc runs from 12 o'clock to 9
    kiosk.lock.chord_hold.on_poll()
    ring = kiosk.lock.ring
    image = ring.grab().toImage()
    w = image.width()
    accent = kiosk.stage.screen_theme.accent
    inset = int(ring._width * 1.5)
    right = image.pixelColor(w - inset - 1, w // 2)  # 3 o'clock: filled
    top_left = image.pixelColor(
        inset + int(0.146 * (w - 2 * inset)), inset + int(0.146 * (w - 2 * inset))
    )
    assert abs(right.red() - accent.red()) < 40
    assert abs(right.green() - accent.green()) < 40
    assert abs(top_left.red() - accent.red()) > 40 or abs(top_left.green() - accent.green()) > 40


def _chord_to_prompt(p: Player, clock: FakeClock) -> None:
    key(p, QEvent.Type.KeyPress, K.Key_X, CHORD)
    clock.advance(2.0)
    p.lock.chord_hold.on_poll()
    key(p, QEvent.Type.KeyRelease, K.Key_X, CHORD)


def test_wrong_pin_says_so_and_counts_down(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> None:
    p = make(qtbot, tmp_path, clock, pin="2468")
    _chord_to_prompt(p, clock)
    prompt = p.lock.prompt
    assert prompt.isVisible()
    assert prompt.note.text() == f"Closes in {int(PIN_TIMEOUT)} s"
    assert not prompt.pad.isVisible()  # from the keyboard: no pad
    clock.advance(3.2)
    for k in (K.Key_1, K.Key_1, K.Key_1, K.Key_1, K.Key_Return):
        QTest.keyClick(p.stage, k)
    assert prompt.note.text() == "Wrong PIN · closes in 7 s"
    assert prompt.dots.text() == "–"
    clock.advance(2.0)
    p.lock.on_pin_tick()
    assert prompt.note.text() == "Wrong PIN · closes in 5 s"
    with qtbot.waitSignal(p.finished, timeout=1000):
        for k in (K.Key_2, K.Key_4, K.Key_6, K.Key_8, K.Key_Enter):
            QTest.keyClick(p.stage, k)
    p.shutdown()


def test_prompt_closes_after_its_time_and_after_too_many_tries(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = make(qtbot, tmp_path, clock, pin="2468")
    _chord_to_prompt(p, clock)
    clock.advance(PIN_TIMEOUT + 0.1)
    p.lock.on_pin_tick()
    assert not p.lock.prompt.isVisible()
    _chord_to_prompt(p, clock)
    for _ in range(MAX_TRIES):
        for k in (K.Key_9, K.Key_9, K.Key_9, K.Key_9, K.Key_Return):
            QTest.keyClick(p.stage, k)
    assert not p.lock.prompt.isVisible()
    assert p.current_index == 0  # no digit or Enter navigated
    p.shutdown()


def test_validate_refuses_touch_exit_without_pin(tmp_path: Path) -> None:
    with pytest.raises(PlaylistError, match="touch_exit needs a pin"):
        load_playlist(write(tmp_path, {"touch_exit": {"corner": "top-left"}}))
    with pytest.raises(PlaylistError, match="digits 0-9 only"):
        load_playlist(write(tmp_path, {"pin": "１２３４"}))


def _corner(p: Player, corner: str) -> QPoint:
    x, y, w, h = corner_rect((p.stage.width(), p.stage.height()), corner)
    return QPoint(x + w // 2, y + h // 2)


def test_touch_exit_long_press_opens_the_pad_and_the_pin_leaves(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = make(qtbot, tmp_path, clock, pin="2468", touch_exit={"corner": "bottom-left", "hold": 3})
    spot = _corner(p, "bottom-left")
    QTest.mousePress(p.stage, Qt.MouseButton.LeftButton, pos=spot)
    assert p.current_index == 0  # the press in the corner did not go back a slide
    clock.advance(3.0)
    p.lock.corner_hold.on_poll()
    QTest.mouseRelease(p.stage, Qt.MouseButton.LeftButton, pos=spot)
    prompt = p.lock.prompt
    assert prompt.isVisible()
    assert prompt.pad.isVisible()
    assert p.current_index == 0
    side = prompt.buttons["5"].width()
    assert side >= p.stage.screen_theme.px(100)  # big enough for a finger
    for what in ("1", "delete", "2", "4", "6"):
        qtbot.mouseClick(prompt.buttons[what], Qt.MouseButton.LeftButton)
    assert prompt.typed == 3
    qtbot.mouseClick(prompt.buttons["8"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(p.finished, timeout=1000):
        qtbot.mouseClick(prompt.buttons["ok"], Qt.MouseButton.LeftButton)
    p.shutdown()


def test_touch_exit_short_press_in_the_corner_still_navigates_and_cancel_closes(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = make(qtbot, tmp_path, clock, pin="2468", touch_exit={})
    spot = _corner(p, "top-right")
    qtbot.mouseClick(p.stage, Qt.MouseButton.LeftButton, pos=spot)
    assert p.current_index == 1  # a click in the right part: next
    QTest.mousePress(p.stage, Qt.MouseButton.LeftButton, pos=spot)
    clock.advance(3.0)
    p.lock.corner_hold.on_poll()
    QTest.mouseRelease(p.stage, Qt.MouseButton.LeftButton, pos=spot)
    assert p.lock.prompt.isVisible()
    qtbot.mouseClick(p.lock.prompt.buttons["cancel"], Qt.MouseButton.LeftButton)
    assert not p.lock.prompt.isVisible()
    assert p.current_index == 1
    p.shutdown()


def test_without_touch_exit_a_long_corner_press_is_a_click(
    qtbot: QtBot, kiosk: Player, clock: FakeClock
) -> None:
    spot = _corner(kiosk, "top-right")
    QTest.mousePress(kiosk.stage, Qt.MouseButton.LeftButton, pos=spot)
    clock.advance(5.0)
    QTest.mouseRelease(kiosk.stage, Qt.MouseButton.LeftButton, pos=spot)
    assert not kiosk.lock.prompt.isVisible()
    assert kiosk.current_index == 1


def test_focus_keeper_retakes_only_while_another_program_has_focus(
    qtbot: QtBot, kiosk: Player
) -> None:
    keeper: FocusKeeper = kiosk.lock.focus
    timer = keeper._timer
    keeper.on_app_state(Qt.ApplicationState.ApplicationInactive)
    assert timer.isActive()  # rate-limited: a named timer, not at once
    keeper.on_app_state(Qt.ApplicationState.ApplicationActive)
    assert not timer.isActive()
    kiosk.lock.release()
    keeper.on_app_state(Qt.ApplicationState.ApplicationInactive)
    assert not timer.isActive()  # leaving: nothing to keep


def test_touch_exit_by_finger_and_the_pad_takes_taps(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = make(qtbot, tmp_path, clock, pin="2468", touch_exit={"corner": "top-left"})
    device = QTest.createTouchDevice()
    spot = _corner(p, "top-left")
    QTest.touchEvent(p.stage, device).press(0, spot, p.stage).commit()
    clock.advance(3.0)
    p.lock.corner_hold.on_poll()
    QTest.touchEvent(p.stage, device).release(0, spot, p.stage).commit()
    prompt = p.lock.prompt
    assert prompt.pad.isVisible()
    assert p.current_index == 0  # the long press was not a tap
    for what in "2468":
        button = prompt.buttons[what]
        at = button.mapTo(p.stage, button.rect().center())
        QTest.touchEvent(p.stage, device).press(0, at, p.stage).commit()
        QTest.touchEvent(p.stage, device).release(0, at, p.stage).commit()
    assert prompt.typed == 4  # each tap on the pad typed its digit
    ok = prompt.buttons["ok"]
    at = ok.mapTo(p.stage, ok.rect().center())
    with qtbot.waitSignal(p.finished, timeout=1000):
        QTest.touchEvent(p.stage, device).press(0, at, p.stage).commit()
        QTest.touchEvent(p.stage, device).release(0, at, p.stage).commit()
    p.shutdown()


def test_a_swipe_from_the_corner_is_not_a_long_press(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    p = make(qtbot, tmp_path, clock, pin="2468", touch_exit={"corner": "top-left"})
    device = QTest.createTouchDevice()
    spot = _corner(p, "top-left")
    QTest.touchEvent(p.stage, device).press(0, spot, p.stage).commit()
    QTest.touchEvent(p.stage, device).move(0, spot + QPoint(300, 0), p.stage).commit()
    clock.advance(3.0)
    p.lock.corner_hold.on_poll()
    QTest.touchEvent(p.stage, device).release(0, spot + QPoint(300, 0), p.stage).commit()
    assert not p.lock.prompt.isVisible()
    assert p.current_index == 3  # swipe right: previous (from the first, the last)
    p.shutdown()
