"""Line charts of machine data: 10,000 rows (the most a data file may hold) build and grow in
without Python loops over every point, and look the same: the peaks stay, labels never
overlap."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont, QFontMetrics

from kiosk.ui.plotaxes import category_ticks
from kiosk.ui.plotkinds import partial_line
from kiosk.ui.plotseries import Series
from kiosk.ui.slides import build_slide, make_context

LINE = "#00C000"


def _old_pairs(xs: list[float], ys: list[float], derived: list[bool]) -> tuple[list, list]:
    """What each frame drew before (a loop over the segments), to compare with."""
    seg: dict[bool, tuple[list[float], list[float]]] = {True: ([], []), False: ([], [])}
    for k in range(len(xs) - 1):
        d = derived[k] or derived[k + 1]
        seg[d][0].extend([xs[k], xs[k + 1]])
        seg[d][1].extend([ys[k], ys[k + 1]])
    return seg[False], seg[True]


def test_each_frame_draws_the_same_segments_as_before() -> None:
    rng = random.Random(7)
    for n in (1, 2, 5, 23, 600):
        values = [rng.uniform(-50, 200) for _ in range(n)]
        derived = [rng.random() < 0.3 for _ in range(n)]
        series = Series(values, derived)
        for t in (0.0, 0.13, 0.5, 0.77, 1.0):
            xs, ys = partial_line(values, t)
            sx, sy = series.partial(t)
            assert np.allclose(sx, xs)
            assert np.allclose(sy, ys)
            (rx, ry), (dx, dy) = series.pairs(sx, sy)
            (ox, oy), (odx, ody) = _old_pairs(xs, ys, derived + [False] * (len(xs) - n))
            assert np.allclose(rx, ox)
            assert np.allclose(ry, oy)
            assert np.allclose(dx, odx)
            assert np.allclose(dy, ody)


def _machine_csv(path: Path, n: int) -> tuple[int, int]:
    rng = random.Random(3)
    v, rows = 50.0, []
    for _i in range(n):
        v = max(5.0, min(95.0, v + rng.gauss(0, 1.5)))
        rows.append(v)
    peak, dip = 7777, 2222
    rows[peak], rows[dip] = 100.0, 0.5  # one sample each: a spike and a dip
    path.write_text("t,load\n" + "".join(f"{i},{v:.2f}\n" for i, v in enumerate(rows)))
    return peak, dip


def test_a_10000_row_line_keeps_its_peaks_and_draws_few_points(
    qtbot: Any, make_deck: Any, tmp_path: Path, ui: Any
) -> None:
    peak, dip = _machine_csv(tmp_path / "machine.csv", 9999)
    slide = {
        "type": "chart",
        "kind": "line",
        "heading": "Spindle load",
        "data": "machine.csv",
        "x": "t",
        "y": "load",
        "value_labels": False,
    }
    loaded = make_deck([slide], theme={"colors": {"series": [LINE]}})
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(1920, 1080)))
    qtbot.addWidget(view)
    view.finish()
    image = ui.snapshot(view)
    chart = view.chart.chart
    solid = chart._lines[0][1]
    drawn = solid.curve.yData
    width = chart.plot.getPlotItem().vb.width()
    assert len(drawn) <= 2.5 * width  # about two points a pixel column, not 9,999
    assert drawn.max() == 100.0
    assert drawn.min() == 0.5
    for index in (peak, dip):
        at = view.chart.mapTo(view, chart.value_point(index))
        colour = image.pixelColor(at)
        assert _near(colour, QColor(LINE)), (index, colour.name())


def _near(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) < 60


def test_labels_of_thousands_of_categories_never_overlap(qapp: Any) -> None:
    fm = QFontMetrics(QFont("DejaVu Sans", 20))
    labels = [str(2000 + i) for i in range(10_000)]
    labels[4000] = "a much longer label"  # one wide label among short ones
    length, pad = 1700, 24
    ticks = category_ticks(labels, None, fm, length, pad)
    step = ticks[1][0] - ticks[0][0]
    px_per_category = length / len(labels)
    for _, text in ticks:
        assert fm.horizontalAdvance(text) + pad <= math.ceil(step * px_per_category) + 1, text
    assert len(ticks) >= 5  # thinned, not dropped
