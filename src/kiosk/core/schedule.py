"""When the display is on, and when each slide may be shown: plain Python, no Qt.

Two questions, both asked with an aware `datetime` that comes from the caller's clock
(nothing here reads the time itself):

- `DisplayHours(playlist.schedule)`: is the screen on at `at`, and when does that next change?
- `ShowWindow(slide.show, timezone)`: may this slide be shown at `at`, and when does that change?

Rules, in the deck's local time (`schedule.timezone`, or the machine's zone when it is null):

- `hours` null or missing: always on. When `hours` is given, a weekday that is missing or
  null is off all day.
- A span belongs to the day it starts on. `"22:00-02:00"` on Friday runs from Friday 22:00 to
  Saturday 02:00, whatever Saturday's own entry says. `"00:00-24:00"` is the whole day;
  a span whose end equals its start (`"06:00-06:00"`) is 24 hours long.
- A show rule holds on a day that is within `from`..`until` (both inclusive) and in `days`;
  its `hours` window (default: the whole day) starts on that day and may cross midnight.

Daylight-saving changes (every boundary is an instant, found like this):

- A wall time that does not exist (02:30 on a spring-forward night) means the moment the
  clock jumps, so a span "02:30-06:00" starts at 03:00 that night.
- A wall time that happens twice (01:30 on an autumn night) means its first occurrence, so
  a span ending at 01:30 ends the first time the clock shows 01:30 and does not come back on
  when the hour repeats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from datetime import timezone as FixedOffset
from zoneinfo import ZoneInfo

from kiosk.core.model import Schedule, ShowRule, parse_hours

__all__ = [
    "DeckCalendar",
    "DisplayHours",
    "ShowWindow",
    "deck_instant",
    "deck_local",
    "slide_next_change",
    "slide_visible",
    "wake_delay",
]

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = timedelta(days=1)
_SCAN_DAYS = 16  # two weeks and a bit: any weekly pattern repeats inside it
_FOREVER = timedelta(days=8)  # a run longer than this in a weekly pattern never ends

Span = tuple[time, time]  # start, end as parse_hours gives them (end 23:59:59.999999 = 24:00)
Interval = tuple[datetime, datetime]  # [start, end) in UTC


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("schedule times must be timezone-aware (got a naive datetime)")


class _Zone:
    """Wall time ↔ instants in one zone; `None` is the machine's local zone (TZ, /etc/localtime)."""

    def __init__(self, name: str | None) -> None:
        self.name = name
        self._tz: tzinfo | None = ZoneInfo(name) if name else None

    def wall(self, at: datetime) -> datetime:
        """The naive local wall time of an instant."""
        local = at.astimezone(self._tz) if self._tz else at.astimezone()
        return local.replace(tzinfo=None, fold=0)

    def present(self, instant: datetime) -> datetime:
        """An instant in the zone's local time, with a fixed offset (`…T03:00:00+02:00`).

        A fixed offset, not the ZoneInfo: Python subtracts two datetimes that share a
        ZoneInfo by wall clock, which is off by an hour across a DST change.
        """
        local = instant.astimezone(self._tz) if self._tz else instant.astimezone()
        offset = local.utcoffset()
        return local.replace(tzinfo=FixedOffset(offset)) if offset is not None else local

    def _utc(self, wall: datetime, fold: int) -> datetime:
        naive = wall.replace(fold=fold)
        if self._tz:
            return naive.replace(tzinfo=self._tz).astimezone(UTC)
        return naive.astimezone(UTC)  # a naive datetime is read as the machine's local time

    def instant(self, wall: datetime) -> datetime:
        """The instant a local wall time means: its first occurrence; in a gap, the jump."""
        first = self._utc(wall, 0)
        if self.wall(first) == wall:
            return first  # exists (fold=0 is the first of two when the hour repeats)
        # A skipped wall time: fold 0 and 1 land on either side of the transition.
        # Search whole seconds for the first instant whose wall time is past `wall`.
        other = self._utc(wall, 1)
        lo = int(min(first, other).timestamp() // 1)
        hi = -int(-max(first, other).timestamp() // 1)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.wall(datetime.fromtimestamp(mid, UTC)) > wall:
                hi = mid
            else:
                lo = mid
        return datetime.fromtimestamp(hi, UTC)


def _span_walls(day: date, span: Span) -> tuple[datetime, datetime]:
    start, end = span
    begin = datetime.combine(day, start)
    if end == time.max:  # "24:00"
        return begin, datetime.combine(day + _DAY, time())
    if end <= start:  # crosses midnight ("06:00-06:00" is a full 24 h)
        return begin, datetime.combine(day + _DAY, end)
    return begin, datetime.combine(day, end)


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue  # e.g. a span that lies wholly inside a skipped DST hour
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class _Windows:
    """A weekly pattern of spans, optionally bounded to days first..last, as instants."""

    zone: _Zone
    spans_for: Callable[[date], list[Span]]
    first: date | None = None
    last: date | None = None

    def _intervals(self, d0: date, d1: date) -> list[Interval]:
        out: list[Interval] = []
        day = d0
        while day <= d1:
            if (self.first is None or day >= self.first) and (
                self.last is None or day <= self.last
            ):
                for span in self.spans_for(day):
                    a, b = _span_walls(day, span)
                    out.append((self.zone.instant(a), self.zone.instant(b)))
            day += _DAY
        return _merge(out)

    def is_on(self, at: datetime) -> bool:
        _require_aware(at)
        today = self.zone.wall(at).date()
        return any(s <= at < e for s, e in self._intervals(today - _DAY, today))

    def next_change(self, at: datetime) -> datetime | None:
        _require_aware(at)
        today = self.zone.wall(at).date()
        lo = today - _DAY
        if self.first is not None and lo < self.first - _DAY:
            lo = self.first - _DAY  # nothing happens before the first day: jump ahead
        hi = lo + timedelta(days=_SCAN_DAYS)
        if self.last is not None and hi > self.last:
            hi = self.last
        if lo > hi:
            return None  # past the last day: off for good
        for start, end in self._intervals(lo, hi):
            if start <= at < end:
                if end - start > _FOREVER:  # continuous beyond the scan
                    if self.last is None:
                        return None
                    tail = self._intervals(self.last - _FOREVER, self.last)
                    return self.zone.present(tail[-1][1])
                return self.zone.present(end)
            if start > at:
                return self.zone.present(start)
        return None  # no span ahead in a whole repeating period: never changes


class DisplayHours:
    """The screen's on-hours from `playlist.schedule` (see the module doc for the rules)."""

    def __init__(self, schedule: Schedule | None) -> None:
        self.timezone = schedule.timezone if schedule else None
        self._zone = _Zone(self.timezone)
        hours = schedule.hours if schedule else None
        self.always_on = hours is None
        spans: dict[int, list[Span]] = {}
        for i, name in enumerate(WEEKDAYS):
            text = (hours or {}).get(name)  # type: ignore[call-overload]
            spans[i] = [parse_hours(text)] if text else []
        self._windows = _Windows(self._zone, lambda day: spans[day.weekday()])

    def is_on(self, at: datetime) -> bool:
        """True when the display should be showing slides at the instant `at`."""
        _require_aware(at)
        return True if self.always_on else self._windows.is_on(at)

    def next_change(self, at: datetime) -> datetime | None:
        """The next instant after `at` when `is_on` flips, or None if it never does."""
        _require_aware(at)
        return None if self.always_on else self._windows.next_change(at)


class ShowWindow:
    """A slide's `show` rule in the deck's zone; `None` rule = always visible."""

    def __init__(self, rule: ShowRule | None, timezone: str | None = None) -> None:
        self.rule = rule
        self.always = rule is None or (
            rule.from_ is None and rule.until is None and rule.days is None and rule.hours is None
        )
        self._windows: _Windows | None = None
        if rule is not None and not self.always:
            days = {WEEKDAYS.index(d) for d in rule.days} if rule.days else set(range(7))
            window = parse_hours(rule.hours) if rule.hours else (time(), time.max)
            self._windows = _Windows(
                _Zone(timezone),
                lambda day: [window] if day.weekday() in days else [],
                rule.from_,
                rule.until,
            )

    def is_on(self, at: datetime) -> bool:
        _require_aware(at)
        return self._windows is None or self._windows.is_on(at)

    def next_change(self, at: datetime) -> datetime | None:
        _require_aware(at)
        return None if self._windows is None else self._windows.next_change(at)


def slide_visible(rule: ShowRule | None, at: datetime, timezone: str | None = None) -> bool:
    """May a slide with this `show` rule be on screen at `at` (deck zone `timezone`)?"""
    return ShowWindow(rule, timezone).is_on(at)


def slide_next_change(
    rule: ShowRule | None, at: datetime, timezone: str | None = None
) -> datetime | None:
    """When `slide_visible` next flips for this rule, or None if it never does."""
    return ShowWindow(rule, timezone).next_change(at)


class DeckCalendar:
    """The display hours and every slide's `show` rule of one playlist, built once per load.

    `rules[i]` is slide i's rule (0-based, as in `playlist.slides`); None = always.
    """

    def __init__(self, schedule: Schedule | None, rules: Sequence[ShowRule | None]) -> None:
        self.hours = DisplayHours(schedule)
        timezone = schedule.timezone if schedule else None
        self.windows = [ShowWindow(rule, timezone) for rule in rules]

    def display_on(self, at: datetime) -> bool:
        return self.hours.is_on(at)

    def slide_visible(self, index: int, at: datetime) -> bool:
        """Slide `index` (0-based) may be shown at `at` by its `show` rule."""
        return self.windows[index].is_on(at)

    def next_change(self, at: datetime) -> datetime | None:
        """The earliest change of the display hours or of any slide's visibility after `at`.

        One timer set to this instant (see `wake_delay`) is all the player needs.
        """
        changes = [self.hours.next_change(at)]
        changes += [w.next_change(at) for w in self.windows if not w.always]
        found = [c for c in changes if c is not None]
        return min(found) if found else None


def deck_instant(wall: datetime, timezone: str | None) -> datetime:
    """The instant (UTC) a naive local wall time means in the deck's zone, by the rules above."""
    return _Zone(timezone).instant(wall.replace(tzinfo=None))


def deck_local(instant: datetime, timezone: str | None) -> datetime:
    """An aware instant as the deck's local time, with a fixed UTC offset."""
    _require_aware(instant)
    return _Zone(timezone).present(instant)


def wake_delay(at: datetime, when: datetime | None, cap: float = 60.0) -> float:
    """Seconds to sleep from `at` until `when`, never more than `cap` (>= 0).

    The cap makes a sleeping player re-check now and then, so a wall-clock jump (NTP, a
    manual change, a suspend) cannot make it miss a change; QTimer also cannot wait beyond
    ~24 days.
    """
    if when is None:
        return cap
    seconds = (when.astimezone(UTC) - at.astimezone(UTC)).total_seconds()  # real, not wall
    return max(0.0, min(cap, seconds))
