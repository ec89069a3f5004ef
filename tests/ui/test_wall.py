"""Video wall (issue 16): a 2×2 wall of the bundled deck, rendered tile by tile and stitched,
is one picture at the wall's size; a `kiosk run --tile` display shows its own part of it."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from kiosk.cli import main
from kiosk.core.clock import FakeClock
from kiosk.core.loader import LoadedPlaylist, load_playlist
from kiosk.core.wall import Bezel, Wall, make_wall
from kiosk.resources import bundled_playlist
from kiosk.ui.app import Player
from kiosk.ui.render import SEAM_COLOR, render_slide, render_tile, stitch

SCREEN = (640, 360)  # small screens keep the test quick; the maths is the same at 1080p
SEAM = 24


def pixels(image: QImage) -> np.ndarray:
    """H × W × 3 (RGB) of `image`."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    raw = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    return raw.reshape(h, image.bytesPerLine())[:, : w * 4].reshape(h, w, 4)[:, :, 2::-1].copy()


def differ(a: np.ndarray, b: np.ndarray, tol: int = 24) -> float:
    """The share of pixels that differ by more than `tol` levels in a channel."""
    assert a.shape == b.shape
    return float((np.abs(a.astype(int) - b.astype(int)).max(axis=2) > tol).mean())


@pytest.fixture(scope="module")
def deck() -> LoadedPlaylist:
    return load_playlist(bundled_playlist())


def test_stitched_tiles_equal_one_render_at_the_wall_size(qapp: Any, deck: LoadedPlaylist) -> None:
    wall = Wall(2, 2, bezel=Bezel(px=SEAM), named=False)
    cw, ch = wall.canvas_size(SCREEN)
    assert (cw, ch) == (2 * 640 + SEAM, 2 * 360 + SEAM)
    seam = QColor(SEAM_COLOR)
    checked = 0
    for index, slide in enumerate(deck.playlist.slides):
        if not slide.enabled:
            continue
        tiles = {cr: render_tile(deck, index, SCREEN, wall.at(*cr)) for cr in wall.tiles()}
        sheet = pixels(stitch(tiles, wall, SCREEN))
        whole = pixels(render_slide(deck, index, (cw, ch), seams_y=wall.seams_y(SCREEN)))
        # the seams are dark bars; what the wall hides there is simply not shown
        assert (sheet[360 : 360 + SEAM, :] == seam.getRgb()[:3]).all()
        assert (sheet[:, 640 : 640 + SEAM] == seam.getRgb()[:3]).all()
        for col, row in wall.tiles():
            r = wall.tile_rect(SCREEN, col, row)
            part = (slice(r.y, r.bottom), slice(r.x, r.right))
            assert differ(sheet[part], whole[part]) < 0.002, (slide.type, index, col, row)
        checked += 1
    assert checked >= 18


def test_a_seam_moves_the_tiles_apart_not_the_content(qapp: Any, deck: LoadedPlaylist) -> None:
    """The tile right of a seam starts SEAM pixels further into the picture."""
    no_seam = Wall(2, 1, 1, 0)
    with_seam = Wall(2, 1, 1, 0, Bezel(px=SEAM))
    plain = pixels(render_slide(deck, 0, no_seam.canvas_size(SCREEN)))
    wide = pixels(render_slide(deck, 0, with_seam.canvas_size(SCREEN)))
    tile = pixels(render_tile(deck, 0, SCREEN, with_seam))
    assert differ(tile, wide[:, 640 + SEAM :]) < 0.002
    assert differ(tile, plain[:, 640:]) > 0.001  # not simply the next 640 columns


