"""Number formatting, shared by charts and metrics, without Qt."""

from __future__ import annotations

from kiosk.core.numbers import (
    covering_ticks,
    decimals_for,
    format_value,
    nice_ticks,
    percent_text,
    whole,
)


def test_values_are_written_with_separators_and_short_units() -> None:
    assert format_value(195742) == "195,742"
    assert format_value(1200, 0, "bn") == "1,200\u2009bn"
    assert format_value(23.06, 2, "%") == "23.06%"
    assert format_value(5, 0, "million yuan") == "5"  # long units go in the axis title


def test_decimals_and_whole_numbers() -> None:
    assert decimals_for([1.0, 2.0]) == 0
    assert decimals_for([23.06]) == 2
    assert decimals_for([35.5, 40]) == 1
    assert whole(40.0)
    assert not whole(40.5)


def test_ticks_cover_the_largest_value() -> None:
    assert nice_ticks(0, 227000) == [0, 50000, 100000, 150000, 200000]
    assert nice_ticks(0, 104, 4) == [0, 50, 100]  # 104 is above the last one
    assert covering_ticks(0, 104, 4) == [0, 50, 100, 150]
    assert covering_ticks(-7, 10, 4)[0] <= -7
    assert covering_ticks(0, 200000) == [0, 50000, 100000, 150000, 200000]


def test_percentages() -> None:
    assert percent_text(0.4) == "40%"
    assert percent_text(0.004) == "0.4%"
