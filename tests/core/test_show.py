"""The show, driven by commands and a fake clock, without a QApplication: the state stream
a screen would draw through a whole presenter session, and each rule on its own."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kiosk.core.clock import FakeClock
from kiosk.core.commands import Command, CommandError, Op, parse_command
from kiosk.core.model import Playlist
from kiosk.core.rotation import Mode
from kiosk.core.show import Show
from kiosk.core.state import Cover, ShowState

MONDAY_NOON = datetime(2024, 6, 3, 12, 0, tzinfo=UTC)


def playlist(slides: list[dict[str, Any]] | None = None, **top: Any) -> Playlist:
    slides = slides or [
        {"type": "title", "id": "a", "title": "A"},
        {"type": "bullets", "id": "b", "heading": "B", "points": ["1", "2", "3"], "reveal": True},
        {"type": "quote", "id": "c", "text": "C", "speaker": "S"},
        {"type": "title", "id": "d", "title": "D", "enabled": False},
        {"type": "metric", "id": "e", "value": 5, "label": "E"},
    ]
    data = {
        "deck": {"title": "T"},
        "defaults": {"duration": 10, "transition": "fade"},
        "controls": {"resume_after": 30},
        "slides": slides,
        **top,
    }
    return Playlist.model_validate(data)


class Recorder:
    def __init__(self, show: Show) -> None:
        self.states: list[ShowState] = []
        show.subscribe(self.states.append)

    @property
    def last(self) -> ShowState:
        return self.states[-1]

    def where(self) -> tuple[int | None, int, Mode]:
        return self.last.index, self.last.step, self.last.mode


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=100.0, wall=MONDAY_NOON)


def wake(show: Show, clock: FakeClock) -> None:
    """What the player's timer does: sleep until the next deadline, then tick."""
    due = show.next_deadline()
    assert due is not None
    clock.advance(max(0.0, due - clock.now()))
    show.tick()


def press(show: Show, op: Op, **kw: Any) -> None:
    show.submit(Command(op, **kw))


def test_a_whole_presenter_session(clock: FakeClock) -> None:
    show = Show(playlist(), clock)
    rec = Recorder(show)
    assert (show.state.index, show.state.mode, show.state.counter) == (0, Mode.PLAYING, "1 / 4")

    # the presenter takes over: → onto the bullets slide shows its first point
    press(show, Op.NEXT)
    assert rec.where() == (1, 1, Mode.MANUAL)
    assert rec.last.moved
    assert rec.last.transition == "fade"
    assert rec.last.steps == 3
    press(show, Op.NEXT)
    press(show, Op.NEXT)
    assert rec.where() == (1, 3, Mode.MANUAL)
    assert not rec.last.moved  # a reveal is not a switch
    press(show, Op.PREV)  # ← hides the last point first
    assert rec.where() == (1, 2, Mode.MANUAL)
    press(show, Op.NEXT)
    press(show, Op.NEXT)  # everything shown: on to the next slide
    assert rec.where() == (2, 0, Mode.MANUAL)
    press(show, Op.PREV)  # back onto the bullets: all points shown
    assert rec.where() == (1, 3, Mode.MANUAL)

    # nobody touches it: rotation resumes from the slide on screen after resume_after
    wake(show, clock)
    assert rec.where() == (1, 3, Mode.PLAYING)
    assert rec.last.deadline == pytest.approx(clock.now() + 10)

    # pause, blank, white and back
    press(show, Op.TOGGLE_PAUSE)
    assert rec.last.mode is Mode.PAUSED
    assert rec.last.remaining == 10.0
    press(show, Op.TOGGLE_PAUSE)
    assert rec.last.mode is Mode.PLAYING
    press(show, Op.TOGGLE_BLANK)
    assert rec.last.cover is Cover.BLACK
    assert not rec.last.on_air
    press(show, Op.NEXT)  # any next ends the black screen, it does not move
    assert rec.last.cover is Cover.NONE
    assert rec.last.index == 1
    press(show, Op.TOGGLE_WHITE)
    press(show, Op.ESCAPE)
    assert rec.last.cover is Cover.NONE
    assert rec.last.mode is Mode.PLAYING

    # a hot reload keeps the slide by id, though it moved
    slides = [
        {"type": "title", "id": "new", "title": "N"},
        {"type": "title", "id": "a", "title": "A"},
        {"type": "bullets", "id": "b", "heading": "B", "points": ["1", "2"], "reveal": True},
    ]
    show.replace_deck(playlist(slides), "2")
    assert (rec.last.index, rec.last.slide_id, rec.last.deck_version) == (2, "b", "2")
    assert rec.last.transition == "none"  # a new version cuts in
    assert rec.last.step <= rec.last.steps == 2

    # a slide that fails to build is skipped, now and later
    while rec.last.slide_id == "b":  # its reveal, then b -> new
        wake(show, clock)
    assert rec.last.slide_id == "new"
    show.mark_failed(1, "slide 2 (title): image missing")
    wake(show, clock)
    assert rec.last.slide_id == "b"  # 'a' skipped
    assert rec.last.failed == frozenset({1})
    assert show.listener_errors == 0


