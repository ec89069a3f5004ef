"""Pie and donut charts, painted with QPainter (pyqtgraph has no pie item).

Slices start at 12 o'clock and run clockwise; the highlighted slice is pulled out a little
and drawn in the theme's highlight colour; slices wide enough carry their percentage. The
legend (labels with values and percentages) is made of labels by `charts.ChartView`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.ui.theme import Theme, contrast_text

__all__ = ["PieView", "percent_text"]


def percent_text(fraction: float) -> str:
    pct = fraction * 100
    if pct != 0 and abs(pct) < 1:
        return f"{pct:.1f}%"
    return f"{pct:.0f}%"


class PieView(QWidget):
    """Slices of `values` (negative values count as 0), growing in with `set_progress`."""

    def __init__(
        self,
        values: list[float],
        colors: list[QColor],
        highlight: int | None,
        donut: bool,
        theme: Theme,
        parent: QWidget | None = None,
        center_text: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.values = [max(0.0, v) for v in values]
        self.total = sum(self.values)
        self.colors = colors
        self.highlight = highlight
        self.donut = donut
        self.theme = theme
        self.center_text = center_text
        self.progress = 1.0
        self._pct_font: QFont = theme.font("value")
        self._center_font: QFont = theme.font("date", 1.3)
        self._center_small: QFont = theme.font("detail")

    def set_progress(self, t: float) -> None:
        if t != self.progress:
            self.progress = t
            self.update()

    def fractions(self) -> list[float]:
        return [v / self.total if self.total else 0.0 for v in self.values]

    def disc(self) -> QRectF:
        """The circle the slices fill (before the highlighted slice is pulled out)."""
        pull = self.theme.px(18)
        side = min(self.width(), self.height()) - 2 * pull
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def slice_center(self, index: int, radius: float | None = None) -> QPointF:
        """A point inside slice `index`: at its label, or at `radius` (0..1 of the disc)."""
        start = 90.0
        for i, f in enumerate(self.fractions()):
            span = -360.0 * f
            if i == index:
                r = self._label_radius() if radius is None else radius * self.disc().width() / 2
                return self._polar(start + span / 2, r)
            start += span
        return self.disc().center()

    def _label_radius(self) -> float:
        r = self.disc().width() / 2
        return r * (0.79 if self.donut else 0.64)

    def _polar(self, degrees: float, radius: float, origin: QPointF | None = None) -> QPointF:
        c = origin or self.disc().center()
        a = math.radians(degrees)
        return QPointF(c.x() + radius * math.cos(a), c.y() - radius * math.sin(a))

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.total <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        disc = self.disc()
        r = disc.width() / 2
        inner = r * 0.58 if self.donut else 0.0
        sweep_total = 360.0 * self.progress
        start = 90.0
        gap = QPen(self.theme.background, self.theme.px(4))
        labels: list[tuple[QPointF, str, QColor]] = []
        for i, f in enumerate(self.fractions()):
            span = -min(360.0 * f, max(0.0, sweep_total - (start - 90.0) * -1))
            if f <= 0 or span == 0:
                continue
            color = (
                self.theme.highlight if i == self.highlight else self.colors[i % len(self.colors)]
            )
            center = disc.center()
            if i == self.highlight:
                center = self._polar(start + span / 2, self.theme.px(18))
            path = _ring_slice(center, r, inner, start, span)
            painter.setPen(gap)
            painter.setBrush(color)
            painter.drawPath(path)
            if self.progress >= 1.0 and 360.0 * f >= 16:
                at = self._polar(start + span / 2, self._label_radius(), center)
                labels.append((at, percent_text(f), contrast_text(color)))
            start += span
        painter.setFont(self._pct_font)
        fm = QFontMetrics(self._pct_font)
        for at, text, color in labels:
            painter.setPen(color)
            w, h = fm.horizontalAdvance(text) + 4, fm.height()
            painter.drawText(
                QRectF(at.x() - w / 2, at.y() - h / 2, w, h), Qt.AlignmentFlag.AlignCenter, text
            )
        if self.donut and self.center_text and self.progress >= 1.0:
            big, small = self.center_text
            box = QRect(0, 0, int(inner * 1.5), int(inner * 1.5))
            box.moveCenter(disc.center().toPoint())
            painter.setPen(self.theme.text)
            painter.setFont(self._center_font)
            fmb = QFontMetrics(self._center_font)
            top = box.center().y() - (fmb.height() + QFontMetrics(self._center_small).height()) // 2
            painter.drawText(
                QRect(box.left(), top, box.width(), fmb.height()), Qt.AlignmentFlag.AlignCenter, big
            )
            painter.setFont(self._center_small)
            painter.setPen(self.theme.muted)
            fms = QFontMetrics(self._center_small)
            line = fms.elidedText(small, Qt.TextElideMode.ElideRight, box.width())
            painter.drawText(
                QRect(box.left(), top + fmb.height(), box.width(), fms.height()),
                Qt.AlignmentFlag.AlignCenter,
                line,
            )
        painter.end()


def _ring_slice(c: QPointF, r: float, inner: float, start: float, span: float) -> QPainterPath:
    outer = QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)
    path = QPainterPath()
    if inner <= 0:
        path.moveTo(c)
        path.arcTo(outer, start, span)
    else:
        hole = QRectF(c.x() - inner, c.y() - inner, 2 * inner, 2 * inner)
        path.arcMoveTo(outer, start)
        path.arcTo(outer, start, span)
        path.arcTo(hole, start + span, -span)
    path.closeSubpath()
    return path
