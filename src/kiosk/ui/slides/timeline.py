"""Timeline slide: dated milestones on a line; the highlighted one stands out.

Landscape: a horizontal line, one column per milestone, the date above the line and label and
detail below, left-aligned to the milestone's dot. Portrait: a vertical line with one row per
milestone. The line draws itself in on `enter()`; each milestone appears as it is reached.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from kiosk.core.model import TimelineSlide
from kiosk.core.wall import clear_of_seams
from kiosk.ui.langtext import SUB_SCALE, PairLabel
from kiosk.ui.seams import Block
from kiosk.ui.slides.base import SlideContext, SlideView
from kiosk.ui.text import TextLabel

__all__ = ["TimelineSlideView"]

DRAW_MS = 1400


class TimelineSlideView(SlideView):
    slide: TimelineSlide

    def __init__(
        self, slide: TimelineSlide, ctx: SlideContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(slide, ctx, parent)
        t = self.theme
        c = t.content()
        top = self.place_heading(slide.heading)
        bottom = self.place_footer([(slide.source, "source")])
        self.area = QRect(c.left(), top, c.width(), max(10, bottom - top))
        self.dot_r = t.px(14)
        self.dots: list[QPoint] = []
        self.groups: list[list[TextLabel]] = []
        self.progress = 1.0
        ms = slide.milestones
        self.dates = [
            self.label(m.date, "date", t.highlight if m.highlight else t.accent, min_scale=0.5)
            for m in ms
        ]
        self.labels = [self.label(m.label, "label", min_scale=0.5) for m in ms]
        self.details = [
            self.label(m.detail, "detail", t.muted, min_scale=0.5) if m.detail else None for m in ms
        ]
        for lab in self.dates:
            lab.setObjectName("date")
        for lab in self.labels:
            lab.setObjectName("milestone")
        for detail in self.details:
            if detail is not None:
                detail.setObjectName("detail")
        if t.portrait:
            self._layout_vertical()
        else:
            self._layout_horizontal()
        self.animate(self._draw, DRAW_MS)

    # --- layout ----------------------------------------------------------------------------

    def _common_font(self, labels: list[TextLabel], w: int, h: int) -> QFont:
        """The largest font in which every label of a row fits w×h (one size for all)."""
        fonts = [lab.fit_font(lab_box(w, h)) for lab in labels]
        return min(fonts, key=lambda f: f.pixelSize())

    def _layout_horizontal(self) -> None:
        t, a = self.theme, self.area
        n = len(self.dates)
        col = a.width() // n
        text_w = col - t.px(28)
        date_font = self._common_font(self.dates, text_w, t.px(48) * 2 + t.px(10))
        date_h = max(lab.needed(text_w, date_font).height() for lab in self.dates)
        details = [d for d in self.details if d is not None]
        # on a video wall the rows move off its seams; where they cannot (tall rows: a
        # translation under each label), labels and details take less room and try again
        for squeeze in (1.0, 0.8, 0.64, 0.5):
            below = int((a.height() - date_h - t.px(80)) * squeeze)
            label_font = self._common_font(self.labels, text_w, int(below * 0.45))
            label_h = max(lab.needed(text_w, label_font).height() for lab in self.labels)
            detail_font = (
                self._common_font(details, text_w, max(10, below - label_h - t.px(12)))
                if details
                else None
            )
            detail_h = max((d.needed(text_w, detail_font).height() for d in details), default=0)
            total = date_h + t.px(80) + label_h + (detail_h + t.px(12) if details else 0)
            y0 = a.top() + max(0, int((a.height() - total) * 0.42))
            if not self.ctx.seams_y:
                break
            label_top = y0 + date_h + t.px(80)
            spans = [(y0 + t.px(6), y0 + date_h + t.px(6)), (label_top, label_top + label_h)]
            if details:
                detail_top = label_top + label_h + t.px(12)
                spans.append((detail_top, detail_top + detail_h))
            room = (a.top(), a.bottom())
            shift = clear_of_seams(spans, self.ctx.seams_y, room, margin=t.px(8))
            if shift is not None:
                y0 += shift
                break
        self.line_y = y0 + date_h + t.px(40)
        self.line = (QPoint(a.left(), self.line_y), QPoint(a.right(), self.line_y))
        for i in range(n):
            x = a.left() + i * col
            self.dots.append(QPoint(x + self.dot_r, self.line_y))
            date = self.dates[i]
            date.base_font = date_font
            date.fit(QRect(x, y0, text_w, date_h))
            date.move(x, self.line_y - t.px(34) - date.height())
            group: list[TextLabel] = [date]
            y = self.line_y + t.px(40)
            lab = self.labels[i]
            lab.base_font = label_font
            y += lab.fit(QRect(x, y, text_w, label_h)) + t.px(12)
            group.append(lab)
            detail = self.details[i]
            if detail is not None and detail_font is not None:
                detail.base_font = detail_font
                detail.fit(QRect(x, y, text_w, detail_h))
                group.append(detail)
            self.groups.append(group)

    def _layout_vertical(self) -> None:
        t, a = self.theme, self.area
        n = len(self.dates)
        indent = self.dot_r * 2 + t.px(40)
        text_w = a.width() - indent
        row = a.height() // n
        x = a.left() + indent
        scale_boxes = []
        for i in range(n):
            parts = [self.dates[i], self.labels[i]] + ([self.details[i]] if self.details[i] else [])
            scale_boxes.append(parts)
        # one size per role: fit dates to one line, labels and details into what remains
        pair = 1 + SUB_SCALE + 0.15 if any(isinstance(d, PairLabel) for d in self.dates) else 1
        date_font = self._common_font(self.dates, text_w, int((t.px(48) + t.px(14)) * pair))
        date_h = max(d.needed(text_w, date_font).height() for d in self.dates)
        room = row - date_h - t.px(40)
        label_font = self._common_font(self.labels, text_w, max(10, int(room * 0.5)))
        label_h = max(lab.needed(text_w, label_font).height() for lab in self.labels)
        details = [d for d in self.details if d is not None]
        detail_font = (
            self._common_font(details, text_w, max(10, room - label_h - t.px(6)))
            if details
            else None
        )
        detail_h = max((d.needed(text_w, detail_font).height() for d in details), default=0)
        used = date_h + t.px(6) + label_h + (detail_h + t.px(6) if details else 0)
        natural = max(t.px(24), min(row - used, t.px(150)))
        line_x = a.left() + self.dot_r
        # on a video wall the seams fall between rows, or between the lines of one; where
        # the rows fill the area, they close up (a smaller gap between them) and try again
        for close in (1.0, 0.75, 0.5, 0.25):
            gap = max(t.px(8), int(natural * close))
            total = n * used + (n - 1) * gap
            y = a.top() + max(0, (a.height() - total) // 2)
            self.dots, self.groups = [], []
            for i in range(n):
                date = self.dates[i]
                date.base_font = date_font
                date.fit(QRect(x, y, text_w, date_h))
                self.dots.append(QPoint(line_x, y + date.height() // 2))
                group: list[TextLabel] = [date]
                yy = y + date_h + t.px(6)
                self.labels[i].base_font = label_font
                yy += self.labels[i].fit(QRect(x, yy, text_w, label_h)) + t.px(6)
                group.append(self.labels[i])
                detail = self.details[i]
                if detail is not None and detail_font is not None:
                    detail.base_font = detail_font
                    detail.fit(QRect(x, yy, text_w, detail_h))
                    group.append(detail)
                self.groups.append(group)
                y += used + gap
            block = Block([lab for g in self.groups for lab in g], (a.top(), a.bottom()))
            if self.clear_seams(block):  # each dot follows its date; pieces appear together
                self.groups = [[p for lab in g for p in block.pieces(lab)] for g in self.groups]  # type: ignore[misc]
                self.dots = [QPoint(line_x, d.y() + d.height() // 2) for d in self.dates]
                break
        self.line = (QPoint(line_x, self.dots[0].y()), QPoint(line_x, self.dots[-1].y() + gap // 2))

    def mirror_layout(self) -> None:
        """Right to left: the timeline is read from the right (its first date rightmost)."""
        super().mirror_layout()
        w = self.width()
        self.dots = [QPoint(w - p.x(), p.y()) for p in self.dots]
        a, b = self.line
        self.line = (QPoint(w - a.x(), a.y()), QPoint(w - b.x(), b.y()))

    # --- animation and painting ------------------------------------------------------------

    def _fraction(self, p: QPoint) -> float:
        (a, b) = self.line
        length = max(1, (b - a).manhattanLength())
        return (p - a).manhattanLength() / length

    def _draw(self, t: float) -> None:
        self.progress = t
        for dot, group in zip(self.dots, self.groups, strict=True):
            visible = t >= 1.0 or self._fraction(dot) <= t
            for lab in group:
                lab.setVisible(visible)
        self.update()

    def paint_under(self, painter: QPainter) -> None:
        t = self.theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        a, b = self.line
        end = a + (b - a) * self.progress
        track = QColor(t.muted)
        track.setAlpha(150)
        painter.setPen(QPen(track, t.px(4), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(a, end)
        for dot, m in zip(self.dots, self.slide.milestones, strict=True):
            if self.progress < 1.0 and self._fraction(dot) > self.progress:
                continue
            if m.highlight:
                ring = QColor(t.highlight)
                ring.setAlpha(70)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(ring)
                painter.drawEllipse(dot, self.dot_r * 2, self.dot_r * 2)
                painter.setBrush(t.highlight)
                painter.drawEllipse(dot, int(self.dot_r * 1.25), int(self.dot_r * 1.25))
            else:
                painter.setPen(QPen(t.accent, t.px(4)))
                painter.setBrush(t.background)
                painter.drawEllipse(dot, self.dot_r, self.dot_r)


def lab_box(w: int, h: int) -> QSize:
    from PySide6.QtCore import QSize

    return QSize(max(1, w), max(1, h))
