"""The surface an x/y chart is painted on, with QPainter: axes, tick text, gridlines, value
labels, and whatever its chart kind draws in between (bars, lines).

It took the place of a pyqtgraph PlotWidget (with numpy, ~37 MiB of private memory, and a
graphics scene per chart). The geometry is the one that widget had, so the charts look as
they did: the data area (`Frame.box`) is the widget less the value axis (the widest tick
text and 24 px) and the category axis (a line of tick text and 20 px); tick text sits 14 px
from its axis; a category label that does not fit along its axis is not drawn (it would be
cut), a value tick's text may reach 40 px past the end of its axis.

Nothing here is cached per chart beyond what the widget holds itself (`PlotChart.release`
drops it): the soak test builds thousands of charts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.ui.plotaxes import Frame, cut_span

if TYPE_CHECKING:
    from kiosk.ui.plot import PlotChart

__all__ = ["LABEL_MARGIN", "Axis", "PlotArea", "ValueLabel", "gridlines"]

LABEL_MARGIN = 4.0  # around a value label's text (what a QGraphicsTextItem had)
_TEXT_FLAGS = Qt.TextFlag.TextDontClip


@dataclass
class Axis:
    """One axis: where it is (`bounds`, the box its tick text must stay in), its ticks as
    (position along the axis in data units, text), and how it is drawn."""

    side: str  # "left" or "bottom"
    bounds: QRectF
    ticks: list[tuple[float, str]]
    font: QFont
    color: QColor
    offset: float  # tick text from the axis line, px
    line: QPen | None = None  # the axis line (the category axis); None: no line
    overhang: float = 0.0  # how far tick text may reach past the ends of the axis

    def text_rects(self, frame: Frame) -> list[tuple[QRectF, Qt.AlignmentFlag, str]]:
        """The tick texts that are drawn, with their boxes (a text that would leave the
        axis's bounds is dropped, as pyqtgraph's `hideOverlappingLabels` did)."""
        fm = QFontMetricsF(self.font)
        m = self.overhang
        if self.side == "left":
            allowed = self.bounds.adjusted(0, -m, 0, m)
        else:
            allowed = self.bounds.adjusted(-m, 0, m, 0)
        out: list[tuple[QRectF, Qt.AlignmentFlag, str]] = []
        moved = False  # the last label kept was moved inside the axis
        for at, text in self.ticks:
            size = fm.boundingRect(QRectF(0, 0, 100, 100), Qt.AlignmentFlag.AlignCenter, text)
            w, h = size.width(), size.height() * 0.8
            if self.side == "left":
                y = frame.px(0.0, at).y() if frame.y1 != frame.y0 else 0.0
                rect = QRectF(self.bounds.right() - self.offset - w, y - h / 2, w, h)
                align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            else:
                x = frame.px(at, frame.y0).x()
                rect = QRectF(x - w / 2, self.bounds.top() + self.offset, w, h)
                align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                if self.line is not None and allowed.left() <= x <= allowed.right():
                    # a category at an end of a long axis (the first reading of machine
                    # data): moved inside its axis rather than dropped
                    shift = max(0.0, allowed.left() - rect.left())
                    shift = shift or min(0.0, allowed.right() - rect.right())
                    rect.translate(shift, 0)
            if allowed & rect != rect:
                continue
            if out and self.side == "bottom" and rect.left() < out[-1][0].right() + fm.height() / 2:
                if not moved:
                    continue  # it would touch the label before it
                out.pop()  # a label moved inside gives way: the others stay evenly spaced
            moved = self.side == "bottom" and rect.center().x() != frame.px(at, frame.y0).x()
            out.append((rect, align, text))
        return out

    def paint(self, painter: QPainter, frame: Frame) -> None:
        if self.line is not None:
            painter.setPen(self.line)
            b = self.bounds
            if self.side == "left":
                painter.drawLine(QLineF(b.right() - 1, b.top() - 1, b.right() - 1, b.bottom() + 1))
            else:
                painter.drawLine(QLineF(b.left() - 1, b.top() + 1, b.right() + 1, b.top() + 1))
        painter.setFont(self.font)
        painter.setPen(self.color)
        for rect, align, text in self.text_rects(frame):
            painter.drawText(rect, int(align.value) | int(_TEXT_FLAGS.value), text)


@dataclass
class ValueLabel:
    """A value written at its bar or point: `anchor` is the share of its box left of and
    above the point it belongs to (`at`, in data units)."""

    text: str
    series: int
    index: int
    offset: float  # the bar's offset from its category (several series)
    color: QColor
    anchor: tuple[float, float]
    at: QPointF = field(default_factory=QPointF)
    visible: bool = True

    def size(self, fm: QFontMetricsF) -> tuple[float, float]:
        return (
            fm.horizontalAdvance(self.text) + 2 * LABEL_MARGIN,
            fm.height() + 2 * LABEL_MARGIN,
        )

    def rect(self, frame: Frame, fm: QFontMetricsF, at: QPointF | None = None) -> QRectF:
        """Its box in the plot's pixels (where it is, or where it would be at `at`)."""
        w, h = self.size(fm)
        p = frame.px((at or self.at).x(), (at or self.at).y())
        return QRectF(p.x() - self.anchor[0] * w, p.y() - self.anchor[1] * h, w, h)