def test_reveal_steps_follow_the_clock_while_rotating(clock: FakeClock) -> None:
    show = Show(playlist(), clock, start=1)
    rec = Recorder(show)
    assert (show.state.index, show.state.step) == (1, 1)
    # three points over 60 % of 10 s: the 2nd at +3 s, the 3rd at +6 s
    wake(show, clock)
    assert (rec.where(), clock.now()) == ((1, 2, Mode.PLAYING), 103.0)
    wake(show, clock)
    assert (rec.where(), clock.now()) == ((1, 3, Mode.PLAYING), 106.0)
    wake(show, clock)
    assert rec.where() == (2, 0, Mode.PLAYING)
    assert clock.now() == 110.0  # reveals did not move the slide's deadline


def test_a_pause_holds_the_reveal_and_the_time_left(clock: FakeClock) -> None:
    show = Show(playlist(), clock, start=1)
    clock.advance(2)
    press(show, Op.PAUSE)
    clock.advance(500)
    show.tick()
    assert show.state.step == 1  # nothing revealed while paused
    press(show, Op.RESUME)
    wake(show, clock)
    assert show.state.step == 2
    assert show.state.deadline == pytest.approx(clock.now() - 1 + 8)


def test_idempotent_commands_from_the_fleet(clock: FakeClock) -> None:
    show = Show(playlist(), clock)
    assert show.submit(Command(Op.PAUSE, source="fleet"))
    assert not show.submit(Command(Op.PAUSE, source="fleet"))  # already paused: no toggle
    assert show.state.mode is Mode.PAUSED
    assert show.submit(Command(Op.BLANK, source="fleet"))
    assert not show.submit(Command(Op.BLANK, source="fleet"))
    assert show.submit(Command(Op.RESUME, source="fleet"))
    assert show.state.mode is Mode.PLAYING
    assert show.state.cover is Cover.NONE


def test_a_message_shows_over_every_slide_until_it_expires(clock: FakeClock) -> None:
    show = Show(playlist(), clock)
    rec = Recorder(show)
    show.submit(parse_command("message Hall B closes at 17:00 --for 25s", source="fleet"))
    assert rec.last.message == "Hall B closes at 17:00"
    assert rec.last.message_until == MONDAY_NOON.timestamp() + 25
    while clock.now() < 120.0:  # two slides later (the bullets reveal on the way)
        wake(show, clock)
    assert rec.last.message
    assert rec.last.index == 2
    wake(show, clock)  # 25 s: it expires on its own deadline
    assert clock.now() == 125.0
    assert rec.last.message == ""
    show.submit(parse_command("message stays"))
    show.submit(parse_command("clear"))
    assert rec.last.message == ""


