"""Keys, clicks, wheel and touch into player commands; the exit chord and its PIN.

`InputController` is an event filter on the QApplication that looks only at events for the
stage window (so a chart that would eat a click still navigates). It translates each event
into a `Command` and emits `command(Command, argument)`; it decides nothing about rotation.

The exit chord (default Ctrl+Alt+Shift+X) must be held `hold` seconds, measured with the
injected clock; then, if a PIN is set, the PIN and Enter must be typed within `PIN_TIMEOUT`.
"""

from __future__ import annotations

import logging
from enum import Enum

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QTouchEvent, QWheelEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.clock import Clock
from kiosk.ui.timers import named_timer

__all__ = ["HELP_ROWS", "PIN_TIMEOUT", "Command", "InputController", "parse_chord"]

log = logging.getLogger("kiosk.input")

PIN_TIMEOUT = 10.0
GOTO_TIMEOUT_MS = 4000
CHORD_POLL_MS = 100
SWIPE_FRACTION = 0.06  # of the stage width
K = Qt.Key
M = Qt.KeyboardModifier
_MODS = M.ControlModifier | M.AltModifier | M.ShiftModifier | M.MetaModifier


_T = QEvent.Type
_INPUT_EVENTS = frozenset(
    {
        _T.KeyPress,
        _T.KeyRelease,
        _T.ShortcutOverride,
        _T.MouseButtonPress,
        _T.MouseButtonDblClick,
        _T.MouseMove,
        _T.Wheel,
        _T.TouchBegin,
        _T.TouchUpdate,
        _T.TouchEnd,
        _T.TouchCancel,
        _T.WindowDeactivate,
    }
)


class Command(Enum):
    NEXT = "next"
    PREV = "previous"
    FIRST = "first"
    LAST = "last"
    GOTO = "goto"  # argument: 1-based slide number
    PAUSE = "pause"
    BLANK = "blank"
    WHITE = "white"
    RESTART = "restart"
    RESTART_HERE = "restart here"
    ESCAPE = "escape"
    HELP = "help"
    QUIT = "quit"  # windowed mode only
    EXIT = "exit"  # the exit chord (and PIN) succeeded


KEYS: dict[Qt.Key, Command] = {
    K.Key_Right: Command.NEXT,
    K.Key_Space: Command.NEXT,
    K.Key_PageDown: Command.NEXT,
    K.Key_Down: Command.NEXT,
    K.Key_Return: Command.NEXT,
    K.Key_Enter: Command.NEXT,
    K.Key_Left: Command.PREV,
    K.Key_PageUp: Command.PREV,
    K.Key_Up: Command.PREV,
    K.Key_Backspace: Command.PREV,
    K.Key_Home: Command.FIRST,
    K.Key_End: Command.LAST,
    K.Key_P: Command.PAUSE,
    K.Key_B: Command.BLANK,
    K.Key_Period: Command.BLANK,
    K.Key_W: Command.WHITE,
    K.Key_F5: Command.RESTART,
    K.Key_Escape: Command.ESCAPE,
    K.Key_H: Command.HELP,
    K.Key_Question: Command.HELP,
}

HELP_ROWS: list[tuple[str, str]] = [
    ("→  Space  PgDn  Enter  click right", "next"),
    ("←  PgUp  Backspace  click left", "previous"),
    ("Home  /  End", "first / last slide"),
    ("digits, then Enter", "go to slide N"),
    ("P", "pause / resume"),
    ("B  or  .", "black screen and back"),
    ("W", "white screen and back"),
    ("F5  /  Shift+F5", "rotate from the first / this slide"),
    ("wheel, swipe", "next / previous"),
    ("H  or  ?", "this help"),
]


def parse_chord(text: str) -> tuple[Qt.Key, Qt.KeyboardModifier]:
    """'Ctrl+Alt+Shift+X' → (Key_X, Ctrl|Alt|Shift). Falls back to the default on junk."""
    seq = QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText)
    if seq.count() < 1 or seq[0].key() == K.Key_unknown:
        log.warning("exit chord %r is not a key combination; using Ctrl+Alt+Shift+X", text)
        seq = QKeySequence("Ctrl+Alt+Shift+X")
    combo = seq[0]
    return combo.key(), combo.keyboardModifiers() & _MODS


def _digit(event: QKeyEvent) -> str | None:
    key = event.key()
    if K.Key_0 <= key <= K.Key_9 and not event.modifiers() & (M.ControlModifier | M.AltModifier):
        return str(key - K.Key_0)
    return None


