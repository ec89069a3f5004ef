"""Axis helpers for the x/y charts: the mapping from values to pixels, the value range,
category labels wrapped onto two lines instead of dropped, gridlines cut around labels."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetrics

__all__ = [
    "Frame",
    "category_ticks",
    "cut_span",
    "hbar_category_ticks",
    "value_range",
    "wrap_label",
]

MEASURE_ALL = 500  # category labels up to this many are all measured


@dataclass(frozen=True)
class Frame:
    """Where the data area of a chart is (`box`, in the plot's pixels) and which ranges it
    shows: x0..x1 left to right, y0..y1 bottom to top. A horizontal bar chart has its values
    along x and its categories along y, as a vertical one has them the other way round."""

    box: QRectF
    x0: float
    x1: float
    y0: float
    y1: float

    def px(self, x: float, y: float) -> QPointF:
        """The pixel of the data point (x, y)."""
        b = self.box
        return QPointF(
            b.left() + (x - self.x0) / (self.x1 - self.x0) * b.width(),
            b.bottom() - (y - self.y0) / (self.y1 - self.y0) * b.height(),
        )

    def kx(self) -> float:
        """Pixels per unit along x."""
        return self.box.width() / (self.x1 - self.x0)

    def ky(self) -> float:
        """Pixels per unit along y (upwards)."""
        return self.box.height() / (self.y1 - self.y0)


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


def value_range(
    lo: float, hi: float, ticks: list[float], length: int, need: int
) -> tuple[float, float]:
    """The value axis range for data in lo..hi on an axis `length` px long: the ticks, and
    `need` px beyond the data for value labels (below too, when there are negative values)."""
    a = need
    b = need if lo < 0 else 0
    span = (hi - lo) or 1.0
    share = min(0.6, (a + b) / length)
    full = span / (1 - share)
    return min(lo - full * b / length, ticks[0]), max(hi + full * a / length, ticks[-1])


def hbar_category_ticks(labels: list[str], fm: QFontMetrics, width: int) -> list[tuple[int, str]]:
    """Horizontal bars: every category, top to bottom, wrapped to `width`."""
    n = len(labels)
    return [(n - 1 - i, wrap_label(s, fm, width)) for i, s in enumerate(labels)]


def category_ticks(
    labels: list[str], highlight: int | None, fm: QFontMetrics, length: int, pad: int
) -> list[tuple[int, str]]:
    """Vertical bars and lines: every `k`-th category that fits along `length` px, and the
    highlighted one."""
    n = len(labels)
    if n <= MEASURE_ALL:
        widest = max((fm.horizontalAdvance(s) for s in labels), default=1) + pad
        every = max(1, math.ceil(n * widest / max(1, length)))
    else:  # thousands of rows: measure the labels that would be shown, widen until they fit
        every = math.ceil(n / MEASURE_ALL)
        for _ in range(4):
            widest = max(fm.horizontalAdvance(labels[i]) for i in range(0, n, every)) + pad
            step = max(1, math.ceil(n * widest / max(1, length)))
            if step <= every:
                break
            every = step
    keep = set(range(0, n, every)) | ({highlight} if highlight is not None else set())
    return [(i, labels[i]) for i in sorted(keep)]  # not every label: a million are made on demand


def cut_span(
    lo: float, hi: float, cuts: Sequence[tuple[float, float]]
) -> list[tuple[float, float]]:
    """The parts of lo..hi left when every (start, end) in `cuts` is taken out (gridlines
    broken around value labels); parts of a pixel or less are dropped."""
    pieces = [(lo, hi)]
    for c0, c1 in cuts:
        pieces = [
            part
            for p0, p1 in pieces
            for part in ((p0, min(p1, c0)), (max(p0, c1), p1))
            if part[1] - part[0] > 1
        ]
    return pieces
