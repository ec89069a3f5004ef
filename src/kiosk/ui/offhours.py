"""The off hours as people meet them: a screen that is really off, a log line each way, and
a short "Off until 07:00" card when someone presses a key or touches it.

The show decides when the display is off (`ShowState.display_on`); this draws it. Going off,
it logs "display off until 07:00 (display hours 07:00-22:00)" and how the screen is turned
off (`kiosk.blanking`: DPMS, the console's blanking, or painting black, chosen once at start);
coming back, "display on …". Any input in the off hours wakes the screen, shows the card for
`CARD_MS` (longer while input goes on), then turns the screen off again. The stage's black
cover is under it all, so a screen that cannot be switched off is still black.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk.blanking import PaintBlack, ScreenPower
from kiosk.core.clock import Clock
from kiosk.core.model import Playlist, Schedule
from kiosk.core.offhours import describe_off_hours, describe_on_hours
from kiosk.ui.screens import OffCard
from kiosk.ui.stage import Stage
from kiosk.ui.timers import named_timer

__all__ = ["CARD_MS", "OffHours"]

log = logging.getLogger("kiosk.player")

CARD_MS = 5000


class OffHours(QObject):
    def __init__(
        self,
        stage: Stage,
        clock: Clock,
        playlist: Callable[[], Playlist],
        power: ScreenPower | None = None,
    ) -> None:
        """`playlist` gives the deck's playlist now (its schedule changes on reload)."""
        super().__init__(stage)
        self.setObjectName("off-hours")
        self.stage = stage
        self.clock = clock
        self.power: ScreenPower = power or PaintBlack()
        self._playlist = playlist
        self.off: bool | None = None  # None: not drawn yet
        self.card = OffCard(stage.cover)  # above the black cover, shown only with it
        self._card_timer = named_timer(self, "off-card-hide", self.on_card_timeout, CARD_MS)

    def follow(self, display_on: bool) -> None:
        """The state's `display_on`, after every state: act when it changes."""
        off = not display_on
        if off == self.off:
            return
        first = self.off is None
        self.off = off
        now = self.clock.wall()
        if off:
            text = describe_off_hours(self._schedule_now(), now)
            self._switch(False, text.log_line())
        else:
            self._hide_card()
            if not first:
                self._switch(True, describe_on_hours(self._schedule_now(), now))

    def _switch(self, on: bool, line: str) -> None:
        done = self.power.on() if on else self.power.off()
        how = self.power.name if done else f"{self.power.name} failed; painting black"
        log.info("%s; screen %s by %s", line, "woken" if on else "off", how)

    def _schedule_now(self) -> Schedule | None:
        return self._playlist().schedule

    def on_activity(self) -> None:
        """A key, click, touch or mouse move: in the off hours, the card for a few seconds."""
        if not self.off:
            return
        if not self.card.isVisible():
            self.power.on()
            text = describe_off_hours(self._schedule_now(), self.clock.wall())
            hours = f"Display hours {text.hours}" if text.hours else ""
            self.card.set_text(text.card_title(), hours)
            self.card.set_theme(self.stage.screen_theme)
            self.card.relayout(self.stage.cover.size())
            self.card.show()
            log.info("input in the off hours: showing %r", text.card_title())
        self.card.raise_()
        self._card_timer.start()

    def on_card_timeout(self) -> None:
        self._hide_card()
        if self.off:
            self.power.off()

    def _hide_card(self) -> None:
        self._card_timer.stop()
        self.card.hide()

    def stop(self) -> None:
        """Leaving kiosk: never leave the screen switched off."""
        self._hide_card()
        if self.off:
            self.power.on()
