"""theme.reduced_motion / --reduced-motion: nothing moves, every change is instant."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, QVariantAnimation
from pytestqt.qtbot import QtBot

from kiosk.core.clock import FakeClock
from kiosk.core.commands import Command, Op
from kiosk.core.loader import LoadedPlaylist, load_playlist
from kiosk.ui.app import Player
from kiosk.ui.run import _reduced_motion
from kiosk.ui.slides import build_slide, make_context

SIZE = QSize(960, 540)
MOVING = [
    {"type": "metric", "value": 195742, "label": "Added value", "unit": "million yuan"},
    {
        "type": "chart",
        "kind": "bar",
        "heading": "Bars",
        "values": [{"label": "a", "value": 1}, {"label": "b", "value": 3}],
    },
    {
        "type": "chart",
        "kind": "line",
        "heading": "Line",
        "values": [{"label": "a", "value": 1}, {"label": "b", "value": 3}],
    },
    {
        "type": "chart",
        "kind": "donut",
        "heading": "Donut",
        "values": [{"label": "a", "value": 1}, {"label": "b", "value": 3}],
    },
    {
        "type": "timeline",
        "heading": "Road",
        "milestones": [{"date": "2021", "label": "A"}, {"date": "2030", "label": "B"}],
    },
]


def views(loaded: LoadedPlaylist, qtbot: QtBot) -> list[Any]:
    ctx = make_context(loaded, SIZE)
    out = []
    for slide in loaded.playlist.slides:
        view = build_slide(slide, ctx)
        qtbot.addWidget(view)
        out.append(view)
    return out


def test_without_it_the_slides_animate(
    make_deck: Callable[..., LoadedPlaylist], qtbot: QtBot
) -> None:
    built = views(make_deck(MOVING), qtbot)
    for view in built:
        view.enter()
    assert all(view.animating() for view in built)
    metric = built[0]
    assert metric.number.text() != "195,742"  # counting up from 0
    for view in built:
        view.release()


def test_every_slide_type_is_still_right_after_enter(
    make_deck: Callable[..., LoadedPlaylist], qtbot: QtBot, ui: Any
) -> None:
    loaded = make_deck(ui.every_type_slides() + MOVING, theme={"reduced_motion": True})
    for view in views(loaded, qtbot):
        view.enter()
        assert not view.animating(), view.objectName()
        assert not [
            a
            for a in view.findChildren(QVariantAnimation)
            if a.state() == QVariantAnimation.State.Running
        ]
        view.release()


def test_the_metric_shows_its_number_at_once(
    make_deck: Callable[..., LoadedPlaylist], qtbot: QtBot
) -> None:
    metric = views(make_deck(MOVING[:1], theme={"reduced_motion": True}), qtbot)[0]
    assert metric.number.text() == "195,742"
    metric.enter()
    assert metric.number.text() == "195,742"


def test_charts_are_fully_grown_at_once(
    make_deck: Callable[..., LoadedPlaylist], qtbot: QtBot, ui: Any
) -> None:
    still = views(make_deck(MOVING[1:2], theme={"reduced_motion": True}), qtbot)[0]
    grown = views(make_deck(MOVING[1:2]), qtbot)[0]
    grown.finish()  # the final state, as render draws it
    still.enter()
    assert ui.snapshot(still) == ui.snapshot(grown)


def _player(qtbot: QtBot, tmp_path: Path, clock: FakeClock, **theme: Any) -> Player:
    data = {
        "deck": {"title": "T"},
        "defaults": {"duration": 10, "transition": "slide", "transition_ms": 400},
        "theme": theme,
        "slides": [
            {"type": "title", "title": "A", "transition": "fade"},
            {"type": "title", "title": "B"},
            MOVING[0],
        ],
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    player = Player(load_playlist(path), clock=clock, windowed=True)
    qtbot.addWidget(player.stage)
    player.start()
    qtbot.waitExposed(player.stage)
    return player


def running(player: Player) -> int:
    return sum(
        a.state() == QVariantAnimation.State.Running
        for a in player.stage.findChildren(QVariantAnimation)
    )


def test_the_stage_cuts_with_reduced_motion(qtbot: QtBot, tmp_path: Path) -> None:
    clock = FakeClock()
    p = _player(qtbot, tmp_path, clock, reduced_motion=True)
    assert p.state.transition == "none"
    for _ in range(4):  # by the clock and by hand, into the metric and on
        clock.advance(10)
        p.on_wake()
        assert not p.stage.layer.isVisible()
        assert running(p) == 0
        p.submit(Command(Op.NEXT))
        assert not p.stage.layer.isVisible()
        assert running(p) == 0
    p.shutdown()


def test_the_stage_moves_without_it(qtbot: QtBot, tmp_path: Path) -> None:
    clock = FakeClock()
    p = _player(qtbot, tmp_path, clock)
    clock.advance(10)
    p.on_wake()
    assert p.stage.layer.running()
    p.shutdown()


def test_the_command_line_switch_sets_it(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"deck": {"title": "T"}, "slides": [MOVING[0]]}))
    loaded = load_playlist(path)
    moved = _reduced_motion(loaded)
    assert moved.playlist.theme.reduced_motion
    assert not loaded.playlist.theme.reduced_motion  # the loaded deck is left as it was
    assert moved.playlist.transition_of(moved.playlist.slides[0]) == "none"
    from kiosk.cli import build_parser

    args = build_parser().parse_args(["run", str(path), "--reduced-motion"])
    assert isinstance(args, argparse.Namespace)
    assert args.reduced_motion


@pytest.mark.parametrize("flag", [True, False])
def test_it_is_in_the_schema(flag: bool) -> None:
    from kiosk.core.model import Theme

    assert Theme.model_validate({"reduced_motion": flag}).reduced_motion is flag
