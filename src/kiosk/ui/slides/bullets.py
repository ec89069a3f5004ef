"""Bullets slide: a heading and 2–7 points, with optional icons and a side image.

With `reveal`, points appear one by one. Which step is on screen is the show's decision
(`kiosk.core.show`: the first point when the slide comes on, the rest over the first 60 % of
its time or as a person clicks); the view draws it (`show_step`); `finish()` shows them all.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.model import BulletsSlide
from kiosk.core.wall import clear_of_seams
from kiosk.ui.slides.base import SlideContext, SlideView
from kiosk.ui.text import TextLabel

__all__ = ["BulletsSlideView", "layout_points"]


def layout_points(
    view: SlideView,
    points: list[str],
    box: QRect,
    icons: list[QPixmap | None] | None = None,
    icon_paths: list[str | None] | None = None,
    max_scale: float = 1.0,
    center: bool = False,
) -> tuple[list[TextLabel], list[QRect], list[QPixmap | None]]:
    """Lay out points in `box`, one font size for all, as large as fits (≤ body × max_scale).

    With `center`, a list shorter than the box sits a little above its middle (the optical
    centre) instead of hanging from the top. On a video wall the list moves as little as it
    takes (inside the box) for the horizontal seams to fall between points, not through one.
    Returns the labels, the marker/icon rect of each point and the icon pixmaps.
    """
    t = view.theme
    with_icons = bool(icon_paths and any(icon_paths))
    labels = [view.label(p, "body") for p in points]
    scale = max_scale
    while True:
        font = t.font("body", scale)
        fm = QFontMetrics(font)
        lead = int(fm.height() * (1.5 if with_icons else 0.9))
        gap = int(fm.height() * 0.75)
        text_w = box.width() - lead
        heights = [lab.needed(text_w, font).height() for lab in labels]
        y = box.top()
        if center:
            free = box.height() - (sum(heights) + gap * (len(points) - 1))
            y += max(0, int(free * 0.4))
        if sum(heights) + gap * (len(points) - 1) <= box.height() or scale <= 0.4:
            shift = _seam_shift(view.ctx.seams_y, box, y, heights, gap)
            if shift is not None or scale <= 0.4:  # a wall's seams may ask for a smaller size
                y += shift or 0
                break
        scale -= 0.04
    markers: list[QRect] = []
    pixmaps: list[QPixmap | None] = []
    for i, lab in enumerate(labels):
        lab.base_font = font
        lab.setObjectName("point")
        lab.fit(QRect(box.left() + lead, y, text_w, max(heights[i], box.bottom() - y)))
        if with_icons:
            side = int(fm.height() * 1.1)
            rect = QRect(box.left(), y + (fm.height() - side) // 2, side, side)
            rel = icon_paths[i] if icon_paths else None
            pix = view.pixmap(rel, QSize(side, side)) if rel else None
            if pix is None:  # no icon for this point: the plain marker, centred in the column
                d = max(4, int(fm.height() * 0.22))
                rect = QRect(rect.center().x() - d // 2, rect.center().y() - d // 2, d, d)
            else:
                rect = QRect(
                    rect.x() + (side - pix.width()) // 2,
                    rect.y() + (side - pix.height()) // 2,
                    pix.width(),
                    pix.height(),
                )
            pixmaps.append(pix)
        else:
            d = max(4, int(fm.height() * 0.22))
            rect = QRect(box.left(), y + (fm.height() - d) // 2, d, d)
            pixmaps.append(None)
        markers.append(rect)
        y += lab.height() + gap
    return labels, markers, pixmaps


def _seam_shift(
    seams: tuple[tuple[int, int], ...], box: QRect, y: int, heights: list[int], gap: int
) -> int | None:
    """How far to move the points, starting at `y`, for a video wall's horizontal seams to
    fall between them (None: no way inside `box`; 0 without seams)."""
    if not seams:
        return 0
    tops = [y + sum(heights[:i]) + gap * i for i in range(len(heights))]
    spans = [(top, top + h) for top, h in zip(tops, heights, strict=True)]
    return clear_of_seams(spans, seams, (box.top(), box.bottom()), margin=max(2, gap // 6))


class BulletsSlideView(SlideView):
    slide: BulletsSlide

    def __init__(
        self, slide: BulletsSlide, ctx: SlideContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(slide, ctx, parent)
        t = self.theme
        c = t.content()
        top = self.place_heading(slide.heading)
        area = QRect(c.left(), top, c.width(), c.bottom() - top)
        self._image: QPixmap | None = None
        self._image_at = QRect()
        text_box = QRect(area)
        if slide.image:
            if t.portrait:
                img_box = QRect(
                    area.left(),
                    area.top() + int(area.height() * 0.58),
                    area.width(),
                    int(area.height() * 0.42),
                )
                text_box.setBottom(img_box.top() - t.gutter)
            else:
                img_w = int(area.width() * 0.38)
                img_box = QRect(area.right() + 1 - img_w, area.top(), img_w, area.height())
                text_box.setRight(img_box.left() - t.gutter * 2)
            self._image = self.pixmap(slide.image, img_box.size())
            self._image_at = QRect(
                img_box.left() + (img_box.width() - self._image.width()) // 2,
                img_box.top() + (img_box.height() - self._image.height()) // 2
                if t.portrait
                else img_box.top(),
                self._image.width(),
                self._image.height(),
            )
        self.points, self._markers, self._icons = layout_points(
            self,
            list(slide.points),
            text_box,
            icon_paths=list(slide.icons) if slide.icons else None,
            # 1.5 × 42 px = 63 px at 1080p: Qt's raster engine caches glyphs only up to 64 px
            # and draws larger text as paths on every paint (bench: 10 ms → 25 ms a switch)
            max_scale=1.5,
            center=True,
        )
        self.shown = 0 if slide.reveal else len(self.points)
        self._apply()

    def mirror_layout(self) -> None:
        super().mirror_layout()  # right to left: markers on the right of their points
        self._markers = [self.mirror_rect(r) for r in self._markers]
        self._image_at = self.mirror_rect(self._image_at)

    # --- reveal: the show decides the step, the view draws it --------------------------------

    def _apply(self) -> None:
        for i, lab in enumerate(self.points):
            lab.setVisible(i < self.shown)
        self.update()

    def show_step(self, step: int) -> None:
        if not self.slide.reveal:
            return
        shown = min(max(step, 0), len(self.points))
        if shown != self.shown:
            self.shown = shown
            self._apply()

    def finish(self) -> None:
        super().finish()
        self.shown = len(self.points)
        self._apply()

    def paint_under(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._image is not None:
            painter.drawPixmap(self._image_at.topLeft(), self._image)
        painter.setPen(self.theme.accent)
        painter.setBrush(self.theme.accent)
        for i, rect in enumerate(self._markers[: self.shown]):
            icon = self._icons[i]
            if icon is not None:
                painter.drawPixmap(rect.topLeft(), icon)
            else:
                painter.drawRect(rect)
