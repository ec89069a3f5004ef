"""The show: the one Qt-free owner of what is on screen.

It owns the rotation state machine (`Rotator`), the display calendar (display hours and show
rules), the set of slides that failed to build, the reveal step of the slide on screen, an
operator's message, and deck replacement. It accepts `Command`s from any source (keys, the
control FIFO, the fleet, a sync group) through `submit`, and emits one immutable `ShowState`
to its subscribers after every change. The Qt side draws that state and reports what only it
can know (a slide failed to build, a video ended) as calls or commands; nothing here calls
back into Qt.

Reveal steps are decided here (`kiosk.core.reveal`), not in a widget, so another screen can
reproduce "point 3 of 5".

Time is the injected clock's: `next_deadline()` says when `tick()` has something to do
(a switch, a reveal, a message that expires, a scheduled "slide N at T"); a Qt timer only
wakes the show then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from kiosk.core.clock import Clock
from kiosk.core.commands import Command, Op
from kiosk.core.model import Playlist, SlideBase
from kiosk.core.reveal import Reveal, steps_of
from kiosk.core.rotation import HELD_MODES, Change, Entry, Mode, Rotator
from kiosk.core.schedule import DeckCalendar
from kiosk.core.state import Cover, ShowState

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
        hold_after: float = HOLD_AFTER,
    ) -> None:
        self._clock = clock
        self._playlist = playlist
        self._version = version
        self._language = language or playlist.deck.language
        self._calendar = _calendar(playlist)
        self._failed: set[int] = set()
        self._display_on = self._calendar.display_on(clock.wall())
        self._reveal = Reveal()
        self._started = clock.now()
        self._message = ""
        self._message_expires: float | None = None  # monotonic
        self._message_until: float | None = None  # wall, epoch seconds
        self._sync: tuple[float, int] | None = None  # (monotonic due, index)
        self._listeners: list[StateListener] = []
        self._requests: list[RequestListener] = []
        self.listener_errors = 0
        controls = playlist.controls
        self.rotator = Rotator(
            _entries(playlist),
            clock,
            resume_after=controls.resume_after,
            hold_after=hold_after,
            start=start,
            playable=self._playable,
        )
        self.rotator.set_step_hook(self._step_forward)
        self._enter_slide(+1)
        self._state = self._snapshot("start", moved=True, direction=0)
        self.rotator.subscribe(self._on_change)

    # --- observers --------------------------------------------------------------------------

    def subscribe(self, listener: StateListener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: StateListener) -> None:
        self._listeners.remove(listener)

    def on_request(self, listener: RequestListener) -> None:
        """Commands the show cannot carry out itself (reload: reading files) go here."""
        self._requests.append(listener)

    # --- state ------------------------------------------------------------------------------

    @property
    def state(self) -> ShowState:
        return self._state

    @property
    def playlist(self) -> Playlist:
        return self._playlist

    @property
    def display_on(self) -> bool:
        return self._display_on

    @property
    def failed(self) -> frozenset[int]:
        return frozenset(self._failed)

    def peek_next(self) -> int | None:
        """The slide rotation shows after this one (to build it ahead); None: none, or off."""
        return self.rotator.peek_next() if self._display_on else None

    def next_deadline(self) -> float | None:
        """Monotonic time `tick` next has something to do (None: nothing pending)."""
        if not self._display_on:
            return None
        times = [self.rotator.next_deadline(), self._reveal.due, self._message_expires]
        if self._sync is not None:
            times.append(self._sync[0])
        due = [t for t in times if t is not None]
        return min(due) if due else None

    def next_calendar_change(self) -> datetime | None:
        """When display hours or a show rule next change (an aware datetime, or None)."""
        return self._calendar.next_change(self._clock.wall())

    def progress(self, now: float | None = None) -> float | None:
        return self._state.progress(self._clock.now() if now is None else now)

    # --- time -------------------------------------------------------------------------------

    def tick(self, now: float | None = None) -> bool:
        """Do what is due at `now`; True if something changed."""
        now = self._clock.now() if now is None else now
        changed = False
        if self._message_expires is not None and now >= self._message_expires:
            log.info("message expired: %s", self._message)
            self._set_message("", None)
            changed = True
        if not self._display_on:
            return changed
        if self._sync is not None and now >= self._sync[0]:
            _, index = self._sync
            self._sync = None
            self.rotator.goto(index)
            return True
        if self._reveal.tick(now):
            self._emit("reveal", moved=False, direction=0)
            changed = True
        return self.rotator.tick(now) or changed

    def check_calendar(self) -> None:
        """Display hours and show rules may have changed (the schedule timer): apply them."""
        on = self._calendar.display_on(self._clock.wall())
        if on != self._display_on:
            self._display_on = on
            log.info("display hours: screen %s", "on" if on else "off")
            if on:
                self.rotator.restart()  # a display that wakes up starts the deck afresh
            else:
                self._emit("display hours: off", moved=False, direction=0)
        elif on:
            self.rotator.revalidate("show rules")

    # --- commands ---------------------------------------------------------------------------

    def submit(self, command: Command) -> bool:
        """Carry out `command`; False when it does nothing now (off hours, nothing to do)."""
        op = command.op
        if command.source != "keys":
            log.info("command from %s: %s", command.source, command.describe())
        if op is Op.MESSAGE:
            self._set_message(command.text, command.seconds)
            return True
        if op is Op.CLEAR_MESSAGE:
            had = bool(self._message)
            self._set_message("", None)
            return had
        if op is Op.RELOAD:
            for listener in list(self._requests):
                self._call(listener, command)
            return bool(self._requests)
        if not self._display_on:
            return False  # outside display hours the screen stays dark
        handler = _HANDLERS.get(op)
        if handler is None:
            return False
        return handler(self, command) is not False

    def mark_failed(self, index: int, reason: str) -> None:
        """Slide `index` cannot be shown (it failed to build): skip it from now on."""
        if index in self._failed:
            return
        self._failed.add(index)
        log.debug("skipping %s", reason)
        if index == self.rotator.index:
            self.rotator.revalidate(reason)
        else:
            self._emit(reason, moved=False, direction=0)

    def replace_deck(self, playlist: Playlist, version: str) -> None:
        """A new version of the deck (hot reload, a fleet publish): same slide by id."""
        self._playlist = playlist
        self._version = version
        self._calendar = _calendar(playlist)
        self._failed.clear()
        self._sync = None
        controls = playlist.controls
        self.rotator.resume_after = controls.resume_after
        self.rotator.hold_after = max(self.rotator.hold_after, controls.resume_after)
        self.rotator.replace_deck(_entries(playlist))
        self.check_calendar()  # the new deck may have other display hours or show rules

    # --- command handlers -------------------------------------------------------------------

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

    def _media_ended(self, command: Command) -> bool:
        if command.index != self.rotator.index or self._mode() is not Mode.PLAYING:
            return False
        self.rotator.advance_now("media ended")
        return True

    def _sync_to(self, command: Command) -> bool:
        if command.index is None:
            return False
        at = command.at
        delay = 0.0 if at is None else at - self._clock.wall().timestamp()
        if delay <= 0:
            self.rotator.goto(command.index)
        else:
            self._sync = (self._clock.now() + delay, command.index)
            self._emit("sync scheduled", moved=False, direction=0)
        return True

    # --- internals --------------------------------------------------------------------------

    def _mode(self) -> Mode:
        return self.rotator.mode

    def _playable(self, index: int) -> bool:
        slide = self._playlist.slides[index]
        if not slide.enabled or index in self._failed:
            return False
        return self._calendar.slide_visible(index, self._clock.wall())

    def _current(self) -> SlideBase:
        return self._playlist.slides[self.rotator.index]

    def _enter_slide(self, direction: int) -> None:
        """A slide came on: its reveal step, and when the next point shows by itself."""
        self._started = now = self._clock.now()
        duration = self.rotator.duration_of(self.rotator.index)
        self._reveal.enter(steps_of(self._current()), duration, now, backwards=direction < 0)

    def _step_forward(self) -> bool:
        """The rotator's step hook: a manual 'next' reveals a point first."""
        return self._reveal.forward()

    def _on_change(self, change: Change) -> None:
        if change.moved:
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

    def _set_message(self, text: str, seconds: float | None) -> None:
        now = self._clock.now()
        self._message = text
        if seconds is None or not text:
            self._message_expires = self._message_until = None
        else:
            self._message_expires = now + seconds
            self._message_until = self._clock.wall().timestamp() + seconds
        if text:
            log.info("message shown%s: %s", "" if seconds is None else f" for {seconds:g}s", text)
        self._emit("message" if text else "message cleared", moved=False, direction=0)

    def _counter(self, index: int) -> str:
        active = [i for i, s in enumerate(self._playlist.slides) if s.enabled]
        return f"{active.index(index) + 1} / {len(active)}" if index in active else ""

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
        return ShowState(
            deck_version=self._version,
            index=index,
            slide_id=slide.id if on_air else None,
            slide_type=slide.type if on_air else "",
            count=len(self._playlist.slides),
            step=self._reveal.step if on_air else 0,
            steps=self._reveal.steps if on_air else 0,
            mode=mode,
            cover=cover,
            display_on=self._display_on,
            started=self._started,
            duration=rot.duration_of(rot.index),
            deadline=rot.deadline,
            remaining=rot.time_left() if mode is Mode.PAUSED else None,
            transition="none" if replaced else self._playlist.transition_of(slide),
            transition_ms=self._playlist.defaults.transition_ms,
            direction=direction,
            reason=reason,
            moved=moved,
            counter=self._counter(rot.index) if on_air else "",
            message=self._message,
            message_until=self._message_until,
            language=self._language,
            failed=frozenset(self._failed),
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


def _entries(playlist: Playlist) -> list[Entry]:
    return [Entry(s.id, playlist.duration_of(s)) for s in playlist.slides]


def _calendar(playlist: Playlist) -> DeckCalendar:
    return DeckCalendar(playlist.schedule, [s.show for s in playlist.slides])


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
}
