"""Problems with a playlist, and how parser and validator findings become one readable line
each, with a position (`Problem`, `PlaylistError`: the loader raises them)."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from kiosk.core.jsonpos import JsonPath, Positions, format_path
from kiosk.core.model import SLIDE_TYPES, Playlist

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

__all__ = [
    "Pending",
    "PlaylistError",
    "Problem",
    "json_kind",
    "number_out_of_range",
    "place",
    "slide_label",
    "syntax_message",
    "translate",
]


@dataclass(frozen=True)
class Problem:
    """One mistake: where it is and what is wrong, as one line."""

    file: str
    line: int
    col: int
    path: str
    message: str
    slide: str = ""  # "slide 10 (chart)": 1-based with its type, as people count them

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        at = f"{self.slide}, {self.path}" if self.slide else self.path
        return f"{where}: {at}: {self.message}" if at else f"{where}: {self.message}"


class PlaylistError(Exception):
    """The playlist cannot be used; `problems` says why, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Pending:
    """A problem known by JSON path; `place` gives it a line and column."""

    path: JsonPath
    message: str


def place(p: Pending, pos: Positions, playlist_path: Path, data: Any = None) -> Problem:

    line, col = pos.of_value(p.path)
    return Problem(
        str(playlist_path), line, col, format_path(p.path), p.message, slide_label(data, p.path)
    )


def slide_label(data: Any, path: JsonPath) -> str:
    """'slide 10 (chart)' for a JSON path inside slides[9] (1-based, as on screen); else ''."""
    if len(path) < 2 or path[0] != "slides" or not isinstance(path[1], int):
        return ""
    index = path[1]
    slides = data.get("slides") if isinstance(data, dict) else None
    slide = slides[index] if isinstance(slides, list) and 0 <= index < len(slides) else None
    kind = slide.get("type") if isinstance(slide, dict) else None
    if isinstance(kind, str) and kind in SLIDE_TYPES:
        return f"slide {index + 1} ({kind})"
    return f"slide {index + 1}"


