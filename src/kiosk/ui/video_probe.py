"""`kiosk validate` for videos: open each clip, wait for its first frame, name what fails.

Opening a file is not enough: Qt's FFmpeg build opens an AV1 file, reports no error and
never shows a frame. So a clip passes only when a first frame has been decoded within a time
limit, and at most `MAX_SIZE`. Qt (QtMultimedia), so it lives here and not in the core; the
CLI calls `video_problems` only for decks with video slides.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from kiosk.core import errors
from kiosk.core.jsonpos import JsonPath, locate
from kiosk.core.loader import LoadedPlaylist, Problem
from kiosk.core.model import SplitSlide, VideoSlide
from kiosk.ui.timers import named_timer

__all__ = ["MAX_SIZE", "PROBE_MS", "has_videos", "probe_video", "video_problems"]

PROBE_MS = 5000  # a first frame within this long, or the clip fails
MAX_SIZE = (3840, 2160)  # the largest frame the display decodes in software at full rate


def probe_video(
    path: Path, *, timeout_ms: int = PROBE_MS, max_size: tuple[int, int] = MAX_SIZE
) -> str | None:
    """None when `path` plays here (a first frame within `timeout_ms`); else why not."""
    from PySide6.QtCore import QEventLoop

    from kiosk.ui.video_player import ClipPlayer, multimedia_error

    missing = multimedia_error()
    if missing is not None:
        return missing
    clip = ClipPlayer(path, loop=False, report=False)
    loop = QEventLoop()
    clip.frame.connect(loop.quit)
    clip.failed.connect(loop.quit)
    timer = named_timer(loop, "video-probe-timeout", loop.quit, timeout_ms)
    timer.start()
    if not clip.frames and not clip.error:
        loop.exec()
    timer.stop()
    try:
        codec = clip.codec_name()
        if clip.error:
            return _corrupt(clip.error, codec)
        if not clip.frames:
            what = f"{codec} video" if codec else "this video"
            return (
                f"no frame within {timeout_ms / 1000:g} s: {what} cannot be decoded by this "
                "build (use H.264, VP9 or MPEG-4), or the file is corrupt"
            )
        w, h = clip.image.width(), clip.image.height()
        if w > max_size[0] or h > max_size[1]:
            return f"{w}x{h} is over the {max_size[0]}x{max_size[1]} limit"
        return None
    finally:
        clip.release()
        clip.deleteLater()


def _corrupt(error: str, codec: str) -> str:
    if "AV1" in error:
        return error
    codec_part = f", codec {codec}" if codec else ""
    return f"cannot be opened ({error}{codec_part}): a corrupt or truncated file, or not a video"


def _videos(loaded: LoadedPlaylist) -> Iterator[tuple[JsonPath, str]]:
    if backdrop := loaded.playlist.theme.background.video:
        yield ("theme", "background", "video"), backdrop
    for i, slide in enumerate(loaded.playlist.slides):
        video = slide.video if isinstance(slide, VideoSlide | SplitSlide) else None
        if video:
            yield ("slides", i, "video"), video


def has_videos(loaded: LoadedPlaylist) -> bool:
    return any(True for _ in _videos(loaded))


def video_problems(loaded: LoadedPlaylist, *, timeout_ms: int = PROBE_MS) -> list[Problem]:
    """One problem (file:line:col) per video of `loaded` that does not play here."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtGui import QGuiApplication

    from kiosk.ui import video_player

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # validate never shows a window
    _app = QGuiApplication.instance() or QGuiApplication(["kiosk-validate"])
    # validate prints one line per problem: Qt's and FFmpeg's own chatter about the same
    # files (and the GPU-less machine) would only bury them
    video_player.FFMPEG_LOG_LEVEL = video_player.AV_LOG_QUIET
    previous = qInstallMessageHandler(lambda *_: None)
    try:
        return _video_problems(loaded, timeout_ms)
    finally:
        qInstallMessageHandler(previous)


def _video_problems(loaded: LoadedPlaylist, timeout_ms: int) -> list[Problem]:
    pending: list[errors.Pending] = []
    seen: dict[Path, str | None] = {}
    for where, rel in _videos(loaded):
        target = loaded.resolve(rel)
        if target not in seen:
            seen[target] = probe_video(target, timeout_ms=timeout_ms)
        if seen[target]:
            pending.append(errors.Pending(where, f"video file {rel!r}: {seen[target]}"))
    if not pending:
        return []
    pos = locate(loaded.path.read_text(encoding="utf-8"))
    return [errors.place(p, pos, loaded.path) for p in pending]
