"""Charts for chart and split slides: bar, hbar, line, area (pyqtgraph), pie and donut.

A `ChartView` is one chart laid out in a box. It is a `ChartCanvas` (the labels around a
chart, the legend swatches) that hands the drawing to one `ChartKind` strategy, chosen from
`KINDS` by the spec's `kind`: `plotkinds.BarChart`, `plotkinds.LineChart` (both on
`plot.PlotChart`) or `pie.PieChart`. pyqtgraph is imported on
the first x/y chart, never at start-up. Bars and lines grow in with `set_progress(t)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QWidget

from kiosk.ui.chartkit import ChartCanvas, ChartKind
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from kiosk.core.loader import ChartData, LoadedPlaylist
    from kiosk.core.model import ChartSpec

__all__ = ["KINDS", "ChartView", "derived_points"]


def _bars(canvas: ChartCanvas) -> ChartKind:
    from kiosk.ui.plotkinds import BarChart  # pyqtgraph: on the first x/y chart

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

    @property
    def plot(self) -> Any:
        """The pyqtgraph PlotWidget of an x/y chart (None for a pie)."""
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
        """Free the plot (pyqtgraph items hold scene references)."""
        self.chart.release()
