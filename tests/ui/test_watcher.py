"""Hot reload with real file operations, one test per way an editor saves a file."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.loader import LoadedPlaylist, Problem
from kiosk.ui.watcher import PlaylistWatcher


def _png(width: int = 1, height: int = 1) -> bytes:
    """A real (tiny) PNG: validation reads its header for the pixel size."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = _png()
TIMEOUT = 3000


def deck(title: str = "Hello", **extra: Any) -> dict[str, Any]:
    return {
        "$schema": "playlist.schema.json",
        "deck": {"title": "Test deck"},
        "slides": [
            {"type": "title", "title": title, "image": "img/bg.png", **extra},
            {"type": "chart", "heading": "Growth", "data": "data/g.csv", "x": "year", "y": "v"},
        ],
    }


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2) + "\n"


@pytest.fixture
def playlist(tmp_path: Path) -> Path:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "bg.png").write_bytes(PNG)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "g.csv").write_text("year,v\n2020,1\n2021,2\n")
    path = tmp_path / "playlist.json"
    path.write_text(dump(deck()))
    return path


@pytest.fixture
def watcher(qtbot: Any, playlist: Path) -> Iterator[PlaylistWatcher]:
    w = PlaylistWatcher(playlist, debounce_ms=150, poll_ms=500)
    yield w
    w.stop()


def title_of(loaded: LoadedPlaylist) -> str:
    return loaded.playlist.slides[0].title  # type: ignore[union-attr]


def test_watches_the_playlist_and_every_named_file(
    watcher: PlaylistWatcher, playlist: Path
) -> None:
    names = {
        p.relative_to(playlist.parent.resolve()).as_posix() for p in watcher.watched_files()[1:]
    }
    assert names == {"img/bg.png", "data/g.csv"}


def test_write_in_place(qtbot: Any, watcher: PlaylistWatcher, playlist: Path) -> None:
    inode = playlist.stat().st_ino
    with (
        qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT) as blocker,
        playlist.open("r+") as f,  # same inode, truncated and rewritten
    ):
        f.truncate(0)
        f.write(dump(deck("In place")))
    assert playlist.stat().st_ino == inode
    assert title_of(blocker.args[0]) == "In place"


def test_temp_file_renamed_over(qtbot: Any, watcher: PlaylistWatcher, playlist: Path) -> None:
    for title in ("First rename", "Second rename"):  # the second proves the watch came back
        tmp = playlist.with_name(".playlist.json.tmp")
        tmp.write_text(dump(deck(title)))
        with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT) as blocker:
            os.replace(tmp, playlist)
        assert title_of(blocker.args[0]) == title


def test_vim_backup_then_new_file(qtbot: Any, watcher: PlaylistWatcher, playlist: Path) -> None:
    backup = playlist.with_name("playlist.json~")
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT) as blocker:
        os.rename(playlist, backup)
        playlist.write_text(dump(deck("Vim")))
        backup.unlink()
    assert title_of(blocker.args[0]) == "Vim"


def test_delete_and_recreate(qtbot: Any, watcher: PlaylistWatcher, playlist: Path) -> None:
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT) as blocker:
        playlist.unlink()
        playlist.write_text(dump(deck("Recreated")))
    assert title_of(blocker.args[0]) == "Recreated"


def test_data_file_changed(qtbot: Any, watcher: PlaylistWatcher, playlist: Path) -> None:
    csv = playlist.parent / "data" / "g.csv"
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT) as blocker:
        csv.write_text("year,v\n2020,1\n2021,2\n2022,7\n")
    chart = blocker.args[0].playlist.slides[1]
    assert blocker.args[0].chart_data(chart).series[0][1] == [1.0, 2.0, 7.0]


def test_image_replaced_by_rename(qtbot: Any, watcher: PlaylistWatcher, playlist: Path) -> None:
    new = playlist.parent / "img" / "new.png"
    new.write_bytes(PNG + b"other pixels")
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT):
        os.replace(new, playlist.parent / "img" / "bg.png")


