"""Charts: legible axes, highlight colour where the highlight is, value labels, grow-in."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QLabel

from kiosk.core.numbers import decimals_for, format_value, nice_ticks
from kiosk.ui.slides import build_slide, make_context

HIGHLIGHT = "#FF00FF"
SERIES = ["#00C000", "#0000FF"]


def chart_slide(kind: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "chart",
        "kind": kind,
        "heading": f"A {kind} chart",
        "data": "data.csv",
        "x": "year",
        "y": "value",
        "highlight": "2018",
        "y_title": "million yuan",
        "source": "the source",
        **extra,
    }


def build(qtbot: Any, loaded: Any, index: int, size: tuple[int, int]) -> Any:
    view = build_slide(loaded.playlist.slides[index], make_context(loaded, QSize(*size)))
    qtbot.addWidget(view)
    return view


@pytest.fixture
def deck(make_deck: Any) -> Any:
    kinds = ["bar", "hbar", "line", "area", "pie", "donut"]
    return make_deck(
        [chart_slide(k) for k in kinds],
        theme={"colors": {"highlight": HIGHLIGHT, "series": SERIES}},
    )


def probe(ui: Any, view: Any, index: int) -> QColor:
    image = ui.snapshot(view)
    return image.pixelColor(view.chart.mapTo(view, view.chart.value_point(index)))


@pytest.mark.parametrize("kind", ["bar", "hbar", "pie", "donut"])
def test_highlighted_category_is_in_the_highlight_colour(
    qtbot: Any, deck: Any, ui: Any, kind: str
) -> None:
    slide_index = ["bar", "hbar", "line", "area", "pie", "donut"].index(kind)
    for size in ((1920, 1080), (1080, 1920)):
        view = build(qtbot, deck, slide_index, size)
        view.finish()
        assert ui.close(probe(ui, view, 2), QColor(HIGHLIGHT)), f"{kind} {size}"
        assert ui.close(probe(ui, view, 0), QColor(SERIES[0])), f"{kind} {size}"


def test_line_highlight_point(qtbot: Any, deck: Any, ui: Any) -> None:
    view = build(qtbot, deck, 2, (1920, 1080))
    view.finish()
    assert ui.close(probe(ui, view, 2), QColor(HIGHLIGHT))
    assert ui.close(probe(ui, view, 0), QColor(SERIES[0]))


def test_area_is_filled_under_the_line(qtbot: Any, deck: Any, ui: Any) -> None:
    view = build(qtbot, deck, 3, (1920, 1080))
    view.finish()
    chart = view.chart
    top = chart.mapTo(view, chart.value_point(4))
    image = ui.snapshot(view)
    below = image.pixelColor(top.x() - 5, top.y() + 80)
    bg = image.pixelColor(top.x() - 5, top.y() - 60)
    assert below.green() > bg.green() + 20  # the series green, translucent, over the background


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160)])
def test_axis_ticks_are_legible_from_three_metres(qtbot: Any, deck: Any, size: Any) -> None:
    view = build(qtbot, deck, 0, size)
    assert view.chart.chart.tick_font.pixelSize() >= 28 * size[1] / 1080
    assert view.chart.chart.tick_texts("value")  # drawn in that font
    assert view.chart.chart.tick_texts("category")


def test_value_labels_with_thousands_separators(qtbot: Any, deck: Any) -> None:
    view = build(qtbot, deck, 0, (1920, 1080))
    view.finish()
    texts = view.chart.value_texts()
    assert texts == ["85,393", "105,085", "129,317", "159,138", "195,742"]


def test_no_mouse_interaction(qtbot: Any, deck: Any) -> None:
    view = build(qtbot, deck, 0, (1280, 720))
    plot = view.chart.plot
    assert plot.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    assert plot.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert plot.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def test_bars_grow_in_and_finish_jumps_to_the_end(qtbot: Any, deck: Any, ui: Any) -> None:
    view = build(qtbot, deck, 0, (1920, 1080))
    chart = view.chart
    assert chart.progress == 0.0  # before enter(): nothing drawn yet
    chart.set_progress(1.0)
    middle = chart.mapTo(view, chart.value_point(2))
    chart.set_progress(0.0)
    assert not ui.close(ui.snapshot(view).pixelColor(middle), QColor(HIGHLIGHT))
    view.enter()
    qtbot.waitUntil(lambda: chart.progress == 1.0, timeout=4000)
    qtbot.waitUntil(lambda: not view.animating(), timeout=1000)
    assert ui.close(ui.snapshot(view).pixelColor(middle), QColor(HIGHLIGHT))


def test_transparent_over_the_themed_background(make_deck: Any, qtbot: Any, ui: Any) -> None:
    loaded = make_deck([chart_slide("bar")], theme={"colors": {"background": "#204060"}})
    view = build(qtbot, loaded, 0, (1920, 1080))
    view.finish()
    chart = view.chart
    image = ui.snapshot(view)
    # inside the plot, above the lowest bar and below its top tick: the theme colour
    p = chart.mapTo(view, chart.value_point(0))
    assert ui.close(
        image.pixelColor(p.x(), chart.mapTo(view, chart.rect().topLeft()).y() + 200),
        QColor("#204060"),
        20,
    )


def test_several_series_get_a_legend(make_deck: Any, qtbot: Any) -> None:
    loaded = make_deck([chart_slide("line", y=["value", "other"])])
    view = build(qtbot, loaded, 0, (1280, 720))
    names = sorted(lab.text() for lab in view.chart.findChildren(QLabel, "legend"))
    assert names == ["other", "value"]


def test_pie_legend_shows_values_and_percentages(make_deck: Any, qtbot: Any) -> None:
    loaded = make_deck(
        [
            {
                "type": "chart",
                "kind": "pie",
                "heading": "P",
                "values": [{"label": "A", "value": 1500}, {"label": "B", "value": 500}],
            }
        ]
    )
    view = build(qtbot, loaded, 0, (1920, 1080))
    values = [lab.text() for lab in view.chart.findChildren(QLabel, "legend-value")]
    assert values == ["1,500 · 75%", "500 · 25%"]


def test_nice_ticks_and_formatting() -> None:
    assert nice_ticks(0, 227000) == [0, 50000, 100000, 150000, 200000]
    assert nice_ticks(-10, 10) == [-10, -5, 0, 5, 10]
    assert decimals_for([1.0, 2.0]) == 0
    assert decimals_for([23.06]) == 2
    assert format_value(195742) == "195,742"
    assert format_value(23.06, 2, "%") == "23.06%"
    assert format_value(5, 0, "million yuan") == "5"  # long units go in the axis title


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (1080, 1920)])
def test_every_value_tick_has_its_text(qtbot: Any, deck: Any, size: Any) -> None:
    view = build(qtbot, deck, 0, size)
    ticks = [text for _, text in view.chart.chart.ticks("value")]
    assert view.chart.chart.tick_texts("value") == ticks
    assert ticks[0] == "0"
    assert len(ticks) >= 3


# --- read from across a room (#13) ------------------------------------------------------------

LONG_LABEL = "Electronics and information technology"


def hbar_deck(make_deck: Any) -> Any:
    return make_deck(
        [
            {
                "type": "chart",
                "kind": "hbar",
                "heading": "H",
                "unit": "bn",
                "values": [
                    {"label": LONG_LABEL, "value": 1200},
                    {"label": "Automobiles", "value": 850},
                    {"label": "Materials", "value": 300},
                ],
            }
        ]
    )


@pytest.mark.parametrize("size", [(1080, 1920), (1280, 720), (1920, 1080)])
def test_hbar_keeps_every_label_and_the_whole_value(make_deck: Any, qtbot: Any, size: Any) -> None:
    view = build(qtbot, hbar_deck(make_deck), 0, size)
    view.finish()
    chart = view.chart
    drawn = chart.chart.tick_texts("category")
    assert len(drawn) == 3  # the longest label is wrapped, not dropped
    assert any(text.replace("\n", " ").startswith("Electronics and") for text in drawn)
    assert chart.value_texts()[0] == "1,200\u2009bn"
    plot_box = chart.chart.plot_rect()
    for rect in chart.value_label_rects():
        assert plot_box.contains(rect), f"a value label is cut: {rect} outside {plot_box}"


def test_the_last_gridline_is_above_the_largest_value(make_deck: Any, qtbot: Any) -> None:
    loaded = make_deck(
        [
            {
                "type": "chart",
                "kind": "bar",
                "heading": "B",
                "values": [{"label": "a", "value": 10}, {"label": "c", "value": 104}],
            }
        ]
    )
    for size in ((1920, 1080), (1080, 1920), (1280, 720)):
        view = build(qtbot, loaded, 0, size)
        chart = view.chart.chart
        ticks = [v for v, _ in chart.ticks("value")]
        assert max(ticks) >= 104
        assert chart.value_span()[1] >= max(ticks)  # the last gridline is on the plot
        assert chart.tick_texts("value")[-1] == f"{max(ticks):,.0f}"  # and its figure is drawn


def _segments_cross(rect: QRect, a: Any, b: Any) -> bool:
    """True when the segment a→b passes through `rect` (sampled finely)."""
    for k in range(201):
        x = a.x() + (b.x() - a.x()) * k / 200
        y = a.y() + (b.y() - a.y()) * k / 200
        if rect.contains(round(x), round(y)):
            return True
    return False


@pytest.mark.parametrize("kind", ["area", "line"])
@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 720)])
def test_line_value_labels_sit_clear_of_the_line(
    qtbot: Any, deck: Any, kind: str, size: Any
) -> None:
    view = build(qtbot, deck, ["bar", "hbar", "line", "area"].index(kind), size)
    view.finish()
    chart = view.chart
    rects = chart.value_label_rects()
    assert len(rects) == 5
    points = chart.chart.line_points()
    for rect in rects:
        for a, b in itertools.pairwise(points):
            assert not _segments_cross(rect, a, b), f"label {rect} on the line {a}→{b}"
        for p in points:
            assert not rect.contains(p)
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b), f"labels {a} and {b} collide"


def test_pie_legend_writes_whole_numbers_whole(make_deck: Any, qtbot: Any) -> None:
    loaded = make_deck(
        [
            {
                "type": "chart",
                "kind": "pie",
                "heading": "P",
                "values": [
                    {"label": "A", "value": 40},
                    {"label": "B", "value": 35.5},
                    {"label": "C", "value": 24.5},
                ],
            }
        ]
    )
    view = build(qtbot, loaded, 0, (1920, 1080))
    values = [lab.text() for lab in view.chart.findChildren(QLabel, "legend-value")]
    assert values == ["40 · 40%", "35.5 · 36%", "24.5 · 24%"]


def test_a_derived_path_is_dashed_and_unlabelled(make_deck: Any, qtbot: Any, tmp_path: Any) -> None:
    (tmp_path / "path.csv").write_text(
        "year,value,derived\n2016,85393,no\n2017,105085,yes\n2018,129317,yes\n"
        "2019,159138,yes\n2020,195742,no\n",
        encoding="utf-8",
    )
    loaded = make_deck([chart_slide("area", data="path.csv", highlight="2020")])
    view = build(qtbot, loaded, 0, (1920, 1080))
    view.finish()
    chart = view.chart
    assert chart.value_texts() == ["85,393", "195,742"]  # only the reported values
    solid, dashed = chart.chart.segments()
    assert len(dashed) == 4  # all four segments touch a derived year: drawn dashed
    assert solid == []
    assert chart.chart.markers() == [0, 4]  # markers only on reported years


def test_bundled_growth_path_labels_only_reported_years(qtbot: Any) -> None:
    from kiosk.core.loader import load_playlist
    from kiosk.resources import bundled_playlist

    loaded = load_playlist(bundled_playlist())
    index = next(i for i, s in enumerate(loaded.playlist.slides) if s.id == "growth-path")
    view = build(qtbot, loaded, index, (1920, 1080))
    view.finish()
    assert view.chart.value_texts() == ["85,393", "195,742"]
    note = view.findChild(QLabel, "note").text()
    assert "dashed" in note.lower()
    assert "23.06" in note


@pytest.mark.parametrize("kind", ["bar", "hbar", "line", "area"])
def test_no_gridline_runs_through_a_value_label(make_deck: Any, qtbot: Any, kind: str) -> None:
    loaded = make_deck(
        [
            {
                "type": "chart",
                "kind": kind,
                "heading": "G",
                "values": [{"label": "a", "value": 48}, {"label": "b", "value": 100}],
            }
        ]
    )
    for size in ((1920, 1080), (1080, 1920)):
        view = build(qtbot, loaded, 0, size)
        view.finish()
        chart = view.chart.chart
        segments = chart.gridline_segments()
        rects = chart.value_label_rects()
        assert len(rects) == 2
        assert len(segments) >= 3  # a gridline a tick (0 is the axis line), some broken
        for line in segments:
            a, b = line.p1(), line.p2()
            for rect in rects:
                assert not _segments_cross(rect, a, b), f"{kind} {size}: gridline through {rect}"


def test_hbar_value_axis_writes_its_zero(make_deck: Any, qtbot: Any) -> None:
    view = build(qtbot, hbar_deck(make_deck), 0, (1920, 1080))
    assert view.chart.chart.tick_texts("value")[0] == "0"


def _machine_line(n: int, **extra: Any) -> dict[str, Any]:
    values = [
        {
            "label": f"2026-03-02 {h // 3600:02d}:{h // 60 % 60:02d}:{h % 60:02d}",
            "value": 20 + h % 7,
        }
        for h in range(0, n * 30, 30)
    ]
    return {"type": "chart", "kind": "line", "heading": "H", "values": values, **extra}


def test_a_short_unit_goes_on_the_axis_when_no_value_label_carries_it(
    make_deck: Any, qtbot: Any
) -> None:
    loaded = make_deck(
        [
            _machine_line(200, unit="°C", value_labels=False),
            _machine_line(200, unit="°C", value_labels=True),
        ]
    )
    bare = build(qtbot, loaded, 0, (1920, 1080))
    title = bare.findChild(QLabel, "y_title")
    assert title is not None
    assert title.text() == "°C"
    labelled = build(qtbot, loaded, 1, (1920, 1080))
    assert labelled.findChild(QLabel, "y_title") is None  # "24 °C" at the values says it


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 720)])
def test_long_category_labels_stand_apart_evenly_inside_their_axis(
    make_deck: Any, qtbot: Any, size: Any
) -> None:
    view = build(qtbot, make_deck([_machine_line(200, value_labels=False)]), 0, size)
    plot = view.chart.chart
    axis = plot.area.axes[1]
    drawn = axis.text_rects(plot.frame)
    assert len(drawn) >= 2
    gap = min(b.left() - a.right() for (a, _, _), (b, _, _) in itertools.pairwise(drawn))
    assert gap >= QFontMetricsF(axis.font).height() / 2  # not touching: each can be read alone
    labels = [v["label"] for v in _machine_line(200)["values"]]
    steps = {
        labels.index(b) - labels.index(a) for (_, _, a), (_, _, b) in itertools.pairwise(drawn)
    }
    assert len(steps) == 1  # every k-th category: evenly spaced
    for rect, _, _ in drawn:
        assert axis.bounds.left() <= rect.left()
        assert rect.right() <= axis.bounds.right()
