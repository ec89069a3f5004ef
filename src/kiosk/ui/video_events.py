"""Where clips report that they ended or cannot play.

Every `VideoSlideView` reports on `media_events` (`ended(view)`, `failed(view, reason)`) as
well as on its own `media_ended` / `media_failed` signals. The player listens (`on_media_*`):
an end becomes `Command(Op.MEDIA_ENDED, index=i)` for the show, which moves on while it
rotates (the next slide gets its full time); a failure skips the slide like one that failed
to build.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

__all__ = ["media_events"]

log = logging.getLogger("kiosk.video")


class MediaEvents(QObject):
    ended = Signal(object)  # the VideoSlideView whose clip ended
    failed = Signal(object, str)  # the VideoSlideView, why it cannot play


media_events = MediaEvents()
media_events.setObjectName("media-events")
