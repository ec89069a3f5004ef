"""Every key, click, wheel and touch gesture, clicker sequences, and the kiosk lock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from helpers import fake_builder, start_player
from kiosk.core.clock import FakeClock
from kiosk.core.loader import load_playlist
from kiosk.core.model import SlideBase
from kiosk.core.rotation import Mode
from kiosk.ui.app import Player
from kiosk.ui.lock import PIN_TIMEOUT
from kiosk.ui.overlays import HELP_HIDE_MS
from kiosk.ui.slides.base import SlideContext, SlideView

K = Qt.Key
CHORD = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | (Qt.KeyboardModifier.ShiftModifier)
)


class StepView(SlideView):
    """A plain slide; slide 2 is a bullets slide whose three points reveal one by one (the
    first shows when it comes on, two more are left to reveal)."""

    def __init__(self, slide: SlideBase, ctx: SlideContext, parent: Any = None) -> None:
        super().__init__(slide, ctx, parent)
        self.step_shown = 0

    def show_step(self, step: int) -> None:
        self.step_shown = step

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), Qt.GlobalColor.darkCyan)
        p.end()


builder = fake_builder(view=StepView)


def make(
    qtbot: QtBot,
    tmp_path: Path,
    clock: FakeClock,
    *,
    windowed: bool = True,
    controls: dict[str, Any] | None = None,
    n: int = 8,
    transition: str = "none",
) -> Player:
    slides: list[dict[str, Any]] = [
        {"type": "title", "id": f"s{i}", "title": f"S{i}"} for i in range(n)
    ]
    if n > 1:
        points = ["one", "two", "three"]
        slides[1] = {"type": "bullets", "id": "s1", "heading": "S1", "points": points}
        slides[1]["reveal"] = True
    data = {
        "deck": {"title": "T"},
        "defaults": {"duration": 10, "transition": transition, "transition_ms": 150},
        "controls": {"resume_after": 30, **(controls or {})},
        "slides": slides,
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    return start_player(qtbot, load_playlist(path), clock, builder=builder, windowed=windowed)


@pytest.fixture
def player(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> Player:
    p = make(qtbot, tmp_path, clock)
    yield p
    p.shutdown()


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> Player:
    p = make(qtbot, tmp_path, clock, windowed=False)
    yield p
    p.shutdown()


def press(
    p: Player, key: Qt.Key, text: str = "", mods: Any = Qt.KeyboardModifier.NoModifier
) -> None:
    QTest.keyClick(p.stage, key, mods)


# --- keys -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "key", [K.Key_Right, K.Key_Space, K.Key_PageDown, K.Key_Return, K.Key_Enter]
)
def test_next_keys(player: Player, key: Qt.Key) -> None:
    press(player, K.Key_Right)  # onto slide 2, which reveals two points first
    press(player, key)
    press(player, key)
    assert player.stage.current_index == 1
    press(player, key)
    assert player.stage.current_index == 2
    assert player.mode is Mode.MANUAL


@pytest.mark.parametrize("key", [K.Key_Left, K.Key_PageUp, K.Key_Backspace])
def test_previous_keys(player: Player, key: Qt.Key) -> None:
    press(player, key)
    assert player.stage.current_index == 7  # wraps to the last slide
    press(player, key)
    assert player.stage.current_index == 6


def test_home_end(player: Player) -> None:
    press(player, K.Key_End)
    assert player.current_index == 7
    press(player, K.Key_Home)
    assert player.current_index == 0


def test_digits_then_enter_jump_digits_alone_hint(player: Player) -> None:
    press(player, K.Key_1)
    press(player, K.Key_2)
    assert player.current_index == 0
    assert player.overlays.hint.isVisible()
    assert player.overlays.hint.text() == "Go to 12"
    press(player, K.Key_Backspace)
    assert player.overlays.hint.text() == "Go to 1"
    press(player, K.Key_Backspace)
    assert not player.overlays.hint.isVisible()
    assert player.current_index == 0  # Backspace edited the number; it did not go back
    press(player, K.Key_6)
    press(player, K.Key_Return)
    assert player.current_index == 5
    assert not player.overlays.hint.isVisible()
    press(player, K.Key_9)
    press(player, K.Key_9)
    press(player, K.Key_Enter)
    assert player.current_index == 5  # there is no slide 99: the hint says so, nothing moves
    assert player.overlays.hint.text() == "No slide 99 — the deck has 8"
    player.on_hint_timeout()
    assert not player.overlays.hint.isVisible()


def test_pause_blank_white(player: Player) -> None:
    press(player, K.Key_P)
    assert player.mode is Mode.PAUSED
    assert player.overlays.pill.text() == "Paused"
    press(player, K.Key_P)
    assert player.mode is Mode.PLAYING
    press(player, K.Key_B)
    assert player.mode is Mode.BLANK
    press(player, K.Key_B)
    assert player.mode is Mode.PLAYING
    press(player, K.Key_Period)
    assert player.mode is Mode.BLANK
    press(player, K.Key_Period)
    press(player, K.Key_W)
    assert player.mode is Mode.WHITE
    press(player, K.Key_W)
    assert player.mode is Mode.PLAYING


def test_f5_and_shift_f5(player: Player) -> None:
    press(player, K.Key_End)
    press(player, K.Key_F5, mods=Qt.KeyboardModifier.ShiftModifier)
    assert (player.current_index, player.mode) == (7, Mode.PLAYING)
    press(player, K.Key_F5)
    assert (player.current_index, player.mode) == (0, Mode.PLAYING)


def test_help_shows_hides_on_next_key_or_after_ten_seconds(player: Player) -> None:
    press(player, K.Key_H)
    assert player.overlays.help.isVisible()
    press(player, K.Key_Right)
    assert not player.overlays.help.isVisible()
    assert player.current_index == 1  # the key that closed help acted as well
    press(player, K.Key_Question, mods=Qt.KeyboardModifier.ShiftModifier)
    assert player.overlays.help.isVisible()
    timer = player.overlays.help_timer()
    assert timer.isActive()
    assert timer.interval() == HELP_HIDE_MS
    timer.timeout.emit()
    assert not player.overlays.help.isVisible()


def test_idle_resume_after_keys(player: Player, clock: FakeClock) -> None:
    press(player, K.Key_PageDown)
    press(player, K.Key_PageDown)
    assert player.mode is Mode.MANUAL
    clock.advance(29)
    player.on_wake()
    assert player.mode is Mode.MANUAL
    clock.advance(1)
    player.on_wake()
    assert (player.mode, player.current_index) == (Mode.PLAYING, 1)


def test_twenty_rapid_presses_with_fades(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> None:
    p = make(qtbot, tmp_path, clock, transition="fade", n=9)
    for _ in range(20):
        clock.advance(0.05)
        press(p, K.Key_Right)
    # slide 2, shown twice, consumed two presses each time revealing its points: 16 moves
    assert p.stage.current_index == 16 % 9
    assert p.current_index == 16 % 9
    qtbot.waitUntil(lambda: not p.stage.layer.isVisible(), timeout=3000)
    p.shutdown()


# --- clicker --------------------------------------------------------------------------------
def test_clicker_sequence_in_kiosk_mode(qtbot: QtBot, kiosk: Player) -> None:
    with qtbot.assertNotEmitted(kiosk.finished):
        for key in (K.Key_PageDown, K.Key_PageDown, K.Key_PageDown, K.Key_PageDown):
            press(kiosk, key)
        assert kiosk.current_index == 2
        press(kiosk, K.Key_PageUp)
        assert kiosk.current_index == 1
        press(kiosk, K.Key_Period)
        assert kiosk.mode is Mode.BLANK
        press(kiosk, K.Key_Escape)  # Esc ends the blank screen, nothing else
        assert kiosk.mode is Mode.MANUAL
        press(kiosk, K.Key_B)
        press(kiosk, K.Key_B)
        assert kiosk.mode is Mode.MANUAL
        press(kiosk, K.Key_F5)
        assert (kiosk.current_index, kiosk.mode) == (0, Mode.PLAYING)
        press(kiosk, K.Key_PageDown)
        press(kiosk, K.Key_F5, mods=Qt.KeyboardModifier.ShiftModifier)
        assert (kiosk.current_index, kiosk.mode) == (1, Mode.PLAYING)
        press(kiosk, K.Key_Escape)
        press(kiosk, K.Key_Escape)
    assert kiosk.stage.isVisible()


# --- kiosk lock -----------------------------------------------------------------------------
def test_quit_keys_do_nothing_in_kiosk_mode(qtbot: QtBot, kiosk: Player) -> None:
    with qtbot.assertNotEmitted(kiosk.finished):
        press(kiosk, K.Key_Q, mods=Qt.KeyboardModifier.ControlModifier)
        press(kiosk, K.Key_W, mods=Qt.KeyboardModifier.ControlModifier)
        press(kiosk, K.Key_F4, mods=Qt.KeyboardModifier.AltModifier)
        press(kiosk, K.Key_Escape)
        kiosk.stage.close()
    assert kiosk.stage.isVisible()
    assert kiosk.current_index == 0


@pytest.mark.parametrize(
    ("key", "mods"),
    [
        (K.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (K.Key_Q, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_windowed_mode_quits_on_esc_and_ctrl_q(
    qtbot: QtBot, player: Player, key: Qt.Key, mods: Any
) -> None:
    with qtbot.waitSignal(player.finished, timeout=1000):
        press(player, key, mods=mods)
    assert not player.stage.isVisible()


def test_windowed_esc_first_ends_the_blank_screen(qtbot: QtBot, player: Player) -> None:
    press(player, K.Key_B)
    with qtbot.assertNotEmitted(player.finished):
        press(player, K.Key_Escape)
    assert player.mode is Mode.PLAYING


def test_exit_chord_held_exits(qtbot: QtBot, kiosk: Player, clock: FakeClock) -> None:
    QTest.keyPress(kiosk.stage, K.Key_X, CHORD)
    clock.advance(1.5)
    kiosk.lock.chord_hold.on_poll()
    assert kiosk.stage.isVisible()
    clock.advance(0.6)
    with qtbot.waitSignal(kiosk.finished, timeout=1000):
        pass  # the chord poll timer notices the hold
    assert kiosk.exit_code == 0
    assert not kiosk.stage.isVisible()


def test_exit_chord_released_early_does_not_exit(
    qtbot: QtBot, kiosk: Player, clock: FakeClock
) -> None:
    QTest.keyPress(kiosk.stage, K.Key_X, CHORD)
    clock.advance(1.0)
    QTest.keyRelease(kiosk.stage, K.Key_X, CHORD)
    clock.advance(5.0)
    with qtbot.assertNotEmitted(kiosk.finished, wait=250):
        kiosk.lock.chord_hold.on_poll()
    assert kiosk.stage.isVisible()


def test_exit_chord_then_pin(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> None:
    p = make(qtbot, tmp_path, clock, windowed=False, controls={"pin": "2468"})
    QTest.keyPress(p.stage, K.Key_X, CHORD)
    clock.advance(2.0)
    p.lock.chord_hold.on_poll()
    QTest.keyRelease(p.stage, K.Key_X, CHORD)
    assert p.lock.prompt.isVisible()
    with qtbot.assertNotEmitted(p.finished):
        for key in (K.Key_1, K.Key_2, K.Key_3, K.Key_4, K.Key_Return):
            press(p, key)  # wrong PIN: the prompt says so, the display stays
    assert p.lock.prompt.isVisible()
    assert p.lock.prompt.note.text() == "Wrong PIN · closes in 10 s"
    assert p.current_index == 0  # the digits did not navigate
    with qtbot.waitSignal(p.finished, timeout=1000):
        for key in (K.Key_2, K.Key_4, K.Key_6, K.Key_8, K.Key_Enter):
            press(p, key)
    p.shutdown()


def test_pin_prompt_times_out(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> None:
    p = make(qtbot, tmp_path, clock, windowed=False, controls={"pin": "2468"})
    QTest.keyPress(p.stage, K.Key_X, CHORD)
    clock.advance(2.0)
    p.lock.chord_hold.on_poll()
    press(p, K.Key_2)
    clock.advance(PIN_TIMEOUT + 0.1)
    with qtbot.assertNotEmitted(p.finished):
        for key in (K.Key_4, K.Key_6, K.Key_8, K.Key_Enter):
            press(p, key)
    assert not p.lock.prompt.isVisible()
    p.shutdown()


# --- mouse, wheel, touch --------------------------------------------------------------------
def test_click_right_two_thirds_next_left_third_previous(qtbot: QtBot, player: Player) -> None:
    w, h = player.stage.width(), player.stage.height()
    qtbot.mouseClick(player.stage, Qt.MouseButton.LeftButton, pos=QPoint(int(w * 0.9), h // 2))
    qtbot.mouseClick(player.stage, Qt.MouseButton.LeftButton, pos=QPoint(int(w * 0.4), h // 2))
    assert player.current_index == 1  # slide 2 revealed a point: that click stepped
    assert player.state.step == 2
    qtbot.mouseClick(player.stage, Qt.MouseButton.LeftButton, pos=QPoint(int(w * 0.1), h // 2))
    assert (player.current_index, player.state.step) == (1, 1)  # ← hid that point again
    qtbot.mouseClick(player.stage, Qt.MouseButton.LeftButton, pos=QPoint(int(w * 0.1), h // 2))
    assert player.current_index == 0
    assert player.mode is Mode.MANUAL


def test_keys_and_clicks_from_the_window_system_navigate_over_a_slide_that_eats_clicks(
    qtbot: QtBot, player: Player
) -> None:
    """What a real keyboard and mouse send arrives at the stage's native window, and is ours
    before any widget under the pointer (a chart would take the click) sees it."""
    view = player.stage.current_view
    eats: list[int] = []
    view.mousePressEvent = lambda event: eats.append(1)  # type: ignore[method-assign]
    window = player.stage.windowHandle()
    QTest.keyClick(window, K.Key_Right)
    assert player.current_index == 1
    QTest.keyClick(window, K.Key_End)
    assert player.current_index == 7
    w, h = player.stage.width(), player.stage.height()
    view = player.stage.current_view
    view.mousePressEvent = lambda event: eats.append(1)  # type: ignore[method-assign]
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(int(w * 0.9), h // 2))
    assert player.current_index == 0
    assert eats == []


def test_double_click_counts_as_two_clicks(qtbot: QtBot, player: Player) -> None:
    w, h = player.stage.width(), player.stage.height()
    qtbot.mouseDClick(player.stage, Qt.MouseButton.LeftButton, pos=QPoint(w // 10, h // 2))
    assert player.current_index == 7


def _wheel(p: Player, dy: int) -> None:
    pos = QPointF(p.stage.width() / 2, p.stage.height() / 2)
    event = QWheelEvent(
        pos,
        p.stage.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, dy),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(p.stage, event)


def test_wheel_down_next_up_previous(player: Player) -> None:
    _wheel(player, -120)
    assert player.current_index == 1
    _wheel(player, 120)
    assert player.current_index == 0
    for _ in range(3):
        _wheel(player, -40)  # a touchpad: small steps add up to one notch
    assert player.current_index == 1


def _touch(qtbot: QtBot, p: Player, start: QPoint, end: QPoint) -> None:
    device = QTest.createTouchDevice()
    QTest.touchEvent(p.stage, device).press(0, start, p.stage).commit()
    QTest.touchEvent(p.stage, device).move(0, end, p.stage).commit()
    QTest.touchEvent(p.stage, device).release(0, end, p.stage).commit()


def test_swipes_and_tap(qtbot: QtBot, player: Player) -> None:
    w, h = player.stage.width(), player.stage.height()
    _touch(qtbot, player, QPoint(w * 3 // 4, h // 2), QPoint(w // 4, h // 2))  # swipe left
    assert player.current_index == 1
    _touch(qtbot, player, QPoint(w // 4, h // 2), QPoint(w * 3 // 4, h // 2))  # swipe right
    assert player.current_index == 0
    _touch(qtbot, player, QPoint(w // 2, h // 2), QPoint(w // 2 + 3, h // 2))  # a tap
    assert player.current_index == 1
