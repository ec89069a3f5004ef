"""One clip played into a slide: QMediaPlayer → QVideoSink → the latest frame as a QImage.

The slide paints the frame itself (no native video widget), so transitions, grabs, overlays
and `kiosk render` see the video like any other pixels.

- Opened paused: `ClipPlayer(...)` loads the file and decodes the first frame (at `start`)
  without playing, so a video built ahead starts on the frame its slide appears with. With
  `hold=True` (slides) it then closes the decoder and keeps only that frame (`parked`): a
  slide waiting ahead holds 2 MiB of picture instead of FFmpeg's decoder and frame pool
  (~8 MiB more for the bundled 960x540 clip); `play()` opens the file again at `start`,
  the held frame showing until the first new one (~50 ms) replaces it.
- Never a black frame: the empty frame Qt sends at a stop or end is ignored; the last frame
  is held until a new one arrives (at a loop, a seek, the next clip).
- Unattended: an error, a file this build cannot decode (AV1 has no software decoder in Qt's
  FFmpeg build: Qt says nothing and shows nothing — here it is `failed`), or no new frame for
  `STALL_MS` while playing is `failed(reason)`; the slide is then skipped.

QtMultimedia comes from the optional `kiosk[video]` extra (PySide6-Addons): `multimedia_error()`
says in one line what is missing, without importing it at module level.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLoggingCategory, QObject, QUrl

from kiosk.ui.timers import named_timer
from kiosk.ui.video_state import ClipState, count_player, live_players

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoFrame, QVideoSink

__all__ = [
    "EXTRA_HINT",
    "STALL_MS",
    "ClipPlayer",
    "ClipState",
    "count_player",
    "live_players",
    "multimedia",
    "multimedia_error",
    "silence_ffmpeg",
]

log = logging.getLogger("kiosk.video")

EXTRA_HINT = (
    "video slides need Qt Multimedia: pip install 'kiosk[video]' "
    "(PySide6-Addons, the same version as PySide6-Essentials)"
)
STALL_MS = 5000  # playing, and no new frame for this long: the clip is abandoned
_QUIET = "\n".join(
    (
        "qt.multimedia.*.info=false",
        "qt.multimedia.symbolsresolver.warning=false",  # optional PipeWire / VA-API
        "qt.multimedia.ffmpeg.mediadataholder.warning=false",  # a bad file: failed() says it
    )
)
_quieted = False


def _cap_malloc_arenas() -> None:
    """Two malloc arenas at most (glibc): FFmpeg's decoder threads each got their own, and the
    bundled deck's 2-hour soak grew 13.5 MiB instead of 5.4 MiB without video; capped, it
    grows 5.7 MiB, as much as the deck without video (measured with `kiosk.soak`)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to cap
        _libc().mallopt(-8, 2)  # M_ARENA_MAX


_ffmpeg_quiet = False
AV_LOG_QUIET, AV_LOG_ERROR = -8, 16
FFMPEG_LOG_LEVEL = AV_LOG_ERROR  # `kiosk validate` sets AV_LOG_QUIET: it says problems itself


def _quiet_ffmpeg() -> None:
    """FFmpeg (in the Qt wheel) prints a stream dump ("Input #0, mov,mp4…", a dozen lines) on
    stderr at every open, past Qt's logging: every loop of the deck, in the journal. Keep its
    errors ("moov atom not found"), drop the rest. Once, after the backend has loaded it."""
    global _ffmpeg_quiet
    if _ffmpeg_quiet or not sys.platform.startswith("linux"):
        return
    _ffmpeg_quiet = True
    import glob
    import os

    import PySide6

    libdir = os.path.join(os.path.dirname(PySide6.__file__), "Qt", "lib")
    for path in sorted(glob.glob(os.path.join(libdir, "libavutil.so.*")))[:1]:
        with contextlib.suppress(OSError, AttributeError):  # not loaded, or another FFmpeg
            lib = ctypes.CDLL(path, mode=os.RTLD_NOLOAD | os.RTLD_LAZY)
            lib.av_log_set_level(FFMPEG_LOG_LEVEL)
            _avutil.append(lib)


