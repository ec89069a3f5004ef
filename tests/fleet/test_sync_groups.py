"""Sync groups through a real Mosquitto: the ACL, clock health, and four real displays.

The fleet here is made by `fleet init --group wall --sync` (w1..w5) plus one display of
another group (x1). The end-to-end story runs four `kiosk run` processes offscreen with
`--frame-log`: each logs when each new slide was first painted; the test checks that they
show the same sequence of slides (a manual move included), and that a member restarted late
lands on the group's slide. The spread between members is a benchmark figure
(`python -m kiosk.bench --sync`), not asserted here.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.fleet.config import FleetFile
from kiosk.fleet.init import InitOptions, add_displays, fleet_init
from kiosk.fleet.manifest import build_release
from kiosk.fleet.mqtt import Link
from kiosk.fleet.operator import Session, publish_release, send_command

from .conftest import _free_port

MEMBERS = ("w1", "w2", "w3", "w4", "w5")
SLIDE = 0.5  # seconds a slide


@pytest.fixture(scope="module")
def fleet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("syncfleet")
    fleet_init(
        InitOptions(
            folder, "t", MEMBERS, host="127.0.0.1", port=_free_port(), bind="127.0.0.1",
            group="wall", sync=True,
        )
    )  # fmt: skip
    add_displays(folder, ("x1",), group="lobby")
    return folder


def test_only_the_groups_displays_may_write_its_sync_topic(
    fleet: FleetFile, broker: Any, wait: Callable[..., Any]
) -> None:
    t = fleet.topics
    topic = t.group_sync("wall")
    with Session(fleet) as s:
        s.barrier([topic, t.group_sync("other")])
        for login, where, text in (
            ("x1", topic, b"forged by x1"),  # a display of another group
            ("w1", t.group_sync("other"), b"forged by w1"),  # a member, another group's topic
            ("w1", topic, b"from w1"),
        ):
            link = Link(fleet.broker, fleet.display_login(login), f"kiosk-t-{login}-acl")
            link.start()
            try:
                link.wait_connected(10)
                info = link.publish(where, text)
                assert info is not None
                info.wait_for_publish(10)  # MQTT 3.1.1: the broker acknowledges, then drops
            finally:
                link.stop()
        wait(lambda: any(p == b"from w1" for _, p, _ in s.messages), "w1's message")
        got = [p for _, p, _ in s.messages]
    assert b"forged by x1" not in got
    assert b"forged by w1" not in got


def test_publish_to_a_sync_group_sends_its_epoch(
    fleet: FleetFile, broker: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.fleet.cli import publish_main

    deck = _deck(tmp_path / "d", "p", 2, 5.0)
    path = str(fleet.path)
    assert publish_main([str(deck), "--fleet", path, "--group", "wall"]) == 0
    assert "in sync from" in capsys.readouterr().out  # fleet init --sync made it a sync group
    assert publish_main([str(deck), "--fleet", path, "--group", "wall"]) == 0
    assert "already shows this deck" in capsys.readouterr().out  # idempotent, epoch kept
    assert publish_main([str(deck), "--fleet", path, "--group", "wall", "--epoch", "+1s"]) == 0
    assert "in sync from" in capsys.readouterr().out  # a new epoch: published again
    assert publish_main([str(deck), "--fleet", path, "--group", "lobby"]) == 0
    assert "in sync" not in capsys.readouterr().out  # not a sync group
    assert publish_main([str(deck), "--fleet", path, "--group", "lobby2", "--sync"]) == 0
    said = capsys.readouterr()
    assert "in sync from" in said.out
    assert "warning: group lobby2 is not a sync group" in said.err  # moves would not travel
    with Session(fleet) as s:
        s.barrier([s.topics.manifest(g) for g in ("wall", "lobby", "lobby2")])
        got = {t: json.loads(p) for t, p, _ in s.messages if t.endswith("/manifest") and p}
        for t in got:
            s.send(t, b"", retain=True)  # leave no deck behind for the story below
    assert isinstance(got[fleet.topics.manifest("wall")]["epoch"], float)
    assert got[fleet.topics.manifest("lobby")]["epoch"] is None


def _skewed(skew: float) -> float:
    return time.time() + skew


def test_each_display_reports_its_clock_and_a_bad_one_is_warned(
    fleet: FleetFile, broker: Any, wait: Callable[..., Any], tmp_path: Path
) -> None:
    from kiosk.fleet.display import DisplayClient

    skews = {"w1": 0.0, "w2": 0.0, "w3": 0.0, "w4": 0.080}  # w4's clock is 80 ms fast
    folder = fleet.path.parent / "displays"  # type: ignore[union-attr]
    clients = {}
    for d, skew in skews.items():
        own = FleetFile.load(folder / f"{d}.json")
        clients[d] = DisplayClient(
            own, d, "wall", cache_dir=tmp_path / d, wall=functools.partial(_skewed, skew)
        )
    for c in clients.values():
        assert c.groupsync.active  # fleet init --sync made them members
        c.start()
    try:
        for d, c in clients.items():
            wait(c.link.connected.is_set, f"{d} to connect")
        with Session(fleet) as s:
            s.barrier([s.topics.status("+")])

            def clock(d: str) -> dict[str, Any]:
                for topic, payload, _ in reversed(list(s.messages)):
                    if topic == s.topics.status(d) and payload:
                        doc: dict[str, Any] = json.loads(payload).get("clock") or {}
                        return doc
                return {}

            def measured() -> bool:
                for c in clients.values():
                    c.groupsync.ping()
                return all(clock(d).get("peers") == 3 for d in clients)

            wait(measured, "every display to measure its three peers")
            bad, good = clock("w4"), clock("w1")
    finally:
        for c in clients.values():
            c.stop()
    assert bad["warning"] is True
    assert 50 < bad["offset_ms"] < 110  # 80 ms, measured over loopback round trips
    assert good["warning"] is False  # the median of its peers: the one bad clock stands out
    assert abs(good["offset_ms"]) < 16.7


def _deck(folder: Path, prefix: str, slides: int, duration: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    doc = {
        "deck": {"title": prefix},
        "defaults": {"duration": duration, "transition": "none"},
        "controls": {"resume_after": 1.0},
        "slides": [
            {"type": "title", "id": f"{prefix}{i}", "title": f"{prefix} {i}"}
            for i in range(1, slides + 1)
        ],
    }
    path = folder / "playlist.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _frames(path: Path, prefix: str = "s") -> list[dict[str, Any]]:
    """The frame log's lines for the synced deck (the start-up deck's are left out)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    out = [json.loads(line) for line in lines if line.strip()]
    return [f for f in out if str(f.get("slide_id") or "").startswith(prefix)]


