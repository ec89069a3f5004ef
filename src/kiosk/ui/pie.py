"""Pie and donut charts, painted with QPainter (the house style of every chart: `plotarea`).

Slices start at 12 o'clock and run clockwise; the highlighted slice is pulled out a little
and drawn in the theme's highlight colour; slices wide enough carry their percentage. The
legend (labels with values and percentages) is made of plain-text labels beside it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.core.numbers import format_value, percent_text, whole
from kiosk.ui.chartkit import ChartCanvas, ChartKind
from kiosk.ui.text import TextLabel
from kiosk.ui.theme import Theme, contrast_text

MAX_PIE_SLICES = 8

__all__ = ["PieChart", "PieView"]


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


class PieChart(ChartKind):
    """A pie or donut with its legend (labels, values, percentages) on the canvas."""

    def __init__(self, canvas: ChartCanvas) -> None:
        super().__init__(canvas)
        c = canvas
        t = c.theme
        labels = list(c.data.labels)
        values = list(c.data.series[0][1]) if c.data.series else []
        highlight = c.data.highlight
        if len(values) > MAX_PIE_SLICES:  # the rest as one "Other" slice
            order = sorted(range(len(values)), key=lambda i: -values[i])
            top = order[: MAX_PIE_SLICES - 1]
            extra = [highlight] if highlight is not None and highlight not in top else []
            keep = sorted(top + extra)[: MAX_PIE_SLICES - 1]
            other = sum(v for i, v in enumerate(values) if i not in keep)
            highlight = keep.index(highlight) if highlight in keep else None
            labels = [labels[i] for i in keep] + ["Other"]
            values = [values[i] for i in keep] + [other]
        portrait = c.height() > c.width() * 0.9
        top_y = 0
        title = c.value_title()
        if title:
            lab = c.title_label(title, "y_title")
            top_y += lab.fit(QRect(0, 0, c.width(), t.px(32) * 3)) + t.px(14)
        area = QRect(0, top_y, c.width(), c.height() - top_y)
        if portrait:
            side = min(area.width(), int(area.height() * 0.56))
            pie_rect = QRect(area.left() + (area.width() - side) // 2, area.top(), side, side)
            legend = QRect(
                area.left(),
                pie_rect.bottom() + t.px(40),
                area.width(),
                area.bottom() - pie_rect.bottom() - t.px(40),
            )
        else:
            side = min(area.height(), int(area.width() * 0.48))
            pie_rect = QRect(area.left(), area.top() + (area.height() - side) // 2, side, side)
            left = pie_rect.right() + t.px(72)
            legend = QRect(left, area.top(), area.right() - left, area.height())
        total = sum(max(0.0, v) for v in values)
        center = None
        if highlight is not None and total > 0:
            center = (percent_text(max(0.0, values[highlight]) / total), labels[highlight])
        self.colors = _spread(c.colors, len(values))
        self.pie = PieView(values, self.colors, highlight, c.kind == "donut", t, c, center)
        self.pie.setGeometry(pie_rect)
        self._legend(labels, values, total, highlight, legend)

    def _legend(
        self,
        labels: list[str],
        values: list[float],
        total: float,
        highlight: int | None,
        box: QRect,
    ) -> None:
        c = self.canvas
        t = c.theme
        rows = len(labels)
        scale = 1.0
        while True:
            name_font, value_font = t.font("body", scale), t.font("detail", scale)
            row_h = (
                QFontMetrics(name_font).height()
                + QFontMetrics(value_font).height()
                + t.px(22 * scale)
            )
            if row_h * rows <= box.height() or t.at_minimum(value_font):
                break
            scale -= 0.05
        y = box.top() + max(0, (box.height() - row_h * rows) // 2)
        sw = QFontMetrics(name_font).ascent()
        for i, (name, v) in enumerate(zip(labels, values, strict=True)):
            color = t.highlight if i == highlight else self.colors[i % len(self.colors)]
            fmh = QFontMetrics(name_font).height()
            c.add_swatch(QRect(box.left(), y + (fmh - sw) // 2, sw, sw), color)
            x = box.left() + sw + t.px(20)
            name_lab = TextLabel(
                name,
                name_font,
                t.highlight if i == highlight else t.text,
                c,
                markup=c.markup,
                wrap=False,
                min_scale=t.min_scale(name_font),
            )
            name_lab.setObjectName("legend")
            name_lab.fit(QRect(x, y, box.right() - x, fmh))
            pct = percent_text(max(0.0, v) / total) if total else ""
            # a whole number is written whole ("40 · 40%"), whatever its neighbours' decimals
            value = format_value(v, 0 if whole(v) else c.decimals, c.spec.unit)
            shown = value if c.spec.unit == "%" else f"{value} \u00b7 {pct}"
            val_lab = TextLabel(
                shown, value_font, t.muted, c, wrap=False, min_scale=t.min_scale(value_font)
            )
            val_lab.setObjectName("legend-value")
            val_lab.fit(QRect(x, y + fmh, box.right() - x, QFontMetrics(value_font).height()))
            y += row_h

    def set_progress(self, t: float) -> None:
        self.pie.set_progress(t)

    def value_point(self, index: int, series: int = 0) -> QPoint:
        return self.pie.mapTo(self.canvas, self.pie.slice_center(index, 0.94).toPoint())


def _spread(colors: list[QColor], n: int) -> list[QColor]:
    """`n` distinct colours from the palette: after one round, lighter then darker variants."""
    out: list[QColor] = []
    for k in range(n):
        base = colors[k % len(colors)]
        rounds = k // len(colors)
        out.append(base if rounds == 0 else (base.lighter(135) if rounds % 2 else base.darker(140)))
    return out
