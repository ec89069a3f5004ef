"""Proof of play: one JSON line per slide shown, with real on-screen seconds; rotation by size."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.model import Playlist
from kiosk.core.proof import PROOF_NAME, ProofOfPlay

FIELDS = {"start", "index", "id", "type", "title", "seconds", "how"}


class Wall:
    def __init__(self) -> None:
        self.now = datetime(2024, 6, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def deck() -> Playlist:
    return Playlist.model_validate(
        {
            "deck": {"title": "T"},
            "slides": [
                {"type": "title", "id": "cover", "title": "Smart  Manufacturing\nin Chongqing"},
                {"type": "bullets", "heading": "Why", "points": ["a", "b"]},
                {"type": "metric", "id": "gdp", "value": 1.0, "label": "Added value"},
                {"type": "quote", "text": "Q", "speaker": "Someone"},
            ],
        }
    )


def lines(folder: Path, name: str = PROOF_NAME) -> list[dict[str, object]]:
    return [json.loads(line) for line in (folder / name).read_text("utf-8").splitlines()]


def test_each_slide_shown_is_one_line_with_its_real_seconds(tmp_path: Path) -> None:
    wall = Wall()
    slides = deck().slides
    proof = ProofOfPlay(tmp_path, wall)
    for n in range(9):
        index = n % len(slides)
        proof.showing(index + 1, slides[index], "manual" if n == 4 else "auto")
        wall.advance(10 + n)
    proof.close()
    records = lines(tmp_path)
    assert len(records) == 9
    assert all(set(r) == FIELDS for r in records)
    assert records[0] == {
        "start": "2024-06-03T09:00:00.000+08:00",
        "index": 1,
        "id": "cover",
        "type": "title",
        "title": "Smart Manufacturing in Chongqing",
        "seconds": 10.0,
        "how": "auto",
    }
    assert [r["index"] for r in records] == [1, 2, 3, 4, 1, 2, 3, 4, 1]
    assert [r["seconds"] for r in records] == [10.0 + n for n in range(9)]
    assert [r["title"] for r in records[1:4]] == ["Why", "Added value", "Someone"]
    assert records[1]["id"] is None
    assert records[4]["how"] == "manual"
    starts = [datetime.fromisoformat(str(r["start"])) for r in records]
    assert starts == sorted(starts)


def test_nothing_is_written_while_nothing_is_shown(tmp_path: Path) -> None:
    wall = Wall()
    proof = ProofOfPlay(tmp_path, wall)
    proof.showing(1, deck().slides[0])
    wall.advance(3)
    proof.stop()  # blank / off hours
    wall.advance(3600)
    proof.stop()
    proof.showing(2, deck().slides[1])
    wall.advance(2.5)
    proof.close()
    assert [(r["index"], r["seconds"]) for r in lines(tmp_path)] == [(1, 3.0), (2, 2.5)]


def test_rotates_at_the_size_limit_and_keeps_writing(tmp_path: Path) -> None:
    wall = Wall()
    slide = deck().slides[2]
    proof = ProofOfPlay(tmp_path, wall, max_bytes=2000, backups=3)
    for n in range(100):
        proof.showing(n + 1, slide)
        wall.advance(1)
    proof.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [PROOF_NAME, *(f"{PROOF_NAME}.{i}" for i in (1, 2, 3))]
    assert all((tmp_path / f).stat().st_size <= 2000 for f in files)
    newest = lines(tmp_path)
    assert newest[-1]["index"] == 100  # the last one made it after rotations
    kept = [r["index"] for name in reversed(files) for r in lines(tmp_path, name)]
    assert kept == list(range(kept[0], 101))  # contiguous, oldest dropped


def test_an_unwritable_folder_does_not_stop_the_show(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    wall = Wall()
    proof = ProofOfPlay(blocker / "logs", wall)
    proof.showing(1, deck().slides[0])
    wall.advance(1)
    proof.showing(2, deck().slides[1])  # the write fails: logged, not raised
    proof.showing(3, deck().slides[2])
    proof.close()
    errors = [r for r in caplog.records if r.name == "kiosk.core.proof"]
    assert len(errors) == 2  # the folder once, the first failed write once
    assert "cannot write proof of play" in errors[1].getMessage()