def test_invalid_save_fails_precisely_then_valid_save_reloads(
    qtbot: Any, watcher: PlaylistWatcher, playlist: Path
) -> None:
    bad = deck()
    bad["slides"][0]["duration"] = -5
    with qtbot.waitSignal(watcher.failed, timeout=TIMEOUT) as blocker:
        playlist.write_text(dump(bad))
    problems: list[Problem] = blocker.args[0]
    assert [str(p) for p in problems] == [
        f"{playlist}:11:19: slide 1 (title), slides[0].duration: must be greater than 0 (got -5)"
    ]
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT) as blocker:
        playlist.write_text(dump(deck("Fixed")))
    assert title_of(blocker.args[0]) == "Fixed"


def test_missing_image_fails_and_reloads_when_it_appears(
    qtbot: Any, watcher: PlaylistWatcher, playlist: Path
) -> None:
    image = playlist.parent / "img" / "bg.png"
    with qtbot.waitSignal(watcher.failed, timeout=TIMEOUT) as blocker:
        image.unlink()
    assert [p.message for p in blocker.args[0]] == ["image file 'img/bg.png': not found"]
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT):
        image.write_bytes(PNG)


def test_playlist_removed_then_restored(
    qtbot: Any, watcher: PlaylistWatcher, playlist: Path
) -> None:
    content = playlist.read_text()
    with qtbot.waitSignal(watcher.failed, timeout=TIMEOUT) as blocker:
        playlist.unlink()
    assert [str(p) for p in blocker.args[0]] == [f"{playlist}: file not found"]
    # the same content as before still counts: the display shows a badge until it is back
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT) as blocker:
        playlist.write_text(content)
    assert title_of(blocker.args[0]) == "Hello"


def test_burst_of_writes_gives_one_reload_with_the_final_content(
    qtbot: Any, watcher: PlaylistWatcher, playlist: Path
) -> None:
    seen: list[str] = []
    failures: list[list[Problem]] = []
    watcher.reloaded.connect(lambda loaded: seen.append(title_of(loaded)))
    watcher.failed.connect(failures.append)
    final = dump(deck("Final"))
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT):
        for i in range(1, len(final), 97):  # a slow writer: truncated JSON most of the time
            playlist.write_text(final[:i])
        playlist.write_text(final)
    # a later, separate save: everything queued before it has been delivered by then
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT):
        playlist.write_text(dump(deck("Later")))
    assert seen == ["Final", "Later"]
    assert failures == []


def test_a_save_without_changes_emits_nothing(
    qtbot: Any, watcher: PlaylistWatcher, playlist: Path
) -> None:
    events: list[object] = []
    watcher.reloaded.connect(events.append)
    watcher.failed.connect(events.append)
    playlist.write_text(playlist.read_text())  # touch: new mtime, same bytes
    watcher.check_now()
    qtbot.waitUntil(lambda: not watcher.busy())  # the check runs in a worker thread
    assert events == []
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT):
        playlist.write_text(dump(deck("Changed")))
    assert len(events) == 1


def test_poll_alone_catches_changes(qtbot: Any, playlist: Path) -> None:
    """The safety net: with no file-system events at all, the stat poll still reloads."""
    w = PlaylistWatcher(playlist, debounce_ms=50, poll_ms=100, use_fs_events=False)
    try:
        tmp = playlist.with_name("x.tmp")
        tmp.write_text(dump(deck("Polled")))
        with qtbot.waitSignal(w.reloaded, timeout=TIMEOUT) as blocker:
            os.replace(tmp, playlist)
        assert title_of(blocker.args[0]) == "Polled"
    finally:
        w.stop()


def test_broken_start_then_fixed(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text("{ not json")
    w = PlaylistWatcher(path, debounce_ms=50, poll_ms=200)
    try:
        with qtbot.waitSignal(w.reloaded, timeout=TIMEOUT):
            path.write_text(
                dump({"deck": {"title": "T"}, "slides": [{"type": "title", "title": "x"}]})
            )
    finally:
        w.stop()
