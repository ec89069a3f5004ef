"""The rotation state machine, driven by a fake clock: order, timing, modes, hooks."""

from __future__ import annotations

import itertools

import pytest

from kiosk.core.clock import FakeClock
from kiosk.core.rotation import Change, Entry, Mode, Rotator


def deck(n: int, duration: float = 10.0) -> list[Entry]:
    return [Entry(f"s{i}", duration) for i in range(n)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=100.0)


def make(clock: FakeClock, n: int = 5, duration: float = 10.0, **kw: object) -> Rotator:
    return Rotator(deck(n, duration), clock, **kw)  # type: ignore[arg-type]


def run_until(rot: Rotator, clock: FakeClock, t: float, late: float = 0.0) -> None:
    """Wake the rotator at each deadline up to absolute time t, like the UI timer would."""
    while True:
        due = rot.next_deadline()
        if due is None or due + late > t:
            break
        clock.advance(max(0.0, due + late - clock.now()))
        rot.tick()
    clock.advance(max(0.0, t - clock.now()))
    rot.tick()


def test_plays_in_order_and_wraps(clock: FakeClock) -> None:
    rot = make(clock, n=3)
    seen = [rot.index]
    for _ in range(6):
        clock.advance(10)
        assert rot.tick()
        seen.append(rot.index)
    assert seen == [0, 1, 2, 0, 1, 2, 0]
    assert rot.mode is Mode.PLAYING


def test_nothing_happens_before_the_deadline(clock: FakeClock) -> None:
    rot = make(clock)
    clock.advance(9.99)
    assert not rot.tick()
    assert rot.index == 0


def test_ten_slides_sixty_seconds_no_drift_after_1000_cycles(clock: FakeClock) -> None:
    rot = make(clock, n=10, duration=6.0)
    t0 = clock.now()
    starts: list[float] = []
    rot.subscribe(lambda c: starts.append(rot.deadline - 6.0) if c.index == 0 else None)
    # the UI timer always wakes a little late; the schedule must not absorb that lateness
    run_until(rot, clock, t0 + 1000 * 60 + 1, late=0.017)
    assert rot.index == 0
    assert len(starts) == 1000
    cycles = [b - a for a, b in itertools.pairwise(starts)]
    assert all(c == pytest.approx(60.0, abs=1e-9) for c in cycles)
    assert starts[-1] == pytest.approx(t0 + 1000 * 60, abs=1e-6)


def test_mixed_durations_keep_their_own_lengths(clock: FakeClock) -> None:
    rot = Rotator([Entry("a", 3), Entry("b", 7), Entry("c", 0.5)], clock)
    t0 = clock.now()
    run_until(rot, clock, t0 + 3 + 7 + 0.25)
    assert rot.index == 2
    run_until(rot, clock, t0 + 10.5 + 2.9)
    assert rot.index == 0
    run_until(rot, clock, t0 + 10.5 + 3.0)
    assert rot.index == 1


def test_a_long_stall_rebases_instead_of_firing_a_burst(clock: FakeClock) -> None:
    rot = make(clock, n=5)
    changes: list[Change] = []
    rot.subscribe(changes.append)
    clock.jump(3600)  # the machine was suspended for an hour
    assert rot.tick()
    assert not rot.tick()
    assert len(changes) == 1
    assert rot.index == 1
    assert rot.time_left() == pytest.approx(10.0)


def test_a_slightly_late_wake_keeps_the_grid(clock: FakeClock) -> None:
    rot = make(clock)
    t0 = clock.now()
    clock.advance(10.4)
    rot.tick()
    assert rot.deadline == pytest.approx(t0 + 20)


def test_manual_navigation_then_idle_resume(clock: FakeClock) -> None:
    rot = make(clock, resume_after=30)
    clock.advance(4)
    rot.next()
    rot.next()
    assert (rot.index, rot.mode) == (2, Mode.MANUAL)
    assert rot.time_left() is None
    clock.advance(29.9)
    assert not rot.tick()
    assert rot.mode is Mode.MANUAL
    clock.advance(0.1)
    assert rot.tick()
    assert (rot.index, rot.mode) == (2, Mode.PLAYING)
    assert rot.time_left() == pytest.approx(10.0)  # the slide on screen gets its full time


