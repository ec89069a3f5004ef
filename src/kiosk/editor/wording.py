"""Words a person reads instead of JSON keys (no Qt): labels, units, and where a problem is.

The model's descriptions say what a field means; they become tooltips. Labels are short
names a person who does not write JSON recognises ("Line above the title", not "kicker").
A key missing here falls back to its description when that is short, else to the key with
spaces. Units come from here too (the model has none yet): "10 s", not "10.000".
"""

from __future__ import annotations

import re
from typing import Any

from kiosk.core.jsonpos import JsonPath
from kiosk.core.localtext import LANG_TAG

_LANG_TAG = re.compile(LANG_TAG)

__all__ = [
    "IN_CONTEXT",
    "LABELS",
    "MORE",
    "UNITS",
    "UNSET",
    "describe_path",
    "label_for",
    "slide_name",
]

LABELS: dict[str, str] = {
    "id": "Name for hot reload",
    "duration": "Time on screen",
    "transition": "Transition",
    "notes": "Speaker notes",
    "enabled": "Shown",
    "markup": "Text is rich text (HTML)",
    "show": "Only show",
    "title": "Title",
    "subtitle": "Subtitle",
    "kicker": "Line above the title",
    "logo": "Logo",
    "image": "Picture",
    "heading": "Heading",
    "points": "Points",
    "reveal": "Reveal points one by one",
    "icons": "Icon per point",
    "value": "Number",
    "data": "Data file",
    "unit": "Unit",
    "prefix": "Before the number",
    "decimals": "Decimals",
    "label": "Label",
    "detail": "Detail line",
    "source": "Source",
    "count_up": "Count up",
    "kind": "Chart type",
    "x": "Labels column",
    "y": "Value columns",
    "values": "Values",
    "x_title": "Horizontal axis title",
    "y_title": "Vertical axis title",
    "highlight": "Stress the point",
    "value_labels": "Write values on the chart",
    "note": "Note",
    "text": "Text",
    "speaker": "Speaker",
    "role": "Role",
    "caption": "Caption",
    "fit": "Fit",
    "milestones": "Milestones",
    "date": "Date",
    "media_side": "Picture or chart on the",
    "chart": "Chart",
    "from": "From (date)",
    "until": "Until (date)",
    "days": "Days",
    "hours": "Hours",
    "colors": "Colours",
    "font_family": "Font",
    "fonts": "Font files",
    "background": "Background",
    "gradient": "Gradient",
    "image_portrait": "Picture on portrait screens",
    "progress": "Progress line",
    "counter": "Slide counter",
    "clock": "Clock",
    "error_badge": "Badge while a save is broken",
    "reduced_motion": "Reduce motion",
    "high_contrast": "High contrast",
    "series": "Chart colours",
    "surface": "Surface",
    "muted": "Muted text",
    "accent": "Accent",
    "color": "Colour",
    "transition_ms": "Transition length",
    "resume_after": "Resume rotation after",
    "exit_chord": "Keys to leave kiosk mode",
    "exit_hold": "Hold the keys for",
    "pin": "PIN to leave",
    "timezone": "Time zone",
    "author": "Author",
    "language": "Language when single",
    "languages": "Languages",
    "language_mode": "Languages on screen",
    "alternate_every": "Change language every",
    "labels": "Labels on screen",
    "unit_scale": "Number factor per language",
    "file": "Data file",
    "column": "Column",
    "row": "Row",
    "where": "Row where",
}

IN_CONTEXT: dict[str, str] = {
    "Colors.highlight": "Highlight",
    "Colors.background": "Background",
    "Colors.text": "Text",
    "Milestone.highlight": "Stress it",
    "Point.highlight": "Stress it",
    "Background.color": "Colour",
    "Background.image": "Picture",
    "DataRef.file": "Data file",
}
"""Labels that depend on whose field it is: 'Owner.key' (the pydantic model's name)."""

UNSET: dict[str, str] = {
    "duration": "Use default",
    "decimals": "As needed",
    "value": "From the data file",
    "row": "Pick by values",
}
"""What the tick box beside an optional number says when ticked (else: 'Not set')."""

UNITS: dict[str, str] = {
    "duration": "s",
    "transition_ms": "ms",
    "resume_after": "s",
    "exit_hold": "s",
}

MORE: frozenset[str] = frozenset({"id", "markup", "notes", "enabled"})
"""Slide fields a person rarely needs: shown under "More", closed by default."""


def label_for(key: str, description: str = "", owner: str = "") -> str:
    if f"{owner}.{key}" in IN_CONTEXT:
        return IN_CONTEXT[f"{owner}.{key}"]
    if key in LABELS:
        return LABELS[key]
    if description and len(description) <= 32 and "(" not in description:
        return description
    return key.replace("_", " ").capitalize()


def slide_name(data: Any, index: int) -> str:
    """'slide 10 (chart)': counted from 1, with its type."""
    slides = data.get("slides") if isinstance(data, dict) else None
    kind = ""
    if isinstance(slides, list) and 0 <= index < len(slides) and isinstance(slides[index], dict):
        raw = slides[index].get("type")
        kind = f" ({raw})" if isinstance(raw, str) else ""
    return f"slide {index + 1}{kind}"


def describe_path(data: Any, path: JsonPath) -> str:
    """('slides', 9, 'values', 2) → 'slide 10 (chart) › Values › row 3'."""
    parts: list[str] = []
    rest = list(path)
    if len(rest) >= 2 and rest[0] == "slides" and isinstance(rest[1], int):
        parts.append(slide_name(data, rest[1]))
        rest = rest[2:]
    for part in rest:
        if isinstance(part, int):
            parts.append(f"row {part + 1}")
        elif part not in LABELS and _LANG_TAG.match(part):
            parts.append(part)  # a language of a text: 'fr', 'zh-Hans'
        else:
            parts.append(label_for(part))
    return " › ".join(parts)
