"""Time, injected: a monotonic clock for deadlines and a wall clock for what people read.

The rotation state machine only ever asks a `Clock` for the time; the UI's timers merely wake
it up. Tests hand it a `FakeClock` and move time by hand, so nothing sleeps and a 1,000-cycle
soak test takes milliseconds.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "FakeClock", "MonotonicClock"]


@runtime_checkable
class Clock(Protocol):
    """Where the player gets the time from."""

    def now(self) -> float:
        """Monotonic seconds (never jumps back); only differences are meaningful."""
        ...

    def wall(self) -> datetime:
        """The local date and time of day, timezone-aware (the on-screen clock, `show` rules)."""
        ...


class MonotonicClock:
    """The real clock: `time.monotonic()` and the machine's local time."""

    def now(self) -> float:
        return time.monotonic()

    def wall(self) -> datetime:
        return datetime.now().astimezone()


class FakeClock:
    """A clock that only moves when told to.

    `advance(s)` moves both clocks together, like real time passing. `set_wall(dt)` moves the
    wall clock alone (a DST change, an NTP correction); `jump(s)` moves the monotonic clock
    alone (a stall: a suspended process, a frozen machine).
    """

    def __init__(self, start: float = 1000.0, wall: datetime | None = None) -> None:
        self._now = float(start)
        self._wall = wall or datetime(2024, 6, 3, 12, 0, tzinfo=UTC)  # a Monday
        if self._wall.tzinfo is None:
            raise ValueError("FakeClock wall time must be timezone-aware")

    def now(self) -> float:
        return self._now

    def wall(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go back")
        self._now += seconds
        self._wall += timedelta(seconds=seconds)

    def jump(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go back")
        self._now += seconds

    def set_wall(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("wall time must be timezone-aware")
        self._wall = when