def test_each_input_restarts_the_idle_wait(clock: FakeClock) -> None:
    rot = make(clock, resume_after=30)
    rot.next()
    clock.advance(20)
    rot.prev()
    clock.advance(20)
    rot.tick()
    assert rot.mode is Mode.MANUAL
    clock.advance(10)
    rot.tick()
    assert rot.mode is Mode.PLAYING


def test_prev_first_last_goto(clock: FakeClock) -> None:
    rot = make(clock, n=5)
    rot.prev()
    assert rot.index == 4  # wraps from the first to the last
    rot.first()
    assert rot.index == 0
    rot.last()
    assert rot.index == 4
    rot.goto(2)
    assert rot.index == 2
    rot.goto(99)
    assert rot.index == 4
    rot.goto(-3)
    assert rot.index == 0


def test_twenty_rapid_presses_land_on_the_right_slide(clock: FakeClock) -> None:
    rot = make(clock, n=7)
    for _ in range(20):
        rot.next()
    assert rot.index == 20 % 7
    for _ in range(3):
        rot.prev()
    assert rot.index == 17 % 7


def test_unplayable_slides_are_skipped_everywhere(clock: FakeClock) -> None:
    off = {1, 3}
    rot = make(clock, n=5, playable=lambda i: i not in off)
    clock.advance(10)
    rot.tick()
    assert rot.index == 2
    rot.next()
    assert rot.index == 4
    rot.prev()
    assert rot.index == 2
    rot.goto(3)
    assert rot.index == 4
    rot.goto(0)
    rot.prev()
    assert rot.index == 4


def test_start_on_an_unplayable_slide_moves_forward(clock: FakeClock) -> None:
    rot = make(clock, n=4, start=1, playable=lambda i: i != 1)
    assert rot.index == 2


def test_nothing_playable_is_reported_not_crashed(clock: FakeClock) -> None:
    rot = make(clock, n=3, playable=lambda _i: False)
    assert not rot.on_air
    clock.advance(10)
    rot.tick()
    rot.next()
    assert not rot.on_air


def test_a_failing_predicate_counts_as_unplayable(clock: FakeClock) -> None:
    def playable(i: int) -> bool:
        if i == 1:
            raise RuntimeError("bad show rule")
        return True

    rot = make(clock, n=3, playable=playable)
    rot.next()
    assert rot.index == 2


def test_pause_keeps_the_time_left(clock: FakeClock) -> None:
    rot = make(clock)
    clock.advance(4)
    rot.toggle_pause()
    assert rot.mode is Mode.PAUSED
    clock.advance(100)
    assert not rot.tick()
    assert rot.time_left() == pytest.approx(6.0)
    assert rot.progress() == pytest.approx(0.4)
    rot.toggle_pause()
    assert rot.mode is Mode.PLAYING
    clock.advance(5.9)
    rot.tick()
    assert rot.index == 0
    clock.advance(0.1)
    rot.tick()
    assert rot.index == 1


def test_navigating_while_paused_stays_paused(clock: FakeClock) -> None:
    rot = make(clock)
    rot.toggle_pause()
    rot.next()
    assert (rot.index, rot.mode) == (1, Mode.PAUSED)
    assert rot.time_left() == pytest.approx(10.0)


def test_blank_and_back_restores_the_mode_and_time(clock: FakeClock) -> None:
    rot = make(clock)
    clock.advance(3)
    rot.toggle_blank()
    assert rot.mode is Mode.BLANK
    clock.advance(50)
    rot.tick()
    assert rot.index == 0
    rot.toggle_blank()
    assert rot.mode is Mode.PLAYING
    assert rot.time_left() == pytest.approx(7.0)


def test_next_on_a_blank_screen_uncovers_without_moving(clock: FakeClock) -> None:
    rot = make(clock)
    rot.next()
    rot.toggle_blank()
    rot.next()
    assert (rot.index, rot.mode) == (1, Mode.MANUAL)
    rot.toggle_white()
    assert rot.mode is Mode.WHITE
    rot.toggle_blank()  # white -> black keeps what to come back to
    assert rot.mode is Mode.BLANK
    assert rot.escape()
    assert rot.mode is Mode.MANUAL
    assert not rot.escape()


