"""The vocabulary of rotation: modes, what the rotator knows of a slide, and one change.

Modes
    PLAYING  rotating by itself; the current slide ends at `deadline`.
    MANUAL   someone is navigating; rotation resumes `resume_after` s after the last input,
             from the slide on screen, with that slide's full duration.
    PAUSED   frozen on the slide, time left kept (P).
    BLANK    black screen (B, `.`); WHITE: white screen (W). Both hold the rotation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

__all__ = ["COVER_MODES", "HELD_MODES", "Change", "Entry", "Listener", "Mode", "Playable"]


class Mode(Enum):
    PLAYING = "playing"
    MANUAL = "manual"
    PAUSED = "paused"
    BLANK = "blank"
    WHITE = "white"


HELD_MODES = frozenset({Mode.PAUSED, Mode.BLANK, Mode.WHITE})
COVER_MODES = frozenset({Mode.BLANK, Mode.WHITE})


@dataclass(frozen=True)
class Entry:
    """What the rotator needs to know about one slide."""

    id: str | None
    duration: float


@dataclass(frozen=True)
class Change:
    """One state change, as listeners receive it."""

    index: int
    mode: Mode
    previous_index: int
    previous_mode: Mode
    reason: str
    direction: int = 0  # +1 forward, -1 back, 0 no move
    deck_replaced: bool = False

    @property
    def moved(self) -> bool:
        """The slide on screen must change (another slide, or a new deck)."""
        return self.index != self.previous_index or self.deck_replaced


Listener = Callable[[Change], None]
Playable = Callable[[int], bool]
