"""The show: the one Qt-free owner of what is on screen.

It owns the rotation state machine (`Rotator`), what may be shown (`Playbill`: display hours,
show rules, slides that failed), the reveal step on screen (`Reveal`, so another screen can
reproduce "point 3 of 5"), an operator's message, deck replacement, and in a sync group the
shared timeline (`SyncPacer`). It accepts `Command`s from any source (keys, the control FIFO,
the fleet, a sync group) through `submit` and emits one immutable `ShowState` after every
change. The Qt side draws that state and reports what only it knows (a slide failed to build,
a video ended); nothing here calls back into Qt. Time is the injected clock's:
`next_deadline()` says when `tick()` has something to do; a Qt timer only wakes the show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from kiosk.core.clock import Clock
from kiosk.core.commands import Command, Op
from kiosk.core.languages import LanguageTurn
from kiosk.core.message import Message
from kiosk.core.model import Playlist, SlideBase
from kiosk.core.playbill import Playbill
from kiosk.core.reveal import Reveal, steps_of
from kiosk.core.rotation import HELD_MODES, Change, Mode, Rotator
from kiosk.core.state import Cover, ShowState
from kiosk.core.timeline import SyncPacer

__all__ = ["HOLD_AFTER", "Show", "StateListener"]

log = logging.getLogger("kiosk.show")

HOLD_AFTER = 600.0  # a forgotten pause / black screen ends after 10 min without input
_COVERS = {Mode.BLANK: Cover.BLACK, Mode.WHITE: Cover.WHITE}

StateListener = Callable[[ShowState], None]
RequestListener = Callable[[Command], None]
_T = TypeVar("_T")


class Show:
    """What is on screen, decided in one place, from commands and the clock."""

    def __init__(
        self,
        playlist: Playlist,
        clock: Clock,
        *,
        start: int = 0,
        version: str = "1",
        language: str | None = None,
        language_mode: str | None = None,
        hold_after: float = HOLD_AFTER,
        epoch: float | None = None,
    ) -> None:
        self._clock = clock
        self._bill = Playbill(playlist)
        self._version = version
        self.languages = LanguageTurn(playlist.deck, language, language_mode)  # LanguageError
        self._display_on = self._bill.display_on(clock.wall())
        self._reveal = Reveal()
        self._started = clock.now()
        self._message = Message()
        self._pending: tuple[float, int] | None = None  # a 'slide N at T' to come: (due, N)
        self.sync = None if epoch is None else SyncPacer(playlist, epoch)  # None: on its own
        self._entered_at: float | None = None  # monotonic start of a slide joined late
        self._listeners: list[StateListener] = []
        self._requests: list[RequestListener] = []
        self.listener_errors = 0
        self.rotator = Rotator(
            self._bill.entries(),
            clock,
            resume_after=playlist.controls.resume_after,
            hold_after=hold_after,
            start=start,
            playable=self._playable,
        )
        self.rotator.set_step_hook(self._reveal.forward)  # a manual 'next' reveals a point first
        self._follow_timeline("join")
        self._enter_slide(+1)
        self._state = self._snapshot("start", moved=True, direction=0)
        self.rotator.subscribe(self._on_change)

    def subscribe(self, listener: StateListener) -> None:
        self._listeners.append(listener)

    def on_request(self, listener: RequestListener) -> None:
        """Commands the show cannot carry out itself (reload: reading files) go here."""
        self._requests.append(listener)

    @property
    def state(self) -> ShowState:
        return self._state

    @property
    def display_on(self) -> bool:
        return self._display_on

    def peek_next(self) -> int | None:
        """The slide rotation shows after this one (to build it ahead); None: none, or off."""
        return self.rotator.peek_next() if self._display_on else None

    def languages_for(self, index: int) -> tuple[str, ...]:
        """The languages slide `index` is drawn in when it comes on next (on screen: now)."""
        count = len(self._bill.playlist.slides)
        return self.languages.ahead(index, self.rotator.index, count)

    def next_deadline(self) -> float | None:
        """Monotonic time `tick` next has something to do (None: nothing pending)."""
        if not self._display_on:
            return None
        times = [self.rotator.next_deadline(), self._reveal.due, self._message.expires]
        if self._pending is not None:
            times.append(self._pending[0])
        if self.sync is not None:  # wall-clock steps (NTP) are caught within a second
            times.append(self._clock.now() + 1.0)
        due = [t for t in times if t is not None]
        return min(due) if due else None

    def next_calendar_change(self) -> datetime | None:
        """When display hours or a show rule next change (an aware datetime, or None)."""
        return self._bill.next_change(self._clock.wall())

    def progress(self, now: float | None = None) -> float | None:
        return self._state.progress(self._clock.now() if now is None else now)

    def tick(self, now: float | None = None) -> bool:
        """Do what is due at `now`; True if something changed."""
        now = self._clock.now() if now is None else now
        changed = False
        if self._message.expired(now):
            log.info("message expired: %s", self._message.text)
            self._set_message("", None)
            changed = True
        if not self._display_on:
            return changed
        if self._pending is not None and now >= self._pending[0]:
            due, index = self._pending
            self._pending = None
            self.rotator.goto(index, at=due)
            return True
        if self._reveal.tick(now):
            self._emit("reveal", moved=False, direction=0)
            changed = True
        if self.sync is not None and self.rotator.mode is Mode.PLAYING:
            return self._follow_timeline("timeline") or changed
        return self.rotator.tick(now) or changed

    def check_calendar(self) -> None:
        """Display hours and show rules may have changed (the schedule timer): apply them."""
        on = self._bill.display_on(self._clock.wall())
        if on != self._display_on:
            self._display_on = on
            log.info("display hours: screen %s", "on" if on else "off")
            if on:
                self.rotator.restart()  # a display that wakes up starts the deck afresh
            else:
                self._emit("display hours: off", moved=False, direction=0)
        elif on:
            self.rotator.revalidate("show rules")

    def submit(self, command: Command) -> bool:
        """Carry out `command`; False when it does nothing now (off hours, nothing to do)."""
        op = command.op
        if command.source != "keys":
            log.info("command from %s: %s", command.source, command.describe())
        if not self._display_on and op not in _ANYTIME:
            return False  # outside display hours the screen stays dark
        handler = _HANDLERS.get(op)
        if handler is None:
            return False
        return handler(self, command) is not False

    def mark_failed(self, index: int, reason: str) -> None:
        """Slide `index` cannot be shown (it failed to build): skip it from now on."""
        if index in self._bill.failed:
            return
        self._bill.failed.add(index)
        log.debug("skipping %s", reason)
        if index == self.rotator.index and self.sync is None:
            self.rotator.revalidate(reason)  # in a sync group its slot shows the title instead
        else:
            self._emit(reason, moved=False, direction=0)

    def replace_deck(self, playlist: Playlist, version: str, *, epoch: float | None = None) -> None:
        """A new version of the deck (hot reload, a fleet publish): same slide by id; in a
        sync group, on the timeline from `epoch` (default: the group's epoch so far)."""
        if self.sync is not None:
            self.sync = SyncPacer(playlist, self.sync.epoch if epoch is None else epoch)
        self._bill = Playbill(playlist)
        self._version, self._pending = version, None
        self.languages.set_deck(playlist.deck)
        controls = playlist.controls
        self.rotator.resume_after = controls.resume_after
        self.rotator.hold_after = max(self.rotator.hold_after, controls.resume_after)
        self.rotator.replace_deck(self._bill.entries())
        self.check_calendar()  # the new deck may have other display hours or show rules
        self._follow_timeline("timeline")

    def _prev(self, _: Command) -> None:
        if self._mode() not in (Mode.BLANK, Mode.WHITE) and self._reveal.back():
            self.rotator.touch("step back")
            return
        self.rotator.prev()

    def _goto(self, command: Command) -> bool:
        if command.index is None:
            return False
        self.rotator.goto(command.index)
        return True

    def _ensure(self, mode: Mode, reason: str) -> bool:
        """Idempotent mode changes (the fleet's pause, resume, blank): False if already so."""
        if self._mode() is mode:
            return False
        self.rotator.enter(mode, reason)
        return True

    def _message_command(self, command: Command) -> bool:
        had = bool(self._message.text)
        text = command.text if command.op is Op.MESSAGE else ""
        self._set_message(text, command.seconds)
        return had or bool(text)

    def _reload(self, command: Command) -> bool:
        for listener in list(self._requests):
            self._call(listener, command)
        return bool(self._requests)

    def _media_ended(self, command: Command) -> bool:
        if command.index != self.rotator.index or self._mode() is not Mode.PLAYING:
            return False
        self.rotator.advance_now("media ended")
        return True

    def _sync_to(self, command: Command) -> bool:
        if command.index is None:
            return False
        at = command.at
        delay = 0.0 if at is None else at - self._wall()
        if self.sync is not None:  # a move that arrives late still counts from its T
            self.sync.moved_by_hand(self._wall() + delay)
        if delay <= 0:
            self.rotator.goto(command.index, at=self._clock.now() + delay)
        else:
            self._pending = (self._clock.now() + delay, command.index)
            self._emit("sync scheduled", moved=False, direction=0)
        return True

    def _mode(self) -> Mode:
        return self.rotator.mode

    def _playable(self, index: int) -> bool:
        return self._bill.playable(index, self._clock.wall())

    def _current(self) -> SlideBase:
        return self._bill.playlist.slides[self.rotator.index]

    def _enter_slide(self, direction: int) -> None:
        """A slide came on: its reveal step, and when the next point shows by itself."""
        now = self._clock.now()
        self._started = now if self._entered_at is None else self._entered_at
        self._entered_at = None
        duration = self.rotator.duration_of(self.rotator.index)
        steps = steps_of(self._current())
        self._reveal.enter(steps, duration, self._started, backwards=direction < 0)
        while self._reveal.tick(now):  # joined late: the points already due are shown
            pass

    def _on_change(self, change: Change) -> None:
        if change.moved:
            if self.sync is None:  # in a sync group the timeline counts the loops
                self.languages.moved(change.index, change.previous_index, change.direction)
            self._enter_slide(-1 if change.direction < 0 and not change.deck_replaced else +1)
        else:
            self._follow_mode(change)
        self._emit(change.reason, moved=change.moved, direction=change.direction, change=change)

    def _follow_mode(self, change: Change) -> None:
        """Reveals wait while a slide is held, and go on when it rotates again."""
        now = self._clock.now()
        before, after = change.previous_mode, change.mode
        if after in HELD_MODES and before not in HELD_MODES:
            self._reveal.hold(now)
        elif after not in HELD_MODES and before in HELD_MODES:
            self._reveal.unhold(now)
        elif after is Mode.PLAYING and before is Mode.MANUAL:
            self._started = now
            self._reveal.rotate_again(now)
            if self.sync is not None:  # the group resumes together, from this slide
                self.sync.resumed(self.rotator.index, self._wall(), self.rotator.resume_after)

    def _set_message(self, text: str, seconds: float | None) -> None:
        self._message.set(text, seconds, self._clock.now(), self._wall())
        if text:
            log.info("message shown%s: %s", "" if seconds is None else f" for {seconds:g}s", text)
        self._emit("message" if text else "message cleared", moved=False, direction=0)

    def _wall(self) -> float:
        return self._clock.wall().timestamp()

    def _follow_timeline(self, reason: str) -> bool:
        """In a sync group: put the timeline's slide on, ending when the timeline says."""
        if self.sync is None or self.rotator.mode is not Mode.PLAYING or not self._display_on:
            return False
        now, index = self._clock.now(), self.rotator.index
        pace = self.sync.pace(self._wall(), now, index, self._started)
        if pace is None:
            return False
        if pace.fresh:
            self._entered_at = pace.started
        self.languages.loop = pace.loop
        self.rotator.align(pace.index, pace.deadline, reason)
        if pace.fresh and pace.index == index:  # the same slide begun again (a new loop)
            self._enter_slide(+1)
            self._emit(reason, moved=False, direction=0)
        return pace.fresh

    def _snapshot(
        self, reason: str, *, moved: bool, direction: int, change: Change | None = None
    ) -> ShowState:
        rot = self.rotator
        mode = rot.mode
        on_air = rot.on_air
        index = rot.index if on_air else None
        slide = self._current()
        cover = _COVERS.get(mode, Cover.NONE) if self._display_on else Cover.OFF
        replaced = change is not None and change.deck_replaced
        languages = self.languages.shown(rot.index, len(self._bill.playlist.slides))
        return ShowState(
            deck_version=self._version,
            index=index,
            slide_id=slide.id if on_air else None,
            slide_type=slide.type if on_air else "",
            count=len(self._bill.playlist.slides),
            step=self._reveal.step if on_air else 0,
            steps=self._reveal.steps if on_air else 0,
            mode=mode,
            cover=cover,
            display_on=self._display_on,
            started=self._started,
            duration=rot.duration_of(rot.index),
            deadline=rot.deadline,
            remaining=rot.time_left() if mode is Mode.PAUSED else None,
            transition="none" if replaced else self._bill.playlist.transition_of(slide),
            transition_ms=self._bill.playlist.defaults.transition_ms,
            direction=direction,
            reason=reason,
            moved=moved,
            counter=self._bill.counter(rot.index) if on_air else "",
            message=self._message.text,
            message_until=self._message.until,
            language=languages[0],
            languages=languages,
            failed=frozenset(self._bill.failed),
        )

    def _emit(
        self, reason: str, *, moved: bool, direction: int, change: Change | None = None
    ) -> None:
        self._state = self._snapshot(reason, moved=moved, direction=direction, change=change)
        for listener in list(self._listeners):
            self._call(listener, self._state)

    def _call(self, listener: Callable[[_T], None], value: _T) -> None:
        try:
            listener(value)
        except Exception:
            self.listener_errors += 1
            log.exception("show listener failed on %s", value)


_Handler = Callable[[Show, Command], "bool | None"]
_HANDLERS: dict[Op, _Handler] = {
    Op.NEXT: lambda show, _: show.rotator.next(),
    Op.PREV: Show._prev,
    Op.FIRST: lambda show, _: show.rotator.first(),
    Op.LAST: lambda show, _: show.rotator.last(),
    Op.GOTO: Show._goto,
    Op.TOGGLE_PAUSE: lambda show, _: show.rotator.toggle_pause(),
    Op.PAUSE: lambda show, _: show._ensure(Mode.PAUSED, "paused"),
    Op.RESUME: lambda show, _: show._ensure(Mode.PLAYING, "resumed"),
    Op.TOGGLE_BLANK: lambda show, _: show.rotator.toggle_blank(),
    Op.TOGGLE_WHITE: lambda show, _: show.rotator.toggle_white(),
    Op.BLANK: lambda show, _: show._ensure(Mode.BLANK, "blank screen"),
    Op.ESCAPE: lambda show, _: show.rotator.escape(),
    Op.RESTART: lambda show, _: show.rotator.restart(),
    Op.RESTART_HERE: lambda show, _: show.rotator.restart(from_current=True),
    Op.MEDIA_ENDED: Show._media_ended,
    Op.SYNC_TO: Show._sync_to,
    Op.MESSAGE: Show._message_command,
    Op.CLEAR_MESSAGE: Show._message_command,
    Op.RELOAD: Show._reload,
}
_ANYTIME = frozenset({Op.MESSAGE, Op.CLEAR_MESSAGE, Op.RELOAD})  # also outside display hours
