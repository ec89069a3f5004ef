"""What the broker refuses (fleet init's passwords and ACL), and the operator commands' edges."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.fleet.config import FleetError, FleetFile, Login
from kiosk.fleet.homeassistant import discovery
from kiosk.fleet.manifest import build_release
from kiosk.fleet.mqtt import Link
from kiosk.fleet.operator import Session, publish_release


def test_a_wrong_password_is_refused_and_says_so(fleet: FleetFile, broker: Any) -> None:
    link = Link(fleet.broker, Login("d1", "not-the-password"), "kiosk-t-intruder", max_backoff=1)
    link.start()
    try:
        with pytest.raises(FleetError, match="refused login 'd1': not authorized"):
            link.wait_connected(5)
    finally:
        link.stop()


def test_an_untrusted_certificate_is_a_tls_error(fleet: FleetFile, broker: Any) -> None:
    from dataclasses import replace

    other_ca = fleet.broker.ca_pem and None  # the system's CAs do not know our own CA
    link = Link(replace(fleet.broker, ca_pem=other_ca), fleet.operator_login(), "kiosk-t-tls")
    link.start()
    try:
        with pytest.raises(FleetError, match="TLS: the broker's certificate is not trusted"):
            link.wait_connected(5)
    finally:
        link.stop()


def test_a_display_cannot_write_another_displays_topics_or_a_deck(
    fleet: FleetFile, broker: Any
) -> None:
    t = fleet.topics
    link = Link(fleet.broker, fleet.display_login("d1"), "kiosk-t-d1-rogue")
    link.start()
    try:
        link.wait_connected(10)
        for topic in (t.status("d2"), t.manifest("g2"), t.file("0" * 64), t.cmd("d3")):
            info = link.publish(topic, b'{"forged": true}', retain=True)
            assert info is not None
            info.wait_for_publish(10)  # MQTT 3.1.1: the broker acknowledges, then drops it
        own = link.publish(t.status("d1"), b'{"mine": true}', retain=True)
        assert own is not None
        own.wait_for_publish(10)
    finally:
        link.stop()
    with Session(fleet) as s:
        s.barrier([t.status("d1"), t.status("d2"), t.manifest("g2"), t.file("0" * 64), t.cmd("d3")])
        got = {topic: payload for topic, payload, _ in s.messages}
    assert got.get(t.status("d1")) == b'{"mine": true}'
    for topic in (t.status("d2"), t.manifest("g2"), t.file("0" * 64)):
        assert b"forged" not in got.get(topic, b""), topic
    with Session(fleet) as s:  # leave no retained status behind for the other tests
        s.send(t.status("d1"), b"", retain=True)


def test_home_assistant_discovery_is_allowed_for_its_own_device_only(
    fleet: FleetFile, broker: Any
) -> None:
    topics = list(discovery(fleet.topics, "d3", "g"))
    assert any("/button/kiosk-t-d3/next/config" in t for t, _ in topics)
    doc = json.loads(dict(topics)["homeassistant/button/kiosk-t-d3/next/config"])
    assert doc["command_topic"] == fleet.topics.cmd("d3")
    assert doc["payload_press"] == "next"
    link = Link(fleet.broker, fleet.display_login("d3"), "kiosk-t-d3-ha")
    link.start()
    try:
        link.wait_connected(10)
        for topic, payload in [*topics, ("homeassistant/button/kiosk-t-d2/next/config", b"x")]:
            info = link.publish(topic, payload, retain=True)
            assert info is not None
            info.wait_for_publish(10)
    finally:
        link.stop()
    with Session(fleet) as s:
        s.barrier(["homeassistant/#"])
        got = {t for t, p, _ in s.messages if t.startswith("homeassistant/") and p}
        for t in got:
            s.send(t, b"", retain=True)
    assert {t for t, _ in topics} <= got
    assert "homeassistant/button/kiosk-t-d2/next/config" not in got


def test_publish_sends_each_file_once_and_the_same_deck_twice_changes_nothing(
    fleet: FleetFile, broker: Any, deck: Callable[..., Path], tmp_path: Path
) -> None:
    path = deck(tmp_path / "x", "Xray")
    first = publish_release(fleet, build_release(path, fleet=fleet.fleet, group="once"))
    assert sorted(first.sent) == ["pic.svg", "playlist.json"]
    again = publish_release(fleet, build_release(path, fleet=fleet.fleet, group="once"))
    assert again.unchanged == first.version
    assert again.sent == []
    other = publish_release(fleet, build_release(path, fleet=fleet.fleet, group="twice"))
    assert other.sent == []  # another group, same files: already on the broker
    assert other.cached == 2


def test_cli_publish_dry_run_and_a_bad_deck(
    fleet_dir: Path, broker: Any, deck: Callable[..., Path], tmp_path: Path
) -> None:
    path = deck(tmp_path / "y", "Yankee")
    kiosk = [sys.executable, "-m", "kiosk"]
    fleet_file = str(fleet_dir / "fleet.json")
    out = subprocess.run(
        [*kiosk, "publish", str(path), "--fleet", fleet_file, "--group", "dry", "--dry-run"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "would send 2" in out.stdout
    assert "dry run: nothing published" in out.stdout
    path.write_text(path.read_text().replace('"duration": 0.4', '"duration": -1'))
    out = subprocess.run(
        [*kiosk, "publish", str(path), "--fleet", fleet_file, "--group", "dry"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert out.returncode == 1
    assert "defaults.duration: must be greater than 0" in out.stdout


def test_a_qt_free_display_client_switches_at_the_time_published(
    fleet: FleetFile, broker: Any, deck: Callable[..., Path], wait: Callable[..., Any],
    tmp_path: Path,
) -> None:  # fmt: skip
    import time

    from kiosk.fleet.display import DisplayClient

    released: list[Path] = []
    client = DisplayClient(
        FleetFile.load(fleet.path.parent / "displays" / "d3.json"),  # type: ignore[union-attr]
        "d3", "timed", cache_dir=tmp_path / "cache", on_release=released.append,
    )  # fmt: skip
    client.start()
    try:
        wait(client.link.connected.is_set, "d3 to connect")
        release = build_release(
            deck(tmp_path / "t", "Tango"), fleet=fleet.fleet, group="timed", at=time.time() + 4
        )
        publish_release(fleet, release)
        version = release.manifest.version
        wait(lambda: (tmp_path / "cache" / "releases" / version).is_dir(), "the release staged")
        assert released == []  # assembled ahead, shown only at the time
        assert client.cache.current_version() is None
        wait(lambda: released, "the switch at the published time")
        assert client.cache.current_version() == version
    finally:
        client.stop()


def _png_padded_to(size: int) -> bytes:
    """A valid 1x1 PNG of at least `size` bytes (an ancillary tEXt chunk of random text)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pad = b"padding\x00" + os.urandom(size // 2).hex().encode()[:size]
    idat = zlib.compress(b"\x00\xff\x00\x00")
    parts = [chunk(b"IHDR", ihdr), chunk(b"tEXt", pad), chunk(b"IDAT", idat), chunk(b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(parts)


def test_a_file_too_big_for_mqtt_comes_over_http_verified_by_hash(
    fleet: FleetFile, broker: Any, wait: Callable[..., Any], tmp_path: Path
) -> None:
    import functools
    import http.server
    import threading

    from kiosk.fleet.config import MQTT_FILE_LIMIT
    from kiosk.fleet.display import DisplayClient

    folder = tmp_path / "video"
    folder.mkdir()
    big = _png_padded_to(MQTT_FILE_LIMIT + 1)  # a real picture, made big by a text chunk
    (folder / "big.png").write_bytes(big)
    (folder / "playlist.json").write_text(
        json.dumps({"deck": {"title": "Big"}, "slides": [{"type": "image", "image": "big.png"}]})
    )
    served = tmp_path / "www"
    served.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with pytest.raises(FleetError, match="over HTTP"):
        build_release(folder / "playlist.json", fleet=fleet.fleet, group="big")
    release = build_release(folder / "playlist.json", fleet=fleet.fleet, group="big", base_url=base)
    sha = hashlib.sha256(big).hexdigest()
    (served / sha).write_bytes(big)  # what the operator copies to the static server
    report = publish_release(fleet, release)
    assert report.over_http == ["big.png"]
    assert report.sent == ["playlist.json"]
    released: list[Path] = []
    client = DisplayClient(
        FleetFile.load(fleet_dir_of(fleet) / "displays" / "d2.json"), "d2", "big",
        cache_dir=tmp_path / "cache", on_release=released.append,
    )  # fmt: skip
    client.start()
    try:
        wait(lambda: released, "the release with the file from HTTP")
        assert (released[0].parent / "big.png").read_bytes() == big
    finally:
        client.stop()
        server.shutdown()
        server.server_close()


def fleet_dir_of(fleet: FleetFile) -> Path:
    assert fleet.path is not None
    return fleet.path.parent


def test_a_display_added_later_can_log_in_after_the_broker_reloads(
    fleet_dir: Path, broker: Any
) -> None:
    import signal

    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "fleet", "add-display", str(fleet_dir), "late-1"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    late = FleetFile.load(fleet_dir / "displays" / "late-1.json")
    assert list(late.displays) == ["late-1"]
    assert "user late-1" in (fleet_dir / "acl").read_text()
    broker.proc.send_signal(signal.SIGHUP)
    broker.wait_log("Reloading config", "the broker to reload")
    link = Link(late.broker, late.display_login("late-1"), "kiosk-t-late-1", max_backoff=0.5)
    link.start()
    try:
        link.wait_connected(20)  # refused until the reload is done, then in
    finally:
        link.stop()


def test_prune_drops_only_files_no_deck_names(
    fleet: FleetFile, broker: Any, deck: Callable[..., Path], tmp_path: Path
) -> None:
    from kiosk.fleet.operator import prune_files

    old = build_release(deck(tmp_path / "p1", "Papa"), fleet=fleet.fleet, group="prune")
    publish_release(fleet, old)
    new = build_release(deck(tmp_path / "p2", "Quebec"), fleet=fleet.fleet, group="prune")
    publish_release(fleet, new)
    gone = {f.sha256 for f in old.manifest.files} - {f.sha256 for f in new.manifest.files}
    files, _size = prune_files(fleet, dry_run=True)
    assert files >= len(gone)
    prune_files(fleet)
    t = fleet.topics
    with Session(fleet) as s:
        s.barrier([t.have("+")])
        left = {topic.rsplit("/", 1)[-1] for topic, p, _ in s.messages if p}
    assert not gone & left
    assert {f.sha256 for f in new.manifest.files} <= left
    assert prune_files(fleet, dry_run=True)[0] == 0
