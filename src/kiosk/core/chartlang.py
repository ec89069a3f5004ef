"""A chart in the languages on screen: its texts picked, its values scaled. No Qt.

The chart renderers draw one string per title, label and series name; `localize_chart`
gives them a copy of the spec and the data with every text in the languages drawn (stacked:
a category label as two lines, titles and series names as "primary / other", where a chart
has no room for a pair) and every value times the `unit_scale` of the language drawn large
(the unit is that language's, e.g. 亿元 for values in million yuan × 0.01).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from kiosk.core.data import MAX_ROWS
from kiosk.core.languages import in_languages
from kiosk.core.loader import ChartData
from kiosk.core.localtext import pick
from kiosk.core.model import ChartSpec
from kiosk.core.numbers import scale_for

__all__ = ["localize_chart"]

_S = TypeVar("_S", bound=ChartSpec)


def localize_chart(
    spec: _S, data: ChartData, languages: Sequence[str], fallback: Sequence[str] = ()
) -> tuple[_S, ChartData]:
    """The spec and data as the chart draws them in `languages` (the large one first)."""
    lang = languages[0] if languages else ""
    factor = scale_for(spec.unit_scale, lang)

    def text(value: str, sep: str = " / ") -> str:
        return in_languages(value, languages, fallback, sep)

    # a category label under a bar or point has room for two lines; a pie's legend has not
    pair = " / " if spec.kind in ("pie", "donut") else "\n"
    # machine data (a column table's million labels, a compact array of values): a label
    # of a data file is plain text, itself in every language; only a `labels` map changes it
    long = len(data.labels) > MAX_ROWS
    if long and spec.labels is None:
        labels = data.labels
    else:
        labels = [text(spec.label_text(name), pair) for name in data.labels]
    series = [
        (
            text(spec.label_text(name)),
            values if long and factor == 1 else [v * factor for v in values],
        )
        for name, values in data.series
    ]
    # the values are in the large language's unit: a value title that names another
    # language's scaled unit (亿元 beside figures in million yuan) would misread them
    rescaled = any(scale_for(spec.unit_scale, other) != factor for other in languages[1:])
    update = {
        "x_title": text(spec.x_title),
        "y_title": pick(spec.y_title, lang, fallback) if rescaled else text(spec.y_title),
        "unit": pick(spec.unit, lang, fallback),
    }
    return spec.model_copy(update=update), ChartData(labels, series, data.highlight)