def test_bullets_move_off_a_horizontal_seam(qapp: Any, deck: LoadedPlaylist) -> None:
    """On a 2x2 wall with seams no bullet point is cut by the horizontal seam."""
    from PySide6.QtCore import QSize

    from kiosk.ui.slides import build_slide, make_context

    wall = Wall(2, 2, bezel=Bezel(px=SEAM), named=False)
    seams = wall.seams_y(SCREEN)
    assert seams == ((360, 360 + SEAM),)
    ctx = make_context(deck, QSize(*wall.canvas_size(SCREEN)))
    seen = 0
    for slide in deck.playlist.slides:
        if slide.type != "bullets":
            continue
        plain = build_slide(slide, ctx)
        aware = build_slide(slide, replace(ctx, seams_y=seams))
        try:
            for point in aware.findChildren(QWidget, "point"):
                top, bottom = point.y(), point.y() + point.height()
                assert bottom <= seams[0][0] or top >= seams[0][1], (slide.heading, top, bottom)
            cut = [
                p
                for p in plain.findChildren(QWidget, "point")
                if p.y() < seams[0][1] and p.y() + p.height() > seams[0][0]
            ]
            seen += bool(cut)
        finally:
            for view in (plain, aware):
                view.release()
                view.deleteLater()
    assert seen  # the bundled deck has a bullets slide that a 2x2 wall cuts without this


def test_timeline_rows_move_off_a_horizontal_seam(qapp: Any, deck: LoadedPlaylist) -> None:
    """The bundled timeline on a 2x2 wall: dates, labels and details clear of the seam."""
    from PySide6.QtCore import QSize

    from kiosk.ui.slides import build_slide, make_context
    from kiosk.ui.text import TextLabel

    wall = Wall(2, 2, bezel=Bezel(px=SEAM), named=False)
    (s0, s1) = wall.seams_y(SCREEN)[0]
    ctx = make_context(deck, QSize(*wall.canvas_size(SCREEN)))
    slides = [s for s in deck.playlist.slides if s.type == "timeline"]
    assert slides
    for slide in slides:
        plain = build_slide(slide, ctx)
        aware = build_slide(slide, replace(ctx, seams_y=((s0, s1),)))
        try:

            def cut(view: Any) -> list[str]:
                return [
                    lab.text()
                    for lab in view.findChildren(TextLabel)
                    if lab.y() < s1
                    and lab.y() + lab.height() > s0
                    and lab.y() > view.theme.margin_y * 2  # the heading is not moved
                ]

            assert cut(plain)  # without it, the seam runs through the labels
            assert not cut(aware)
        finally:
            for view in (plain, aware):
                view.release()
                view.deleteLater()


def start(qtbot: Any, deck: LoadedPlaylist, wall: Wall) -> Player:
    player = Player(deck, clock=FakeClock(), windowed=True, wall=wall)
    qtbot.addWidget(player.stage)
    player.start()
    qtbot.waitExposed(player.stage)
    player.stage.resize(*SCREEN)
    player.stage.on_relayout()
    assert player.stage.size().toTuple() == SCREEN
    view = player.stage.current_view
    assert view is not None
    view.finish()
    return player


@pytest.mark.parametrize(("col", "row"), [(1, 0), (0, 1)])
def test_a_running_tile_shows_its_part_of_the_wall(
    qtbot: Any, deck: LoadedPlaylist, col: int, row: int
) -> None:
    wall = make_wall(f"2x2:{col},{row}", bezel_px=SEAM)
    player = start(qtbot, deck, wall)
    try:
        stage = player.stage
        assert stage.canvas_size().toTuple() == wall.canvas_size(SCREEN)
        assert stage.theme.size.toTuple() == wall.canvas_size(SCREEN)
        assert stage.screen_theme.size.toTuple() == SCREEN
        shown = pixels(stage.grab().toImage())
        expected = pixels(render_tile(deck, 0, SCREEN, wall))
        line = player.overlays.progress.height()
        body = (slice(0, SCREEN[1] - 2 * line), slice(None))  # above the progress line
        assert differ(shown[body], expected[body]) < 0.01
        # the overlays of one big screen: the progress line along the bottom row only
        assert player.overlays.progress.isVisible() is (row == 1)
        if row == 1:
            assert player.overlays.progress.geometry() == QRect(
                0, SCREEN[1] - line, SCREEN[0], line
            )
    finally:
        player.shutdown()


