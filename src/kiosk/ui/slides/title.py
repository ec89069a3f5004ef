"""Title slide: kicker, big title, an accent rule, subtitle; optional logo and background image.

A title slide with its own logo does not also show the theme's corner logo (one mark a slide).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.model import TitleSlide
from kiosk.ui.seams import Block
from kiosk.ui.slides.base import SlideContext, SlideView
from kiosk.ui.text import TextLabel

__all__ = ["TitleSlideView"]


class TitleSlideView(SlideView):
    slide: TitleSlide

    def __init__(self, slide: TitleSlide, ctx: SlideContext, parent: QWidget | None = None) -> None:
        super().__init__(slide, ctx, parent)
        t = self.theme
        c = t.content()
        if slide.image:
            self._photo = self.pixmap(slide.image, ctx.size, "cover")
            self.compose_under(self._paint_photo)
        width = c.width() if t.portrait else int(c.width() * 0.78)
        placed: list[QWidget] = []
        y = 0
        self._slide_logo: QPixmap | None = None
        self._slide_logo_at = QRect()
        if slide.logo:
            # the slide's own logo stands for the deck's: the corner mark is not shown twice
            self._logo = None
            box = QSize(int(width * 0.6), t.px(150))
            self._slide_logo = self.pixmap(slide.logo, box)
            self._slide_logo_at = QRect(
                c.left(), y, self._slide_logo.width(), self._slide_logo.height()
            )
            y += self._slide_logo.height() + t.px(56)
        kicker: TextLabel | None = None
        if slide.kicker:
            kicker = self.label(slide.kicker, "kicker", t.accent, min_scale=0.6)
            kicker.setObjectName("kicker")
            y += kicker.fit(QRect(c.left(), y, width, t.px(30) * 4)) + t.px(26)
            placed.append(kicker)
        # on a video wall whose seam finds no gap between lines, the title a size smaller
        top_y, top_placed = y, list(placed)
        kicker_at = kicker.pos() if kicker is not None else None
        logo_at = QRect(self._slide_logo_at)
        for squeeze in (1.0, 0.85, 0.72, 0.6):
            block = self._stack(c, width, top_y, list(top_placed), squeeze)
            if self.clear_seams(block) or squeeze == 0.6:
                break
            for w in block.widgets[len(top_placed) :]:
                w.setParent(None)
                w.deleteLater()
            if kicker is not None and kicker_at is not None:
                kicker.move(kicker_at)
            self._slide_logo_at = QRect(logo_at)

    def _stack(self, c: QRect, width: int, y: int, placed: list[QWidget], squeeze: float) -> Block:
        """Title, rule and subtitle under what is `placed` (from `y`), the block centred in
        the content area a little above the middle; the title's room at `squeeze`."""
        t, slide = self.theme, self.slide
        title = self.label(slide.title, "title", min_scale=0.4)
        title.setObjectName("title")
        max_title = int(c.height() * (0.55 if slide.subtitle else 0.8))
        sub = None
        if slide.subtitle:
            sub = self.label(slide.subtitle, "subtitle", t.muted, min_scale=0.55)
            sub.setObjectName("subtitle")
            # the title leaves the subtitle (with its translation, stacked) room at its
            # smallest size: else a long bilingual title squeezed it to a few pixels
            smallest = QFont(sub.base_font)
            smallest.setPixelSize(round(sub.base_font.pixelSize() * sub.min_scale))
            need = sub.needed(int(width * 0.92), smallest).height()
            room = c.height() - y - t.px(80) - t.px(8) - need
            max_title = max(t.px(104), min(max_title, room))
        y += title.fit(QRect(c.left(), y, width, int(max_title * squeeze)))
        placed.append(title)
        y += t.px(40)
        self._rule = QRect(c.left(), y, t.px(128), t.px(8))
        y += self._rule.height() + t.px(40)
        if sub is not None:
            rest = max(t.px(44), c.height() - y)
            y += sub.fit(QRect(c.left(), y, int(width * 0.92), rest))
            placed.append(sub)
        # centre the block in the content area, a little above the middle
        dy = c.top() + max(0, int((c.height() - y) * 0.46))
        for w in placed:
            w.move(w.x(), w.y() + dy)
        self._rule.translate(0, dy)
        self._slide_logo_at.translate(0, dy)
        rects = [self._rule] + ([self._slide_logo_at] if self._slide_logo is not None else [])
        return Block(placed, (c.top(), c.bottom()), rects)

    def mirror_layout(self) -> None:
        super().mirror_layout()
        self._rule = self.mirror_rect(self._rule)
        self._slide_logo_at = self.mirror_rect(self._slide_logo_at)

    def _paint_photo(self, painter: QPainter) -> None:
        """The full-screen photo under a scrim that darkens it towards the text (at build)."""
        t = self.theme
        painter.drawPixmap(0, 0, self._photo)
        scrim = (
            QLinearGradient(0, 0, self.width(), 0)
            if not t.portrait
            else QLinearGradient(0, self.height(), 0, 0)
        )
        dark = QColor(t.background)
        dark.setAlpha(235)
        scrim.setColorAt(0.0, dark)
        dark.setAlpha(150)
        scrim.setColorAt(0.65, dark)
        dark.setAlpha(70)
        scrim.setColorAt(1.0, dark)
        painter.fillRect(self.rect(), scrim)

    def paint_under(self, painter: QPainter) -> None:
        t = self.theme
        if self._slide_logo is not None:
            painter.drawPixmap(self._slide_logo_at.topLeft(), self._slide_logo)
        painter.fillRect(self._rule, t.accent)
