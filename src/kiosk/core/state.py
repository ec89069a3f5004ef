"""What is on screen, as one immutable value: the show's output, which the Qt side only draws.

A `ShowState` says everything a screen (this one, a presenter view, a fleet status, a member
of a sync group) needs to reproduce the display: which slide and which reveal step, in which
mode, under which cover, with which transition, until when, with which message on top. The
show emits a new one on every change; subscribers compare fields, never ask back. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from kiosk.core.rotation import Mode

__all__ = ["Cover", "ShowState"]


class Cover(Enum):
    """What hides the slide, if anything."""

    NONE = "none"
    BLACK = "black"  # B, `.`
    WHITE = "white"  # W
    OFF = "off"  # outside display hours


@dataclass(frozen=True)
class ShowState:
    deck_version: str  # changes whenever the deck is replaced (hot reload, fleet publish)
    index: int | None  # 0-based slide on screen; None: no slide playable (title fallback)
    slide_id: str | None
    slide_type: str  # "chart", ...; "" when index is None
    count: int  # slides in the deck
    step: int  # reveal steps shown on this slide (bullets with reveal), 0..steps
    steps: int  # reveal steps this slide has (0: none)
    mode: Mode
    cover: Cover
    display_on: bool
    started: float  # monotonic time this slide came on (or resumed counting)
    duration: float  # seconds this slide stays (its full duration)
    deadline: float | None  # monotonic time it ends (PLAYING only)
    remaining: float | None  # seconds left while PAUSED; None otherwise
    transition: str  # how this slide came in: "fade", "slide", "none"
    transition_ms: int
    direction: int  # +1 forward, -1 back, 0 no move
    reason: str  # why the last change happened ("timer", "next", "deck replaced", ...)
    moved: bool  # this change put another slide (or a new deck) on screen
    counter: str  # "3 / 14" over the enabled slides; "" when nothing is on screen
    message: str = ""  # an operator's message shown over every slide ("" none)
    message_until: float | None = None  # wall time it expires (None: until cleared)
    language: str = "en"  # the language drawn large (stacked) or alone
    languages: tuple[str, ...] = ("en",)  # every language drawn, `language` first
    failed: frozenset[int] = field(default_factory=frozenset)  # slides that failed to build

    @property
    def on_air(self) -> bool:
        """A slide is on screen and visible (not covered, not off hours, not the fallback)."""
        return self.index is not None and self.cover is Cover.NONE and self.display_on

    def progress(self, now: float) -> float | None:
        """Fraction of the slide's time already shown at monotonic `now` (None: not counting)."""
        if self.mode is Mode.PLAYING and self.deadline is not None:
            left = max(0.0, self.deadline - now)
        elif self.mode is Mode.PAUSED and self.remaining is not None:
            left = self.remaining
        else:
            return None
        if self.duration <= 0:
            return 1.0
        return min(1.0, max(0.0, 1.0 - left / self.duration))
