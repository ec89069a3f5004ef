"""Sync groups without a broker: messages, clock estimates, the ACL, the manifest's epoch."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.commands import Command, Op
from kiosk.fleet.config import FleetFile
from kiosk.fleet.groupsync import (
    FRAME,
    ClockHealth,
    GroupSync,
    Move,
    SyncError,
    parse_chronyc,
    parse_sync,
    parse_timedatectl,
)
from kiosk.fleet.init import InitOptions, acl_text, add_displays, fleet_init
from kiosk.fleet.manifest import build_release, parse_manifest
from kiosk.fleet.report import status_table

NOW = 1_764_620_000.0


def _move(**over: Any) -> bytes:
    doc = {"type": "move", "id": "ab12", "from": "w1", "deck": "v1", "index": 3, "at": NOW + 0.3}
    return json.dumps(doc | over).encode()


def test_a_move_is_read_and_written_back_the_same() -> None:
    kind, fields = parse_sync(_move(), NOW)
    assert kind == "move"
    move = fields["move"]
    assert move == Move("ab12", "w1", "v1", 2, NOW + 0.3)  # slides counted from 1 on the wire
    assert parse_sync(move.payload(), NOW)[1]["move"] == move


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (b"\xff\xfe", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b"x" * 2000, "limit 1024"),
        (_move(type="dance"), "unknown type"),
        (_move(index=0), "slide number from 1"),
        (_move(index=True), "slide number from 1"),
        (_move(at="soon"), "'at' must be a time"),
        (_move(at=float("nan")), "'at' must be a time"),
        (_move(at=NOW - 30), "stale: slide 3 was due 30.0 s ago"),
        (_move(at=NOW + 3600), "due in 3600 s (a clock far off?)"),
        (_move(id="../x"), "'id' is missing"),
        (_move(deck=""), "'deck' must name"),
        (json.dumps({"type": "pong", "id": "a", "from": "w2", "t0": 1}).encode(), "'to'"),
    ],
)
def test_junk_and_stale_messages_say_why(payload: bytes, why: str) -> None:
    with pytest.raises(SyncError, match=re.escape(why)):
        parse_sync(payload, NOW)


def test_the_clock_offset_is_the_median_of_each_peers_best_round_trip() -> None:
    health = ClockHealth()
    skew = 0.050  # this display's clock runs 50 ms ahead of every peer's
    for peer, delays in (("a", (0.004, 0.001, 0.009)), ("b", (0.002,)), ("c", (0.003,))):
        for d in delays:  # symmetric network delay d/2 each way
            t0 = NOW
            t1 = t0 - skew + d / 2  # the peer's clock
            t2 = t1 + 0.0002
            t3 = t2 + skew + d / 2
            health.sample(peer, t0, t1, t2, t3, now=10.0)
    offset, rtt, peers = health.estimate(10.0) or (0, 0, 0)
    assert offset == pytest.approx(skew, abs=1e-6)
    assert rtt == pytest.approx(0.002, abs=1e-6)  # the best of a's three, then the median
    assert peers == 3
    report = health.report(10.0)
    assert report["offset_ms"] == pytest.approx(50.0)
    assert report["warning"] is True
    assert health.estimate(10.0 + 1000) is None  # peers not heard of for long do not count


def test_one_bad_clock_does_not_pull_the_others() -> None:
    health = ClockHealth()
    for peer, skew in (("a", 0.0), ("b", 0.0), ("bad", -0.2)):  # bad's clock 200 ms ahead
        t0 = NOW
        t1 = t0 - skew + 0.001
        health.sample(peer, t0, t1, t1, t1 + skew + 0.001, now=1.0)
    report = health.report(1.0)
    assert abs(report["offset_ms"]) < FRAME * 1000
    assert report["warning"] is False


def test_ntp_offsets_from_chronyc_and_timedatectl() -> None:
    chrony = (
        "Reference ID    : C0A80001 (ntp.lan)\nStratum         : 3\n"
        "System time     : 0.000012345 seconds slow of NTP time\nLast offset     : +0.000001\n"
    )
    assert parse_chronyc(chrony) == pytest.approx(-0.000012345)
    assert parse_chronyc(chrony.replace("slow", "fast")) == pytest.approx(0.000012345)
    assert parse_chronyc("506 Cannot talk to daemon") is None
    timesyncd = "       Server: 10.0.0.1 (ntp.lan)\n       Offset: -282us\n        Delay: 1.2ms\n"
    assert parse_timedatectl(timesyncd) == pytest.approx(-0.000282)
    assert parse_timedatectl("Offset: +25.123ms") == pytest.approx(0.025123)
    assert parse_timedatectl("Failed to connect to bus: Host is down") is None
    health = ClockHealth()
    health.ntp = (0.020, "chronyc")
    assert health.report(0.0) == {"ntp_offset_ms": 20.0, "ntp": "chronyc", "warning": True}


class _Link:
    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes]] = []

    def publish(self, topic: str, payload: bytes, **_: Any) -> object:
        self.sent.append((topic, payload))
        return object()


def test_a_member_answers_pings_skips_its_own_echo_and_logs_junk() -> None:
    from kiosk.fleet.config import Topics

    link, moves, problems = _Link(), [], []
    clock = iter(NOW + i * 0.001 for i in range(100))
    sync = GroupSync(
        link,  # type: ignore[arg-type]
        Topics("t"),
        "w2",
        "wall",
        on_move=moves.append,
        problem=problems.append,
        wall=lambda: next(clock),
        ntp=lambda: None,
    )
    sync.active = True
    own = sync.broadcast(4, "v1")
    assert link.sent[-1] == ("kiosk/t/group/wall/sync", own.payload())
    sync.on_message(own.payload())  # our own echo: applied when sent, not again
    sync.on_message(_move(**{"from": "w1", "at": NOW + 0.5}))
    sync.on_message(b"{junk")
    sync.on_message(json.dumps({"type": "ping", "id": "p1", "from": "w1", "t0": NOW}).encode())
    assert [m.sender for m in moves] == ["w1"]
    assert problems == [
        "sync message ignored: not JSON (Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1))"
    ]
    pong = json.loads(link.sent[-1][1])
    assert (pong["type"], pong["to"], pong["t0"]) == ("pong", "w1", NOW)
    assert pong["t1"] <= pong["t2"]


def test_group_moves_land_on_playable_slides_by_slide() -> None:
    from kiosk.core.timeline import group_target

    playable = {0, 1, 3}.__contains__  # slide 3 (index 2) is not shown now
    assert group_target(Command(Op.NEXT), 1, 4, playable) == 3
    assert group_target(Command(Op.NEXT), 3, 4, playable) == 0  # wraps
    assert group_target(Command(Op.PREV), 0, 4, playable) == 3
    assert group_target(Command(Op.FIRST), 3, 4, playable) == 0
    assert group_target(Command(Op.LAST), 0, 4, playable) == 3
    assert group_target(Command(Op.GOTO, index=2), 0, 4, playable) == 3
    assert group_target(Command(Op.PAUSE), 0, 4, playable) is None
    assert group_target(Command(Op.NEXT), 0, 4, lambda _i: False) is None


def test_the_acl_lets_a_sync_groups_displays_write_its_sync_topic_only(tmp_path: Path) -> None:
    fleet_init(InitOptions(tmp_path, "t", ("w1", "w2"), tls=False, group="wall", sync=True))
    add_displays(tmp_path, ("x1",), group="lobby")
    add_displays(tmp_path, ("w3",), group="wall", sync=True)
    acl = (tmp_path / "acl").read_text()
    sections = {s.split("\n", 1)[0]: s for s in acl.split("\nuser ")[1:]}
    for d in ("w1", "w2", "w3"):
        assert "topic readwrite kiosk/t/group/wall/sync\n" in sections[d]
        assert sections[d].count("/sync") == 1
    assert "/sync" not in sections["x1"]
    fleet = FleetFile.load(tmp_path / "fleet.json")
    assert fleet.sync == {"w1": "wall", "w2": "wall", "w3": "wall"}
    assert fleet.sync_groups() == {"wall"}
    own = FleetFile.load(tmp_path / "displays" / "w3.json")
    assert (own.group, own.sync) == ("wall", {"w3": "wall"})
    assert FleetFile.load(tmp_path / "displays" / "x1.json").sync == {}
    assert acl_text("t", ("a",)) == acl_text("t", ("a",), {})


def test_fleet_init_sync_needs_a_group(tmp_path: Path) -> None:
    from kiosk.fleet.config import FleetError

    with pytest.raises(FleetError, match="--sync needs --group"):
        fleet_init(InitOptions(tmp_path, "t", ("w1",), tls=False, sync=True))


def test_a_sync_release_carries_its_epoch(tmp_path: Path) -> None:
    deck = tmp_path / "playlist.json"
    slides = [{"type": "title", "title": "A"}]
    deck.write_text(json.dumps({"deck": {"title": "T"}, "slides": slides}))
    plain = build_release(deck, fleet="t", group="wall", now=NOW)
    assert plain.manifest.epoch is None
    synced = build_release(deck, fleet="t", group="wall", now=NOW, sync=True)
    assert synced.manifest.epoch == NOW  # the publish time
    timed = build_release(deck, fleet="t", group="wall", now=NOW, sync=True, at=NOW + 60)
    assert timed.manifest.epoch == NOW + 60  # the switch time
    given = build_release(deck, fleet="t", group="wall", now=NOW, epoch=NOW - 3600)
    assert given.manifest.epoch == NOW - 3600
    back = parse_manifest(synced.manifest.payload(), fleet="t", group="wall")
    assert back.epoch == NOW
    bad = json.loads(synced.manifest.payload()) | {"epoch": "noon"}
    with pytest.raises(ValueError, match="'epoch' must be a number"):
        parse_manifest(json.dumps(bad).encode(), fleet="t", group="wall")


def test_the_status_table_shows_each_clock() -> None:
    rows = [
        {"display": "w1", "online": True, "clock": {"offset_ms": 0.42, "warning": False}},
        {"display": "w2", "online": True, "clock": {"offset_ms": 52.0, "warning": True}},
        {"display": "w3", "online": True, "clock": {"ntp_offset_ms": -1.25, "warning": False}},
        {"display": "w4", "online": True},
    ]
    lines = status_table(rows).splitlines()
    assert "clock" in lines[0]
    assert "+0.4 ms" in lines[1]
    assert "+52.0 ms !" in lines[2]
    assert "-1.2 ms" in lines[3] or "-1.3 ms" in lines[3]
