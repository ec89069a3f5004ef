"""`kiosk run`: the composition root of the player.

`Player` builds the clock, the rotation state machine, the stage, the overlays and the input
controller, and wires them in one place (`_connect_signals`). Slots are named `on_<event>` and
stay thin: they translate an event into a call on the rotator, or show what the rotator says.
One single-shot QTimer (`rotation-wake`) wakes the rotator at its next deadline.

Hot reload and the status/proof-of-play writers use the Player's public surface:
`replace_deck(loaded)`, `show_badge(text)` / `hide_badge()`, `current_index`, `mode`,
`current_slide`, and the `changed(Change)` signal.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QObject, QSize, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication

from kiosk.core.clock import Clock, MonotonicClock
from kiosk.core.loader import LoadedPlaylist
from kiosk.core.model import SlideBase
from kiosk.core.rotation import Change, Entry, Mode, Rotator
from kiosk.core.schedule import DeckCalendar, wake_delay
from kiosk.ui.input import HELP_ROWS, Command, InputController
from kiosk.ui.overlays import Overlays
from kiosk.ui.stage import Builder, ContextFactory, Stage
from kiosk.ui.timers import named_timer

__all__ = ["Player"]

log = logging.getLogger("kiosk.player")

MAX_WAKE_MS = 60_000  # re-check at least once a minute (show rules, a suspended machine)
HOLD_AFTER = 600.0  # a forgotten pause / black screen ends after 10 min without input
_PILLS = {Mode.PAUSED: "Paused", Mode.MANUAL: "Manual"}
_COVERS = {Mode.BLANK: "black", Mode.WHITE: "white"}


def _entries(loaded: LoadedPlaylist) -> list[Entry]:
    playlist = loaded.playlist
    return [Entry(s.id, playlist.duration_of(s)) for s in playlist.slides]


class Player(QObject):
    """A deck on a stage, rotating."""

    changed = Signal(object)  # kiosk.core.rotation.Change, after the stage shows it
    display_changed = Signal(bool)  # the display hours turned the screen on (True) or off
    finished = Signal(int)  # the player left (exit chord, or Esc/Ctrl+Q when windowed)

    def __init__(
        self,
        loaded: LoadedPlaylist,
        *,
        clock: Clock | None = None,
        windowed: bool = False,
        start: int = 1,
        pin: str | None = None,
        builder: Builder | None = None,
        context_factory: ContextFactory | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("player")
        self.clock: Clock = clock or MonotonicClock()
        self.loaded = loaded
        self.windowed = windowed
        self.exit_code: int | None = None
        self._pin_override = pin
        self._calendar = self._make_calendar(loaded)
        self._display_on = True
        controls = loaded.playlist.controls

        self.stage = Stage(
            loaded,
            self.clock,
            kiosk=not windowed,
            builder=builder,
            context_factory=context_factory,
        )
        self.rotator = Rotator(
            _entries(loaded),
            self.clock,
            resume_after=controls.resume_after,
            hold_after=HOLD_AFTER,
            start=start - 1,
            playable=self._playable,
        )
        self.rotator.set_step_hook(self.stage.step)
        self.overlays = Overlays(
            self.stage,
            self.stage.theme,
            fraction_left=self._fraction_left,
            wall=self.clock.wall,
            help_rows=HELP_ROWS,
        )
        self.input = InputController(
            self.stage,
            self.clock,
            windowed=windowed,
            chord=controls.exit_chord,
            hold=controls.exit_hold,
            pin=pin or controls.pin,
        )
        self._wake = named_timer(self, "rotation-wake", self.on_wake, precise=True)
        self._schedule = named_timer(self, "schedule-wake", self.on_schedule)
        self._configure_overlays()
        self._connect_signals()
        self._commands: dict[Command, Callable[[], object]] = {
            Command.NEXT: self.rotator.next,
            Command.PREV: self.rotator.prev,
            Command.FIRST: self.rotator.first,
            Command.LAST: self.rotator.last,
            Command.PAUSE: self.rotator.toggle_pause,
            Command.BLANK: self.rotator.toggle_blank,
            Command.WHITE: self.rotator.toggle_white,
            Command.RESTART: self.rotator.restart,
            Command.RESTART_HERE: lambda: self.rotator.restart(from_current=True),
            Command.HELP: self.overlays.toggle_help,
            Command.ESCAPE: self._escape,
            Command.QUIT: self.quit,
            Command.EXIT: self.quit,
        }

    def _connect_signals(self) -> None:
        """Every connection of the player, in one place."""
        self.rotator.subscribe(self.on_rotation_changed)
        self.stage.slide_failed.connect(self.on_slide_failed)
        self.stage.resized.connect(self.on_stage_resized)
        self.input.command.connect(self.on_command)
        self.input.goto_typed.connect(self.on_goto_typed)
        self.input.pin_changed.connect(self.on_pin_changed)
        self.input.activity.connect(self.on_activity)

    # --- public surface ---------------------------------------------------------------------

    @property
    def current_index(self) -> int:
        return self.rotator.index

    @property
    def current_slide(self) -> SlideBase:
        return self.loaded.playlist.slides[self.rotator.index]

    @property
    def mode(self) -> Mode:
        return self.rotator.mode

    @property
    def slide_count(self) -> int:
        return len(self.loaded.playlist.slides)

    @property
    def display_on(self) -> bool:
        """False outside the deck's display hours: a black screen and no rendering work."""
        return self._display_on

    def start(self, screen: int | None = None) -> None:
        """Show the stage (fullscreen on `screen`, or a window) and the first slide."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.input)
        target = _pick_screen(screen)
        if self.windowed:
            avail = target.availableGeometry() if target else None
            w = min(1280, int(avail.width() * 0.8)) if avail else 1280
            self.stage.resize(QSize(w, w * 9 // 16))
            self.stage.show()
        else:
            if target is not None:
                self.stage.setGeometry(target.geometry())
                self.stage.create()
                handle = self.stage.windowHandle()
                if handle is not None:
                    handle.setScreen(target)
            self.stage.showFullScreen()
        self.stage.setFocus()
        self._display_on = self._calendar.display_on(self.clock.wall())
        self._show_current(None)
        self._refresh()
        self._arm_schedule()
        log.info(
            "showing %s: %d slides, %s",
            self.loaded.path,
            self.slide_count,
            "windowed" if self.windowed else "fullscreen kiosk",
        )

    def replace_deck(self, loaded: LoadedPlaylist) -> None:
        """Show a new version of the deck (hot reload), staying on the same slide by id."""
        log.info("deck replaced: %s", loaded.path)
        self.loaded = loaded
        self._calendar = self._make_calendar(loaded)
        controls = loaded.playlist.controls
        self.rotator.resume_after = controls.resume_after
        self.rotator.hold_after = max(HOLD_AFTER, controls.resume_after)
        self.input.set_controls(
            controls.exit_chord, controls.exit_hold, self._pin_override or controls.pin
        )
        self.stage.set_deck(loaded)
        self.overlays.set_theme(self.stage.theme)
        self._configure_overlays()
        self.rotator.replace_deck(_entries(loaded))
        self.on_schedule()  # the new deck may have other display hours or show rules

    def show_badge(self, text: str) -> None:
        self.overlays.show_badge(text)

    def hide_badge(self) -> None:
        self.overlays.hide_badge()

    def quit(self) -> None:
        """Leave: close the stage (allowed now) and emit `finished(0)`."""
        log.info("leaving")
        self.exit_code = 0
        self.shutdown()
        self.finished.emit(0)

    def shutdown(self) -> None:
        """Stop every timer and input hook, and close the stage."""
        self._wake.stop()
        self._schedule.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.input)
        self.stage.allow_close = True
        self.stage.close()
        for timer in self.stage.findChildren(QTimer):
            timer.stop()

    # --- slots ------------------------------------------------------------------------------

    def on_rotation_changed(self, change: Change) -> None:
        if change.moved or self.stage.current_index != self.rotator.index:
            self._show_current(change)
        self._refresh()
        self.changed.emit(change)

    def on_wake(self) -> None:
        if not self._display_on:
            return
        self.rotator.tick(self.clock.now())
        self._arm()

    def on_schedule(self) -> None:
        """Display hours and show rules may have changed: apply them, sleep till the next."""
        on = self._calendar.display_on(self.clock.wall())
        if on != self._display_on:
            self._display_on = on
            log.info("display hours: screen %s", "on" if on else "off")
            if on:
                self.rotator.restart()  # a display that wakes up starts the deck afresh
            else:
                self.stage.prebuild(None)  # drop the slide built ahead: nothing to show
            self._refresh()
            self.display_changed.emit(on)
        elif on:
            self.rotator.revalidate("show rules")
        self._arm_schedule()

    def on_command(self, command: Command, argument: int) -> None:
        if not self._display_on and command not in (Command.QUIT, Command.EXIT):
            return  # outside display hours the screen stays dark
        if command is not Command.HELP and self.overlays.hide_help():
            return  # the key that closes the help does nothing else
        if command is Command.GOTO:
            self.rotator.goto(argument - 1)
            return
        self._commands[command]()

    def on_slide_failed(self, index: int, message: str) -> None:
        if index == self.rotator.index:
            self.rotator.revalidate(f"slide {index + 1} failed to build")
        else:
            self.stage.prebuild(self.rotator.peek_next())

    def on_stage_resized(self, size: QSize) -> None:
        self.overlays.relayout(size)
        if self.stage.theme.size != self.overlays.theme.size:
            self.overlays.set_theme(self.stage.theme)

    def on_goto_typed(self, digits: str) -> None:
        self.overlays.show_goto(digits)

    def on_pin_changed(self, typed: int) -> None:
        if typed < 0:
            self.overlays.hide_pin()
        else:
            self.overlays.show_pin(typed)

    def on_activity(self) -> None:
        self.stage.wake_cursor()

    # --- internals --------------------------------------------------------------------------

    def _escape(self) -> None:
        """Esc ends help or a blank screen; only in windowed mode does it quit."""
        if self.rotator.escape():
            return
        if self.windowed:
            self.quit()

    def _playable(self, index: int) -> bool:
        slide = self.loaded.playlist.slides[index]
        if not slide.enabled or self.stage.is_failed(index):
            return False
        return self._calendar.slide_visible(index, self.clock.wall())

    @staticmethod
    def _make_calendar(loaded: LoadedPlaylist) -> DeckCalendar:
        playlist = loaded.playlist
        return DeckCalendar(playlist.schedule, [s.show for s in playlist.slides])

    def _fraction_left(self) -> float | None:
        progress = self.rotator.progress()
        return None if progress is None else 1.0 - progress

    def _configure_overlays(self) -> None:
        theme = self.loaded.playlist.theme
        self.overlays.configure(
            progress=theme.progress,
            counter=theme.counter,
            clock=theme.clock,
            badge=theme.error_badge,
        )

    def _show_current(self, change: Change | None) -> None:
        if not self.rotator.on_air:
            log.warning("no slide can be shown now; showing the deck title")
            self.stage.show_fallback()
            return
        index = self.rotator.index
        playlist = self.loaded.playlist
        instant = change is None or change.deck_replaced
        kind = "none" if instant else playlist.transition_of(playlist.slides[index])
        shown = self.stage.show_slide(
            index,
            kind=kind,
            direction=(change.direction if change and change.direction else 1),
            ms=playlist.defaults.transition_ms,
        )
        if shown:
            self.stage.prebuild(self.rotator.peek_next())
        # else: slide_failed has asked the rotator to move on (delivered after this change)

    def _counter(self) -> str:
        active = [i for i, s in enumerate(self.loaded.playlist.slides) if s.enabled]
        index = self.rotator.index
        if index not in active:
            return ""
        return f"{active.index(index) + 1} / {len(active)}"

    def _refresh(self) -> None:
        mode = self.rotator.mode
        on_air = self.rotator.on_air and self._display_on
        cover = _COVERS.get(mode) if self._display_on else "black"
        self.stage.set_cover(cover)
        self.overlays.show_state(
            counting=mode is Mode.PLAYING and on_air,
            frozen=mode is Mode.PAUSED and on_air,
            covered=cover is not None,
            duration=self.rotator.duration_of(self.rotator.index),
            pill=_PILLS.get(mode, ""),
            counter=self._counter() if on_air else "",
        )
        self.overlays.raise_all()
        self._arm()

    def _arm(self) -> None:
        due = self.rotator.next_deadline()
        if due is None or not self._display_on:
            self._wake.stop()
            return
        ms = math.ceil((due - self.clock.now()) * 1000)
        self._wake.start(min(MAX_WAKE_MS, max(0, ms)))

    def _arm_schedule(self) -> None:
        now = self.clock.wall()
        seconds = wake_delay(now, self._calendar.next_change(now), cap=MAX_WAKE_MS / 1000)
        self._schedule.start(max(1, math.ceil(seconds * 1000)))

    def wake_interval(self) -> int:
        """Milliseconds until the rotation timer fires (-1: not armed); for tests."""
        return self._wake.remainingTime() if self._wake.isActive() else -1


def _pick_screen(number: int | None) -> QScreen | None:
    screens = QGuiApplication.screens()
    if number is not None:
        if number < len(screens):
            return screens[number]
        log.warning(
            "there is no screen %d (found %d); using the primary screen", number, len(screens)
        )
    return QGuiApplication.primaryScreen()
