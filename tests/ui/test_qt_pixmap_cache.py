"""A running display keeps nothing in Qt's application-wide pixmap cache.

Whatever a widget shows through `QLabel.setPixmap` (or a QIcon) is copied into
`QPixmapCache` when painted, under that pixmap's own key, and kept until the cache's 10 MiB
are full: a display that draws a new picture per slide (the counter pill did) grows by up to
10 MiB over its first hour and keeps it. Seen here as an entry put there before a loop
staying in place while every slide type, the overlays, the transitions and the presenter
view are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QPixmapCache
from pytestqt.qtbot import QtBot

from helpers import advance_to_next, cache_sentinel, real_player
from kiosk.core.clock import FakeClock
from kiosk.core.loader import LoadedPlaylist


def test_a_loop_of_every_slide_type_leaves_nothing_in_the_pixmap_cache(
    qtbot: QtBot,
    make_deck: Callable[..., LoadedPlaylist],
    ui: Any,
    clock: FakeClock,
) -> None:
    slides = ui.every_type_slides()
    for i, slide in enumerate(slides):
        slide["transition"] = ("fade", "slide", "none")[i % 3]
    deck = make_deck(
        slides,
        theme={"counter": True, "clock": True, "progress": True},
        defaults={"duration": 10, "transition_ms": 200},
    )
    player = real_player(qtbot, deck.path, clock)
    qtbot.waitExposed(player.stage)
    player.show_badge("playlist.json:3:7: slides[1].duration: must be greater than 0")
    presenter = player.presenter.open()  # its two previews change with every slide
    qtbot.addWidget(presenter)
    seen: set[int] = set()
    with cache_sentinel() as key:
        for _ in range(len(slides) + 1):  # once round, back to the first
            advance_to_next(player, clock)
            qtbot.waitUntil(lambda: not player.stage.layer.running(), timeout=5000)
            player.stage.repaint()  # the slide and the overlays over it, painted now
            presenter.repaint()
            seen.add(player.state.index or 0)
        assert len(seen) == len(slides)
        assert player.overlays.info.isVisible()
        assert not presenter.current.shown().isNull()
        assert QPixmapCache.find(key) is not None
