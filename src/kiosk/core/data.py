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
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MAX_FILE_BYTES", "DataError", "Table", "load_table", "parse_table", "read_text"]

MAX_FILE_BYTES = 16 * 1024 * 1024
_NUMBER = re.compile(r"^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$")

Cell = str | float


class DataError(Exception):
    """A problem in a data file, at a line and column of that file (1-based; 0: unknown)."""

    def __init__(self, path: Path, message: str, line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.col = col


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, with one readable reason when that is not possible."""
    try:
        if path.is_dir():
            raise DataError(path, "is a directory, not a file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(path, f"file is too large ({size} bytes; limit {MAX_FILE_BYTES})")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, "file not found") from None
    except PermissionError:
        raise DataError(path, "permission denied") from None
    except OSError as e:
        raise DataError(path, f"cannot read: {e.strerror or e}") from None
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
    lines: tuple[int, ...]

    def require(self, column: str) -> None:
        if column not in self.columns:
            known = ", ".join(self.columns)
            raise DataError(self.path, f"no column {column!r} (columns: {known})", line=1, col=1)

    def texts(self, column: str) -> list[str]:
        self.require(column)
        return [_as_text(row.get(column, "")) for row in self.rows]

    def numbers(self, column: str) -> list[float]:
        self.require(column)
        return [self.number(i, column) for i in range(len(self.rows))]

    def number(self, index: int, column: str) -> float:
        self.require(column)
        value = self.rows[index].get(column, "")
        if isinstance(value, float):
            return value
        raise DataError(
            self.path,
            f"row {index + 1}, column {column!r}: not a number ({value!r})",
            line=self.lines[index],
            col=1,
        )

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
    if _NUMBER.match(text):
        value = float(text)
        if math.isfinite(value):
            return value
    return text


def parse_table(path: Path, text: str, kind: str = "") -> Table:
    """`text` read from `path` (or received from it: a URL, a topic) as a table; `kind` is
    "json" or "csv" (default: from the suffix). Raises DataError."""
    if not text.strip():
        raise DataError(path, "file is empty")
    if (kind or path.suffix.lower().lstrip(".")) == "json":
        return _json_table(path, text)
    return _csv_table(path, text)


def load_table(path: Path) -> Table:
    """Read a CSV or JSON data file. Raises DataError with the file position of the problem."""
    text = read_text(path)
    if not text.strip():
        raise DataError(path, "file is empty")
    if path.suffix.lower() == ".json":
        return _json_table(path, text)
    return _csv_table(path, text)


def _csv_table(path: Path, text: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        columns = tuple(h.strip() for h in header)
        if not all(columns):
            raise DataError(path, "the header row has an empty column name", line=1, col=1)
        dup = next((c for i, c in enumerate(columns) if c in columns[:i]), None)
        if dup is not None:
            raise DataError(path, f"column {dup!r} appears twice in the header", line=1, col=1)
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
            rows.append({c: _cell(v.strip()) for c, v in zip(columns, record, strict=True)})
            lines.append(line_of_record)
    except csv.Error as e:
        raise DataError(path, f"not valid CSV: {e}", line=reader.line_num, col=1) from None
    if not rows:
        raise DataError(path, "no data rows under the header", line=1, col=1)
    return Table(path, columns, tuple(rows), tuple(lines))


def _json_table(path: Path, text: str) -> Table:
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise DataError(path, f"not valid JSON: {e.msg}", line=e.lineno, col=e.colno) from None
    except (ValueError, RecursionError) as e:
        raise DataError(path, f"not valid JSON: {e}") from None
    if isinstance(data, dict):
        data = data.get("rows")
    if not isinstance(data, list) or not data or not all(isinstance(r, dict) for r in data):
        raise DataError(path, 'expected a list of objects, or {"rows": [objects]}', line=1, col=1)
    columns: list[str] = []
    for record in data:
        columns.extend(k for k in record if k not in columns)
    rows: list[dict[str, Cell]] = []
    for record in data:
        row: dict[str, Cell] = {}
        for k, v in record.items():
            if isinstance(v, bool) or v is None:
                row[k] = "" if v is None else str(v).lower()
            elif isinstance(v, int | float):
                row[k] = float(v)
            else:
                row[k] = str(v)
        rows.append(row)
    return Table(path, tuple(columns), tuple(rows), tuple(1 for _ in rows))


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in data files")
