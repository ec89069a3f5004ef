"""The two families of x/y chart: bars (bar, hbar) and lines (line, area).

Each paints its items in the frame `plot.PlotChart` has laid out, at a progress (grow-in).
Derived values (rows marked `derived = yes`) are drawn as derived: a bar as a dashed outline
with a faint fill, a line segment touching a derived point dashed, without a marker; neither
gets a value label (`PlotChart` leaves them out). A long line (`plotline.LONG_SERIES`) is
drawn as its per-pixel-column envelope, made once per plot size (`plotline.Series.envelope`).
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QLineF, QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF

from kiosk.ui.plot import PlotChart
from kiosk.ui.plotline import Column, Series, partial_line

__all__ = ["BarChart", "LineChart", "partial_line"]


class BarChart(PlotChart):
    """Vertical (bar) or horizontal (hbar) bars, one colour a series."""

    def _build_items(self, vlo: float) -> None:
        c = self.canvas
        self._values_now = [list(vs) for _, vs in c.data.series]
        self._styles: list[list[tuple[QColor, QPen | None]]] = []
        single = len(c.data.series) == 1
        for j, (_, vs) in enumerate(c.data.series):
            color = c.colors[j % len(c.colors)]
            row: list[tuple[QColor, QPen | None]] = []
            for i in range(len(vs)):
                fill = QColor(c.theme.highlight if single and i == c.data.highlight else color)
                pen = None
                if c.is_derived(i):  # an outline and a faint fill: not a reported figure
                    pen = QPen(QColor(fill), c.theme.px(3), Qt.PenStyle.DashLine)
                    fill.setAlpha(60)
                row.append((fill, pen))
            self._styles.append(row)

    def _grow(self, t: float) -> None:
        return None  # paint_items reads the progress

    def paint_items(self, painter: QPainter) -> None:
        f = self.frame
        painter.save()
        painter.setClipRect(f.box)
        self.paint_highlight_line(painter)
        offsets, width = self._offsets()
        t = self.progress
        for j, vs in enumerate(self._values_now):
            for i, v in enumerate(vs):
                x = self._x(i) + offsets[j]
                if self.horizontal:
                    rect = QRectF(f.px(0.0, x + width / 2), f.px(v * t, x - width / 2))
                else:
                    rect = QRectF(f.px(x - width / 2, v * t), f.px(x + width / 2, 0.0))
                fill, pen = self._styles[j][i]
                painter.setPen(pen if pen is not None else Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRect(rect.normalized())
        painter.restore()

    def _set_values(self, series: list[list[float]]) -> None:
        self._values_now = [list(vs) for vs in series]

    def bar_rect(self, index: int, series: int = 0) -> QRectF:
        """Where bar `index` of `series` is drawn now, on the canvas."""
        offsets, width = self._offsets()
        v = self._values_now[series][index] * self.progress
        x = self._x(index) + offsets[series]
        f = self.frame
        if self.horizontal:
            rect = QRectF(f.px(0.0, x + width / 2), f.px(v, x - width / 2))
        else:
            rect = QRectF(f.px(x - width / 2, v), f.px(x + width / 2, 0.0))
        return rect.normalized().translated(QPointF(self.area.pos()))

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

    def _build_items(self, vlo: float) -> None:
        c = self.canvas
        self._fill_level = max(0.0, vlo)
        self._series = [Series(vs, c.derived) for _, vs in c.data.series]
        self._envelopes: dict[int, list[Column]] = {}
        self._envelope_size = QSize()
        self._images: dict[tuple[int, tuple[int, int]], QImage] = {}
        self._geometry: list[tuple[list[QPointF], list[int], list[int]]] = []
        self._geometry_size = QSize()

    def _grow(self, t: float) -> None:
        return None  # paint_items reads the progress

    # --- what is drawn -------------------------------------------------------------------------

    def _points(self, j: int) -> tuple[list[QPointF], list[int], list[int]]:
        """A short series in plot pixels: its points, and its reported and derived segments
        (segment k joins point k and k + 1), made once per size."""
        size = self.area.size()
        if size != self._geometry_size:
            self._geometry, self._geometry_size = [], size
            f = self.frame
            for s in self._series:
                pts = [f.px(float(i), v) for i, v in enumerate(s.ys)] if not s.long else []
                segs = range(len(pts) - 1)
                solid = [k for k in segs if not s.is_derived(k)]
                self._geometry.append((pts, solid, [k for k in segs if s.is_derived(k)]))
        return self._geometry[j]

    def envelope(self, series: int = 0) -> list[Column]:
        """A long series' lowest and highest value in each pixel column of the data area
        (column 0 at its left edge), made once per plot size."""
        size = self.area.size()
        if size != self._envelope_size:
            self._envelopes, self._envelope_size = {}, size
        if series not in self._envelopes:
            f = self.frame
            per_px = (f.x1 - f.x0) / max(1.0, f.box.width())
            columns = int(f.box.width()) + 1
            self._envelopes[series] = self._series[series].envelope(f.x0, per_px, columns)
        return self._envelopes[series]

    def _envelope_lines(self, columns: list[Column]) -> list[QLineF]:
        """One vertical stroke a column, reaching to the range of the column before (the
        line between them), and a line across a gap of columns with no point."""
        f = self.frame
        left, ky, y0, bottom = f.box.left() + 0.5, f.ky(), f.y0, f.box.bottom()
        out: list[QLineF] = []
        prev: Column | None = None
        for col in columns:
            c, lo, hi = col
            x = left + c
            if prev is not None and c - prev[0] > 1:  # sparse: join the points
                out.append(
                    QLineF(left + prev[0], bottom - (prev[2] - y0) * ky, x, bottom - (lo - y0) * ky)
                )
            elif prev is not None:
                lo, hi = min(lo, prev[2]), max(hi, prev[1])
            out.append(QLineF(x, bottom - (lo - y0) * ky, x, bottom - (hi - y0) * ky))
            prev = col
        return out

    def _reach_x(self) -> float:
        """The pixel x the grow-in has reached."""
        n = len(self.canvas.data.labels)
        return self.frame.px(self.progress * max(0, n - 1), 0.0).x()

    def paint_items(self, painter: QPainter) -> None:
        c, f = self.canvas, self.frame
        t = c.theme
        painter.save()
        painter.setClipRect(f.box)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint_highlight_line(painter)
        multi = len(self._series) > 1
        for j, s in enumerate(self._series):
            color = c.colors[j % len(c.colors)]
            if s.long:
                self._paint_long(painter, j, color, multi)
            else:
                self._paint_short(painter, j, color, multi)
        if self.progress >= 1.0 and c.data.highlight is not None:
            h = c.data.highlight
            painter.setPen(QPen(t.background, t.px(4)))
            painter.setBrush(t.highlight)
            r = t.px(30) / 2
            for _, vs in c.data.series:
                painter.drawEllipse(f.px(float(h), vs[h]), r, r)
        painter.restore()

    def _fill_color(self, color: QColor, multi: bool) -> QColor:
        fill = QColor(color)
        fill.setAlpha(45 if multi else 70)
        return fill

    def _paint_long(self, painter: QPainter, j: int, color: QColor, multi: bool) -> None:
        """The envelope, from a picture of it made once per size (its ~1,700 wide strokes
        were ~7 ms a frame); during the grow-in the picture is cut at the line's reach."""
        f = self.frame
        key = (j, self.area.size().toTuple())
        image = self._images.get(key)
        if image is None:
            image = self._envelope_image(j, color, multi)
            self._images = {k: v for k, v in self._images.items() if k[1] == key[1]}
            self._images[key] = image
        box = f.box.toAlignedRect()
        if self.progress < 1.0:
            width = round(self._reach_x() - box.left())
            painter.drawImage(box.topLeft(), image, QRect(0, 0, max(0, width), box.height()))
        else:
            painter.drawImage(box.topLeft(), image)

    def _envelope_image(self, j: int, color: QColor, multi: bool) -> QImage:
        f = self.frame
        box = f.box.toAlignedRect()
        image = QImage(box.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-box.left(), -box.top())
        columns = self.envelope(j)
        if self.kind == "area" and columns:
            left, ky, y0, bottom = f.box.left() + 0.5, f.ky(), f.y0, f.box.bottom()
            level = bottom - (self._fill_level - y0) * ky
            tops = [QPointF(left + col, bottom - (hi - y0) * ky) for col, _, hi in columns]
            poly = QPolygonF(
                [QPointF(left + columns[0][0], level), *tops, QPointF(left + columns[-1][0], level)]
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._fill_color(color, multi))
            painter.drawPolygon(poly)
        pen = QPen(color, self.canvas.theme.px(6))
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        painter.setPen(pen)
        painter.drawLines(self._envelope_lines(columns))
        painter.end()
        return image

    def release(self) -> None:
        """Drop what was made for the plot's size (the envelope, its picture, the points)."""
        self._images = {}
        self._envelopes = {}
        self._geometry = []
        super().release()

    def _paint_short(self, painter: QPainter, j: int, color: QColor, multi: bool) -> None:
        t, f = self.canvas.theme, self.frame
        pts, solid, dashed = self._points(j)
        n = len(pts)
        if not n:
            return
        reach = self.progress * (n - 1)
        k = int(reach)  # segments 0..k-1 whole, segment k partly
        end = pts[k]
        if k + 1 < n and reach > k:
            a, b = pts[k], pts[k + 1]
            end = a + (b - a) * (reach - k)
        if self.kind == "area":
            level = f.px(0.0, self._fill_level).y()
            poly = QPolygonF([QPointF(pts[0].x(), level), *pts[: k + 1], end])
            poly.append(QPointF(end.x(), level))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._fill_color(color, multi))
            painter.drawPolygon(poly)
        for segments, pen in (
            (solid, QPen(color, t.px(6), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)),
            (dashed, QPen(color, t.px(4), Qt.PenStyle.DashLine)),
        ):
            whole = bisect.bisect_left(segments, k)  # the segments before the k-th
            lines = [QLineF(pts[s], pts[s + 1]) for s in segments[:whole]]
            if k + 1 < n and reach > k and whole < len(segments) and segments[whole] == k:
                lines.append(QLineF(pts[k], end))
            if lines:
                painter.setPen(pen)
                painter.drawLines(lines)
        if n <= 40:
            painter.setPen(QPen(t.background, t.px(3)))
            painter.setBrush(color)
            r = t.px(16) / 2
            for i in self.markers(j):
                painter.drawEllipse(pts[i], r, r)

    def markers(self, series: int = 0) -> list[int]:
        """The points that carry a marker now: reported ones the grow-in has reached (none
        on a series of more than 40 points)."""
        vs = self.canvas.data.series[series][1]
        if len(vs) > 40:
            return []
        reach = self.progress * (len(vs) - 1) + 1e-9
        return [k for k in range(len(vs)) if k <= reach and not self.canvas.is_derived(k)]

    def segments(self, series: int = 0) -> tuple[list[QLineF], list[QLineF]]:
        """A short series' segments drawn solid and dashed (derived), on the canvas."""
        pts, solid, dashed = self._points(series)
        at = QPointF(self.area.pos())
        return (
            [QLineF(pts[s], pts[s + 1]).translated(at) for s in solid],
            [QLineF(pts[s], pts[s + 1]).translated(at) for s in dashed],
        )

    def _place_labels(self) -> None:
        """Move each line label above its point and off the line's two segments."""
        if self.bars or not self.area.labels:
            return
        f = self.frame
        w = f.box.width()
        kx, ky = f.kx(), f.ky()  # px per category, px per value unit
        base = self.canvas.theme.px(16)  # past the marker and the line's half width
        from PySide6.QtGui import QFontMetricsF

        fm = QFontMetricsF(self.value_font)
        for label in self.area.labels:
            vs = self.canvas.data.series[label.series][1]
            i = label.index
            lw, lh = label.size(fm)
            rise_l = (vs[i] - vs[i - 1]) * ky / kx if i > 0 else None  # px up per px right
            rise_r = (vs[i + 1] - vs[i]) * ky / kx if i + 1 < len(vs) else None
            px = (i - f.x0) * kx
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
            label.anchor = (ax, 1 + d / max(1.0, lh))

    def _set_values(self, series: list[list[float]]) -> None:
        # same shape (live data): how each series is drawn stays, only its values change
        derived = self.canvas.derived
        self._series = [Series(vs, derived) for vs in series]
        self._geometry_size = QSize()
        self._envelope_size = QSize()
        self._images = {}

    def value_point(self, index: int, series: int = 0) -> QPoint:
        return self._to_canvas(QPointF(float(index), self.canvas.data.series[series][1][index]))

    def line_points(self, series: int = 0) -> list[QPoint]:
        """Where each point of a line is, on the canvas (collision tests)."""
        vs = self.canvas.data.series[series][1]
        return [self._to_canvas(QPointF(float(i), v)) for i, v in enumerate(vs)]
