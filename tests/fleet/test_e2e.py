"""End to end: real `kiosk run --fleet` displays (offscreen) against a real Mosquitto.

One story, in order, so that the displays start once: publish -> two displays show the deck;
commands; hostile input ignored; broker gone -> they keep playing and queue proof; broker back
-> every queued play arrives exactly once; a tampered file is refused and the last good deck
stays; a deck published while a display is off is shown when it comes back; with no broker
at start-up a display plays the deck it cached last.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.fleet.config import FleetFile
from kiosk.fleet.manifest import build_release
from kiosk.fleet.operator import (
    ProofArchive,
    Session,
    collect_proof,
    publish_release,
    send_command,
)


def _publish(fleet: FleetFile, deck: Path, group: str = "g") -> str:
    release = build_release(deck, fleet=fleet.fleet, group=group)
    publish_release(fleet, release)
    return release.manifest.version


def _fleet_status(d: Any) -> dict[str, Any]:
    try:
        doc = json.loads(d.status_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    fleet_part: dict[str, Any] = doc.get("fleet", {})
    return fleet_part


def _showing(version: str) -> Callable[[dict[str, object]], bool]:
    return lambda s: bool(s.get("online")) and s.get("showing") == version


def test_fleet_story(
    fleet: FleetFile,
    broker: Any,
    watcher: Any,
    make_display: Callable[[str, str], Any],
    wait: Callable[..., Any],
    deck: Callable[..., Path],
    tmp_path: Path,
) -> None:
    archive = ProofArchive(tmp_path / "proof.jsonl")
    collect_proof(fleet, archive)  # the operator's proof session exists before any play
    v1 = _publish(fleet, deck(tmp_path / "a", "Alpha"))

    # publish -> two displays show the deck
    d1, d2 = make_display("d1", "g"), make_display("d2", "g")
    d1.start()
    d2.start()
    for d in (d1, d2):
        watcher.wait_status(d.display, _showing(v1), f"showing {v1}")

    # a command comes back with its outcome; a bad one is refused with the reason
    assert send_command(fleet, "d1", "goto 2") == ["d1: ok: goto 2"]
    assert "refused: there is no slide 9" in send_command(fleet, "d1", "goto 9")[0]
    assert send_command(fleet, "d1", "resume") == ["d1: ok: resume"]
    assert send_command(fleet, "group:g", "message Hall B closes at 17:00 --for 10m", timeout=1)
    watcher.wait_status("d2", lambda s: s.get("message") == "Hall B closes at 17:00", "message")
    lines = send_command(fleet, "d2", "screenshot", shot_dir=tmp_path)
    shot = next(line for line in lines if "screenshot saved" in line).rsplit(" ", 1)[-1]
    assert Path(shot).read_bytes().startswith(b"\x89PNG")

    # hostile input on the wire: logged and ignored, the display carries on
    with Session(fleet) as s:
        s.send(s.topics.cmd("d1"), b"\xff\xfe not text")
        s.send(s.topics.cmd("d1"), b'{"text": ' * 300)
        s.send(s.topics.group_cmd("g"), b"x" * 10_000)
        s.send(s.topics.manifest("h"), b"{not json")  # another group's: not even read
    watcher.wait_status("d1", lambda s: len(s.get("problems", [])) >= 3, "three problems logged")
    assert d1.alive()
    assert d2.alive()

    # the broker goes away: the displays keep playing and queue their proof on disk
    broker.stop()
    for d in (d1, d2):
        wait(lambda d=d: len(d.queued()) >= 3, f"{d.display} to queue plays offline")
        assert "connection refused" in d.log_text() or "connection lost" in d.log_text()
    offline = {d.display: d.queued() for d in (d1, d2)}
    wait(lambda: "connection refused" in _fleet_status(d1).get("broker", ""),
         "d1's status file to say why the broker is unreachable")  # fmt: skip

    # the broker is back: every queued play arrives, each exactly once
    broker.start()
    for d in (d1, d2):
        wait(
            lambda d=d: not (set(d.queued()) & set(offline[d.display])),
            f"{d.display} to deliver its queue",
        )
    collect_proof(fleet, archive)
    plays = archive.plays()
    ids = [p["id"] for p in plays]
    assert len(ids) == len(set(ids))
    for display, names in offline.items():
        want = {n.rsplit("-", 1)[-1].removesuffix(".json") for n in names}
        got = {p["id"] for p in plays if p["display"] == display}
        assert want <= got, f"{display}: {len(want - got)} queued plays missing"

    # a tampered file is refused; the last good deck stays
    bad = build_release(deck(tmp_path / "b", "Bravo"), fleet=fleet.fleet, group="g")
    with Session(fleet) as s:
        for entry in bad.manifest.files:
            data = bad.playlist_bytes if entry.path == "playlist.json" else b"tampered"
            assert hashlib.sha256(data).hexdigest() != entry.sha256 or entry.path == "playlist.json"
            s.send(s.topics.file(entry.sha256), data, retain=True)
        s.send(s.topics.manifest("g"), bad.manifest.payload(), retain=True)
    watcher.wait_status(
        "d1", lambda s: any("hash mismatch" in p for p in s.get("problems", [])), "refusal"
    )
    assert watcher.status("d1")["showing"] == v1

    # a deck published while a display is off is shown when it comes back
    assert d2.stop() == 0
    watcher.wait_status("d2", lambda s: not s.get("online"), "d2 offline")
    v3 = _publish(fleet, deck(tmp_path / "c", "Charlie"))
    watcher.wait_status("d1", _showing(v3), f"showing {v3}")
    d2.start()
    watcher.wait_status("d2", _showing(v3), f"d2 showing {v3} after coming back")
    assert "Traceback" not in d1.log_text() + d2.log_text()
    releases = sorted(p.name for p in (d1.cache / "releases").iterdir())
    assert v1 in releases
    assert v3 in releases
    assert bad.manifest.version not in releases
    status = json.loads(d1.status_file.read_text(encoding="utf-8"))
    assert status["mode"] in ("playing", "manual")

    # no broker at start-up: the display plays the deck it cached last
    broker.stop()
    assert d2.stop() == 0
    d2.status_file.unlink()
    d2.start()
    wait(lambda: "connection refused" in _fleet_status(d2).get("broker", ""), "d2 up, no broker")
    status = json.loads(d2.status_file.read_text(encoding="utf-8"))
    assert status["playlist"].endswith("current/playlist.json")
    assert _fleet_status(d2)["deck_version"] == v3
    assert status["slide"]["index"] is not None
