"""Video slide: a clip painted by the slide from a video sink, fitted like an image
(`contain` between heading and caption, `cover` the whole screen under a scrim).

Built ahead by the stage, the clip is opened and decoded to its first frame, paused;
`enter()` starts it once the stage has flushed the frame its slide appears with (on that
first frame, held). Until a first frame
exists the poster (or the theme background) shows: never black. The last frame is held at a
loop, a seek or an end. `media_ended` says the clip ended (`until_end`), `media_failed(why)`
that it cannot play (error, undecodable codec, stall): both end the slide (see
`kiosk.ui.video_events`, the one place that wires them to the rotation).
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QRect, Signal
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.model import VideoSlide
from kiosk.ui.slides.base import SlideBuildError, SlideContext, SlideView
from kiosk.ui.timers import named_timer
from kiosk.ui.video_events import media_events
from kiosk.ui.video_panel import VideoPanel
from kiosk.ui.video_remote import decoder_error

__all__ = ["FIRST_FRAME_WAIT_MS", "VideoSlideView"]

FIRST_FRAME_WAIT_MS = 3000  # `kiosk render` without a poster waits this long for a frame


class VideoSlideView(SlideView):
    slide: VideoSlide

    media_ended = Signal()
    media_failed = Signal(str)
    # the first frame is decoded (while built ahead): a transition picture grabbed before it
    # (the stage grabs one right after building) shows the poster or the background instead
    first_frame = Signal()

    def __init__(self, slide: VideoSlide, ctx: SlideContext, parent: QWidget | None = None) -> None:
        missing = decoder_error()
        if missing is not None:
            raise SlideBuildError(missing)
        super().__init__(slide, ctx, parent)
        t = self.theme
        c = t.content()
        cover = slide.fit == "cover"
        top = self.place_heading(slide.heading) if slide.heading else c.top()
        bottom = c.bottom() + 1
        if slide.caption:
            cap = self.label(slide.caption, "detail", t.text if cover else t.muted, min_scale=0.6)
            cap.setObjectName("caption")
            h = min(cap.needed(c.width()).height(), c.height() // 4)
            cap.fit(QRect(c.left(), bottom - h, c.width(), h))
            cap.move(c.left(), bottom - cap.height())
            bottom = cap.y() - t.px(28)
        self._scrims: list[QRect] = []
        if cover:
            self.video_rect = QRect(0, 0, ctx.size.width(), ctx.size.height())
            if slide.heading:
                self._scrims.append(QRect(0, 0, ctx.size.width(), top + t.px(40)))
            if slide.caption:
                y = bottom - t.px(40)
                self._scrims.append(QRect(0, y, ctx.size.width(), ctx.size.height() - y))
        else:
            self.video_rect = QRect(c.left(), top, c.width(), max(10, bottom - top))
        poster = QPixmap()
        if slide.poster:
            poster = self.pixmap(slide.poster, self.video_rect.size(), slide.fit)
        self.entered = False
        self.panel = VideoPanel(
            self,
            ctx.loaded.resolve(slide.video),
            self.video_rect,
            fit=slide.fit,
            poster=poster,
            loop=slide.loop and not slide.until_end,
            muted=slide.muted,
            start=slide.start,
            end=slide.end,
        )
        self.clip = self.panel.clip
        self.clip.frame.connect(self.on_clip_frame)
        self.clip.ended.connect(self.on_ended)
        self.clip.failed.connect(self.on_failed)

    # --- the stage's calls ---------------------------------------------------------------

    def enter(self) -> None:
        super().enter()
        self.entered = True
        if self.clip.error:  # failed while waiting ahead: end the slide now
            self.on_failed(self.clip.error)
            return
        self.panel.play()

    def finish(self) -> None:
        """`kiosk render`: the poster, else wait (briefly) for the first frame."""
        super().finish()
        if self.clip.image.isNull() and self.panel.poster.isNull() and not self.clip.error:
            loop = QEventLoop()
            limit = named_timer(self, "video-first-frame", loop.quit, FIRST_FRAME_WAIT_MS)
            self.clip.frame.connect(loop.quit)
            self.clip.failed.connect(loop.quit)
            limit.start()
            loop.exec()
            limit.stop()
            limit.deleteLater()
            self.clip.frame.disconnect(loop.quit)
            self.clip.failed.disconnect(loop.quit)

    def release(self) -> None:
        super().release()
        self.entered = False
        self.panel.release()

    # --- slots ---------------------------------------------------------------------------

    def on_clip_frame(self) -> None:
        if self.clip.frames == 1:
            self.first_frame.emit()

    def on_ended(self) -> None:
        if self.entered:
            self.media_ended.emit()
            media_events.ended.emit(self)

    def on_failed(self, reason: str) -> None:
        if self.entered:
            self.media_failed.emit(reason)
            media_events.failed.emit(self, reason)

    # --- painting ------------------------------------------------------------------------

    def opaque_under(self) -> QRect:
        return self.panel.opaque_rect()

    def paint_under(self, painter: QPainter) -> None:
        self.panel.paint(painter)
        for rect in self._scrims:
            g = QLinearGradient(0, rect.top(), 0, rect.bottom())
            dark = QColor(self.theme.background)
            at_top = rect.top() == 0
            dark.setAlpha(220)
            g.setColorAt(0.0 if at_top else 1.0, dark)
            dark.setAlpha(0)
            g.setColorAt(1.0 if at_top else 0.0, dark)
            painter.fillRect(rect, g)
