"""The rotation state machine: which slide is on, in which mode, until when. No Qt.

Modes: see `kiosk.core.modes`. Held modes (PAUSED, BLANK, WHITE) are a presenter's choice,
but nobody may be there: after `hold_after` s without input they end and rotation resumes,
so an unattended display never stays black or frozen.

Deadlines come from the injected clock and are chained (next = previous deadline + duration),
so rotation never drifts. If the machine stalled for longer than a whole slide (suspend, a
frozen process), the next deadline is re-based on `now` instead of firing a burst of switches.

Every change goes through `_commit`, which logs it and notifies listeners with a `Change`;
`enter(mode, reason)` is the public way to change mode. Listeners are plain callables; a change
made from inside a listener is queued and delivered after the current one, in order.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Sequence

from kiosk.core.clock import Clock
from kiosk.core.modes import COVER_MODES, HELD_MODES, Change, Entry, Listener, Mode, Playable

__all__ = ["HELD_MODES", "Change", "Entry", "Mode", "Rotator"]

log = logging.getLogger("kiosk.rotation")

MIN_DURATION = 0.05  # seconds; guards against a zero-length slide spinning the loop


class Rotator:
    """Current slide, mode and next deadline of a deck of `entries`."""

    def __init__(
        self,
        entries: Sequence[Entry],
        clock: Clock,
        *,
        resume_after: float = 30.0,
        hold_after: float = 600.0,
        start: int = 0,
        playable: Playable | None = None,
    ) -> None:
        if not entries:
            raise ValueError("a rotation needs at least one slide")
        self._clock = clock
        self._entries: list[Entry] = list(entries)
        self.resume_after = float(resume_after)
        self.hold_after = max(float(hold_after), self.resume_after)
        self._playable: Playable = playable or (lambda _i: True)
        self._step: Callable[[], bool] | None = None
        self._listeners: list[Listener] = []
        self._pending: deque[Change] = deque()
        self._notifying = False
        self.listener_errors = 0
        self.switches = 0

        now = clock.now()
        self._mode = Mode.PLAYING
        self._index = min(max(start, 0), len(self._entries) - 1)
        if not self.is_playable(self._index):
            found = self._find(self._index, +1)
            self._index = self._index if found is None else found
        self._deadline: float | None = now + self.duration_of(self._index)
        self._remaining: float | None = None  # time left kept while held
        self._restore = Mode.PLAYING  # mode to return to after BLANK/WHITE
        self._last_input = now
        self._direction = +1

    # --- observers and hooks ----------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def set_step_hook(self, step: Callable[[], bool] | None) -> None:
        """Asked on a manual 'next': True means the slide used it (revealed a point)."""
        self._step = step

    # --- state ------------------------------------------------------------------------------

    @property
    def index(self) -> int:
        return self._index

    @property
    def mode(self) -> Mode:
        return self._mode

    @property
    def count(self) -> int:
        return len(self._entries)

    @property
    def deadline(self) -> float | None:
        """When the current slide ends (PLAYING only)."""
        return self._deadline if self._mode is Mode.PLAYING else None

    @property
    def on_air(self) -> bool:
        """The current slide may be shown (False: no slide is playable right now)."""
        return self.is_playable(self._index)

    def is_playable(self, index: int) -> bool:
        try:
            return bool(self._playable(index))
        except Exception:
            log.exception("playable check failed for slide %d; skipping it", index + 1)
            return False

    def duration_of(self, index: int) -> float:
        return max(MIN_DURATION, self._entries[index].duration)

    def peek_next(self) -> int | None:
        """The slide rotation would show after this one (to build it ahead)."""
        return self._find(self._index + 1, +1)

    def next_deadline(self) -> float | None:
        """When `tick` next has something to do (None: nothing is pending)."""
        if self._mode is Mode.PLAYING:
            return self._deadline
        if self._mode is Mode.MANUAL:
            return self._last_input + self.resume_after
        return self._last_input + self.hold_after

    def time_left(self) -> float | None:
        """Seconds left on the current slide; None when not counting (manual, blank)."""
        if self._mode is Mode.PLAYING and self._deadline is not None:
            return max(0.0, self._deadline - self._clock.now())
        if self._mode is Mode.PAUSED:
            return self._remaining
        return None

    def progress(self) -> float | None:
        """Fraction of the current slide's time already shown, 0..1 (None: not counting)."""
        left = self.time_left()
        if left is None:
            return None
        return min(1.0, max(0.0, 1.0 - left / self.duration_of(self._index)))

    # --- time -------------------------------------------------------------------------------

    def tick(self, now: float | None = None) -> bool:
        """Do what is due at `now`; True if something changed. At most one switch per call."""
        now = self._clock.now() if now is None else now
        due = self.next_deadline()
        if due is None or now < due:
            return False
        if self._mode is Mode.PLAYING:
            self._advance(now)
        elif self._mode is Mode.MANUAL:
            self._resume(now, f"idle for {self.resume_after:g}s")
        else:
            self._resume(now, f"held for {self.hold_after:g}s without input")
        return True

    def _advance(self, now: float) -> None:
        assert self._deadline is not None
        target = self._find(self._index + 1, +1)
        index = self._index if target is None else target
        deadline = self._deadline + self.duration_of(index)
        if deadline <= now:  # stalled longer than a slide: re-base, do not fire a burst
            log.info("clock stalled %.1fs; re-basing the rotation", now - self._deadline)
            deadline = now + self.duration_of(index)
        self._deadline = deadline
        self._commit(index, Mode.PLAYING, "timer", +1)

    def _resume(self, now: float, reason: str) -> None:
        index = self._index
        if not self.is_playable(index):
            found = self._find(index + 1, +1)
            index = index if found is None else found
        if index != self._index:
            self._remaining = None
        remaining = self._remaining if self._mode in HELD_MODES else None
        self._deadline = now + (remaining if remaining is not None else self.duration_of(index))
        self._remaining = None
        self._commit(index, Mode.PLAYING, reason, +1 if index != self._index else 0)

    # --- commands ---------------------------------------------------------------------------

    def next(self) -> None:
        """Manual next (→, Space, PageDown, click, swipe)."""
        if self._mode in COVER_MODES:
            self._uncover()
            return
        if self._step is not None and self._step_consumed():
            self._manual(self._index, "step", 0)
            return
        self._manual(self._find(self._index + 1, +1), "next", +1)

    def prev(self) -> None:
        if self._mode in COVER_MODES:
            self._uncover()
            return
        self._manual(self._find(self._index - 1, -1), "previous", -1)

    def first(self) -> None:
        self._manual(self._find(0, +1), "first", -1)

    def last(self) -> None:
        self._manual(self._find(len(self._entries) - 1, -1), "last", +1)

    def goto(self, index: int, at: float | None = None) -> None:
        """Jump to slide `index` (0-based; clamped), or the next playable one after it; `at`:
        the monotonic moment the move was meant for (a sync group's "slide N at T")."""
        index = min(max(index, 0), len(self._entries) - 1)
        target = self._find(index, +1)
        direction = (
            0 if target is None or target == self._index else (+1 if target > self._index else -1)
        )
        self._manual(target, f"go to {index + 1}", direction, at)

    def touch(self, reason: str) -> None:
        """Input that stays on this slide (a reveal step back): manual mode, idle time reset."""
        self._manual(self._index, reason, 0)

    def advance_now(self, reason: str) -> None:
        """The slide is done early (its video ended): rotate on now, as if its time was up."""
        if self._mode is not Mode.PLAYING:
            return
        now = self._clock.now()
        target = self._find(self._index + 1, +1)
        index = self._index if target is None else target
        self._deadline = now + self.duration_of(index)
        self._commit(index, Mode.PLAYING, reason, +1)

    def align(self, index: int, deadline: float, reason: str) -> None:
        """Rotate on `index` until `deadline` (a sync group's timeline says so); a change is
        committed only when the slide or the mode changes, a new deadline is just kept."""
        self._deadline = deadline
        self._remaining = None
        if index != self._index or self._mode is not Mode.PLAYING:
            self._commit(index, Mode.PLAYING, reason, +1 if index != self._index else 0)

    def toggle_pause(self) -> None:
        if self._mode is Mode.PAUSED:
            self._last_input = self._clock.now()
            self._resume(self._clock.now(), "resumed by hand")
        else:
            self.enter(Mode.PAUSED, "paused by hand")

    def toggle_blank(self) -> None:
        self._toggle_cover(Mode.BLANK)

    def toggle_white(self) -> None:
        self._toggle_cover(Mode.WHITE)

    def escape(self) -> bool:
        """End a blank/white screen; True if there was one."""
        if self._mode in COVER_MODES:
            self._uncover()
            return True
        return False

    def restart(self, from_current: bool = False) -> None:
        """F5: rotate again from the first slide (Shift+F5: from the one on screen)."""
        now = self._clock.now()
        self._last_input = now
        index = self._index if from_current and self.on_air else self._find(0, +1)
        index = self._index if index is None else index
        self._remaining = None
        self._deadline = now + self.duration_of(index)
        self._commit(index, Mode.PLAYING, "restart", -1 if index < self._index else 0)

    def enter(self, mode: Mode, reason: str) -> None:
        """Change mode on the current slide (the one public way to change mode)."""
        now = self._clock.now()
        self._last_input = now
        if mode is self._mode:
            return
        if mode is Mode.PLAYING:
            self._resume(now, reason)
            return
        if self._mode is Mode.PLAYING and mode in HELD_MODES:
            self._remaining = None if self._deadline is None else max(0.0, self._deadline - now)
        if mode is Mode.PAUSED and self._remaining is None:
            self._remaining = self.duration_of(self._index)
        if mode in COVER_MODES and self._mode not in COVER_MODES:
            self._restore = self._mode
        self._commit(self._index, mode, reason, 0)

    def revalidate(self, reason: str) -> None:
        """The current slide just became unplayable (failed to build): move past it."""
        if self.on_air:
            return
        target = self._find(self._index + self._direction, self._direction)
        if target is None or target == self._index:
            self._commit(self._index, self._mode, reason, 0)  # nothing playable: fallback
            return
        if self._mode is Mode.PLAYING:
            self._deadline = self._clock.now() + self.duration_of(target)
        self._remaining = None
        self._commit(target, self._mode, reason, self._direction)

    def replace_deck(self, entries: Sequence[Entry], reason: str = "deck replaced") -> None:
        """New slides (hot reload): stay on the same slide by id, else by position."""
        if not entries:
            raise ValueError("a rotation needs at least one slide")
        old = self._entries[self._index]
        new = list(entries)
        index = next(
            (i for i, e in enumerate(new) if old.id is not None and e.id == old.id),
            min(self._index, len(new) - 1),
        )
        self._entries = new
        if self._deadline is not None:  # keep time already shown; adopt the new duration
            self._deadline += self.duration_of(index) - max(MIN_DURATION, old.duration)
        if self._remaining is not None:
            self._remaining = min(self._remaining, self.duration_of(index))
        if not self.is_playable(index):
            found = self._find(index, +1)
            index = index if found is None else found
            self._deadline = self._clock.now() + self.duration_of(index)
            self._remaining = None
        self._commit(index, self._mode, reason, 0, deck_replaced=True)

    # --- internals --------------------------------------------------------------------------

    def _find(self, start: int, step: int) -> int | None:
        """The first playable index from `start` going `step`, wrapping; None if there is none."""
        n = len(self._entries)
        for k in range(n):
            i = (start + k * step) % n
            if self.is_playable(i):
                return i
        return None

    def _step_consumed(self) -> bool:
        assert self._step is not None
        try:
            return bool(self._step())
        except Exception:
            log.exception("slide %d failed to step; moving on", self._index + 1)
            return False

    def _manual(
        self, target: int | None, reason: str, direction: int, at: float | None = None
    ) -> None:
        self._last_input = self._clock.now() if at is None else at
        index = self._index if target is None else target
        mode = Mode.PAUSED if self._mode is Mode.PAUSED else Mode.MANUAL
        if index != self._index:
            self._remaining = self.duration_of(index) if mode is Mode.PAUSED else None
        self._commit(index, mode, reason, direction if index != self._index else 0)

    def _toggle_cover(self, mode: Mode) -> None:
        if self._mode is mode:
            self._uncover()
        else:
            self.enter(mode, f"{mode.value} screen")

    def _uncover(self) -> None:
        back = self._restore
        self._restore = Mode.PLAYING
        if back is Mode.PLAYING:
            self.enter(Mode.PLAYING, "uncovered")
        else:
            self.enter(back, "uncovered")

    def _commit(
        self, index: int, mode: Mode, reason: str, direction: int, *, deck_replaced: bool = False
    ) -> None:
        change = Change(index, mode, self._index, self._mode, reason, direction, deck_replaced)
        if index != self._index:
            self.switches += 1
        if direction:
            self._direction = direction
        self._index, self._mode = index, mode
        if change.mode is not change.previous_mode:
            log.info(
                "%s -> %s on slide %d (%s)",
                change.previous_mode.value,
                mode.value,
                index + 1,
                reason,
            )
        else:
            log.debug("slide %d -> %d (%s)", change.previous_index + 1, index + 1, reason)
        self._notify(change)

    def _notify(self, change: Change) -> None:
        self._pending.append(change)
        if self._notifying:
            return
        self._notifying = True
        try:
            while self._pending:
                current = self._pending.popleft()
                for listener in list(self._listeners):
                    try:
                        listener(current)
                    except Exception:
                        self.listener_errors += 1
                        log.exception("rotation listener failed on %s", current)
        finally:
            self._notifying = False
