"""What to say about the off hours: until when the display is off, and its hours. No Qt.

"display off until 07:00 (display hours 07:00-22:00)" in the log, "Off until 07:00" on the
card a key press shows. The time is the deck's local time (`schedule.timezone`); a day other
than today is named ("Mon 07:00").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.core.model import Schedule
from kiosk.core.schedule import WEEKDAYS, DisplayHours, deck_local

__all__ = ["OffHoursText", "describe_off_hours", "describe_on_hours"]


@dataclass(frozen=True)
class OffHoursText:
    until: datetime | None  # the instant the display comes back on; None: not by the schedule
    when: str  # "07:00", "Mon 07:00", or "" when never
    hours: str  # that day's display hours, "07:00-22:00" (or "" when none)

    def log_line(self) -> str:
        if self.until is None:
            return "display off (the display hours never turn it back on)"
        return f"display off until {self.when}" + (
            f" (display hours {self.hours})" if self.hours else ""
        )

    def card_title(self) -> str:
        return f"Off until {self.when}" if self.until is not None else "Off"


def _hours_on(schedule: Schedule | None, day: datetime) -> str:
    hours = schedule.hours if schedule else None
    if not hours:
        return ""
    return hours.get(WEEKDAYS[day.weekday()]) or ""  # type: ignore[call-overload]


def describe_off_hours(schedule: Schedule | None, at: datetime) -> OffHoursText:
    """The off hours as they stand at `at` (an aware instant while the display is off)."""
    timezone = schedule.timezone if schedule else None
    until = DisplayHours(schedule).next_change(at)
    if until is None:
        return OffHoursText(None, "", "")
    local, today = deck_local(until, timezone), deck_local(at, timezone)
    when = local.strftime("%H:%M")
    if local.date() != today.date():
        when = f"{local.strftime('%a')} {when}"
    return OffHoursText(until, when, _hours_on(schedule, local))


def describe_on_hours(schedule: Schedule | None, at: datetime) -> str:
    """'display on (display hours 07:00-22:00)' when it comes on at `at`."""
    hours = _hours_on(schedule, deck_local(at, schedule.timezone if schedule else None))
    return "display on" + (f" (display hours {hours})" if hours else "")
