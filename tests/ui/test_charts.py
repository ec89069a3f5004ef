"""Charts: legible axes, highlight colour where the highlight is, value labels, grow-in."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from kiosk.ui.charts import decimals_for, format_value, nice_ticks
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
    plot_item = view.chart.plot.getPlotItem()
    for name in ("left", "bottom"):
        font = plot_item.getAxis(name).style["tickFont"]
        assert font.pixelSize() >= 28 * size[1] / 1080


def test_value_labels_with_thousands_separators(qtbot: Any, deck: Any) -> None:
    view = build(qtbot, deck, 0, (1920, 1080))
    view.finish()
    texts = [item.toPlainText() for item, *_ in view.chart._value_labels]
    assert texts == ["85,393", "105,085", "129,317", "159,138", "195,742"]


def test_no_mouse_interaction(qtbot: Any, deck: Any) -> None:
    view = build(qtbot, deck, 0, (1280, 720))
    vb = view.chart.plot.getPlotItem().vb
    assert vb.state["mouseEnabled"] == [False, False]
    assert vb.menu is None or not vb.menuEnabled()


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
    from PySide6.QtGui import QImage, QPainter

    view = build(qtbot, deck, 0, size)
    axis = view.chart.plot.getPlotItem().getAxis("left")
    ticks = [text for _, text in axis._tickLevels[0]]
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    drawn = [spec[2] for spec in axis.generateDrawSpecs(painter)[2]]
    painter.end()
    assert drawn == ticks
    assert ticks[0] == "0"
    assert len(ticks) >= 3