def gridlines(
    frame: Frame, ticks: list[float], labels: list[QRectF], horizontal: bool, gap: float
) -> list[QLineF]:
    """A line across the data area at each value tick, broken `gap` px around the labels."""
    f = frame
    segments: list[QLineF] = []
    for v in ticks:
        a = f.px(v, f.y1) if horizontal else f.px(f.x0, v)
        b = f.px(v, f.y0) if horizontal else f.px(f.x1, v)
        cuts = []
        for r in labels:
            if horizontal and r.left() - gap <= a.x() <= r.right() + gap:
                cuts.append((r.top() - gap, r.bottom() + gap))
            elif not horizontal and r.top() - gap <= a.y() <= r.bottom() + gap:
                cuts.append((r.left() - gap, r.right() + gap))
        lo, hi = (a.y(), b.y()) if horizontal else (a.x(), b.x())
        for p0, p1 in cut_span(lo, hi, cuts):
            if horizontal:
                segments.append(QLineF(a.x(), p0, a.x(), p1))
            else:
                segments.append(QLineF(p0, a.y(), p1, a.y()))
    return segments


class PlotArea(QWidget):
    """The widget an x/y chart paints on (laid out by `plot.PlotChart`, which it asks to
    draw its bars or lines). Not interactive: no mouse, no focus, no menu."""

    def __init__(self, parent: QWidget, chart: PlotChart) -> None:
        super().__init__(parent)
        self.setObjectName("plot")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.chart: PlotChart | None = chart
        self.frame = Frame(QRectF(0, 0, 1, 1), 0.0, 1.0, 0.0, 1.0)
        self.axes: list[Axis] = []
        self.gridlines: list[QLineF] = []
        self.grid_pen = QPen()
        self.labels: list[ValueLabel] = []
        self.label_font = QFont()

    def paintEvent(self, event: QPaintEvent) -> None:
        chart = self.chart
        if chart is None:
            return
        painter = QPainter(self)
        if self.gridlines:
            painter.setPen(self.grid_pen)
            painter.drawLines(self.gridlines)
        chart.paint_items(painter)
        self.paint_labels(painter)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for axis in self.axes:
            axis.paint(painter, self.frame)
        painter.end()

    def paint_labels(self, painter: QPainter) -> None:
        if not self.labels:
            return
        painter.setFont(self.label_font)
        fm = QFontMetricsF(self.label_font)
        for label in self.labels:
            if not label.visible:
                continue
            box = label.rect(self.frame, fm)
            painter.setPen(label.color)
            text_box = box.adjusted(LABEL_MARGIN, LABEL_MARGIN, -LABEL_MARGIN, -LABEL_MARGIN)
            painter.drawText(text_box, int(Qt.AlignmentFlag.AlignCenter.value), label.text)

    def release(self) -> None:
        """Forget the chart (it holds this widget: no cycle left behind)."""
        self.chart = None
        self.labels = []
        self.gridlines = []
        self.axes = []
