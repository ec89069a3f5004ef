"""A video as the deck's background (`theme.background.video`), with real clips encoded by Qt
at test time (no network, no ffmpeg). Waits are on frames and signals, never on time."""

from __future__ import annotations

import itertools
import json
import logging
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from helpers import real_player
from kiosk.core.clock import FakeClock
from kiosk.core.commands import Command, Op
from kiosk.core.loader import load_playlist
from kiosk.core.status import resident_mib
from kiosk.core.wall import Wall
from kiosk.ui.app import Player
from kiosk.ui.video_player import live_players, multimedia_error

pytestmark = [
    pytest.mark.skipif(
        multimedia_error() is not None, reason=f"no Qt Multimedia: {multimedia_error()}"
    ),
]

RED, BLUE, GREEN = QColor("#E0115F"), QColor("#1E60FF"), QColor("#00A050")
POSTER = "#123456"
WAIT = 20_000  # ms: generous, the machine is shared
CORNER = QPoint(6, 355)  # bottom left of a 640x360 stage: no text of a title slide there


def _plain(color: QColor) -> QImage:
    image = QImage(320, 180, QImage.Format.Format_RGB32)
    image.fill(color)
    return image


def _halves(_i: int) -> QImage:
    image = _plain(RED)
    painter = QPainter(image)
    painter.fillRect(160, 0, 160, 180, BLUE)
    painter.end()
    return image


