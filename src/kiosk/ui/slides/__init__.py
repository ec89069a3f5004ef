"""Slide renderers: one module per slide type, imported when a slide of that type is built."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from kiosk.ui.slides.base import SlideBuildError, SlideContext, SlideView
from kiosk.ui.theme import theme_for

if TYPE_CHECKING:
    from kiosk.core.loader import LoadedPlaylist
    from kiosk.core.model import SlideBase

__all__ = ["SlideBuildError", "SlideContext", "SlideView", "build_slide", "make_context"]

_CLASSES = {
    "title": "TitleSlideView",
    "bullets": "BulletsSlideView",
    "metric": "MetricSlideView",
    "chart": "ChartSlideView",
    "quote": "QuoteSlideView",
    "image": "ImageSlideView",
    "timeline": "TimelineSlideView",
    "split": "SplitSlideView",
    "video": "VideoSlideView",
}


def make_context(loaded: LoadedPlaylist, size: QSize) -> SlideContext:
    """The context for every slide of `loaded` on a screen of `size` (loads theme fonts)."""
    return SlideContext(loaded, QSize(size), theme_for(loaded, size))


def build_slide(slide: SlideBase, ctx: SlideContext, parent: QWidget | None = None) -> SlideView:
    """Build the view of `slide`, laid out for `ctx.size`, in its pre-`enter()` state.

    Raises SlideBuildError when the slide cannot be shown (an image that does not load).
    """
    kind = getattr(slide, "type", None)
    if kind not in _CLASSES:
        raise SlideBuildError(f"no renderer for slide type {kind!r}")
    module = importlib.import_module(f"kiosk.ui.slides.{kind}")
    view_class: type[SlideView] = getattr(module, _CLASSES[kind])
    return view_class(slide, ctx, parent)
