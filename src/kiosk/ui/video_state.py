"""What every clip is and says, however it is decoded, and how many are alive."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

__all__ = ["ClipState", "count_player", "live_players"]


class ClipState(QObject):
    """What every clip is and says, however it is decoded (here: `ClipPlayer`; in a process
    of its own: `video_remote.RemoteClip`): `image`, its state, `frame`, `ended`, `failed`."""

    frame = Signal()
    ended = Signal()
    failed = Signal(str)

    def __init__(
        self,
        path: Path,
        *,
        loop: bool = True,
        muted: bool = True,
        start: float = 0.0,
        end: float | None = None,
        report: bool = True,
        hold: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("video-clip")
        count_player(self)
        self.path = path
        self.report = report  # log a failure (the probe says it in its own words)
        self.loop = loop
        self.muted = muted
        self.hold = hold  # keep only the first frame until play(): see `parked`
        self.start_ms = round(start * 1000)
        self.end_ms = None if end is None else round(end * 1000)
        self.image = QImage()
        self.frames = 0
        self.error = ""
        self.playing = False
        self.done = False
        self.parked = False  # the decoder is closed; `image` holds the first frame
        self.released = False
        self.codec = ""


_alive = 0


def count_player(player: QObject) -> None:
    """`player` counts in `live_players()` until Qt deletes it (ClipPlayer, RemoteClip)."""
    global _alive
    _alive += 1
    player.destroyed.connect(_on_destroyed)


def _on_destroyed(_obj: object = None) -> None:
    global _alive
    _alive -= 1


def live_players() -> int:
    """ClipPlayers (each with its QMediaPlayer) not yet deleted (tests: memory stays flat)."""
    return _alive
