"""`kiosk run` on a deck whose slide 3 charts a 1,000,000-row file: the first slide is painted
before that file is read; a bad one is reported after, as at a start with problems; a hot
reload of such a deck keeps the display rotating while the worker reads it.

Order of events only, never wall time: the file's reads and the stage's paints are recorded.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from helpers import advance_to_next
from kiosk.core import loader
from kiosk.core.clock import FakeClock
from kiosk.core.loader import load_playlist
from kiosk.core.playable import load_playable
from kiosk.ui.app import Player
from kiosk.ui.latedata import first_slide_only, opening_slide_only
from kiosk.ui.run import _watch, read_later

ROWS = 1_000_000


def _big_csv(path: Path, bad_row: int | None = None) -> None:
    rows = [f"{i},{i % 97}.5" for i in range(ROWS)]
    if bad_row is not None:
        rows[bad_row] = f"{bad_row},lots"
    path.write_text("t,value\n" + "\n".join(rows) + "\n", encoding="utf-8")


def _deck(folder: Path, first_title: str = "One") -> Path:
    slides = [
        {"type": "title", "id": "one", "title": first_title},
        {"type": "title", "id": "two", "title": "Two"},
        {
            "type": "chart",
            "id": "big",
            "kind": "line",
            "heading": "Machine",
            "data": "big.csv",
            "x": "t",
            "y": "value",
            "value_labels": False,
        },
    ]
    path = folder / "playlist.json"
    data = {
        "deck": {"title": "T"},
        "defaults": {"duration": 5, "transition": "none"},
        "slides": slides,
    }
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """'read big.csv' each time the loader reads a data file (any thread)."""
    out: list[str] = []
    real = loader.load_data

    def recording(path: Path, *args: Any) -> Any:
        out.append(f"read {path.name}")
        return real(path, *args)

    monkeypatch.setattr(loader, "load_data", recording)
    return out


def _player(qtbot: QtBot, path: Path, events: list[str]) -> Player:
    playable = load_playable(path, defer_data=first_slide_only(0))
    assert playable.loaded is not None
    player = Player(playable.loaded, clock=FakeClock(), windowed=True)
    qtbot.addWidget(player.stage, before_close_func=lambda _: player.shutdown())
    player.stage.frame_painted.connect(lambda: events.append("painted"))
    return player


def test_the_first_slide_is_painted_before_the_big_file_is_read(
    qtbot: QtBot, tmp_path: Path, events: list[str]
) -> None:
    _big_csv(tmp_path / "big.csv")
    player = _player(qtbot, _deck(tmp_path), events)
    assert events == []  # validated, nothing read: slide 1 names no data file
    player.start()
    late = read_later(player, None)  # as kiosk run does, right after start
    assert late is not None
    qtbot.waitUntil(lambda: "read big.csv" in events and not late.busy(), timeout=60_000)
    assert events.index("painted") < events.index("read big.csv")
    assert events.count("read big.csv") == 1
    assert player.slide_count == 3
    assert not player.overlays.badge.isVisible()


def test_a_bad_big_file_is_reported_after_the_first_frame(
    qtbot: QtBot, tmp_path: Path, events: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    _big_csv(tmp_path / "big.csv", bad_row=700_000)
    path = _deck(tmp_path)
    expected = [str(p) for p in load_playable(path).problems]  # as a start read it at once
    assert len(expected) == 1
    assert "big.csv line 700002" in expected[0]
    events.clear()
    player = _player(qtbot, path, events)
    player.start()
    late = read_later(player, None)
    assert late is not None
    with caplog.at_level(logging.WARNING, logger="kiosk.run"):
        qtbot.waitUntil(lambda: not late.busy() and "read big.csv" in events, timeout=60_000)
    assert events.index("painted") < events.index("read big.csv")
    assert expected[0] in caplog.text  # the same one line, naming the file
    assert player.overlays.badge.isVisible()  # the display stays up, the slide is skipped
    assert "1 slide skipped" in player.overlays.badge.text()
    clock = player.clock
    assert isinstance(clock, FakeClock)
    seen = []
    for _ in range(3):
        advance_to_next(player, clock)
        seen.append(player.stage.current_index)
    assert 2 not in seen


def test_a_hot_reload_of_a_big_deck_keeps_rotating(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _big_csv(tmp_path / "big.csv")
    path = _deck(tmp_path)
    clock = FakeClock()
    player = Player(load_playlist(path), clock=clock, windowed=True)
    qtbot.addWidget(player.stage, before_close_func=lambda _: player.shutdown())
    player.start()
    watcher = _watch(player, path)
    assert watcher is not None
    reading, release = threading.Event(), threading.Event()
    real = loader.load_data

    def held(p: Path, *args: Any) -> Any:  # the reload's read of the big file waits
        reading.set()
        assert release.wait(60)
        return real(p, *args)

    monkeypatch.setattr(loader, "load_data", held)
    _deck(tmp_path, first_title="Uno")
    watcher.check_now()
    qtbot.waitUntil(reading.is_set, timeout=30_000)
    assert watcher.busy()
    shown = [player.stage.current_index]
    advance_to_next(player, clock)  # while the worker reads the million rows
    shown.append(player.stage.current_index)
    assert shown == [0, 1]
    with qtbot.waitSignal(watcher.reloaded, timeout=60_000):
        release.set()
    assert str(player.loaded.playlist.slides[0].title) == "Uno"  # type: ignore[union-attr]
    assert player.stage.current_index == 1  # the same slide, by id
    watcher.stop()


def test_the_slide_the_show_opens_on_decides_what_is_read_first(
    qtbot: QtBot, tmp_path: Path, events: list[str]
) -> None:
    """Slide 1 is disabled and charts the big file; the show opens on slide 2: the big file
    waits for the worker instead of holding up the first frame (a start that read the
    files of `--start`'s slide read it first)."""
    _big_csv(tmp_path / "big.csv")
    path = _deck(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    big = data["slides"].pop()
    data["slides"].insert(0, {**big, "enabled": False})
    path.write_text(json.dumps(data), encoding="utf-8")
    clock = FakeClock()
    playable = load_playable(path, defer_for=opening_slide_only(0, clock))
    assert playable.loaded is not None
    assert events == []  # the slide shown first (two) names no data file
    player = Player(playable.loaded, clock=clock, windowed=True)
    qtbot.addWidget(player.stage, before_close_func=lambda _: player.shutdown())
    player.stage.frame_painted.connect(lambda: events.append("painted"))
    player.start()
    assert player.show.state.index == 1
    late = read_later(player, None)
    assert late is not None
    qtbot.waitUntil(lambda: "read big.csv" in events and not late.busy(), timeout=60_000)
    assert events.index("painted") < events.index("read big.csv")


def test_a_show_that_cannot_be_worked_out_reads_the_start_slides_files(tmp_path: Path) -> None:
    """A language the deck lacks: the player's show says so; the files read first are
    `--start`'s slide's, as before."""
    (tmp_path / "small.csv").write_text("t,value\n1,2\n", encoding="utf-8")
    path = _deck(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["slides"][0] = {**data["slides"][2], "id": "small", "data": "small.csv"}
    data["slides"].pop()
    path.write_text(json.dumps(data), encoding="utf-8")
    defer = opening_slide_only(0, FakeClock(), language="xx")
    loaded = load_playable(path, defer_for=defer).loaded
    assert loaded is not None
    assert loaded.deferred is None  # small.csv (slide 1's) was read at once
