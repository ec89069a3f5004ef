"""Starting content: a blank playlist and a valid minimal slide of each type (no Qt)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from kiosk.core.model import SLIDE_TYPES
from kiosk.resources import assets_dir

if TYPE_CHECKING:
    from kiosk.editor.document import PlaylistDocument

__all__ = ["SLIDE_LABELS", "blank_playlist", "new_slide"]

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


def new_slide(kind: str, doc: PlaylistDocument) -> dict[str, Any]:
    """A valid slide of type `kind`; an image slide starts with kiosk's logo as its picture."""
    slide = copy.deepcopy(_SLIDES[kind])
    if kind == "image":
        slide["image"] = doc.relative(assets_dir() / "logo.svg")
    if kind == "video":
        slide["video"] = doc.relative(assets_dir() / "video" / "takeoff.mp4")
    return slide


def blank_playlist() -> dict[str, Any]:
    return {
        "deck": {"title": "New deck"},
        "slides": [{"type": "title", "title": "New deck"}],
    }
