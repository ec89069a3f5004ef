"""The overlay pills (counter/clock, mode, "go to N", error badge): they look as the style-sheet
labels they replaced did, show each new text, never read markup, and a fade frame repaints
them without running any Python of theirs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QImage,
    QPainter,
    QPalette,
    QPixmapCache,
    QRegion,
)
from PySide6.QtWidgets import QApplication, QLabel, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from helpers import STAGE_COLOR, cache_sentinel, overlays_on, start_player
from kiosk.core.clock import FakeClock
from kiosk.core.loader import load_playlist
from kiosk.ui import pill as pill_module
from kiosk.ui.overlays import Overlays
from kiosk.ui.pill import Pill, PillLook, draw_pill

MAGENTA = STAGE_COLOR.name()
NAVY = "#163a66"  # the bundled theme's surface
RED = "#b02020"  # the badge
# measured on the style-sheet labels (main before the pills were pictures), test fonts:
# geometry, then (dx, dy) in the pill → colour; the corners are cut round, the padding opaque
BEFORE = {
    (1920, 1080): {
        "overlay-info": (1567, 1016, 238, 46),
        "overlay-mode": (115, 1016, 143, 46),
        "overlay-goto": (872, 1013, 175, 51),
        "overlay-badge": (115, 15, 733, 46),
    },
    (1080, 1920): {
        "overlay-info": (777, 1856, 238, 46),
        "overlay-mode": (65, 1856, 143, 46),
        "overlay-goto": (452, 1853, 175, 51),
        "overlay-badge": (65, 15, 733, 46),
    },
    (1280, 720): {
        "overlay-info": (1041, 677, 162, 31),
        "overlay-mode": (77, 677, 97, 31),
        "overlay-goto": (582, 676, 116, 34),
        "overlay-badge": (77, 9, 498, 31),
    },
}
PILL_1080 = {(0, 0): MAGENTA, (1, 3): MAGENTA, (3, 3): MAGENTA, (4, 4): "#193968", (5, 5): NAVY}
PILL_1080 |= {(2, 23): NAVY, (-5, 4): "#1a3968", (-1, -1): MAGENTA}
BADGE_1080 = {(0, 0): MAGENTA, (1, 3): MAGENTA, (3, 3): RED, (2, 23): RED, (-1, -1): MAGENTA}
PILL_720 = {(0, 0): MAGENTA, (1, 3): "#dc09e8", (3, 1): "#dc09e8", (2, 15): NAVY}
BADGE_720 = {(0, 0): MAGENTA, (1, 3): "#b91c3a", (2, 15): RED, (-1, -1): MAGENTA}
BADGE_TEXT = "p.json:3:7: slides[1].duration: must be > 0 <b>x</b>"


def _show_all(ov: Overlays) -> None:
    ov.configure(progress=False, counter=True, clock=True, badge=True)
    ov.show_state(
        counting=True, frozen=False, covered=False, duration=10, pill="Manual", counter="3 / 18"
    )
    ov.show_goto("12")
    ov.show_badge(BADGE_TEXT)


def _grab(stage: QWidget, qtbot: QtBot) -> QImage:
    stage.show()
    qtbot.waitExposed(stage)
    return stage.grab().toImage()


def _probe(image: QImage, rect: QRect, probes: dict[tuple[int, int], str]) -> dict[Any, str]:
    """The colours at offsets into `rect` (negative: from its right/bottom edge)."""
    out = {}
    for dx, dy in probes:
        x = rect.left() + dx if dx >= 0 else rect.right() + 1 + dx
        y = rect.top() + dy if dy >= 0 else rect.bottom() + 1 + dy
        out[dx, dy] = image.pixelColor(x, y).name()
    return out


@pytest.mark.parametrize("size", list(BEFORE))
def test_the_pills_keep_their_place_size_corners_and_colours(
    qtbot: QtBot, size: tuple[int, int]
) -> None:
    stage, ov = overlays_on(qtbot, size)
    _show_all(ov)
    image = _grab(stage, qtbot)
    small = size == (1280, 720)
    for widget in (ov.info, ov.pill, ov.hint, ov.badge):
        name = widget.objectName()
        assert widget.geometry().getRect() == BEFORE[size][name], name
        if widget is ov.badge:
            probes = BADGE_720 if small else BADGE_1080
        else:
            probes = PILL_720 if small else PILL_1080
        assert _probe(image, widget.geometry(), probes) == probes, name
        assert not widget.styleSheet()  # painted from its picture, not by a style sheet


def _old_label(parent: QWidget, text: str, font: QFont, look: PillLook) -> QLabel:
    """The label as it was: plain text, the look as a style sheet."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setFont(font)
    c, b = look.text, look.background
    label.setStyleSheet(
        f"color:rgba({c.red()},{c.green()},{c.blue()},255);"
        f" background:rgba({b.red()},{b.green()},{b.blue()},255);"
        f" border-radius:{look.radius}px; padding:{look.pad_y}px {look.pad_x}px;"
    )
    label.setText(text)
    return label


