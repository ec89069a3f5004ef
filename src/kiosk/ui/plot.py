"""Bar, horizontal-bar, line and area charts, drawn with pyqtgraph (imported on first use).

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
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics

from kiosk.core.numbers import covering_ticks, decimals_for, format_value
from kiosk.ui.chartkit import ChartCanvas, ChartKind
from kiosk.ui.plotaxes import (
    category_ticks,
    cut_span,
    hbar_category_ticks,
    pg_module,
    value_axis_class,
    value_range,
)

__all__ = ["MAX_VALUE_LABELS", "PlotChart"]

MAX_VALUE_LABELS = 16
CATEGORY_SHARE = 0.45  # a horizontal bar chart's labels take at most this share of its width


class PlotChart(ChartKind):
    """What bar, hbar, line and area charts share on a pyqtgraph PlotWidget: axes, value
    range, gridlines and value labels. `plotkinds` adds the bars or the lines."""

    def __init__(self, canvas: ChartCanvas) -> None:
        super().__init__(canvas)
        self.kind = canvas.kind
        self.horizontal = self.kind == "hbar"
        self.bars = self.kind in ("bar", "hbar")
        self.progress = 1.0
        self._labels: list[tuple[Any, int, int, float]] = []  # (TextItem, series, i, offset)
        self._highlight_items: list[Any] = []
        self.plot: Any = None
        self.gridlines: Any = None
        self._build()

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        pg = pg_module()
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

        value_axis = value_axis_class()(orientation="bottom" if horizontal else "left")
        cat_axis = pg.AxisItem(orientation="left" if horizontal else "bottom")
        axes = (
            {"bottom": value_axis, "left": cat_axis}
            if horizontal
            else {"left": value_axis, "bottom": cat_axis}
        )
        plot = pg.PlotWidget(parent=c, background=None, axisItems=axes, enableMenu=False)  # no menu
        self.plot = plot
        plot.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        plot.setStyleSheet("background: transparent; border: none;")
        plot.viewport().setAutoFillBackground(False)
        plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        plot.setInteractive(False)
        item = plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.vb.setMenuEnabled(False)
        item.vb.disableAutoRange()
        fm = QFontMetrics(c.tick_font)
        # room for the text of a tick at the very end of the value axis (never cut in half)
        if horizontal:
            end = fm.horizontalAdvance(format_value(max(0.0, *self._values()) * 1.5)) // 2
            right = max(t.px(8), end)
            item.layout.setContentsMargins(0, 0, right, 0)
        else:
            item.layout.setContentsMargins(0, fm.height() // 2 + t.px(2), t.px(8), 0)
        plot.setGeometry(0, top, c.width(), max(10, bottom - top))

        for axis in (value_axis, cat_axis):
            axis.setStyle(
                tickFont=c.tick_font,
                tickTextOffset=t.px(14),
                tickLength=0,
                autoExpandTextSpace=False,
                # a value axis may draw its end labels a little past its box (never clipped:
                # the plot has room above and below, and at the right of a horizontal one;
                # at its left the category labels end well before, so "0" keeps its figure)
                hideOverlappingLabels=True if axis is cat_axis else t.px(40),
                textFillLimits=[(0, 1.0)],  # our own ticks are already spaced to be read
            )
            axis.setTextPen(pg.mkPen(t.text if axis is cat_axis else t.muted))
            axis.enableAutoSIPrefix(False)
        value_axis.setPen(pg.mkPen(QColor(0, 0, 0, 0)))
        cat_axis.setPen(pg.mkPen(t.muted, width=t.px(2)))

        values = self._values()
        lo, hi = min(0.0, *values), max(0.0, *values)
        n = len(data.labels)

        # the category axis first: its size decides how long the value axis is
        if horizontal:
            ticks = self._hbar_category_ticks(fm)
            widest = max(
                (fm.horizontalAdvance(line) for _, s in ticks for line in s.split("\n")), default=0
            )
            cat_axis.setWidth(widest + t.px(24))
            value_axis.setHeight(fm.height() + t.px(20))
            length = plot.width() - (widest + t.px(24)) - right
        else:
            cat_axis.setHeight(fm.height() + t.px(20))
            length = plot.height() - (fm.height() + t.px(20)) - fm.height() // 2
        length = max(40, length)

        per_tick = fm.horizontalAdvance(format_value(hi)) * 1.6 if horizontal else fm.height() * 2.4
        value_ticks = covering_ticks(lo, hi, max(2, min(5, int(length / per_tick))))
        vlo, vhi = self._value_range(lo, hi, value_ticks, length, fm)
        tick_decimals = decimals_for(value_ticks)
        tick_texts = [(v, format_value(v, tick_decimals)) for v in value_ticks]
        value_axis.setTicks([tick_texts, []])
        if horizontal:
            cat_axis.setTicks([ticks, []])
            item.setXRange(vlo, vhi, padding=0)
            item.setYRange(-0.6, n - 0.4, padding=0)
        else:
            widest_value = max(fm.horizontalAdvance(s) for _, s in tick_texts)
            value_axis.setWidth(widest_value + t.px(24))
            cat_axis.setTicks([self._category_ticks(fm, plot.width() - widest_value), []])
            item.setXRange(-0.6, n - 0.4, padding=0)
            item.setYRange(vlo, vhi, padding=0)

        self._build_items(pg, vlo)
        self._build_value_labels(pg)
        # lay the plot out now, not at first show: value_point() and grabs are right at once
        plot.resizeEvent(None)
        item.layout.activate()
        self._place_labels()
        self._build_gridlines(pg, [v for v in value_ticks if v != 0])  # 0: the axis line

    def _build_gridlines(self, pg: Any, ticks: list[float]) -> None:
        """A faint line at each value tick, broken where a value label sits on it."""
        t = self.canvas.theme
        grid = QColor(t.muted)
        grid.setAlpha(46)
        vb = self.plot.getPlotItem().vb
        (x0, x1), (y0, y1) = vb.viewRange()
        gap = t.px(10)
        rects = [self._label_rect(item, 1.0) for item, *_ in self._labels]
        xs: list[float] = []
        ys: list[float] = []
        for v in ticks:
            # the line in pixels on the canvas, along its length: (start, end, across)
            a = self._to_canvas(QPointF(v, y0) if self.horizontal else QPointF(x0, v))
            b = self._to_canvas(QPointF(v, y1) if self.horizontal else QPointF(x1, v))
            cuts = []
            for r in rects:
                if self.horizontal and r.left() - gap <= a.x() <= r.right() + gap:
                    cuts.append((r.top() - gap, r.bottom() + gap))
                elif not self.horizontal and r.top() - gap <= a.y() <= r.bottom() + gap:
                    cuts.append((r.left() - gap, r.right() + gap))
            lo, hi = (min(a.y(), b.y()), max(a.y(), b.y())) if self.horizontal else (a.x(), b.x())
            for p0, p1 in cut_span(float(lo), float(hi), cuts):
                for p in (p0, p1):
                    if self.horizontal:  # pixels back to values along the category axis
                        xs.append(v)
                        ys.append(
                            y1 - (p - min(a.y(), b.y())) / max(1, abs(b.y() - a.y())) * (y1 - y0)
                        )
                    else:
                        xs.append(x0 + (p - a.x()) / max(1, b.x() - a.x()) * (x1 - x0))
                        ys.append(v)
        lines = pg.PlotDataItem(xs, ys, pen=pg.mkPen(grid, width=t.px(2)), connect="pairs")
        lines.setZValue(-100)
        self.plot.addItem(lines)
        self.gridlines = lines

    def _values(self) -> list[float]:
        return [v for _, vs in self.canvas.data.series for v in vs]

    def _value_range(
        self, lo: float, hi: float, ticks: list[float], length: int, fm: QFontMetrics
    ) -> tuple[float, float]:
        """The value axis range: the data, the ticks, and room for the value labels."""
        c = self.canvas
        t = c.theme
        labels = c.spec.value_labels
        vfm = QFontMetrics(c.theme.font("value"))
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
        pad = self.canvas.theme.px(24)
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

    def _add_highlight_line(self, pg: Any, reach: float) -> None:
        """A dashed drop line at the highlighted category, from the axis to its top value."""
        t = self.canvas.theme
        band = QColor(t.highlight)
        band.setAlpha(140)
        x = self._x(self.canvas.data.highlight or 0)
        pen = pg.mkPen(band, width=t.px(3), style=Qt.PenStyle.DashLine)
        xs, ys = ([0.0, reach], [x, x]) if self.horizontal else ([x, x], [0.0, reach])
        item = pg.PlotDataItem(xs, ys, pen=pen)
        item.setZValue(-50)
        self.plot.addItem(item)
        self._highlight_items.append(item)

    def _build_value_labels(self, pg: Any) -> None:
        c = self.canvas
        if not c.spec.value_labels:
            return
        n = len(c.data.labels)
        h = c.data.highlight
        font = c.theme.font("value")
        fm = QFontMetrics(font)
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
                item = pg.TextItem(texts[j][i], color=color, anchor=anchor)
                item.setFont(font)
                self.plot.addItem(item)
                self._labels.append((item, j, i, offsets[j]))

    def _too_wide(self, fm: QFontMetrics, texts: list[list[str]], n: int, k: int) -> bool:
        """True when neighbouring value labels would touch (each gets 1/k of a category)."""
        slot: float = (self.plot.width() * 0.85) / max(1, n) / (k if self.bars else 1)
        widest = max((fm.horizontalAdvance(s) for row in texts for s in row), default=0)
        return widest > slot * 0.92

    def set_progress(self, t: float) -> None:
        self.progress = t
        self._grow(t)
        reach = t * (len(self.canvas.data.labels) - 1)
        for item in self._highlight_items:
            item.setVisible(t >= 1.0)
        for item, j, i, off in self._labels:
            item.setPos(self._label_pos(j, i, off, t))
            item.setVisible(t > 0.05 if self.bars else i <= reach + 1e-9)

    # --- what each kind adds (plotkinds.BarChart, plotkinds.LineChart) ----------------------

    @abstractmethod
    def _build_items(self, pg: Any, vlo: float) -> None:
        """Add the bars or lines to the plot (their final data comes with `_grow`)."""

    @abstractmethod
    def _grow(self, t: float) -> None:
        """Draw the bars or lines at progress `t`."""

    def _place_labels(self) -> None:
        """Move value labels once the plot is laid out (lines: off their segments)."""
        return None

    def _to_canvas(self, point: QPointF) -> QPoint:
        vb = self.plot.getPlotItem().vb
        scene = vb.mapViewToScene(point)
        where: QPoint = self.plot.mapTo(self.canvas, self.plot.mapFromScene(scene))
        return where

    def value_texts(self) -> list[str]:
        return [item.toPlainText() for item, *_ in self._labels]

    def value_label_rects(self) -> list[QRect]:
        """Where the visible value labels are drawn, on the canvas (from their anchors: a
        TextItem's own transform is only brought up to date when it paints)."""
        return [self._label_rect(item) for item, *_ in self._labels if item.isVisible()]

    def _label_rect(self, item: Any, at_progress: float | None = None) -> QRect:
        """A value label's box on the canvas (where it is, or where it will be at a progress)."""
        size = item.textItem.boundingRect().size()
        pos = item.pos()
        if at_progress is not None:
            for it, j, i, off in self._labels:
                if it is item:
                    pos = self._label_pos(j, i, off, at_progress)
        at = self._to_canvas(pos)
        ax, ay = item.anchor.x(), item.anchor.y()
        box = QRectF(at.x() - ax * size.width(), at.y() - ay * size.height(), *size.toTuple())
        return box.toAlignedRect()

    def _label_pos(self, j: int, i: int, off: float, t: float) -> QPointF:
        v = self.canvas.data.series[j][1][i]
        if self.horizontal:
            return QPointF(v * t, self._x(i) + off)
        if self.bars:
            return QPointF(self._x(i) + off, v * t)
        return QPointF(float(i), v)

    # --- live data: new values in the same shape (`ChartView.set_live_data`) ---------------
    def set_categories(self) -> None:
        """The category names changed (a window that slid): label the axis again."""
        fm = QFontMetrics(self.canvas.tick_font)
        item = self.plot.getPlotItem()
        if self.horizontal:
            item.getAxis("left").setTicks([self._hbar_category_ticks(fm), []])
        else:
            width = self.plot.width() - item.getAxis("left").width()
            item.getAxis("bottom").setTicks([self._category_ticks(fm, width), []])

    def show_values(self, series: list[list[float]]) -> None:
        """Draw these values (one list a series) in the chart's current shape."""
        self._set_values(series)
        for item, j, i, _ in self._labels:
            item.setText(format_value(series[j][i], self.canvas.decimals, self.canvas.spec.unit))
        self.set_progress(1.0)

    @abstractmethod
    def _set_values(self, series: list[list[float]]) -> None:
        """Take these values for the bars or lines (drawn by the next `_grow`)."""

    def release(self) -> None:
        if self.plot is not None:
            self.plot.getPlotItem().clear()
            self.plot.close()
            self.plot.deleteLater()
            self.plot = None
            self._labels.clear()
            self._highlight_items.clear()
