"""Faults an unattended display meets, with the real renderers: it keeps rotating, the log says why.

One test per fault: an image deleted mid-run, a data file corrupted mid-run (hot reload),
a renderer raising, and the clock jumping forwards and backwards.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from helpers import advance_to_next, real_player, write_slides
from kiosk.core.clock import FakeClock
from kiosk.core.model import SlideBase
from kiosk.ui.run import _watch
from kiosk.ui.slides import build_slide
from kiosk.ui.slides.base import SlideContext, SlideView


def _deck(folder: Path, slides: list[dict[str, Any]]) -> Path:
    return write_slides(folder, slides, title="Faults", duration=5, indent=2)


def _png(path: Path) -> None:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#FFB547"))
    assert image.save(str(path))


_player = real_player
_next = advance_to_next


TITLES = [
    {"type": "title", "id": "a", "title": "First"},
    {"type": "title", "id": "c", "title": "Third"},
]


def test_image_deleted_mid_run_is_skipped_and_logged(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _png(tmp_path / "photo.png")
    path = _deck(
        tmp_path, [TITLES[0], {"type": "image", "id": "b", "image": "photo.png"}, TITLES[1]]
    )
    clock = FakeClock()
    player = _player(qtbot, path, clock)
    (tmp_path / "photo.png").unlink()
    with caplog.at_level(logging.WARNING):
        _next(player, clock)
    assert player.stage.current_index == 2  # slide 2 could not be built: slide 3 is on
    assert "photo.png" in caplog.text
    _next(player, clock)
    assert player.stage.current_index == 0  # and the rotation goes on


def test_corrupted_data_file_keeps_the_last_good_deck(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "values.csv").write_text("year,value\n2016,85393\n2020,195742\n")
    chart = {
        "type": "chart",
        "id": "b",
        "heading": "Added value",
        "data": "values.csv",
        "x": "year",
        "y": "value",
    }
    path = _deck(tmp_path, [TITLES[0], chart, TITLES[1]])
    clock = FakeClock()
    player = _player(qtbot, path, clock)
    watcher = _watch(player, path)
    assert watcher is not None
    with caplog.at_level(logging.WARNING), qtbot.waitSignal(watcher.failed, timeout=5000):
        (tmp_path / "values.csv").write_text("year,value\n2016,85393\n2020,lots\n")
    assert "not a number" in caplog.text
    assert player.overlays.badge.isVisible()
    _next(player, clock)
    assert player.stage.current_index == 1  # the chart, from the last good data
    _next(player, clock)
    assert player.stage.current_index == 2
    watcher.stop()


def test_renderer_raising_is_skipped_and_logged(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def builder(slide: SlideBase, ctx: SlideContext, parent: Any = None) -> SlideView:
        if slide.id == "b":
            raise ZeroDivisionError("a bug in a renderer")
        return build_slide(slide, ctx, parent)

    quote = {"type": "quote", "id": "b", "text": "Hello", "speaker": "Someone"}
    path = _deck(tmp_path, [TITLES[0], quote, TITLES[1]])
    clock = FakeClock()
    player = _player(qtbot, path, clock, builder=builder)
    with caplog.at_level(logging.ERROR):
        _next(player, clock)
    assert player.stage.current_index == 2
    assert "a bug in a renderer" in caplog.text
    assert "slide 2 (quote" in caplog.text


def test_clock_jumps_neither_stall_nor_race_the_rotation(qtbot: QtBot, tmp_path: Path) -> None:
    path = _deck(tmp_path, [TITLES[0], {"type": "title", "id": "b", "title": "Second"}, TITLES[1]])
    clock = FakeClock()
    player = _player(qtbot, path, clock)
    # forwards: the machine was suspended for two hours; one switch, not a burst of 1,440
    clock.jump(7200)
    player.on_wake()
    assert player.stage.current_index == 1
    due = player.show.next_deadline()
    assert due is not None
    assert due == pytest.approx(clock.now() + 5)
    # backwards: someone sets the wall clock a day back; monotonic deadlines are unaffected
    clock.set_wall(clock.wall() - timedelta(days=1))
    _next(player, clock)
    assert player.stage.current_index == 2
    _next(player, clock)
    assert player.stage.current_index == 0
