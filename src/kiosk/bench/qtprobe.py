"""Watching Qt paint, without touching the code being measured.

`FrameProbe` is an application-wide event filter. For every top-level window it times each
frame — the `UpdateRequest` (or first `Expose`) in which Qt paints the dirty widgets and
flushes the backing store — by delivering that event itself inside the filter, so the time
covers the whole composite: every widget painted, then the flush. During a frame it records
which widgets received a `Paint` event, so a caller can ask "was the new slide painted?".
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

__all__ = [
    "HEAVY_MODULES",
    "FrameProbe",
    "heavy_modules",
    "run_loop_for",
    "wait_until",
]

HEAVY_MODULES = ("pyqtgraph", "numpy", "PySide6.QtSvg", "PySide6.QtOpenGL", "pydantic")


def heavy_modules() -> list[str]:
    """Which of the costly imports are loaded now."""
    return [name for name in HEAVY_MODULES if name in sys.modules]


class FrameProbe(QObject):
    """Times every frame painted by a top-level window; records the widgets painted."""

    def __init__(self) -> None:
        super().__init__()
        self.frames: list[float] = []  # seconds per frame, in order
        self.frame_ends: list[float] = []  # perf_counter at the end of each frame
        self.painted: list[QObject] = []  # widgets painted in the frames since clear()
        self.on_frame: Callable[[float, list[QObject]], None] | None = None
        self._depth = 0
        self._current: list[QObject] = []

    def install(self) -> FrameProbe:
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        return self

    def remove(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def clear(self) -> None:
        self.frames.clear()
        self.frame_ends.clear()
        self.painted.clear()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Paint:  # inside a timed frame, or not (an Expose paints)
            (self._current if self._depth else self.painted).append(obj)
            return False
        if kind != QEvent.Type.UpdateRequest or self._depth or not isinstance(obj, QWidget):
            return False
        if not obj.isWindow():
            return False
        # deliver the frame here, timed; then tell Qt it is handled
        self._depth += 1
        self._current = []
        t0 = time.perf_counter()
        try:
            obj.event(event)
        finally:
            t1 = time.perf_counter()
            self._depth -= 1
        if self._current:
            self.frames.append(t1 - t0)
            self.frame_ends.append(t1)
            self.painted.extend(self._current)
            if self.on_frame is not None:
                self.on_frame(t1 - t0, self._current)
        return True


def wait_until(done: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Process events (waiting for them, no busy loop) until `done()` or `timeout` s."""
    app = QApplication.instance()
    assert app is not None
    limit = time.monotonic() + timeout
    guard = QTimer()
    guard.setInterval(50)  # wake the wait now and then to check the time limit
    guard.start()
    try:
        while not done():
            if time.monotonic() > limit:
                return False
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        guard.stop()
    return True


def run_loop_for(seconds: float) -> None:
    """Run a real event loop for `seconds` (timers fire, deleteLater takes effect)."""
    loop = QEventLoop()
    QTimer.singleShot(max(0, round(seconds * 1000)), loop.quit)
    loop.exec()
