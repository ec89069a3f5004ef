"""WCAG contrast maths, the text uses it checks, and the high-contrast palette. No Qt."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.core.contrast import (
    AAA,
    HIGH_CONTRAST,
    TEXT_USES,
    check,
    is_large,
    luminance,
    palette,
    ratio,
)
from kiosk.core.model import Playlist, Theme


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("#FFFFFF", "#000000", 21.0),
        ("#000", "#FFF", 21.0),
        ("#777777", "#FFFFFF", 4.48),  # the classic just-fails-AA grey
        ("#767676", "#FFFFFF", 4.54),  # the classic just-passes-AA grey
        ("#2EC4B6", "#0B1F3A", 7.62),
        ("#123456", "#123456", 1.0),
        ("#80FFFFFF", "#000000", 5.32),  # half-transparent white over black is a mid grey
    ],
)
def test_ratio_matches_wcag(a: str, b: str, expected: float) -> None:
    assert ratio(a, b) == pytest.approx(expected, abs=0.01)
    assert ratio(b, a) == pytest.approx(ratio(a, b)) or b.startswith("#80")


def test_luminance_ends() -> None:
    assert luminance("#000000") == 0
    assert luminance("#FFFFFF") == pytest.approx(1)
    with pytest.raises(ValueError, match="not a colour"):
        luminance("#12345")


@pytest.mark.parametrize(
    ("px", "bold", "large"),
    [(24, True, True), (23, True, False), (32, False, True), (31, False, False)],
)
def test_large_text(px: float, bold: bool, large: bool) -> None:
    assert is_large(px, bold) is large


def deck(theme: dict[str, Any] | None = None) -> Playlist:
    return Playlist.model_validate(
        {
            "deck": {"title": "T"},
            "theme": theme or {},
            "slides": [
                {"type": "title", "title": "Hello", "subtitle": "Open"},
                {"type": "quote", "text": "Be kind", "speaker": "Ann", "role": "Host"},
                {"type": "metric", "value": 5, "label": "visitors", "enabled": False},
            ],
        }
    )


def test_the_default_theme_passes() -> None:
    playlist = deck()
    assert check(playlist, {"body": [playlist.theme.colors.background]}) == []


def test_a_faint_colour_is_one_warning_naming_colours_ratio_and_fields() -> None:
    playlist = deck({"colors": {"muted": "#4A5A70"}})
    (found,) = check(playlist, {"body": ["#0B1F3A"]})
    assert found.colour == "muted"
    assert found.fields == ("slide 1 (title) subtitle", "slide 2 (quote) role")
    assert found.message() == (
        "warning: contrast 2.34:1 is below WCAG AA 4.5:1: text #4A5A70 (theme.colors.muted)"
        " on #0B1F3A (theme.colors.background), in slide 1 (title) subtitle, slide 2 (quote) role"
    )


def test_large_text_needs_three_to_one() -> None:
    playlist = deck({"colors": {"text": "#3A4A66", "muted": "#FFFFFF"}})
    found = {f.fields[0]: f for f in check(playlist, {"body": ["#0B1F3A"]})}
    assert found["slide 1 (title) title"].needed == 3.0  # 42 px bold at its smallest
    assert found["slide 2 (quote) text"].needed == 4.5  # 26 px at its smallest


def test_the_worst_sample_of_the_region_counts() -> None:
    playlist = deck()
    bright = check(playlist, {"body": ["#0B1F3A", "#F0F0F0"]}, where="background image")
    assert bright
    assert all(f.background == "#F0F0F0" for f in bright)
    assert "(background image)" in bright[0].message()


def test_disabled_slides_are_not_checked() -> None:
    playlist = deck({"colors": {"accent": "#0B1F3A"}})  # the metric's number: disabled
    fields = [f for found in check(playlist, {"body": ["#0B1F3A"]}) for f in found.fields]
    assert "slide 3 (metric) value" not in fields
    assert "slide 2 (quote) speaker" in fields


def test_high_contrast_meets_aaa_for_every_text_colour() -> None:
    colors, background = palette(Theme.model_validate({"high_contrast": True}))
    assert colors == HIGH_CONTRAST
    assert background.color == "#000000"
    assert background.image is None
    assert background.gradient is None
    for name in ("text", "muted", "accent", "highlight"):
        assert ratio(getattr(colors, name), background.color) >= AAA[0], name
    for series in colors.series:
        assert ratio(series, background.color) >= AAA[0], series
    assert ratio(colors.text, colors.surface) >= AAA[0]


def test_high_contrast_replaces_a_poor_palette_and_passes_aaa() -> None:
    poor = {"colors": {"text": "#333333", "muted": "#222222", "accent": "#112233"}}
    playlist = deck({**poor, "background": {"image": "x.png"}, "high_contrast": True})
    _, background = palette(playlist.theme)
    assert check(playlist, {"body": [background.color or ""]}, bar=AAA) == []
    assert check(deck(poor), {"body": ["#0B1F3A"]}, bar=AAA)


def test_every_slide_type_has_its_text_listed() -> None:
    from kiosk.core.model import SLIDE_TYPES

    missing = set(SLIDE_TYPES) - set(TEXT_USES)
    assert not missing


def test_a_highlighted_milestone_is_checked_in_the_highlight_colour() -> None:
    def timeline(highlight: bool) -> Playlist:
        milestones = [{"date": "2021", "label": "A"}, {"date": "2030", "label": "B"}]
        milestones[1]["highlight"] = highlight  # type: ignore[assignment]
        return Playlist.model_validate(
            {
                "deck": {"title": "T"},
                "theme": {"colors": {"highlight": "#3A3F4A"}},
                "slides": [{"type": "timeline", "heading": "Road", "milestones": milestones}],
            }
        )

    (found,) = check(timeline(True), {"body": ["#0B1F3A"]})
    assert found.colour == "highlight"
    assert found.fields == ("slide 1 (timeline) milestones.date (highlighted)",)
    assert check(timeline(False), {"body": ["#0B1F3A"]}) == []
