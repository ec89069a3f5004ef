"""Data files of machine data: CSV tables of up to 1,000,000 rows, kept as columns.

A line or area chart of a sensor's readings needs a million rows where a bar chart needs a
dozen. The row tables of `kiosk.core.data` (one dict of cells a row, a regular expression and
a Python float per cell) took 10 s and ~500 MB for a million rows, so a table of more than
`data.MAX_ROWS` rows is read here instead, column by column:

- the text is cut into chunks of whole lines; a chunk without quotes, lone carriage returns
  or blank lines is split on commas at C speed (`str.split`), the common case; a file with any
  of them goes through the `csv` module instead, row by row (slower, same result);
- each column keeps its cells as text joined by NUL (a character no data file may contain),
  a few bytes a cell; a numeric column becomes an `array('d')` the first time it is asked for
  (8 bytes a value), and only its text is then dropped;
- every cell is checked as the small tables check it (a plain ASCII decimal number, finite,
  within ±1e15), and the first cell that is not gives the file's line and column.

No Qt, no numpy (`array` is enough, and numpy's own parsers were no faster here).
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import operator
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path

from kiosk.core.columns import _SEP, Labels, NumberLabels
from kiosk.core.data import (
    MAX_CELL_CHARS,
    MAX_MAGNITUDE,
    MAX_ROWS,
    Cell,
    DataError,
    Table,
    _as_text,
    _cell,
    _limit,
    header_columns,
    load_table,
    number_error,
    parse_table,
    read_text,
)

__all__ = [
    "MAX_SERIES_CELLS",
    "MAX_SERIES_ROWS",
    "ColumnTable",
    "Labels",
    "column_table",
    "load_data",
]

MAX_SERIES_ROWS = 1_000_000  # a line of a sensor read every 3 s for a month, or 1 s for 11 days
MAX_SERIES_CELLS = 4_000_000  # a million rows of x and three series
_CHUNK_CHARS = 2_000_000  # text split at once (~50,000 rows): the transient strings stay small
_CHUNK_ROWS = 50_000  # the same for the csv path
_EDGE_SPACES = (" ,", ", ", " \n", "\n ", "\t")  # a cell with spaces around it (or a tab)


class ColumnTable(Table):
    """A table of more than `data.MAX_ROWS` rows (a CSV file), kept as columns."""

    def __init__(
        self,
        path: Path,
        columns: tuple[str, ...],
        cells: dict[str, list[str]],
        sizes: list[int],
        lines: array[int] | None,
    ) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "columns", columns)
        self._cells = cells  # column -> its cells, one NUL-joined string a chunk
        self._sizes = sizes  # rows in each chunk
        self._n = sum(sizes)
        self._lines = lines  # file line of each row (None: row i is on line i + 2)
        self._numbers: dict[str, array[float]] = {}

    def __len__(self) -> int:
        return self._n

    def __eq__(self, other: object) -> bool:  # not the row tables' field by field: no rows here
        if not isinstance(other, ColumnTable):
            return False
        return (self.path, self.columns, self._cells, self._numbers) == (
            other.path,
            other.columns,
            other._cells,
            other._numbers,
        )

    def __hash__(self) -> int:
        return hash((self.path, self.columns, self._n))

    @property
    def rows(self) -> tuple[dict[str, Cell], ...]:
        """Every row as a dict of cells, as a small table has them (slow: for tools only)."""
        cols = [self._column_cells(c) for c in self.columns]
        return tuple(
            {c: _cell(v.strip()) for c, v in zip(self.columns, row, strict=True)}
            for row in zip(*cols, strict=True)
        )

    @property
    def lines(self) -> Sequence[int]:
        return self._lines if self._lines is not None else range(2, self._n + 2)

    def line(self, index: int) -> int:
        return self._lines[index] if self._lines is not None else index + 2

    def texts(self, column: str) -> Sequence[str]:
        """The column as labels: a `Labels` view (no Python string a cell)."""
        self.require(column)
        # The cells first, then the numbers: `numbers` (perhaps on the late-data worker's
        # thread) stores the numbers before it drops the cells, so one of the two is whole
        # whenever the other thread finishes; read the other way round, a label column could
        # come out empty.
        chunks = self._cells[column]
        found = self._numbers.get(column)
        if found is not None:
            return NumberLabels(found)
        text = _SEP.join(chunks) + _SEP
        lengths = itertools.chain.from_iterable(map(len, c.split(_SEP)) for c in chunks)
        starts = array(
            "q", itertools.accumulate(map(operator.add, lengths, itertools.repeat(1)), initial=0)
        )
        return Labels(text, starts)

    def numbers(self, column: str) -> array[float]:
        """The column as an `array('d')`, made once; DataError at the first cell that is not
        a number within ±1e15."""
        self.require(column)
        found = self._numbers.get(column)
        if found is not None:
            return found
        values = array("d")
        row = 0
        for chunk, size in zip(self._cells[column], self._sizes, strict=True):
            try:
                part = array("d", map(float, chunk.split(_SEP)))
            except ValueError:
                part = array("d")
            exact = chunk.isascii() and "_" not in chunk  # else float() reads what we do not
            if len(part) != size or not exact or not _in_range(part):
                self._check_cells(column, chunk, row)
            values.extend(part)
            row += size
        # numbers first, then the cells dropped (see `texts`); two threads converting the
        # same column at once both get the same numbers, and either one's is kept
        self._numbers[column] = values
        self._cells[column] = []  # the text is no longer needed; labels come from the values
        return values

    def _check_cells(self, column: str, chunk: str, first_row: int) -> None:
        for i, text in enumerate(chunk.split(_SEP)):
            if not isinstance(_cell(text.strip()), float):
                self._bad_number(column, first_row + i, text.strip())

    def _bad_number(self, column: str, index: int, value: str) -> None:
        col = self._col_of(column, index)
        raise number_error(self.path, column, index, value, self.line(index), col)

    def _col_of(self, column: str, index: int) -> int:
        """Character column of a cell (1-based), counted from the cells before it."""
        col = 1
        for name in self.columns[: self.columns.index(column)]:
            col += len(self._cell_text(name, index)) + 1
        return col

    def _cell_text(self, column: str, index: int) -> str:
        if column in self._numbers:
            return _as_text(self._numbers[column][index])
        chunk = 0
        while index >= self._sizes[chunk]:
            index -= self._sizes[chunk]
            chunk += 1
        return self._cells[column][chunk].split(_SEP)[index]

    def _column_cells(self, column: str) -> Iterator[str]:
        if column in self._numbers:
            return map(_as_text, self._numbers[column])
        return itertools.chain.from_iterable(c.split(_SEP) for c in self._cells[column])

    def number(self, index: int, column: str) -> float:
        self.require(column)
        if column in self._numbers:
            return self._numbers[column][index]
        text = self._cell_text(column, index).strip()
        value = _cell(text)
        if not isinstance(value, float):
            self._bad_number(column, index, text)
        assert isinstance(value, float)
        return value

    def find(self, where: dict[str, str]) -> int:
        for column in where:
            self.require(column)
        columns = [self.texts(c) for c in where]
        wanted = list(where.values())
        for i in range(self._n):
            if all(col[i] == v for col, v in zip(columns, wanted, strict=True)):
                return i
        return super().find(where)  # raises "no row where …"


def _in_range(values: array[float]) -> bool:
    """All finite and within ±MAX_MAGNITUDE (a NaN or an infinity makes the sum one)."""
    if not values:
        return True
    return (
        math.isfinite(sum(values)) and -MAX_MAGNITUDE <= min(values) <= max(values) <= MAX_MAGNITUDE
    )


def load_data(path: Path, max_rows: int = MAX_SERIES_ROWS) -> Table:
    """Read a data file as `data.load_table` does, but a CSV file of more than
    `data.MAX_ROWS` rows (up to `max_rows`) as a `ColumnTable`. Raises DataError."""
    if path.suffix.lower() == ".json":
        return load_table(path)
    text = read_text(path)
    if max_rows <= MAX_ROWS or text.count("\n") <= MAX_ROWS + 1:
        return parse_table(path, text, "csv")  # at most MAX_ROWS rows (or it says so)
    return column_table(path, text, max_rows)


def column_table(path: Path, text: str, max_rows: int = MAX_SERIES_ROWS) -> ColumnTable:
    """`text` (a CSV file's) as a ColumnTable. Raises DataError."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if '"' in text or "\r" in text:
        return _csv_columns(path, text, max_rows)
    head, _, body = text.partition("\n")
    columns = header_columns(path, head.split(","))
    body = body.rstrip("\n")
    if "\n\n" in body:
        return _csv_columns(path, text, max_rows)  # blank lines: the csv path skips them
    k = len(columns)
    rows = body.count("\n") + 1 if body else 0
    _limit(path, "data rows", rows, max_rows, line=max_rows + 2)
    _limit(path, "cells", rows * k, MAX_SERIES_CELLS, line=MAX_SERIES_CELLS // k + 2)
    cells: dict[str, list[str]] = {c: [] for c in columns}
    sizes: list[int] = []
    start = 0
    while start < len(body):
        end = body.find("\n", start + _CHUNK_CHARS)
        end = len(body) if end < 0 else end
        chunk = body[start:end]
        parts = _split(path, chunk, k, sum(sizes) + 2)
        if parts is None:
            return _csv_columns(path, text, max_rows)
        for j, column in enumerate(columns):
            cells[column].append(_SEP.join(parts[j::k]))
        sizes.append(len(parts) // k)
        start = end + 1
    if not sizes:
        raise DataError(path, "no data rows under the header", line=1, col=1)
    return ColumnTable(path, columns, cells, sizes, None)


def _split(path: Path, chunk: str, k: int, first_line: int) -> list[str] | None:
    """The cells of a chunk of lines, row after row; None when a row is blank (the csv path
    skips those). DataError for a row of another length or a cell too long."""
    lines = chunk.split("\n")
    if set(map(str.count, lines, itertools.repeat(","))) != {k - 1}:  # C speed: no frame a row
        for i, line in enumerate(lines):
            n = line.count(",") + 1
            if n != k:
                if not line.strip(",").strip():
                    return None
                message = f"row has {n} cells but the header has {k}"
                raise DataError(path, message, line=first_line + i, col=1)
    parts = chunk.replace("\n", ",").split(",")
    if max(map(len, lines)) > MAX_CELL_CHARS and max(map(len, parts)) > MAX_CELL_CHARS:
        at = next(i for i, p in enumerate(parts) if len(p) > MAX_CELL_CHARS)
        _limit(
            path, "characters in a cell", MAX_CELL_CHARS + 1, MAX_CELL_CHARS, first_line + at // k
        )
    if (" " in chunk or "\t" in chunk) and _edge_spaces(chunk):
        parts = [p.strip() for p in parts]
    if "" in parts:
        rows = zip(*(parts[j::k] for j in range(k)), strict=True)
        if any(not any(row) for row in rows):
            return None
    return parts


def _edge_spaces(chunk: str) -> bool:
    return any(s in chunk for s in _EDGE_SPACES) or chunk[:1] == " " or chunk[-1:] == " "


def _csv_columns(path: Path, text: str, max_rows: int) -> ColumnTable:
    """The csv module's reading (quotes, blank lines, lone carriage returns), into columns."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        columns = header_columns(path, next(reader))
        k = len(columns)
        pending: list[list[str]] = [[] for _ in columns]
        cells: dict[str, list[str]] = {c: [] for c in columns}
        sizes: list[int] = []
        lines = array("q")
        line = 1
        for record in reader:
            line_of_record, line = line + 1, reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue
            if len(record) != k:
                message = f"row has {len(record)} cells but the header has {k}"
                raise DataError(path, message, line=line_of_record, col=1)
            _limit(path, "data rows", len(lines) + 1, max_rows, line=line_of_record)
            _limit(path, "cells", (len(lines) + 1) * k, MAX_SERIES_CELLS, line=line_of_record)
            for j, cell in enumerate(record):
                _limit(path, "characters in a cell", len(cell), MAX_CELL_CHARS, line_of_record)
                pending[j].append(cell.strip().replace(_SEP, ""))
            lines.append(line_of_record)
            if len(pending[0]) == _CHUNK_ROWS:
                _flush(columns, pending, cells, sizes)
    except csv.Error as e:
        raise DataError(path, f"not valid CSV: {e}", line=reader.line_num, col=1) from None
    except StopIteration:
        raise DataError(path, "file is empty") from None
    _flush(columns, pending, cells, sizes)
    if not lines:
        raise DataError(path, "no data rows under the header", line=1, col=1)
    return ColumnTable(path, columns, cells, sizes, lines)


def _flush(
    columns: tuple[str, ...],
    pending: list[list[str]],
    cells: dict[str, list[str]],
    sizes: list[int],
) -> None:
    n = len(pending[0])
    if n:
        for column, part in zip(columns, pending, strict=True):
            cells[column].append(_SEP.join(part))
            part.clear()
        sizes.append(n)
