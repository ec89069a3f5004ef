"""Charts for chart and split slides: bar, hbar, line, area (pyqtgraph), pie and donut.

pyqtgraph is imported on the first chart, never at start-up. A `ChartView` is one chart laid
out in a box: axis titles and the legend are plain-text labels around the plot; the plot has
a transparent background, no mouse interaction, large tick text, value labels with
thousands separators, the highlighted category in the theme's highlight colour. Bars and
lines grow in with `set_progress(t)` (0 → 1).
"""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.ui.text import TextLabel
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from kiosk.core.loader import ChartData
    from kiosk.core.model import ChartSpec

__all__ = ["ChartView", "decimals_for", "format_value"]

MAX_VALUE_LABELS = 16
LIVE_TWEEN_MS = 700  # a live update moves the bars and lines to their new values


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values covering [lo, hi], about `target` steps (1, 2, 2.5 or 5 × 10^k)."""
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / target
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    v = first
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 10))
        v += step
    return ticks


def _tick_decimals(ticks: list[float]) -> int:
    return decimals_for(ticks)


def decimals_for(values: list[float]) -> int:
    """How many decimals show these values faithfully (0 to 2)."""
    for d in range(3):
        if all(abs(v * 10**d - round(v * 10**d)) < 1e-6 * max(1.0, abs(v)) for v in values):
            return d
    return 2


def format_value(value: float, decimals: int = 0, unit: str = "") -> str:
    """`195742` → `195,742`; a short unit is appended (`23.06 %`)."""
    text = f"{value:,.{decimals}f}"
    if unit and len(unit) <= 3:
        text += unit if unit in ("%", "‰", "°") else f"\u2009{unit}"
    return text


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


class ChartView(QWidget):
    """One chart of `spec` and `data`, sized `size`, in the theme's colours."""

    def __init__(
        self,
        spec: ChartSpec,
        data: ChartData,
        theme: Theme,
        size: QSize,
        parent: QWidget | None = None,
        *,
        markup: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chart")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.resize(size)
        self.spec, self.data, self.theme, self.markup = spec, data, theme, markup
        self.kind = spec.kind
        self.plot: Any = None
        self.pie: Any = None
        self._swatches: list[tuple[QRect, QColor]] = []
        self._items: list[tuple[Any, list[float], int]] = []  # (item, values, series index)
        self._value_labels: list[tuple[Any, int, int, float]] = []  # (TextItem, series, i, v)
        self._highlight_items: list[Any] = []
        self.progress = 1.0
        all_values = [v for _, vs in data.series for v in vs]
        self.decimals = decimals_for(all_values) if all_values else 0
        self.tick_font = theme.font("tick")
        multi = len(data.series) > 1
        self.colors = theme.series_colors(avoid_highlight=data.highlight is not None or multi)
        if self.kind in ("pie", "donut"):
            from kiosk.ui.pie import build_pie

            build_pie(self)
        else:
            self._build_plot()
        self.set_progress(1.0)

    # --- layout pieces ---------------------------------------------------------------------

    def _title(self, text: str, name: str) -> TextLabel:
        lab = TextLabel(text, self.theme.font("detail"), self.theme.muted, self, markup=self.markup)
        lab.setObjectName(name)
        return lab

    def _value_title(self) -> str:
        spec = self.spec
        unit = spec.unit if spec.unit and len(spec.unit) > 3 else ""
        if spec.y_title and unit and unit not in spec.y_title:
            return f"{spec.y_title} ({unit})"
        return spec.y_title or unit

    def _legend_row(self, top: int, names: list[str]) -> int:
        """Series names with colour swatches, in a row (wrapping); returns the y below."""
        t = self.theme
        font = t.font("detail")
        fm = QFontMetrics(font)
        sw = fm.ascent()
        x, y = 0, top
        for i, name in enumerate(names):
            lab = TextLabel(name, font, t.text, self, markup=self.markup, wrap=False)
            lab.setObjectName("legend")
            w = min(lab.needed(self.width()).width(), self.width() - sw - t.px(12))
            if x and x + sw + t.px(12) + w > self.width():
                x, y = 0, y + fm.height() + t.px(8)
            self._swatches.append(
                (QRect(x, y + (fm.height() - sw) // 2, sw, sw), self.colors[i % len(self.colors)])
            )
            lab.fit(QRect(x + sw + t.px(12), y, w, fm.height()))
            x += sw + t.px(12) + w + t.px(36)
        return y + fm.height() + t.px(20)

    # --- x/y plots -------------------------------------------------------------------------

    def _build_plot(self) -> None:
        pg = _pg()
        t, spec, data = self.theme, self.spec, self.data
        horizontal = self.kind == "hbar"
        top = 0
        value_title = self._value_title()
        cat_title = spec.x_title
        head_title = cat_title if horizontal else value_title
        foot_title = value_title if horizontal else cat_title
        if len(data.series) > 1:
            top = self._legend_row(top, [name for name, _ in data.series])
        if head_title:
            lab = self._title(head_title, "y_title" if not horizontal else "x_title")
            top += lab.fit(QRect(0, top, self.width(), t.px(32) * 3)) + t.px(14)
        bottom = self.height()
        if foot_title:
            lab = self._title(foot_title, "x_title" if not horizontal else "y_title")
            lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            h = lab.needed(self.width()).height()
            lab.fit(QRect(0, bottom - h, self.width(), h))
            bottom -= lab.height() + t.px(10)

        value_axis = _value_axis_class()(orientation="bottom" if horizontal else "left")
        cat_axis = pg.AxisItem(orientation="left" if horizontal else "bottom")
        axes = (
            {"bottom": value_axis, "left": cat_axis}
            if horizontal
            else {"left": value_axis, "bottom": cat_axis}
        )
        plot = pg.PlotWidget(parent=self, background=None, axisItems=axes)
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
        item.layout.setContentsMargins(0, 0, t.px(8), 0)
        plot.setGeometry(0, top, self.width(), max(10, bottom - top))

        values = [v for _, vs in data.series for v in vs]
        lo, hi = min(0.0, *values), max(0.0, *values)
        span = (hi - lo) or 1.0
        n = len(data.labels)
        head = 0.16 if spec.value_labels else 0.05
        vlo, vhi = lo - (span * head if lo < 0 else 0), hi + span * head

        label_font = QFontMetrics(self.tick_font)
        widest_value = max(label_font.horizontalAdvance(format_value(v, 0)) for v in (vlo, vhi))
        for axis in (value_axis, cat_axis):
            axis.setStyle(
                tickFont=self.tick_font,
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
        grid = QColor(t.muted)
        grid.setAlpha(46)
        length = plot.width() if horizontal else plot.height()
        per_tick = (
            label_font.horizontalAdvance(format_value(vhi)) * 1.6
            if horizontal
            else label_font.height() * 2.4
        )
        value_ticks = nice_ticks(vlo, vhi, max(2, min(5, int(length / per_tick))))
        tick_texts = [(v, format_value(v, _tick_decimals(value_ticks))) for v in value_ticks]
        value_axis.setTicks([tick_texts, []])
        widest_value = max(widest_value, *(label_font.horizontalAdvance(s) for _, s in tick_texts))
        for v in value_ticks:
            if v == 0:
                continue  # the category axis line is there
            line = pg.InfiniteLine(
                pos=v, angle=90 if horizontal else 0, pen=pg.mkPen(grid, width=t.px(2))
            )
            line.setZValue(-100)
            plot.addItem(line)
        cat_axis.setPen(pg.mkPen(t.muted, width=t.px(2)))
        ticks = self._category_ticks(label_font, horizontal, plot.width() - widest_value)
        cat_axis.setTicks([ticks, []])
        if horizontal:
            widest = max((label_font.horizontalAdvance(s) for _, s in ticks), default=0)
            cat_axis.setWidth(min(widest + t.px(24), self.width() // 2))
            value_axis.setHeight(label_font.height() + t.px(20))
            item.setXRange(vlo, vhi, padding=0)
            item.setYRange(-0.6, n - 0.4, padding=0)
        else:
            value_axis.setWidth(widest_value + t.px(24))
            cat_axis.setHeight(label_font.height() + t.px(20))
            item.setXRange(-0.6, n - 0.4, padding=0)
            item.setYRange(vlo, vhi, padding=0)

        self._build_highlight_band(pg, horizontal, vlo, vhi)
        if self.kind in ("bar", "hbar"):
            self._build_bars(pg, horizontal)
        else:
            self._build_lines(pg)
        self._build_value_labels(pg)
        # lay the plot out now, not at first show: value_point() and grabs are right at once
        plot.resizeEvent(None)
        item.layout.activate()

    def _category_ticks(
        self, fm: QFontMetrics, horizontal: bool, length: int
    ) -> list[tuple[int, str]]:
        labels = self.data.labels
        n = len(labels)
        if horizontal:
            return [
                (n - 1 - i, fm.elidedText(s, Qt.TextElideMode.ElideRight, self.width() // 2))
                for i, s in enumerate(labels)
            ]
        widest = max((fm.horizontalAdvance(s) for s in labels), default=1) + self.theme.px(24)
        every = max(1, math.ceil(n * widest / max(1, length)))
        keep = set(range(0, n, every)) | (
            {self.data.highlight} if self.data.highlight is not None else set()
        )
        return [(i, s) for i, s in enumerate(labels) if i in keep]

    def _x(self, i: int) -> float:
        n = len(self.data.labels)
        return float(n - 1 - i) if self.kind == "hbar" else float(i)

    def _offsets(self) -> tuple[list[float], float]:
        k = len(self.data.series)
        width = 0.66 if k == 1 else 0.8 / k
        return [(j - (k - 1) / 2) * width for j in range(k)], width * (0.92 if k > 1 else 1.0)

    def _build_highlight_band(self, pg: Any, horizontal: bool, vlo: float, vhi: float) -> None:
        h = self.data.highlight
        if h is None or (len(self.data.series) == 1 and self.kind in ("bar", "hbar")):
            return
        band = QColor(self.theme.highlight)
        band.setAlpha(140)
        pen = pg.mkPen(band, width=self.theme.px(3), style=Qt.PenStyle.DashLine)
        item = pg.InfiniteLine(pos=self._x(h), angle=0 if horizontal else 90, pen=pen)
        item.setZValue(-50)
        self.plot.addItem(item)

    def _build_bars(self, pg: Any, horizontal: bool) -> None:
        offsets, width = self._offsets()
        single = len(self.data.series) == 1
        for j, (_, vs) in enumerate(self.data.series):
            color = self.colors[j % len(self.colors)]
            brushes = [
                pg.mkBrush(self.theme.highlight if single and i == self.data.highlight else color)
                for i in range(len(vs))
            ]
            pos = [self._x(i) + offsets[j] for i in range(len(vs))]
            if horizontal:
                bar = pg.BarGraphItem(
                    x0=0, y=pos, height=width, width=vs, brushes=brushes, pen=pg.mkPen(None)
                )
            else:
                bar = pg.BarGraphItem(
                    x=pos, height=vs, width=width, brushes=brushes, pen=pg.mkPen(None)
                )
            self.plot.addItem(bar)
            self._items.append((bar, vs, j))

    def _build_lines(self, pg: Any) -> None:
        t = self.theme
        for j, (_, vs) in enumerate(self.data.series):
            color = self.colors[j % len(self.colors)]
            kwargs: dict[str, Any] = {
                "pen": pg.mkPen(color, width=t.px(6)),
                "symbol": "o",
                "symbolSize": t.px(16),
                "symbolBrush": pg.mkBrush(color),
                "symbolPen": pg.mkPen(t.background, width=t.px(3)),
                "antialias": True,
            }
            if self.kind == "area":
                fill = QColor(color)
                fill.setAlpha(70 if len(self.data.series) == 1 else 45)
                kwargs.update(fillLevel=0.0, fillBrush=pg.mkBrush(fill))
            if len(vs) > 40:
                kwargs["symbol"] = None
            line = pg.PlotDataItem([], [], **kwargs)
            self.plot.addItem(line)
            self._items.append((line, vs, j))
        h = self.data.highlight
        if h is not None:
            spots = pg.ScatterPlotItem(
                x=[float(h)] * len(self.data.series),
                y=[vs[h] for _, vs in self.data.series],
                size=t.px(30),
                brush=pg.mkBrush(t.highlight),
                pen=pg.mkPen(t.background, width=t.px(4)),
                antialias=True,
            )
            self.plot.addItem(spots)
            self._highlight_items.append(spots)

    def _build_value_labels(self, pg: Any) -> None:
        if not self.spec.value_labels:
            return
        n = len(self.data.labels)
        h = self.data.highlight
        font = self.theme.font("value")
        horizontal = self.kind == "hbar"
        offsets, _ = (
            self._offsets() if self.kind in ("bar", "hbar") else ([0.0] * len(self.data.series), 0)
        )
        for j, (_, vs) in enumerate(self.data.series):
            if n * len(self.data.series) <= MAX_VALUE_LABELS:
                chosen = range(n)
            else:  # too many to read: the highlighted and the last ones
                chosen = sorted({n - 1} | ({h} if h is not None else set()))
            for i in chosen:
                v = vs[i]
                color = self.theme.highlight if i == h else self.theme.text
                if horizontal:
                    anchor = (0, 0.5) if v >= 0 else (1, 0.5)
                else:
                    anchor = (0.5, 1) if v >= 0 else (0.5, 0)
                item = pg.TextItem(
                    format_value(v, self.decimals, self.spec.unit), color=color, anchor=anchor
                )
                item.setFont(font)
                self.plot.addItem(item)
                self._value_labels.append((item, j, i, offsets[j]))

    # --- animation and queries ---------------------------------------------------------------

    def set_progress(self, t: float) -> None:
        """Grow the chart in: 0 = empty, 1 = final."""
        self.progress = t
        if self.pie is not None:
            self.pie.set_progress(t)
            return
        for item, vs, _ in self._items:
            if self.kind == "bar":
                item.setOpts(height=[v * t for v in vs])
            elif self.kind == "hbar":
                item.setOpts(width=[v * t for v in vs])
            else:
                xs, ys = _partial_line(vs, t)
                item.setData(xs, ys)
        reach = t * (len(self.data.labels) - 1) if self.kind in ("line", "area") else None
        for item in self._highlight_items:
            item.setVisible(t >= 1.0)
        for item, j, i, off in self._value_labels:
            v = self.data.series[j][1][i]
            if self.kind == "hbar":
                item.setPos(v * t, self._x(i) + off)
                item.setVisible(t > 0.05)
            elif self.kind == "bar":
                item.setPos(self._x(i) + off, v * t)
                item.setVisible(t > 0.05)
            else:
                item.setPos(float(i), v)
                item.setVisible(reach is not None and i <= reach + 1e-9)

    def value_point(self, index: int, series: int = 0) -> QPoint:
        """Where, in this widget, the middle of bar/point/slice `index` is drawn."""
        if self.pie is not None:
            return self.pie.mapTo(self, self.pie.slice_center(index, 0.94).toPoint())
        v = self.data.series[series][1][index] * (
            self.progress if self.kind in ("bar", "hbar") else 1
        )
        if self.kind in ("bar", "hbar"):
            off = self._offsets()[0][series]
            point = (
                QPointF(v / 2, self._x(index) + off)
                if self.kind == "hbar"
                else QPointF(self._x(index) + off, v / 2)
            )
        else:
            point = QPointF(float(index), v)
        vb = self.plot.getPlotItem().vb
        scene = vb.mapViewToScene(point)
        return self.plot.mapTo(self, self.plot.mapFromScene(scene))

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._swatches:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, color in self._swatches:
            painter.setBrush(color)
            painter.drawRoundedRect(rect, rect.width() / 5, rect.width() / 5)
        painter.end()

    def release(self) -> None:
        """Free the plot (pyqtgraph items hold scene references)."""
        if self.plot is not None:
            self.plot.getPlotItem().clear()
            self.plot.close()
            self.plot.deleteLater()
            self.plot = None
            self._items.clear()
            self._value_labels.clear()
            self._highlight_items.clear()

    # --- live data (kiosk.ui.live; added for live sources, kept apart from the rest) -------

    def set_live_data(self, data: ChartData, *, animate: bool = True) -> None:
        """New rows from the chart's live source, in place (no new widget, no empty frame).

        Same categories and series, and the new values inside the value axis: the bars and
        lines move to the new values over LIVE_TWEEN_MS. Anything else (a window that slid,
        a value off the axis, a pie) is laid out again at once, in the same event, so the
        next frame shows the new chart.
        """
        from kiosk.core.loader import ChartData

        old = self.data
        same = (
            self.pie is None
            and self.plot is not None
            and len(data.labels) == len(old.labels)
            and data.highlight == old.highlight
            and [n for n, _ in data.series] == [n for n, _ in old.series]
        )
        if same:
            (x0, x1), (y0, y1) = self.plot.getPlotItem().vb.viewRange()
            lo, hi = (x0, x1) if self.kind == "hbar" else (y0, y1)
            same = all(lo <= v <= hi for _, vs in data.series for v in vs)
        if not same or not animate:
            self._relayout_live(data)  # 20-55 ms at 1080p: only when the shape changed
            return
        if data.labels != old.labels:  # a window that slid: new category names, same places
            self.data = ChartData(data.labels, old.series, old.highlight)
            item = self.plot.getPlotItem()
            horizontal = self.kind == "hbar"
            value_axis = item.getAxis("bottom" if horizontal else "left")
            length = self.plot.width() - (0 if horizontal else value_axis.width())
            ticks = self._category_ticks(QFontMetrics(self.tick_font), horizontal, int(length))
            item.getAxis("left" if horizontal else "bottom").setTicks([ticks, []])
        start = [list(vs) for _, vs in old.series]
        end = [list(vs) for _, vs in data.series]
        self._live_span = (start, end, data)
        tween = getattr(self, "_live_tween", None)
        if tween is None:
            from PySide6.QtCore import QVariantAnimation

            tween = self._live_tween = QVariantAnimation(self)
            tween.setDuration(LIVE_TWEEN_MS)
            tween.setStartValue(0.0)
            tween.setEndValue(1.0)
            tween.valueChanged.connect(self._on_live_tween)
        tween.stop()
        tween.start()

    def _on_live_tween(self, t: object) -> None:
        start, end, data = self._live_span
        k = float(t)  # type: ignore[arg-type]
        series = [
            (name, [a + (b - a) * k for a, b in zip(s0, s1, strict=True)])
            for (name, _), s0, s1 in zip(data.series, start, end, strict=True)
        ]
        from kiosk.core.loader import ChartData

        self.data = ChartData(data.labels, series, data.highlight)
        self._items = [(item, series[j][1], j) for item, _, j in self._items]
        for item, j, i, _ in self._value_labels:
            item.setText(format_value(series[j][1][i], self.decimals, self.spec.unit))
        self.set_progress(1.0)

    def _relayout_live(self, data: ChartData) -> None:
        tween = getattr(self, "_live_tween", None)
        if tween is not None:
            tween.stop()
        self.release()
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        old = self.findChildren(QWidget, options=direct)
        for child in old:
            child.hide()
            child.deleteLater()
        self.pie = None
        self._swatches = []
        self.data = data
        values = [v for _, vs in data.series for v in vs]
        self.decimals = decimals_for(values) if values else 0
        multi = len(data.series) > 1
        self.colors = self.theme.series_colors(avoid_highlight=data.highlight is not None or multi)
        if self.kind in ("pie", "donut"):
            from kiosk.ui.pie import build_pie

            build_pie(self)
        else:
            self._build_plot()
        self.set_progress(1.0)
        for child in self.findChildren(QWidget, options=direct):
            if child not in old:  # made after this chart was shown: Qt leaves them hidden
                child.show()
        self.update()


def _partial_line(vs: list[float], t: float) -> tuple[list[float], list[float]]:
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
