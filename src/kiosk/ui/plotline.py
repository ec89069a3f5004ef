"""A line chart's series in plain Python: what each frame of its grow-in draws.

A line grows in over ~1 s at up to 60 frames a second, and a line or area chart's CSV may
hold 1,000,000 rows (`kiosk.core.series`, `array('d')` columns). Nothing here loops over
every point on a frame:

- a short series (up to `LONG_SERIES` points, or one with derived points) keeps its points
  and a per-segment "derived" flag, made once; a frame is a slice of them;
- a long series is drawn as its envelope: for each pixel column of the plot, the lowest and
  the highest value of the rows that fall in it (`envelope`), computed once per plot size.
  A vertical stroke from the one to the other a column, joined to the next, covers exactly
  the pixels the whole line would: every spike and every dip stays. For 1,000,000 rows it is
  ~2 × 1,700 slices of the array and `min`/`max` over them (C loops), tens of milliseconds.

No numpy: the import alone was ~15 MiB of private memory, and an array slice is enough.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["LONG_SERIES", "Column", "Series", "partial_line"]

LONG_SERIES = 500  # more points than this: drawn as its per-pixel envelope, when nothing is derived

Column = tuple[int, float, float]  # pixel column, lowest value, highest value


class Series:
    """One series of a line chart: its values, and which of its segments are derived."""

    def __init__(self, values: Sequence[float], derived: Sequence[bool]) -> None:
        self.ys = values  # kept as given: an array('d') of a million rows is not copied
        n = len(values)
        marks = [bool(d) for d in derived[:n]] if any(derived[:n]) else []
        if marks:
            marks += [False] * (n - len(marks))
            # segment k joins points k and k + 1; it is derived when either end is
            self.derived_segments = [marks[k] or marks[k + 1] for k in range(n - 1)]
        else:
            self.derived_segments = []
        self.long = n > LONG_SERIES and not self.derived_segments

    def __len__(self) -> int:
        return len(self.ys)

    def is_derived(self, segment: int) -> bool:
        return bool(self.derived_segments) and self.derived_segments[segment]

    def partial(self, t: float) -> tuple[list[float], list[float]]:
        """The first `t` of the polyline through (i, ys[i]), ending at an interpolated point
        (the same points as `partial_line`)."""
        return partial_line(self.ys, t)

    def pairs(
        self, xs: Sequence[float], ys: Sequence[float]
    ) -> tuple[tuple[list[float], list[float]], tuple[list[float], list[float]]]:
        """The segments of a partial line as (x, y) pairs: (reported, derived), each in the
        order the segments run."""
        out: dict[bool, tuple[list[float], list[float]]] = {False: ([], []), True: ([], [])}
        for k in range(len(xs) - 1):
            px, py = out[self.is_derived(k)]
            px += (xs[k], xs[k + 1])
            py += (ys[k], ys[k + 1])
        return out[False], out[True]

    def envelope(self, x0: float, per_px: float, columns: int) -> list[Column]:
        """The lowest and highest value of the points in each pixel column: column c holds
        the points i with x0 + c * per_px <= i < x0 + (c + 1) * per_px (x0 is the data x at
        the left edge of the plot, per_px the data units a pixel column spans)."""
        ys, n = self.ys, len(self.ys)
        out: list[Column] = []
        a = max(0, math.ceil(x0))
        c = int((a - x0) // per_px) if per_px > 0 else 0
        while a < n and c < columns:
            b = min(n, max(a + 1, math.ceil(x0 + (c + 1) * per_px)))
            chunk = ys[a:b]
            out.append((c, min(chunk), max(chunk)))
            a = b
            c = int((a - x0) // per_px) if a < n else c
        return out


def partial_line(vs: Sequence[float], t: float) -> tuple[list[float], list[float]]:
    """The first `t` of a polyline through (i, vs[i]), ending at an interpolated point."""
    n = len(vs)
    if n == 1 or t >= 1.0:
        return [float(i) for i in range(n)], list(vs)
    reach = max(0.0, t) * (n - 1)
    k = int(reach)
    xs = [float(i) for i in range(k + 1)]
    ys = list(vs[: k + 1])
    frac = reach - k
    if frac > 0 and k + 1 < n:
        xs.append(reach)
        ys.append(vs[k] + (vs[k + 1] - vs[k]) * frac)
    return xs, ys