_avutil: list[ctypes.CDLL] = []  # FFmpeg's libavutil, once it is loaded and quieted


def silence_ffmpeg() -> None:
    """No FFmpeg message from now on: a clip released while FFmpeg still opens it makes it
    say "moov atom not found" (its read was cut short), which is no fault of the file."""
    for lib in _avutil:
        with contextlib.suppress(OSError, AttributeError):
            lib.av_log_set_level(AV_LOG_QUIET)


@functools.cache
def _libc() -> ctypes.CDLL:
    """The process's own C library, opened once: each `ctypes.CDLL` makes a new function
    pointer class in a reference cycle (a clip built every loop left one for the garbage
    collector each time)."""
    return ctypes.CDLL(None)


_trim_due = False  # a clip was released since the heap was last trimmed


def _trim_heap() -> None:
    """Give the memory freed by released clips back to the system (glibc `malloc_trim`).

    glibc keeps what FFmpeg's decoders freed: 3,000 switches between two clips grew RSS from
    179 to 200 MiB with one player alive throughout; trimmed at each build, 2,000 switches
    stayed at 126 MiB (±2). A trim costs ~3 ms, paid when the next clip is built (ahead).
    """
    global _trim_due
    if not _trim_due or not sys.platform.startswith("linux"):
        return
    _trim_due = False
    with contextlib.suppress(OSError, AttributeError):
        _libc().malloc_trim(0)


def multimedia() -> Any:
    """The `PySide6.QtMultimedia` module; raises ImportError when it cannot be loaded."""
    global _quieted
    if not _quieted:
        _cap_malloc_arenas()
        # the FFmpeg backend warns at load about optional libraries it can do without
        # (PipeWire, VA-API): noise in the log of every display without a GPU
        QLoggingCategory.setFilterRules(_QUIET)
        _quieted = True
    return importlib.import_module("PySide6.QtMultimedia")


def multimedia_error() -> str | None:
    """None when video can play; else one line saying what to install."""
    try:
        multimedia()
    except ModuleNotFoundError:
        return EXTRA_HINT
    except ImportError as e:  # the Addons wheel is there; a Debian library it loads is not
        return f"Qt Multimedia does not load ({e}): install libpulse0 (see README, Video)"
    return None


