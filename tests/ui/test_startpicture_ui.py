"""The start picture on screen: the kept picture is the live first frame, pixel for pixel,
and the player's first frame takes it off the screen."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor, QGuiApplication, QImage

from helpers.player import real_player, write_slides
from kiosk.core.loader import load_playlist
from kiosk.core.startpicture import deck_files, lookup, run_inputs, write_entry
from kiosk.ui.startpicture import keep_start_picture, screen_facts, show_kept


def _args() -> argparse.Namespace:
    return argparse.Namespace(start=1, screen=None, reduced_motion=False, windowed=False)


def _keeping_done() -> bool:
    return not any(t.name == "kiosk-keep-start-picture" for t in threading.enumerate())


def _first_frame(qtbot: Any, player: Any) -> QImage:
    grabbed: list[QImage] = []
    player.stage.frame_painted.connect(
        lambda: grabbed or grabbed.append(player.stage.grab().toImage())
    )
    qtbot.waitUntil(lambda: bool(grabbed))
    return grabbed[0].convertToFormat(QImage.Format.Format_RGB32)


def test_the_kept_picture_is_the_next_starts_first_frame(qtbot: Any, tmp_path: Path) -> None:
    deck = write_slides(
        tmp_path,
        [{"type": "bullets", "heading": "Kept", "points": ["one", "two"]}],
        theme={"counter": True},
    )
    first = real_player(qtbot, deck, start=False)
    first.start()
    keep_start_picture(first, _args(), first.loaded, None, None)
    qtbot.waitUntil(lambda: lookup(deck, run_inputs(_args())) is not None and _keeping_done())
    first.stage.hide()
    kept = lookup(deck, run_inputs(_args()))
    assert kept is not None
    second = real_player(qtbot, deck, start=False)
    second.start()
    live = _first_frame(qtbot, second)
    pixels = kept.picture.read_bytes()
    picture = QImage(pixels, kept.width, kept.height, kept.width * 4, QImage.Format.Format_RGB32)
    assert picture.size() == live.size()
    assert picture == live  # the live slide replaces the picture without a visible change


def test_the_picture_shows_fullscreen_until_the_players_first_frame(
    qtbot: Any, tmp_path: Path
) -> None:
    deck = write_slides(tmp_path, [{"type": "title", "title": "Soon live"}])
    screen = QGuiApplication.primaryScreen()
    g = screen.geometry()
    teal = QImage(g.width(), g.height(), QImage.Format.Format_RGB32)
    teal.fill(QColor("#2EC4B6"))
    files = deck_files(load_playlist(deck))
    size = (g.width(), g.height(), 1.0)
    assert write_entry(
        deck, run_inputs(_args()), files, bytes(teal.constBits()), size, screen_facts(screen)
    )
    kept = lookup(deck, run_inputs(_args()))
    assert kept is not None
    shown = show_kept(kept, None)
    assert shown is not None
    assert shown.painted
    assert shown.isFullScreen()
    assert shown.grab().toImage().pixelColor(g.width() // 2, g.height() // 2) == QColor("#2EC4B6")
    player = real_player(qtbot, deck, start=False)
    keep_start_picture(player, _args(), player.loaded, shown, "shown already")
    with qtbot.waitSignal(shown.destroyed):
        player.start()
