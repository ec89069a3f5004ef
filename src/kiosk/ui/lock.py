"""The kiosk lock: how the public cannot leave, and how an operator can.

In kiosk mode (`locked`), the stage window refuses to close (Alt+F4, the window manager's
close), comes straight back when minimised, and takes the keyboard focus back from another
program's window (`kiosk.ui.focus`). To leave, an operator holds the exit chord (default
Ctrl+Alt+Shift+X) for `hold` seconds — judged on the keys really down, whatever X's
auto-repeat sends (`kiosk.ui.keyhold`), with a ring filling meanwhile (`kiosk.ui.holdring`) —
or, where the playlist enables `controls.touch_exit`, long-presses a corner of the screen.
Then, if a PIN is set, types it (keyboard, or the on-screen pad after the corner press) and
Enter/OK within `PIN_TIMEOUT`; a wrong PIN says so, and the prompt counts down the seconds
left. `unlocked` is emitted when they have; the player then releases the lock (`release`)
and closes. The input controller hands every key and pointer press to the lock first.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.clock import Clock
from kiosk.core.model import Controls
from kiosk.ui.focus import FocusKeeper
from kiosk.ui.holdring import HoldRing
from kiosk.ui.keyhold import MODIFIERS, ChordHold, digit_of, parse_chord
from kiosk.ui.pinpad import PinPrompt
from kiosk.ui.theme import Theme
from kiosk.ui.timers import named_timer
from kiosk.ui.watch import watch_events

__all__ = [
    "MAX_TRIES",
    "MODIFIERS",
    "PIN_TIMEOUT",
    "KioskLock",
    "corner_rect",
    "digit_of",
    "parse_chord",
]

log = logging.getLogger("kiosk.lock")

PIN_TIMEOUT = 10.0  # seconds the prompt stays open (a wrong PIN does not extend it)
MAX_TRIES = 3  # wrong PINs in one prompt before it closes
PIN_TICK_MS = 250
K = Qt.Key


def corner_rect(size: tuple[int, int], corner: str) -> tuple[int, int, int, int]:
    """The touch-exit corner as x, y, w, h: a square of 12 % of the shorter side (≥ 80 px)."""
    w, h = size
    side = max(80, round(min(w, h) * 0.12))
    x = w - side if corner.endswith("right") else 0
    y = h - side if corner.startswith("bottom") else 0
    return x, y, side, side


class KioskLock(QObject):
    """The exit chord, the touch-exit corner, the PIN, and the window that stays."""

    unlocked = Signal()  # the chord was held (and the PIN typed): the player may leave

    def __init__(
        self,
        stage: QWidget,
        clock: Clock,
        *,
        locked: bool,
        controls: Controls | None = None,
        pin: str | None = None,
    ) -> None:
        """`pin` (from `--pin`) overrides `controls.pin`."""
        super().__init__(stage)
        self.setObjectName("kiosk-lock")
        self.stage = stage
        self.clock = clock
        self.locked = locked
        self.close_refused = 0
        self.chord_hold = ChordHold(self, clock)
        self.corner_hold = ChordHold(self, clock, "touch-exit")  # the same hold, for a finger
        self.ring = HoldRing(stage)
        self.prompt = PinPrompt(stage)
        self.focus = FocusKeeper(stage)
        self.set_controls(controls or Controls(), pin)
        self._pin_typed: str | None = None  # None: no prompt
        self._pin_since = 0.0
        self._pin_note = ""
        self._pin_pad = False
        self._tries = 0
        self._pin_timer = named_timer(
            self, "pin-countdown", self.on_pin_tick, PIN_TICK_MS, single_shot=False
        )
        self._restore_timer = named_timer(self, "stage-kiosk-restore", self.restore_window, 0)
        for hold_ in (self.chord_hold, self.corner_hold):
            hold_.progress.connect(self.ring.set_fraction)
        self.chord_hold.completed.connect(self.on_chord_held)
        self.corner_hold.completed.connect(self.on_corner_held)
        self.prompt.pressed.connect(self.on_pad)
        if locked:
            stage.setWindowFlags(
                Qt.WindowType.Window
                | Qt.WindowType.FramelessWindowHint
                | Qt.WindowType.WindowStaysOnTopHint
            )
            self.focus.start()
        watch_events(stage, self)  # one crossing into Python per stage event
        self.set_theme()

    @property
    def chord(self) -> tuple[Qt.Key, Qt.KeyboardModifier]:
        return self.chord_hold.chord

    def set_controls(self, controls: Controls, pin: str | None = None) -> None:
        """The playlist's `controls` (again after a reload); `pin` overrides its PIN."""
        self.chord_hold.configure(controls.exit_chord, controls.exit_hold)
        self.hold = controls.exit_hold
        self.pin = pin or controls.pin or None
        touch_exit = controls.touch_exit
        self.touch_exit = touch_exit if self.pin else None  # the pad needs a PIN to ask for
        if touch_exit is not None:
            self.corner_hold.configure(None, touch_exit.hold)

    def set_theme(self) -> None:
        theme: Theme | None = getattr(self.stage, "screen_theme", None)  # a Stage has one
        if theme is None:
            return
        self.ring.set_theme(theme)
        self.prompt.set_theme(theme)
        self.relayout()

    def relayout(self) -> None:
        size = self.stage.size()
        self.ring.relayout(size)
        self.prompt.relayout(size)

    def raise_widgets(self) -> None:
        """Above the slides and overlays (the player calls this after drawing a state)."""
        for widget in (self.ring, self.prompt):
            if widget.isVisible():
                widget.raise_()

    def release(self) -> None:
        """The player leaves: the window may close now."""
        self.locked = False
        self.focus.stop()
        self.chord_hold.cancel()
        self.corner_hold.cancel()
        self._close_pin()

    @property
    def pin_prompt_open(self) -> bool:
        return self._pin_typed is not None

    def takes_pointer(self, obj: QObject) -> bool:
        """The on-screen pad gets its own clicks and touches (the input controller asks)."""
        pad = self.prompt.pad
        return self.pin_prompt_open and isinstance(obj, QWidget) and pad.isAncestorOf(obj)

    # --- the window -------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Close and self.locked:
            self.close_refused += 1
            log.info("close request ignored: kiosk mode (hold the exit chord to leave)")
            event.ignore()
            return True
        if (
            kind == QEvent.Type.WindowStateChange
            and self.locked
            and self.stage.windowState() & Qt.WindowState.WindowMinimized
        ):
            log.info("minimise refused: kiosk mode")
            self._restore_timer.start()
        return False

    def restore_window(self) -> None:
        """Back to fullscreen and on top (after a minimise, in kiosk mode)."""
        self.stage.setWindowState(Qt.WindowState.WindowFullScreen)
        self.stage.showFullScreen()
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):
            self.stage.raise_()  # headless platforms cannot raise (and warn if asked)
            self.stage.activateWindow()

    # --- keys and pointer, from the input controller ----------------------------------------

    def key_press(self, event: QKeyEvent) -> bool:
        """True when the lock took the key (the chord, or a key typed into the PIN prompt)."""
        if self.chord_hold.press(event):
            return True
        if self._pin_typed is not None:
            self._pin_key(event)
            return True
        return False

    def key_release(self, event: QKeyEvent) -> None:
        self.chord_hold.release(event)

    def cancel(self) -> None:
        """The window lost focus: a chord or corner being held is let go."""
        self.chord_hold.cancel()
        self.corner_hold.cancel()

    def pointer_down(self, pos: QPoint) -> bool:
        """A press or touch at `pos` (stage coordinates); True when it starts the corner hold."""
        if self.touch_exit is None or self.pin_prompt_open:
            return False
        x, y, w, h = corner_rect((self.stage.width(), self.stage.height()), self.touch_exit.corner)
        if not (x <= pos.x() < x + w and y <= pos.y() < y + h):
            return False
        self.corner_hold.cancel()
        self.corner_hold.begin()
        return True

    def pointer_up(self) -> float | None:
        """The press ended: how long the corner was held (None: no corner hold)."""
        since = self.corner_hold.since
        self.corner_hold.cancel()
        return None if since is None else self.clock.now() - since

    # --- chord, corner and PIN --------------------------------------------------------------

    def on_chord_held(self) -> None:
        if not self.locked or not self.pin:
            log.info("exit chord held %.1fs: leaving", self.hold)
            self.unlocked.emit()
            return
        log.info("exit chord held; asking for the PIN")
        self._open_pin(pad=False)

    def on_corner_held(self) -> None:
        log.info("touch-exit corner held; showing the PIN pad")
        self._open_pin(pad=True)

    def _open_pin(self, *, pad: bool) -> None:
        self._pin_typed = ""
        self._pin_since = self.clock.now()
        self._pin_note = ""
        self._pin_pad = pad
        self._tries = 0
        self._pin_timer.start()
        self._show_prompt()

    def seconds_left(self) -> float:
        return PIN_TIMEOUT - (self.clock.now() - self._pin_since)

    def _show_prompt(self) -> None:
        if self._pin_typed is None:
            return
        self.prompt.show_prompt(
            typed=len(self._pin_typed),
            note=self._pin_note,
            seconds_left=max(0, math.ceil(self.seconds_left())),
            pad=self._pin_pad,
        )
        self.relayout()

    def _pin_key(self, event: QKeyEvent) -> None:
        key = event.key()
        digit = digit_of(event)
        if digit is not None:
            self.on_pad(digit)
        elif key == K.Key_Backspace:
            self.on_pad("delete")
        elif key in (K.Key_Return, K.Key_Enter):
            self.on_pad("ok")
        elif key == K.Key_Escape:
            self.on_pad("cancel")

    def on_pad(self, what: str) -> None:
        """A digit, "delete", "ok" or "cancel", from the keyboard or the on-screen pad."""
        if self._pin_typed is None:
            return
        if self.seconds_left() <= 0:
            self.on_pin_tick()
            return
        if what.isdigit():
            self._pin_typed = (self._pin_typed + what)[-12:]
        elif what == "delete":
            self._pin_typed = self._pin_typed[:-1]
        elif what == "cancel":
            self._close_pin()
            return
        elif what == "ok":
            if self._pin_typed == self.pin:
                self._close_pin()
                log.info("PIN accepted: leaving")
                self.unlocked.emit()
                return
            self._tries += 1
            log.warning("wrong PIN typed after the exit chord (%d of %d)", self._tries, MAX_TRIES)
            if self._tries >= MAX_TRIES:
                self._close_pin()
                return
            self._pin_typed = ""
            self._pin_note = "Wrong PIN"
        self._show_prompt()

    def on_pin_tick(self) -> None:
        """Count the prompt down; close it when its time is up."""
        if self._pin_typed is None:
            self._pin_timer.stop()
            return
        if self.seconds_left() <= 0:
            log.info("PIN prompt timed out")
            self._close_pin()
            return
        self._show_prompt()

    def _close_pin(self) -> None:
        self._pin_timer.stop()
        self._pin_typed = None
        self.prompt.hide()
