"""A column of a big table as labels, without a Python string a cell (`kiosk.core.series`).

A million labels as a list of strings is ~60 MB; `Labels` keeps one string (the cells joined
by NUL) and an `array` of where each starts, and makes a label's string when it is asked
for. A chart asks for a few (the axis shows a dozen).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import overload

from kiosk.core.data import _NUMBER, _as_text, _cell

__all__ = ["Labels", "NumberLabels"]

_SEP = "\x00"  # joins a column's cells: `data.read_text` refuses text with a NUL in it


def _same(view: Sequence[str], other: object) -> bool:
    if isinstance(other, Sequence) and not isinstance(other, str):
        return len(other) == len(view) and all(a == b for a, b in zip(view, other, strict=True))
    return False


class Labels(Sequence[str]):
    """A column's cells as text, without a Python string a cell: one string and offsets."""

    def __init__(self, text: str, starts: array[int]) -> None:
        self._text = text  # cells joined by NUL
        self._starts = starts  # where each cell starts in _text, and one past the end

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("label index out of range")
        return _label(self._text[self._starts[index] : self._starts[index + 1] - 1])

    def __iter__(self) -> Iterator[str]:
        return map(_label, self._text[:-1].split(_SEP)) if len(self) else iter(())

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and self._find(value) >= 0

    def index(self, value: object, start: int = 0, stop: int | None = None) -> int:
        at = self._find(value) if isinstance(value, str) and not start and stop is None else -1
        if at < 0 and (start or stop is not None):
            return super().index(value, start, len(self) if stop is None else stop)
        if at < 0:
            raise ValueError(f"{value!r} is not a label")
        return at

    def _find(self, value: str) -> int:
        if _NUMBER.match(value) or value != value.strip() or _SEP in value:
            return next((i for i, s in enumerate(self) if s == value), -1)
        at = (_SEP + self._text).find(_SEP + value + _SEP)  # cells are stripped already
        return -1 if at < 0 else bisect_right(self._starts, at) - 1

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Labels):
            return self._text == other._text
        return _same(self, other)

    def __hash__(self) -> int:
        return hash(self._text)

    def __repr__(self) -> str:
        return f"Labels({len(self)} labels)"


class NumberLabels(Sequence[str]):
    """A numeric column shown as labels (as the small tables show a number: "3", "2.5")."""

    def __init__(self, values: array[float]) -> None:
        self._values = values

    def __len__(self) -> int:
        return len(self._values)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [_as_text(v) for v in self._values[index]]
        return _as_text(self._values[index])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, NumberLabels):
            return self._values == other._values
        return _same(self, other)

    def __hash__(self) -> int:
        return hash(len(self._values))


def _label(text: str) -> str:
    """A cell as a label, as the row tables make it ("1.50" is the number 1.5: "1.5")."""
    if text[:1] in "+-.0123456789":
        cell = _cell(text)
        return _as_text(cell) if isinstance(cell, float) else cell
    return text