class ClipPlayer(ClipState):
    """Plays one file into `image` in this process; emits `frame` for each new one, `ended`,
    `failed`."""

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
        qm = multimedia()
        _trim_heap()
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
        self._qm = qm
        self._status = qm.QMediaPlayer.MediaStatus
        self._codec_of = qm.QMediaMetaData.Key.VideoCodec
        self._av1 = qm.QMediaFormat.VideoCodec.AV1
        self._seamless = loop and self.start_ms == 0 and self.end_ms is None
        self._stall = named_timer(self, "video-stall", self.on_stall, STALL_MS)
        self._park = named_timer(self, "video-park", self._close, 0)
        self._player: QMediaPlayer | None = None
        self._sink: QVideoSink | None = None
        self._audio: QAudioOutput | None = None
        self._open()
        self._player_now().pause()  # decodes the first frame, and waits

    def _open(self) -> None:
        """A player and sink on the file, at `start`, paused (nothing decoded yet)."""
        qm = self._qm
        self.parked = False
        player = qm.QMediaPlayer(self)
        _quiet_ffmpeg()  # the backend (and its FFmpeg) is loaded with the first player
        sink = qm.QVideoSink(self)
        if not self.muted:
            self._audio = qm.QAudioOutput(self)
            player.setAudioOutput(self._audio)
        player.setVideoOutput(sink)
        player.setLoops(qm.QMediaPlayer.Loops.Infinite if self._seamless else 1)
        sink.videoFrameChanged.connect(self.on_frame)
        player.mediaStatusChanged.connect(self.on_status)
        player.errorOccurred.connect(self.on_error)
        self._player, self._sink = player, sink
        player.setSource(QUrl.fromLocalFile(str(self.path)))
        if self.start_ms:
            player.setPosition(self.start_ms)

    def _close(self) -> None:
        """Stop decoding and delete the player and sink: FFmpeg's decoder, its frame pool
        (10 MiB for a 960x540 clip) and threads go; `image` (the last frame) stays."""
        global _trim_due
        self._park.stop()
        player, sink, audio = self._player, self._sink, self._audio
        self._player = self._sink = self._audio = None
        if player is None or sink is None:
            return
        _trim_due = True
        sink.videoFrameChanged.disconnect(self.on_frame)
        player.mediaStatusChanged.disconnect(self.on_status)
        player.errorOccurred.disconnect(self.on_error)
        player.stop()
        player.setVideoOutput(None)  # type: ignore[arg-type]  # None detaches (stubs: QObject)
        player.setSource(QUrl())
        for obj in (player, sink, audio):
            if obj is not None:
                obj.deleteLater()
        self.parked = not self.error

    def _player_now(self) -> QMediaPlayer:
        """The player, opened again if the clip was parked on its first frame."""
        if self._player is None:
            self._open()
        assert self._player is not None
        return self._player

    # --- control -------------------------------------------------------------------------

    def play(self) -> None:
        if self.error:
            self.failed.emit(self.error)
            return
        if self.released:
            return
        self._park.stop()
        self.playing = True
        self.done = False
        self._player_now().play()  # parked: opened again at `start`; its frame is held
        self._stall.start()

    def pause(self) -> None:
        self.playing = False
        self._stall.stop()
        if self._player is not None:
            self._player.pause()

    def restart(self) -> None:
        """From `start` again (a slide shown again, or a loop that Qt does not do itself)."""
        self._player_now().setPosition(self.start_ms)
        self.play()

    def release(self) -> None:
        """Stop decoding and let go of the file; the frame on screen stays until deleted."""
        self.playing = False
        self.released = True
        self._stall.stop()
        self._close()
        self.parked = False

    def codec_name(self) -> str:
        """The clip's video codec as Qt names it ('H.264', 'AV1'), '' when unknown."""
        if self._player is None:
            return self.codec
        codec = self._player.metaData().value(self._codec_of)
        if codec is None:
            return ""
        name = multimedia().QMediaFormat.videoCodecName(codec)
        return "" if name in ("", "Unspecified") else str(name)

    def position_ms(self) -> int:
        return self.start_ms if self._player is None else int(self._player.position())

    # --- slots ---------------------------------------------------------------------------

    def on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid():
            return  # the empty frame of a stop or an end: hold the last one
        at_ms = frame.startTime() // 1000
        if self.end_ms is not None and at_ms >= self.end_ms and self.frames:
            self._reached_end()
            return
        image = frame.toImage()
        if image.isNull():
            return
        self.image = image
        self.frames += 1
        if self.playing:
            self._stall.start()
        elif self.hold and self.frames == 1:
            self._park.start()  # built ahead: keep this frame, not the decoder (after the slot)
        self.frame.emit()

    def on_status(self, status: object) -> None:
        if status == self._status.LoadedMedia and self._player is not None:
            codec = self._player.metaData().value(self._codec_of)
            self.codec = self.codec_name()
            if codec == self._av1:
                self._fail("AV1 video, which this build of Qt cannot decode: use H.264 or VP9")
        elif status == self._status.InvalidMedia:
            why = self._player.errorString() if self._player is not None else ""
            self._fail(why or "not a video this build can play")
        elif status == self._status.EndOfMedia:
            self._reached_end()

    def on_error(self, error: object, message: str) -> None:
        self._fail(message or str(error))

    def on_stall(self) -> None:
        if self.playing:
            self._fail(f"no new frame for {STALL_MS / 1000:g} s (stalled)")

    def _reached_end(self) -> None:
        if self.done or not self.playing:
            return
        if self.loop and not self._seamless:
            player = self._player_now()
            player.setPosition(self.start_ms)
            player.play()
            return
        if self.loop:
            return  # Qt loops it seamlessly
        self.done = True
        self.playing = False
        self._stall.stop()
        if self._player is not None:
            self._player.pause()
        self.ended.emit()

    def _fail(self, reason: str) -> None:
        if self.error:
            return
        self.error = reason
        self.playing = False
        self._stall.stop()
        if self.report:
            log.error("video %s: %s", self.path.name, reason)
        self.failed.emit(reason)
