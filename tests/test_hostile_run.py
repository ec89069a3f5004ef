"""End to end: a real `kiosk run` keeps going through hostile saves (issues 11 and 13).

The display starts on a deck with a missing image (it plays the rest), then the playlist is
saved with a FIFO, /dev/zero, the <use> bomb, an infinite number, a symlink loop, a NUL byte,
and as a FIFO itself; after each, the status file says the last reload failed and why. Then a
valid save is applied, and SIGTERM ends the process. Waits are on the status file's content.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and signals")

WAIT_MS = 60_000  # generous: the machine is shared; nothing asserts on time


def _hostile() -> Any:
    import importlib.util

    path = Path(__file__).parent / "core" / "hostile.py"
    spec = importlib.util.spec_from_file_location("kiosk_tests_hostile_run", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


H = _hostile()


def save(path: Path, slides: list[dict[str, Any]]) -> None:
    """Save the way editors do: a temp file renamed over the playlist."""
    tmp = path.with_name(".playlist.json.tmp")
    tmp.write_text(json.dumps({"deck": {"title": "Hostile"}, "slides": slides}))
    os.replace(tmp, path)


def status(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError):
        return {}


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path, Path]]:
    (tmp_path / "ok.png").write_bytes(H.png())
    playlist = tmp_path / "playlist.json"
    save(
        playlist,
        [
            {"type": "title", "title": "first"},
            {"type": "image", "image": "missing.png"},
            {"type": "image", "image": "ok.png"},
        ],
    )
    status_file = tmp_path / "status.json"
    log = tmp_path / "kiosk.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "kiosk", "run", str(playlist), "--windowed"]
    cmd += ["--status-file", str(status_file), "--log-file", str(log)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        yield proc, playlist, status_file
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=WAIT_MS / 1000)


def test_a_running_display_survives_hostile_saves(
    qtbot: Any, kiosk: tuple[subprocess.Popen[bytes], Path, Path], tmp_path: Path
) -> None:
    proc, playlist, status_file = kiosk

    def wait(check: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        qtbot.waitUntil(
            lambda: proc.poll() is not None or check(status(status_file)), timeout=WAIT_MS
        )
        assert proc.poll() is None, proc.communicate()
        return status(status_file)

    # start-up with a missing image: plays the others, says which slide is skipped (issue 13)
    doc = wait(lambda d: d.get("skipped_slides") == [2] and d.get("mode") == "playing")
    assert "missing.png" in doc["problems"][0]

    os.mkfifo(tmp_path / "pipe.png")
    (tmp_path / "bomb.svg").write_text(H.use_bomb())
    (tmp_path / "inf.json").write_text('[{"x": "a", "y": 1e999}]')
    (tmp_path / "loop1").symlink_to("loop2")
    (tmp_path / "loop2").symlink_to("loop1")
    chart = {"type": "chart", "heading": "h", "data": "inf.json", "x": "x", "y": "y"}
    saves: list[tuple[dict[str, Any], str]] = [
        ({"type": "image", "image": "pipe.png"}, "is a FIFO (named pipe), not a file"),
        ({"type": "image", "image": "/dev/zero"}, "is a character device, not a file"),
        ({"type": "image", "image": "bomb.svg"}, "through <use>"),
        (chart, "number out of range (1e999)"),
        ({"type": "image", "image": "loop1"}, "symlink loop"),
        ({"type": "image", "image": "a\0b.png"}, "NUL byte"),
    ]
    for slide, reason in saves:
        save(playlist, [{"type": "title", "title": "first"}, slide])
        doc = wait(
            lambda d, r=reason: (
                d.get("last_reload", {}).get("ok") is False and r in d["last_reload"]["message"]
            )
        )
        assert doc["slide"]["count"] == 3  # still the deck it started with

    # the playlist itself becomes a FIFO: refused by name, nothing blocks
    playlist.unlink()
    os.mkfifo(playlist)
    wait(lambda d: "FIFO" in d.get("last_reload", {}).get("message", ""))
    playlist.unlink()

    # the next valid save is applied
    save(playlist, [{"type": "title", "title": "fixed"}, {"type": "image", "image": "ok.png"}])
    doc = wait(lambda d: d.get("last_reload", {}).get("ok") is True)
    doc = wait(lambda d: d["slide"]["count"] == 2 and "skipped_slides" not in d)
    assert doc["errors"] == 0  # each bad save was one warning per problem, not an error loop

    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=WAIT_MS / 1000)
    assert proc.returncode == 0, err
    log = (tmp_path / "kiosk.log").read_text()
    assert "Traceback" not in log + err.decode()
    assert status(status_file)["mode"] == "stopped"


def test_a_deck_with_nothing_playable_shows_the_fallback_and_picks_up_the_fix(
    qtbot: Any, tmp_path: Path
) -> None:
    playlist = tmp_path / "playlist.json"
    playlist.write_text('{"deck": ')
    status_file = tmp_path / "status.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "kiosk", "run", str(playlist), "--windowed"]
    cmd += ["--status-file", str(status_file), "--log-file", str(tmp_path / "k.log")]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        qtbot.waitUntil(
            lambda: proc.poll() is not None or status(status_file).get("showing_fallback") is True,
            timeout=WAIT_MS,
        )
        assert proc.poll() is None  # still on screen, not exit 1
        save(playlist, [{"type": "title", "title": "now fixed"}])
        qtbot.waitUntil(
            lambda: (
                proc.poll() is not None
                or status(status_file).get("slide", {}).get("title") == "now fixed"
            ),
            timeout=WAIT_MS,
        )
        assert proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=WAIT_MS / 1000)
        assert proc.returncode == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_badges_and_logs_name_slides_as_people_count_them(tmp_path: Path) -> None:
    from kiosk.core.loader import check_playlist
    from kiosk.ui.run import _where

    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {
                "deck": {"title": "T"},
                "slides": [
                    {"type": "title", "title": "a"},
                    {"type": "image", "image": "gone.png"},
                    {"type": "chart", "heading": "h", "data": "gone.csv", "x": "x", "y": "y"},
                ],
            }
        )
    )
    problems = check_playlist(path)
    assert [p.slide for p in problems] == ["slide 2 (image)", "slide 3 (chart)"]
    assert str(problems[1]).startswith(f"{path}:1:")
    assert ": slide 3 (chart), slides[2].data: data file 'gone.csv': not found" in str(problems[1])
    assert _where(problems) == " (slide 2 (image), slide 3 (chart))"