class InputController(QObject):
    """Translate the stage window's input events into commands."""

    command = Signal(object, int)  # Command, argument
    goto_typed = Signal(str)  # digits typed so far ("" when cleared)
    pin_changed = Signal(int)  # -1: prompt closed; else digits typed
    activity = Signal()  # any input (the cursor wakes, help hides)

    def __init__(
        self,
        stage: QWidget,
        clock: Clock,
        *,
        windowed: bool,
        chord: str = "Ctrl+Alt+Shift+X",
        hold: float = 2.0,
        pin: str | None = None,
    ) -> None:
        super().__init__(stage)
        self.setObjectName("input")
        self.stage = stage
        self.clock = clock
        self.windowed = windowed
        self.set_controls(chord, hold, pin)
        self.digits = ""
        self._pin_typed: str | None = None  # None: no prompt
        self._pin_since = 0.0
        self._held_since: float | None = None
        self._touch_start: QPointF | None = None
        self._wheel = 0
        self._goto_timer = named_timer(self, "goto-timeout", self.clear_digits, GOTO_TIMEOUT_MS)
        self._chord_timer = named_timer(
            self, "exit-chord-poll", self.on_chord_poll, CHORD_POLL_MS, single_shot=False
        )
        self._pin_timer = named_timer(
            self, "pin-timeout", self.on_pin_timeout, int(PIN_TIMEOUT * 1000)
        )

    def set_controls(self, chord: str, hold: float, pin: str | None) -> None:
        self.chord = parse_chord(chord)
        self.hold = hold
        self.pin = pin or None

    @property
    def pin_prompt_open(self) -> bool:
        return self._pin_typed is not None

    # --- the filter -------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _INPUT_EVENTS:  # paint, timer…: leave at once, this runs for every event
            return False
        # getattr: at interpreter exit Python may clear this object before Qt drops the filter
        stage = getattr(self, "stage", None)
        if stage is None or not isinstance(obj, QWidget) or obj.window() is not stage:
            return False
        if kind == QEvent.Type.KeyPress:
            return self._key_press(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.KeyRelease:
            return self._key_release(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # every key is ours: no shortcut may act on the stage
            return True
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            return self._click(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.MouseMove:
            self.activity.emit()
            return False
        if kind == QEvent.Type.Wheel:
            return self._wheel_event(event)  # type: ignore[arg-type]
        if kind in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            return self._touch(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.WindowDeactivate:
            self._cancel_chord()
        return False

    def _emit(self, command: Command, argument: int = 0) -> None:
        self.activity.emit()
        self.command.emit(command, argument)

    # --- keys -------------------------------------------------------------------------------

    def _key_press(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers() & _MODS
        if (key, mods) == self.chord:
            if self._held_since is None:
                self._held_since = self.clock.now()
                self._chord_timer.start()
            self.on_chord_poll()
            return True
        if event.isAutoRepeat() and key in (K.Key_Return, K.Key_Enter, K.Key_Escape, K.Key_F5):
            return True
        if self._pin_typed is not None:
            self._pin_key(event)
            return True
        if mods & (M.ControlModifier | M.AltModifier | M.MetaModifier):
            if self.windowed and mods == M.ControlModifier and key in (K.Key_Q, K.Key_W):
                self._emit(Command.QUIT)
            return True  # Ctrl+Q, Ctrl+W, Alt+… do nothing in kiosk mode
        digit = _digit(event)
        if digit is not None:
            self.digits = (self.digits + digit)[-6:]
            self._goto_timer.start()
            self.goto_typed.emit(self.digits)
            self.activity.emit()
            return True
        if self.digits and key in (K.Key_Return, K.Key_Enter):
            number = int(self.digits)
            self.clear_digits()
            self._emit(Command.GOTO, number)
            return True
        if self.digits and key == K.Key_Backspace:
            self.digits = self.digits[:-1]
            self.goto_typed.emit(self.digits)
            return True
        if self.digits and key == K.Key_Escape:
            self.clear_digits()
            return True
        command = KEYS.get(key)
        if command is Command.RESTART and mods & M.ShiftModifier:
            command = Command.RESTART_HERE
        if command is not None:
            self._emit(command)
        else:
            self.activity.emit()
        return True

    def _key_release(self, event: QKeyEvent) -> bool:
        if event.isAutoRepeat():
            return True
        key = event.key()
        if self._held_since is not None and (
            key == self.chord[0]
            or key in (K.Key_Control, K.Key_Alt, K.Key_Shift, K.Key_Meta, K.Key_AltGr)
        ):
            self._cancel_chord()
        return True

    def clear_digits(self) -> None:
        self._goto_timer.stop()
        if self.digits:
            self.digits = ""
            self.goto_typed.emit("")

    # --- exit chord and PIN -----------------------------------------------------------------

    def on_chord_poll(self) -> None:
        if self._held_since is None:
            self._chord_timer.stop()
            return
        if self.clock.now() - self._held_since < self.hold:
            return
        self._cancel_chord()
        if self.windowed or not self.pin:
            log.info("exit chord held %.1fs: leaving", self.hold)
            self._emit(Command.EXIT)
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
        digit = _digit(event)
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
                self._emit(Command.EXIT)
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

    # --- mouse, wheel, touch ----------------------------------------------------------------

    def _stage_x(self, global_pos: QPointF) -> float:
        return self.stage.mapFromGlobal(global_pos).x()

    def _click(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or self._pin_typed is not None:
            return True
        x = self._stage_x(event.globalPosition())
        self._emit(Command.PREV if x < self.stage.width() / 3 else Command.NEXT)
        return True

    def _wheel_event(self, event: QWheelEvent) -> bool:
        delta = event.angleDelta().y() or event.angleDelta().x()
        if self._wheel and (delta > 0) != (self._wheel > 0):
            self._wheel = 0  # changed direction: start counting again
        self._wheel += delta
        while abs(self._wheel) >= 120:
            step = 120 if self._wheel > 0 else -120
            self._wheel -= step
            self._emit(Command.PREV if step > 0 else Command.NEXT)
        return True

    def _touch(self, event: QTouchEvent) -> bool:
        points = event.points()
        kind = event.type()
        if kind == QEvent.Type.TouchCancel or not points:
            self._touch_start = None
            return True
        pos = points[0].globalPosition()
        if kind == QEvent.Type.TouchBegin:
            self._touch_start = QPointF(pos)
            event.accept()
            return True
        if kind == QEvent.Type.TouchEnd and self._touch_start is not None:
            dx = pos.x() - self._touch_start.x()
            dy = pos.y() - self._touch_start.y()
            self._touch_start = None
            if self._pin_typed is not None:
                return True
            if abs(dx) >= max(24.0, self.stage.width() * SWIPE_FRACTION) and abs(dx) > abs(dy):
                self._emit(Command.NEXT if dx < 0 else Command.PREV)
            elif abs(dx) < 24 and abs(dy) < 24:
                self._emit(Command.NEXT)  # a tap
        event.accept()
        return True
