"""Encode frames drawn with QPainter into a video file, with Qt alone (no ffmpeg binary).

QMediaRecorder + QVideoFrameInput (Qt ≥ 6.8, FFmpeg backend). The FFmpeg build in the
PySide6-Addons wheel is LGPL: it decodes H.264, HEVC, VP8, VP9 but encodes only MPEG-4
Part 2, MPEG-1/2 and Motion JPEG (measured with 6.11.3). MPEG-4 Part 2 in an MP4 file is
what the bundled clip and the tests use; every FFmpeg-based player decodes it.

Used by `tools/make_takeoff_clip.py` (the deck's clip) and by the tests (clips made at test
time, no network). Needs a Q(Gui)Application.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSize, QTimer, QUrl
from PySide6.QtGui import QImage

from kiosk.ui.timers import named_timer
from kiosk.ui.video_player import multimedia

__all__ = ["EncodeError", "encode_clip"]


class EncodeError(RuntimeError):
    """The recorder refused or failed; the message says why."""


def encode_clip(
    path: Path,
    draw: Callable[[int], QImage],
    frames: int,
    *,
    fps: int = 30,
    size: QSize | None = None,
    quality: str = "NormalQuality",
    timeout_ms: int = 120_000,
) -> Path:
    """Write `frames` images, `draw(i)` for each, as an MPEG-4 video at `fps` into `path`."""
    qm = multimedia()
    first = draw(0)
    size = size or first.size()
    session = qm.QMediaCaptureSession()
    source = qm.QVideoFrameInput()
    session.setVideoFrameInput(source)
    recorder = qm.QMediaRecorder()
    session.setRecorder(recorder)
    fmt = qm.QMediaFormat()
    fmt.setFileFormat(qm.QMediaFormat.FileFormat.MPEG4)
    fmt.setVideoCodec(qm.QMediaFormat.VideoCodec.MPEG4)
    recorder.setMediaFormat(fmt)
    recorder.setVideoResolution(size)
    recorder.setVideoFrameRate(fps)
    recorder.setQuality(getattr(qm.QMediaRecorder.Quality, quality))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    recorder.setOutputLocation(QUrl.fromLocalFile(str(path.resolve())))
    loop = QEventLoop()
    sent, errors = [0], [""]  # cells the callbacks below write
    frame_us = 1_000_000 // fps

    def send() -> None:
        while sent[0] < frames:
            n = sent[0]
            image = first if n == 0 else draw(n)
            if image.size() != size:
                image = image.scaled(size)
            frame = qm.QVideoFrame(image.convertToFormat(QImage.Format.Format_RGBA8888))
            frame.setStartTime(n * frame_us)
            frame.setEndTime((n + 1) * frame_us)
            frame.setStreamFrameRate(fps)
            if not source.sendVideoFrame(frame):
                return  # the queue is full: readyToSendVideoFrame calls again
            sent[0] = n + 1
        recorder.stop()

    def on_state(value: object) -> None:
        if value == qm.QMediaRecorder.RecorderState.StoppedState:
            loop.quit()

    def on_error(_error: object, message: str) -> None:
        errors[0] = message
        loop.quit()

    source.readyToSendVideoFrame.connect(send)
    recorder.recorderStateChanged.connect(on_state)
    recorder.errorOccurred.connect(on_error)
    timer = named_timer(loop, "video-encode-timeout", loop.quit, timeout_ms)
    timer.start()
    recorder.record()
    QTimer.singleShot(0, send)
    loop.exec()
    timer.stop()
    if errors[0]:
        raise EncodeError(f"cannot encode {path.name}: {errors[0]}")
    if sent[0] != frames or not path.exists() or path.stat().st_size == 0:
        raise EncodeError(f"cannot encode {path.name}: {sent[0]} of {frames} frames sent")
    return path
