"""Split slide: a heading, then text (a paragraph and/or points) beside an image or chart.

media_side puts the media left or right; on portrait screens the text sits above the media.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.model import SplitSlide
from kiosk.ui.seams import Block
from kiosk.ui.slides.base import SlideContext, SlideView
from kiosk.ui.slides.bullets import layout_points

__all__ = ["SplitSlideView"]

GROW_MS = 1100


class SplitSlideView(SlideView):
    slide: SplitSlide

    def __init__(self, slide: SplitSlide, ctx: SlideContext, parent: QWidget | None = None) -> None:
        super().__init__(slide, ctx, parent)
        t = self.theme
        c = t.content()
        top = self.place_heading(slide.heading)
        footer = [(slide.source, "source")]
        if slide.chart is not None:
            footer = [(slide.chart.note, "note"), (slide.chart.source, "chart-source"), *footer]
        bottom = self.place_footer(footer)
        area = QRect(c.left(), top, c.width(), max(10, bottom - top))
        if t.portrait:
            text_box = QRect(area.left(), area.top(), area.width(), int(area.height() * 0.42))
        else:
            text_w = (area.width() - 2 * t.gutter) * 5 // 12
            left = area.left() if slide.media_side == "right" else area.right() + 1 - text_w
            text_box = QRect(left, area.top(), text_w, area.height())
        used = self._text_column(text_box)
        if t.portrait:
            media = QRect(
                area.left(),
                area.top() + used + t.gutter,
                area.width(),
                area.height() - used - t.gutter,
            )
        else:
            media_w = area.width() - text_box.width() - 2 * t.gutter
            left = area.right() + 1 - media_w if slide.media_side == "right" else area.left()
            media = QRect(left, area.top(), media_w, area.height())
        self.media_rect = media
        self._image: QPixmap | None = None
        self._image_at = QRect()
        self.chart = None
        if slide.image:
            self._image = self.pixmap(slide.image, media.size())
            self._image_at = QRect(
                media.left() + (media.width() - self._image.width()) // 2,
                media.top() + (media.height() - self._image.height()) // 2,
                self._image.width(),
                self._image.height(),
            )
        self.video = None
        if slide.video:
            from kiosk.ui.video_panel import VideoPanel, video_missing_once

            if video_missing_once() is None:  # else the image (the poster) stays
                poster, self._image = self._image, None
                self.video = VideoPanel(self, ctx.loaded.resolve(slide.video), media, poster=poster)
        elif slide.chart is not None:
            from kiosk.core.chartlang import localize_chart
            from kiosk.ui.charts import ChartView

            spec, data = localize_chart(
                slide.chart, ctx.loaded.chart_data(slide.chart), self.languages, self._fallback
            )
            self.chart = ChartView(spec, data, t, QSize(media.size()), self, markup=self.markup)
            self.chart.move(media.topLeft())
            self.animate(self.chart.set_progress, GROW_MS)

    def _text_column(self, box: QRect) -> int:
        """Paragraph and points in `box`; returns the height used. On a video wall whose
        seam cannot fall between their lines, they are laid out again a little smaller."""
        for squeeze in (1.0, 0.9, 0.8, 0.7):
            y, block = self._text_parts(box, squeeze)
            if block is None or self.clear_seams(block) or squeeze == 0.7:
                break
            for w in block.widgets:  # again, smaller
                w.setParent(None)
                w.deleteLater()
        if block is not None:
            y = max(w.geometry().bottom() + 1 for w in block.widgets)
        return y - box.top()

    def _text_parts(self, box: QRect, squeeze: float) -> tuple[int, Block | None]:
        """Paragraph and points laid out in `box` (the paragraph at `squeeze` of its room):
        the y below them and the block they make (None: no text)."""
        t = self.theme
        y = box.top()
        parts: list[QWidget] = []
        if self.slide.text:
            para = self.label(self.slide.text, "body", min_scale=0.4)
            para.setObjectName("text")
            parts.append(para)
            share = (0.45 if self.slide.points else 1.0) * squeeze
            y += para.fit(QRect(box.left(), y, box.width(), int(box.height() * share)))
            y += t.px(40)
        self._markers: list[QRect] = []
        self._icons: list[QPixmap | None] = []
        if self.slide.points:
            rest = QRect(box.left(), y, box.width(), box.bottom() - y)
            labels, self._markers, self._icons = layout_points(self, list(self.slide.points), rest)
            parts += labels
        if not parts:
            return y, None
        return y, Block(parts, (box.top(), box.bottom()), self._markers)

    def mirror_layout(self) -> None:
        super().mirror_layout()  # right to left: the media side and the markers mirrored
        self._markers = [self.mirror_rect(r) for r in self._markers]
        self._image_at = self.mirror_rect(self._image_at)
        self.media_rect = self.mirror_rect(self.media_rect)

    def enter(self) -> None:
        super().enter()
        if self.video is not None:
            self.video.play()

    def release(self) -> None:
        super().release()
        if self.chart is not None:
            self.chart.release()
        if self.video is not None:
            self.video.release()

    def opaque_under(self) -> QRect:
        return self.video.opaque_rect() if self.video is not None else QRect()

    def paint_under(self, painter: QPainter) -> None:
        if self.video is not None:
            self.video.paint(painter)
        if self._image is not None:
            painter.drawPixmap(self._image_at.topLeft(), self._image)
        painter.setPen(self.theme.accent)
        painter.setBrush(self.theme.accent)
        for rect in self._markers:
            painter.drawRect(rect)
