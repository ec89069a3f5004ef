"""`kiosk.core.plan`: the real Show on a fake clock, over display hours, show rules and DST."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.model import Playlist
from kiosk.core.plan import Showing, plan, showing_at, wake_before
from kiosk.core.plantext import Loop, fold, plan_lines

BERLIN = ZoneInfo("Europe/Berlin")


def deck(slides: int = 3, *, schedule: dict[str, Any] | None = None, **extra: Any) -> Playlist:
    data: dict[str, Any] = {
        "deck": {"title": "T"},
        "defaults": {"duration": 10},
        "schedule": {"timezone": "Europe/Berlin", **(schedule or {})},
        "slides": [
            {"type": "title", "id": f"s{i + 1}", "title": f"S{i + 1}"} for i in range(slides)
        ],
    }
    for index, fields in extra.get("slide_fields", {}).items():
        data["slides"][index].update(fields)
    return Playlist.model_validate(data)


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


def contiguous(items: list[Showing]) -> None:
    for a, b in itertools.pairwise(items):
        assert a.end == b.start


def test_rotation_in_deck_order_each_for_its_duration() -> None:
    items = plan(deck(3), berlin(2026, 12, 24, 8), berlin(2026, 12, 24, 8, 1))
    assert [s.number for s in items] == [1, 2, 3, 1, 2, 3]
    assert {s.seconds for s in items} == {10.0}
    assert items[0].start == berlin(2026, 12, 24, 8)
    assert items[0].title == "S1"
    assert items[0].slide_id == "s1"
    assert items[0].slide_type == "title"
    contiguous(items)


def test_display_hours_turn_it_off_and_the_deck_starts_afresh_on_waking() -> None:
    hours = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "09:00-17:00")
    playlist = deck(3, schedule={"hours": hours})
    friday = berlin(2026, 12, 18, 16, 59, 45)  # slide 1 at :45, 2 at :55 is cut at 17:00
    items = plan(playlist, friday, friday + timedelta(days=3))
    contiguous(items)
    assert [s.number for s in items[:2]] == [1, 2]
    assert items[1].end == berlin(2026, 12, 18, 17)
    off = items[2]
    assert off.kind == "off"
    assert (off.start, off.end) == (berlin(2026, 12, 18, 17), berlin(2026, 12, 21, 9))
    assert (items[3].number, items[3].start) == (1, berlin(2026, 12, 21, 9))


def test_a_show_rule_window_lets_its_slide_in_only_inside_it() -> None:
    playlist = deck(3, slide_fields={1: {"show": {"hours": "12:00-13:00"}}})
    items = plan(playlist, berlin(2026, 12, 24, 11), berlin(2026, 12, 24, 14))
    contiguous(items)
    second = [s for s in items if s.number == 2]
    assert second
    assert all(
        berlin(2026, 12, 24, 12) <= s.start and s.end <= berlin(2026, 12, 24, 13) for s in second
    )
    before = [s.number for s in items if s.end <= berlin(2026, 12, 24, 12)]
    assert set(before) == {1, 3}


def test_a_slide_on_screen_when_its_window_closes_goes_off_then() -> None:
    playlist = deck(2, slide_fields={1: {"show": {"hours": "12:00-13:00"}, "duration": 7}})
    # slide 1 from 12:59:43 to :53, then slide 2 is cut when its window closes at 13:00
    items = plan(playlist, berlin(2026, 12, 24, 12, 59, 43), berlin(2026, 12, 24, 13, 0, 30))
    assert [s.number for s in items][:2] == [1, 2]
    assert items[1].end == berlin(2026, 12, 24, 13)
    assert all(s.number == 1 for s in items[2:])


def test_no_slide_allowed_shows_the_deck_title() -> None:
    playlist = deck(1, slide_fields={0: {"show": {"hours": "12:00-13:00"}}})
    items = plan(playlist, berlin(2026, 12, 24, 11, 59), berlin(2026, 12, 24, 12, 0, 20))
    assert items[0].kind == "title"
    assert items[0].end == berlin(2026, 12, 24, 12)
    assert items[1].number == 1


def test_autumn_dst_night_is_an_hour_longer() -> None:
    """Europe/Berlin, last Sunday of October 2026: 03:00 CEST becomes 02:00 CET."""
    daily = dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "07:00-23:00")
    playlist = deck(3, schedule={"hours": daily})
    start = berlin(2026, 10, 24, 22, 59, 50)
    items = plan(playlist, start, start + timedelta(hours=10))
    off = next(s for s in items if s.kind == "off")
    assert off.start.isoformat() == "2026-10-24T23:00:00+02:00"
    assert off.end.isoformat() == "2026-10-25T07:00:00+01:00"
    assert off.seconds == 9 * 3600
    after = items[items.index(off) + 1]
    assert (after.number, after.start.isoformat()) == (1, "2026-10-25T07:00:00+01:00")


def test_spring_dst_night_is_an_hour_shorter() -> None:
    """Europe/Berlin, last Sunday of March 2026: 02:00 CET becomes 03:00 CEST."""
    daily = dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "07:00-23:00")
    playlist = deck(3, schedule={"hours": daily})
    start = berlin(2026, 3, 28, 22)
    items = plan(playlist, start, start + timedelta(hours=10))
    off = next(s for s in items if s.kind == "off")
    assert off.end.isoformat() == "2026-03-29T07:00:00+02:00"
    assert off.seconds == 7 * 3600


def test_always_on_across_dst_rotates_on_real_time() -> None:
    """An always-on deck does not skip or repeat slides when the clocks change."""
    playlist = deck(3)
    start = berlin(2026, 10, 25, 1, 30)
    items = plan(playlist, start, start.astimezone(UTC) + timedelta(hours=3))  # real hours
    contiguous(items)
    assert sum(s.seconds for s in items) == 3 * 3600
    assert len(items) == 3 * 360
    assert [s.number for s in items[:6]] == [1, 2, 3, 1, 2, 3]
    assert items[-1].end.isoformat() == "2026-10-25T03:30:00+01:00"
    # the repeated hour 02:00-03:00 shows twice, once per offset
    offsets = {s.start.utcoffset() for s in items}
    assert offsets == {timedelta(hours=2), timedelta(hours=1)}


def test_a_show_rule_in_the_repeated_hour_holds_once() -> None:
    """A window 02:00-02:30 on the autumn night holds at its first occurrence only."""
    playlist = deck(2, slide_fields={1: {"show": {"hours": "02:00-02:30"}}})
    start = berlin(2026, 10, 25, 1, 50)
    items = plan(playlist, start, start + timedelta(hours=2))
    second = [s for s in items if s.number == 2]
    assert second
    assert all(s.start.utcoffset() == timedelta(hours=2) for s in second)


def test_fold_keeps_the_first_loop_and_folds_the_rest() -> None:
    items = plan(deck(3), berlin(2026, 12, 24, 8), berlin(2026, 12, 24, 9))
    rows = fold(items)
    assert [r.number for r in rows[:3] if isinstance(r, Showing)] == [1, 2, 3]
    loop = rows[3]
    assert isinstance(loop, Loop)
    assert (loop.size, loop.times, loop.seconds) == (3, 119, 30.0)
    assert loop.end == berlin(2026, 12, 24, 9)
    assert len(rows) == 4


def test_plan_lines_read_as_a_day_with_folded_loops_and_off_hours() -> None:
    hours = {"thu": "08:00-08:02"}
    items = plan(
        deck(3, schedule={"hours": hours}), berlin(2026, 12, 24, 8), berlin(2026, 12, 24, 9)
    )
    text = list(plan_lines(items, header="plan"))
    assert text[0] == "plan"
    assert text[1] == "Thu 2026-12-24 (UTC+01:00)"
    assert text[2] == "  08:00:00–08:00:10    1 title     S1 [s1]"
    assert any("… the same 3 slides again, loop ×3 (30 s each) …" in t for t in text)
    assert "  08:02:00–09:00:00  display off (display hours)" in text
    assert text[-1] == "12 slides shown, display on 2 min 00 s, off 58 min 00 s"
    every = list(plan_lines(items, every=True))
    assert len(every) == 12 + 1 + 1 + 1  # day heading, 12 slides, off, summary


def test_wake_before_and_showing_at() -> None:
    hours = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "09:00-17:00")
    playlist = deck(3, schedule={"hours": hours})
    at = berlin(2026, 12, 24, 9, 0, 25)
    assert wake_before(playlist, at) == berlin(2026, 12, 24, 9)
    item = showing_at(playlist, at)
    assert (item.number, item.start) == (3, berlin(2026, 12, 24, 9, 0, 20))
    assert showing_at(playlist, berlin(2026, 12, 24, 20)).kind == "off"
    always = deck(3)
    assert wake_before(always, at) == berlin(2026, 12, 24, 0)
    assert showing_at(always, berlin(2026, 12, 24, 0, 0, 15)).number == 2
    assert showing_at(always, at, since=berlin(2026, 12, 24, 9, 0, 20)).number == 1


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        plan(deck(1), datetime(2026, 1, 1), datetime(2026, 1, 2, tzinfo=UTC))


def test_a_span_too_long_to_plan_is_refused_at_once() -> None:
    playlist = Playlist.model_validate(
        {"deck": {"title": "T"}, "slides": [{"type": "title", "title": "A", "duration": 0.1}]}
    )
    start = berlin(2026, 1, 1)
    with pytest.raises(ValueError, match="more than 500000 slides to plan; ask for fewer hours"):
        plan(playlist, start, start + timedelta(hours=744))
