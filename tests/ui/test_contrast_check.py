"""`kiosk validate` contrast warnings over gradients and images (sampled with the ui code),
and the high-contrast palette as the display draws it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize

from kiosk.cli import main
from kiosk.core.contrast import AAA, ratio
from kiosk.core.loader import LoadedPlaylist
from kiosk.ui.contrastsample import background_samples
from kiosk.ui.theme import theme_for

SLIDES = [
    {"type": "title", "title": "Hello", "subtitle": "Open 9-17"},
    {"type": "bullets", "heading": "Today", "points": ["Tours", "Talks"]},
]


def validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["validate", str(path)])
    return code, capsys.readouterr().out.splitlines()


def write(tmp_path: Path, theme: dict[str, Any]) -> Path:
    path = tmp_path / "deck.json"
    path.write_text(json.dumps({"deck": {"title": "T"}, "theme": theme, "slides": SLIDES}))
    return path


def test_a_gradient_is_sampled_where_text_sits(
    make_deck: Callable[..., LoadedPlaylist],
) -> None:
    loaded = make_deck(SLIDES, theme={"background": {"gradient": ["#000000", "#FFFFFF"]}})
    samples = background_samples(loaded)
    assert set(samples) == {"top", "body"}
    assert len(samples["body"]) > 5  # a gradient: many colours
    lightest = max(samples["body"], key=lambda c: ratio(c, "#000000"))
    assert ratio("#FFFFFF", lightest) < 1.5  # the bottom-right corner is nearly white


def test_white_text_fading_into_a_light_gradient_is_a_warning_and_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, {"background": {"gradient": ["#0B1F3A", "#E8ECF2"]}})
    code, lines = validate(path, capsys)
    assert code == 0
    assert lines[0] == f"{path}: ok: 2 slides, loop 20 s"
    warnings = [line for line in lines if ": warning: " in line]
    assert warnings
    text = next(w for w in warnings if "(theme.colors.text)" in w)
    assert "(background gradient)" in text
    assert "slide 1 (title) title" in text or "slide 2 (bullets) points" in text
    assert "is below WCAG AA" in text


def test_a_light_background_image_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ui: Any
) -> None:
    ui.write_image(tmp_path / "light.png", 320, 180, "#F4F4F4", "PNG")
    path = write(tmp_path, {"background": {"image": "light.png"}})
    code, lines = validate(path, capsys)
    assert code == 0
    warning = next(line for line in lines if "(theme.colors.text)" in line)
    assert "on #F4F4F4 (background image)" in warning
    assert "contrast 1.09:1" in warning


def test_the_default_colours_raise_no_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = validate(write(tmp_path, {}), capsys)
    assert code == 0
    assert len(lines) == 1


def test_high_contrast_silences_the_warnings_and_draws_aaa(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ui: Any
) -> None:
    ui.write_image(tmp_path / "light.png", 320, 180, "#F4F4F4", "PNG")
    path = write(tmp_path, {"background": {"image": "light.png"}, "high_contrast": True})
    code, lines = validate(path, capsys)
    assert (code, len(lines)) == (0, 1)
    from kiosk.core.loader import load_playlist

    loaded = load_playlist(path)
    theme = theme_for(loaded, QSize(1920, 1080))
    assert theme.background.name() == "#000000"
    for colour in (theme.text, theme.muted, theme.accent, theme.highlight):
        assert ratio(colour.name(), "#000000") >= AAA[0]
    samples = background_samples(loaded)
    assert samples == {"top": ["#000000"], "body": ["#000000"]}  # the image is not drawn


def test_the_contrast_table_names_every_colour_the_renderers_draw_text_in(
    make_deck: Callable[..., LoadedPlaylist], qtbot: Any, ui: Any
) -> None:
    """TEXT_USES is kept beside the renderers: a label drawn in a theme colour the table
    does not list for that slide type would escape the check."""
    from PySide6.QtGui import QPalette

    from kiosk.core.contrast import TEXT_USES
    from kiosk.ui.slides import build_slide, make_context
    from kiosk.ui.text import TextLabel

    palette = {
        "text": "#FF0001",
        "muted": "#00FF02",
        "accent": "#0000F3",
        "highlight": "#F0F004",
    }
    slides = ui.every_type_slides()
    for slide in slides:
        if slide["type"] == "timeline":
            slide["milestones"][-1]["highlight"] = True
    loaded = make_deck(slides, theme={"colors": palette})
    by_colour = {v.lower(): k for k, v in palette.items()}
    ctx = make_context(loaded, QSize(1920, 1080))
    for slide in loaded.playlist.slides:
        view = build_slide(slide, ctx)
        qtbot.addWidget(view)
        drawn = {
            by_colour.get(label.palette().color(QPalette.ColorRole.WindowText).name())
            for label in view.findChildren(TextLabel)
            if label.text()
        } - {None}
        listed = {use.colour for use in TEXT_USES[slide.type].values()}
        assert drawn <= listed, (slide.type, drawn - listed)
        view.release()
