"""The raw JSON's vocabulary (no Qt): the MISSING key, paths written as text, the indent.

A problem names its place as text ('slides[3].show.from'); the editor edits the parsed JSON
by tuple paths; `parse_path` turns one into the other. `detect_indent` remembers how the file
was laid out so that a save writes it back the same way.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kiosk.core.jsonpos import JsonPath

__all__ = ["MISSING", "detect_indent", "dumps", "parse_path"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"

    def __copy__(self) -> _Missing:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _Missing:
        return self


MISSING: Any = _Missing()
"""The value of a key that is not there; setting a key to MISSING deletes it."""


_TOKEN = re.compile(r'\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([A-Za-z_$][A-Za-z0-9_$]*)')


def parse_path(text: str) -> JsonPath:
    """'slides[3].show.from' → ('slides', 3, 'show', 'from'), the inverse of format_path."""
    out: list[str | int] = []
    for m in _TOKEN.finditer(text):
        index, quoted, name = m.groups()
        if index is not None:
            out.append(int(index))
        elif quoted is not None:
            out.append(json.loads(quoted))
        else:
            out.append(name)
    return tuple(out)


def detect_indent(text: str) -> int | str:
    """The indent of the first indented line (spaces count, or a tab); 2 when there is none."""
    for line in text.splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped and len(stripped) < len(line):
            lead = line[: len(line) - len(stripped)]
            return "\t" if lead.startswith("\t") else len(lead)
    return 2


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
