"""Video slides with real clips, encoded here by Qt at test time (no network, no ffmpeg).

Clips are short (1-2 s) and small (320x180); waits are on frames and signals, never on time.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QPoint, QSize
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from helpers import real_player, write_slides
from helpers.clips import BLUE, red_blue_clips, zombie_children
from kiosk.core.commands import Command, Op
from kiosk.core.loader import load_playlist
from kiosk.ui.slides import SlideBuildError, build_slide, make_context
from kiosk.ui.video_player import EXTRA_HINT, live_players, multimedia_error
from kiosk.ui.video_remote import live_decoders

pytestmark = [
    pytest.mark.skipif(
        multimedia_error() is not None, reason=f"no Qt Multimedia: {multimedia_error()}"
    ),
]

WAIT = 20_000  # ms: generous, the machine is shared


@pytest.fixture(scope="session")
def clips(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with clip.mp4 (1 s: red then blue), short.mp4 (0.5 s) and junk.mp4."""
    return red_blue_clips(tmp_path_factory.mktemp("clips"))


def _deck(folder: Path, slides: list[dict[str, Any]], name: str = "playlist.json") -> Path:
    return write_slides(folder, slides, name=name, title="Video", duration=30)


_player = real_player


def _dark(c: QColor) -> bool:
    return c.red() + c.green() + c.blue() < 120


def _is_clip(c: QColor) -> bool:
    return (c.red() > 150 and c.blue() < 160) or (c.blue() > 150 and c.red() < 120)


def test_the_slide_waits_paused_on_its_first_frame(qtbot: QtBot, clips: Path) -> None:
    loaded = load_playlist(_deck(clips, [{"type": "video", "video": "clip.mp4"}]))
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(640, 360)))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.clip.frames >= 1, timeout=WAIT)
    assert not view.clip.playing
    image = view.grab().toImage()
    assert _is_clip(image.pixelColor(view.video_rect.center()))
    view.release()


def test_a_loop_wraps_without_a_black_frame(qtbot: QtBot, clips: Path) -> None:
    loaded = load_playlist(_deck(clips, [{"type": "video", "video": "short.mp4"}]))
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(480, 270)))
    qtbot.addWidget(view)
    view.show()
    seen: list[tuple[int, QColor]] = []

    def on_frame() -> None:
        at = view.video_rect.center()
        seen.append((view.clip.position_ms(), view.grab().toImage().pixelColor(at)))

    view.clip.frame.connect(on_frame)
    view.enter()
    # two wraps: the position goes back to the start twice
    qtbot.waitUntil(
        lambda: sum(1 for a, b in itertools.pairwise(seen) if b[0] < a[0]) >= 2,
        timeout=WAIT,
    )
    assert not [c.name() for _, c in seen if _dark(c) or not _is_clip(c)]
    view.release()


def _onto_the_clip(qtbot: QtBot, clips: Path) -> tuple[Any, Any]:
    """A title, then a clip slide built ahead on its first frame, → pressed: (stage, view)."""
    path = _deck(
        clips,
        [{"type": "title", "title": "Before"}, {"type": "video", "video": "clip.mp4"}],
    )
    player = _player(qtbot, path)
    stage = player.stage
    qtbot.waitUntil(lambda: stage.is_built(1), timeout=WAIT)
    ahead = stage.pool._views[1]
    qtbot.waitUntil(lambda: ahead.clip.frames >= 1, timeout=WAIT)
    player.submit(Command(Op.NEXT))
    assert stage.current_view is ahead
    return stage, ahead


def test_a_video_built_ahead_appears_on_its_first_frame(qtbot: QtBot, clips: Path) -> None:
    stage, ahead = _onto_the_clip(qtbot, clips)
    first = stage.grab().toImage()  # the first frame the slide is on screen
    assert _is_clip(first.pixelColor(ahead.video_rect.center()))
    # the clip starts once that frame is flushed: FFmpeg's threads do not compete with it
    assert not ahead.clip.playing
    with qtbot.waitSignal(stage.frame_painted, timeout=WAIT):
        pass
    qtbot.waitUntil(lambda: ahead.clip.playing, timeout=WAIT)


