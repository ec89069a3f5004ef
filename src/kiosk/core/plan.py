"""What plays when: the display's own `Show`, driven by a fake clock over a span of time.

`plan(playlist, start, end)` builds the very `Show` that `kiosk run` builds, on a `FakeClock`
set to `start`, and wakes it the way the player's two timers do — at the show's next deadline
(`tick`) and at the next change of display hours or show rules (`check_calendar`) — jumping
straight from one wake-up to the next. Every change of what is on screen becomes one
`Showing`. Display hours, show rules, durations, rotation order and the deck starting again
when the display wakes up are therefore exactly what runs; a plan cannot disagree with the
display, because it *is* the display, without the pixels.

The one assumption: kiosk starts (or the display wakes) at `start`. A display with hours
restarts its deck every time it comes on, so from its first wake-up on the plan is exact
whenever kiosk really started; an always-on display is in step only if it started at `start`.
`wake_before(playlist, at)` finds the last wake-up before an instant (for `render --at`).

No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kiosk.core.clock import FakeClock
from kiosk.core.model import Playlist
from kiosk.core.schedule import DisplayHours, deck_instant, deck_local
from kiosk.core.show import Show
from kiosk.core.status import slide_title

__all__ = ["MAX_EVENTS", "Showing", "deck_time", "plan", "showing_at", "wake_before"]

MAX_EVENTS = 500_000  # wake-ups in one plan (two months of 10-second slides; ~20 s here)
_EPSILON = 1e-6  # seconds: float rounding between the monotonic and the wall clock


@dataclass(frozen=True)
class Showing:
    """One stretch of time with one thing on screen."""

    start: datetime  # aware, the deck's local time (fixed offset)
    end: datetime
    kind: str  # "slide"; "off" (outside display hours); "title" (no slide may show: deck title)
    index: int | None = None  # 0-based slide, for kind "slide"
    slide_type: str = ""
    slide_id: str | None = None
    title: str = ""
    languages: tuple[str, ...] = ()  # drawn on screen, the large one first

    @property
    def language(self) -> str:
        """'en', or 'en + zh-Hans' when stacked."""
        return " + ".join(self.languages)

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()

    @property
    def number(self) -> int | None:
        """The slide's number as people count it (from 1)."""
        return None if self.index is None else self.index + 1

    def key(self) -> tuple[str, int | None, float, tuple[str, ...]]:
        """What makes two showings the same for spotting a repeated loop."""
        return (self.kind, self.index, round(self.seconds, 3), self.languages)

    def as_json(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "seconds": round(self.seconds, 3),
            "kind": self.kind,
            "slide": self.number,
            "type": self.slide_type or None,
            "id": self.slide_id,
            "title": self.title or None,
            "language": self.language or None,
        }


def plan(
    playlist: Playlist,
    start: datetime,
    end: datetime,
    *,
    language: str | None = None,
    language_mode: str | None = None,
) -> list[Showing]:
    """What the display shows from `start` to `end` (aware datetimes), as kiosk started then
    (with `--language` / `--language-mode` as given; LanguageError when the deck lacks it)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("plan times must be timezone-aware")
    if end <= start:
        return []
    shortest = min(max(0.05, playlist.duration_of(s)) for s in playlist.slides)
    if (end - start).total_seconds() / shortest > MAX_EVENTS:
        raise ValueError(
            f"{(end - start).total_seconds() / 3600:g} h of {shortest:g}-second slides is more "
            f"than {MAX_EVENTS} slides to plan; ask for fewer hours"
        )
    clock = FakeClock(start=0.0, wall=start.astimezone(UTC))
    show = Show(playlist, clock, language=language, language_mode=language_mode)
    show.check_calendar()  # what Player.start does before the first frame
    out: list[Showing] = []
    current = _what(show, playlist)
    since = clock.wall()
    limit = end.astimezone(UTC)
    for _ in range(MAX_EVENTS):
        wall, now = clock.wall(), clock.now()
        if wall >= limit:
            break
        due = show.next_deadline()
        change = show.next_calendar_change()
        waits = [(limit - wall).total_seconds()]
        if due is not None:
            waits.append(due - now)
        if change is not None:
            waits.append((change - wall).total_seconds())
        step = max(0.0, min(waits))
        if step > 0:
            clock.advance(step)
        if change is not None and clock.wall() >= change:
            show.check_calendar()
        if due is not None and clock.now() >= due - _EPSILON:
            show.tick(max(clock.now(), due))
        seen = _what(show, playlist)
        if seen != current:
            out.append(_showing(current, since, clock.wall(), playlist))
            current, since = seen, clock.wall()
    else:
        raise ValueError(f"the plan needs more than {MAX_EVENTS} steps; ask for a shorter span")
    if clock.wall() > since:
        out.append(_showing(current, since, min(clock.wall(), limit), playlist))
    return out


def deck_time(when: datetime, playlist: Playlist) -> datetime:
    """A time from the command line as an aware instant: naive means the deck's local time."""
    zone = playlist.schedule.timezone if playlist.schedule else None
    if when.tzinfo is None:
        return deck_local(deck_instant(when, zone), zone)
    return deck_local(when, zone)


def wake_before(playlist: Playlist, at: datetime) -> datetime:
    """When the display last came on at or before `at` (its deck started afresh then).

    With no display hours, or on for more than a week: that day's local midnight.
    """
    zone = playlist.schedule.timezone if playlist.schedule else None
    hours = DisplayHours(playlist.schedule)
    midnight = deck_instant(deck_local(at, zone).replace(hour=0, minute=0, second=0), zone)
    if hours.always_on:
        return min(midnight, at)
    woke: datetime | None = None
    t = at - timedelta(days=8)
    for _ in range(1000):
        change = hours.next_change(t)
        if change is None or change > at:
            break
        if hours.is_on(change):
            woke = change
        t = change
    if woke is not None:
        return woke
    return min(midnight, at) if hours.is_on(at) else at


def showing_at(
    playlist: Playlist,
    at: datetime,
    since: datetime | None = None,
    *,
    language: str | None = None,
    language_mode: str | None = None,
) -> Showing:
    """What is on screen at `at`, the display having started at `since` (default: its last
    wake-up, see `wake_before`)."""
    begin = wake_before(playlist, at) if since is None else since
    if begin > at:
        raise ValueError("the display must start before the moment asked about")
    longest = max(playlist.duration_of(s) for s in playlist.slides)
    end = at + timedelta(seconds=longest + 1)  # its whole time
    shown = plan(playlist, begin, end, language=language, language_mode=language_mode)
    for item in shown:
        if item.start <= at < item.end:
            return item
    return shown[-1]


_What = tuple[str, int | None, float, tuple[str, ...]]


def _what(show: Show, playlist: Playlist) -> _What:
    state = show.state
    if not state.display_on:
        return ("off", None, 0.0, ())
    if state.index is None:
        return ("title", None, 0.0, state.languages)
    return ("slide", state.index, state.started, state.languages)


def _showing(what: _What, start: datetime, end: datetime, playlist: Playlist) -> Showing:
    zone = playlist.schedule.timezone if playlist.schedule else None
    kind, index, _, languages = what
    first, last = deck_local(start, zone), deck_local(end, zone)
    if index is None:
        return Showing(first, last, kind, languages=languages)
    slide = playlist.slides[index]
    title = slide_title(slide)
    return Showing(first, last, kind, index, slide.type, slide.id, title, languages)
