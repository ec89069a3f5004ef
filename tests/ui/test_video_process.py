"""The display decodes clips in a process of its own (`kiosk.ui.video_remote`): it never
loads FFmpeg, and a decoder that crashes, hangs or talks nonsense never takes it down."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from helpers import real_player, write_slides
from helpers.clips import play_clip, red_blue_clips, zombie_children
from kiosk.ui import video_child
from kiosk.ui.video_player import multimedia_error
from kiosk.ui.video_remote import RemoteClip, live_decoders

pytestmark = [
    pytest.mark.skipif(
        multimedia_error() is not None, reason=f"no Qt Multimedia: {multimedia_error()}"
    ),
]

WAIT = 20_000  # ms: generous, the machine is shared


@pytest.fixture(scope="module")
def clips(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return red_blue_clips(tmp_path_factory.mktemp("clips"))


def _playing(qtbot: QtBot, clips: Path) -> tuple[Any, Any]:
    """A clip slide on screen, playing, and a title after it: (player, view)."""
    slides = [{"type": "video", "video": "clip.mp4"}, {"type": "title", "title": "After"}]
    player = real_player(qtbot, write_slides(clips, slides, title="Video", duration=30))
    view = player.stage.current_view
    qtbot.waitUntil(lambda: view.clip.playing and view.clip.frames >= 3, timeout=WAIT)
    assert view.clip.decoding
    return player, view


def test_the_display_process_never_loads_ffmpeg(clips: Path, tmp_path: Path) -> None:
    deck = write_slides(tmp_path, [{"type": "video", "video": str(clips / "clip.mp4")}])
    result = play_clip(deck, "kiosk", {"QT_QPA_PLATFORM": "offscreen"})
    assert result["display"]["media"] == []  # no FFmpeg, no Qt Multimedia in the display
    assert [bool(d["media"]) for d in result["decoders"]] == [True]  # one decoder has them


def test_a_crashed_decoder_skips_its_slide_and_the_display_rotates(
    qtbot: QtBot, clips: Path, caplog: pytest.LogCaptureFixture
) -> None:
    player, view = _playing(qtbot, clips)
    os.kill(view.clip._child.proc.pid, signal.SIGSEGV)  # as FFmpeg on a hostile file
    qtbot.waitUntil(lambda: player.current_index == 1, timeout=WAIT)
    assert view.clip.error == "the video decoder crashed (SIGSEGV)"
    lines = [r.getMessage() for r in caplog.records if "crashed" in r.getMessage()]
    assert lines == ["video clip.mp4: the video decoder crashed (SIGSEGV)"]
    qtbot.waitUntil(lambda: live_decoders() == 0, timeout=WAIT)
    assert not zombie_children()


def test_a_hung_decoder_is_killed_and_the_display_rotates(qtbot: QtBot, clips: Path) -> None:
    player, view = _playing(qtbot, clips)
    pid = view.clip._child.proc.pid
    os.kill(pid, signal.SIGSTOP)  # alive, but it will never send a frame or read a command
    view.clip._watch.timeout.emit()  # as if nothing had come for 7 s
    qtbot.waitUntil(lambda: player.current_index == 1, timeout=WAIT)
    assert "stuck" in view.clip.error
    qtbot.waitUntil(lambda: live_decoders() == 0, timeout=WAIT)  # killed, and reaped
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_decoder_cannot_cut_the_frames_short_under_the_display() -> None:
    """A shrunk memfd under a mapped frame would crash the display (SIGBUS): it is sealed."""
    fd = video_child._memfd()
    try:
        os.ftruncate(fd, 1 << 20)  # growing: allowed
        with pytest.raises(PermissionError):
            os.ftruncate(fd, 4096)
    finally:
        os.close(fd)


def test_nonsense_from_a_decoder_is_ignored(qtbot: QtBot, clips: Path) -> None:
    clip = RemoteClip(clips / "clip.mp4", loop=False, report=False)
    qtbot.waitUntil(lambda: clip.frames >= 1, timeout=WAIT)
    good = clip.image.copy()
    size = len(clip._maps[-1])
    for event in (
        {"off": size, "w": 320, "h": 180, "bpl": 1280, "fmt": 4, "size": size},  # past the end
        {"off": -1, "w": 320, "h": 180, "bpl": 1280, "fmt": 4, "size": size},
        {"off": 0, "w": 0, "h": 180, "bpl": 1280, "fmt": 4, "size": size},
        {"off": 0, "w": 320, "h": 180, "bpl": 100, "fmt": 4, "size": size},  # lines overlap
        {"off": 0, "w": 99999, "h": 99999, "bpl": 400000, "fmt": 4, "size": 1 << 40},
        {"off": 0, "w": 320, "h": 180, "bpl": 1280, "fmt": 4, "size": 1 << 40},  # unmapped
        {"off": "x", "w": 320},
        {"w": 320},
    ):
        clip._show({"ev": "frame", **event})
    assert clip.frames == 1
    assert clip.image == good
    clip._event({"ev": "failed", "reason": "x" * 100_000})
    assert len(clip.error) <= 300
    clip.release()
    clip.deleteLater()


def test_frames_over_the_limit_fail_the_clip(qtbot: QtBot, clips: Path) -> None:
    clip = RemoteClip(clips / "clip.mp4", loop=False, report=False, max_frame=(160, 90))
    with qtbot.waitSignal(clip.failed, timeout=WAIT) as failed:
        pass
    assert failed.args == ["320x180 frames are over the 160x90 a display decodes"]
    assert clip.image.isNull()
    clip.release()
    clip.deleteLater()


def test_a_clip_deleted_with_its_slide_leaves_no_decoder(qtbot: QtBot, clips: Path) -> None:
    clip = RemoteClip(clips / "clip.mp4")
    clip.play()
    qtbot.waitUntil(lambda: clip.frames >= 2, timeout=WAIT)
    clip.deleteLater()  # never released: its slide went, with it
    qtbot.waitUntil(lambda: live_decoders() == 0, timeout=WAIT)
    assert not zombie_children()
