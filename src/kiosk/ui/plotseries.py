"""A line chart's series as numpy arrays: what each frame of its grow-in draws.

A line grows in over ~1 s at up to 60 frames a second. Building each frame's points in
Python (a loop over every segment, asking for each whether it touches a derived point) was
24 ms a frame for a 10,000-row data file, the most a data file may hold; drawing its 10,000
separate segments was another 16 ms. Here the arrays and the per-segment "derived" mask are
made once, each frame is a slice; a long series without derived points is drawn as one
polyline that pyqtgraph thins to the pixels it covers (peak downsampling keeps each pixel
column's lowest and highest value, so the line looks the same).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["LONG_SERIES", "Series"]

LONG_SERIES = 500  # more points than this: one downsampled polyline, when nothing is derived

Floats = NDArray[np.float64]


class Series:
    """One series of a line chart: its points, and which segments are derived."""

    def __init__(self, values: Sequence[float], derived: Sequence[bool]) -> None:
        self.ys: Floats = np.asarray(values, dtype=np.float64)
        n = len(self.ys)
        self.xs: Floats = np.arange(n, dtype=np.float64)
        points = np.zeros(n, dtype=bool)
        marks = np.asarray(derived[:n], dtype=bool)
        points[: len(marks)] = marks
        # segment k joins points k and k + 1; it is derived when either end is
        self.derived_segments = points[:-1] | points[1:] if n > 1 else np.zeros(0, dtype=bool)
        self.long = n > LONG_SERIES and not self.derived_segments.any()

    def partial(self, t: float) -> tuple[Floats, Floats]:
        """The first `t` of the polyline through (i, ys[i]), ending at an interpolated point
        (the same points as `plotkinds.partial_line`)."""
        n = len(self.ys)
        if n == 1 or t >= 1.0:
            return self.xs, self.ys
        reach = t * (n - 1)
        k = int(reach)
        frac = reach - k
        if frac > 0 and k + 1 < n:
            y = self.ys[k] + (self.ys[k + 1] - self.ys[k]) * frac
            return np.append(self.xs[: k + 1], reach), np.append(self.ys[: k + 1], y)
        return self.xs[: k + 1], self.ys[: k + 1]

    def pairs(self, xs: Floats, ys: Floats) -> tuple[tuple[Floats, Floats], tuple[Floats, Floats]]:
        """The segments of a partial line as (x, y) pairs for `connect="pairs"`: (reported,
        derived), each in the order the segments run."""
        if len(xs) < 2:
            empty = np.zeros(0)
            return (empty, empty), (empty, empty)
        segment = np.arange(len(xs) - 1)
        derived = self.derived_segments[segment]
        out = []
        for chosen in (segment[~derived], segment[derived]):
            px = np.column_stack((xs[chosen], xs[chosen + 1])).ravel()
            py = np.column_stack((ys[chosen], ys[chosen + 1])).ravel()
            out.append((px, py))
        return out[0], out[1]
