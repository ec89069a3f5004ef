"""The presenter window and the overview grid: both drive the same show as the stage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.core.clock import FakeClock
from kiosk.core.loader import load_playlist
from kiosk.core.rotation import Mode
from kiosk.ui.app import Player
from kiosk.ui.overview import grid_shape
from kiosk.ui.presenter import clock_text

K = Qt.Key


def _deck(tmp_path: Path) -> Path:
    colors = ["#C03030", "#30C030", "#3030C0", "#C0C030", "#30C0C0"]
    slides: list[dict[str, Any]] = [
        {
            "type": "title",
            "id": f"s{i}",
            "title": f"Slide {i + 1}",
            "notes": f"Say hello to slide {i + 1}",
            "image": f"bg{i}.svg",
        }
        for i in range(5)
    ]
    for i, color in enumerate(colors):
        (tmp_path / f"bg{i}.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9">'
            f'<rect width="16" height="9" fill="{color}"/></svg>',
            encoding="utf-8",
        )
    slides[2] = {
        "type": "bullets",
        "id": "s2",
        "heading": "Three points",
        "points": ["one", "two", "three"],
        "reveal": True,
    }
    data = {
        "deck": {"title": "T"},
        "defaults": {"duration": 10, "transition": "none"},
        "controls": {"resume_after": 30},
        "slides": slides,
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def player(qtbot: QtBot, tmp_path: Path) -> Any:
    clock = FakeClock()
    p = Player(load_playlist(_deck(tmp_path)), clock=clock, windowed=True)
    qtbot.addWidget(p.stage)
    p.stage.resize(QSize(640, 360))
    p.start()
    qtbot.waitExposed(p.stage)
    yield p
    p.shutdown()


def test_clock_text() -> None:
    assert clock_text(75.4) == "1:15"
    assert clock_text(3723) == "1:02:03"
    assert clock_text(-3) == "0:00"


def test_presenter_shows_now_next_notes_and_times(player: Any, qtbot: QtBot) -> None:
    window = player.presenter.open()
    qtbot.addWidget(window)
    assert window.counter.text() == "1 / 5"
    assert window.notes.text() == "Say hello to slide 1"
    assert window.next_title.text() == "Next: slide 2"
    # the pictures are the slides: slide 1 is red, the next one green (their photos)
    cur = window.current.shown().toImage()
    nxt = window.next.shown().toImage()
    c, n = cur.pixelColor(cur.width() - 8, 8), nxt.pixelColor(nxt.width() - 8, 8)
    assert c.red() > c.green() + 60
    assert n.green() > n.red() + 60
    assert window.remaining.text() == "Slide left 0:10"
    player.clock.advance(3.2)
    window.on_clock()
    assert window.remaining.text() == "Slide left 0:07"
    assert window.elapsed.text() == "Elapsed 0:03"


def test_presenter_keys_drive_the_same_show(player: Any, qtbot: QtBot) -> None:
    window = player.presenter.open()
    qtbot.addWidget(window)
    QTest.keyClick(window, K.Key_Right)
    assert player.state.index == 1  # the audience screen moved
    assert player.stage.current_index == 1
    assert player.mode is Mode.MANUAL
    assert window.notes.text() == "Say hello to slide 2"
    assert window.remaining.text().startswith("Manual")
    QTest.keyClick(window, K.Key_Right)
    assert player.state.index == 2
    assert window.step.text() == "Point 1 of 3 shown"
    QTest.keyClick(window, K.Key_Right)  # reveals the next point, on both screens
    assert player.state.step == 2
    assert window.step.text() == "Point 2 of 3 shown"
    QTest.keyClick(window, K.Key_P)
    assert player.mode is Mode.PAUSED
    assert window.remaining.text().startswith("Paused")
    QTest.keyClick(window, K.Key_B)
    assert window.remaining.text() == "Black screen"


def test_s_on_the_stage_opens_the_presenter(player: Any, qtbot: QtBot) -> None:
    QTest.keyClick(player.stage, K.Key_S)
    assert player.presenter.window is not None
    qtbot.addWidget(player.presenter.window)
    assert player.presenter.window.isVisible()
    assert player.state.index == 0  # S is not a navigation key


def test_pictures_are_cached_per_deck_version(player: Any, qtbot: QtBot) -> None:
    window = player.presenter.open()
    qtbot.addWidget(window)
    renders = window.pictures.renders
    window.on_state(player.state)
    assert window.pictures.renders == renders


def test_overview_grid_arrows_and_enter_jump(player: Any, qtbot: QtBot) -> None:
    overview = player.overview
    QTest.keyClick(player.stage, K.Key_O)
    assert overview.isVisible()
    rects = overview.thumbnail_rects()
    assert len(rects) == 5
    for a in rects:  # thumbnails never overlap and stay on the stage
        assert player.stage.rect().contains(a)
        assert all(not a.intersects(b) for b in rects if b is not a)
    image = overview.grab().toImage()
    red = image.pixelColor(rects[0].right() - 6, rects[0].top() + 6)
    assert red.red() > red.green() + 60
    assert overview.selected == 0
    QTest.keyClick(player.stage, K.Key_Right)
    QTest.keyClick(player.stage, K.Key_Right)
    QTest.keyClick(player.stage, K.Key_Right)
    assert player.state.index == 0  # arrows move the selection, not the deck
    assert overview.selected == 3
    QTest.keyClick(player.stage, K.Key_Up)
    QTest.keyClick(player.stage, K.Key_Down)
    QTest.keyClick(player.stage, K.Key_Return)
    assert not overview.isVisible()
    assert player.state.index == 3
    assert player.stage.current_index == 3


def test_overview_escape_closes_without_moving(player: Any) -> None:
    QTest.keyClick(player.stage, K.Key_O)
    QTest.keyClick(player.stage, K.Key_End)
    QTest.keyClick(player.stage, K.Key_Escape)
    assert not player.overview.isVisible()
    assert player.state.index == 0


def test_grid_shape_makes_thumbnails_largest() -> None:
    cols, rows, width = grid_shape(18, QSize(1700, 900), 16 / 9, 20, 30)
    assert cols * rows >= 18
    assert cols > rows
    assert width > 200
    cols, rows, width = grid_shape(18, QSize(950, 1700), 9 / 16, 20, 30)
    assert cols * rows >= 18
    assert (width + 20) * cols <= 950


def test_overview_marks_the_selection(player: Any) -> None:
    QTest.keyClick(player.stage, K.Key_O)
    overview = player.overview
    QTest.keyClick(player.stage, K.Key_Right)
    image = overview.grab().toImage()
    rect = overview.thumbnail_rects()[1]
    edge = image.pixelColor(rect.center().x(), rect.top() - 2)
    theme = player.stage.theme
    assert abs(edge.red() - theme.highlight.red()) < 40
    assert abs(edge.green() - theme.highlight.green()) < 40
    assert edge != QColor(theme.background)


def test_presenter_keys_move_the_overview_while_it_is_open(player: Any, qtbot: QtBot) -> None:
    window = player.presenter.open()
    qtbot.addWidget(window)
    QTest.keyClick(window, K.Key_O)
    assert player.overview.isVisible()
    QTest.keyClick(window, K.Key_Right)
    QTest.keyClick(window, K.Key_Right)
    assert player.state.index == 0
    QTest.keyClick(window, K.Key_Return)
    assert player.state.index == 2
    assert not player.overview.isVisible()
    assert window.counter.text() == "3 / 5"
