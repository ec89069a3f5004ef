"""A press onto a slide that is not built yet: its still at once, the live slide a frame later.

The pool builds the next slide ahead, 120 ms after a switch has painted; a presenter pressing
faster than that lands on slides built on demand, and a build (a chart: 20-35 ms) used to
block the frame that acknowledged the press. When the stage has a still of that slide (the
picture the pool painted when it last built the slide ahead, kept small: `StillCache`), it
shows the still at once over the whole screen (`Placeholder`), lets that frame be painted,
then builds the slide and swaps it in at the same geometry in one frame.

A slide never shown before has no still and is built at once, as before (its first showing
comes from the build ahead in any ordinary run). Failures are the same: the pool reports
them (`failed`) and the show moves on.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.ui.timers import named_timer

__all__ = ["STILL_BUDGET_BYTES", "STILL_WIDTH", "Placeholder", "StillCache"]

STILL_WIDTH = 640  # px: a third of 1080p; shown for one frame or two, then swapped
STILL_BUDGET_BYTES = 16 * 1024 * 1024  # ~17 slides at 640×360


class StillCache:
    """Small pictures of slides, by index and languages, bounded in bytes (oldest out)."""

    def __init__(self, budget: int = STILL_BUDGET_BYTES, width: int = STILL_WIDTH) -> None:
        self.budget = budget
        self.width = width
        self._items: OrderedDict[tuple[int, tuple[str, ...]], QPixmap] = OrderedDict()
        self._bytes = 0

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def put(self, index: int, languages: tuple[str, ...], still: QPixmap) -> None:
        if still.isNull():
            return
        small = still
        if still.width() > self.width:
            small = still.scaledToWidth(self.width, Qt.TransformationMode.SmoothTransformation)
        key = (index, languages)
        self._drop(key)
        self._items[key] = small
        self._bytes += _size(small)
        while self._bytes > self.budget and self._items:
            self._drop(next(iter(self._items)))

    def get(self, index: int, languages: tuple[str, ...]) -> QPixmap | None:
        key = (index, languages)
        still = self._items.get(key)
        if still is not None:
            self._items.move_to_end(key)
        return still

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0

    def _drop(self, key: tuple[int, tuple[str, ...]]) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= _size(old)


def _size(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(pixmap.depth(), 8) // 8


class Placeholder(QWidget):
    """The still of the slide to build, scaled over the stage (opaque); after the frame that
    painted it, `build(index, step)` is called (a zero-time timer started by that frame)."""

    def __init__(self, parent: QWidget, build: Callable[[int, int], object]) -> None:
        super().__init__(parent)
        self.setObjectName("stage-placeholder")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.enabled = False  # `kiosk run` and the benchmark turn it on
        self.index: int | None = None
        self.step = 0
        self._still = QPixmap()
        self._build = build
        self._timer = named_timer(self, "stage-build-pending", self.on_timer, 0)
        self.hide()

    def show_still(self, index: int, step: int, still: QPixmap, size: QSize) -> None:
        self.index, self.step, self._still = index, step, still
        self.setGeometry(QRect(0, 0, size.width(), size.height()))
        self.show()
        self.lower()  # under the overlays and the cover; nothing else is shown
        self.update()

    def frame_painted(self) -> None:
        """The stage painted and flushed a frame: the still is on screen."""
        if self.index is not None:
            self._timer.start()

    def on_timer(self) -> None:
        if self.index is not None:
            self._build(self.index, self.step)

    def cancel(self, *, hide: bool = True) -> int | None:
        """Nothing to build any more; the index the still stood for (None: none was up).
        hide=False: the stage hides it once the slide is in its place (same frame)."""
        index, self.index = self.index, None
        self._timer.stop()
        if hide:
            self.hide()
        return index

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(self.rect(), self._still)
        finally:
            painter.end()
