"""Keyboard focus, taken back in kiosk mode.

When another program's window takes the keyboard focus (a dialog popping up), the kiosk
stays on top but its keys go elsewhere: the clicker and the exit chord are dead until someone
clicks. In kiosk mode the stage takes focus back: when the application stops being active
(none of kiosk's windows has focus; the presenter window having it is fine), a named timer
raises and activates the stage after `RETAKE_MS`, and again every `RETRY_MS` while another
window still holds it, so two programs fighting for focus cost a few calls a second, not a
busy loop. The stage also takes the focus when it is first shown: with no window manager,
X's focus follows the pointer and Qt never sees the application become active, so nothing
would tell it when another window takes the keyboard. Of several kiosks on one display, only
the one that holds the display's keyboard claim takes the focus back (`keyboard_claim`).
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from kiosk.ui.keyboard_claim import KeyboardClaim, claim_path
from kiosk.ui.timers import named_timer
from kiosk.ui.watch import watch_events

__all__ = ["RETAKE_MS", "RETRY_MS", "FocusKeeper"]

log = logging.getLogger("kiosk.lock")

RETAKE_MS = 250
RETRY_MS = 1000
_ACTIVE = Qt.ApplicationState.ApplicationActive


class FocusKeeper(QObject):
    def __init__(self, stage: QWidget) -> None:
        super().__init__(stage)
        self.setObjectName("focus-keeper")
        self.stage = stage
        self.enabled = False
        self.retakes = 0
        self._lost = False
        self._starting = False  # the stage was just shown: taking the focus is no news
        self._left = False  # another kiosk on this display keeps the keyboard (said once)
        self.claim = KeyboardClaim(None)  # made at start, once the platform is known
        self._timer = named_timer(self, "focus-retake", self.on_retake, RETAKE_MS)
        watch_events(stage, self)  # one crossing into Python per stage event
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.on_app_state)

    def start(self) -> None:
        self.enabled = True
        if self.claim.path is None:
            self.claim = KeyboardClaim(claim_path(QGuiApplication.platformName(), os.environ))
        self.claim.held()  # the first kiosk on a display claims its keyboard

    def stop(self) -> None:
        self.enabled = False
        self._timer.stop()
        self.claim.release()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and obj is self.stage and self.enabled:
            self._starting = True
            self._timer.start(RETAKE_MS)
        return False

    def on_app_state(self, state: Qt.ApplicationState) -> None:
        if state == _ACTIVE:
            self._starting = False
            self._timer.stop()
            if self._lost:
                log.info("keyboard focus is back on the kiosk")
            self._lost = False
            return
        if self.enabled and self.stage.isVisible() and not self._timer.isActive():
            self._timer.start(RETAKE_MS)

    def on_retake(self) -> None:
        starting, self._starting = self._starting, False
        if not self.enabled or QGuiApplication.applicationState() == _ACTIVE:
            return
        if not self.claim.held():
            if not self._left:
                log.info(
                    "another kiosk on this display (%s) keeps the keyboard focus; this one "
                    "leaves it (kiosk mode)",
                    self.claim.holder(),
                )
                self._left = True
            self._timer.start(RETRY_MS)  # and takes the claim over once that kiosk is gone
            return
        if self._left:  # the kiosk that kept the keyboard is gone: this one keeps it now
            self._left, starting = False, True
        if starting:
            log.info("taking the keyboard focus (kiosk mode)")
        elif not self._lost:
            log.warning("another window took the keyboard focus; taking it back (kiosk mode)")
            self._lost = True
        self.retakes += 1
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):
            self.stage.raise_()  # headless platforms cannot raise (and warn if asked)
            self.stage.activateWindow()
        self._timer.start(RETRY_MS)  # stopped as soon as the application is active again
