"""One crossing into Python per stage event, however many parts of kiosk watch the stage.

Each Python event filter on a widget costs a crossing from C++ into Python for every event
the widget receives: ~36,000 instructions under callgrind, whatever the filter does. The
stage receives an UpdateRequest every frame, and four parts watched it (the kiosk lock, the
focus keeper, the video background, the input controller): 144,000 instructions a fade
frame at 1080p (~5 % of the frame). A widget that dispatches its own events (the stage's
`event()`, a Python override it has anyway) offers `watch`; `watch_events` uses it, so a
watcher's `eventFilter` is called from Python (~1 % of a crossing). Elsewhere (a plain
widget in a test) it is installed as the Qt event filter it always was.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

__all__ = ["watch_events"]


def watch_events(widget: QWidget, watcher: QObject) -> None:
    """Have `watcher.eventFilter(widget, event)` see every event of `widget`, first."""
    watch = getattr(widget, "watch", None)
    if callable(watch):
        watch(watcher)
    else:
        widget.installEventFilter(watcher)
