"""Checks of what a slide reads from its data files: a chart's columns and numbers, a metric's
cell. The tables come from the loader (read once); nothing here opens a file. No Qt."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from kiosk.core import errors
from kiosk.core.data import MAX_ROWS, DataError, Table
from kiosk.core.jsonpos import JsonPath
from kiosk.core.model import ChartSpec, DataRef
from kiosk.core.series import MAX_SERIES_ROWS

__all__ = ["TableOf", "check_chart", "check_ref", "data_ref_value"]

TableOf = Callable[[str], Table | None]  # a data path -> its table (None: not readable)

# Only a line or area chart may read a data file of more than MAX_ROWS rows (machine data):
# a bar, a pie or a metric of ten thousand categories or more shows nothing a person can read.
SERIES_KINDS = ("line", "area")


def _too_many(rel: str, table: Table, what: str) -> str:
    return (
        f"{rel} line {table.lines[MAX_ROWS]}: more than {MAX_ROWS} data rows (limit {MAX_ROWS}"
        f" for {what}; only a line or area chart takes up to {MAX_SERIES_ROWS})"
    )


def check_chart(table_of: TableOf, spec: ChartSpec, where: JsonPath) -> Iterator[errors.Pending]:
    """What is wrong with a chart's data: columns, numbers, a pie of several series, a
    highlight that is not a label."""
    labels: Sequence[str] = []
    if getattr(spec, "live", None) is not None and spec.data is None:
        return  # its rows arrive while it runs
    if spec.values is not None:
        labels = [p.label for p in spec.values]
    elif spec.data is not None:
        table = table_of(spec.data)
        if table is None:
            return  # the file problem is reported already
        if len(table) > MAX_ROWS and spec.kind not in SERIES_KINDS:
            message = _too_many(spec.data, table, f"a {spec.kind} chart")
            yield errors.Pending((*where, "data"), message)
            return
        for key, column in [("x", spec.x), *(("y", c) for c in spec.y_columns())]:
            assert column is not None
            if column not in table.columns:
                cols = ", ".join(table.columns)
                yield errors.Pending((*where, key), f"no column {column!r} in {spec.data} ({cols})")
                return
        try:
            labels = table.texts(spec.x or "")
            for column in spec.y_columns():
                table.numbers(column)
        except DataError as e:
            yield errors.Pending((*where, "y"), f"{spec.data} line {e.line}: {e.message}")
            return
    if spec.kind in ("pie", "donut") and len(spec.y_columns()) > 1:
        yield errors.Pending((*where, "y"), f"a {spec.kind} chart takes one 'y' column")
    if spec.highlight is not None and spec.highlight not in labels:
        known = ", ".join(repr(label) for label in labels[:12])
        yield errors.Pending(
            (*where, "highlight"), f"{spec.highlight!r} is not one of the labels ({known})"
        )


def check_ref(table_of: TableOf, ref: DataRef, where: JsonPath) -> Iterator[errors.Pending]:
    """What is wrong with a metric's reference to one cell of a data file."""
    table = table_of(ref.file)
    if table is None:
        return
    if len(table) > MAX_ROWS:
        yield errors.Pending(where, _too_many(ref.file, table, "a metric"))
        return
    try:
        data_ref_value(table, ref)
    except DataError as e:
        at = f" line {e.line}" if e.line > 1 else ""
        yield errors.Pending(where, f"{ref.file}{at}: {e.message}")


def data_ref_value(table: Table, ref: DataRef) -> float:
    """The number a metric's `data` reference points at. Raises DataError."""
    if ref.where is not None:
        index = table.find(ref.where)
    else:
        assert ref.row is not None
        if ref.row >= len(table):
            rows = len(table)
            raise DataError(table.path, f"no row {ref.row} (rows are numbered 0 to {rows - 1})")
        index = ref.row
    return table.number(index, ref.column)
