"""What every chart kind shares: the canvas it draws into, and the interface it implements.

A `ChartCanvas` is the box a chart is laid out in (a transparent widget): it holds the spec,
the data, the theme and the series colours, makes the plain-text labels around a chart (axis
titles, legends) and paints the legend swatches. A `ChartKind` strategy (`plot.PlotChart`
for bar/hbar/line/area, `pie.PieChart` for pie/donut) builds its own items on the canvas
through this public surface only; `charts.ChartView` picks the strategy. No strategy imports
another, and none writes into the canvas's private state.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.numbers import SHORT_UNIT, decimals_for
from kiosk.ui.text import TextLabel
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from kiosk.core.loader import ChartData
    from kiosk.core.model import ChartSpec

__all__ = ["SAMPLED_DECIMALS", "ChartCanvas", "ChartKind", "value_decimals"]

SAMPLED_DECIMALS = 10_000  # values looked at to choose the decimals of a long series


def value_decimals(data: ChartData) -> int:
    """How many decimals the chart's values are written with. A series of up to
    `SAMPLED_DECIMALS` values is read whole; of a longer one (machine data, up to a million
    rows: reading all was 0.9 s) every k-th value, the last and the highlighted one, which
    are the ones a long line labels."""
    values: list[float] = []
    for _, vs in data.series:
        n = len(vs)
        if n <= SAMPLED_DECIMALS:
            values += vs
            continue
        values += vs[:: n // SAMPLED_DECIMALS]
        values.append(vs[-1])
        if data.highlight is not None:
            values.append(vs[data.highlight])
    return decimals_for(values) if values else 0


class ChartCanvas(QWidget):
    """The box of one chart: `spec` and `data` in `theme`'s colours, sized `size`.

    derived: per category, True where the value is not reported but derived (drawn dashed
    and without a value label); None when every value is reported.
    """

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
        super().__init__(parent)
        self.setObjectName("chart")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.resize(size)
        self.spec, self.data, self.theme, self.markup = spec, data, theme, markup
        self.kind = spec.kind
        n = len(data.labels)
        self.derived: list[bool] = [bool(d) for d in derived][:n] if derived else []
        self.derived += [False] * (n - len(self.derived))
        self._swatches: list[tuple[QRect, QColor]] = []
        self.decimals = value_decimals(data)
        self.tick_font = theme.font("tick")
        multi = len(data.series) > 1
        self.colors = theme.series_colors(avoid_highlight=data.highlight is not None or multi)

    def is_derived(self, index: int) -> bool:
        return 0 <= index < len(self.derived) and self.derived[index]

    # --- labels around the chart -------------------------------------------------------------

    def title_label(self, text: str, name: str) -> TextLabel:
        """An axis title (muted, in the detail role)."""
        lab = TextLabel(text, self.theme.font("detail"), self.theme.muted, self, markup=self.markup)
        lab.setObjectName(name)
        return lab

    def value_title(self) -> str:
        """The value axis title, with a long unit in brackets ("output (million yuan)")."""
        spec = self.spec
        # a short unit ("%", "°C") is written with each value label; with none, on the axis
        long = spec.unit and (len(spec.unit) > SHORT_UNIT or not spec.value_labels)
        unit = spec.unit if long else ""
        if spec.y_title and unit and unit not in spec.y_title:
            return f"{spec.y_title} ({unit})"
        return spec.y_title or unit

    def add_swatch(self, rect: QRect, color: QColor) -> None:
        self._swatches.append((QRect(rect), QColor(color)))

    def swatches(self) -> list[tuple[QRect, QColor]]:
        return list(self._swatches)

    def legend_row(self, top: int, names: list[str]) -> int:
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
            self.add_swatch(
                QRect(x, y + (fm.height() - sw) // 2, sw, sw), self.colors[i % len(self.colors)]
            )
            lab.fit(QRect(x + sw + t.px(12), y, w, fm.height()))
            x += sw + t.px(12) + w + t.px(36)
        return y + fm.height() + t.px(20)

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


class ChartKind(ABC):
    """One way of drawing a chart on a canvas (bars and lines, a pie). Built at once."""

    def __init__(self, canvas: ChartCanvas) -> None:
        self.canvas = canvas

    @abstractmethod
    def set_progress(self, t: float) -> None:
        """Grow the chart in: 0 = empty, 1 = final."""

    @abstractmethod
    def value_point(self, index: int, series: int = 0) -> QPoint:
        """Where, on the canvas, the middle of bar/point/slice `index` is drawn."""

    def value_texts(self) -> list[str]:
        """The value labels written on the chart, in order (tests, review)."""
        return []

    def value_label_rects(self) -> list[QRect]:
        """Where the value labels are, on the canvas (collision tests)."""
        return []

    def release(self) -> None:
        """Free what holds scene references (plots); nothing by default."""
        return None
