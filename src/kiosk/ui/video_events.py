"""A clip's end (or failure) ends its slide: the one place where that is wired.

Every `VideoSlideView` reports on `media_events` (`ended(view)`, `failed(view, reason)`) as
well as on its own `media_ended` / `media_failed` signals. `connect_media_end(player)` turns
a report about the slide on screen into a move to the next slide, keeping the rotation's
timing (the next slide gets its full time).

Today that goes through the rotator's public hooks: for the length of one `revalidate`, only
the next slide (`peek_next`) is reported playable, so the rotator moves to it exactly as it
moves past a slide that failed to build, with a full slide time. When the Show accepts
`Command(Op.MEDIA_ENDED, index=i)`, `on_media_end` below becomes
`show.submit(Command(Op.MEDIA_ENDED, index=i))` and the playable wrapper goes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.core.rotation import Mode

if TYPE_CHECKING:
    from kiosk.ui.app import Player

__all__ = ["MediaEndBridge", "connect_media_end", "media_events"]

log = logging.getLogger("kiosk.video")


class MediaEvents(QObject):
    ended = Signal(object)  # the VideoSlideView whose clip ended
    failed = Signal(object, str)  # the VideoSlideView, why it cannot play


media_events = MediaEvents()
media_events.setObjectName("media-events")


class MediaEndBridge(QObject):
    """Moves `player` past the slide on screen when its clip ends or fails."""

    def __init__(self, player: Player) -> None:
        super().__init__(player)
        self.setObjectName("media-end-bridge")
        self.player = player
        self.ends = 0
        self._only: int | None = None
        self._playable = player._playable  # the player's own rule, kept under ours
        player.rotator.set_playable(self.playable)
        media_events.ended.connect(self.on_ended)
        media_events.failed.connect(self.on_failed)

    def playable(self, index: int) -> bool:
        if self._only is not None:  # moving past an ended clip: to the next slide, whichever
            return index == self._only  # way the rotation last went
        return self._playable(index)

    def on_ended(self, view: object) -> None:
        if self.player.rotator.mode is Mode.PLAYING:  # a presenter moves on by hand
            self.on_media_end(view, "video ended")

    def on_failed(self, view: object, reason: str) -> None:
        self.on_media_end(view, f"video cannot play ({reason}); skipped")

    def on_media_end(self, view: object, reason: str) -> None:
        stage = self.player.stage
        index = stage.current_index
        if view is not stage.current_view or index is None:
            return  # a clip built ahead, or a slide already left
        rotator = self.player.rotator
        if rotator.index != index:
            return
        self.ends += 1
        log.info("slide %d: %s", index + 1, reason)
        target = rotator.peek_next()
        if target in (None, index):  # the only slide: play it again
            restart = getattr(view, "clip", None)
            if restart is not None and not restart.error:
                restart.restart()
            return
        self._only = target
        try:
            rotator.revalidate(reason)
        finally:
            self._only = None


def connect_media_end(player: Player) -> MediaEndBridge:
    """Wire clip ends to `player`'s rotation (call once, after building the player)."""
    return MediaEndBridge(player)