def test_media_ended_ends_the_slide_only_while_rotating(clock: FakeClock) -> None:
    show = Show(playlist(), clock)
    clock.advance(3)
    assert not show.submit(Command(Op.MEDIA_ENDED, index=4))  # not the slide on screen
    assert show.submit(Command(Op.MEDIA_ENDED, index=0))
    assert show.state.index == 1
    assert show.state.deadline == 113.0
    press(show, Op.NEXT)
    assert not show.submit(Command(Op.MEDIA_ENDED, index=show.state.index))  # manual: stays


def test_sync_to_switches_at_the_given_wall_time(clock: FakeClock) -> None:
    show = Show(playlist(), clock)
    at = MONDAY_NOON.timestamp() + 2.5
    show.submit(Command(Op.SYNC_TO, index=2, at=at, source="sync"))
    assert show.state.index == 0
    assert show.next_deadline() == 102.5
    wake(show, clock)
    assert show.state.index == 2


def test_display_hours_turn_the_screen_off_and_commands_wait(clock: FakeClock) -> None:
    hours = {"timezone": "UTC", "hours": {"mon": "09:00-17:00"}}
    show = Show(playlist(schedule=hours), clock)
    rec = Recorder(show)
    clock.set_wall(datetime(2024, 6, 3, 17, 0, 1, tzinfo=UTC))
    show.check_calendar()
    assert rec.last.cover is Cover.OFF
    assert not rec.last.display_on
    assert show.next_deadline() is None  # no work while off
    assert not show.submit(Command(Op.NEXT))
    clock.set_wall(datetime(2024, 6, 10, 9, 0, 1, tzinfo=UTC))
    show.check_calendar()
    assert rec.last.display_on
    assert rec.last.index == 0


def test_nothing_playable_is_a_state_without_a_slide(clock: FakeClock) -> None:
    slides = [{"type": "title", "id": "a", "title": "A"}, {"type": "title", "title": "B"}]
    show = Show(playlist(slides), clock)
    show.mark_failed(0, "a")
    show.mark_failed(1, "b")
    assert show.state.index is None
    assert show.state.counter == ""
    assert not show.state.on_air
    clock.advance(60)
    show.tick()  # rotation carries on without a slide
    show.replace_deck(playlist(slides), "2")  # a fixed deck shows again
    assert show.state.index == 1
    assert show.state.on_air


def test_a_failing_subscriber_does_not_stop_the_others(clock: FakeClock) -> None:
    show = Show(playlist(), clock)

    def broken(_: ShowState) -> None:
        raise RuntimeError("boom")

    show.subscribe(broken)
    rec = Recorder(show)
    press(show, Op.NEXT)
    assert rec.last.index == 1
    assert show.listener_errors == 1


def test_reload_is_handed_to_whoever_reads_files(clock: FakeClock) -> None:
    show = Show(playlist(), clock)
    assert not show.submit(Command(Op.RELOAD))  # nobody to read the file
    asked: list[Command] = []
    show.on_request(asked.append)
    assert show.submit(Command(Op.RELOAD, source="fifo"))
    assert [c.op for c in asked] == [Op.RELOAD]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", "empty command"),
        ("jump", "unknown command 'jump'"),
        ("goto", "goto needs a slide number"),
        ("goto ３", "goto needs a slide number"),
        ("goto 0", "counted from 1"),
        ("goto 99", "there is no slide 99 (the deck has 5)"),
        ("next 2", "'next' takes no argument"),
        ("message", "message needs a text"),
        ("message hi --for 0s", "more than 0"),
        ("message hi --for 9d", "at most 7 days"),
        ("message hi --for soon", "'soon' is not a duration"),
        ("message " + "x" * 300, "at most 280 characters"),
    ],
)
def test_command_lines_that_cannot_be_read(line: str, message: str) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_command(line, count=5)


def test_command_lines_that_can() -> None:
    assert parse_command("goto 3") == Command(Op.GOTO, index=2, source="fifo")
    assert parse_command("  PREV ").op is Op.PREV
    msg = parse_command('message "Hall B closes\tat 17:00" --for 10m', source="fleet")
    assert (msg.text, msg.seconds, msg.source) == ("Hall B closes at 17:00", 600.0, "fleet")
    assert msg.describe() == "message Hall B closes at 17:00 --for 600s"
