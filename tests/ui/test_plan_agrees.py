"""The plan is what the real player shows: the same deck on the player, its timers fired by
hand on a fake clock, puts the same slides on screen at the same moments as `plan`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from kiosk.core.clock import FakeClock
from kiosk.core.loader import load_playlist
from kiosk.core.plan import plan
from kiosk.core.state import ShowState
from kiosk.ui.app import Player

BERLIN = ZoneInfo("Europe/Berlin")


def test_player_and_plan_agree_over_hours_rules_and_a_dst_night(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data = {
        "deck": {"title": "T"},
        "defaults": {"duration": 7, "transition": "none"},
        "schedule": {
            "timezone": "Europe/Berlin",
            "hours": dict.fromkeys(("sat", "sun"), "00:00-02:30"),
        },
        "slides": [
            {"type": "title", "title": "A"},
            {"type": "title", "title": "B", "duration": 11, "show": {"hours": "01:00-01:20"}},
            {"type": "title", "title": "C", "duration": 5},
        ],
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    loaded = load_playlist(path)
    start = datetime(2026, 10, 25, 0, 50, tzinfo=BERLIN)  # the night the clocks go back
    end = start.astimezone(UTC) + timedelta(hours=3)
    clock = FakeClock(start=50.0, wall=start.astimezone(UTC))
    player = Player(loaded, clock=clock, windowed=True)
    qtbot.addWidget(player.stage)
    seen: list[tuple[int | None, bool, datetime]] = []

    def on_state(state: ShowState) -> None:
        key = (state.index if state.display_on else None, state.display_on)
        if not seen or seen[-1][:2] != key or state.moved:
            seen.append((*key, clock.wall()))

    player.state_changed.connect(on_state)
    player.start()
    on_state(player.state)
    while clock.wall() < end:  # what the two QTimers do, without waiting for them
        due = player.show.next_deadline()
        change = player.show.next_calendar_change()
        waits = [(end - clock.wall()).total_seconds()]
        if due is not None:
            waits.append(due - clock.now())
        if change is not None:
            waits.append((change - clock.wall()).total_seconds())
        clock.advance(max(0.0, min(waits)))
        if change is not None and clock.wall() >= change:
            player.on_schedule()
        if due is not None and clock.now() >= due - 1e-6:
            player.on_wake()
    player.shutdown()

    planned = [
        (s.index, s.kind != "off", s.start.astimezone(UTC))
        for s in plan(loaded.playlist, start, end)
    ]
    shown = [(i, on, at.astimezone(UTC)) for i, on, at in seen if at < end]
    assert shown == planned
    assert any(i == 1 for i, _, _ in planned)  # B's window came
    assert any(not on for _, on, _ in planned)  # and the display went off at 02:30
