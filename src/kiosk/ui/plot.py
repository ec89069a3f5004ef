"""Bar, horizontal-bar, line and area charts, painted with QPainter on a `plotarea.PlotArea`.

Transparent, not interactive, large tick text, value labels with thousands separators.
Layout rules, each one something a person noticed from across a room:

- the value range is chosen so that every value label fits inside the plot (a horizontal
  bar's "1,200 bn" is never cut), and the last gridline is at or above the largest value
  (no bar rises past the last figure on the axis);
- category labels that are too long for their axis wrap onto two lines, then elide, so no
  label is dropped;
- a line's value label sits above its point, moved aside from the line's segments, never on
  them; value labels that would overlap their neighbours are thinned out;
- gridlines break around value labels; derived (not reported) values are drawn as derived,
  without value labels (`plotkinds`).

`PlotChart` holds what bars and lines share (axes, range, gridlines, value labels);
`plotkinds.BarChart` and `plotkinds.LineChart` add their items; `plotaxes` the axis helpers.
"""

from __future__ import annotations

from abc import abstractmethod

from PySide6.QtCore import QLineF, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter, QPen

from kiosk.core.numbers import covering_ticks, decimals_for, format_value
from kiosk.ui.chartkit import ChartCanvas, ChartKind
from kiosk.ui.plotarea import Axis, PlotArea, ValueLabel, gridlines
from kiosk.ui.plotaxes import (
    Frame,
    category_ticks,
    hbar_category_ticks,
    value_range,
)

__all__ = ["MAX_VALUE_LABELS", "PlotChart"]

MAX_VALUE_LABELS = 16
CATEGORY_SHARE = 0.45  # a horizontal bar chart's labels take at most this share of its width


