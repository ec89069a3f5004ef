"""The start picture (kiosk.core.startpicture): kept after a start, shown at the next one while
every input is the same, never when one changed; a cache that is wrong is no picture."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers.player import write_deck, write_slides
from kiosk.core.loader import load_playlist
from kiosk.core.startpicture import (
    cache_dir,
    deck_files,
    entry_name,
    lookup,
    run_inputs,
    why_not_kept,
    write_entry,
)

PIXELS = bytes(4 * 4 * 4)
SIZE = (4, 4, 1.0)
SCREEN = {"name": "", "geometry": [0, 0, 4, 4], "ratio": 1.0, "platform": "offscreen"}


def args(**kw: Any) -> argparse.Namespace:
    base = {"start": 1, "screen": None, "language": None, "language_mode": None}
    return argparse.Namespace(**{**base, "reduced_motion": False, "windowed": False, **kw})


def keep(path: Path, folder: Path, inputs: dict[str, Any], files: list[Path]) -> None:
    assert write_entry(path, inputs, files, PIXELS, SIZE, SCREEN, folder) is not None


def test_a_kept_picture_is_found_until_the_playlist_or_a_file_changes(tmp_path: Path) -> None:
    deck = write_slides(tmp_path, [{"type": "image", "image": "photo.png"}])
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"not yet a picture")
    folder, inputs = tmp_path / "cache", run_inputs(args())
    assert lookup(deck, inputs, folder) is None  # nothing kept yet
    keep(deck, folder, inputs, [deck, photo])
    kept = lookup(deck, inputs, folder)
    assert kept is not None
    assert (kept.width, kept.height) == (4, 4)

    photo.write_bytes(b"another picture, another size")
    assert lookup(deck, inputs, folder) is None  # a named file changed
    keep(deck, folder, inputs, [deck, photo])
    deck.write_text(deck.read_text().replace("image", "image", 1) + " ", encoding="utf-8")
    assert lookup(deck, inputs, folder) is None  # the playlist's bytes changed


def test_each_set_up_of_a_display_has_its_own_picture(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "p.json")
    folder = tmp_path / "cache"
    keep(deck, folder, run_inputs(args()), [deck])
    assert lookup(deck, run_inputs(args(start=2)), folder) is None
    assert lookup(deck, run_inputs(args(language="zh-Hans")), folder) is None
    assert lookup(deck, run_inputs(args(), {"QT_SCALE_FACTOR": "2"}), folder) is None
    assert lookup(deck, run_inputs(args()), folder) is not None


@pytest.mark.parametrize(
    "damage",
    ["truncated picture", "garbage manifest", "manifest is a FIFO", "huge manifest", "symlink"],
)
def test_a_damaged_cache_is_no_picture_and_no_error(tmp_path: Path, damage: str) -> None:
    deck = write_deck(tmp_path / "p.json")
    folder, inputs = tmp_path / "cache", run_inputs(args())
    keep(deck, folder, inputs, [deck])
    name = entry_name(deck, inputs)
    manifest, picture = folder / f"{name}.json", folder / f"{name}.rgb32"
    if damage == "truncated picture":
        picture.write_bytes(PIXELS[:-1])
    elif damage == "garbage manifest":
        manifest.write_bytes(b"\xff{[not json")
    elif damage == "manifest is a FIFO":
        manifest.unlink()
        os.mkfifo(manifest)
    elif damage == "huge manifest":
        manifest.write_bytes(b" " * (1024 * 1024))
    else:
        real = tmp_path / "elsewhere.json"
        manifest.rename(real)
        manifest.symlink_to(real)
    assert lookup(deck, inputs, folder) is None


def test_an_unwritable_cache_only_means_no_picture(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "p.json")
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    assert write_entry(deck, run_inputs(args()), [deck], PIXELS, SIZE, SCREEN, blocker) is None


def test_the_cache_follows_xdg_cache_home() -> None:
    assert cache_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/kiosk/start-picture")


@pytest.mark.parametrize(
    ("top", "slides", "why"),
    [
        ({"schedule": {"hours": {"mon": "08:00-18:00"}}}, None, "display hours"),
        ({"theme": {"clock": True}}, None, "clock"),
        ({}, [{"type": "title", "title": "A", "show": {"days": ["mon"]}}], "show rule"),
        ({}, [{"type": "video", "video": "clip.mp4"}], "video"),
    ],
)
def test_a_first_frame_that_depends_on_the_time_is_not_kept(
    tmp_path: Path, top: dict[str, Any], slides: list[dict[str, Any]] | None, why: str
) -> None:
    (tmp_path / "clip.mp4").write_bytes(b"")
    deck = write_slides(tmp_path, slides or [{"type": "title", "title": "A"}], **top)
    loaded = load_playlist(deck)
    reason = why_not_kept(loaded, 0, 0, args())
    assert reason is not None
    assert why in reason


def test_the_bundled_deck_is_kept_and_names_its_files(bundled_playlist: Path) -> None:
    loaded = load_playlist(bundled_playlist)
    assert why_not_kept(loaded, 0, 0, args()) is None
    assert why_not_kept(loaded, 0, 1, args()) is not None  # a start with problems: a badge
    assert why_not_kept(loaded, 0, 0, args(windowed=True)) is not None
    files = deck_files(loaded)
    assert files[0] == bundled_playlist
    assert len(files) > 5
    assert all(p.is_file() for p in files)


def _cold_start(deck: Path, cache: Path) -> dict[str, Any]:
    """A real `kiosk run` of `deck` (the benchmark's worker: it leaves once a live slide is
    painted, after a picture being kept is written)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    cmd = [sys.executable, "-m", "kiosk.bench.startup", "kiosk", str(deck), "--no-watch"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("BENCH-RESULT ")]
    assert lines, done.stderr[-2000:]
    return dict(json.loads(lines[-1].removeprefix("BENCH-RESULT ")))


def test_kiosk_run_shows_the_kept_picture_from_the_second_start_on(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "p.json", n=3)
    cache = tmp_path / "cache"
    first = _cold_start(deck, cache)
    assert first["picture"] is False
    assert first["target"].endswith("SlideView")
    assert list((cache / "kiosk" / "start-picture").glob("*.rgb32"))
    second = _cold_start(deck, cache)
    assert second["picture"] is True
    assert second["painted"] < second["live"]  # the picture came before the live slide
    write_deck(deck, n=4)  # the deck changed: its old picture is not shown
    assert _cold_start(deck, cache)["picture"] is False


def test_a_playlist_replaced_by_a_fifo_is_no_picture_and_no_hang(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "p.json")
    folder, inputs = tmp_path / "cache", run_inputs(args())
    keep(deck, folder, inputs, [deck])
    deck.unlink()
    os.mkfifo(deck)  # opening it for reading would wait for a writer forever
    assert lookup(deck, inputs, folder) is None
    assert write_entry(deck, inputs, [deck], PIXELS, SIZE, SCREEN, folder) is None
