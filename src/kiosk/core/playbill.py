"""What may be shown: one deck's slides, its display calendar and the slides that failed.

A slide is playable when it is enabled, has not failed to build on this display, and its show
rule allows the moment; the screen is on within the display hours. The show asks; nothing
here decides what is on screen. No Qt.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.core.model import Playlist
from kiosk.core.modes import Entry
from kiosk.core.schedule import DeckCalendar

__all__ = ["Playbill"]


class Playbill:
    def __init__(self, playlist: Playlist) -> None:
        self.playlist = playlist
        self.calendar = DeckCalendar(playlist.schedule, [s.show for s in playlist.slides])
        self.failed: set[int] = set()
        self._active = [i for i, s in enumerate(playlist.slides) if s.enabled]

    def entries(self) -> list[Entry]:
        """What the rotator needs: each slide's id and duration."""
        return [Entry(s.id, self.playlist.duration_of(s)) for s in self.playlist.slides]

    def playable(self, index: int, at: datetime) -> bool:
        slide = self.playlist.slides[index]
        if not slide.enabled or index in self.failed:
            return False
        return self.calendar.slide_visible(index, at)

    def display_on(self, at: datetime) -> bool:
        return self.calendar.display_on(at)

    def next_change(self, at: datetime) -> datetime | None:
        return self.calendar.next_change(at)

    def counter(self, index: int) -> str:
        """'3 / 14' over the enabled slides ('' for a disabled one)."""
        if index not in self._active:
            return ""
        return f"{self._active.index(index) + 1} / {len(self._active)}"
