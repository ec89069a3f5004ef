"""How numbers are written on slides: decimals, thousands separators, units, ticks, percentages.

Plain Python (no Qt), shared by the charts and the metric slide, so that "195,742" and
"23.06%" are written the same way everywhere and can be tested without a display.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = [
    "covering_ticks",
    "decimals_for",
    "format_number",
    "format_value",
    "nice_ticks",
    "percent_text",
    "scale_for",
    "whole",
]

SHORT_UNIT = 3  # units up to this many characters follow the number; longer ones go in titles
_TIGHT_UNITS = ("%", "‰", "°")


def decimals_for(values: Iterable[float]) -> int:
    """How many decimals show these values faithfully (0 to 2)."""
    vs = list(values)
    for d in range(3):
        if all(abs(v * 10**d - round(v * 10**d)) < 1e-6 * max(1.0, abs(v)) for v in vs):
            return d
    return 2


def whole(value: float) -> bool:
    """True when `value` is a whole number (40.0), so it is written without decimals."""
    return decimals_for([value]) == 0


def format_number(value: float, decimals: int = 0, point: str = ".", group: str = ",") -> str:
    """`195742.5` → `195,742.5`, with a language's decimal point and group separator
    (the Qt side reads them from CLDR: `QLocale(tag).decimalPoint()`, `groupSeparator()`)."""
    text = f"{value:,.{decimals}f}"
    if (point, group) == (".", ","):
        return text
    table: dict[str, str | int | None] = {",": group, ".": point}
    return text.translate(str.maketrans(table))


def scale_for(scales: dict[str, float] | None, lang: str) -> float:
    """A field's `unit_scale` factor for `lang` (exact tag, else the same base language; 1)."""
    if not scales:
        return 1.0
    if lang in scales:
        return scales[lang]
    base = lang.split("-", 1)[0].lower()
    for tag, factor in scales.items():
        if tag.lower() == lang.lower() or tag.split("-", 1)[0].lower() == base:
            return factor
    return 1.0


def format_value(
    value: float, decimals: int = 0, unit: str = "", point: str = ".", group: str = ","
) -> str:
    """`195742` → `195,742`; a short unit is appended (`23.06%`, `1,200 bn`)."""
    text = format_number(value, decimals, point, group)
    if unit and len(unit) <= SHORT_UNIT:
        text += unit if unit in _TIGHT_UNITS else f"\u2009{unit}"
    return text


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values covering [lo, hi], about `target` steps (1, 2, 2.5 or 5 × 10^k)."""
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / max(1, target)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    v = first
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 10))
        v += step
    return ticks


def covering_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Like `nice_ticks`, but the last tick is at or above `hi` (and the first at or below
    `lo`), so that no value is drawn above the last gridline without a figure beside it."""
    ticks = nice_ticks(lo, hi, target)
    if len(ticks) < 2:
        return ticks
    step = ticks[1] - ticks[0]
    if ticks[-1] < hi - step * 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    if ticks[0] > lo + step * 1e-9:
        ticks.insert(0, round(ticks[0] - step, 10))
    return ticks


def percent_text(fraction: float) -> str:
    """`0.4` → `40%`; below one percent one decimal (`0.5%`)."""
    pct = fraction * 100
    if pct != 0 and abs(pct) < 1:
        return f"{pct:.1f}%"
    return f"{pct:.0f}%"
