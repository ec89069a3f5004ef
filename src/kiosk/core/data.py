"""Data files for charts and metrics: CSV or JSON tables, read once, checked precisely.

CSV: UTF-8 (a BOM is fine), a header row, comma separated. JSON: a list of objects, or an
object with a "rows" list of objects (other keys such as "source" are ignored). A cell that
reads as a plain decimal number becomes a float; everything else stays text.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.safeio import LIMITS, FileRefused, Kind, read_bytes

__all__ = ["MAX_FILE_BYTES", "DataError", "Table", "load_table", "parse_table", "read_text"]

MAX_FILE_BYTES = LIMITS["data"]
MAX_JSON_BYTES = 4 * 1024 * 1024  # json.loads cannot stop at a row limit: 16 MiB took 0.5 s
# Row tables (one dict of cells a row): a bar chart, a pie, a metric never need more rows, and
# a million of them took 10 s and ~500 MB. A line or area chart's CSV file may hold up to
# 1,000,000 rows: `kiosk.core.series` reads those as columns.
MAX_ROWS = 10_000
MAX_COLUMNS = 100
MAX_CELLS = 100_000
MAX_CELL_CHARS = 1_000
MAX_MAGNITUDE = 1e15  # larger values overflow axis and label arithmetic (±1e308 crashed render)
_MAX_INT_DIGITS = 30
# ASCII digits only: str.isdigit()/\\d would take "١٢٣" or "１２３" as a number
_NUMBER = re.compile(r"^\s*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*$", re.ASCII)

Cell = str | float


def number_error(path: Path, column: str, index: int, value: str, line: int, col: int) -> DataError:
    """A cell of a number column that is not a plain, finite number within the limits."""
    what = "not a number"
    if _NUMBER.match(value):
        what = f"number out of range (limit ±{MAX_MAGNITUDE:.0e})"
    message = f"row {index + 1}, column {column!r}: {what} ({value[:40]!r})"
    return DataError(path, message, line=line, col=col)


class DataError(Exception):
    """A problem in a data file, at a line and column of that file (1-based; 0: unknown)."""

    def __init__(self, path: Path, message: str, line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.col = col


def read_text(path: Path, kind: Kind = "data", limit: int | None = None) -> str:
    """Read a UTF-8 text file, with one readable reason when that is not possible.

    The read goes through `kiosk.core.safeio`: regular files only, at most `limit` bytes
    (default: the kind's limit).
    """
    try:
        raw = read_bytes(path, kind, limit)
    except FileRefused as e:
        raise DataError(path, "file not found" if e.reason == "not found" else e.reason) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise DataError(
            path, f"not UTF-8 text (byte 0x{raw[e.start]:02x})", line=line, col=col
        ) from None
    if "\x00" in text:
        raise DataError(path, "binary data, not text")
    return text


@dataclass(frozen=True)
class Table:
    """A data file as columns and rows; `lines[i]` is the file line of row i."""

    path: Path
    columns: tuple[str, ...]
    rows: tuple[dict[str, Cell], ...]
    lines: Sequence[int]

    def require(self, column: str) -> None:
        if column not in self.columns:
            known = ", ".join(self.columns)
            raise DataError(self.path, f"no column {column!r} (columns: {known})", line=1, col=1)

    def __len__(self) -> int:
        return len(self.rows)

    def texts(self, column: str) -> Sequence[str]:
        """The column's cells as text (a list here; a compact view in a `ColumnTable`)."""
        self.require(column)
        return [_as_text(row.get(column, "")) for row in self.rows]

    def numbers(self, column: str) -> Sequence[float]:
        """The column's numbers (a list here; an `array('d')` in a `ColumnTable`)."""
        self.require(column)
        return [self.number(i, column) for i in range(len(self.rows))]

    def number(self, index: int, column: str) -> float:
        self.require(column)
        value = self.rows[index].get(column, "")
        if isinstance(value, float):
            return value
        raise number_error(self.path, column, index, value, self.lines[index], 1)

    def find(self, where: dict[str, str]) -> int:
        """Index of the first row whose cells equal `where` (compared as text)."""
        for column in where:
            self.require(column)
        for i, row in enumerate(self.rows):
            if all(_as_text(row.get(k, "")) == v for k, v in where.items()):
                return i
        wanted = ", ".join(f"{k}={v!r}" for k, v in where.items())
        raise DataError(self.path, f"no row where {wanted}", line=1, col=1)


def _as_text(value: Cell) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return value


def _cell(text: str) -> Cell:
    if len(text) <= 400 and _NUMBER.match(text):
        value = float(text)
        if math.isfinite(value) and abs(value) <= MAX_MAGNITUDE:
            return value
    return text


def _limit(path: Path, what: str, n: int, limit: int, line: int = 0) -> None:
    if n > limit:
        raise DataError(path, f"more than {limit} {what} (limit {limit})", line=line, col=1)


def parse_table(path: Path, text: str, kind: str = "") -> Table:
    """`text` read from `path` (or received from it: a URL, a topic) as a table; `kind` is
    "json" or "csv" (default: from the suffix). Raises DataError."""
    if not text.strip():
        raise DataError(path, "file is empty")
    if (kind or path.suffix.lower().lstrip(".")) == "json":
        return _json_table(path, text)
    return _csv_table(path, text)


def load_table(path: Path) -> Table:
    """Read a CSV or JSON data file of at most MAX_ROWS rows. Raises DataError with the file
    position of the problem. (`kiosk.core.series.load_data` also takes a line chart's
    million rows.)"""
    json_file = path.suffix.lower() == ".json"
    text = read_text(path, limit=MAX_JSON_BYTES if json_file else None)
    if not text.strip():
        raise DataError(path, "file is empty")
    if json_file:
        return _json_table(path, text)
    return _csv_table(path, text)


def header_columns(path: Path, header: list[str]) -> tuple[str, ...]:
    """The column names of a CSV header row, checked: none empty, none twice, not too many."""
    columns = tuple(h.strip() for h in header)
    if not all(columns):
        raise DataError(path, "the header row has an empty column name", line=1, col=1)
    _limit(path, "columns", len(columns), MAX_COLUMNS, line=1)
    dup = next((c for i, c in enumerate(columns) if c in columns[:i]), None)
    if dup is not None:
        raise DataError(path, f"column {dup!r} appears twice in the header", line=1, col=1)
    return columns


def _csv_table(path: Path, text: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        columns = header_columns(path, next(reader))
        rows: list[dict[str, Cell]] = []
        lines: list[int] = []
        line = 1
        for record in reader:
            line_of_record = line + 1
            line = reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue
            if len(record) != len(columns):
                raise DataError(
                    path,
                    f"row has {len(record)} cells but the header has {len(columns)}",
                    line=line_of_record,
                    col=1,
                )
            _limit(path, "data rows", len(rows) + 1, MAX_ROWS, line=line_of_record)
            _limit(path, "cells", (len(rows) + 1) * len(columns), MAX_CELLS, line=line_of_record)
            for cell in record:
                _limit(path, "characters in a cell", len(cell), MAX_CELL_CHARS, line_of_record)
            rows.append({c: _cell(v.strip()) for c, v in zip(columns, record, strict=True)})
            lines.append(line_of_record)
    except csv.Error as e:
        raise DataError(path, f"not valid CSV: {e}", line=reader.line_num, col=1) from None
    if not rows:
        raise DataError(path, "no data rows under the header", line=1, col=1)
    return Table(path, columns, tuple(rows), tuple(lines))


def _json_table(path: Path, text: str) -> Table:
    try:
        data = json.loads(
            text, parse_constant=_reject_constant, parse_float=_json_float, parse_int=_json_int
        )
    except json.JSONDecodeError as e:
        raise DataError(path, f"not valid JSON: {e.msg}", line=e.lineno, col=e.colno) from None
    except _JsonNumber as e:
        line, col = _find_token(text, e.token)
        raise DataError(path, e.message, line=line, col=col) from None
    except RecursionError:
        raise DataError(path, "not valid JSON: nested too deeply") from None
    if isinstance(data, dict):
        data = data.get("rows")
    if not isinstance(data, list) or not data or not all(isinstance(r, dict) for r in data):
        raise DataError(path, 'expected a list of objects, or {"rows": [objects]}', line=1, col=1)
    _limit(path, "data rows", len(data), MAX_ROWS)
    columns: list[str] = []
    seen: set[str] = set()
    for record in data:
        for k in record:
            if k not in seen:
                seen.add(k)
                columns.append(k)
                _limit(path, "columns", len(columns), MAX_COLUMNS)
    _limit(path, "cells", len(data) * len(columns), MAX_CELLS)
    rows: list[dict[str, Cell]] = []
    for n, record in enumerate(data, start=1):
        row: dict[str, Cell] = {}
        for k, v in record.items():
            if isinstance(v, bool) or v is None:
                row[k] = "" if v is None else str(v).lower()
            elif isinstance(v, int | float):
                if abs(v) > MAX_MAGNITUDE:
                    raise DataError(
                        path,
                        f"row {n}, {k!r}: number out of range (limit ±{MAX_MAGNITUDE:.0e})",
                    )
                row[k] = float(v)
            elif isinstance(v, str):
                _limit(path, "characters in a cell", len(v), MAX_CELL_CHARS)
                row[k] = v
            else:
                raise DataError(path, f"row {n}, {k!r}: a cell must be a number, text or null")
        rows.append(row)
    return Table(path, tuple(columns), tuple(rows), tuple(1 for _ in rows))


class _JsonNumber(Exception):
    def __init__(self, token: str, message: str) -> None:
        super().__init__(message)
        self.token = token
        self.message = message


def _reject_constant(name: str) -> float:
    raise _JsonNumber(name, f"{name} is not allowed in data files")


def _json_float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise _JsonNumber(token, f"number out of range ({token[:20]})")
    return value


def _json_int(token: str) -> int:
    # int() refuses over 4300 digits with a hint about sys.set_int_max_str_digits: not for people
    if len(token.lstrip("-")) > _MAX_INT_DIGITS:
        raise _JsonNumber(token, f"number out of range ({token[:20]}…)")
    return int(token)


def _find_token(text: str, token: str) -> tuple[int, int]:
    at = text.find(token[:200])
    if at < 0:
        return 0, 0
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
