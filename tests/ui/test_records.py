"""Display hours in the running player, and what it records: proof of play, the status file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from helpers import advance_to_next, real_player, write_deck
from kiosk.core.clock import FakeClock
from kiosk.core.commands import Command, Op
from kiosk.core.loader import load_playlist
from kiosk.core.rotation import Mode
from kiosk.ui.app import Player
from kiosk.ui.records import Records

MONDAY_NOON = datetime(2024, 6, 3, 12, 0, tzinfo=UTC)


def _deck(folder: Path, **top: Any) -> Path:
    return write_deck(folder / "playlist.json", 3, **top)


def _player(qtbot: QtBot, path: Path, clock: FakeClock) -> Player:
    return real_player(qtbot, path, clock, start=False)


_next = advance_to_next


def test_outside_display_hours_the_screen_is_black_and_idle(qtbot: QtBot, tmp_path: Path) -> None:
    hours = {"timezone": "UTC", "hours": {"mon": "09:00-17:00"}}
    clock = FakeClock(wall=MONDAY_NOON)
    player = _player(qtbot, _deck(tmp_path, schedule=hours), clock)
    player.start()
    _next(player, clock)
    assert player.display_on
    assert player.stage.current_index == 1
    schedule = player.findChild(QTimer, "schedule-wake")
    assert schedule.isActive()
    assert 0 < schedule.interval() <= 60_000  # re-checks at least once a minute

    clock.set_wall(datetime(2024, 6, 3, 17, 0, 1, tzinfo=UTC))
    with qtbot.waitSignal(player.state_changed) as turned:
        player.on_schedule()
    assert turned.args[0].display_on is False
    assert player.stage.cover.isVisible()
    assert player.wake_interval() == -1  # no rotation timer: no rendering work
    clock.advance(3600)
    player.on_wake()
    qtbot.keyClick(player.stage, Qt.Key.Key_Right)
    assert player.stage.current_index == 1  # nothing moved while off

    clock.set_wall(datetime(2024, 6, 10, 9, 0, 30, tzinfo=UTC))  # next Monday morning
    with qtbot.waitSignal(player.state_changed) as turned:
        player.on_schedule()
    assert turned.args[0].display_on is True
    assert not player.stage.cover.isVisible()
    assert player.stage.current_index == 0  # the deck starts afresh
    assert player.wake_interval() > 0


def test_proof_of_play_and_status_file(qtbot: QtBot, tmp_path: Path) -> None:
    clock = FakeClock(wall=MONDAY_NOON)
    player = _player(qtbot, _deck(tmp_path), clock)
    status_file = tmp_path / "state" / "status.json"
    status_file.parent.mkdir()
    records = Records(player, log_dir=tmp_path / "logs", status_file=status_file)
    player.start()
    records.start()
    _next(player, clock)  # auto
    player.submit(Command(Op.NEXT))  # manual, at once
    clock.advance(4)
    player.submit(Command(Op.TOGGLE_BLANK))  # nothing on screen: the line closes
    clock.advance(30)
    records.on_status_due()
    status = json.loads(status_file.read_text())
    assert status["mode"] == "blank"
    assert status["slide"]["index"] == 3
    assert status["slide"]["count"] == 3
    records.stop()
    lines = [
        json.loads(x)
        for x in (tmp_path / "logs" / "proof-of-play.jsonl").read_text().split("\n")
        if x
    ]
    assert [(x["index"], x["how"], x["seconds"]) for x in lines] == [
        (1, "auto", 10.0),
        (2, "auto", 0.0),
        (3, "manual", 4.0),
    ]
    assert lines[0]["id"] == "s0"
    assert lines[0]["title"] == "Slide 1"
    assert json.loads(status_file.read_text())["mode"] == "stopped"
    assert player.mode is Mode.BLANK


def test_status_records_reload_results(qtbot: QtBot, tmp_path: Path) -> None:
    from kiosk.core.loader import check_playlist

    clock = FakeClock(wall=MONDAY_NOON)
    path = _deck(tmp_path)
    player = _player(qtbot, path, clock)
    status_file = tmp_path / "status.json"
    records = Records(player, log_dir=None, status_file=status_file)
    player.start()
    records.start()
    broken = tmp_path / "broken.json"
    broken.write_text('{"deck": {"title": "x"}, "slides": []}')
    records.on_reload_failed(check_playlist(broken))
    records.on_status_due()
    reload = json.loads(status_file.read_text())["last_reload"]
    assert reload["ok"] is False
    assert "slides: must have at least 1 item" in reload["message"]
    records.on_reloaded(load_playlist(path))
    records.on_status_due()
    assert json.loads(status_file.read_text())["last_reload"]["ok"] is True
