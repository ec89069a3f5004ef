"""The exit chord's hold, judged on the keys that are really down.

X repeats a held key as release+press pairs. Qt usually flags both as auto-repeat, but not in
every setup: in one, after about a second of holding, the repeats arrived unflagged, and each
repeat's release restarted the hold, so the chord could never be held long enough. Here a
release is only believed when no press of the same key follows within `REPEAT_GAP_MS` (X
sends the repeat's press in the same instant as its release); until then the hold goes on.
Flagged repeats are simply part of holding.

`ChordHold` answers one question, with the injected clock: how far along is the hold
(0..1, None when not held)? The lock polls it while held and draws the ring from it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QKeyCombination, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence

from kiosk.core.clock import Clock
from kiosk.ui.timers import named_timer

__all__ = ["MODIFIERS", "REPEAT_GAP_MS", "ChordHold", "digit_of", "parse_chord"]

log = logging.getLogger("kiosk.lock")

REPEAT_GAP_MS = 60  # a release followed this soon by a press of the same key is a repeat
POLL_MS = 40  # the ring fills smoothly, and the hold ends within a frame or two of its time
K = Qt.Key
M = Qt.KeyboardModifier
MODIFIERS = M.ControlModifier | M.AltModifier | M.ShiftModifier | M.MetaModifier
_MODIFIER_KEYS = frozenset({K.Key_Control, K.Key_Alt, K.Key_Shift, K.Key_Meta, K.Key_AltGr})


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


class ChordHold(QObject):
    """How long the exit chord has really been held; `progress` while it is."""

    progress = Signal(float)  # 0..1 while held; -1.0 when let go (the ring hides)
    completed = Signal()  # held for `hold` seconds

    def __init__(self, parent: QObject, clock: Clock, name: str = "exit-chord") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.clock = clock
        self.chord = parse_chord("Ctrl+Alt+Shift+X")
        self.hold = 2.0
        self.since: float | None = None
        self.repeats_seen = 0  # release+press pairs taken as X's auto-repeat (for the log)
        self._poll = named_timer(self, f"{name}-poll", self.on_poll, POLL_MS, single_shot=False)
        self._release = named_timer(self, f"{name}-release", self.on_released, REPEAT_GAP_MS)

    def configure(self, chord: str | None, hold: float) -> None:
        if chord is not None:
            self.chord = parse_chord(chord)
        self.hold = hold

    @property
    def held(self) -> bool:
        return self.since is not None

    def matches(self, event: QKeyEvent) -> bool:
        return (event.key(), event.modifiers() & MODIFIERS) == self.chord

    def press(self, event: QKeyEvent) -> bool:
        """A key press; True when it is the chord (the lock takes it)."""
        if not self.matches(event):
            return False
        if self._release.isActive():  # the release just before was X repeating the key
            self._release.stop()
            self.repeats_seen += 1
        self.begin()
        return True

    def begin(self) -> None:
        """The hold starts now (a key, or a finger in the touch-exit corner); held on."""
        if self.since is None:
            self.since = self.clock.now()
            self.repeats_seen = 0
            self._poll.start()
        self.on_poll()

    def release(self, event: QKeyEvent) -> None:
        """A key release: the chord's key or a modifier lets go, unless a press follows."""
        if self.since is None:
            return
        if event.key() == self.chord[0] or event.key() in _MODIFIER_KEYS:
            self._release.start()  # believed when no press follows within REPEAT_GAP_MS

    def on_released(self) -> None:
        if self.since is not None:
            log.info("exit chord let go after %.1fs", self.clock.now() - self.since)
        self.cancel()

    def cancel(self) -> None:
        was = self.since is not None
        self.since = None
        self._poll.stop()
        self._release.stop()
        if was:
            self.progress.emit(-1.0)

    def fraction(self) -> float | None:
        if self.since is None:
            return None
        return min(1.0, max(0.0, (self.clock.now() - self.since) / self.hold))

    def on_poll(self) -> None:
        done = self.fraction()
        if done is None:
            self._poll.stop()
            return
        if done < 1.0 or self._release.isActive():  # a pending release: not yet judged
            self.progress.emit(done)
            return
        if self.repeats_seen:
            log.info("exit chord held %.1fs (%d key repeats)", self.hold, self.repeats_seen)
        self.cancel()
        self.completed.emit()
