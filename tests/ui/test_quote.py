"""The quote mark is measured from its ink: flush with the text margin, on the slide, above
the quotation, in the bundled font and in the fallback font, at every screen shape."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QImage

from kiosk.ui.slides import build_slide, make_context

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
SIZES = [(1280, 720), (1920, 1080), (1080, 1920), (3840, 2160)]


def quote(qtbot: Any, make_deck: Any, tmp_path: Path, size: tuple[int, int], inter: bool) -> Any:
    theme: dict[str, Any] = {"colors": {"accent": "#00FF00", "background": "#000000"}}
    if inter:
        shutil.copy(FONTS / "Inter-Bold.otf", tmp_path / "Inter-Bold.otf")
        theme["fonts"] = ["Inter-Bold.otf"]
    slide = {"type": "quote", "text": "Words worth quoting.", "speaker": "Someone"}
    loaded = make_deck([slide], theme=theme)
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(*size)))
    qtbot.addWidget(view)
    assert (view.theme.family == "Inter") == inter
    return view


def green_columns(image: QImage, rect: QRect) -> list[int]:
    xs = []
    for x in range(rect.left(), rect.right() + 1):
        for y in range(rect.top(), rect.bottom() + 1):
            p = image.pixelColor(x, y)
            if p.green() > 100 and p.red() < 60 and p.blue() < 60:
                xs.append(x)
                break
    return xs


@pytest.mark.parametrize("inter", [True, False], ids=["inter", "fallback-font"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_quote_mark_ink_is_flush_with_the_text_margin(
    qtbot: Any, make_deck: Any, ui: Any, tmp_path: Path, size: tuple[int, int], inter: bool
) -> None:
    view = quote(qtbot, make_deck, tmp_path, size, inter)
    (mark,) = [w for w in view.children() if w.objectName() == "quote-mark"]
    (text,) = [w for w in view.children() if w.objectName() == "quote"]
    margin = view.theme.content().left()
    assert view.rect().contains(mark.geometry())
    assert mark.x() == margin == text.x()
    assert mark.geometry().bottom() < text.y()  # above the quotation, not on it
    image = ui.snapshot(view)
    # what a person sees: the mark's green ink starts at the margin, and none is left of it
    band = QRect(0, mark.y(), margin + mark.width(), mark.height())
    inked = green_columns(image, band)
    assert inked, "the quote mark is drawn"
    assert margin <= min(inked) <= margin + 1
    assert max(inked) <= mark.geometry().right() + 1
