"""Charts for chart and split slides: bar, hbar, line, area, pie and donut, all painted
with QPainter (no pyqtgraph, no numpy: together ~37 MiB of private memory, see the README).

A `ChartView` is one chart laid out in a box. It is a `ChartCanvas` (the labels around a
chart, the legend swatches) that hands the drawing to one `ChartKind` strategy, chosen from
`KINDS` by the spec's `kind`: `plotkinds.BarChart`, `plotkinds.LineChart` (both on
`plot.PlotChart`, painted on a `plotarea.PlotArea`) or `pie.PieChart`. Bars and lines grow in
with `set_progress(t)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QVariantAnimation
from PySide6.QtWidgets import QWidget

from kiosk.ui.chartkit import ChartCanvas, ChartKind, value_decimals
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from kiosk.core.loader import ChartData, LoadedPlaylist
    from kiosk.core.model import ChartSpec

__all__ = ["KINDS", "LIVE_TWEEN_MS", "ChartView", "derived_points"]

LIVE_TWEEN_MS = 700  # a live update moves the bars and lines to their new values


def _bars(canvas: ChartCanvas) -> ChartKind:
    from kiosk.ui.plotkinds import BarChart

    return BarChart(canvas)


def _lines(canvas: ChartCanvas) -> ChartKind:
    from kiosk.ui.plotkinds import LineChart

    return LineChart(canvas)


def _pie(canvas: ChartCanvas) -> ChartKind:
    from kiosk.ui.pie import PieChart

    return PieChart(canvas)


KINDS: dict[str, Callable[[ChartCanvas], ChartKind]] = {
    "bar": _bars,
    "hbar": _bars,
    "line": _lines,
    "area": _lines,
    "pie": _pie,
    "donut": _pie,
}


def derived_points(loaded: LoadedPlaylist, spec: ChartSpec) -> list[bool] | None:
    """Which rows of a chart's data file are derived, not reported: a `derived` column saying
    `yes` (data/README.md). None when the file has no such column (or the chart is inline)."""
    if spec.data is None:
        return None
    table = loaded.table(spec.data)
    if "derived" not in table.columns:
        return None
    flags = [s.strip().lower() in ("yes", "true", "1") for s in table.texts("derived")]
    return flags if any(flags) else None


class ChartView(ChartCanvas):
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
        derived: Sequence[bool] | None = None,
    ) -> None:
        super().__init__(spec, data, theme, size, parent, markup=markup, derived=derived)
        self.progress = 1.0
        self.chart: ChartKind = KINDS[spec.kind](self)
        self.set_progress(1.0)
        self._tween = QVariantAnimation(self)  # live updates: old values to new
        self._tween.setDuration(LIVE_TWEEN_MS)
        self._tween.setStartValue(0.0)
        self._tween.setEndValue(1.0)
        self._tween.valueChanged.connect(self._on_tween)
        self._tween_span: tuple[list[list[float]], list[list[float]]] = ([], [])

    @property
    def plot(self) -> Any:
        """The `plotarea.PlotArea` of an x/y chart (None for a pie, or once released)."""
        return getattr(self.chart, "plot", None)

    @property
    def pie(self) -> Any:
        """The PieView of a pie or donut (None otherwise)."""
        return getattr(self.chart, "pie", None)

    def set_progress(self, t: float) -> None:
        """Grow the chart in: 0 = empty, 1 = final."""
        self.progress = t
        self.chart.set_progress(t)

    def value_point(self, index: int, series: int = 0) -> QPoint:
        """Where, in this widget, the middle of bar/point/slice `index` is drawn."""
        return self.chart.value_point(index, series)

    def value_texts(self) -> list[str]:
        return self.chart.value_texts()

    def value_label_rects(self) -> list[QRect]:
        return self.chart.value_label_rects()

    def release(self) -> None:
        """Free the plot: its widget, the geometry it cached for its size."""
        self._tween.stop()
        self.chart.release()

    # --- live data (kiosk.ui.live) ------------------------------------------------------------

    def set_live_data(self, data: ChartData, *, animate: bool = True) -> None:
        """New rows from the chart's live source. Same shape: the bars and lines move to the
        new values over LIVE_TWEEN_MS, in place. Another shape (rows added, a value off the
        axis, a pie): laid out again in this event, so the next frame shows the new chart
        (no empty frame)."""
        if data == self.data:
            return
        self._tween.stop()
        before, after = self.data, [list(vs) for _, vs in data.series]
        if not self._same_shape(data):
            self._relayout(data)
            return
        self.data = data
        if data.labels != before.labels:
            self.chart.set_categories()  # type: ignore[attr-defined]
        if animate and self.isVisible():
            self._tween_span = ([list(vs) for _, vs in before.series], after)
            self._tween.start()
        else:
            self.chart.show_values(after)  # type: ignore[attr-defined]

    def _same_shape(self, data: ChartData) -> bool:
        """An x/y chart of as many categories and the same series, every value on its axis."""
        old = self.data
        if self.plot is None or len(data.labels) != len(old.labels):
            return False
        if data.highlight != old.highlight or [n for n, _ in data.series] != [
            n for n, _ in old.series
        ]:
            return False
        lo, hi = self.chart.value_span()  # type: ignore[attr-defined]
        return all(lo <= v <= hi for _, vs in data.series for v in vs)

    def _on_tween(self, value: object) -> None:
        t = float(value)  # type: ignore[arg-type]
        start, end = self._tween_span
        mid = [
            [a + (b - a) * t for a, b in zip(s, e, strict=True)]
            for s, e in zip(start, end, strict=True)
        ]
        self.chart.show_values(mid)  # type: ignore[attr-defined]

    def _relayout(self, data: ChartData) -> None:
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        old = self.findChildren(QWidget, options=direct)
        self.chart.release()
        for child in old:
            child.hide()
            child.deleteLater()
        self.data = data
        n = len(data.labels)
        self.derived = (self.derived + [False] * n)[:n]
        self._swatches = []
        self.decimals = value_decimals(data)
        multi = len(data.series) > 1
        self.colors = self.theme.series_colors(avoid_highlight=data.highlight is not None or multi)
        self.chart = KINDS[self.spec.kind](self)
        self.set_progress(1.0)
        for child in self.findChildren(QWidget, options=direct):
            if child not in old:  # made after this chart was shown: Qt leaves them hidden
                child.show()
        self.update()
