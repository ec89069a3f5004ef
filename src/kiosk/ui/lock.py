"""The kiosk lock: how the public cannot leave, and how an operator can.

In kiosk mode (`locked`), the stage window refuses to close (Alt+F4, the window manager's
close) and comes straight back when minimised: `KioskLock` is an event filter on the stage
that refuses those events. To leave, an operator holds the exit chord (default
Ctrl+Alt+Shift+X) for `hold` seconds, measured with the injected clock; then, if a PIN is
set, types it and Enter within `PIN_TIMEOUT`. `unlocked` is emitted when they have; the
player then releases the lock (`release`) and closes. The input controller hands every key
to `key_press` / `key_release` first.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

from kiosk.core.clock import Clock
from kiosk.ui.timers import named_timer

__all__ = ["MODIFIERS", "PIN_TIMEOUT", "KioskLock", "digit_of", "parse_chord"]

log = logging.getLogger("kiosk.lock")

PIN_TIMEOUT = 10.0
CHORD_POLL_MS = 100
K = Qt.Key
M = Qt.KeyboardModifier
MODIFIERS = M.ControlModifier | M.AltModifier | M.ShiftModifier | M.MetaModifier
_MODIFIER_KEYS = (K.Key_Control, K.Key_Alt, K.Key_Shift, K.Key_Meta, K.Key_AltGr)


def _first(seq: QKeySequence) -> QKeyCombination:
    """The first key combination (Qt's operator[], which PySide6's stubs leave out)."""
    combo: QKeyCombination = seq[0]  # type: ignore[index]  # __getitem__ exists at run time
    return combo


def parse_chord(text: str) -> tuple[Qt.Key, Qt.KeyboardModifier]:
    """'Ctrl+Alt+Shift+X' → (Key_X, Ctrl|Alt|Shift). Falls back to the default on junk."""
    seq = QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText)
    if seq.count() < 1 or _first(seq).key() == K.Key_unknown:
        log.warning("exit chord %r is not a key combination; using Ctrl+Alt+Shift+X", text)
        seq = QKeySequence("Ctrl+Alt+Shift+X")
    combo = _first(seq)
    return combo.key(), combo.keyboardModifiers() & MODIFIERS


def digit_of(event: QKeyEvent) -> str | None:
    """The ASCII digit a key press types, if any (not with Ctrl or Alt held)."""
    key = event.key()
    if K.Key_0 <= key <= K.Key_9 and not event.modifiers() & (M.ControlModifier | M.AltModifier):
        return str(key - K.Key_0)
    return None


class KioskLock(QObject):
    """The exit chord, its PIN, and the window that will not close or hide."""

    unlocked = Signal()  # the chord was held (and the PIN typed): the player may leave
    pin_changed = Signal(int)  # -1: prompt closed; else digits typed

    def __init__(
        self,
        stage: QWidget,
        clock: Clock,
        *,
        locked: bool,
        chord: str = "Ctrl+Alt+Shift+X",
        hold: float = 2.0,
        pin: str | None = None,
    ) -> None:
        super().__init__(stage)
        self.setObjectName("kiosk-lock")
        self.stage = stage
        self.clock = clock
        self.locked = locked
        self.close_refused = 0
        self.set_controls(chord, hold, pin)
        self._pin_typed: str | None = None  # None: no prompt
        self._pin_since = 0.0
        self._held_since: float | None = None
        self._chord_timer = named_timer(
            self, "exit-chord-poll", self.on_chord_poll, CHORD_POLL_MS, single_shot=False
        )
        self._pin_timer = named_timer(
            self, "pin-timeout", self.on_pin_timeout, int(PIN_TIMEOUT * 1000)
        )
        self._restore_timer = named_timer(self, "stage-kiosk-restore", self.restore_window, 0)
        if locked:
            stage.setWindowFlags(
                Qt.WindowType.Window
                | Qt.WindowType.FramelessWindowHint
                | Qt.WindowType.WindowStaysOnTopHint
            )
        stage.installEventFilter(self)

    def set_controls(self, chord: str, hold: float, pin: str | None) -> None:
        self.chord = parse_chord(chord)
        self.hold = hold
        self.pin = pin or None

    def release(self) -> None:
        """The player leaves: the window may close now."""
        self.locked = False
        self._cancel_chord()
        self._close_pin()

    @property
    def pin_prompt_open(self) -> bool:
        return self._pin_typed is not None

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

    # --- keys, from the input controller ----------------------------------------------------

    def key_press(self, event: QKeyEvent) -> bool:
        """True when the lock took the key (the chord, or a key typed into the PIN prompt)."""
        key, mods = event.key(), event.modifiers() & MODIFIERS
        if (key, mods) == self.chord:
            if self._held_since is None:
                self._held_since = self.clock.now()
                self._chord_timer.start()
            self.on_chord_poll()
            return True
        if self._pin_typed is not None:
            self._pin_key(event)
            return True
        return False

    def key_release(self, event: QKeyEvent) -> None:
        key = event.key()
        if self._held_since is not None and (key == self.chord[0] or key in _MODIFIER_KEYS):
            self._cancel_chord()

    def cancel(self) -> None:
        """The window lost focus: a chord being held is let go."""
        self._cancel_chord()

    # --- chord and PIN ----------------------------------------------------------------------

    def on_chord_poll(self) -> None:
        if self._held_since is None:
            self._chord_timer.stop()
            return
        if self.clock.now() - self._held_since < self.hold:
            return
        self._cancel_chord()
        if not self.locked or not self.pin:
            log.info("exit chord held %.1fs: leaving", self.hold)
            self.unlocked.emit()
            return
        log.info("exit chord held; asking for the PIN")
        self._pin_typed = ""
        self._pin_since = self.clock.now()
        self._pin_timer.start()
        self.pin_changed.emit(0)

    def _cancel_chord(self) -> None:
        self._held_since = None
        self._chord_timer.stop()

    def _pin_key(self, event: QKeyEvent) -> None:
        assert self._pin_typed is not None
        if self.clock.now() - self._pin_since > PIN_TIMEOUT:
            self.on_pin_timeout()
            return
        key = event.key()
        digit = digit_of(event)
        if digit is not None:
            self._pin_typed = (self._pin_typed + digit)[-12:]
            self.pin_changed.emit(len(self._pin_typed))
        elif key == K.Key_Backspace:
            self._pin_typed = self._pin_typed[:-1]
            self.pin_changed.emit(len(self._pin_typed))
        elif key in (K.Key_Return, K.Key_Enter):
            ok = self._pin_typed == self.pin
            self._close_pin()
            if ok:
                log.info("PIN accepted: leaving")
                self.unlocked.emit()
            else:
                log.warning("wrong PIN typed after the exit chord")
        elif key == K.Key_Escape:
            self._close_pin()

    def on_pin_timeout(self) -> None:
        if self._pin_typed is not None:
            log.info("PIN prompt timed out")
        self._close_pin()

    def _close_pin(self) -> None:
        self._pin_timer.stop()
        if self._pin_typed is not None:
            self._pin_typed = None
            self.pin_changed.emit(-1)
