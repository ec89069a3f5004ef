"""Keys, clicks, wheel and touch into commands for the show.

`InputController` filters the stage's native window (`QWindow`: every key, click, wheel and
touch of the window system passes there before Qt hands it to a widget, so a chart that would
eat a click still navigates) and the stage widget itself (events sent to it directly: tests,
the benchmark's presses). It translates each event into a `kiosk.core.commands.Command`
(`command` signal) or, for what only this screen does (help, quit), an `Action` (`action`
signal); it decides nothing about rotation. Keys go to the kiosk lock (`kiosk.ui.lock`)
first: the exit chord and the PIN prompt are its own.

It used to filter the whole QApplication: every event of the process (each widget's paint,
each animation tick) then crossed into Python, ~6 calls per fade frame (69,000 instructions
a frame under callgrind at 1080p, on top of 3.05 million for the frame itself). On the window,
no event of a frame reaches it; on the stage widget one does (its UpdateRequest), and leaves
at the first line without asking Qt for its type (`type(event)` is a plain QEvent).

`KEY_TABLE` is the one list of keys: it maps them, and the help overlay and the README's
keys table are made from it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QShowEvent, QTouchEvent, QWheelEvent, QWindow
from PySide6.QtWidgets import QWidget

from kiosk.core.commands import Command, Op
from kiosk.ui.keyhold import MODIFIERS, digit_of
from kiosk.ui.lock import KioskLock
from kiosk.ui.timers import named_timer
from kiosk.ui.watch import watch_events

__all__ = ["HELP_ROWS", "KEYS", "Action", "InputController"]

log = logging.getLogger("kiosk.input")

GOTO_TIMEOUT_MS = 4000
SWIPE_FRACTION = 0.06  # of the stage width
TAP_SECONDS = 0.6  # a press in the touch-exit corner shorter than this is a plain click
K = Qt.Key
M = Qt.KeyboardModifier


# the classes of the events looked at: `isinstance` costs ~80 ns, `event.type()` ~600 ns
# (PySide makes a Python enum member each time); a plain QEvent (paint requests…) leaves at
# once. The window's deactivation comes as its `activeChanged` signal instead.
_INPUT_CLASSES = (QKeyEvent, QMouseEvent, QWheelEvent, QTouchEvent)


class Action(Enum):
    """What a key does on this screen only (not a command for the show)."""

    HELP = "help"
    ESCAPE = "escape"  # ends help or a black screen; in windowed mode then quits
    QUIT = "quit"  # windowed mode only
    OVERVIEW = "overview"  # O: every slide as a thumbnail
    PRESENTER = "presenter"  # S: the presenter window (speaker view, as in reveal.js)


KEYS: dict[int, Op | Action] = {  # Qt.Key is an IntEnum; QKeyEvent.key() an int
    K.Key_Right: Op.NEXT,
    K.Key_Space: Op.NEXT,
    K.Key_PageDown: Op.NEXT,
    K.Key_Down: Op.NEXT,
    K.Key_Return: Op.NEXT,
    K.Key_Enter: Op.NEXT,
    K.Key_Left: Op.PREV,
    K.Key_PageUp: Op.PREV,
    K.Key_Up: Op.PREV,
    K.Key_Backspace: Op.PREV,
    K.Key_Home: Op.FIRST,
    K.Key_End: Op.LAST,
    K.Key_P: Op.TOGGLE_PAUSE,
    K.Key_B: Op.TOGGLE_BLANK,
    K.Key_Period: Op.TOGGLE_BLANK,
    K.Key_W: Op.TOGGLE_WHITE,
    K.Key_F5: Op.RESTART,
    K.Key_Escape: Action.ESCAPE,
    K.Key_H: Action.HELP,
    K.Key_Question: Action.HELP,
    K.Key_O: Action.OVERVIEW,
    K.Key_S: Action.PRESENTER,
}

HELP_ROWS: list[tuple[str, str]] = [
    ("→  Space  PgDn  Enter  click right", "next (the next point first)"),
    ("←  PgUp  Backspace  click left", "previous (hides the last point first)"),
    ("Home  /  End", "first / last slide"),
    ("digits, then Enter", "go to slide N"),
    ("P", "pause / resume"),
    ("B  or  .", "black screen and back"),
    ("W", "white screen and back"),
    ("Esc", "end a black or white screen"),
    ("F5  /  Shift+F5", "rotate from the first / this slide"),
    ("wheel, swipe", "next / previous"),
    ("O", "overview: every slide (arrows, Enter)"),
    ("S", "presenter window: notes, next slide, times"),
    ("H  or  ?", "this help"),
]


class InputController(QObject):
    """Translate the stage window's input events into commands."""

    command = Signal(object)  # kiosk.core.commands.Command
    action = Signal(object)  # Action
    goto_typed = Signal(str)  # digits typed so far ("" when cleared)
    activity = Signal()  # any input (the cursor wakes, help hides)

    def __init__(self, stage: QWidget, lock: KioskLock, *, windowed: bool) -> None:
        super().__init__(stage)
        self.setObjectName("input")
        self.stage = stage
        self.lock = lock
        self.windowed = windowed
        self.digits = ""
        # keys go here first while something on the stage takes them (the overview grid)
        self.modal: Callable[[QKeyEvent], bool] | None = None
        self._touch_start: QPointF | None = None
        self._wheel = 0
        self._goto_timer = named_timer(self, "goto-timeout", self.clear_digits, GOTO_TIMEOUT_MS)
        self._window: QWindow | None = None
        watch_events(stage, self)  # one crossing into Python per stage event
        self.attach()

    # --- the filter -------------------------------------------------------------------------

    def attach(self) -> None:
        """Filter the stage's native window too, once it has one (after show or create); again
        when Qt made a new one (window flags changed: a new QWindow, shown anew)."""
        window = self.stage.windowHandle()
        if window is self._window:
            return
        if self._window is not None:
            self._window.removeEventFilter(self)
        self._window = window
        if window is not None:
            window.installEventFilter(self)
            window.activeChanged.connect(self.on_active_changed)

    def on_active_changed(self) -> None:
        window = self._window
        if window is not None and not window.isActive():
            self.lock.cancel()  # another window took the keyboard: no chord is held now

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not isinstance(event, _INPUT_CLASSES):  # a paint request…: this runs every frame
            if type(event) is QShowEvent and obj is getattr(self, "stage", None):
                self.attach()  # shown: its window exists now (or anew)
            return False
        # getattr: at interpreter exit Python may clear this object before Qt drops the filter
        stage = getattr(self, "stage", None)
        if stage is None:
            return False
        if isinstance(event, QKeyEvent):  # every key is ours, whichever widget has the focus
            return self._key_event(event)
        # from the window system (before any widget has it): the widget under the pointer
        target = self._pointer_target(event) if isinstance(obj, QWindow) else obj
        if self.lock.takes_pointer(target):
            return False  # the on-screen PIN pad's own buttons
        if isinstance(event, QTouchEvent):
            return self._touch(event)
        if isinstance(event, QWheelEvent):
            return self._wheel_event(event)
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            return self._click(event)
        if kind == QEvent.Type.MouseButtonRelease:
            return self._click_end(event)
        if kind == QEvent.Type.MouseMove:
            self.activity.emit()
        return False

    def _key_event(self, event: QKeyEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            return self._key_press(event)
        if kind == QEvent.Type.KeyRelease:
            if not event.isAutoRepeat():
                self.lock.key_release(event)
            return True
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # every key is ours: no shortcut may act on the stage
            return True
        return False

    def _pointer_target(self, event: QMouseEvent | QTouchEvent | QWheelEvent) -> QWidget:
        """The widget of the stage under the pointer (or the first touch point)."""
        points = event.points()
        if not points:
            return self.stage
        pos = self.stage.mapFromGlobal(points[0].globalPosition()).toPoint()
        return self.stage.childAt(pos) or self.stage

    def _emit(self, what: Op | Action, index: int | None = None) -> None:
        self.activity.emit()
        if isinstance(what, Action):
            self.action.emit(what)
        else:
            self.command.emit(Command(what, index=index, source="keys"))

    # --- keys -------------------------------------------------------------------------------

    def _key_press(self, event: QKeyEvent) -> bool:
        if self.lock.key_press(event):
            return True
        if self.modal is not None and self.modal(event):
            self.activity.emit()
            return True
        key, mods = event.key(), event.modifiers() & MODIFIERS
        if event.isAutoRepeat() and key in (K.Key_Return, K.Key_Enter, K.Key_Escape, K.Key_F5):
            return True
        if mods & (M.ControlModifier | M.AltModifier | M.MetaModifier):
            if self.windowed and mods == M.ControlModifier and key in (K.Key_Q, K.Key_W):
                self._emit(Action.QUIT)
            return True  # Ctrl+Q, Ctrl+W, Alt+… do nothing in kiosk mode
        digit = digit_of(event)
        if digit is not None:
            self.digits = (self.digits + digit)[-6:]
            self._goto_timer.start()
            self.goto_typed.emit(self.digits)
            self.activity.emit()
            return True
        if self.digits and key in (K.Key_Return, K.Key_Enter):
            number = int(self.digits)
            self.clear_digits()
            self._emit(Op.GOTO, max(0, number - 1))
            return True
        if self.digits and key == K.Key_Backspace:
            self.digits = self.digits[:-1]
            self.goto_typed.emit(self.digits)
            return True
        if self.digits and key == K.Key_Escape:
            self.clear_digits()
            return True
        what = KEYS.get(key)
        if what is Op.RESTART and mods & M.ShiftModifier:
            what = Op.RESTART_HERE
        if what is not None:
            self._emit(what)
        else:
            self.activity.emit()
        return True

    def clear_digits(self) -> None:
        self._goto_timer.stop()
        if self.digits:
            self.digits = ""
            self.goto_typed.emit("")

    # --- mouse, wheel, touch ----------------------------------------------------------------

    def _stage_x(self, global_pos: QPointF) -> float:
        return self.stage.mapFromGlobal(global_pos).x()

    def _click(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or self.lock.pin_prompt_open:
            return True
        pos = self.stage.mapFromGlobal(event.globalPosition()).toPoint()
        if event.type() == QEvent.Type.MouseButtonPress and self.lock.pointer_down(pos):
            return True  # the touch-exit corner: a long press opens the PIN pad
        self._emit(Op.PREV if pos.x() < self.stage.width() / 3 else Op.NEXT)
        return True

    def _click_end(self, event: QMouseEvent) -> bool:
        held = self.lock.pointer_up()
        if held is None:
            return False
        if held < TAP_SECONDS and not self.lock.pin_prompt_open:  # a click in the corner
            x = self._stage_x(event.globalPosition())
            self._emit(Op.PREV if x < self.stage.width() / 3 else Op.NEXT)
        return True

    def _wheel_event(self, event: QWheelEvent) -> bool:
        delta = event.angleDelta().y() or event.angleDelta().x()
        if self._wheel and (delta > 0) != (self._wheel > 0):
            self._wheel = 0  # changed direction: start counting again
        self._wheel += delta
        while abs(self._wheel) >= 120:
            step = 120 if self._wheel > 0 else -120
            self._wheel -= step
            self._emit(Op.PREV if step > 0 else Op.NEXT)
        return True

    def _touch(self, event: QTouchEvent) -> bool:
        points = event.points()
        kind = event.type()
        if self.lock.pin_prompt_open:  # unaccepted, Qt turns it into clicks: the pad's buttons
            self._touch_start = None
            event.ignore()
            return True
        if kind == QEvent.Type.TouchCancel or not points:
            self._touch_start = None
            self.lock.pointer_up()
            return True
        pos = points[0].globalPosition()
        if kind == QEvent.Type.TouchBegin:
            self._touch_start = QPointF(pos)
            self.lock.pointer_down(self.stage.mapFromGlobal(pos).toPoint())
            event.accept()
            return True
        if kind == QEvent.Type.TouchUpdate and self._touch_start is not None:
            moved = pos - self._touch_start
            if abs(moved.x()) >= 24 or abs(moved.y()) >= 24:
                self.lock.pointer_up()  # a swipe, not a long press in the touch-exit corner
        held = self.lock.pointer_up() if kind == QEvent.Type.TouchEnd else None
        if held is not None and (held >= TAP_SECONDS or self.lock.pin_prompt_open):
            self._touch_start = None  # the corner was held: not a tap
            event.accept()
            return True
        if kind == QEvent.Type.TouchEnd and self._touch_start is not None:
            dx = pos.x() - self._touch_start.x()
            dy = pos.y() - self._touch_start.y()
            self._touch_start = None
            if self.lock.pin_prompt_open:
                return True
            if abs(dx) >= max(24.0, self.stage.width() * SWIPE_FRACTION) and abs(dx) > abs(dy):
                self._emit(Op.NEXT if dx < 0 else Op.PREV)
            elif abs(dx) < 24 and abs(dy) < 24:
                self._emit(Op.NEXT)  # a tap
        event.accept()
        return True