def test_a_video_plays_even_when_no_frame_is_flushed(qtbot: QtBot, clips: Path) -> None:
    """The clip waits for the stage's next frame; with none to come, it starts anyway."""
    from PySide6.QtCore import QTimer

    stage, ahead = _onto_the_clip(qtbot, clips)
    fallback = ahead.panel.findChild(QTimer, "video-after-frame")
    assert fallback is not None
    assert fallback.isActive()
    stage.frame_painted.disconnect()  # as if nothing were repainted
    fallback.timeout.emit()
    assert ahead.clip.playing


def test_a_video_built_ahead_keeps_its_first_frame_not_its_decoder(
    qtbot: QtBot, clips: Path
) -> None:
    """Waiting ahead, the slide holds the frame it will appear with and no decoder process
    (FFmpeg's decoder and its frame pool: ~8 MiB for a 960x540 clip, Qt Multimedia's
    libraries); shown, it plays from the start."""
    path = _deck(
        clips,
        [{"type": "title", "title": "Before"}, {"type": "video", "video": "clip.mp4"}],
    )
    player = _player(qtbot, path)
    stage = player.stage
    qtbot.waitUntil(lambda: stage.is_built(1), timeout=WAIT)
    ahead = stage.pool._views[1]
    qtbot.waitUntil(lambda: ahead.clip.parked, timeout=WAIT)
    qtbot.waitUntil(lambda: live_decoders() == 0, timeout=WAIT)
    assert not ahead.clip.decoding
    ahead.show()
    waiting = ahead.grab().toImage().pixelColor(ahead.video_rect.center())
    ahead.hide()
    assert _is_clip(waiting)
    player.submit(Command(Op.NEXT))
    first = stage.grab().toImage()
    assert _is_clip(first.pixelColor(ahead.video_rect.center()))
    frames = ahead.clip.frames
    qtbot.waitUntil(lambda: ahead.clip.frames > frames + 2, timeout=WAIT)  # it plays
    assert not ahead.clip.parked
    assert ahead.clip.decoding
    assert live_decoders() == 1


def test_a_clip_that_ends_ends_its_slide(qtbot: QtBot, clips: Path) -> None:
    path = _deck(
        clips,
        [
            {"type": "video", "video": "short.mp4", "until_end": True},
            {"type": "title", "title": "After the clip"},
        ],
    )
    player = _player(qtbot, path)
    assert player.current_index == 0
    qtbot.waitUntil(lambda: player.current_index == 1, timeout=WAIT)
    assert player.mode.value == "playing"  # the rotation goes on by itself


def test_a_clip_ending_after_a_step_back_moves_forward(qtbot: QtBot, clips: Path) -> None:

    path = _deck(
        clips,
        [
            {"type": "title", "title": "One"},
            {"type": "video", "video": "short.mp4", "until_end": True},
            {"type": "title", "title": "Three"},
        ],
    )
    player = _player(qtbot, path)
    player.submit(Command(Op.GOTO, index=2))
    player.submit(Command(Op.PREV))  # a presenter steps back onto the clip...
    assert player.current_index == 1
    player.submit(Command(Op.RESUME))  # ...and leaves it to rotate
    qtbot.waitUntil(lambda: player.current_index != 1, timeout=WAIT)
    assert player.current_index == 2


def test_a_broken_file_is_skipped_and_the_display_rotates(qtbot: QtBot, clips: Path) -> None:
    path = _deck(
        clips,
        [
            {"type": "video", "video": "junk.mp4"},
            {"type": "title", "title": "Still here"},
        ],
    )
    player = _player(qtbot, path)
    qtbot.waitUntil(lambda: player.current_index == 1, timeout=WAIT)


def test_a_stalled_clip_is_abandoned_and_the_display_rotates(qtbot: QtBot, clips: Path) -> None:
    path = _deck(
        clips,
        [{"type": "video", "video": "clip.mp4"}, {"type": "title", "title": "Next"}],
    )
    player = _player(qtbot, path)
    view = player.stage.current_view
    qtbot.waitUntil(lambda: view.clip.playing and view.clip.frames >= 2, timeout=WAIT)
    assert view.clip._watch.isActive()  # the watchdog runs while it plays
    view.clip._watch.timeout.emit()  # as if the decoder had sent nothing for 7 s
    qtbot.waitUntil(lambda: player.current_index == 1, timeout=WAIT)
    assert "stuck" in view.clip.error
    qtbot.waitUntil(lambda: live_decoders() == 0, timeout=WAIT)  # it was ended


