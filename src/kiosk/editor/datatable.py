"""Chart data files for the editor (no Qt): their columns, editable rows, and atomic writes.

Reading goes through `kiosk.core.data.load_table`, the display's own reader, so what the
editor offers is what the display will accept. Writing is here: a CSV (header row, comma
separated, UTF-8) or a JSON list of objects, written to a temp file beside the target and
renamed over it, like playlist saves, so a running display never reads half a file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.data import DataError, Table, load_table

__all__ = [
    "DataTable",
    "columns_of",
    "data_names",
    "read_table",
    "table_from_values",
    "values_from_table",
    "write_table",
]


@dataclass
class DataTable:
    """Editable rows of text cells under a header (numbers are written as typed)."""

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _cell_text(value: str | float) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return value


def read_table(path: Path) -> DataTable:
    """The file as text cells (raises DataError with the reason)."""
    table = load_table(path)
    return DataTable(
        list(table.columns),
        [[_cell_text(row.get(c, "")) for c in table.columns] for row in table.rows],
    )


def data_names(path: Path, x: object, y: object) -> list[str]:
    """The names a chart of this file shows: the labels column's values, then the value
    columns' names (the series); [] when the file cannot be read."""
    try:
        table = read_table(path)
    except DataError:
        return []
    columns = table.columns
    label = x if isinstance(x, str) and x in columns else (columns[0] if columns else "")
    series = (
        [y]
        if isinstance(y, str)
        else [c for c in y if isinstance(c, str)]
        if isinstance(y, list)
        else []
    )
    names = [row[columns.index(label)] for row in table.rows] if label else []
    return [*names, *series]


_cache: dict[Path, tuple[tuple[int, int], list[str]]] = {}


def columns_of(path: Path) -> list[str]:
    """The header of a data file, [] when it cannot be read (cached while unchanged)."""
    try:
        info = path.stat()
    except OSError:
        return []
    stamp = (info.st_mtime_ns, info.st_size)
    hit = _cache.get(path)
    if hit is not None and hit[0] == stamp:
        return list(hit[1])
    try:
        columns = list(load_table(path).columns)
    except DataError:
        columns = []
    _cache[path] = (stamp, columns)
    return list(columns)


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)


def _json_cell(text: str) -> str | int | float:
    if _NUMBER.fullmatch(text.strip()):
        number = float(text)
        if abs(number) < 1e300:
            return int(number) if number.is_integer() and "." not in text else number
    return text


def serialize(table: DataTable, suffix: str) -> str:
    if suffix.lower() == ".json":
        rows = [
            {c: _json_cell(v) for c, v in zip(table.columns, row, strict=True)}
            for row in table.rows
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return out.getvalue()


def check(table: DataTable) -> str:
    """Why this table cannot be saved ('' when it can)."""
    names = [c.strip() for c in table.columns]
    if not names or not all(names):
        return "every column needs a name"
    dup = next((c for i, c in enumerate(names) if c in names[:i]), None)
    if dup is not None:
        return f"two columns are called {dup!r}"
    if not table.rows:
        return "the table needs at least one row"
    return ""


def write_table(path: Path, table: DataTable) -> None:
    """Write atomically (raises ValueError for a table that cannot be a data file, OSError)."""
    problem = check(table)
    if problem:
        raise ValueError(problem)
    payload = serialize(table, path.suffix).encode("utf-8")
    target = Path(os.path.realpath(path))
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _cache.pop(path, None)


def table_from_values(values: list[dict[str, object]]) -> DataTable:
    """Inline chart values as a two-column table (label, value)."""
    rows = [[str(v.get("label", "")), _cell_text(_as_float(v.get("value")))] for v in values]
    return DataTable(["label", "value"], rows)


def _as_float(value: object) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def values_from_table(table: Table, x: str, y: str) -> list[dict[str, object]]:
    """Chart values from columns `x` (labels) and `y` (numbers) of a data file."""
    labels = table.texts(x)
    numbers = table.numbers(y)
    return [
        {"label": label, "value": int(n) if n.is_integer() else n}
        for label, n in zip(labels, numbers, strict=True)
    ]
