"""Axis helpers for the x/y charts: pyqtgraph on first use, a value axis that writes
thousands separators, category labels wrapped onto two lines instead of dropped."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

__all__ = ["pg_module", "value_axis_class", "wrap_label"]


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
