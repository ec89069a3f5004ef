"""Bar, horizontal-bar, line and area charts, drawn with pyqtgraph (imported on first use).

The plot has a transparent background, no mouse interaction, large tick text, value labels
with thousands separators and the highlighted category in the theme's highlight colour.
Layout rules, each one something a person noticed from across a room:

- the value range is chosen so that every value label fits inside the plot (a horizontal
  bar's "1,200 bn" is never cut), and the last gridline is at or above the largest value
  (no bar rises past the last figure on the axis);
- category labels that are too long for their axis wrap onto two lines, then elide, so no
  label is dropped;
- a line's value label sits above its point, moved aside from the line's segments, never on
  them; value labels that would overlap their neighbours are thinned out;
- derived (not reported) values are drawn dashed, without markers or value labels.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics

from kiosk.core.numbers import covering_ticks, decimals_for, format_value
from kiosk.ui.chartkit import ChartCanvas, ChartKind

__all__ = ["MAX_VALUE_LABELS", "PlotChart", "partial_line", "wrap_label"]

MAX_VALUE_LABELS = 16
CATEGORY_SHARE = 0.45  # a horizontal bar chart's labels take at most this share of its width


@cache
def _pg() -> Any:
    import pyqtgraph as pg

    return pg


@cache
def _value_axis_class() -> type:
    pg = _pg()

    class ValueAxis(pg.AxisItem):  # type: ignore[misc, name-defined]
        """Tick values with thousands separators, never SI prefixes."""

        def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
            d = 0 if spacing >= 1 else min(4, math.ceil(-math.log10(spacing)))
            return [f"{v * scale:,.{d}f}" for v in values]

    return ValueAxis


def wrap_label(text: str, fm: QFontMetrics, width: int, lines: int = 2) -> str:
    """`text` in at most `lines` lines of `width` px (word-wrapped, the last one elided)."""
    if fm.horizontalAdvance(text) <= width:
        return text
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and fm.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        out.append(fm.elidedText(line, Qt.TextElideMode.ElideRight, width))
    if words:
        out.append(fm.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width))
    return "\n".join(out)


def partial_line(vs: list[float], t: float) -> tuple[list[float], list[float]]:
    """The first `t` of a polyline through (i, vs[i]), ending at an interpolated point."""
    n = len(vs)
    if n == 1 or t >= 1.0:
        return [float(i) for i in range(n)], list(vs)
    reach = t * (n - 1)
    k = int(reach)
    xs = [float(i) for i in range(k + 1)]
    ys = list(vs[: k + 1])
    frac = reach - k
    if frac > 0 and k + 1 < n:
        xs.append(reach)
        ys.append(vs[k] + (vs[k + 1] - vs[k]) * frac)
    return xs, ys


class PlotChart(ChartKind):
    """bar, hbar, line or area on a pyqtgraph PlotWidget."""

    def __init__(self, canvas: ChartCanvas) -> None:
        super().__init__(canvas)
        self.kind = canvas.kind
        self.horizontal = self.kind == "hbar"
        self.bars = self.kind in ("bar", "hbar")
        self.progress = 1.0
        self._bars: list[tuple[Any, list[float]]] = []
        self._lines: list[tuple[Any, Any, Any, Any, list[float]]] = []  # fill, solid, dash, dots
        self._labels: list[tuple[Any, int, int, float]] = []  # (TextItem, series, i, offset)
        self._highlight_items: list[Any] = []
        self.plot: Any = None
        self.gridlines: Any = None
        self._build()

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        pg = _pg()
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

        value_axis = _value_axis_class()(orientation="bottom" if horizontal else "left")
        cat_axis = pg.AxisItem(orientation="left" if horizontal else "bottom")
        axes = (
            {"bottom": value_axis, "left": cat_axis}
            if horizontal
            else {"left": value_axis, "bottom": cat_axis}
        )
        plot = pg.PlotWidget(parent=c, background=None, axisItems=axes)
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
                # a vertical value axis may draw its end labels past its box (never clipped:
                # the plot has room above and below); a horizontal one must stay inside
                hideOverlappingLabels=True if axis is cat_axis or horizontal else t.px(40),
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

        if self.bars:
            self._build_bars(pg)
        else:
            self._build_lines(pg, vlo)
        self._build_value_labels(pg)
        # lay the plot out now, not at first show: value_point() and grabs are right at once
        plot.resizeEvent(None)
        item.layout.activate()
        self._place_line_labels()
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
            pieces = [(float(lo), float(hi))]
            for c0, c1 in cuts:
                pieces = [
                    part
                    for p0, p1 in pieces
                    for part in ((p0, min(p1, c0)), (max(p0, c1), p1))
                    if part[1] - part[0] > 1
                ]
            for p0, p1 in pieces:
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
        a = need
        b = need if lo < 0 else 0
        span = (hi - lo) or 1.0
        share = min(0.6, (a + b) / length)
        full = span / (1 - share)
        vhi = hi + full * a / length
        vlo = lo - full * b / length
        return min(vlo, ticks[0]), max(vhi, ticks[-1])

    def _hbar_category_ticks(self, fm: QFontMetrics) -> list[tuple[int, str]]:
        labels = self.canvas.data.labels
        n = len(labels)
        width = int(self.canvas.width() * CATEGORY_SHARE) - self.canvas.theme.px(24)
        return [(n - 1 - i, wrap_label(s, fm, width)) for i, s in enumerate(labels)]

    def _category_ticks(self, fm: QFontMetrics, length: int) -> list[tuple[int, str]]:
        data = self.canvas.data
        labels = data.labels
        n = len(labels)
        widest = max((fm.horizontalAdvance(s) for s in labels), default=1) + self.canvas.theme.px(
            24
        )
        every = max(1, math.ceil(n * widest / max(1, length)))
        keep = set(range(0, n, every)) | ({data.highlight} if data.highlight is not None else set())
        return [(i, s) for i, s in enumerate(labels) if i in keep]

    def _x(self, i: int) -> float:
        n = len(self.canvas.data.labels)
        return float(n - 1 - i) if self.horizontal else float(i)

    def _offsets(self) -> tuple[list[float], float]:
        k = len(self.canvas.data.series)
        if not self.bars:
            return [0.0] * k, 0.0
        width = 0.66 if k == 1 else 0.8 / k
        return [(j - (k - 1) / 2) * width for j in range(k)], width * (0.92 if k > 1 else 1.0)

    def _build_bars(self, pg: Any) -> None:
        c = self.canvas
        offsets, width = self._offsets()
        single = len(c.data.series) == 1
        for j, (_, vs) in enumerate(c.data.series):
            color = c.colors[j % len(c.colors)]
            brushes, pens = [], []
            for i in range(len(vs)):
                fill = QColor(c.theme.highlight if single and i == c.data.highlight else color)
                if c.is_derived(i):  # an outline and a faint fill: not a reported figure
                    pens.append(pg.mkPen(fill, width=c.theme.px(3), style=Qt.PenStyle.DashLine))
                    fill.setAlpha(60)
                else:
                    pens.append(pg.mkPen(None))
                brushes.append(pg.mkBrush(fill))
            pos = [self._x(i) + offsets[j] for i in range(len(vs))]
            if self.horizontal:
                bar = pg.BarGraphItem(
                    x0=0, y=pos, height=width, width=vs, brushes=brushes, pens=pens
                )
            else:
                bar = pg.BarGraphItem(x=pos, height=vs, width=width, brushes=brushes, pens=pens)
            self.plot.addItem(bar)
            self._bars.append((bar, vs))
        h = c.data.highlight
        if h is not None and not single:
            self._add_highlight_line(pg, max(0.0, *(vs[h] for _, vs in c.data.series)))

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

    def _build_lines(self, pg: Any, vlo: float) -> None:
        c = self.canvas
        t = c.theme
        for j, (_, vs) in enumerate(c.data.series):
            color = c.colors[j % len(c.colors)]
            fill_item = None
            if self.kind == "area":
                fill = QColor(color)
                fill.setAlpha(70 if len(c.data.series) == 1 else 45)
                fill_item = pg.PlotDataItem(
                    [], [], pen=None, fillLevel=max(0.0, vlo), fillBrush=pg.mkBrush(fill)
                )
                self.plot.addItem(fill_item)
            solid = pg.PlotDataItem([], [], pen=pg.mkPen(color, width=t.px(6)), connect="pairs")
            dash = pg.PlotDataItem(
                [],
                [],
                pen=pg.mkPen(color, width=t.px(4), style=Qt.PenStyle.DashLine),
                connect="pairs",
            )
            for line in (solid, dash):
                line.setCurveClickable(False)
                self.plot.addItem(line)
            dots = None
            if len(vs) <= 40:
                dots = pg.ScatterPlotItem(
                    size=t.px(16),
                    brush=pg.mkBrush(color),
                    pen=pg.mkPen(t.background, width=t.px(3)),
                    antialias=True,
                )
                self.plot.addItem(dots)
            self._lines.append((fill_item, solid, dash, dots, vs))
        h = c.data.highlight
        if h is not None:
            top = max(vs[h] for _, vs in c.data.series)
            self._add_highlight_line(pg, top)
            spots = pg.ScatterPlotItem(
                x=[float(h)] * len(c.data.series),
                y=[vs[h] for _, vs in c.data.series],
                size=t.px(30),
                brush=pg.mkBrush(t.highlight),
                pen=pg.mkPen(t.background, width=t.px(4)),
                antialias=True,
            )
            self.plot.addItem(spots)
            self._highlight_items.append(spots)

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
        slot = (self.plot.width() * 0.85) / max(1, n) / (k if self.bars else 1)
        widest = max((fm.horizontalAdvance(s) for row in texts for s in row), default=0)
        return widest > slot * 0.92

    def _place_line_labels(self) -> None:
        """Move each line label above its point and off the line's two segments."""
        if self.bars or not self._labels:
            return
        vb = self.plot.getPlotItem().vb
        w, h = vb.width(), vb.height()
        (x0, x1), (y0, y1) = vb.viewRange()
        kx, ky = w / (x1 - x0), h / (y1 - y0)  # px per category, px per value unit
        t = self.canvas.theme
        fm = QFontMetrics(self.canvas.theme.font("value"))
        base = t.px(16)  # past the marker and the line's half width
        for item, j, i, _ in self._labels:
            vs = self.canvas.data.series[j][1]
            rect = item.boundingRect()
            lw, lh = rect.width() or fm.horizontalAdvance(item.toPlainText()), rect.height()
            rise_l = (vs[i] - vs[i - 1]) * ky / kx if i > 0 else None  # px up per px right
            rise_r = (vs[i + 1] - vs[i]) * ky / kx if i + 1 < len(vs) else None
            px = (i - x0) * kx
            best: tuple[float, float] | None = None
            for ax in (0.5, 1.0, 0.0):  # centred, up-left, up-right
                left, right = -lw * ax, lw * (1 - ax)
                if px + left < 0 or px + right > w:
                    continue
                need = 0.0
                if rise_r is not None:
                    need = max(need, rise_r * min(right, kx))
                if rise_l is not None:
                    need = max(need, -rise_l * min(-left, kx))
                d = need + base + (0 if ax == 0.5 else -base / 2)
                d = max(d, base)
                if best is None or d < best[1] - 1:
                    best = (ax, d)
            ax, d = best if best is not None else (0.5, base)
            item.setAnchor((ax, 1 + d / max(1.0, lh)))

    # --- animation and queries ---------------------------------------------------------------

    def set_progress(self, t: float) -> None:
        self.progress = t
        c = self.canvas
        for item, vs in self._bars:
            if self.kind == "bar":
                item.setOpts(height=[v * t for v in vs])
            else:
                item.setOpts(width=[v * t for v in vs])
        for fill_item, solid, dash, dots, vs in self._lines:
            xs, ys = partial_line(vs, t)
            if fill_item is not None:
                fill_item.setData(xs, ys)
            seg: dict[bool, tuple[list[float], list[float]]] = {True: ([], []), False: ([], [])}
            for k in range(len(xs) - 1):
                derived = c.is_derived(k) or c.is_derived(k + 1)
                sx, sy = seg[derived]
                sx += [xs[k], xs[k + 1]]
                sy += [ys[k], ys[k + 1]]
            solid.setData(*seg[False])
            dash.setData(*seg[True])
            if dots is not None:
                shown = [k for k in range(len(vs)) if k <= t * (len(vs) - 1) + 1e-9]
                keep = [k for k in shown if not c.is_derived(k)]
                dots.setData(x=[float(k) for k in keep], y=[vs[k] for k in keep])
        reach = t * (len(c.data.labels) - 1)
        for item in self._highlight_items:
            item.setVisible(t >= 1.0)
        for item, j, i, off in self._labels:
            item.setPos(self._label_pos(j, i, off, t))
            item.setVisible(t > 0.05 if self.bars else i <= reach + 1e-9)

    def value_point(self, index: int, series: int = 0) -> QPoint:
        v = self.canvas.data.series[series][1][index] * (self.progress if self.bars else 1)
        if self.bars:
            off = self._offsets()[0][series]
            point = (
                QPointF(v / 2, self._x(index) + off)
                if self.horizontal
                else QPointF(self._x(index) + off, v / 2)
            )
        else:
            point = QPointF(float(index), v)
        return self._to_canvas(point)

    def _to_canvas(self, point: QPointF) -> QPoint:
        vb = self.plot.getPlotItem().vb
        scene = vb.mapViewToScene(point)
        return self.plot.mapTo(self.canvas, self.plot.mapFromScene(scene))

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

    def line_points(self, series: int = 0) -> list[QPoint]:
        """Where each point of a line is, on the canvas (collision tests)."""
        vs = self.canvas.data.series[series][1]
        return [self._to_canvas(QPointF(float(i), v)) for i, v in enumerate(vs)]

    def release(self) -> None:
        if self.plot is not None:
            self.plot.getPlotItem().clear()
            self.plot.close()
            self.plot.deleteLater()
            self.plot = None
            self._bars.clear()
            self._lines.clear()
            self._labels.clear()
            self._highlight_items.clear()
