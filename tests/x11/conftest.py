"""A real X server for the tests that need one: Xvfb with no window manager, and xdotool.

`xserver` starts Xvfb on a display number of its own choosing (`-displayfd`), so several
test runs on one machine never collide; `KioskUnderX` runs `kiosk run` on it in a child
process (kiosk mode, fullscreen) and reads its log and status file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def xserver(tmp_path: Path) -> Iterator[str]:
    if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
        pytest.skip("needs Xvfb and xdotool")
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as f:
        number = f.readline().strip()  # written once the server is ready
    if not number:
        proc.kill()
        pytest.skip("Xvfb did not start")
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


class KioskUnderX:
    def __init__(self, display: str, folder: Path, controls: dict[str, Any], runtime: Path) -> None:
        self.display = display
        self.log = folder / "kiosk.log"
        self.status = folder / "status.json"
        playlist = folder / "p.json"
        data = {
            "deck": {"title": "X"},
            "defaults": {"duration": 600, "transition": "none"},
            "controls": controls,
            "slides": [{"type": "title", "title": f"Slide {i}"} for i in range(1, 4)],
        }
        playlist.write_text(json.dumps(data))
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        # the display's keyboard claim (ui/keyboard_claim.py) in the test's own folder
        env["XDG_RUNTIME_DIR"] = str(runtime)
        cmd = [sys.executable, "-m", "kiosk", "run", str(playlist), "--no-watch"]
        cmd += ["--log-file", str(self.log), "--status-file", str(self.status)]
        self.proc = subprocess.Popen(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )

    def log_text(self) -> str:
        try:
            return self.log.read_text()
        except OSError:
            return ""

    def slide(self) -> int | None:
        try:
            return int(json.loads(self.status.read_text())["slide"]["index"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def ready(self) -> bool:
        return "showing " in self.log_text() and self.slide() == 1

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.communicate(timeout=60)


@pytest.fixture
def kiosk_under_x(xserver: str, tmp_path: Path) -> Iterator[Any]:
    started: list[KioskUnderX] = []

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)

    def start(**controls: Any) -> KioskUnderX:
        folder = tmp_path / f"kiosk{len(started)}" if started else tmp_path  # a second one
        folder.mkdir(exist_ok=True)
        k = KioskUnderX(xserver, folder, controls, runtime)
        started.append(k)
        return k

    yield start
    for k in started:
        k.stop()
