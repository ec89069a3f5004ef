"""Helpers the UI tests share (importable: pytest's `pythonpath` has `tests/`).

pytest runs with `--import-mode=importlib`, so a conftest module cannot be imported by a test
module; what is not a fixture lives here: a fake slide view and its builder, the plain
context factory, deck writers, ways to start a player (on fake slides or real ones),
overlays on a bare stage, and an entry in Qt's pixmap cache that shows what was put there.
"""

from helpers.overlays import STAGE_COLOR, overlays_on
from helpers.pixmapcache import cache_sentinel
from helpers.player import (
    FakeView,
    advance_to_next,
    fake_builder,
    real_player,
    start_player,
    theme_context,
    write_deck,
    write_slides,
)

__all__ = [
    "STAGE_COLOR",
    "FakeView",
    "advance_to_next",
    "cache_sentinel",
    "fake_builder",
    "overlays_on",
    "real_player",
    "start_player",
    "theme_context",
    "write_deck",
    "write_slides",
]
