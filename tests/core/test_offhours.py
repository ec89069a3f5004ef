"""What the log and the card say about the off hours (no Qt)."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.core.model import Schedule
from kiosk.core.offhours import describe_off_hours, describe_on_hours

WEEK = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "07:00-22:00")


def test_off_in_the_night_until_the_morning() -> None:
    schedule = Schedule(timezone="UTC", hours=WEEK)
    text = describe_off_hours(schedule, datetime(2024, 6, 4, 5, 30, tzinfo=UTC))  # a Tuesday
    assert text.until == datetime(2024, 6, 4, 7, 0, tzinfo=UTC)
    assert text.log_line() == "display off until 07:00 (display hours 07:00-22:00)"
    assert text.card_title() == "Off until 07:00"


def test_off_for_the_weekend_names_the_day_and_its_hours() -> None:
    hours = {**WEEK, "mon": "09:30-18:00"}
    schedule = Schedule(timezone="Asia/Shanghai", hours=hours)
    friday_night = datetime(2024, 6, 7, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
    text = describe_off_hours(schedule, friday_night)
    assert text.log_line() == "display off until Mon 09:30 (display hours 09:30-18:00)"
    assert text.card_title() == "Off until Mon 09:30"
    assert describe_on_hours(schedule, text.until) == "display on (display hours 09:30-18:00)"


def test_never_back_on() -> None:
    text = describe_off_hours(Schedule(hours={}), datetime(2024, 6, 4, 5, tzinfo=UTC))
    assert text.until is None
    assert text.card_title() == "Off"
    assert "never" in text.log_line()
