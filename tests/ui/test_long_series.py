"""Line charts of machine data: 10,000 and 1,000,000 rows build and grow in without a Python
loop over every point on a frame, and look the same: the peaks stay, labels never overlap."""

from __future__ import annotations

import math
import random
from array import array
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont, QFontMetrics

from kiosk.ui.plotaxes import category_ticks
from kiosk.ui.plotline import Series, partial_line
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
            assert sx == xs
            assert sy == ys
            (rx, ry), (dx, dy) = series.pairs(sx, sy)
            (ox, oy), (odx, ody) = _old_pairs(xs, ys, derived + [False] * (len(xs) - n))
            assert (rx, ry, dx, dy) == (ox, oy, odx, ody)


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
    columns = chart.envelope()
    width = chart.data_rect().width()
    assert len(columns) <= width + 1  # one stroke a pixel column, not 9,999 segments
    assert max(hi for _, _, hi in columns) == 100.0
    assert min(lo for _, lo, _ in columns) == 0.5
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


def test_the_envelope_holds_each_columns_lowest_and_highest_value() -> None:
    rng = random.Random(5)
    values = array("d", (rng.uniform(0, 100) for _ in range(10_007)))
    series = Series(values, [])
    assert series.long
    per_px = 10_007 / 997
    columns = series.envelope(-0.5, per_px, 1000)
    covered = 0
    for c, lo, hi in columns:
        a = max(0, math.ceil(-0.5 + c * per_px))
        b = min(len(values), math.ceil(-0.5 + (c + 1) * per_px))
        assert (lo, hi) == (min(values[a:b]), max(values[a:b])), c
        covered += b - a
    assert covered == len(values)  # every point is in one column
    sparse = Series(array("d", range(600)), []).envelope(-0.6, 0.25, 2500)
    assert [lo for _, lo, _ in sparse] == list(range(600))  # fewer points than columns


MILLION = 1_000_000


def _million_deck(make_deck: Any, tmp_path: Path) -> Any:
    """A 1,000,000-row CSV with one spike and one dip, and a line chart of it."""
    rng = random.Random(11)
    v, rows = 50.0, []
    for _ in range(MILLION):
        v = max(10.0, min(90.0, v + rng.gauss(0, 1.0)))
        rows.append(f"{v:.1f}")
    rows[123_456], rows[876_543] = "99.5", "0.5"
    text = "t,load\n" + "".join(f"{i},{r}\n" for i, r in enumerate(rows))
    (tmp_path / "million.csv").write_text(text, encoding="utf-8")
    slide = {
        "type": "chart",
        "kind": "line",
        "heading": "A month of a spindle",
        "data": "million.csv",
        "x": "t",
        "y": "load",
        "value_labels": False,
    }
    return make_deck([slide], theme={"colors": {"series": [LINE]}})


def test_a_million_point_line_builds_and_grows_in_from_the_left(
    qtbot: Any, make_deck: Any, tmp_path: Path, ui: Any
) -> None:
    loaded = _million_deck(make_deck, tmp_path)
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(1920, 1080)))
    qtbot.addWidget(view)
    view.finish()
    chart = view.chart.chart
    values = view.chart.data.series[0][1]
    assert len(values) == MILLION
    columns = chart.envelope()
    box = chart.data_rect()
    assert len(columns) <= box.width() + 1
    assert max(hi for _, _, hi in columns) == 99.5  # the one-sample spike and dip stay
    assert min(lo for _, lo, _ in columns) == 0.5
    for index in (123_456, 876_543):  # and are drawn in the line's colour
        at = view.chart.mapTo(view, chart.value_point(index))
        assert _near(ui.snapshot(view).pixelColor(at), QColor(LINE)), index
    # grow-in: at 30 % the line reaches 30 % of the way, nothing is drawn beyond it
    chart.set_progress(0.3)
    image = ui.snapshot(view)
    early = view.chart.mapTo(view, chart.value_point(100_000))
    late = view.chart.mapTo(view, chart.value_point(800_000))
    assert _near(image.pixelColor(early), QColor(LINE))
    top, bottom = (view.chart.mapTo(view, p).y() for p in (box.topLeft(), box.bottomLeft()))
    column = [image.pixelColor(late.x(), y) for y in range(top, bottom)]
    assert len(column) > 300
    assert not any(_near(c, QColor(LINE)) for c in column)
