"""The metric count-up, driven frame by frame on the animation's own clock (no waiting):
tabular digits that keep their columns, a short run, and the exact value at the end."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage

from kiosk.ui.slides import build_slide, make_context
from kiosk.ui.text import DIGITS, TabularNumber

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"


def metric(
    qtbot: Any, make_deck: Any, tmp_path: Path, size: tuple[int, int], inter: bool, **fields: Any
) -> Any:
    """A metric slide in the bundled Inter (copied beside the deck) or the fallback font."""
    theme = None
    if inter:
        names = ["Inter-Regular.otf", "Inter-SemiBold.otf", "Inter-Bold.otf"]
        for name in names:
            shutil.copy(FONTS / name, tmp_path / name)
        theme = {"fonts": names}
    loaded = make_deck([{"type": "metric", "label": "growth", **fields}], theme=theme)
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(*size)))
    qtbot.addWidget(view)
    assert (view.theme.family == "Inter") == inter
    return view


def frames(view: Any, step_ms: int = 20) -> list[tuple[int, str, QImage]]:
    """Every `step_ms` of the count-up: (time, text, picture of the number)."""
    ((anim, _),) = view._animations
    view.enter()
    anim.pause()  # the animation's own clock, set by hand: nothing waits
    out = []
    for ms in [*range(0, anim.duration(), step_ms), anim.duration()]:
        anim.setCurrentTime(ms)
        out.append((ms, view.number.text(), view.number.grab().toImage()))
    return out


def ink_columns(image: QImage, rect: QRect, color: QColor) -> list[int]:
    """x of every column of `rect` with a pixel of about `color`."""
    xs = []
    for x in range(max(0, rect.left()), min(image.width(), rect.right() + 1)):
        for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 1), 2):
            p = image.pixelColor(x, y)
            if abs(p.red() - color.red()) + abs(p.green() - color.green()) < 60 and (
                abs(p.blue() - color.blue()) < 40
            ):
                xs.append(x)
                break
    return xs


@pytest.mark.parametrize("inter", [True, False], ids=["inter", "fallback-font"])
@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_count_up_keeps_every_digit_in_its_column(
    qtbot: Any, make_deck: Any, tmp_path: Path, size: tuple[int, int], inter: bool
) -> None:
    view = metric(
        qtbot, make_deck, tmp_path, size, inter, value=23.06, decimals=2, unit="%", prefix="+"
    )
    number, unit = view.number, view.unit
    assert isinstance(number, TabularNumber)
    place, unit_place = number.geometry(), unit.geometry()
    final_cols = number.columns("+23.06")
    accent = QColor(view.theme.accent)
    seen = frames(view)
    texts = [text for _, text, _ in seen]
    assert texts[-1] == "+23.06"
    values = [float(text.lstrip("+")) for text in texts]
    assert values == sorted(values), "the count goes up, never back"
    dot_left, dot_right = final_cols[3]
    dot_box = QRect(round(dot_left), 0, round(dot_right - dot_left), place.height())
    last_left, last_right = final_cols[-1]
    last_box = QRect(round(last_left), 0, round(last_right - last_left), place.height())
    final_dot = seen[-1][2].copy(dot_box)
    for ms, text, image in seen:
        assert number.geometry() == place, ms
        assert unit.geometry() == unit_place, ms
        cols = number.columns(text)[1:]  # the digits; the sign travels with the first one
        assert cols == final_cols[len(final_cols) - len(cols) :], f"{text!r} at {ms} ms"
        # the decimal point, a glyph in every frame, is the same pixels in every frame
        assert image.copy(dot_box) == final_dot, f"the decimal point moved at {ms} ms ({text})"
        # the last digit is drawn in the final number's last column, and nothing is drawn
        # left of where the current text starts
        assert ink_columns(image, last_box, accent), f"{text!r} at {ms} ms"
        start = round(number.columns(text)[0][0]) - 2
        assert not ink_columns(image, QRect(0, 0, start, place.height()), accent), text


def test_count_up_is_short_and_ends_on_the_value(
    qtbot: Any, make_deck: Any, tmp_path: Path
) -> None:
    view = metric(qtbot, make_deck, tmp_path, (1920, 1080), True, value=195742)
    ((anim, _),) = view._animations
    assert anim.duration() <= 800  # was 1.4 s of numbers that are not the figure
    seen = frames(view, step_ms=50)
    assert seen[0][1] == "0"
    assert seen[-1][1] == "195,742"
    halfway = [float(text.replace(",", "")) for ms, text, _ in seen if ms >= anim.duration() // 2]
    assert min(halfway) >= 0.8 * 195742  # the second half already reads close to the figure
    assert not view.animating()
    cols = view.number.columns("195,742")
    for _, text, _ in seen:  # a shorter number sits in the final number's rightmost columns
        assert view.number.columns(text) == cols[len(cols) - len(text) :]


def test_finish_shows_the_exact_value(qtbot: Any, make_deck: Any, tmp_path: Path) -> None:
    view = metric(qtbot, make_deck, tmp_path, (1280, 720), False, value=2.675, decimals=2)
    view.enter()
    view.finish()
    assert view.number.text() == f"{2.675:,.2f}"
    assert not view.animating()


def test_tabular_digits_are_all_one_width(qtbot: Any, make_deck: Any, tmp_path: Path) -> None:
    view = metric(qtbot, make_deck, tmp_path, (1920, 1080), True, value=1)
    number = view.number
    widths = {round(r - left, 3) for left, r in number.columns(DIGITS)}
    assert len(widths) == 1
