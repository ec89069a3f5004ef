"""Axis helpers for the x/y charts: pyqtgraph on first use, a value axis that writes
thousands separators, category labels wrapped onto two lines instead of dropped."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

__all__ = ["pg_module", "value_axis_class", "wrap_label"]

MEASURE_ALL = 500  # category labels up to this many are all measured


@cache
def pg_module() -> Any:
    import pyqtgraph as pg

    return pg


@cache
def value_axis_class() -> type:
    pg = pg_module()

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
    return [(i, s) for i, s in enumerate(labels) if i in keep]


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
