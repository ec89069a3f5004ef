"""A sync group's timeline: which slide is on at a wall-clock instant, the same on every screen.

Displays of one sync group never tell each other what to show; each computes it from the same
inputs — the deck, its display hours and show rules, a shared `epoch` (wall-clock seconds, the
deck version's start), and the manual "slide N at T" moves every member received — so there is
no master that can die and nothing that drifts. A display that starts, restarts or reconnects
late lands on the right slide at the right point of it.

The timeline runs in segments. A segment starts at the epoch, at every change of the display
hours or of a slide's show rule (then the deck starts again from its first visible slide, as a
single display does when it wakes), or at a `rebase(at, index)` (the group resumes rotating
from slide `index` at `at`, after a manual move). Inside a segment the visible slides follow
each other in deck order from the segment's first slide, looping, each for its duration.
No Qt, no clock: every answer is for the instant asked about.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from kiosk.core.commands import Command, Op
from kiosk.core.model import Playlist
from kiosk.core.schedule import DeckCalendar

__all__ = ["GROUP_MOVES", "MAX_SEGMENT_WALK", "Position", "Timeline", "group_target"]

MAX_SEGMENT_WALK = 20_000  # calendar changes walked from the epoch (years of a busy week)
MIN_DURATION = 0.05


@dataclass(frozen=True)
class Position:
    index: int  # 0-based slide
    start: float  # wall-clock seconds it came on
    end: float  # wall-clock seconds it goes off
    segment: float  # when this run of the deck began
    loop: int = 0  # which loop of the deck, counted alike by every member (alternate languages)


def _instant(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class Timeline:
    def __init__(self, playlist: Playlist, epoch: float) -> None:
        if not math.isfinite(epoch):
            raise ValueError("the sync epoch must be a finite time")
        self.playlist = playlist
        self.epoch = float(epoch)
        self._calendar = DeckCalendar(playlist.schedule, [s.show for s in playlist.slides])
        self._rebases: list[tuple[float, int]] = []
        self._walked = (self.epoch, self.epoch)  # (segment start, walked up to): a cache

    def rebase(self, at: float, index: int) -> None:
        """From wall time `at`, rotation runs on from slide `index` (after a manual move)."""
        self._rebases = [r for r in self._rebases if r[0] < at]
        self._rebases.append((float(at), index))

    def display_on(self, at: float) -> bool:
        return self._calendar.display_on(_instant(at))

    def at(self, when: float) -> Position | None:
        """The slide on at wall time `when`; None before the epoch, off hours, or no slide."""
        if when < self.epoch or not self.display_on(when):
            return None
        start, first = self._segment_start(when), 0
        for at, index in self._rebases:
            if start <= at <= when:
                start, first = at, index
        visible = self._visible(when)
        if not visible:
            return None
        order = [i for i in visible if i >= first] + [i for i in visible if i < first]
        slides = self.playlist.slides
        durations = [max(MIN_DURATION, self.playlist.duration_of(slides[i])) for i in order]
        loop = sum(durations)
        elapsed = when - start
        base = start + math.floor(elapsed / loop) * loop
        turn = math.floor((base - self.epoch) / loop + 1e-6)  # +1 each loop of a segment
        for index, duration in zip(order, durations, strict=True):
            if base + duration > when:
                return Position(index, base, base + duration, start, turn)
            base += duration
        return Position(order[0], base, base + durations[0], start, turn + 1)  # float rounding

    def next_change(self, when: float) -> float | None:
        """The next instant the calendar changes after `when` (a new segment), if any."""
        change = self._calendar.next_change(_instant(when))
        return None if change is None else change.timestamp()

    def _visible(self, when: float) -> list[int]:
        at = _instant(when)
        return [
            i
            for i, s in enumerate(self.playlist.slides)
            if s.enabled and self._calendar.slide_visible(i, at)
        ]

    def _segment_start(self, when: float) -> float:
        """The last calendar change at or before `when`, walking forward from the epoch."""
        start, walked = self._walked
        if when < walked:  # the clock went back: walk again from the epoch
            start, walked = self.epoch, self.epoch
        for _ in range(MAX_SEGMENT_WALK):
            change = self.next_change(walked)
            if change is None or change > when:
                walked = when  # no change in between: the next walk starts here
                break
            start = walked = change
        self._walked = (start, walked)
        return start


@dataclass(frozen=True)
class Pace:
    """What a member of a sync group does now: slide, when it ends and began (monotonic)."""

    index: int
    deadline: float
    started: float
    fresh: bool  # another slide, or the same slide begun again (a new loop)
    loop: int = 0  # the group's loop number (Position.loop)


class SyncPacer:
    """The timeline of one sync group, as a member's show follows it."""

    def __init__(self, playlist: Playlist, epoch: float) -> None:
        self.timeline = Timeline(playlist, epoch)
        self._manual: float | None = None  # wall time of the group's last manual move

    @property
    def epoch(self) -> float:
        return self.timeline.epoch

    def pace(self, wall: float, now: float, index: int, started: float) -> Pace | None:
        """Where the group is at wall time `wall` (monotonic `now`), given what is on."""
        position = self.timeline.at(wall)
        if position is None:
            return None
        began = now - (wall - position.start)
        fresh = position.index != index or abs(began - started) > 0.5
        return Pace(position.index, now + (position.end - wall), began, fresh, position.loop)

    def moved_by_hand(self, at: float) -> None:
        """The group was sent 'slide N at `at`' (wall time)."""
        self._manual = at

    def resumed(self, index: int, wall: float, resume_after: float) -> None:
        """Rotation resumes on `index` after a manual move: every member from the same instant."""
        at = wall if self._manual is None else self._manual + resume_after
        self.timeline.rebase(at, index)


GROUP_MOVES = frozenset({Op.NEXT, Op.PREV, Op.FIRST, Op.LAST, Op.GOTO})


def group_target(
    command: Command, index: int, count: int, playable: Callable[[int], bool]
) -> int | None:
    """The slide a manual move lands on, as the whole sync group makes it ("slide N at T").

    Moves are by slide (a reveal's points follow the slide's own time on every member): next
    and previous go to the next playable slide either way, wrapping; first and last to the
    first and last playable one; goto N to N or the next playable after it. None: not a
    move, or nothing is playable."""
    if command.op not in GROUP_MOVES or count <= 0:
        return None
    start, step = {
        Op.NEXT: (index + 1, 1),
        Op.PREV: (index - 1, -1),
        Op.FIRST: (0, 1),
        Op.LAST: (count - 1, -1),
    }.get(command.op, (min(max(command.index or 0, 0), count - 1), 1))
    for k in range(count):
        i = (start + k * step) % count
        if playable(i):
            return i
    return None
