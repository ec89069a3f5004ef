"""Real clips for the video tests, encoded here by Qt at test time (no network, no ffmpeg),
and what the display's decoder processes left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor, QImage

RED, BLUE = QColor("#E0115F"), QColor("#1E60FF")
PLAY_CLIP = Path(__file__).with_name("play_clip.py")


def _frame(i: int, n: int) -> QImage:
    image = QImage(320, 180, QImage.Format.Format_RGB32)
    image.fill(RED if i < n // 2 else BLUE)
    return image


def red_blue_clips(folder: Path) -> Path:
    """clip.mp4 (1 s: red then blue), short.mp4 (0.5 s) and junk.mp4 (not a video) in
    `folder`."""
    from kiosk.ui.video_encode import encode_clip

    encode_clip(folder / "clip.mp4", lambda i: _frame(i, 30), 30, fps=30)
    encode_clip(folder / "short.mp4", lambda i: _frame(i, 15), 15, fps=30)
    (folder / "junk.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 40)
    return folder


def zombie_children() -> list[int]:
    """This process's children that ended and were never reaped."""
    found = []
    for task in Path("/proc/self/task").glob("*/children"):
        for pid in task.read_text().split():
            stat = Path(f"/proc/{pid}/stat")
            if stat.exists() and stat.read_text().rsplit(")", 1)[-1].split()[0] == "Z":
                found.append(int(pid))
    return found


def play_clip(deck: Path, mode: str, platform: dict[str, str]) -> dict[str, Any]:
    """Run `play_clip.py DECK MODE` (kiosk's display, or the plain control) in a process of
    its own with the `platform` environment (QT_QPA_PLATFORM, DISPLAY): what it mapped."""
    env = {**os.environ, "QT_LOGGING_RULES": "qt.qpa.*=false", **platform}
    done = subprocess.run(
        [sys.executable, str(PLAY_CLIP), str(deck), mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [x for x in done.stdout.splitlines() if x.startswith("{")]
    assert lines, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(lines[-1])
    assert result["frames"] >= 5, (mode, done.stderr[-2000:])
    return result
