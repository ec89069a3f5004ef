"""A sync group's moves on a real player, its clock faked: out at T, in at T, history."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.core.clock import FakeClock
from kiosk.core.commands import Command, Op
from kiosk.core.loader import load_playlist
from kiosk.core.rotation import Mode
from kiosk.fleet.groupsync import LEAD, Move
from kiosk.ui.app import Player
from kiosk.ui.grouplink import GroupLink

WALL = datetime(2024, 6, 3, 12, 0, tzinfo=UTC)
NOW = WALL.timestamp()
EPOCH = NOW - 1234.5  # 1234.5 s into the deck: 34 loops of 36 s, then 10.5 s: slide 2


class _Sync:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.sent: list[Move] = []

    def broadcast(self, index: int, deck: str, at: float | None = None) -> Move:
        when = self.clock.wall().timestamp() + LEAD if at is None else at
        move = Move(f"m{len(self.sent)}", "me", deck, index, when)
        self.sent.append(move)
        return move


class _Cache:
    def __init__(self) -> None:
        self.saved: dict[str, Any] = {}

    def read_state(self) -> dict[str, Any]:
        return {"deck": "hash"}

    def sync_epoch(self) -> float:
        return EPOCH

    def last_move(self) -> dict[str, Any]:
        return self.saved

    def save_move(self, doc: dict[str, Any]) -> None:
        self.saved = doc


class _Client:
    def __init__(self, clock: FakeClock) -> None:
        self.groupsync = _Sync(clock)
        self.cache = _Cache()
        self.on_move: Any = None


def _group(qtbot: QtBot, tmp_path: Path) -> tuple[Player, GroupLink, _Client, FakeClock]:
    slides = [
        {"type": "title", "id": f"s{i}", "title": f"S{i}", "duration": d}
        for i, d in enumerate((10, 6, 8, 12))
    ]
    doc = {"deck": {"title": "T"}, "defaults": {"transition": "none"}, "slides": slides}
    path = tmp_path / "playlist.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    clock = FakeClock(start=500.0, wall=WALL)
    player = Player(load_playlist(path), clock=clock, windowed=True, epoch=EPOCH)
    qtbot.addWidget(player.stage, before_close_func=lambda _: player.shutdown())
    player.start()
    client = _Client(clock)
    link = GroupLink(client, player, player)  # type: ignore[arg-type]
    link.deck = "v1"
    return player, link, client, clock


def test_a_key_goes_to_the_group_and_switches_here_at_t_too(qtbot: QtBot, tmp_path: Path) -> None:
    player, _, client, clock = _group(qtbot, tmp_path)
    assert player.state.index == 1  # the group's slide, from the epoch
    player.on_command(Command(Op.NEXT))
    (move,) = client.groupsync.sent
    assert (move.index, move.deck, move.at) == (2, "v1", NOW + LEAD)
    clock.advance(LEAD - 0.01)
    player.on_wake()
    assert player.state.index == 1  # not before T
    clock.advance(0.02)
    player.on_wake()
    assert (player.state.index, player.state.mode) == (2, Mode.MANUAL)
    assert player.stage.current_index == 2
    assert client.cache.saved == {"deck": "v1", "index": 2, "at": NOW + LEAD}
    player.on_command(Command(Op.PAUSE))  # not a move: this display only
    assert len(client.groupsync.sent) == 1


def test_moves_for_another_deck_or_no_slide_are_logged_and_ignored(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    player, link, _, clock = _group(qtbot, tmp_path)
    with caplog.at_level(logging.INFO, logger="kiosk"):
        link.on_move(Move("a", "w2", "v0", 3, NOW + 0.2))
        link.on_move(Move("b", "w2", "v1", 9, NOW + 0.2))
        link.on_move(Move("c", "w2", "v1", 3, NOW + 0.2))
        link.on_move(Move("d", "w3", "v1", 3, NOW + 0.2))  # the same move from another member
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "sync: move from w2 ignored: it is for deck v0, this display shows v1",
        "sync: move from w2 ignored: there is no slide 10 (the deck has 4)",
    ]
    applied = [r for r in caplog.records if "command from sync" in r.getMessage()]
    assert len(applied) == 1
    clock.advance(0.25)
    player.on_wake()
    assert player.state.index == 3


def test_the_groups_last_move_puts_a_late_member_where_the_group_is(
    qtbot: QtBot, tmp_path: Path
) -> None:
    player, link, _, _ = _group(qtbot, tmp_path)
    # slide 3 by hand 95 s ago; 30 s later (resume_after) the group rotated on from it, so
    # now, 65 s on (8 + 12 + 10 + 6 + 8 + 12 = 56, then 10): slide 1, not the epoch's slide 2
    link.on_move(Move("old", "w2", "v1", 2, NOW - 95, retained=True))
    assert (player.state.index, player.state.mode) == (0, Mode.PLAYING)
    assert player.stage.current_index == 0


def test_a_late_member_holds_the_slide_the_group_holds(qtbot: QtBot, tmp_path: Path) -> None:
    player, link, _, clock = _group(qtbot, tmp_path)
    link.on_move(Move("recent", "w2", "v1", 3, NOW - 5, retained=True))
    assert (player.state.index, player.state.mode) == (3, Mode.MANUAL)
    sync = player.show.sync
    assert sync is not None
    end = clock.now() + 40  # past the group's resume (T + 30 s): rotating from slide 4 since
    while (due := player.show.next_deadline()) is not None and due < end:  # its timer's wakes
        clock.advance(max(0.0, due - clock.now()))
        player.on_wake()
        if player.state.mode is Mode.MANUAL:
            assert clock.wall().timestamp() < NOW + 25  # held until the group resumes, no longer
    clock.advance(end - clock.now())
    player.on_wake()
    position = sync.timeline.at(clock.wall().timestamp())
    assert position is not None
    assert player.state.mode is Mode.PLAYING
    assert (player.state.index, position.index) == (0, 0)  # 12 s of slide 4, then slide 1
