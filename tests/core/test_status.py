"""The status file: atomic (never half a document), the fields a monitor needs, real memory."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.core import status as status_mod
from kiosk.core.model import Playlist
from kiosk.core.status import StatusBoard, resident_mib, write_status

T0 = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


class Errors:
    count = 2
    last = "ValueError: boom"


def slide() -> object:
    deck = Playlist.model_validate(
        {
            "deck": {"title": "T"},
            "slides": [
                {
                    "type": "metric",
                    "id": "gdp",
                    "value": 1.5,
                    "label": "Added value",
                    "heading": "Growth",
                }
            ],
        }
    )
    return deck.slides[0]


def test_every_read_during_200_rewrites_is_a_whole_document(tmp_path: Path) -> None:
    target = tmp_path / "status.json"
    for n in range(200):
        doc = {"n": n, "padding": "x" * (n * 37 % 5000)}
        write_status(target, doc)
        assert json.loads(target.read_text("utf-8")) == doc
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.json"]  # no temp files left
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_failure_mid_write_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "status.json"
    write_status(target, {"n": 1})

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(status_mod.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        write_status(target, {"n": 2})
    assert json.loads(target.read_text("utf-8")) == {"n": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.json"]


def test_a_doc_that_is_not_json_leaves_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "status.json"
    write_status(target, {"n": 1})
    with pytest.raises(TypeError):
        write_status(target, {"n": object()})
    assert json.loads(target.read_text("utf-8")) == {"n": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.json"]


def test_resident_memory_is_a_plausible_positive_figure() -> None:
    mib = resident_mib()
    assert mib is not None
    assert 1 < mib < 64 * 1024
    before = resident_mib()
    block = bytearray(64 * 1024 * 1024)  # touch 64 MiB
    block[::4096] = b"\x01" * len(block[::4096])
    after = resident_mib()
    assert before is not None
    assert after is not None
    assert after - before > 32
    del block


def test_snapshot_has_what_a_monitor_needs(tmp_path: Path) -> None:
    board = StatusBoard(playlist=Path("/srv/deck/playlist.json"), started_at=T0, errors=Errors())
    board.mode = "playing"
    board.slide(3, slide(), T0 + timedelta(seconds=50), count=12)
    board.reloaded(T0 + timedelta(seconds=40), ok=False, message="playlist.json:4:7: bad")
    doc = board.snapshot(T0 + timedelta(seconds=61.5))
    assert doc["uptime_seconds"] == 61.5
    assert doc["started_at"] == "2024-06-03T09:00:00+00:00"
    assert doc["playlist"] == "/srv/deck/playlist.json"
    assert doc["kiosk_version"] == __version__
    assert doc["mode"] == "playing"
    assert doc["slide"] == {
        "index": 3,
        "count": 12,
        "id": "gdp",
        "type": "metric",
        "title": "Growth",
        "since": "2024-06-03T09:00:50+00:00",
    }
    assert doc["last_reload"] == {
        "at": "2024-06-03T09:00:40+00:00",
        "ok": False,
        "message": "playlist.json:4:7: bad",
    }
    assert (doc["errors"], doc["last_error"]) == (2, "ValueError: boom")
    assert doc["memory_mib"] > 0
    assert doc["pid"] == os.getpid()
    target = tmp_path / "s.json"
    assert board.write(target, T0 + timedelta(seconds=62))
    assert json.loads(target.read_text("utf-8"))["uptime_seconds"] == 62.0


def test_board_write_failure_is_logged_once_and_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    board = StatusBoard(playlist=Path("p.json"), started_at=T0)
    missing = tmp_path / "no-such-dir" / "status.json"
    assert not board.write(missing, T0)
    assert not board.write(missing, T0)
    assert len([r for r in caplog.records if r.levelname == "ERROR"]) == 1
    missing.parent.mkdir()
    assert board.write(missing, T0)
