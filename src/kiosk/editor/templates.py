"""Starting content: a blank playlist and a valid minimal slide of each type (no Qt)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from kiosk.editor.deckfiles import copy_into
from kiosk.editor.schema import SLIDE_TYPES
from kiosk.resources import assets_dir

if TYPE_CHECKING:
    from kiosk.editor.document import PlaylistDocument

__all__ = ["SLIDE_LABELS", "blank_playlist", "group_seed", "new_slide"]

SLIDE_LABELS: dict[str, str] = {
    "title": "Title — big title and subtitle",
    "bullets": "Bullets — heading and 2–7 points",
    "metric": "Metric — one big number",
    "chart": "Chart — bar, line, area, pie…",
    "quote": "Quote — quotation and speaker",
    "image": "Image — a picture with a caption",
    "timeline": "Timeline — dated milestones",
    "split": "Split — text beside a chart or image",
    "video": "Video — a clip, looped or until it ends",
}

_VALUES = [{"label": "2020", "value": 1}, {"label": "2021", "value": 2}]

_SLIDES: dict[str, dict[str, Any]] = {
    "title": {"type": "title", "title": "New title", "subtitle": ""},
    "bullets": {"type": "bullets", "heading": "New list", "points": ["First point", "Second"]},
    "metric": {"type": "metric", "value": 42, "unit": "%", "label": "What the number means"},
    "chart": {"type": "chart", "kind": "bar", "heading": "New chart", "values": _VALUES},
    "quote": {"type": "quote", "text": "A memorable sentence.", "speaker": "Someone"},
    "image": {"type": "image", "image": "", "caption": ""},
    "timeline": {
        "type": "timeline",
        "heading": "New timeline",
        "milestones": [{"date": "2030", "label": "First step"}, {"date": "2060", "label": "Goal"}],
    },
    "split": {
        "type": "split",
        "heading": "New split slide",
        "text": "Text beside the chart.",
        "chart": {"kind": "bar", "values": _VALUES},
    },
    "video": {"type": "video", "video": "", "caption": ""},
}
assert set(_SLIDES) == set(SLIDE_TYPES)


_PICTURES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp")


def _a_picture_of(doc: PlaylistDocument) -> str | None:
    """A picture the deck already uses, relative to it (the first image slide's, say)."""
    for slide in doc.slides:
        if not isinstance(slide, dict):
            continue
        for key in ("image", "logo"):
            value = slide.get(key)
            if (
                isinstance(value, str)
                and value.lower().endswith(_PICTURES)
                and (doc.base_dir / value).is_file()
                and "site-packages" not in value
            ):
                return value
    return None


def new_slide(kind: str, doc: PlaylistDocument) -> dict[str, Any]:
    """A valid slide of type `kind`.

    An image slide needs a picture that exists: one the deck already uses, else kiosk's logo
    copied into the deck's folder (never a path into the installed package, which breaks as
    soon as the deck is copied to the display). An untitled deck has no folder yet: it
    points at the installed logo, and Save As rewrites that path.
    """
    slide = copy.deepcopy(_SLIDES[kind])
    if kind == "image":
        picture = _a_picture_of(doc)
        if picture is None and doc.path is not None:
            try:
                picture = doc.relative(copy_into(assets_dir() / "logo.svg", doc.base_dir))
            except OSError:
                picture = None
        slide["image"] = picture or doc.relative(assets_dir() / "logo.svg")
    if kind == "video":
        clip = assets_dir() / "video" / "takeoff.mp4"
        try:
            slide["video"] = doc.relative(copy_into(clip, doc.base_dir)) if doc.path else None
        except OSError:
            slide["video"] = None
        slide["video"] = slide["video"] or doc.relative(clip)
    return slide


def group_seed(owner: type, path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], Any]]:
    """What "Add …" for an optional group sets, as one step that keeps the slide sensible.

    A split slide shows a picture *or* a chart: adding the chart (with two example values)
    takes the picture out. A metric shows a typed number *or* one from a data file: adding
    the data file takes the typed number out. Anything else starts empty.
    """
    from kiosk.core import model as m
    from kiosk.editor.document import MISSING

    parent, key = path[:-1], path[-1]
    if issubclass(owner, m.SplitSlide) and key == "chart":
        return [
            (path, {"kind": "bar", "values": copy.deepcopy(_VALUES)}),
            ((*parent, "image"), MISSING),
        ]
    if issubclass(owner, m.MetricSlide) and key == "data":
        return [(path, {"row": 0}), ((*parent, "value"), MISSING)]
    return [(path, {})]


def blank_playlist() -> dict[str, Any]:
    return {
        "deck": {"title": "New deck"},
        "slides": [{"type": "title", "title": "New deck"}],
    }
