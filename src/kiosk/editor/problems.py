"""The playlist's problems, placed and worded for the editor (no Qt).

A problem names its place as text ('slides[2].points'); the editor needs it as a path, per
slide (the list's marks), in words ('slide 2 (bullets) › Points: …'), and as the tab and
field to show when the person activates it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kiosk.core.jsonpos import JsonPath
from kiosk.core.loader import Problem
from kiosk.editor.rawjson import parse_path
from kiosk.editor.wording import describe_path

__all__ = ["DataStamp", "data_stamp", "located", "per_slide", "problem_text", "slide_of", "tab_of"]

DataStamp = tuple[tuple[str, int, int], ...]


def located(problems: Iterable[Problem]) -> list[tuple[JsonPath, str]]:
    return [(parse_path(p.path), p.message) for p in problems]


def slide_of(path: JsonPath) -> int | None:
    """The slide a path is in ('slides', 2, …) → 2; None outside the slides."""
    if len(path) >= 2 and path[0] == "slides" and isinstance(path[1], int):
        return path[1]
    return None


def tab_of(path: JsonPath, sections: Sequence[str]) -> int | None:
    """The form tab that shows `path`: 0 for a slide, 1 + i for section `sections[i]`."""
    if slide_of(path) is not None:
        return 0
    if path and path[0] in sections:
        return 1 + list(sections).index(str(path[0]))
    return None


def per_slide(places: Iterable[tuple[JsonPath, str]]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for path, message in places:
        row = slide_of(path)
        if row is not None:
            out.setdefault(row, []).append(message)
    return out


def problem_text(data: dict[str, Any], p: Problem) -> str:
    """'slide 2 (bullets) › Points: must have at least 2 items (got 1)'.

    No line number: it would be a line of the text not yet saved, which nobody can see.
    """
    where = describe_path(data, parse_path(p.path)) if p.path else ""
    return f"{where}: {p.message}" if where else p.message


def data_stamp(tables: Iterable[Path]) -> DataStamp:
    """When and how big each data file the deck reads is (to notice outside edits)."""
    out: list[tuple[str, int, int]] = []
    for path in sorted(tables):
        try:
            info = path.stat()
        except OSError:
            out.append((str(path), -1, -1))
        else:
            out.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(out)
