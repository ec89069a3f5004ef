"""A clip decoded in its own process: what the display plays video with.

`RemoteClip` is a `ClipPlayer` (same signals, state and calls) whose Qt Multimedia and FFmpeg
run in a child process, `kiosk.ui.video_worker`, so the display process never loads them:

- **Memory.** FFmpeg's and Qt Multimedia's libraries (~17 MiB of library pages), the
  decoder's frame pool and what glibc keeps of it are the child's, and all of it goes when
  the clip stops. A clip built ahead keeps only its first frame here, as a `ClipPlayer` does
  (`hold`): its child decodes that frame and ends.
- **Crashes.** A file that crashes or hangs the decoder ends the child (or the watchdog ends
  it): the clip is `failed`, logged in one line naming the file, and the slide is skipped
  like any clip that cannot play. The display keeps rotating.
- **Frames** arrive through shared memory (a memfd) with no copy: `image` wraps the slot the
  child wrote and the slot is given back (`free`) when the next frame replaces it. A frame
  kept beyond that (parked, released, the child gone) is copied first.

The child starts in ~0.2 s. A clip on a slide starts when the slide is shown (after its first
frame is flushed): during the slide's fade in, which shows a still of the slide anyway.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import logging
import mmap
import os
import subprocess
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtGui import QImage

from kiosk.ui import video_child, video_player
from kiosk.ui.timers import named_timer
from kiosk.ui.video_child import live_decoders, reap_decoders

__all__ = ["FIRST_FRAME_MS", "RemoteClip", "decoder_error", "live_decoders", "reap_decoders"]

log = logging.getLogger("kiosk.video")

FIRST_FRAME_MS = 10_000  # a child with no first frame by then is stuck (or the machine is)
LOG_LINES = 20  # a clip's decoder messages logged at most (a broken file can say one a frame)
STUCK_MS = video_player.STALL_MS + 2000  # playing: the child says "stalled" before this
MAX_FRAME = (3840, 2160)  # the largest frame decoded for a display (as `kiosk validate` says)
_missing: str | None = None  # a child said Qt Multimedia does not load here


def decoder_error() -> str | None:
    """None when clips can be decoded here, as far as can be told without loading Qt
    Multimedia into this process; else one line saying what to install."""
    if _missing is not None:
        return _missing
    try:
        found = importlib.util.find_spec("PySide6.QtMultimedia") is not None
    except (ImportError, ValueError):
        found = False
    return None if found else video_player.EXTRA_HINT


class RemoteClip(video_player.ClipState):
    """Plays one file into `image` from a child process; `frame`, `ended`, `failed(str)`."""

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
        max_frame: tuple[int, int] = MAX_FRAME,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(
            path,
            loop=loop,
            muted=muted,
            start=start,
            end=end,
            report=report,
            hold=hold,
            parent=parent,
        )
        self.max_frame = max_frame  # larger frames fail the clip (the decoder says so)
        self._position = self.start_ms
        self._child: video_child.Child | None = None
        self._notifier: QSocketNotifier | None = None
        self._maps: list[mmap.mmap] = []
        self._shown: int | None = None  # the slot `image` wraps
        self._input = b""
        self._logged = 0
        self._watch = named_timer(self, "video-watchdog", self.on_stuck, FIRST_FRAME_MS)
        self._spawn()

    @property
    def decoding(self) -> bool:
        """A decoder process runs for this clip (not parked, released or failed)."""
        return self._child is not None

    # --- the child -----------------------------------------------------------------------

    def _spawn(self) -> None:
        spec = {
            "path": str(self.path),
            "loop": self.loop,
            "muted": self.muted,
            "start": self.start_ms / 1000,
            "end": None if self.end_ms is None else self.end_ms / 1000,
            "max_frame": list(self.max_frame),
        }
        try:
            child = video_child.start(spec)
        except OSError as e:
            self._fail(f"the video decoder does not start: {e.strerror or e}")
            return
        self.parked = False
        self._child = child
        self.destroyed.connect(functools.partial(video_child.abandon, child))
        self._input = b""
        self._notifier = QSocketNotifier(child.events, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_events)
        self._watch.start(FIRST_FRAME_MS)

    def _tell(self, command: str) -> None:
        if self._child is not None:
            self._child.tell(command)

    def _stop_child(self) -> None:
        """End the child; keep the frame on screen as our own."""
        self._own_image()
        self._watch.stop()
        child, self._child = self._child, None
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if child is not None:
            child.close()

    def _own_image(self) -> None:
        """`image` as a copy of its own, and every shared mapping let go."""
        if self._shown is not None:
            self.image = self.image.copy()
            self._shown = None
        maps, self._maps = self._maps, []
        for m in maps:
            with contextlib.suppress(BufferError):  # still exported: closed when collected
                m.close()

    # --- events from the child -----------------------------------------------------------

    def on_events(self) -> None:
        child = self._child
        if child is None:
            return
        try:
            data = os.read(child.events, 1 << 16)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # it ended without being asked to
            code = None
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = child.proc.wait(timeout=0.05)
            self._fail(video_child.ended_how(code))
            self._stop_child()
            return
        self._input += data
        *lines, self._input = self._input.split(b"\n")
        if len(self._input) > 1 << 16:  # not ours: no line is this long
            self._input = b""
        frames = []
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if not isinstance(event, dict):
                continue
            if event.get("ev") == "frame":
                frames.append(event)
            else:
                self._event(event)
        for event in frames[:-1]:  # several came while the display was busy: the newest
            self._tell(f"free {event.get('off')}")
        if frames and self._child is not None and not self.error:
            self._show(frames[-1])

    def _event(self, event: dict[str, Any]) -> None:
        global _missing
        kind = event.get("ev")
        if kind == "log":
            self._logged += 1
            if self._logged <= LOG_LINES:
                level = event.get("level")
                level = level if isinstance(level, int) else logging.WARNING
                log.log(level, "video %s: decoder: %s", self.path.name, str(event.get("msg"))[:500])
            if self._logged == LOG_LINES:
                log.warning("video %s: further decoder messages are not logged", self.path.name)
        elif kind == "ended":
            self._reached_end()
        elif kind == "failed":
            reason = str(event.get("reason") or "the decoder failed")[:300]
            if event.get("missing"):
                _missing = reason
            self._fail(reason)

    def _show(self, event: dict[str, Any]) -> None:
        try:
            off, w, h, bpl = (int(event[k]) for k in ("off", "w", "h", "bpl"))
            fmt, size = QImage.Format(int(event["fmt"])), int(event["size"])
        except (KeyError, TypeError, ValueError):
            return
        wmax, hmax = self.max_frame
        if not (0 < w <= wmax and 0 < h <= hmax and bpl >= w and 0 <= off <= size - bpl * h):
            self._tell(f"free {off}")
            return
        mapping = self._mapping(size)
        if mapping is None:
            return
        image = QImage(memoryview(mapping)[off : off + bpl * h], w, h, bpl, fmt)
        if image.isNull() or image.sizeInBytes() > bpl * h:
            self._tell(f"free {off}")
            return
        previous = self._shown
        self.image, self._shown = image, off
        if previous is not None and previous != off:
            self._tell(f"free {previous}")
        self.frames += 1
        if isinstance(event.get("codec"), str):
            self.codec = event["codec"]
        with contextlib.suppress(TypeError, ValueError):
            self._position = int(event.get("at") or self._position)
        if self.playing:
            self._watch.start(STUCK_MS)
        elif self.hold and self.frames == 1:
            self._stop_child()  # built ahead: keep this frame, not the decoder
            self.parked = True
        self.frame.emit()

    def _mapping(self, size: int) -> mmap.mmap | None:
        """The shared frames mapped to at least `size` bytes (it only grows)."""
        if self._maps and len(self._maps[-1]) >= size:
            return self._maps[-1]
        if self._child is None:
            return None
        try:
            if os.fstat(self._child.frames).st_size < size:
                return None
            self._maps.append(mmap.mmap(self._child.frames, size, access=mmap.ACCESS_READ))
        except (OSError, ValueError):
            return None
        return self._maps[-1]

    # --- control (as ClipPlayer) ---------------------------------------------------------

    def play(self) -> None:
        if self.error:
            self.failed.emit(self.error)
            return
        if self.released:
            return
        self.playing = True
        self.done = False
        if self._child is None:
            self._spawn()  # parked: a new child at `start`; the held frame shows meanwhile
        self._tell("play")
        self._watch.start(max(self._watch.remainingTime(), STUCK_MS))

    def pause(self) -> None:
        self.playing = False
        self._watch.stop()
        self._tell("pause")

    def restart(self) -> None:
        self._position = self.start_ms
        self._tell("restart")  # a new child (parked) starts at `start` anyway
        self.play()

    def release(self) -> None:
        """Stop decoding and let go of the file; the frame on screen stays until deleted."""
        self.playing = False
        self.released = True
        self._stop_child()
        self.parked = False

    def codec_name(self) -> str:
        return self.codec

    def position_ms(self) -> int:
        return self._position

    # --- watchdog and news ---------------------------------------------------------------

    def on_stuck(self) -> None:
        if self._child is None:
            return
        waited = FIRST_FRAME_MS if not self.frames else STUCK_MS
        self._fail(f"the video decoder sent no frame for {waited / 1000:g} s (stuck)")

    def _reached_end(self) -> None:
        if self.done or not self.playing:
            return
        self.done = True
        self.playing = False
        self._watch.stop()
        self.ended.emit()

    def _fail(self, reason: str) -> None:
        if self.error:
            return
        self.error = reason
        self.playing = False
        self._stop_child()
        if self.report:
            log.error("video %s: %s", self.path.name, reason)
        self.failed.emit(reason)