def test_without_the_extra_one_line_says_what_to_install_and_others_play(
    qtbot: QtBot, clips: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # import fails
    assert multimedia_error() == EXTRA_HINT
    path = _deck(
        clips,
        [
            {"type": "video", "video": "clip.mp4"},
            {"type": "title", "title": "Plays"},
        ],
    )
    loaded = load_playlist(path)
    ctx = make_context(loaded, QSize(640, 360))
    with pytest.raises(SlideBuildError, match=r"pip install 'kiosk\[video\]'"):
        build_slide(loaded.playlist.slides[0], ctx)
    player = _player(qtbot, path)
    assert player.current_index == 1
    lines = [r.getMessage() for r in caplog.records if "kiosk[video]" in r.getMessage()]
    assert len(lines) == 1


def test_render_shows_the_first_frame(qtbot: QtBot, clips: Path) -> None:
    from kiosk.ui.render import render_slide

    loaded = load_playlist(_deck(clips, [{"type": "video", "video": "clip.mp4", "fit": "cover"}]))
    image = render_slide(loaded, 0, (640, 360))
    assert _is_clip(image.pixelColor(QPoint(320, 180)))


def test_hundreds_of_video_switches_leave_no_player_behind(qtbot: QtBot, clips: Path) -> None:
    path = _deck(
        clips,
        [
            {"type": "video", "video": "clip.mp4"},
            {"type": "video", "video": "short.mp4", "fit": "cover"},
        ],
    )
    player = _player(qtbot, path)
    stage = player.stage
    start = live_players()
    assert start >= 1
    for n in range(60):  # each starts a decoder process (~0.2 s of a core)
        player.submit(Command(Op.NEXT))
        # the event loop runs: frames arrive, deleteLater takes effect
        want = (n + 1) % 2
        qtbot.waitUntil(lambda w=want: stage.current_index == w, timeout=WAIT)  # type: ignore[misc]
        view = stage.current_view
        qtbot.waitUntil(lambda v=view: v.clip.frames >= 1, timeout=WAIT)  # type: ignore[misc]
    qtbot.waitUntil(lambda: len(stage.live_views()) <= 2, timeout=WAIT)
    # the one on screen and the one built ahead
    qtbot.waitUntil(lambda: live_players() <= 2, timeout=WAIT)
    qtbot.waitUntil(lambda: live_decoders() <= 1, timeout=WAIT)  # the clip on screen
    assert not zombie_children()  # every decoder that ended was reaped
    assert player.show.rotator.switches >= 60


def test_a_split_slide_plays_its_video_beside_the_text(qtbot: QtBot, clips: Path) -> None:
    slide = {"type": "split", "heading": "H", "text": "Beside the clip", "video": "clip.mp4"}
    loaded = load_playlist(_deck(clips, [slide]))
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(640, 360)))
    qtbot.addWidget(view)
    assert view.video is not None
    qtbot.waitUntil(lambda: view.video.clip.frames >= 1, timeout=WAIT)
    view.enter()
    qtbot.waitUntil(lambda: view.video.clip.frames >= 5, timeout=WAIT)
    image = view.grab().toImage()
    assert _is_clip(image.pixelColor(view.media_rect.center()))
    view.release()


def test_validate_names_the_video_that_does_not_play(clips: Path) -> None:
    from kiosk.ui.video_probe import probe_video, video_problems

    assert probe_video(clips / "clip.mp4") is None
    assert "over the 160x90 limit" in (probe_video(clips / "clip.mp4", max_size=(160, 90)) or "")
    slides = [
        {"type": "video", "video": "clip.mp4"},
        {"type": "video", "video": "junk.mp4"},
    ]
    problems = [str(p) for p in video_problems(load_playlist(_deck(clips, slides, "v.json")))]
    assert len(problems) == 1
    assert "slides[1].video: video file 'junk.mp4': cannot be opened" in problems[0]
    assert problems[0].startswith(f"{clips / 'v.json'}:1:")


