"""Off hours as people meet them: the screen switched off (and which way), a log line each
way, and the "Off until 07:00" card on a key press or touch, then dark again."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.core.clock import FakeClock
from kiosk.core.loader import load_playlist
from kiosk.ui.app import Player

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class FakePower:
    name = "fake power"

    def __init__(self, works: bool = True) -> None:
        self.calls: list[str] = []
        self.works = works

    def off(self) -> bool:
        self.calls.append("off")
        return self.works

    def on(self) -> bool:
        self.calls.append("on")
        return self.works


def deck(tmp_path: Path) -> Path:
    data = {
        "deck": {"title": "T"},
        "schedule": {"timezone": "UTC", "hours": dict.fromkeys(DAYS, "07:00-22:00")},
        "slides": [{"type": "title", "title": f"S{i}"} for i in range(3)],
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(wall=datetime(2024, 6, 4, 5, 30, tzinfo=UTC))  # Tuesday, before opening


def make(qtbot: QtBot, tmp_path: Path, clock: FakeClock, power: FakePower) -> Player:
    player = Player(load_playlist(deck(tmp_path)), clock=clock, windowed=False, power=power)
    qtbot.addWidget(player.stage)
    player.start()
    qtbot.waitExposed(player.stage)
    return player


def test_off_hours_switch_the_screen_off_and_log_until_when(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    power = FakePower()
    with caplog.at_level(logging.INFO, logger="kiosk.player"):
        p = make(qtbot, tmp_path, clock, power)
    assert not p.display_on
    assert power.calls == ["off"]
    assert (
        "display off until 07:00 (display hours 07:00-22:00); screen off by fake power"
        in caplog.text
    )
    assert p.stage.cover.isVisible()  # black underneath, whatever the power does
    clock.set_wall(datetime(2024, 6, 4, 7, 0, 1, tzinfo=UTC))
    with caplog.at_level(logging.INFO, logger="kiosk.player"):
        p.on_schedule()
    assert p.display_on
    assert power.calls == ["off", "on"]
    assert "display on (display hours 07:00-22:00); screen woken by fake power" in caplog.text
    p.shutdown()


def test_a_key_in_the_off_hours_shows_the_card_then_dark_again(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    power = FakePower()
    p = make(qtbot, tmp_path, clock, power)
    card = p.offhours.card
    assert not card.isVisible()
    p.offhours._card_timer.setInterval(50)  # a few seconds on a real display
    QTest.keyClick(p.stage, Qt.Key.Key_Right)
    assert card.isVisible()
    assert card.title.text() == "Off until 07:00"
    assert card.detail.text() == "Display hours 07:00-22:00"
    assert power.calls == ["off", "on"]  # woken for the card
    assert p.current_index == 0  # the key did nothing else
    center = p.stage.rect().center()
    assert card.geometry().contains(center)  # the cover it sits on spans the stage
    image = p.stage.grab().toImage()
    surface = p.stage.screen_theme.surface
    probe = image.pixelColor(center.x(), card.geometry().top() + 6)
    assert abs(probe.red() - surface.red()) < 16  # an opaque card on the black
    corner = image.pixelColor(2, 2)
    assert (corner.red(), corner.green(), corner.blue()) == (0, 0, 0)
    with qtbot.waitSignal(p.offhours._card_timer.timeout, timeout=2000):
        pass
    assert not card.isVisible()
    assert power.calls == ["off", "on", "off"]  # and off again
    p.shutdown()


def test_a_screen_that_cannot_switch_says_so_and_stays_black(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="kiosk.player"):
        p = make(qtbot, tmp_path, clock, FakePower(works=False))
    assert "fake power failed; painting black" in caplog.text
    assert p.stage.cover.isVisible()
    p.shutdown()


def test_leaving_never_leaves_the_screen_off(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    power = FakePower()
    p = make(qtbot, tmp_path, clock, power)
    p.quit()
    assert power.calls[-1] == "on"