def _stage(qtbot: QtBot) -> QWidget:
    stage = QWidget()
    qtbot.addWidget(stage)
    stage.resize(900, 120)
    palette = stage.palette()
    palette.setColor(QPalette.ColorRole.Window, STAGE_COLOR)
    stage.setPalette(palette)
    stage.setAutoFillBackground(True)
    return stage


LOOK = PillLook(QColor("#F0F4F8"), QColor(NAVY), 14, 16, 6)
BADGE = PillLook(QColor("#FFFFFF"), QColor(RED), 10, 16, 6)


@pytest.mark.parametrize(
    ("text", "px", "look", "max_width"),
    [
        ("Paused", 26, LOOK, None),
        ("12:00  ·  3 / 18", 26, LOOK, None),
        ("Go to 12", 31, LOOK, None),
        ("<b>x</b> & co\tend", 26, LOOK, None),
        ("p.json:3:7: slides[1].duration: must be greater than 0", 26, BADGE, None),
        ("a text wider than the pill is allowed to be", 17, LOOK, 160),  # cut at the padding
        ("", 26, LOOK, None),
    ],
)
def test_a_pill_is_drawn_as_the_style_sheet_label_was(
    qtbot: QtBot, text: str, px: int, look: PillLook, max_width: int | None
) -> None:
    font = QFont("Inter")
    font.setPixelSize(px)
    shots = []
    for make in (_old_label, lambda p, t, f, lk: Pill(p, "pill", lk)):
        stage = _stage(qtbot)
        label = make(stage, text, font, look)
        label.setFont(font)
        label.setText(text)
        if max_width is not None:
            label.setMaximumWidth(max_width)
        label.adjustSize()
        label.move(10, 10)
        label.show()
        shots.append((label.size(), _grab(stage, qtbot)))
    (old_size, old), (new_size, new) = shots
    assert new_size == old_size
    assert new == old


