"""Slide renderers: one module per slide type, imported when a slide of that type is built."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from kiosk.core.model import SLIDE_CLASSES
from kiosk.ui.slides.base import SlideBuildError, SlideContext, SlideView
from kiosk.ui.theme import theme_for

if TYPE_CHECKING:
    from kiosk.core.loader import LoadedPlaylist
    from kiosk.core.model import SlideBase

__all__ = [
    "SlideBuildError",
    "SlideContext",
    "SlideView",
    "build_slide",
    "make_context",
    "renderer_name",
]


# Each slide type of the model (`kiosk.core.model.SLIDE_CLASSES`) has its renderer in the module
# of its name, as `<Type>SlideView`: `chart` -> kiosk.ui.slides.chart.ChartSlideView.
def renderer_name(kind: str) -> tuple[str, str]:
    """The module and class that draw slides of type `kind`."""
    return f"kiosk.ui.slides.{kind}", f"{kind.capitalize()}SlideView"


def make_context(
    loaded: LoadedPlaylist, size: QSize, languages: tuple[str, ...] = ()
) -> SlideContext:
    """The context for every slide of `loaded` on a screen of `size` (loads theme fonts),
    drawn in `languages` (default: as the deck's language_mode says)."""
    return SlideContext(loaded, QSize(size), theme_for(loaded, size), languages=languages)


def build_slide(slide: SlideBase, ctx: SlideContext, parent: QWidget | None = None) -> SlideView:
    """Build the view of `slide`, laid out for `ctx.size`, in its pre-`enter()` state.

    Raises SlideBuildError when the slide cannot be shown (an image that does not load).
    """
    kind = slide.type
    if kind not in SLIDE_CLASSES:
        raise SlideBuildError(f"no renderer for slide type {kind!r}")
    module_name, class_name = renderer_name(kind)
    view_class: type[SlideView] = getattr(importlib.import_module(module_name), class_name)
    view = view_class(slide, ctx, parent)
    if view.rtl:  # a right to left language: the layout read from the right
        view.mirror_layout()
    return view
