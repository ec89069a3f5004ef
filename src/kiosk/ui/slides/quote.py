"""Quote slide: the quotation in large type under a typographic quote mark, speaker, role,
and an optional portrait or logo beside it (above it on portrait screens)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.model import QuoteSlide
from kiosk.ui.seams import Block
from kiosk.ui.slides.base import SlideContext, SlideView
from kiosk.ui.text import GlyphMark

__all__ = ["QuoteSlideView"]


class QuoteSlideView(SlideView):
    slide: QuoteSlide

    def __init__(self, slide: QuoteSlide, ctx: SlideContext, parent: QWidget | None = None) -> None:
        super().__init__(slide, ctx, parent)
        t = self.theme
        c = t.content()
        box = QRect(c)
        self._image: QPixmap | None = None
        self._image_at = QRect()
        if slide.image:
            if t.portrait:
                img_box = QRect(c.left(), c.top() + t.px(40), c.width(), int(c.height() * 0.26))
                box.setTop(img_box.bottom() + t.px(48))
            else:
                w = int(c.width() * 0.3)
                img_box = QRect(c.right() + 1 - w, c.top() + t.px(60), w, c.height() - t.px(60))
                box.setRight(img_box.left() - 2 * t.gutter)
            self._image = self.pixmap(slide.image, img_box.size())
            self._image_at = QRect(
                img_box.left() + (img_box.width() - self._image.width()) // 2,
                img_box.top() + (img_box.height() - self._image.height()) // 2,
                self._image.width(),
                self._image.height(),
            )
        # the quote mark: a glyph of the theme font drawn as artwork (not playlist text), as
        # large as its ink, flush with the text margin whatever font supplies the glyph
        mark = GlyphMark("\u201c", t.font("title", 2.6), t.accent, self)
        mark.setObjectName("quote-mark")
        mark_h = mark.height()
        mark_gap = t.px(48) if mark_h else 0
        width = box.width() if t.portrait or slide.image else int(box.width() * 0.86)
        text = self.label(slide.text, "quote", min_scale=0.4)
        text.setObjectName("quote")
        speaker = self.label(
            self.around(slide.speaker, "\u2014 {}" if not self.markup else "&mdash; {}"),
            "label",
            t.accent,
            min_scale=0.6,
        )
        speaker.setObjectName("speaker")
        role = self.label(slide.role, "detail", t.muted, min_scale=0.6) if slide.role else None
        if role is not None:
            role.setObjectName("role")
        attrib_h = speaker.needed(width).height() + (
            role.needed(width).height() + t.px(8) if role else 0
        )
        room = box.height() - mark_h - mark_gap - attrib_h - t.px(48)
        parts: list[QWidget] = [w for w in (mark, text, speaker, role) if w is not None]
        # on a video wall whose seams find no gap between lines, the quote a size smaller
        for squeeze in (1.0, 0.88, 0.76, 0.64):
            fit_h = max(t.px(64), int(room * squeeze))
            text_h = text.fit(QRect(box.left(), 0, width, fit_h))
            total = mark_h + mark_gap + text_h + t.px(48) + attrib_h
            y = box.top() + max(0, (box.height() - total) // 2)
            mark.move(box.left(), y)
            mark.lower()
            y += mark_h + mark_gap
            text.move(box.left(), y)
            y += text_h + t.px(48)
            y += speaker.fit(QRect(box.left(), y, width, max(10, box.bottom() - y))) + t.px(8)
            if role is not None:
                role.fit(QRect(box.left(), y, width, max(10, box.bottom() - y)))
            if self.clear_seams(Block(parts, (box.top(), box.bottom()))):
                break

    def mirror_layout(self) -> None:
        super().mirror_layout()
        self._image_at = self.mirror_rect(self._image_at)

    def paint_under(self, painter: QPainter) -> None:
        if self._image is not None:
            painter.drawPixmap(self._image_at.topLeft(), self._image)
