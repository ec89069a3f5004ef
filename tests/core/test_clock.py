"""The injected clocks: the fake one moves only when told, the real one is monotonic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.core.clock import Clock, FakeClock, MonotonicClock


def test_fake_clock_moves_only_when_told() -> None:
    clock = FakeClock(start=5.0)
    assert clock.now() == 5.0
    assert clock.now() == 5.0
    clock.advance(2.5)
    assert clock.now() == 7.5


def test_fake_clock_advance_moves_wall_time_too() -> None:
    start = datetime(2024, 1, 1, 23, 59, tzinfo=UTC)
    clock = FakeClock(wall=start)
    clock.advance(120)
    assert clock.wall() == start + timedelta(minutes=2)


def test_jump_is_a_stall_and_set_wall_a_wall_correction() -> None:
    start = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
    clock = FakeClock(start=0.0, wall=start)
    clock.jump(3600)
    assert clock.now() == 3600
    assert clock.wall() == start
    clock.set_wall(start - timedelta(hours=1))
    assert clock.now() == 3600  # the monotonic clock never goes back with the wall clock


def test_fake_clock_refuses_to_go_back_or_be_naive() -> None:
    clock = FakeClock()
    with pytest.raises(ValueError, match="cannot go back"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="cannot go back"):
        clock.jump(-1)
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set_wall(datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        FakeClock(wall=datetime(2024, 1, 1))


def test_real_clock_is_monotonic_and_wall_time_is_aware() -> None:
    clock = MonotonicClock()
    a, b = clock.now(), clock.now()
    assert b >= a
    assert clock.wall().tzinfo is not None


def test_both_clocks_satisfy_the_protocol() -> None:
    assert isinstance(MonotonicClock(), Clock)
    assert isinstance(FakeClock(), Clock)
