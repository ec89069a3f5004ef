"""A playlist's JSON text to data, by the loader's rules: no duplicate keys, no NaN or
Infinity, no number out of range, at most `MAX_DEPTH` levels. Each refusal is one `Problem`
with its line and column (found by `jsonpos` only then). No Qt."""

from __future__ import annotations

import json
import math
from typing import Any

from kiosk.core import errors
from kiosk.core.errors import PlaylistError, Problem
from kiosk.core.jsonpos import JsonPath, format_path, locate

__all__ = ["MAX_DEPTH", "read_json"]

MAX_DEPTH = 64
_MAX_INT_DIGITS = 30


def read_json(name: str, text: str) -> Any:
    """The data of JSON `text` (of the file `name`); PlaylistError with the one problem."""
    try:
        data = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_constant,
            parse_float=_float,
            parse_int=_int,
        )
    except json.JSONDecodeError as e:
        raise PlaylistError([_syntax_problem(name, text, e)]) from None
    except _BadInput as e:
        raise PlaylistError([_locate_bad_input(name, text, e)]) from None
    except RecursionError:
        raise PlaylistError([_too_deep(name, text)]) from None
    if _depth_exceeds(data, MAX_DEPTH):
        raise PlaylistError([_too_deep(name, text)])
    return data


class _BadInput(Exception):
    def __init__(self, message: str, path: JsonPath | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)  # at C speed; only an object with a duplicate key is looked at again
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _BadInput(f"duplicate key {key!r}")
            seen.add(key)
    return out


def _constant(name: str) -> float:
    raise _BadInput(f"{name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadInput(f"number out of range ({text[:20]})")
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise _BadInput(f"number out of range ({text[:20]}…)")
    return int(text)


def _too_deep(name: str, text: str) -> Problem:
    pos = locate(text, MAX_DEPTH)
    line, col = pos.line_col(pos.too_deep or 0)
    return Problem(name, line, col, "", f"nested more than {MAX_DEPTH} levels deep")


def _depth_exceeds(data: Any, limit: int) -> bool:
    """Whether containers nest deeper than `limit`: one level at a time, containers only
    (scalars, most of a deck's values, are never looked at twice)."""
    level = [data] if isinstance(data, dict | list) else []
    for _ in range(limit):
        if not level:
            return False
        level = [
            v
            for node in level
            for v in (node.values() if isinstance(node, dict) else node)
            if isinstance(v, dict | list)
        ]
    return bool(level)


def _syntax_problem(name: str, text: str, e: json.JSONDecodeError) -> Problem:
    return Problem(name, e.lineno, e.colno, "", errors.syntax_message(text, e))


def _locate_bad_input(name: str, text: str, e: _BadInput) -> Problem:
    pos = locate(text, MAX_DEPTH)
    if e.message.startswith("duplicate key") and pos.duplicates:
        path, offset = pos.duplicates[0]
        line, col = pos.line_col(offset)
        return Problem(
            name, line, col, format_path(path), e.message, errors.slide_label(None, path)
        )
    for path, offset in pos.values.items():
        token = text[offset : offset + 40]
        if token.startswith(("NaN", "Infinity", "-Infinity")) or (
            token[:1] in "-0123456789" and errors.number_out_of_range(text, offset)
        ):
            line, col = pos.line_col(offset)
            label = errors.slide_label(None, path)
            return Problem(name, line, col, format_path(path), e.message, label)
    return Problem(name, 0, 0, "", e.message)