def json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _shown(value: Any) -> str:
    if isinstance(value, dict | list):
        return json_kind(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def number_out_of_range(text: str, offset: int) -> bool:
    m = re.match(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", text[offset : offset + 4000])
    if not m:
        return False
    token = m.group()
    if re.fullmatch(r"-?\d+", token):
        return len(token.lstrip("-")) > 30
    return float(token) in (float("inf"), float("-inf"))


def syntax_message(text: str, e: json.JSONDecodeError) -> str:
    """A plainer wording of json's syntax errors, naming the usual culprits."""
    at = text[e.pos : e.pos + 1]
    before = text[: e.pos].rstrip()[-1:]
    if at == "/" and text[e.pos : e.pos + 2] in ("//", "/*"):
        return "comments are not allowed in JSON"
    if e.msg.startswith("Unterminated string"):
        return "string is not closed (missing '\"')"
    if e.msg.startswith("Invalid control character"):
        return "line break or control character inside a string (close the string or use \\n)"
    if e.msg.startswith("Expecting property name") and before == ",":
        return "trailing comma before '}'"
    if e.msg == "Expecting value" and before == "," and at == "]":
        return "trailing comma before ']'"
    if e.msg.startswith("Expecting property name") and at == "'":
        return "keys need double quotes, not single quotes"
    if e.msg == "Expecting value" and at == "'":
        return "strings need double quotes, not single quotes"
    if e.msg == "Expecting value" and not at:
        return "the file ends before the JSON is complete"
    if e.msg.startswith("Expecting ',' delimiter") or e.msg.startswith("Expecting ':'"):
        if not at:
            return "the file ends before the JSON is complete (missing '}' or ']')"
        return f"{e.msg.lower()} (found {at!r})"
    if e.msg == "Extra data":
        return "more text after the end of the JSON object"
    if e.msg == "Expecting value":
        return f"expected a value (found {at!r})" if at else "expected a value"
    return e.msg[:1].lower() + e.msg[1:]


# --- pydantic errors --------------------------------------------------------------------

_TYPE_WORDS = {
    "string_type": "a string",
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "an array",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "date_type": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "int_parsing": "a whole number",
    "none_required": "null",
    "is_instance_of": "an object",
}


_PATTERNS = {
    "^#": "must be a colour like #0B1F3A, #FFF or #80FFFFFF",
    "^\\d{4,12}$": "must be 4 to 12 digits",
    "^[A-Za-z0-9_.-]{1,64}$": "must be 1 to 64 letters, digits, '.', '_' or '-'",
}


def _message(err: ErrorDetails, raw: Any) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = f" (got {_shown(raw)})"
    if kind in _TYPE_WORDS:
        return f"must be {_TYPE_WORDS[kind]}{got}"
    if kind == "missing":
        return "is required"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {
            "greater_than": ("greater than", "gt"),
            "greater_than_equal": ("at least", "ge"),
            "less_than": ("less than", "lt"),
            "less_than_equal": ("at most", "le"),
        }[kind]
        return f"must be {words[0]} {_num(ctx.get(words[1]))}{got}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}{got}".replace(" or ", ", ")
    if kind in ("too_short", "too_long"):
        n = ctx.get("min_length" if kind == "too_short" else "max_length")
        actual = ctx.get("actual_length")
        what = "item" if isinstance(raw, list) else "character"
        bound = "at least" if kind == "too_short" else "at most"
        if isinstance(raw, str) and kind == "too_short" and n == 1:
            return "must not be empty"
        plural = "s" if n != 1 else ""
        return f"must have {bound} {n} {what}{plural} (got {actual})"
    if kind in ("string_too_short", "string_too_long"):
        if kind == "string_too_short" and ctx.get("min_length") == 1:
            return "must not be empty"
        bound = "at least" if kind == "string_too_short" else "at most"
        n = ctx.get("min_length" if kind == "string_too_short" else "max_length")
        return f"must have {bound} {n} characters"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        wording = next((w for p, w in _PATTERNS.items() if pattern.startswith(p)), None)
        return (wording or f"does not match the expected form {pattern}") + got
    if kind == "union_tag_invalid":
        return f"unknown slide type {_shown(ctx.get('tag'))} (known: {', '.join(SLIDE_TYPES)})"
    if kind == "union_tag_not_found":
        return f"needs a 'type' (one of: {', '.join(SLIDE_TYPES)})"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "finite_number":
        return f"must be a finite number{got}"
    msg = err["msg"]
    return msg[:1].lower() + msg[1:]


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[JsonPath, Any, bool]:
    """Follow pydantic's loc through the raw data, dropping union labels it adds."""
    node = data
    path: list[str | int] = []
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        is_tag = (
            i == 2
            and len(path) == 2
            and path[0] == "slides"
            and isinstance(node, dict)
            and part in SLIDE_TYPES
            and node.get("type") == part
        )
        if is_tag:
            continue
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
        elif last and isinstance(node, dict) and isinstance(part, str):
            path.append(part)
            return tuple(path), None, False
        # else: a tag or union member name (e.g. 'title', 'str', 'list[str]'): skip
    return tuple(path), node, True


def _fields_for(data: Any, path: JsonPath) -> list[str]:
    """Known field names of the object at `path` (for 'did you mean')."""
    annotation: Any = Playlist
    node = data
    for part in path:
        model = _model_of(annotation, node) if isinstance(node, dict) else None
        node = node[part] if isinstance(node, dict | list) else None  # type: ignore[index]
        if isinstance(part, int):
            annotation = _item_type(annotation)
            continue
        if model is None:
            return []
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None
        )
        if field is None:
            return []
        annotation = field.annotation
    found = _model_of(annotation, node)
    if found is None:
        return []
    return [f.alias or name for name, f in found.model_fields.items()]


def _item_type(annotation: Any) -> Any:
    from typing import get_args, get_origin

    for arg in (annotation, *get_args(annotation)):
        if get_origin(arg) is list:
            return get_args(arg)[0]
    return annotation


def _model_of(annotation: Any, node: Any) -> type[BaseModel] | None:
    from typing import get_args

    from kiosk.core import model as m

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(node, dict) and isinstance(node.get("type"), str):
        found = m.SLIDE_CLASSES.get(node["type"])
        if found is not None:
            return found
    for arg in get_args(annotation):
        inner = _model_of(arg, node)
        if inner is not None:
            return inner
    return None


def translate(name: str, data: Any, pos: Positions, errs: list[ErrorDetails]) -> list[Problem]:

    merged: dict[JsonPath, tuple[Problem, list[str]]] = {}
    for err in errs:
        path, raw, exists = _walk(data, tuple(err["loc"]))
        if err["type"] == "extra_forbidden":
            key = str(path[-1])
            known = _fields_for(data, path[:-1])
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            if not close and known:
                hint = f" (known: {', '.join(known)})"
            message = f"unknown field {key!r}{hint}"
            line, col = pos.of_key(path)
        elif err["loc"] and err["loc"][-1] == "[key]":
            message = _message(err, path[-1]).replace("must be one of", "key must be one of")
            line, col = pos.of_key(path)
        else:
            message = _message(err, err.get("input", raw))
            line, col = pos.of_value(path) if exists else pos.of_value(path[:-1])
        previous = merged.get(path)
        if previous is not None:
            # a union field: "must be a string" + "must be an array" → one line
            problem, parts = previous
            base = message.split(" (got ")[0]
            if base.startswith("must be ") and base not in parts:
                parts.append(base)
                joined = " or ".join([parts[0], *(p.removeprefix("must be ") for p in parts[1:])])
                got = f" (got {_shown(raw)})" if exists else ""
                merged[path] = (
                    Problem(
                        problem.file,
                        problem.line,
                        problem.col,
                        problem.path,
                        joined + got,
                        problem.slide,
                    ),
                    parts,
                )
            continue
        merged[path] = (
            Problem(name, line, col, format_path(path), message, slide_label(data, path)),
            [message.split(" (got ")[0]],
        )
    return [problem for problem, _ in merged.values()]
