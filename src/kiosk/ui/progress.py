"""The progress line: a thin strip whose length is the time left on the slide.

It is the one thing that moves on a still slide, so it is opaque and repaints only the pixels
it moved, when it has moved by a device pixel, and never more often than every TICK_MIN_MS
(10 Hz: 0.9 % of a core here instead of 2.2 % at 25 Hz; the eye does not follow a 6 px line
more closely), on its own timer that runs only while it is visible and counting.

On a video wall the line spans the whole wall (`set_span`): each tile of the bottom row draws
its own segment of it, so the line shortens from the right across every screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.ui.timers import named_timer

__all__ = ["ProgressLine"]

TICK_MIN_MS = 100
TICK_MAX_MS = 500


class ProgressLine(QWidget):
    """A thin line whose length is the time left on the slide."""

    def __init__(self, parent: QWidget, fraction_left: Callable[[], float | None]) -> None:
        super().__init__(parent)
        self.setObjectName("progress-line")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._source = fraction_left
        self._track = QColor("#13294B")
        self._fill = QColor("#2EC4B6")
        self._px = -1
        self._span: tuple[int, int] | None = None  # (offset, total width) on a video wall
        self.repaint_rects: list[QRect] = []  # the last few requested repaints (tests)
        self._timer = named_timer(self, "progress-line-timer", self.on_tick, single_shot=False)
        self.hide()

    def set_colors(self, track: QColor, fill: QColor) -> None:
        self._track, self._fill = QColor(track), QColor(fill)
        self.update()

    def set_span(self, offset: int, total: int) -> None:
        """This line is the part from `offset` of a line `total` pixels long (a wall)."""
        self._span = (offset, total) if total > 0 else None
        self._px = -1

    def _total(self) -> int:
        return self._span[1] if self._span is not None else self.width()

    def follow(self, duration: float | None, counting: bool) -> None:
        """Show the current slide's line; tick while `counting` (rotation running)."""
        self._px = -1
        self.on_tick()
        if counting and duration and self.isVisible():
            device_px = max(1.0, self._total() * self.devicePixelRatioF())
            per_px_ms = duration * 1000 / device_px
            self._timer.start(round(min(TICK_MAX_MS, max(TICK_MIN_MS, per_px_ms))))
        else:
            self._timer.stop()

    def timer_active(self) -> bool:
        return self._timer.isActive()

    def tick_ms(self) -> int:
        """The interval between checks while counting (tests)."""
        return self._timer.interval()

    def on_tick(self) -> None:
        left = self._source()
        px = 0 if left is None else round(self._total() * min(1.0, max(0.0, left)))
        if self._span is not None:
            px = min(self.width(), max(0, px - self._span[0]))
        if px == self._px:
            return
        old, self._px = self._px, px
        rect = self.rect() if old < 0 else QRect(min(old, px), 0, abs(old - px), self.height())
        self.repaint_rects = [*self.repaint_rects[-7:], rect]
        self.update(rect)

    def hideEvent(self, event: object) -> None:
        self._timer.stop()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            dirty = event.rect()
            painter.fillRect(dirty, self._track)
            filled = dirty.intersected(QRect(0, 0, max(0, self._px), self.height()))
            if not filled.isEmpty():
                painter.fillRect(filled, self._fill)
        finally:
            painter.end()
