"""`kiosk run`: the composition root of the player.

`Player` builds the clock, the show (`kiosk.core.show.Show`: what is on screen, Qt-free), the
stage, the overlays, the kiosk lock and the input controller, and wires them in one place
(`_connect_signals`). The show decides; the player draws each `ShowState` it emits
(`on_state`) and turns what only Qt knows into calls on the show: a key into a `Command`, a
slide that failed to build into `mark_failed`, a timer into `tick` (`rotation-wake` at the
show's next deadline, `schedule-wake` at the next change of display hours or show rules).
Other command sources (the control FIFO, the fleet) call `submit(command)` on the Qt thread;
subscribers of the state (records, the fleet's status) connect to `state_changed`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QObject, QSize, QTimer, Signal
from PySide6.QtWidgets import QApplication

from kiosk.blanking import ScreenPower
from kiosk.core.clock import Clock, MonotonicClock
from kiosk.core.commands import Command, Op
from kiosk.core.loader import LoadedPlaylist
from kiosk.core.model import SlideBase
from kiosk.core.rotation import Mode
from kiosk.core.schedule import wake_delay
from kiosk.core.show import Show
from kiosk.core.state import Cover, ShowState
from kiosk.core.wall import Wall
from kiosk.ui.banner import MessageBanner
from kiosk.ui.input import HELP_ROWS, Action, InputController
from kiosk.ui.lock import KioskLock
from kiosk.ui.offhours import OffHours
from kiosk.ui.overlays import Overlays
from kiosk.ui.overview import Overview
from kiosk.ui.presenter import PresenterLauncher
from kiosk.ui.screens import pick_screen
from kiosk.ui.stage import Builder, ContextFactory, Stage
from kiosk.ui.timers import named_timer
from kiosk.ui.video_events import media_events

__all__ = ["Player"]

log = logging.getLogger("kiosk.player")

MAX_WAKE_MS = 60_000  # re-check at least once a minute (show rules, a suspended machine)
HINT_MS = 3000
_PILLS = {Mode.PAUSED: "Paused", Mode.MANUAL: "Manual"}


class Player(QObject):
    """A deck on a stage, rotating."""

    state_changed = Signal(object)  # kiosk.core.state.ShowState, after the stage shows it
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
        wall: Wall | None = None,
        epoch: float | None = None,
        language: str | None = None,  # --language, --language-mode (LanguageError)
        language_mode: str | None = None,
        power: ScreenPower | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("player")
        self.clock: Clock = clock or MonotonicClock()
        self.loaded = loaded
        self.windowed = windowed
        self.exit_code: int | None = None
        self._pin_override = pin
        self._versions = 1
        controls = loaded.playlist.controls

        self.show = Show(
            loaded.playlist, self.clock, start=start - 1, version="1", language=language,
            language_mode=language_mode, epoch=epoch,
        )  # fmt: skip
        self.route: Callable[[Command], bool] | None = None  # a sync group takes manual moves
        self.stage = Stage(
            loaded, self.clock, kiosk=not windowed, builder=builder,
            context_factory=context_factory, wall=wall,
        )  # fmt: skip
        self.overlays = Overlays(
            self.stage,
            self.stage.screen_theme,
            fraction_left=self._fraction_left,
            wall=self.clock.wall,
            help_rows=HELP_ROWS,
        )
        self.stage.pool.languages = self.show.languages_for
        self.overlays.set_video_wall(self.stage.wall)
        self.banner = MessageBanner(self.stage, self.stage.screen_theme)
        self.lock = KioskLock(
            self.stage, self.clock, locked=not windowed, controls=controls, pin=pin
        )
        self.input = InputController(self.stage, self.lock, windowed=windowed)
        # outside display hours: the screen switched off (kiosk.blanking), a card on input
        self.offhours = OffHours(self.stage, self.clock, lambda: self.loaded.playlist, power)
        self._wake = named_timer(self, "rotation-wake", self.on_wake, precise=True)
        self._schedule = named_timer(self, "schedule-wake", self.on_schedule)
        self._hint = named_timer(self.stage, "hint-hide", self.on_hint_timeout, HINT_MS)
        self.overview = Overview(self)  # O: every slide as a thumbnail
        self.presenter = PresenterLauncher(self)  # S or --presenter: the presenter window
        self.input.modal = self.overview.key_press
        self._configure_overlays()
        self._connect_signals()

    def _connect_signals(self) -> None:
        """Every connection of the player, in one place."""
        self.show.subscribe(self.on_state)
        self.stage.slide_failed.connect(self.on_slide_failed)
        self.stage.resized.connect(self.on_stage_resized)
        self.input.command.connect(self.on_command)
        self.input.action.connect(self.on_action)
        self.input.goto_typed.connect(self.on_goto_typed)
        self.input.activity.connect(self.on_activity)
        self.lock.unlocked.connect(self.quit)
        media_events.ended.connect(self.on_media_ended)
        media_events.failed.connect(self.on_media_failed)

    # --- public surface ---------------------------------------------------------------------

    @property
    def state(self) -> ShowState:
        return self.show.state

    @property
    def current_index(self) -> int:
        return self.show.rotator.index

    @property
    def current_slide(self) -> SlideBase:
        return self.loaded.playlist.slides[self.show.rotator.index]

    @property
    def mode(self) -> Mode:
        return self.show.rotator.mode

    @property
    def slide_count(self) -> int:
        return len(self.loaded.playlist.slides)

    @property
    def display_on(self) -> bool:
        """False outside the deck's display hours: a black screen and no rendering work."""
        return self.show.display_on

    def submit(self, command: Command) -> bool:
        """A command from any source (keys, the control FIFO, the fleet), on the Qt thread."""
        return bool(self.route is not None and self.route(command)) or self.show.submit(command)

    def start(self, screen: int | None = None) -> None:
        """Show the stage (fullscreen on `screen`, or a window) and the first slide."""
        target = pick_screen(screen)
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
        self.input.attach()  # the stage's native window exists now: its input is filtered there
        self.stage.setFocus()
        self.show.check_calendar()
        self._draw(self.show.state, first=True)
        self._arm_schedule()
        log.info(
            "showing %s: %d slides, %s",
            self.loaded.path,
            self.slide_count,
            "windowed" if self.windowed else "fullscreen kiosk",
        )
        if self.stage.wall is not None:
            log.info("video wall: %s", self.stage.wall.describe())

    def replace_deck(self, loaded: LoadedPlaylist, version: str | None = None) -> None:
        """Show a new version of the deck (hot reload), staying on the same slide by id."""
        log.info("deck replaced: %s", loaded.path)
        self.loaded = loaded
        controls = loaded.playlist.controls
        self.lock.set_controls(controls, self._pin_override)
        self.stage.set_deck(loaded)
        self.overlays.set_theme(self.stage.screen_theme)
        self.banner.set_theme(self.stage.screen_theme)
        self.lock.set_theme()
        self._configure_overlays()
        self._versions += 1
        self.show.replace_deck(loaded.playlist, version or str(self._versions))
        self._arm_schedule()

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
        for timer in self.findChildren(QTimer):
            timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.input)
        self.presenter.close()
        self.offhours.stop()
        self.lock.release()
        self.stage.close()
        for timer in self.stage.findChildren(QTimer):
            timer.stop()

    # --- slots ------------------------------------------------------------------------------

    def on_state(self, state: ShowState) -> None:
        self._draw(state, first=False)
        self.state_changed.emit(state)

    def on_wake(self) -> None:
        self.show.tick(self.clock.now())
        self._arm()

    def on_schedule(self) -> None:
        """Display hours and show rules may have changed: apply them, sleep till the next."""
        self.show.check_calendar()
        self._arm_schedule()

    def on_command(self, command: Command) -> None:
        self.overlays.hide_help()  # the key that closes the help acts as well
        index = command.index
        if command.op is Op.GOTO and index is not None and index >= self.slide_count:
            self.overlays.show_hint(f"No slide {index + 1} — the deck has {self.slide_count}")
            self._hint.start()
            return
        self.submit(command)

    def on_action(self, action: Action) -> None:
        if action is Action.HELP:
            self.overlays.toggle_help()
        elif action is Action.ESCAPE:
            self._escape()
        elif action is Action.OVERVIEW:
            self.overview.open()
        elif action is Action.PRESENTER:
            self.presenter.open()
        elif action is Action.QUIT:
            self.quit()

    def on_slide_failed(self, index: int, message: str) -> None:
        self.show.mark_failed(index, message)
        if index != self.show.rotator.index:
            self.stage.prebuild(self.show.peek_next())

    def on_media_ended(self, view: object) -> None:
        """A clip on screen ended: the show moves on while it rotates, else it plays again."""
        index = self.stage.current_index
        if view is not self.stage.current_view or index is None:
            return  # a clip built ahead, or a slide already left
        self.show.submit(Command(Op.MEDIA_ENDED, index=index, source="video"))
        if self.stage.current_view is view and self.mode is not Mode.PAUSED:
            clip = getattr(view, "clip", None)  # still on screen (by hand, or the only slide)
            if clip is not None and not clip.error:
                clip.restart()

    def on_media_failed(self, view: object, reason: str) -> None:
        index = self.stage.current_index
        if view is self.stage.current_view and index is not None:
            self.on_slide_failed(index, f"slide {index + 1} (video): cannot play ({reason})")

    def on_stage_resized(self, size: QSize) -> None:
        self.overlays.relayout(size)
        self.banner.relayout(size)
        self.lock.set_theme()
        if self.stage.screen_theme.size != self.overlays.theme.size:
            self.overlays.set_theme(self.stage.screen_theme)
            self.banner.set_theme(self.stage.screen_theme)

    def on_goto_typed(self, digits: str) -> None:
        self._hint.stop()
        self.overlays.show_goto(digits)

    def on_hint_timeout(self) -> None:
        self.overlays.show_hint("")

    def on_activity(self) -> None:
        self.stage.wake_cursor()
        self.offhours.on_activity()

    # --- drawing the state ------------------------------------------------------------------

    def _draw(self, state: ShowState, *, first: bool) -> None:
        self.offhours.follow(state.display_on)
        if not state.display_on:
            self.stage.prebuild(None)  # nothing to show until the display hours begin
        elif state.index is None:
            if not self.stage.fallback.isVisible():
                log.warning("no slide can be shown now; showing the deck title")
                self.stage.show_fallback()
        elif first or state.moved or self.stage.current_index != state.index:
            instant = first or state.transition == "none"
            shown = self.stage.show_slide(
                state.index,
                kind="none" if instant else state.transition,
                direction=state.direction or 1,
                ms=state.transition_ms,
                step=state.step,
            )
            if not shown:
                return  # slide_failed told the show, which has moved on (a newer state)
            self.stage.prebuild(self.show.peek_next())
        else:
            self.stage.set_step(state.step)
        self.stage.set_cover(None if state.cover is Cover.NONE else state.cover.value)
        self._draw_overlays(state)
        self._arm()

    def _draw_overlays(self, state: ShowState) -> None:
        on_air = state.index is not None and state.display_on
        self.overlays.show_state(
            counting=state.mode is Mode.PLAYING and on_air,
            frozen=state.mode is Mode.PAUSED and on_air,
            covered=state.cover is not Cover.NONE,
            duration=state.duration,
            pill=_PILLS.get(state.mode, ""),
            counter=state.counter if on_air else "",
        )
        self.banner.show_message(state.message if state.display_on else "")
        self.overlays.raise_all()
        self.banner.raise_()
        self.lock.raise_widgets()

    # --- internals --------------------------------------------------------------------------

    def _escape(self) -> None:
        """Esc ends help or a blank screen; only in windowed mode does it quit."""
        if self.overlays.hide_help():
            return
        if self.show.submit(Command(Op.ESCAPE)):
            return
        if self.windowed:
            self.quit()

    def _fraction_left(self) -> float | None:
        progress = self.show.progress(self.clock.now())
        return None if progress is None else 1.0 - progress

    def _configure_overlays(self) -> None:
        theme = self.loaded.playlist.theme
        self.overlays.configure(
            progress=theme.progress,
            counter=theme.counter,
            clock=theme.clock,
            badge=theme.error_badge,
        )

    def _arm(self) -> None:
        due = self.show.next_deadline()
        if due is None:
            self._wake.stop()
            return
        ms = math.ceil((due - self.clock.now()) * 1000)
        self._wake.start(min(MAX_WAKE_MS, max(0, ms)))

    def _arm_schedule(self) -> None:
        now = self.clock.wall()
        when = self.show.next_calendar_change()
        seconds = wake_delay(now, when, cap=MAX_WAKE_MS / 1000)
        self._schedule.start(max(1, math.ceil(seconds * 1000)))

    def wake_interval(self) -> int:
        """Milliseconds until the rotation timer fires (-1: not armed); for tests."""
        return self._wake.remainingTime() if self._wake.isActive() else -1
