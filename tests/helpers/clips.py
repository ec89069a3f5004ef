"""Real clips for the video tests, encoded here by Qt at test time (no network, no ffmpeg),
and what the display's decoder processes left behind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage

RED, BLUE = QColor("#E0115F"), QColor("#1E60FF")


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
