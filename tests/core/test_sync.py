"""Sync groups on a fake clock: members computing the same timeline agree at every instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kiosk.core.clock import FakeClock
from kiosk.core.commands import Command, Op
from kiosk.core.model import Playlist
from kiosk.core.rotation import Mode
from kiosk.core.show import Show
from kiosk.core.timeline import Timeline

WALL = datetime(2024, 6, 3, 12, 0, tzinfo=UTC)
EPOCH = WALL.timestamp() - 1234.5  # the deck version began a while ago


def deck(durations: tuple[float, ...] = (10, 6, 8, 12), **top: Any) -> Playlist:
    slides: list[dict[str, Any]] = [
        {"type": "title", "id": f"s{i}", "title": f"S{i}", "duration": d}
        for i, d in enumerate(durations)
    ]
    slides[1] = {
        "type": "bullets",
        "id": "s1",
        "heading": "B",
        "points": ["a", "b", "c"],
        "reveal": True,
        "duration": durations[1],
    }
    return Playlist.model_validate({"deck": {"title": "T"}, "slides": slides, **top})


class Member:
    """One display of the group: its own monotonic clock, the shared wall clock."""

    def __init__(self, playlist: Playlist, mono_start: float, wall: datetime) -> None:
        self.clock = FakeClock(start=mono_start, wall=wall)
        self.show = Show(playlist, self.clock, epoch=EPOCH)

    def step(self, dt: float) -> None:
        self.clock.advance(dt)
        self.show.tick()

    def view(self) -> tuple[int | None, int, Mode]:
        s = self.show.state
        return s.index, s.step, s.mode

    def progress(self) -> float | None:
        return self.show.progress()


def agree(a: Member, b: Member) -> None:
    assert a.view() == b.view()
    pa, pb = a.progress(), b.progress()
    assert (pa is None) == (pb is None)
    if pa is not None and pb is not None:
        assert pa == pytest.approx(pb, abs=1e-6)


def test_the_timeline_loops_the_deck_from_the_epoch() -> None:
    timeline = Timeline(deck(), EPOCH)
    loop = 10 + 6 + 8 + 12
    assert timeline.at(EPOCH - 1) is None  # before the deck began
    first = timeline.at(EPOCH + 3)
    assert first is not None
    assert (first.index, first.start, first.end) == (0, EPOCH, EPOCH + 10)
    later = timeline.at(EPOCH + 7 * loop + 17)
    assert later is not None
    assert (later.index, later.start) == (2, EPOCH + 7 * loop + 16)


def test_two_members_agree_at_every_instant_of_a_long_run() -> None:
    playlist = deck()
    a = Member(playlist, 1000.0, WALL)
    b = Member(playlist, 52_000.0, WALL)  # another machine, another monotonic clock
    agree(a, b)
    seen = set()
    for n in range(4000):  # ~25 minutes in uneven steps, crossing boundaries off-step
        dt = 0.37 if n % 3 else 0.41
        a.step(dt)
        b.step(dt)
        agree(a, b)
        seen.add(a.view()[:2])
    assert {(1, 1), (1, 2), (1, 3)} <= seen  # every reveal step, on both, at once
    assert {i for i, _ in seen} == {0, 1, 2, 3}


def test_a_late_joiner_and_a_restarted_member_land_mid_slide() -> None:
    playlist = deck()
    a = Member(playlist, 1000.0, WALL)
    for _ in range(100):
        a.step(0.53)
    late = Member(playlist, 7.0, a.clock.wall())  # starts now, or has just restarted
    agree(a, late)
    assert late.progress() not in (None, 0.0)  # in the middle of the slide, not its start
    for _ in range(500):
        a.step(0.29)
        late.step(0.29)
        agree(a, late)


def test_a_deck_switch_at_a_set_time_happens_on_every_member() -> None:
    playlist = deck()
    a, b = Member(playlist, 10.0, WALL), Member(playlist, 900.0, WALL)
    switch = WALL.timestamp() + 30.0
    new = deck((5, 5, 5, 5))
    for _ in range(200):
        for m in (a, b):
            if m.clock.wall().timestamp() >= switch and m.show.state.deck_version == "1":
                m.show.replace_deck(new, "2", epoch=switch)
            m.step(0.25)
        agree(a, b)
    assert a.show.state.deck_version == "2"
    position = Timeline(new, switch).at(a.clock.wall().timestamp())
    assert position is not None
    assert a.show.state.index == position.index


def test_slide_n_at_t_then_the_group_resumes_together() -> None:
    playlist = deck()
    a, b = Member(playlist, 10.0, WALL), Member(playlist, 900.0, WALL)
    at = WALL.timestamp() + 2.0
    move = Command(Op.SYNC_TO, index=3, at=at, source="sync")
    a.show.submit(move)  # the broadcast arrives a little ahead, at different moments
    a.step(0.3)
    b.step(0.3)
    b.show.submit(move)
    a.step(0.5)
    b.step(0.5)
    assert a.view()[0] == b.view()[0] != 3
    for _ in range(30):
        a.step(0.1)
        b.step(0.1)
    agree(a, b)
    assert a.view() == (3, 0, Mode.MANUAL)
    for _ in range(400):  # past resume_after (30 s): both rotate again, from slide 4 at T+30
        a.step(0.23)  # (off any boundary: an instant exactly on one is a float's coin toss)
        b.step(0.23)
        agree(a, b)
    assert a.show.state.mode is Mode.PLAYING
    assert a.show.sync is not None
    position = a.show.sync.timeline.at(at + 30.0 + 1.0)
    assert position is not None
    assert (position.index, position.start) == (3, at + 30.0)


def test_a_wall_clock_step_realigns_within_a_second() -> None:
    playlist = deck()
    a = Member(playlist, 10.0, WALL)
    a.step(1.0)
    a.clock.set_wall(a.clock.wall() + timedelta(seconds=9.5))  # NTP stepped the clock
    due = a.show.next_deadline()
    assert due is not None
    assert due - a.clock.now() <= 1.0
    a.step(due - a.clock.now())
    fresh = Member(playlist, 5.0, a.clock.wall())
    agree(a, fresh)


def test_a_slide_that_fails_on_one_member_keeps_its_slot() -> None:
    playlist = deck()
    a, b = Member(playlist, 10.0, WALL), Member(playlist, 900.0, WALL)
    index = a.show.state.index
    assert index is not None
    b.show.mark_failed(index, "slide broken here")
    assert b.show.state.index is None  # the title screen, for this slot only
    while a.show.state.index == index:
        a.step(0.5)
        b.step(0.5)
    agree(a, b)  # and the next slide comes on at the same moment on both


@pytest.mark.parametrize("every", ["loop", "slide"])
def test_alternating_languages_agree_across_a_group_and_a_late_joiner(every: str) -> None:
    deck_ = {"title": "T", "languages": ["en", "zh-Hans"], "language_mode": "alternate"}
    playlist = deck(deck={**deck_, "alternate_every": every})
    a = Member(playlist, 1000.0, WALL)
    b = Member(playlist, 52_000.0, WALL)
    seen: set[str] = set()
    late: Member | None = None
    for second in range(4 * 36 * 2):  # four loops, in half seconds
        for member in (a, b, late):
            if member is not None:
                member.step(0.5)
        if second == 100:  # restarted mid-loop: it must not start again from the first language
            late = Member(playlist, 7.0, a.clock.wall())
        for other in (b, late):
            if other is not None:
                assert other.show.state.languages == a.show.state.languages
                assert other.show.state.index == a.show.state.index
        seen.update(a.show.state.languages)
    assert seen == {"en", "zh-Hans"}  # it does alternate