def test_an_av1_clip_is_named_not_left_black(qtbot: QtBot, clips: Path) -> None:
    """Qt's FFmpeg build has no software AV1 decoder and says nothing: kiosk must say it.
    (No AV1 encoder here either, so the clip's metadata is made to say AV1.)"""
    from PySide6.QtMultimedia import QMediaFormat, QMediaMetaData, QMediaPlayer

    from kiosk.ui.video_player import ClipPlayer

    clip = ClipPlayer(clips / "clip.mp4", loop=False, report=False)
    meta = QMediaMetaData()
    meta.insert(QMediaMetaData.Key.VideoCodec, QMediaFormat.VideoCodec.AV1)
    clip._player.metaData = lambda: meta  # type: ignore[method-assign]
    with qtbot.waitSignal(clip.failed, timeout=WAIT) as failed:
        clip.on_status(QMediaPlayer.MediaStatus.LoadedMedia)
    assert failed.args == ["AV1 video, which this build of Qt cannot decode: use H.264 or VP9"]
    assert clip.codec_name() == "AV1"
    clip.release()
    clip.deleteLater()


def test_a_cover_pauses_the_clip_and_lifting_it_plays_on(qtbot: QtBot, clips: Path) -> None:
    path = _deck(clips, [{"type": "video", "video": "clip.mp4"}, {"type": "title", "title": "2"}])
    player = _player(qtbot, path)
    view = player.stage.current_view
    qtbot.waitUntil(lambda: view.clip.playing, timeout=WAIT)
    player.stage.set_cover("black")  # B, or the display hours ending
    assert not view.clip.playing
    assert not view.clip._watch.isActive()  # a paused clip is not a stuck one
    player.stage.set_cover(None)
    assert view.clip.playing


def test_a_split_slide_without_the_extra_shows_its_image(
    qtbot: QtBot, clips: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.ui.video_panel as panel

    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setattr(panel, "_told", False)
    ui_image = QImage(200, 100, QImage.Format.Format_RGB32)
    ui_image.fill(BLUE)
    assert ui_image.save(str(clips / "poster.png"))
    slide = {
        "type": "split",
        "heading": "H",
        "text": "Beside the clip",
        "video": "clip.mp4",
        "image": "poster.png",
    }
    loaded = load_playlist(_deck(clips, [slide], "split.json"))
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(640, 360)))
    qtbot.addWidget(view)
    assert view.video is None
    color = view.grab().toImage().pixelColor(view.media_rect.center())
    assert abs(color.blue() - BLUE.blue()) < 20
    assert abs(color.red() - BLUE.red()) < 20


def _shown_clip_slide(qtbot: QtBot, clips: Path, slide: dict[str, Any]) -> Any:
    loaded = load_playlist(_deck(clips, [slide]))
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(480, 270)))
    clip = view.findChild(QObject, "video-clip")
    qtbot.waitUntil(lambda: clip.frames >= 1, timeout=WAIT)
    view.enter()
    view.grab()
    return view


@pytest.mark.parametrize(
    "slide",
    [
        {"type": "video", "video": "clip.mp4"},
        {"type": "split", "heading": "H", "text": "Beside the clip", "video": "clip.mp4"},
    ],
)
def test_a_released_clip_slide_is_freed_without_the_garbage_collector(
    qtbot: QtBot, clips: Path, slide: dict[str, Any]
) -> None:
    """Each clip slide left behind a reference cycle (its panel held the view) with its
    frames in it, for the garbage collector's rare full collections: +50 MiB in a 12-hour
    soak of a deck with a clip."""
    import gc
    import weakref

    view = _shown_clip_slide(qtbot, clips, slide)
    refs = [weakref.ref(view), weakref.ref(view.findChild(QObject, "video-clip"))]
    gc.collect()
    gc.disable()
    try:
        view.release()
        del view
        assert [r() for r in refs] == [None, None], "kept alive by a reference cycle"
    finally:
        gc.enable()
