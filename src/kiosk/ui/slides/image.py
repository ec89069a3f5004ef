"""Image slide: an SVG, PNG or JPEG, never stretched: `contain` fits it inside the area
between heading and caption, `cover` fills the whole screen (cropped) under a scrim."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.model import ImageSlide
from kiosk.ui.slides.base import SlideContext, SlideView

__all__ = ["ImageSlideView"]


class ImageSlideView(SlideView):
    slide: ImageSlide

    def __init__(self, slide: ImageSlide, ctx: SlideContext, parent: QWidget | None = None) -> None:
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
            self.image_rect = QRect(0, 0, ctx.size.width(), ctx.size.height())
            if slide.heading:
                self._scrims.append(QRect(0, 0, ctx.size.width(), top + t.px(40)))
            if slide.caption:
                self._scrims.append(
                    QRect(
                        0,
                        bottom - t.px(40),
                        ctx.size.width(),
                        ctx.size.height() - bottom + t.px(40),
                    )
                )
        else:
            self.image_rect = QRect(c.left(), top, c.width(), max(10, bottom - top))
        self._pixmap: QPixmap = self.pixmap(slide.image, self.image_rect.size(), slide.fit)
        r = self.image_rect
        self.image_at = QRect(
            r.left() + (r.width() - self._pixmap.width()) // 2,
            r.top() + (r.height() - self._pixmap.height()) // 2,
            self._pixmap.width(),
            self._pixmap.height(),
        )

        self.compose_under(self._paint_image)

    def _paint_image(self, painter: QPainter) -> None:
        """The image, and the scrims that keep heading and caption readable (at build)."""
        painter.drawPixmap(self.image_at.topLeft(), self._pixmap)
        for rect in self._scrims:
            g = QLinearGradient(0, rect.top(), 0, rect.bottom())
            dark = QColor(self.theme.background)
            at_top = rect.top() == 0
            dark.setAlpha(220)
            g.setColorAt(0.0 if at_top else 1.0, dark)
            dark.setAlpha(0)
            g.setColorAt(1.0 if at_top else 0.0, dark)
            painter.fillRect(rect, g)