@pytest.fixture(scope="module")
def clips(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bg.mp4 (1 s: red, then blue), tiny.mp4 (4 frames, green), halves.mp4 (left red, right
    blue), junk.mp4 (not a video), poster.png (green)."""
    from kiosk.ui.video_encode import encode_clip

    folder = tmp_path_factory.mktemp("bgclips")
    encode_clip(folder / "bg.mp4", lambda i: _plain(RED if i < 15 else BLUE), 30, fps=30)
    encode_clip(folder / "tiny.mp4", lambda i: _plain(GREEN), 4, fps=30)
    encode_clip(folder / "halves.mp4", _halves, 10, fps=30)
    (folder / "junk.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 40)
    assert _plain(GREEN).save(str(folder / "poster.png"))
    return folder


def _deck(folder: Path, background: dict[str, Any], *, transition: str = "none") -> Path:
    path = folder / "playlist.json"
    doc = {
        "deck": {"title": "Background video"},
        "defaults": {"duration": 30, "transition": transition},
        "theme": {"background": {"color": POSTER, **background}},
        "slides": [{"type": "title", "title": f"Slide {i + 1}"} for i in range(3)],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _player(qtbot: QtBot, path: Path, *, wall: Wall | None = None) -> Player:
    player = real_player(qtbot, path, wall=wall, start=False)
    player.stage.resize(640, 360)
    player.start()
    return player


def _near(a: QColor, b: QColor, tol: int = 40) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def _at(player: Player, point: QPoint = CORNER) -> QColor:
    return player.stage.grab().toImage().pixelColor(point)


def test_the_clip_plays_behind_the_slides(qtbot: QtBot, clips: Path) -> None:
    player = _player(qtbot, _deck(clips, {"video": "bg.mp4"}))
    background = player.stage.background
    assert background.video
    clip = background.clip
    assert clip is not None
    qtbot.waitUntil(lambda: clip.playing and clip.frames >= 3, timeout=WAIT)
    assert not player.stage.context().paint_background  # the slides leave it to the stage
    seen: list[QColor] = []
    clip.frame.connect(lambda: seen.append(_at(player)))
    qtbot.waitUntil(lambda: any(_near(c, BLUE) for c in seen), timeout=WAIT)
    qtbot.waitUntil(lambda: any(_near(c, RED) for c in seen), timeout=WAIT)
    # the slide's own text is still drawn over it
    assert player.stage.current_view is not None
    assert player.stage.current_view.isVisible()


@pytest.mark.parametrize("kind", ["slide", "fade"])
def test_a_transition_runs_over_the_playing_clip(qtbot: QtBot, clips: Path, kind: str) -> None:
    player = _player(qtbot, _deck(clips, {"video": "bg.mp4"}, transition=kind))
    stage, clip = player.stage, player.stage.background.clip
    assert clip is not None
    qtbot.waitUntil(lambda: clip.playing and clip.frames >= 2, timeout=WAIT)
    player.clock.advance(1000)  # not a rapid press (those cut)
    stage.show_slide(1, kind=kind, ms=600_000)  # a transition that lasts the whole test
    assert stage.layer.running()
    assert stage.layer.underlay is not None
    colors: list[QColor] = []
    clip.frame.connect(lambda: colors.append(_at(player)))
    # under the moving content the background is the clip, frame after frame: red, then blue
    qtbot.waitUntil(lambda: any(_near(c, BLUE) for c in colors), timeout=WAIT)
    qtbot.waitUntil(lambda: any(_near(c, RED) for c in colors), timeout=WAIT)
    assert all(_near(c, RED) or _near(c, BLUE) for c in colors)
    assert stage.layer.running()
    stage.layer.stop()


@pytest.mark.parametrize("case", ["junk", "deleted"])
def test_a_clip_that_cannot_play_leaves_the_poster_and_the_display_rotates(
    qtbot: QtBot, clips: Path, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    if case == "deleted":  # valid when loaded, gone when the display opens it
        gone = clips / "gone.mp4"
        gone.write_bytes((clips / "tiny.mp4").read_bytes())
        loaded = load_playlist(_deck(clips, {"video": "gone.mp4"}))
        gone.unlink()
    else:
        loaded = load_playlist(_deck(clips, {"video": "junk.mp4"}))
    clock = FakeClock()
    player = Player(loaded, clock=clock, windowed=True)
    qtbot.addWidget(player.stage, before_close_func=lambda _: player.shutdown())
    player.stage.resize(640, 360)
    with caplog.at_level(logging.ERROR, logger="kiosk.video"):
        player.start()
        qtbot.waitUntil(lambda: not player.stage.background.video, timeout=WAIT)
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.video"]
    assert len(lines) == 1, lines
    assert _near(_at(player), QColor(POSTER), 6)
    clock.advance(30)
    player.on_wake()
    assert player.current_index == 1


def test_the_image_is_the_poster_until_the_first_frame(qtbot: QtBot, clips: Path) -> None:
    player = _player(qtbot, _deck(clips, {"video": "junk.mp4", "image": "poster.png"}))
    qtbot.waitUntil(lambda: not player.stage.background.video, timeout=WAIT)
    assert _near(_at(player), GREEN)


def test_without_the_extra_one_line_and_the_image_background(
    qtbot: QtBot,
    clips: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import kiosk.ui.video_background as vb

    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # import fails
    monkeypatch.setattr(vb, "_told_missing", False)
    with caplog.at_level(logging.ERROR, logger="kiosk.video"):
        player = _player(qtbot, _deck(clips, {"video": "bg.mp4", "image": "poster.png"}))
    lines = [r.getMessage() for r in caplog.records if "kiosk[video]" in r.getMessage()]
    assert lines == [vb.BACKGROUND_HINT]
    assert not player.stage.background.video
    assert player.stage.context().paint_background  # opaque slides, as without a video
    assert _near(_at(player), GREEN)
    player.submit(Command(Op.NEXT))
    assert player.current_index == 1


def test_a_cover_pauses_the_clip_and_a_reload_keeps_it_playing(qtbot: QtBot, clips: Path) -> None:
    path = _deck(clips, {"video": "bg.mp4"})
    player = _player(qtbot, path)
    stage = player.stage
    clip = stage.background.clip
    assert clip is not None
    qtbot.waitUntil(lambda: clip.playing, timeout=WAIT)
    stage.set_cover("black")
    assert not clip.playing
    stage.set_cover(None)
    assert clip.playing
    stage.set_deck(load_playlist(path))  # a hot reload of the slides: the clip runs on
    assert stage.background.clip is clip
    assert clip.playing
    assert live_players() >= 1


def test_memory_stays_flat_over_many_loops(qtbot: QtBot, clips: Path) -> None:
    player = _player(qtbot, _deck(clips, {"video": "tiny.mp4"}))
    clip = player.stage.background.clip
    assert clip is not None
    qtbot.waitUntil(lambda: clip.playing, timeout=WAIT)
    positions: list[int] = []
    clip.frame.connect(lambda: positions.append(clip.position_ms()))

    def loops() -> int:
        return sum(1 for a, b in itertools.pairwise(positions) if b < a)

    qtbot.waitUntil(lambda: loops() >= 5, timeout=WAIT)
    players, before = live_players(), resident_mib()
    qtbot.waitUntil(lambda: loops() >= 60, timeout=4 * WAIT)
    after = resident_mib()
    assert live_players() == players
    assert before is not None
    assert after is not None
    # 55 loops of 4 frames: a frame kept per loop would be 55 x 4 x 225 KiB = 48 MiB
    assert after - before < 16, (before, after)
    assert _near(_at(player), GREEN)  # no black frame at a wrap either


def test_a_wall_tile_shows_its_part_of_the_clip(qtbot: QtBot, clips: Path) -> None:
    path = _deck(clips, {"video": "halves.mp4"})
    for col, expected in ((0, RED), (1, BLUE)):
        player = _player(qtbot, path, wall=Wall(2, 1, col, 0))
        clip = player.stage.background.clip
        assert clip is not None
        qtbot.waitUntil(lambda c=clip: c.frames >= 1, timeout=WAIT)  # type: ignore[misc]
        assert _near(_at(player, QPoint(320, 355)), expected)
        player.shutdown()


def test_render_shows_the_first_frame_or_the_image(qtbot: QtBot, clips: Path) -> None:
    from kiosk.ui.render import render_slide

    frame = render_slide(load_playlist(_deck(clips, {"video": "bg.mp4"})), 0, (640, 360))
    assert _near(frame.pixelColor(CORNER), RED)
    poster = render_slide(
        load_playlist(_deck(clips, {"video": "bg.mp4", "image": "poster.png"})), 0, (640, 360)
    )
    assert _near(poster.pixelColor(CORNER), GREEN)


def test_validate_probes_the_background_video(clips: Path) -> None:
    from kiosk.ui.video_probe import video_problems

    assert video_problems(load_playlist(_deck(clips, {"video": "bg.mp4"}))) == []
    problems = [str(p) for p in video_problems(load_playlist(_deck(clips, {"video": "junk.mp4"})))]
    assert len(problems) == 1
    assert "theme.background.video: video file 'junk.mp4': cannot be opened" in problems[0]
