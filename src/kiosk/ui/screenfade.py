"""A fade from what the window shows, blended in place: no picture of the screen is kept.

A fade's frame at progress t is start·(1−t) + end·t. The window's backing store already holds
the previous frame, start·(1−t₀) + end·t₀, so blending `end` over it with opacity
(t−t₀)/(1−t₀) gives the next frame exactly, with one picture (the slide coming in) instead of
two. A fade used to keep a copy of the screen it began from: 7.9 MiB at 1080p, 32 MiB at 4K,
for as long as the display ran. Each frame also draws one picture instead of two.

What this needs, and how each is met:

- Qt leaves the backing store alone under the transition layer between its frames: the layer
  paints opaquely (`WA_OpaquePaintEvent`), so nothing under it is painted or cleared.
- Overlays drawn over the layer (the pills, the progress line) change the pixels under them:
  for each overlay's rectangle the fade keeps a piece of the screen as it was when the overlay
  first covered it (`_pieces`, a few KiB each) and paints that rectangle exactly from it.
- A repaint of part of the layer (an overlay changed, a clip under it drew a frame) paints
  only those pieces: the rest of the region still holds the last frame.
- A grab of the stage (the fleet's screenshot, `QWidget.grab`) paints into a new picture:
  it gets the frame the window shows now, and the pieces.

The blend is 8-bit in each frame, so a pixel can lag the exact fade by a few levels in the
middle of it (≤ 7 of 255 over 36 frames, measured against the exact mix in the tests) and is
exact at the end, which is the slide itself.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter, QPixmap, QRegion
from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken

__all__ = ["ScreenFade"]


class ScreenFade:
    """The state of one fade from the screen, for the transition layer that paints it."""

    def __init__(self, layer: QWidget) -> None:
        self._layer = layer
        self.active = False
        self._done = 0.0  # the progress the backing store shows
        self._pieces: list[tuple[QRect, QPixmap, float]] = []  # rect, screen there, at t

    def store_image(self) -> QImage | None:
        """The window's backing store, when it is a plain image of the whole stage."""
        stage = self._layer.parentWidget()
        if stage is None or not stage.isWindow():
            return None
        store = stage.backingStore()
        image = store.paintDevice() if store is not None else None
        if not isinstance(image, QImage) or image.isNull():
            return None
        if image.deviceIndependentSize().toSize() != stage.size():
            return None  # not (yet) this window's size: a resize is pending
        return image

    def begin(self) -> None:
        """The screen as it is now is the fade's start."""
        self.active = True
        self._done = 0.0
        self._pieces = []
        store = self.store_image()
        if store is not None:
            self._take_pieces(store)

    def end(self) -> None:
        self.active = False
        self._pieces = []

    def paint(self, painter: QPainter, region: QRegion, end: QPixmap, t: float) -> None:
        """Paint the layer's `region` at progress `t` towards `end`."""
        store = self.store_image()
        if store is None:
            if not end.isNull():
                painter.drawPixmap(0, 0, end)
            return
        if not _same(painter.paintEngine().paintDevice(), store):
            # a grab: the frame on screen now (its overlays are painted again over it)
            bounds = region.boundingRect()
            painter.save()
            painter.setClipRegion(region)
            painter.drawImage(bounds, store, _device(bounds, store.devicePixelRatio()))
            painter.restore()
            self._paint_pieces(painter, region, end)
            return
        self._take_pieces(store)
        whole = QRegion(self._layer.rect()).subtracted(region).isEmpty()
        if whole and not end.isNull() and t > self._done:
            step = _blendable(1.0 if t >= 1.0 else (t - self._done) / (1.0 - self._done))
            if step > 0.0:  # else too small a step to move a pixel: wait for the next
                painter.setOpacity(step)
                painter.drawPixmap(0, 0, end)
                painter.setOpacity(1.0)
                # what was blended, not what was asked: the next step makes up the rest
                self._done = 1.0 - (1.0 - self._done) * (1.0 - step)
        self._paint_pieces(painter, region, end)

    def _overlays(self) -> list[QRect]:
        """Where the widgets over the layer (overlays) are, on the layer."""
        stage = self._layer.parentWidget()
        if stage is None:
            return []
        siblings = [w for w in stage.children() if isinstance(w, QWidget)]
        try:
            above = siblings[siblings.index(self._layer) + 1 :]
        except ValueError:
            return []
        area = self._layer.rect()
        return [r for w in above if w.isVisible() and not (r := w.geometry() & area).isEmpty()]

    def _take_pieces(self, store: QImage) -> None:
        """A piece of the screen for each overlay rectangle no piece covers yet: what is
        under it now (the overlay is painted after the layer) is the fade at `_done`."""
        dpr = store.devicePixelRatio()
        for rect in self._overlays():
            if any(have.contains(rect) for have, _, _ in self._pieces):
                continue
            piece = QPixmap.fromImage(store.copy(_device(rect, dpr)))
            piece.setDevicePixelRatio(dpr)
            self._pieces.append((rect, piece, self._done))

    def _paint_pieces(self, painter: QPainter, region: QRegion, end: QPixmap) -> None:
        """Each piece's rectangle exactly: the screen there, mixed towards `end`."""
        if not self._pieces:
            return
        dpr = end.devicePixelRatio() if not end.isNull() else 1.0
        painter.save()
        for rect, piece, t0 in self._pieces:
            if not region.intersects(rect):
                continue
            painter.setClipRegion(region & QRegion(rect))
            painter.setOpacity(1.0)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.drawPixmap(rect.topLeft(), piece)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            mix = 1.0 if t0 >= 1.0 else (self._done - t0) / (1.0 - t0)
            if not end.isNull() and mix > 0.0:
                painter.setOpacity(mix)
                painter.drawPixmap(rect, end, _device(rect, dpr))
        painter.restore()


def _blendable(opacity: float) -> float:
    """The opacity Qt's raster engine blends with when asked for `opacity`: it keeps it as
    an integer of 256 (`qRound(opacity * 256)`) and blends 8-bit (`* 255 >> 8`). Steps of a
    fade are small (0.1 % at its start): asked for as they are, they were rounded away and
    the fade lagged 16 levels of 255 behind the exact mix."""
    if opacity >= 1.0:
        return 1.0
    return ((round(opacity * 256) * 255) >> 8) / 255.0


def _device(rect: QRect, dpr: float) -> QRect:
    """`rect` (logical pixels) in a picture's device pixels."""
    if dpr == 1.0:
        return QRect(rect)
    return QRect(
        round(rect.x() * dpr),
        round(rect.y() * dpr),
        round(rect.width() * dpr),
        round(rect.height() * dpr),
    )


def _same(a: Any, b: Any) -> bool:
    """Whether two Qt wrappers are the same C++ object."""
    try:
        return bool(Shiboken.getCppPointer(a)[0] == Shiboken.getCppPointer(b)[0])
    except (TypeError, RuntimeError):
        return False