def test_a_forgotten_blank_screen_ends_by_itself(clock: FakeClock) -> None:
    rot = make(clock, resume_after=30, hold_after=600)
    rot.toggle_blank()
    clock.advance(599)
    assert not rot.tick()
    clock.advance(1)
    assert rot.tick()
    assert rot.mode is Mode.PLAYING


def test_restart_from_first_and_from_current(clock: FakeClock) -> None:
    rot = make(clock)
    rot.goto(3)
    clock.advance(2)
    rot.restart(from_current=True)
    assert (rot.index, rot.mode) == (3, Mode.PLAYING)
    assert rot.time_left() == pytest.approx(10.0)
    rot.restart()
    assert (rot.index, rot.mode) == (0, Mode.PLAYING)


def test_a_slide_that_steps_consumes_next(clock: FakeClock) -> None:
    rot = make(clock)
    steps = [True, True, False]
    rot.set_step_hook(lambda: steps.pop(0))
    rot.next()
    rot.next()
    assert (rot.index, rot.mode) == (0, Mode.MANUAL)
    rot.next()
    assert rot.index == 1


def test_replace_deck_keeps_the_slide_by_id_else_position(clock: FakeClock) -> None:
    rot = Rotator([Entry("a", 10), Entry("b", 10), Entry("c", 10)], clock)
    rot.goto(1)
    changes: list[Change] = []
    rot.subscribe(changes.append)
    rot.replace_deck([Entry("new", 5), Entry("a", 10), Entry("b", 10)])
    assert rot.index == 2
    assert changes[-1].deck_replaced
    assert changes[-1].moved
    rot.replace_deck([Entry(None, 5), Entry(None, 5), Entry(None, 5), Entry(None, 5)])
    assert rot.index == 2
    rot.replace_deck([Entry("x", 5)])
    assert rot.index == 0


def test_replace_deck_adopts_the_new_duration(clock: FakeClock) -> None:
    rot = Rotator([Entry("a", 10), Entry("b", 10)], clock)
    clock.advance(4)
    rot.replace_deck([Entry("a", 20), Entry("b", 10)])
    assert rot.time_left() == pytest.approx(16.0)


def test_revalidate_moves_on_in_the_last_direction(clock: FakeClock) -> None:
    broken: set[int] = set()
    rot = make(clock, n=5, playable=lambda i: i not in broken)
    rot.goto(3)
    rot.prev()
    assert rot.index == 2
    broken.add(2)  # it failed to build
    rot.revalidate("failed to build")
    assert rot.index == 1


def test_enter_notifies_once_with_the_reason(clock: FakeClock) -> None:
    rot = make(clock)
    changes: list[Change] = []
    rot.subscribe(changes.append)
    rot.enter(Mode.PAUSED, "test")
    rot.enter(Mode.PAUSED, "again")
    assert [(c.previous_mode, c.mode, c.reason) for c in changes] == [
        (Mode.PLAYING, Mode.PAUSED, "test")
    ]
    assert not changes[0].moved


def test_changes_made_inside_a_listener_are_delivered_in_order(clock: FakeClock) -> None:
    rot = make(clock)
    seen: list[int] = []

    def listener(c: Change) -> None:
        seen.append(c.index)
        if c.index == 1:
            rot.next()

    rot.subscribe(listener)
    rot.subscribe(lambda c: seen.append(100 + c.index))
    rot.next()
    assert seen == [1, 101, 2, 102]


def test_a_failing_listener_does_not_stop_the_rotation(clock: FakeClock) -> None:
    rot = make(clock)
    seen: list[int] = []

    def bad(_c: Change) -> None:
        raise RuntimeError("boom")

    rot.subscribe(bad)
    rot.subscribe(lambda c: seen.append(c.index))
    rot.next()
    assert seen == [1]
    assert rot.listener_errors == 1


def test_an_empty_deck_is_refused(clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="at least one"):
        Rotator([], clock)