def test_the_progress_line_spans_the_wall(qtbot: Any, deck: LoadedPlaylist) -> None:
    """Half the time left: the left tile's segment is full, the right tile's empty."""
    segments = []
    for col in (0, 1):
        player = start(qtbot, deck, make_wall(f"2x1:{col},0"))
        try:
            progress = player.overlays.progress
            progress._source = lambda: 0.5
            progress.on_tick()
            segments.append(progress._px)
        finally:
            player.shutdown()
    assert segments == [SCREEN[0], 0]


def test_a_tile_fades_where_one_screen_would_slide(qtbot: Any, deck: LoadedPlaylist) -> None:
    """A `slide` on a wall is a fade (a per-tile push breaks at the seams); the layer holds the
    screen-sized parts of both slides, the tile's part of each."""
    wall = make_wall("2x2:1,1", bezel_px=SEAM)
    player = start(qtbot, deck, wall)
    try:
        stage = player.stage
        before = pixels(stage.grab().toImage())
        player.clock.advance(1)  # type: ignore[attr-defined]  # not a rapid press
        assert stage.show_slide(1, kind="slide", direction=1, ms=600)
        assert stage.layer.running()
        assert stage.layer.kind == "fade"
        assert stage.layer._from.size().toTuple() == SCREEN
        assert stage.layer._to.size().toTuple() == SCREEN
        line = player.overlays.progress.height()
        body = (slice(0, SCREEN[1] - 2 * line), slice(None))
        assert differ(pixels(stage.layer._from.toImage())[body], before[body]) < 0.01
        stage.layer.stop()
    finally:
        player.shutdown()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--tile", "2x2:3,0"], "kiosk: --tile 2x2:3,0: column 3 is outside a 2-wide wall"),
        (["--tile", "2x2"], "kiosk: --tile 2x2: which tile is this display?"),
        (["--bezel", "4"], "kiosk: --bezel, --bezel-px and --panel-mm are for a wall"),
        (["--tile", "2x2:0,0", "--bezel", "4"], "kiosk: --bezel 4: also give --panel-mm"),
    ],
)
def test_bad_wall_options_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["run", "--windowed", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_render_tile_writes_each_tile_and_the_stitched_wall(qapp: Any, tmp_path: Path) -> None:
    playlist = tmp_path / "p.json"
    playlist.write_text('{"deck": {"title": "Wall"}, "slides": [{"type": "title", "title": "A"}]}')
    out = tmp_path / "out"
    argv = ["render", str(playlist), "--out", str(out), "--size", "320x180"]
    assert main([*argv, "--tile", "2x2", "--bezel-px", "10"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "01-title-tile0,0.png",
        "01-title-tile0,1.png",
        "01-title-tile1,0.png",
        "01-title-tile1,1.png",
        "01-title-wall.png",
    ]
    assert QImage(str(out / "01-title-wall.png")).size().toTuple() == (650, 370)
    assert QImage(str(out / "01-title-tile1,1.png")).size().toTuple() == (320, 180)
    one = tmp_path / "one"
    assert main(["render", str(playlist), "--out", str(one), "--tile", "3x1:2,0"]) == 0
    assert [p.name for p in one.iterdir()] == ["01-title-tile2,0.png"]


def test_kiosk_run_tile_starts_and_says_which_tile(tmp_path: Path, qtbot: Any) -> None:
    """The command line end to end: a windowed tile starts offscreen, logs its place."""
    log = tmp_path / "kiosk.log"
    status = tmp_path / "status.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "kiosk", "run", "--windowed", "--tile", "2x2:1,1"]
    cmd += ["--bezel", "3.5", "--panel-mm", "1209.6x680.4"]
    cmd += ["--log-file", str(log), "--status-file", str(status)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        qtbot.waitUntil(
            lambda: proc.poll() is not None or (status.exists() and "video wall" in _read(log)),
            timeout=60_000,
        )
        assert proc.poll() is None, proc.communicate()
        assert "video wall: tile 1,1 of a 2x2 wall, 3.5 mm seams on 1209.6×680.4 mm panels" in (
            _read(log)
        )
    finally:
        proc.terminate()
        proc.communicate(timeout=60)


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""
