"""Display hours and `show` rules: weekdays, overnight spans, 24:00, DST, other time zones."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.model import Schedule, ShowRule
from kiosk.core.schedule import (
    DeckCalendar,
    DisplayHours,
    ShowWindow,
    slide_next_change,
    slide_visible,
    wake_delay,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
SHANGHAI = ZoneInfo("Asia/Shanghai")
ALL_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def hours(tz: str | None = "Europe/Berlin", **days: str | None) -> DisplayHours:
    return DisplayHours(Schedule(timezone=tz, hours=days))


def rule(**fields: object) -> ShowRule:
    return ShowRule.model_validate(fields)


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, tz: ZoneInfo = BERLIN) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz)


def walk(dh: DisplayHours | ShowWindow, start: datetime, steps: int) -> list[tuple[str, bool]]:
    """The changes from `start`, as (UTC ISO time, state after the change)."""
    out = []
    now = start
    for _ in range(steps):
        change = dh.next_change(now)
        assert change is not None
        assert change > now
        assert dh.is_on(change) != dh.is_on(change - timedelta(microseconds=1))
        out.append((change.astimezone(UTC).isoformat(timespec="minutes"), dh.is_on(change)))
        now = change
    return out


# 2024-06-03 is a Monday.


def test_no_hours_is_always_on_and_never_changes() -> None:
    for dh in (DisplayHours(None), DisplayHours(Schedule())):
        assert dh.always_on
        assert dh.is_on(at(2024, 6, 3, 3))
        assert dh.next_change(at(2024, 6, 3, 3)) is None


def test_weekday_hours_and_missing_or_null_day_is_off() -> None:
    dh = hours(mon="07:00-23:00", tue=None)
    assert not dh.is_on(at(2024, 6, 3, 6, 59))
    assert dh.is_on(at(2024, 6, 3, 7, 0))  # start inclusive
    assert dh.is_on(at(2024, 6, 3, 22, 59))
    assert not dh.is_on(at(2024, 6, 3, 23, 0))  # end exclusive
    assert not dh.is_on(at(2024, 6, 4, 12))  # tue: null
    assert not dh.is_on(at(2024, 6, 5, 12))  # wed: missing
    assert dh.next_change(at(2024, 6, 3, 12)) == at(2024, 6, 3, 23)
    # off from Monday 23:00 until next Monday 07:00
    assert dh.next_change(at(2024, 6, 3, 23)) == at(2024, 6, 10, 7)


def test_empty_hours_means_never_on() -> None:
    dh = hours()
    assert not dh.is_on(at(2024, 6, 3, 12))
    assert dh.next_change(at(2024, 6, 3, 12)) is None


def test_overnight_span_belongs_to_the_day_it_starts() -> None:
    dh = hours(fri="22:00-02:00")  # sat is off, but Friday's span runs into it
    assert not dh.is_on(at(2024, 6, 7, 21, 59))
    assert dh.is_on(at(2024, 6, 7, 22))
    assert dh.is_on(at(2024, 6, 8, 1, 59))
    assert not dh.is_on(at(2024, 6, 8, 2))
    assert not dh.is_on(at(2024, 6, 7, 1))  # Thursday had no span to carry over
    assert dh.next_change(at(2024, 6, 7, 23)) == at(2024, 6, 8, 2)  # across midnight
    assert dh.next_change(at(2024, 6, 8, 2)) == at(2024, 6, 14, 22)


def test_24_00_end_and_adjacent_days_join_up() -> None:
    dh = hours(sat="08:00-24:00", sun="00:00-18:00")
    assert dh.is_on(at(2024, 6, 8, 23, 59))
    assert dh.is_on(at(2024, 6, 9, 0, 0))
    # one continuous run: no blink at midnight
    assert dh.next_change(at(2024, 6, 8, 9)) == at(2024, 6, 9, 18)
    assert dh.next_change(at(2024, 6, 9, 18)) == at(2024, 6, 15, 8)


def test_every_day_round_the_clock_never_changes() -> None:
    dh = hours(**dict.fromkeys(ALL_DAYS, "00:00-24:00"))
    assert dh.is_on(at(2024, 3, 31, 2, 30))
    assert dh.next_change(at(2024, 3, 30, 12)) is None
    also_24h = hours(**dict.fromkeys(ALL_DAYS, "06:00-06:00"))  # start == end: 24 hours
    assert also_24h.is_on(at(2024, 6, 3, 5))
    assert also_24h.next_change(at(2024, 6, 3, 5)) is None


def test_one_day_off_a_week_is_found_beyond_the_first_days() -> None:
    days = dict.fromkeys(ALL_DAYS, "00:00-24:00")
    days["sun"] = None
    dh = hours(**days)
    assert dh.next_change(at(2024, 6, 3, 12)) == at(2024, 6, 9, 0)  # Monday → Sunday 00:00
    assert dh.next_change(at(2024, 6, 9, 0)) == at(2024, 6, 10, 0)


def test_berlin_spring_forward_skipped_start_begins_at_the_jump() -> None:
    # 2024-03-31: Berlin clocks go 02:00 CET → 03:00 CEST; 02:30 does not exist.
    dh = hours(sat="22:00-01:00", sun="02:30-05:00")
    assert walk(dh, at(2024, 3, 30, 12), 4) == [
        ("2024-03-30T21:00+00:00", True),  # Sat 22:00 CET
        ("2024-03-31T00:00+00:00", False),  # Sun 01:00 CET
        ("2024-03-31T01:00+00:00", True),  # the jump: 03:00 CEST, first moment past 02:30
        ("2024-03-31T03:00+00:00", False),  # 05:00 CEST
    ]
    assert not dh.is_on(datetime(2024, 3, 31, 0, 59, tzinfo=UTC))  # 01:59 CET
    assert dh.next_change(at(2024, 3, 31, 1, 30)) == datetime(2024, 3, 31, 1, tzinfo=UTC)


def test_span_wholly_inside_a_skipped_hour_is_off_that_night_only() -> None:
    dh = hours(sun="02:10-02:40")
    start = at(2024, 3, 30, 12)
    nxt = dh.next_change(start)  # skips 31 March, when 02:10-02:40 never happens
    assert nxt == at(2024, 4, 7, 2, 10)


def test_berlin_fall_back_keeps_a_span_the_wall_clock_length() -> None:
    # 2024-10-27: 03:00 CEST → 02:00 CET; 02:00-03:00 happens twice. 00:00-06:00 is 7 h.
    dh = hours(sun="00:00-06:00")
    start = dh.next_change(at(2024, 10, 26, 12))
    end = dh.next_change(at(2024, 10, 27, 1))
    assert start == at(2024, 10, 27, 0)
    assert end == at(2024, 10, 27, 6)
    assert end - start == timedelta(hours=7)


def test_new_york_fall_back_end_in_the_repeated_hour_is_its_first_occurrence() -> None:
    # 2024-11-03: 02:00 EDT → 01:00 EST; 01:30 happens at 05:30Z and again at 06:30Z.
    dh = hours("America/New_York", sat="18:00-01:30", sun="01:45-03:00")
    assert walk(dh, at(2024, 11, 2, 12, tz=NEW_YORK), 4) == [
        ("2024-11-02T22:00+00:00", True),  # Sat 18:00 EDT
        ("2024-11-03T05:30+00:00", False),  # first 01:30 (EDT)
        ("2024-11-03T05:45+00:00", True),  # first 01:45 (EDT)
        ("2024-11-03T08:00+00:00", False),  # 03:00 EST
    ]
    # the second 01:15 (EST, 06:15Z) is inside Sunday's span, not a return of Saturday's
    assert dh.is_on(datetime(2024, 11, 3, 6, 15, tzinfo=UTC))


def test_new_york_spring_forward_overnight_span() -> None:
    # 2024-03-10: 02:00 EST → 03:00 EDT. Sat 20:00 → Sun 04:00 is 7 real hours.
    dh = hours("America/New_York", sat="20:00-04:00")
    start = dh.next_change(at(2024, 3, 9, 12, tz=NEW_YORK))
    assert start is not None
    end = dh.next_change(start)
    assert end == at(2024, 3, 10, 4, tz=NEW_YORK)
    assert end - start == timedelta(hours=7)


def test_deck_zone_differs_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        dh = hours("Asia/Shanghai", mon="09:00-17:00")
        # Monday 09:00 in Shanghai is Sunday 21:00 in New York (EDT)
        assert dh.is_on(datetime(2024, 6, 2, 21, 0, tzinfo=NEW_YORK))
        assert not dh.is_on(datetime(2024, 6, 3, 9, 0, tzinfo=NEW_YORK))  # 21:00 Shanghai
        change = dh.next_change(datetime(2024, 6, 2, 12, tzinfo=UTC))
        assert change == datetime(2024, 6, 3, 9, tzinfo=SHANGHAI)
        assert change is not None
        assert change.utcoffset() == timedelta(hours=8)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_no_timezone_follows_the_machine_zone_with_its_dst(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        dh = hours(None, sun="02:30-05:00")
        assert dh.next_change(datetime(2024, 3, 30, 12, tzinfo=UTC)) == datetime(
            2024, 3, 31, 1, tzinfo=UTC
        )
        assert dh.is_on(datetime(2024, 6, 2, 3, tzinfo=BERLIN))
        assert not dh.is_on(datetime(2024, 6, 2, 3, tzinfo=SHANGHAI))
    finally:
        monkeypatch.undo()
        time.tzset()


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        hours(mon="07:00-23:00").is_on(datetime(2024, 6, 3, 12))


# --- show rules --------------------------------------------------------------------------


def test_no_rule_or_empty_rule_is_always_visible() -> None:
    assert slide_visible(None, at(2024, 6, 3))
    assert slide_visible(rule(), at(2024, 6, 3))
    assert slide_next_change(None, at(2024, 6, 3)) is None


def test_date_range_is_inclusive_at_both_ends() -> None:
    r = rule(**{"from": "2024-06-10", "until": "2024-06-12"})
    tz = "Europe/Berlin"
    assert not slide_visible(r, at(2024, 6, 9, 23, 59), tz)
    assert slide_visible(r, at(2024, 6, 10, 0, 0), tz)
    assert slide_visible(r, at(2024, 6, 12, 23, 59), tz)
    assert not slide_visible(r, at(2024, 6, 13, 0, 0), tz)
    # months ahead, the next change is the first day, then the day after the last
    assert slide_next_change(r, at(2024, 1, 1), tz) == at(2024, 6, 10)
    assert slide_next_change(r, at(2024, 6, 10, 8), tz) == at(2024, 6, 13)
    assert slide_next_change(r, at(2024, 6, 13), tz) is None


def test_long_open_ended_range_ends_exactly() -> None:
    r = rule(until="2024-12-31")
    assert slide_next_change(r, at(2024, 6, 3), "Europe/Berlin") == at(2025, 1, 1)
    assert (
        slide_next_change(rule(**{"from": "2024-01-01"}), at(2024, 6, 3), "Europe/Berlin") is None
    )


def test_weekdays_and_hours() -> None:
    r = rule(days=["sat", "sun"], hours="10:00-18:00")
    w = ShowWindow(r, "Europe/Berlin")
    assert not w.is_on(at(2024, 6, 7, 12))  # fri
    assert w.is_on(at(2024, 6, 8, 10))
    assert not w.is_on(at(2024, 6, 8, 18))
    assert w.next_change(at(2024, 6, 8, 18)) == at(2024, 6, 9, 10)
    assert w.next_change(at(2024, 6, 9, 18)) == at(2024, 6, 15, 10)


def test_overnight_window_runs_past_midnight_and_past_until() -> None:
    r = rule(**{"until": "2024-06-08", "days": ["fri", "sat"], "hours": "22:00-02:00"})
    w = ShowWindow(r, "Europe/Berlin")
    assert w.is_on(at(2024, 6, 8, 1))  # Friday night's window, on Saturday morning
    assert not w.is_on(at(2024, 6, 7, 1))  # Thursday night: not a listed day
    assert w.is_on(at(2024, 6, 9, 1, 30))  # the last day's window ends on the day after
    assert w.next_change(at(2024, 6, 9, 1, 30)) == at(2024, 6, 9, 2)
    assert w.next_change(at(2024, 6, 9, 2)) is None


def test_rules_read_the_deck_zone_not_the_callers() -> None:
    r = rule(hours="09:00-17:00")
    moment = datetime(2024, 6, 3, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, 04:00 in Berlin
    assert slide_visible(r, moment, "Asia/Shanghai")
    assert not slide_visible(r, moment, "Europe/Berlin")


def test_deck_calendar_next_change_is_the_earliest_of_all() -> None:
    schedule = Schedule(timezone="Europe/Berlin", hours=dict.fromkeys(ALL_DAYS, "07:00-23:00"))
    rules = [None, rule(hours="12:00-13:00"), rule(**{"from": "2024-06-05"})]
    cal = DeckCalendar(schedule, rules)
    now = at(2024, 6, 3, 11)
    assert cal.display_on(now)
    assert [cal.slide_visible(i, now) for i in range(3)] == [True, False, False]
    assert cal.next_change(now) == at(2024, 6, 3, 12)
    assert cal.next_change(at(2024, 6, 3, 13)) == at(2024, 6, 3, 23)
    assert DeckCalendar(None, [None, None]).next_change(now) is None


def test_wake_delay_is_capped_and_never_negative() -> None:
    now = at(2024, 6, 3, 12)
    assert wake_delay(now, now + timedelta(seconds=5)) == 5
    assert wake_delay(now, now + timedelta(days=40)) == 60
    assert wake_delay(now, now - timedelta(seconds=5)) == 0
    assert wake_delay(now, None, cap=300) == 300
