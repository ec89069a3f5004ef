"""A clip in a rectangle of a slide: what video slides and split slides' video media share.

The panel owns a `RemoteClip` (decoded in its own process, opened paused on its first
frame), repaints only its own rectangle of the slide when a frame arrives, and paints the
frame fitted (`contain` / `cover`, never stretched) or, until the first frame exists, the
poster.

`play()` starts the clip once the stage has flushed the frame that shows the slide (its
first frame, held while built ahead): FFmpeg's reader and decoder threads then start after
that frame, not beside it on a machine of two cores.
"""

from __future__ import annotations

import logging
import math
import weakref
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.ui.timers import named_timer
from kiosk.ui.video_remote import RemoteClip, decoder_error

__all__ = ["VideoPanel", "fit_rects", "video_missing_once"]

log = logging.getLogger("kiosk.video")
_told = False
AFTER_FRAME_MS = 100  # no frame flushed by then (nothing to repaint): play anyway


def video_missing_once() -> str | None:
    """`decoder_error()`, logged once per process when a slide falls back to its poster."""
    global _told
    missing = decoder_error()
    if missing is not None and not _told:
        _told = True
        log.error("%s; showing the posters instead", missing)
    return missing


def fit_rects(source: QRect, box: QRect, fit: str) -> tuple[QRectF, QRectF]:
    """(target, source) rectangles drawing a `source`-sized picture into `box`, never
    stretched: `contain` letterboxes inside it, `cover` fills it and crops the source."""
    sw, sh = max(1, source.width()), max(1, source.height())
    scale_w, scale_h = box.width() / sw, box.height() / sh
    if fit == "cover":
        scale = max(scale_w, scale_h)
        cw, ch = box.width() / scale, box.height() / scale
        return QRectF(box), QRectF((sw - cw) / 2, (sh - ch) / 2, cw, ch)
    scale = min(scale_w, scale_h)
    w, h = sw * scale, sh * scale
    target = QRectF(box.left() + (box.width() - w) / 2, box.top() + (box.height() - h) / 2, w, h)
    return target, QRectF(0, 0, sw, sh)


class VideoPanel(QObject):
    """Plays `path` into `rect` of `view`."""

    def __init__(
        self,
        view: QWidget,
        path: Path,
        rect: QRect,
        *,
        fit: str = "contain",
        poster: QPixmap | None = None,
        loop: bool = True,
        muted: bool = True,
        start: float = 0.0,
        end: float | None = None,
    ) -> None:
        super().__init__(view)
        self.setObjectName("video-panel")
        # the view only as the Qt parent: `self.view = view` beside the view's own reference
        # to its panel was a reference cycle, and each clip slide left its frames (MiBs) to
        # the garbage collector, which runs its full collections rarely (+50 MiB in 12 h)
        self._view = weakref.ref(view)
        self.rect = QRect(rect)
        self.fit = fit
        self.poster = poster if poster is not None else QPixmap()
        self._painted_at = QRect()
        self.wanted = False  # the slide is on: play, unless a cover hides it
        self._waiting_frame = False  # play() asked; the clip starts after the next frame
        self._fallback = named_timer(self, "video-after-frame", self._start, AFTER_FRAME_MS)
        # built ahead, the clip keeps its first frame and closes its decoder until play()
        self.clip = RemoteClip(
            path, loop=loop, muted=muted, start=start, end=end, hold=True, parent=self
        )
        self.clip.frame.connect(self.on_frame)
        # a black/white cover (B, `.`, display hours off) over the stage hides the slide:
        # pause decoding under it instead of playing to no one all night
        self._cover: QWidget | None = getattr(view.parentWidget(), "cover", None)
        if self._cover is not None:
            self._cover.installEventFilter(self)

    def play(self) -> None:
        """The slide is on screen: play once its frame is flushed (or the cover lifts)."""
        self.wanted = True
        view = self._view()
        painted = getattr(view.window(), "frame_painted", None) if view is not None else None
        if painted is None:  # not on a stage (a test's bare view): at once
            self._start()
            return
        if not self._waiting_frame:
            self._waiting_frame = True
            painted.connect(self._start, Qt.ConnectionType.SingleShotConnection)
            self._fallback.start()

    def _start(self) -> None:
        self._fallback.stop()
        self._waiting_frame = False
        if not self.wanted or self.clip.released:
            return
        if self._cover is None or not self._cover.isVisible():
            self.clip.play()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._cover and self.wanted and not self.clip.error:
            if event.type() == QEvent.Type.Show and self.clip.playing:
                self.clip.pause()
            elif event.type() == QEvent.Type.Hide and not self.clip.playing and not self.clip.done:
                self.clip.play()
        return False

    def on_frame(self) -> None:
        target, _ = fit_rects(self.clip.image.rect(), self.rect, self.fit)
        dirty = target.toAlignedRect()
        view = self._view()
        if view is not None:
            view.update(dirty if dirty == self._painted_at else dirty.united(self._painted_at))

    def opaque_rect(self) -> QRect:
        """The whole pixels the frame covers when it is opaque (the slide paints no background
        under them: at every frame that was a second blit of the clip's area)."""
        image = self.clip.image
        if image.isNull() or image.hasAlphaChannel():
            return QRect()
        target, _ = fit_rects(image.rect(), self.rect, self.fit)
        left, top = math.ceil(target.left()), math.ceil(target.top())
        right, bottom = math.floor(target.right()), math.floor(target.bottom())
        return QRect(left, top, right - left, bottom - top).intersected(self.rect)

    def paint(self, painter: QPainter) -> None:
        image = self.clip.image
        if not image.isNull():
            target, source = fit_rects(image.rect(), self.rect, self.fit)
            painter.save()
            painter.setClipRect(self.rect)
            painter.drawImage(target, image, source)
            painter.restore()
            self._painted_at = target.toAlignedRect()
        elif not self.poster.isNull():
            r, p = self.rect, self.poster
            painter.drawPixmap(
                r.left() + (r.width() - p.width()) // 2, r.top() + (r.height() - p.height()) // 2, p
            )

    def release(self) -> None:
        self.wanted = False
        self._fallback.stop()
        if self._cover is not None:
            self._cover.removeEventFilter(self)
            self._cover = None
        self.clip.release()
