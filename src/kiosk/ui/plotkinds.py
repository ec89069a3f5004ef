"""The two families of x/y chart: bars (bar, hbar) and lines (line, area).

Each adds its items to the plot `plot.PlotChart` has laid out, and draws them at a progress
(grow-in). Derived values (rows marked `derived = yes`) are drawn as derived: a bar as a
dashed outline with a faint fill, a line segment touching a derived point dashed, without a
marker; neither gets a value label (`PlotChart` leaves them out).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetrics

from kiosk.ui.plot import PlotChart
from kiosk.ui.plotseries import Series

__all__ = ["BarChart", "LineChart", "partial_line"]


class BarChart(PlotChart):
    """Vertical (bar) or horizontal (hbar) bars, one colour a series."""

    def _build_items(self, pg: Any, vlo: float) -> None:
        self._bars: list[tuple[Any, list[float]]] = []
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

    def _grow(self, t: float) -> None:
        for item, vs in self._bars:
            if self.kind == "bar":
                item.setOpts(height=[v * t for v in vs])
            else:
                item.setOpts(width=[v * t for v in vs])

    def _set_values(self, series: list[list[float]]) -> None:
        self._bars = [(item, vs) for (item, _), vs in zip(self._bars, series, strict=True)]

    def value_point(self, index: int, series: int = 0) -> QPoint:
        v = self.canvas.data.series[series][1][index] * self.progress
        off = self._offsets()[0][series]
        point = (
            QPointF(v / 2, self._x(index) + off)
            if self.horizontal
            else QPointF(self._x(index) + off, v / 2)
        )
        return self._to_canvas(point)


class LineChart(PlotChart):
    """A line (or an area under it) a series, with a marker at each reported point."""

    def _build_items(self, pg: Any, vlo: float) -> None:
        self._lines: list[tuple[Any, Any, Any, Any, list[float]]] = []  # fill, solid, dash, dots
        self._series: list[Series] = []
        c = self.canvas
        t = c.theme
        for j, (_, vs) in enumerate(c.data.series):
            color = c.colors[j % len(c.colors)]
            series = Series(vs, c.derived)
            self._series.append(series)
            fill_item = None
            if self.kind == "area":
                fill = QColor(color)
                fill.setAlpha(70 if len(c.data.series) == 1 else 45)
                fill_item = pg.PlotDataItem(
                    [], [], pen=None, fillLevel=max(0.0, vlo), fillBrush=pg.mkBrush(fill)
                )
                self.plot.addItem(fill_item)
            solid = pg.PlotDataItem(
                [],
                [],
                pen=pg.mkPen(color, width=t.px(6)),
                connect="all" if series.long else "pairs",
                skipFiniteCheck=True,
            )
            dash = pg.PlotDataItem(
                [],
                [],
                pen=pg.mkPen(color, width=t.px(4), style=Qt.PenStyle.DashLine),
                connect="pairs",
            )
            for line in (solid, dash):
                line.setCurveClickable(False)
                self.plot.addItem(line)
            if series.long:  # one polyline, thinned to the pixels it covers (after addItem,
                for item in (fill_item, solid):  # which applies the plot's own setting)
                    _thin(item)
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

    def _place_labels(self) -> None:
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

    def _grow(self, t: float) -> None:
        c = self.canvas
        for (fill_item, solid, dash, dots, vs), series in zip(
            self._lines, self._series, strict=True
        ):
            xs, ys = series.partial(t)
            if fill_item is not None:
                fill_item.setData(xs, ys)
            if series.long:
                solid.setData(xs, ys)
            else:
                reported, derived = series.pairs(xs, ys)
                solid.setData(*reported)
                dash.setData(*derived)
            if dots is not None:
                shown = [k for k in range(len(vs)) if k <= t * (len(vs) - 1) + 1e-9]
                keep = [k for k in shown if not c.is_derived(k)]
                dots.setData(x=[float(k) for k in keep], y=[vs[k] for k in keep])

    def _set_values(self, series: list[list[float]]) -> None:
        self._lines = [(*line[:4], vs) for line, vs in zip(self._lines, series, strict=True)]
        # same shape (live data): how each series is drawn stays, only its values change
        self._series = [_revalued(old, vs) for old, vs in zip(self._series, series, strict=True)]

    def value_point(self, index: int, series: int = 0) -> QPoint:
        return self._to_canvas(QPointF(float(index), self.canvas.data.series[series][1][index]))

    def line_points(self, series: int = 0) -> list[QPoint]:
        """Where each point of a line is, on the canvas (collision tests)."""
        vs = self.canvas.data.series[series][1]
        return [self._to_canvas(QPointF(float(i), v)) for i, v in enumerate(vs)]


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


def _revalued(old: Series, values: list[float]) -> Series:
    new = Series(values, [])
    new.derived_segments, new.long = old.derived_segments, old.long
    return new


def _thin(item: Any) -> None:
    """Peak downsampling to about one group per pixel column: each keeps its lowest and
    highest value, so the line covers the same pixels (pyqtgraph's default is 5 a pixel)."""
    if item is not None:
        item.setDownsampling(auto=True, method="peak")
        item.opts["autoDownsampleFactor"] = 1.0
