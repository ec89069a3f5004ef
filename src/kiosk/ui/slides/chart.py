"""Chart slide: a heading, the chart, its source and note lines.

Rows of the data file marked `derived = yes` are drawn as derived (dashed, no value label);
the slide's `note` says how they were derived.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

from kiosk.core.chartlang import localize_chart
from kiosk.core.model import ChartSlide
from kiosk.ui.charts import ChartView, derived_points
from kiosk.ui.slides.base import SlideContext, SlideView

__all__ = ["ChartSlideView"]

GROW_MS = 1100


class ChartSlideView(SlideView):
    slide: ChartSlide

    def __init__(self, slide: ChartSlide, ctx: SlideContext, parent: QWidget | None = None) -> None:
        super().__init__(slide, ctx, parent)
        c = self.theme.content()
        top = self.place_heading(slide.heading)
        bottom = self.place_footer([(slide.note, "note"), (slide.source, "source")])
        box = QRect(c.left(), top, c.width(), max(10, bottom - top))
        spec, data = localize_chart(
            slide, ctx.loaded.chart_data(slide), self.languages, self._fallback
        )
        self.chart = ChartView(
            spec,
            data,
            self.theme,
            QSize(box.size()),
            self,
            markup=self.markup,
            derived=derived_points(ctx.loaded, slide),
        )
        self.chart.move(box.topLeft())
        self.animate(self.chart.set_progress, GROW_MS)
        self.live = None
        if slide.live is not None:
            from kiosk.ui.live import bind_chart

            self.live = bind_chart(self, self.chart)

    def release(self) -> None:
        super().release()
        self.chart.release()
