"""Where things are in a JSON text: line and column of every value and key.

The fast path (`json.loads`) knows nothing about positions. When a playlist has a problem
we scan the text once more with this small iterative scanner to point at the value, the key
(unknown keys, duplicates) or the bracket that nests too deep. It never recurses, so no
input can exhaust the stack, and it stops quietly at the first syntax error it meets.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["JsonPath", "Located", "Positions", "format_path", "locate"]

JsonPath = tuple[str | int, ...]
Located = tuple[int, int]  # (line, column), both 1-based

_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"')
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SPACE = re.compile(r"[ \t\n\r]*")
_LITERALS = ("true", "false", "null", "NaN", "Infinity", "-Infinity")


@dataclass
class Positions:
    """Offsets found by `locate`, turned into (line, column) on demand."""

    text: str
    values: dict[JsonPath, int] = field(default_factory=dict)
    keys: dict[JsonPath, int] = field(default_factory=dict)
    duplicates: list[tuple[JsonPath, int]] = field(default_factory=list)
    too_deep: int | None = None
    _newlines: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._newlines = [i for i, c in enumerate(self.text) if c == "\n"]

    def line_col(self, offset: int) -> Located:
        line = bisect_right(self._newlines, offset - 1)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    def of_value(self, path: JsonPath) -> Located:
        """Position of the value at `path`, or of its nearest ancestor that exists."""
        for n in range(len(path), -1, -1):
            offset = self.values.get(path[:n])
            if offset is not None:
                return self.line_col(offset)
        return (1, 1)

    def of_key(self, path: JsonPath) -> Located:
        """Position of the key that names `path` (falls back to the value)."""
        offset = self.keys.get(path)
        return self.line_col(offset) if offset is not None else self.of_value(path)


@dataclass
class _Frame:
    path: JsonPath
    is_object: bool
    index: int = 0
    key: str | None = None
    seen: set[str] = field(default_factory=set)


def locate(text: str, max_depth: int = 64) -> Positions:
    """Scan `text` and record where each value and key starts."""
    pos = Positions(text)
    stack: list[_Frame] = []
    i = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    n = len(text)
    expect_value = True
    while i < n:
        c = text[i]
        if expect_value:
            path = _child_path(stack)
            pos.values[path] = i
            if c in "{[":
                if len(stack) >= max_depth and pos.too_deep is None:
                    pos.too_deep = i
                    return pos
                stack.append(_Frame(path, c == "{"))
                i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
                if i < n and text[i] in "}]":
                    stack.pop()
                    i += 1
                    expect_value = False
                elif stack[-1].is_object:
                    i = _read_key(text, i, stack[-1], pos)
                    if i < 0:
                        return pos
                continue
            m = _STRING.match(text, i) if c == '"' else _NUMBER.match(text, i)
            if m:
                i = m.end()
            else:
                word = next((w for w in _LITERALS if text.startswith(w, i)), None)
                if word is None:
                    return pos
                i += len(word)
            expect_value = False
            continue
        # after a value: a comma or a closing bracket
        i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
        if i >= n or not stack:
            break
        c = text[i]
        frame = stack[-1]
        if c == ",":
            frame.index += 1
            i = _SPACE.match(text, i + 1).end()  # type: ignore[union-attr]
            if frame.is_object:
                i = _read_key(text, i, frame, pos)
                if i < 0:
                    return pos
            expect_value = True
        elif c in "}]":
            stack.pop()
            i += 1
        else:
            return pos
        continue
    return pos


def _child_path(stack: list[_Frame]) -> JsonPath:
    if not stack:
        return ()
    frame = stack[-1]
    if frame.is_object:
        return (*frame.path, frame.key if frame.key is not None else "")
    return (*frame.path, frame.index)


def _read_key(text: str, i: int, frame: _Frame, pos: Positions) -> int:
    """Read `"key" :` at i; record it; return the offset of the value, or -1."""
    m = _STRING.match(text, i)
    if not m:
        return -1
    try:
        key = json.loads(m.group())
    except ValueError:
        return -1
    path = (*frame.path, key)
    if key in frame.seen:
        pos.duplicates.append((path, i))
    else:
        pos.keys[path] = i
    frame.seen.add(key)
    frame.key = key
    j = _SPACE.match(text, m.end()).end()  # type: ignore[union-attr]
    if j >= len(text) or text[j] != ":":
        return -1
    return _SPACE.match(text, j + 1).end()  # type: ignore[union-attr]


def format_path(path: JsonPath) -> str:
    """('slides', 3, 'duration') → 'slides[3].duration'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out
