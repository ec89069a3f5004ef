"""The fleet's parts without a broker: init's files, manifests, the cache, the outbox."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.fleet.cache import Cache, ReleaseError
from kiosk.fleet.config import FleetFile
from kiosk.fleet.init import mosquitto_hash
from kiosk.fleet.manifest import ManifestError, build_release, parse_manifest
from kiosk.fleet.outbox import Outbox

REPO = Path(__file__).resolve().parents[2]


def test_init_writes_a_private_fleet_file_and_one_file_per_display(fleet_dir: Path) -> None:
    operator = FleetFile.load(fleet_dir / "fleet.json")
    assert operator.operator is not None
    assert sorted(operator.displays) == ["d1", "d2", "d3"]
    one = FleetFile.load(fleet_dir / "displays" / "d1.json")
    assert one.operator is None
    assert list(one.displays) == ["d1"]
    assert one.broker.ca_pem is not None
    assert one.broker.ca_pem.startswith("-----BEGIN CERTIFICATE-----")
    assert (fleet_dir / "fleet.json").stat().st_mode & 0o077 == 0
    conf = (fleet_dir / "mosquitto.conf").read_text()
    assert "allow_anonymous false" in conf
    assert "certfile" in conf
    lines = (fleet_dir / "passwd").read_text().splitlines()
    assert sorted(line.split(":")[0] for line in lines) == ["d1", "d2", "d3", "operator"]


def test_password_hash_is_mosquittos_pbkdf2_sha512_format() -> None:
    salt = b"0123456789ab"
    text = mosquitto_hash("secret", salt)
    _, seven, iterations, salt_b64, hash_b64 = text.split("$")
    assert seven == "7"
    assert base64.b64decode(salt_b64) == salt
    want = hashlib.pbkdf2_hmac("sha512", b"secret", salt, int(iterations), 64)
    assert base64.b64decode(hash_b64) == want


def test_files_outside_the_deck_get_a_place_inside_it() -> None:
    release = build_release(REPO / "data" / "playlist.json", fleet="t", group="g")
    paths = [f.path for f in release.manifest.files]
    assert all(not p.startswith(("..", "/")) for p in paths)
    assert "_up/assets/logo.svg" in paths
    assert b"../assets" not in release.playlist_bytes
    assert parse_manifest(release.manifest.payload(), fleet="t", group="g") == release.manifest


def _manifest(**changes: object) -> bytes:
    doc: dict[str, object] = {
        "format": 1, "fleet": "t", "group": "g", "version": "1-abc", "seq": 1, "deck": "abc",
        "published": "2026-01-01T00:00:00+00:00", "at": None, "playlist": "playlist.json",
        "base_url": None,
        "files": [{"path": "playlist.json", "sha256": "a" * 64, "size": 10}],
    }  # fmt: skip
    doc.update(changes)
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"{", "not JSON"),
        (b"[]", "format 1"),
        (_manifest(files=[{"path": "/etc/passwd", "sha256": "a" * 64, "size": 1}]), "not inside"),
        (_manifest(files=[{"path": "a/../../x", "sha256": "a" * 64, "size": 1}]), "not inside"),
        (_manifest(files=[{"path": "p", "sha256": "XYZ", "size": 1}]), "sha256"),
        (_manifest(files=[{"path": "p", "sha256": "a" * 64, "size": -1}]), "size"),
        (_manifest(files=[{"path": "p", "sha256": "a" * 64, "size": 2**40}]), "size"),
        (_manifest(playlist="other.json"), "not among the files"),
        (_manifest(version="../x"), "version"),
        (_manifest(group="other"), "this display is t/g"),
        (_manifest(base_url="file:///etc"), "base_url"),
        (b" " * 300_000, "limit"),
    ],
)
def test_a_hostile_manifest_is_refused_with_a_reason(payload: bytes, message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        parse_manifest(payload, fleet="t", group="g")


def test_cache_refuses_a_hash_mismatch_and_survives_a_crash_mid_write(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    data = b"hello"
    sha = hashlib.sha256(data).hexdigest()
    with pytest.raises(ReleaseError, match="hash mismatch"):
        cache.put(sha, b"tampered")
    assert not cache.has(sha)
    # a process killed mid-download leaves a temporary file: the next start removes it
    leftover = cache.object_path(sha).parent
    leftover.mkdir(parents=True, exist_ok=True)
    (leftover / f".tmp-{sha}-123").write_bytes(b"hel")
    (cache.releases / ".tmp-99-x").mkdir()
    cache = Cache(tmp_path / "c")
    assert list(leftover.iterdir()) == []
    assert cache.release_names() == []
    cache.put(sha, data)
    assert cache.object_path(sha).read_bytes() == data


def test_release_switches_atomically_and_keeps_the_last_three(
    tmp_path: Path, deck: Callable[..., Path]
) -> None:
    cache = Cache(tmp_path / "c")
    versions = []
    for i in range(5):
        release = build_release(deck(tmp_path / f"d{i}", f"Deck {i}"), fleet="t", group="g",
                                now=1000.0 + i)  # fmt: skip
        m = release.manifest
        for f in m.files:
            data = release.playlist_bytes if f.path == m.playlist else release.sources[
                f.sha256].read_bytes()  # fmt: skip
            cache.put(f.sha256, data)
        cache.assemble(m)
        playlist = cache.switch(m)
        versions.append(m.version)
        assert playlist.read_bytes() == release.playlist_bytes
        assert cache.current_version() == m.version
        assert os.path.islink(cache.current)
    assert cache.release_names() == sorted(versions[-3:])
    assert cache.read_state()["version"] == versions[-1]


def test_a_release_that_does_not_validate_is_not_switched_to(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    bad = b'{"deck": {"title": "x"}, "slides": [{"type": "image", "image": "missing.png"}]}'
    sha = hashlib.sha256(bad).hexdigest()
    cache.put(sha, bad)
    manifest = parse_manifest(
        _manifest(files=[{"path": "playlist.json", "sha256": sha, "size": len(bad)}]),
        fleet="t", group="g",
    )  # fmt: skip
    with pytest.raises(ReleaseError, match="does not validate"):
        cache.assemble(manifest)
    assert cache.current_version() is None
    assert cache.release_names() == []


def test_outbox_keeps_plays_until_acknowledged(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o")
    names = [box.add({"id": f"p{i}", "ts_ms": 1000 + i}) for i in range(3)]
    (tmp_path / "o" / ".tmp-half-written.json").write_bytes(b"{")
    assert [n for n, _ in box.pending()] == names
    box.done(names[0])
    box = Outbox(tmp_path / "o")  # a restart
    assert [json.loads(d)["id"] for _, d in box.pending()] == ["p1", "p2"]
    assert box.count() == 2


def test_kiosk_run_without_a_fleet_imports_nothing_of_it(tmp_path: Path) -> None:
    script = f"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
QTimer.singleShot(300, app.quit)
from kiosk.cli import main
main(["run", "--windowed", "--no-watch", "--log-file", {str(tmp_path / "k.log")!r}])
bad = sorted(m for m in sys.modules if m.startswith(("paho", "kiosk.fleet", "kiosk.ui.fleetlink",
             "cryptography")))
print("FLEET-MODULES", bad)
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_STATE_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120,
        check=False,
    )  # fmt: skip
    assert "FLEET-MODULES []" in out.stdout, out.stdout + out.stderr


def test_a_display_file_names_its_display_and_may_name_its_group(
    fleet_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from kiosk.ui.fleetlink import join_fleet

    one = FleetFile.load(fleet_dir / "displays" / "d1.json")
    assert one.only_display() == "d1"
    assert FleetFile.load(fleet_dir / "fleet.json").only_display() is None
    args = argparse.Namespace(
        fleet=fleet_dir / "displays" / "d1.json", display=None, group=None, home_assistant=False
    )
    assert join_fleet(args) is None
    assert "add --group NAME" in capsys.readouterr().err
    one.group = "lobby"
    one.save(tmp_path / "d1.json")
    again = FleetFile.load(tmp_path / "d1.json")
    assert again.group == "lobby"
    assert again.only_display() == "d1"