class PlotChart(ChartKind):
    """What bar, hbar, line and area charts share: axes, value range, gridlines and value
    labels. `plotkinds` adds the bars or the lines."""

    def __init__(self, canvas: ChartCanvas) -> None:
        super().__init__(canvas)
        self.kind = canvas.kind
        self.horizontal = self.kind == "hbar"
        self.bars = self.kind in ("bar", "hbar")
        self.progress = 1.0
        self.tick_font: QFont = canvas.tick_font
        self.value_font: QFont = canvas.theme.font("value")
        self.plot: PlotArea | None = PlotArea(canvas, self)
        self._build(self.plot)

    @property
    def area(self) -> PlotArea:
        assert self.plot is not None, "the chart was released"
        return self.plot

    @property
    def frame(self) -> Frame:
        return self.area.frame

    # --- building ----------------------------------------------------------------------------

    def _build(self, plot: PlotArea) -> None:
        c = self.canvas
        t, spec, data = c.theme, c.spec, c.data
        horizontal = self.horizontal
        top = 0
        value_title = c.value_title()
        head_title = spec.x_title if horizontal else value_title
        foot_title = value_title if horizontal else spec.x_title
        if len(data.series) > 1:
            top = c.legend_row(top, [name for name, _ in data.series])
        if head_title:
            lab = c.title_label(head_title, "x_title" if horizontal else "y_title")
            top += lab.fit(QRect(0, top, c.width(), t.px(32) * 3)) + t.px(14)
        bottom = c.height()
        if foot_title:
            lab = c.title_label(foot_title, "y_title" if horizontal else "x_title")
            lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            h = lab.needed(c.width()).height()
            lab.fit(QRect(0, bottom - h, c.width(), h))
            bottom -= lab.height() + t.px(10)
        plot.setGeometry(0, top, c.width(), max(10, bottom - top))
        fm = QFontMetrics(self.tick_font)
        lo, hi = self._extremes()
        n = len(data.labels)
        axis_h = fm.height() + t.px(20)  # the axis along the bottom, either way
        # room for the text of a tick at the very end of the value axis (never cut in half)
        if horizontal:
            end = fm.horizontalAdvance(format_value(hi * 1.5)) // 2
            margins = (0, 0, max(t.px(8), end), 0)
        else:
            margins = (0, fm.height() // 2 + t.px(2), t.px(8), 0)

        # the category axis first: its size decides how long the value axis is
        if horizontal:
            cats = self._hbar_category_ticks(fm)
            widest = max(
                (fm.horizontalAdvance(line) for _, s in cats for line in s.split("\n")), default=0
            )
            left_w = widest + t.px(24)
            length = plot.width() - left_w - margins[2]
        else:
            length = plot.height() - axis_h - fm.height() // 2
        length = max(40, length)

        per_tick = fm.horizontalAdvance(format_value(hi)) * 1.6 if horizontal else fm.height() * 2.4
        value_ticks = covering_ticks(lo, hi, max(2, min(5, int(length / per_tick))))
        vlo, vhi = self._value_range(lo, hi, value_ticks, length)
        tick_decimals = decimals_for(value_ticks)
        tick_texts = [(v, format_value(v, tick_decimals)) for v in value_ticks]
        if not horizontal:
            left_w = max(fm.horizontalAdvance(s) for _, s in tick_texts) + t.px(24)
        box = QRectF(
            left_w,
            margins[1],
            max(1, plot.width() - left_w - margins[2]),
            max(1, plot.height() - margins[1] - axis_h),
        )
        if horizontal:
            plot.frame = Frame(box, vlo, vhi, -0.6, n - 0.4)
        else:
            plot.frame = Frame(box, -0.6, n - 0.4, vlo, vhi)
            cats = self._category_ticks(fm, plot.width() - (left_w - t.px(24)))
        left = QRectF(0, box.top(), box.left(), box.height())
        foot = QRectF(box.left(), box.bottom(), box.width(), axis_h)
        line = QPen(t.muted, t.px(2))
        line.setCosmetic(True)
        cat_axis = Axis(
            "left" if horizontal else "bottom",
            left if horizontal else foot,
            [(float(i), s) for i, s in cats],
            self.tick_font,
            QColor(t.text),
            t.px(14),
            line=line,
        )
        value_axis = Axis(
            "bottom" if horizontal else "left",
            foot if horizontal else left,
            tick_texts,
            self.tick_font,
            QColor(t.muted),
            t.px(14),
            overhang=t.px(40),
        )
        plot.axes = [value_axis, cat_axis]

        self._build_items(vlo)
        self._build_value_labels(plot)
        self._place_labels()
        self._build_gridlines(plot, [v for v in value_ticks if v != 0])  # 0: the axis line

    def _build_gridlines(self, plot: PlotArea, ticks: list[float]) -> None:
        """A faint line at each value tick, broken where a value label sits on it."""
        t = self.canvas.theme
        grid = QColor(t.muted)
        grid.setAlpha(46)
        plot.grid_pen = QPen(grid, t.px(2))
        fm = QFontMetricsF(plot.label_font)
        rects = [lab.rect(plot.frame, fm, self._label_pos(lab, 1.0)) for lab in plot.labels]
        plot.gridlines = gridlines(plot.frame, ticks, rects, self.horizontal, t.px(10))

    def _extremes(self) -> tuple[float, float]:
        """The lowest and highest value, with 0 (bars and areas start at 0); min and max of
        each series (an array of a million floats is not copied)."""
        series = [vs for _, vs in self.canvas.data.series if len(vs)]
        return min([0.0] + [min(vs) for vs in series]), max([0.0] + [max(vs) for vs in series])

    def _value_range(
        self, lo: float, hi: float, ticks: list[float], length: int
    ) -> tuple[float, float]:
        """The value axis range: the data, the ticks, and room for the value labels."""
        c = self.canvas
        t = c.theme
        labels = c.spec.value_labels
        vfm = QFontMetrics(self.value_font)
        if self.horizontal:
            widest = max(
                (
                    vfm.horizontalAdvance(format_value(v, c.decimals, c.spec.unit))
                    for _, vs in c.data.series
                    for v in vs
                ),
                default=0,
            )
            need = widest + t.px(24) if labels else t.px(12)
        else:
            need = vfm.height() + t.px(34) if labels else t.px(16)
        return value_range(lo, hi, ticks, length, need)

    def _hbar_category_ticks(self, fm: QFontMetrics) -> list[tuple[int, str]]:
        width = int(self.canvas.width() * CATEGORY_SHARE) - self.canvas.theme.px(24)
        return hbar_category_ticks(self.canvas.data.labels, fm, width)

    def _category_ticks(self, fm: QFontMetrics, length: int) -> list[tuple[int, str]]:
        data = self.canvas.data
        pad = max(self.canvas.theme.px(24), fm.height())  # room to tell long labels apart
        return category_ticks(data.labels, data.highlight, fm, length, pad)

    def _x(self, i: int) -> float:
        n = len(self.canvas.data.labels)
        return float(n - 1 - i) if self.horizontal else float(i)

    def _offsets(self) -> tuple[list[float], float]:
        k = len(self.canvas.data.series)
        if not self.bars:
            return [0.0] * k, 0.0
        width = 0.66 if k == 1 else 0.8 / k
        return [(j - (k - 1) / 2) * width for j in range(k)], width * (0.92 if k > 1 else 1.0)

    def highlight_line(self) -> QLineF | None:
        """The dashed drop line at the highlighted category (plot pixels), from the axis to
        its top value; None without a highlight or (bars) with one series."""
        h = self.canvas.data.highlight
        if h is None or (self.bars and len(self.canvas.data.series) == 1):
            return None
        reach = max(vs[h] for _, vs in self.canvas.data.series)
        if self.bars:
            reach = max(0.0, reach)
        x, f = self._x(h), self.frame
        if self.horizontal:
            return QLineF(f.px(0.0, x), f.px(reach, x))
        return QLineF(f.px(x, 0.0), f.px(x, reach))

    def paint_highlight_line(self, painter: QPainter) -> None:
        line = self.highlight_line()
        if line is None or self.progress < 1.0:
            return
        t = self.canvas.theme
        band = QColor(t.highlight)
        band.setAlpha(140)
        pen = QPen(band, t.px(3), Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(line)

    def _build_value_labels(self, plot: PlotArea) -> None:
        c = self.canvas
        plot.label_font = self.value_font
        if not c.spec.value_labels:
            return
        n = len(c.data.labels)
        h = c.data.highlight
        fm = QFontMetrics(self.value_font)
        offsets, _ = self._offsets()
        k = len(c.data.series)
        texts = [[format_value(v, c.decimals, c.spec.unit) for v in vs] for _, vs in c.data.series]
        reported = [i for i in range(n) if not c.is_derived(i)]
        crowded = n * k > MAX_VALUE_LABELS or (
            not self.horizontal and self._too_wide(fm, texts, n, k)
        )
        for j, (_, vs) in enumerate(c.data.series):
            if crowded:  # too many to read: the highlighted and the last reported ones
                chosen = sorted(
                    {i for i in (reported[-1:] + ([h] if h is not None else [])) if i in reported}
                )
            else:
                chosen = reported
            for i in chosen:
                v = vs[i]
                color = c.theme.highlight if i == h else c.theme.text
                if self.horizontal:
                    anchor = (-0.08, 0.5) if v >= 0 else (1.08, 0.5)
                elif self.bars:
                    anchor = (0.5, 1.15) if v >= 0 else (0.5, -0.15)
                else:
                    anchor = (0.5, 1.4)
                plot.labels.append(ValueLabel(texts[j][i], j, i, offsets[j], color, anchor))

    def _too_wide(self, fm: QFontMetrics, texts: list[list[str]], n: int, k: int) -> bool:
        """True when neighbouring value labels would touch (each gets 1/k of a category)."""
        slot: float = (self.area.width() * 0.85) / max(1, n) / (k if self.bars else 1)
        widest = max((fm.horizontalAdvance(s) for row in texts for s in row), default=0)
        return widest > slot * 0.92

    def set_progress(self, t: float) -> None:
        self.progress = t
        if self.plot is None:
            return
        self._grow(t)
        reach = t * (len(self.canvas.data.labels) - 1)
        for label in self.plot.labels:
            label.at = self._label_pos(label, t)
            label.visible = t > 0.05 if self.bars else label.index <= reach + 1e-9
        self.plot.update()

    # --- what each kind adds (plotkinds.BarChart, plotkinds.LineChart) ----------------------

    @abstractmethod
    def _build_items(self, vlo: float) -> None:
        """Make the bars or lines (their final data comes with `_grow`)."""

    @abstractmethod
    def _grow(self, t: float) -> None:
        """Take progress `t` for the next paint."""

    @abstractmethod
    def paint_items(self, painter: QPainter) -> None:
        """Paint the bars or lines (between the gridlines and the value labels)."""

    def _place_labels(self) -> None:
        """Move value labels once the plot is laid out (lines: off their segments)."""
        return None

    def _to_canvas(self, point: QPointF) -> QPoint:
        """A data point (x, y) as a pixel on the canvas."""
        return (self.frame.px(point.x(), point.y()) + QPointF(self.area.pos())).toPoint()

    # --- what a test or a reviewer reads -----------------------------------------------------

    def value_texts(self) -> list[str]:
        return [label.text for label in self.plot.labels] if self.plot else []

    def value_label_rects(self) -> list[QRect]:
        """Where the visible value labels are drawn, on the canvas."""
        if self.plot is None:
            return []
        fm = QFontMetricsF(self.plot.label_font)
        at = QPointF(self.plot.pos())
        return [
            lab.rect(self.frame, fm).translated(at).toAlignedRect()
            for lab in self.plot.labels
            if lab.visible
        ]

    def plot_rect(self) -> QRect:
        """The plot with its axes, on the canvas."""
        return self.area.geometry()

    def data_rect(self) -> QRect:
        """The data area (inside the axes), on the canvas."""
        return self.frame.box.translated(QPointF(self.area.pos())).toAlignedRect()

    def value_span(self) -> tuple[float, float]:
        """The values the value axis shows, lowest to highest."""
        f = self.frame
        return (f.x0, f.x1) if self.horizontal else (f.y0, f.y1)

    def ticks(self, axis: str) -> list[tuple[float, str]]:
        """The ticks of the "value" or "category" axis: (position, text), all of them."""
        return list(self.area.axes[0 if axis == "value" else 1].ticks)

    def tick_texts(self, axis: str) -> list[str]:
        """The tick texts drawn on the "value" or "category" axis (those that fit)."""
        return [s for _, _, s in self.area.axes[0 if axis == "value" else 1].text_rects(self.frame)]

    def gridline_segments(self) -> list[QLineF]:
        """The gridlines as drawn, on the canvas."""
        at = QPointF(self.area.pos())
        return [line.translated(at) for line in self.area.gridlines]

    def _label_pos(self, label: ValueLabel, t: float) -> QPointF:
        v = self.canvas.data.series[label.series][1][label.index]
        if self.horizontal:
            return QPointF(v * t, self._x(label.index) + label.offset)
        if self.bars:
            return QPointF(self._x(label.index) + label.offset, v * t)
        return QPointF(float(label.index), v)

    # --- live data: new values in the same shape (`ChartView.set_live_data`) ---------------
    def set_categories(self) -> None:
        """The category names changed (a window that slid): label the axis again."""
        fm = QFontMetrics(self.tick_font)
        if self.horizontal:
            cats = self._hbar_category_ticks(fm)
        else:
            cats = self._category_ticks(fm, self.area.width() - int(self.frame.box.left()))
        self.area.axes[1].ticks = [(float(i), s) for i, s in cats]
        self.area.update()

    def show_values(self, series: list[list[float]]) -> None:
        """Draw these values (one list a series) in the chart's current shape."""
        self._set_values(series)
        for label in self.area.labels:
            label.text = format_value(
                series[label.series][label.index], self.canvas.decimals, self.canvas.spec.unit
            )
        self.set_progress(1.0)

    @abstractmethod
    def _set_values(self, series: list[list[float]]) -> None:
        """Take these values for the bars or lines (drawn by the next `_grow`)."""

    def release(self) -> None:
        if self.plot is not None:
            self.plot.release()
            self.plot.hide()
            self.plot.deleteLater()
            self.plot = None
