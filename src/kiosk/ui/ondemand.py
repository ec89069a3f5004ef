"""A press onto a slide that is not built yet: its still at once, the live slide a frame later.

The pool builds the next slide ahead, 120 ms after a switch has painted; a presenter pressing
faster than that lands on slides built on demand, and a build (a chart: 20-35 ms) used to
block the frame that acknowledged the press. When the stage has a still of that slide (the
picture the pool painted when it last built the slide ahead, kept small: `StillCache`), it
shows the still at once over the whole screen (`Placeholder`), lets that frame be painted,
then builds the slide and swaps it in at the same geometry in one frame.

The stills are kept as JPEG (quality 90, ~25-55 KiB at 640x360 for the bundled deck's
slides) and decoded when a press needs one (~1.5 ms): as pixels they took 0.9 MiB each,
16 MiB for one loop of the bundled deck on a rotating display.

A slide never shown before has no still and is built at once, as before (its first showing
comes from the build ahead in any ordinary run). Failures are the same: the pool reports
them (`failed`) and the show moves on.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.ui.timers import named_timer

__all__ = ["STILL_BUDGET_BYTES", "STILL_QUALITY", "STILL_WIDTH", "Placeholder", "StillCache"]

STILL_WIDTH = 640  # px: a third of 1080p; shown for one frame or two, then swapped
STILL_BUDGET_BYTES = 4 * 1024 * 1024  # encoded: ~100 slides at 640×360
STILL_QUALITY = 90  # JPEG: text edges stay clean at the size it is shown for a frame


class StillCache:
    """Small pictures of slides, by index and languages, kept encoded (JPEG) and bounded in
    encoded bytes (oldest out); `get` decodes one."""

    def __init__(self, budget: int = STILL_BUDGET_BYTES, width: int = STILL_WIDTH) -> None:
        self.budget = budget
        self.width = width
        self._items: OrderedDict[tuple[int, tuple[str, ...]], QByteArray] = OrderedDict()
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
        data = _encode(small)
        key = (index, languages)
        self._drop(key)
        if data.isEmpty():
            return
        self._items[key] = data
        self._bytes += data.size()
        while self._bytes > self.budget and self._items:
            self._drop(next(iter(self._items)))

    def get(self, index: int, languages: tuple[str, ...]) -> QPixmap | None:
        key = (index, languages)
        data = self._items.get(key)
        if data is None:
            return None
        self._items.move_to_end(key)
        still = QPixmap()
        return still if still.loadFromData(data, "JPG") else None

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0

    def _drop(self, key: tuple[int, tuple[str, ...]]) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= old.size()


def _encode(pixmap: QPixmap) -> QByteArray:
    """The picture as JPEG (empty when it cannot be encoded: the press then builds at once)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = pixmap.save(buffer, "JPG", STILL_QUALITY)
    buffer.close()
    return data if ok else QByteArray()


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