def test_at_twice_the_pixel_ratio_the_picture_is_as_sharp_as_the_label(qtbot: QtBot) -> None:
    font = QFont("Inter")
    font.setPixelSize(26)
    stage = _stage(qtbot)
    old = _old_label(stage, "12:00  ·  3 / 18", font, LOOK)
    old.adjustSize()
    old.show()
    stage.show()
    qtbot.waitExposed(stage)
    want = QImage(old.size() * 2, QImage.Format.Format_ARGB32_Premultiplied)
    want.setDevicePixelRatio(2)
    want.fill(STAGE_COLOR)
    old.render(want, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
    picture = draw_pill(old.text(), font, LOOK, old.size(), 2.0)
    assert picture.devicePixelRatio() == 2
    assert picture.size() == old.size() * 2  # one picture pixel per screen pixel
    got = QImage(want.size(), QImage.Format.Format_ARGB32_Premultiplied)
    got.setDevicePixelRatio(2)
    got.fill(STAGE_COLOR)
    pen = QPainter(got)
    pen.drawPixmap(0, 0, picture)
    pen.end()
    assert got == want


def test_a_new_text_shows_and_reads_back(qtbot: QtBot) -> None:
    stage, ov = overlays_on(qtbot, (1920, 1080))
    _show_all(ov)
    before = _grab(stage, qtbot).copy(ov.info.geometry())
    draws = ov.info.draws
    ov.show_state(
        counting=True, frozen=False, covered=False, duration=10, pill="Manual", counter="4 / 18"
    )
    assert ov.info.text() == "00:00  ·  4 / 18"
    assert ov.info.accessibleName() == "00:00  ·  4 / 18"
    assert ov.info.draws == draws + 1  # the same width: drawn again all the same
    after = _grab(stage, qtbot).copy(ov.info.geometry())
    assert after.size() == before.size()
    assert after != before
    ov.show_state(covered=True, counting=False, frozen=False, duration=None, pill="", counter="")
    assert ov.info.isHidden()
    assert ov.pill.isHidden()


def test_markup_in_a_pill_shows_as_typed(qtbot: QtBot) -> None:
    stage, ov = overlays_on(qtbot, (1920, 1080))
    ov.show_state(
        counting=False, frozen=True, covered=False, duration=None, pill="<b>x</b>", counter=""
    )
    assert ov.pill.text() == "<b>x</b>"
    fm = ov.pill.fontMetrics()
    pad = 2 * ov.pill.look.pad_x + fm.horizontalAdvance("x")
    assert ov.pill.width() == fm.horizontalAdvance("<b>x</b>") + pad  # the tags take room
    tagged = _grab(stage, qtbot).copy(ov.pill.geometry())
    ov.pill.setText("x")
    ov.pill.adjustSize()
    assert ov.pill.width() < tagged.width()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the tooltip, offscreen
def test_the_badge_takes_the_mouse_and_shows_its_detail_on_hover(qtbot: QtBot) -> None:
    stage, ov = overlays_on(qtbot, (1920, 1080))
    _show_all(ov)
    _grab(stage, qtbot)
    assert stage.childAt(ov.badge.geometry().center()) is ov.badge
    assert stage.childAt(ov.pill.geometry().center()) is None  # the pills let clicks through
    at = QPoint(5, 5)
    QApplication.sendEvent(ov.badge, QHelpEvent(QEvent.Type.ToolTip, at, ov.badge.mapToGlobal(at)))
    assert QToolTip.text() == BADGE_TEXT
    QToolTip.hideText()


def test_no_pill_has_a_python_paint_event() -> None:
    for cls in Pill.__mro__[: Pill.__mro__.index(QLabel)]:
        assert "paintEvent" not in vars(cls), cls
        assert "event" not in vars(cls), cls  # it would run for every paint as well


def test_new_texts_leave_no_old_pictures_in_qts_pixmap_cache(qtbot: QtBot) -> None:
    """The counter gets a new picture with every slide. Shown through QLabel's pixmap, each
    one was copied into Qt's application-wide pixmap cache and kept there until its 10 MiB
    were full (a display's memory grew by that much over its first hour); a pill keeps only
    its current picture. Seen here as an entry someone else cached staying in place."""
    stage, ov = overlays_on(qtbot, (1920, 1080))
    _show_all(ov)
    with cache_sentinel() as key:
        for i in range(60):
            ov.badge.setText(f"{BADGE_TEXT} {i:03d}")
            ov.badge.adjustSize()
            stage.repaint()
        assert QPixmapCache.find(key) is not None


def test_a_fade_repaints_the_pills_without_their_python(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    slides = [{"type": "title", "id": f"s{i}", "title": f"S{i}"} for i in range(3)]
    data = {
        "deck": {"title": "T"},
        "theme": {"counter": True, "clock": True},
        "defaults": {"duration": 10, "transition": "fade", "transition_ms": 300},
        "slides": slides,
    }
    (tmp_path / "p.json").write_text(json.dumps(data))
    player = start_player(qtbot, load_playlist(tmp_path / "p.json"), clock, windowed=True)
    ov, layer = player.overlays, player.stage.layer
    pills = (ov.info, ov.hint, ov.badge)
    calls: list[tuple[int, str]] = []

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event == "call" and frame.f_code.co_filename == pill_module.__file__:
            calls.append((layer.frames, frame.f_code.co_name))

    try:
        ov.show_hint("Go to 3")
        player.show_badge("p.json:3:7: slides[1].duration: must be > 0")
        clock.advance(10)
        with qtbot.waitSignal(player.stage.transition_finished, timeout=5000):
            player.on_wake()  # the next slide fades in; the counter says so at once
            assert layer.running()
            assert all(w.isVisible() for w in pills)
            draws = [w.draws for w in pills]
            started = layer.frames
            sys.setprofile(profile)
            try:
                qtbot.waitUntil(lambda: layer.frames >= started + 3 or not layer.running())
            finally:
                sys.setprofile(None)
        assert layer.frames >= started + 2  # frames were painted, the pills over them
        assert calls == []
        assert [w.draws for w in pills] == draws  # no picture drawn again during the fade
        assert ov.info.text().endswith("2 / 3")
    finally:
        player.shutdown()


ON_A_2X_SCREEN = """
import json
from PySide6.QtWidgets import QApplication
app = QApplication([])
from helpers import overlays_on

class Bot:
    def addWidget(self, widget): self.widget = widget

stage, ov = overlays_on(Bot(), (960, 540))
ov.show_state(counting=False, frozen=True, covered=False, duration=None, pill="Paused", counter="")
stage.show()
app.processEvents()
picture, image = ov.pill.pill_picture(), stage.grab().toImage()
print(json.dumps({"ratio": stage.devicePixelRatioF(), "picture_ratio": picture.devicePixelRatio(),
    "picture": picture.size().toTuple(), "pill": ov.pill.size().toTuple(),
    "grabbed": image.size().toTuple(), "navy": image.pixelColor(
        2 * ov.pill.x() + 4, 2 * (ov.pill.y() + ov.pill.height() // 2)).name()}))
"""


def test_on_a_2x_screen_the_pill_is_drawn_at_the_screen_pixels() -> None:
    """QT_SCALE_FACTOR=2 (a process of its own): the picture has twice the pixels, not a
    1x picture scaled up."""
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    tests = Path(__file__).resolve().parent.parent
    env["PYTHONPATH"] = os.pathsep.join([str(tests), env.get("PYTHONPATH", "")])
    out = subprocess.run(
        [sys.executable, "-c", ON_A_2X_SCREEN], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen["ratio"] == seen["picture_ratio"] == 2
    w, h = seen["pill"]
    assert seen["picture"] == [2 * w, 2 * h]  # one picture pixel per screen pixel
    assert seen["grabbed"] == [1920, 1080]
    assert seen["navy"] == NAVY  # the padding, in screen pixels
