"""The clip decoder's own process: `python -m kiosk.ui.video_worker SPEC` (see `video_remote`).

It plays one file with a `ClipPlayer` (Qt Multimedia, FFmpeg) on Qt's offscreen platform and
hands each decoded frame to the display through shared memory:

- `SPEC` is JSON: the file and how to play it (`path`, `loop`, `muted`, `start`, `end`), and
  two file descriptors it inherited: `events` (a pipe it writes to) and `frames` (a memfd).
- Frames go into one of `SLOTS` slots of the memfd, never into one the display still shows:
  each frame is one line on `events`, `{"ev": "frame", "off": …, "w": …, "h": …, "bpl": …,
  "fmt": …, "at": …, "size": …}`, and the slot stays the display's until it writes
  `free OFFSET` on this process's stdin. With no slot free the newest frame waits for one.
- The other events: `{"ev": "ended"}`, `{"ev": "failed", "reason": …}`, and `{"ev": "log",
  "level": …, "msg": …}` for each warning of Qt's or kiosk's here (the display logs it).
- Commands on stdin, one per line: `play`, `pause`, `restart`, `free OFFSET`, `quit`. The
  end of stdin (the display closed it, or ended however it ended) is `quit` too.

Nothing here is trusted by the display beyond the numbers it checks (`video_remote`): a clip
that crashes FFmpeg ends this process, not the screen.
"""

from __future__ import annotations

import contextlib
import json
import logging
import mmap
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

from kiosk.ui.qtapp import gui_application
from kiosk.ui.qtlog import install_qt_message_handler
from kiosk.ui.video_player import ClipPlayer, multimedia_error, silence_ffmpeg

__all__ = ["MAX_FRAME", "SLOTS", "main"]

log = logging.getLogger("kiosk.video")

SLOTS = 3  # one on screen, one on its way to the display, one being written
MAX_FRAME = (3840, 2160)  # unless the display says (`max_frame`): as `kiosk validate` does
PAGE = mmap.PAGESIZE


class Worker(QObject):
    """Forwards one ClipPlayer's frames and news to the display, and its commands to it."""

    def __init__(
        self, clip: ClipPlayer, events: int, frames: int, max_frame: tuple[int, int] = MAX_FRAME
    ) -> None:
        super().__init__()
        self.clip = clip
        self.max_frame = max_frame
        self._events = events
        self._frames = frames
        self._map: mmap.mmap | None = None
        self._slots: list[int] = []  # offsets of the current layout's slots
        self._slot_bytes = 0
        self._lent: set[int] = set()  # offsets the display holds
        self._waiting = False  # a frame came with no slot free: send the newest when one is
        self._input = b""
        clip.frame.connect(self.on_frame)
        clip.ended.connect(lambda: self.send({"ev": "ended"}))
        clip.failed.connect(lambda reason: self.send({"ev": "failed", "reason": reason}))
        os.set_blocking(0, False)
        self._stdin = QSocketNotifier(0, QSocketNotifier.Type.Read, self)
        self._stdin.activated.connect(self.on_command)

    # --- to the display ------------------------------------------------------------------

    def send(self, event: dict[str, Any]) -> None:
        line = (json.dumps(event) + "\n").encode()
        try:
            while line:
                line = line[os.write(self._events, line) :]
        except OSError:  # the display is gone: so is the reason to decode
            self.quit()

    def on_frame(self) -> None:
        image = self.clip.image
        wmax, hmax = self.max_frame
        if image.width() > wmax or image.height() > hmax:
            self.clip.release()
            self.send(
                {
                    "ev": "failed",
                    "reason": f"{image.width()}x{image.height()} frames are over the "
                    f"{wmax}x{hmax} a display decodes",
                }
            )
            return
        offset = self._free_slot(image.sizeInBytes())
        if offset is None:
            self._waiting = True
            return
        self._waiting = False
        assert self._map is not None
        size = image.sizeInBytes()
        self._map[offset : offset + size] = image.constBits()[:size]
        self._lent.add(offset)
        self.send(
            {
                "ev": "frame",
                "off": offset,
                "w": image.width(),
                "h": image.height(),
                "bpl": image.bytesPerLine(),
                "fmt": image.format().value,
                "at": self.clip.position_ms(),
                "size": len(self._map),
                "codec": self.clip.codec_name() if self.clip.frames == 1 else None,
            }
        )

    def _free_slot(self, size: int) -> int | None:
        """A slot of at least `size` bytes the display does not hold; the memfd grows (never
        shrinks: the display may still show a frame of the old layout) when frames do."""
        if size > self._slot_bytes:
            self._slot_bytes = -(-size // PAGE) * PAGE
            base = os.fstat(self._frames).st_size
            os.ftruncate(self._frames, base + SLOTS * self._slot_bytes)
            self._slots = [base + i * self._slot_bytes for i in range(SLOTS)]
            if self._map is not None:
                self._map.close()
            self._map = mmap.mmap(self._frames, base + SLOTS * self._slot_bytes)
        return next((off for off in self._slots if off not in self._lent), None)

    # --- from the display ----------------------------------------------------------------

    def on_command(self) -> None:
        try:
            data = os.read(0, 4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.quit()
            return
        self._input += data
        *lines, self._input = self._input.split(b"\n")
        for line in lines:
            self.command(line.decode(errors="replace").strip())

    def command(self, line: str) -> None:
        op, _, arg = line.partition(" ")
        if op == "play":
            self.clip.play()
        elif op == "pause":
            self.clip.pause()
        elif op == "restart":
            self.clip.restart()
        elif op == "free":
            with contextlib.suppress(ValueError):
                self._lent.discard(int(arg))
            if self._waiting and not self.clip.image.isNull():
                self.on_frame()
        elif op == "quit":
            self.quit()

    def quit(self) -> None:
        self._stdin.setEnabled(False)
        silence_ffmpeg()  # what FFmpeg says of a read cut short is not the file's fault
        self.clip.release()
        app = gui_application([])
        app.quit()


class ToDisplay(logging.Handler):
    """Warnings here become `log` events: the display writes them into its own log."""

    def __init__(self, events: int) -> None:
        super().__init__(logging.WARNING)
        self._events = events

    def emit(self, record: logging.LogRecord) -> None:
        event = {"ev": "log", "level": record.levelno, "msg": record.getMessage()[:500]}
        with contextlib.suppress(OSError):
            os.write(self._events, (json.dumps(event) + "\n").encode())


def main(argv: list[str]) -> int:
    try:
        spec = json.loads(argv[0])
        events, frames = int(spec["events"]), int(spec["frames"])
    except (IndexError, ValueError, KeyError, TypeError):
        print("usage: python -m kiosk.ui.video_worker SPEC (started by kiosk)", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, handlers=[ToDisplay(events)])
    install_qt_message_handler()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # it draws nothing: no display connection
    app = gui_application(["kiosk-video"])
    missing = multimedia_error()
    if missing is not None:
        line = json.dumps({"ev": "failed", "reason": missing, "missing": True}) + "\n"
        with contextlib.suppress(OSError):
            os.write(events, line.encode())
        return 0
    clip = ClipPlayer(
        Path(spec["path"]),
        loop=bool(spec.get("loop", True)),
        muted=bool(spec.get("muted", True)),
        start=float(spec.get("start", 0.0)),
        end=None if spec.get("end") is None else float(spec["end"]),
        report=False,  # the display logs it, naming the file
    )
    try:
        wmax, hmax = (int(n) for n in spec.get("max_frame", MAX_FRAME))
    except (TypeError, ValueError):
        wmax, hmax = MAX_FRAME
    Worker(clip, events, frames, (wmax, hmax))
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