def _showing_at(frames: list[dict[str, Any]], wall: float) -> str | None:
    shown = [f["slide_id"] for f in frames if f["wall"] <= wall]
    return shown[-1] if shown else None


def _quiet(frames: list[dict[str, Any]], after: float) -> float:
    """A moment after `after` half-way between two switches at least 0.3 s apart: a sync
    group's members all show the same slide then, whatever their spread."""
    for a, b in itertools.pairwise(frames):
        if (a["wall"] + b["wall"]) / 2 > after and b["wall"] - a["wall"] >= 0.3:
            return float(a["wall"] + b["wall"]) / 2
    pytest.fail(f"no quiet moment after {after} in {len(frames)} frames")


def _sequence(frames: list[dict[str, Any]], start: float, end: float) -> list[str]:
    return [f["slide_id"] for f in frames if start < f["wall"] < end]


@pytest.fixture
def members(make_display: Callable[[str, str], Any]) -> dict[str, Any]:
    return {d: make_display(d, "wall") for d in MEMBERS[:4]}


def test_four_displays_change_as_one_and_a_late_joiner_lands_on_the_groups_slide(
    fleet: FleetFile,
    broker: Any,
    watcher: Any,
    members: dict[str, Any],
    wait: Callable[..., Any],
    tmp_path: Path,
) -> None:
    release = build_release(
        _deck(tmp_path / "sync", "s", 4, SLIDE), fleet=fleet.fleet, group="wall", sync=True
    )
    publish_release(fleet, release)
    version = release.manifest.version
    assert release.manifest.epoch is not None
    start_deck = _deck(tmp_path / "start", "boot", 2, 30.0)
    fifo = tmp_path / "w3.fifo"
    logs = {d: tmp_path / f"{d}.frames" for d in members}
    for d, m in members.items():
        extra = ["--control-fifo", str(fifo)] if d == "w3" else []
        m.start("--frame-log", str(logs[d]), *extra, str(start_deck))
    for d in members:
        watcher.wait_status(d, lambda s: s.get("showing") == version, f"{d} on the sync deck")
        assert watcher.status(d)["sync_epoch"] == release.manifest.epoch

    # they rotate together: the same slides in the same order
    wait(lambda: all(len(_frames(p)) >= 10 for p in logs.values()), "ten switches each")
    ref = _frames(logs["w1"])
    start = _quiet(ref, ref[1]["wall"])
    end = _quiet(ref, ref[8]["wall"])
    want = _sequence(ref, start, end)
    assert len(want) >= 6
    for d, path in logs.items():
        assert _sequence(_frames(path), start, end) == want, d

    # a manual move on one member ("goto 3" from the fleet) is made by all, then they resume
    before = time.time()
    assert send_command(fleet, "w2", "goto 3") == ["w2: ok: goto 3"]
    wait(lambda: len([f for f in _frames(logs["w1"]) if f["wall"] > before]) >= 5, "resuming")
    ref = _frames(logs["w1"])
    start = _quiet(ref, before - 1.0)
    end = _quiet(ref, ref[-2]["wall"] - 0.01)
    want = _sequence(ref, start, end)
    assert "s3" in want
    for d, path in logs.items():
        assert _sequence(_frames(path), start, end) == want, d

    # a key on one member (here its control FIFO): the whole group moves
    typed = time.time()
    with open(fifo, "w", encoding="utf-8") as f:
        f.write("goto 2\n")
    wait(lambda: len([f for f in _frames(logs["w1"]) if f["wall"] > typed]) >= 5, "resuming")
    ref = _frames(logs["w1"])
    start = _quiet(ref, typed - 1.0)
    end = _quiet(ref, ref[-2]["wall"] - 0.01)
    want = _sequence(ref, start, end)
    assert "s2" in want
    for d, path in logs.items():
        assert _sequence(_frames(path), start, end) == want, d

    # a member restarted late lands on the group's slide from its cache, asking no one
    late = members["w4"]
    assert late.stop() == 0
    os.replace(logs["w4"], tmp_path / "w4.before")
    late.start("--frame-log", str(logs["w4"]), str(start_deck))
    wait(lambda: len(_frames(logs["w4"])) >= 4, "the restarted member's first slides")
    every = _frames(logs["w4"], prefix="")
    assert every[0]["slide_id"].startswith("s")  # its very first frame: the group's deck
    joined = _frames(logs["w4"])
    ref = _frames(logs["w1"])
    around = {_showing_at(ref, joined[0]["wall"] + dt) for dt in (-0.1, 0.0, 0.1)}
    assert joined[0]["slide_id"] in around, (joined[0], around)
    start = _quiet(ref, joined[0]["wall"])
    end = _quiet(ref, joined[-1]["wall"] - 0.6)
    assert _sequence(joined, start, end) == _sequence(ref, start, end)
    for m in members.values():
        assert "Traceback" not in m.log_text()
