"""Hypothesis fuzzes data files: whatever a CSV or JSON data file holds, `load_table` gives a
Table or a DataError (one line, no traceback), and every number in a Table is finite, in range
and was written with ASCII digits."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.data import MAX_MAGNITUDE, DataError, Table, load_table

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

digits = st.sampled_from(list("0123456789١٢٣٤٥６７８９߀" + 'eE+-.," \n\r\t'))
cells = st.one_of(
    st.text(max_size=12),
    st.text(digits, max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers().map(str),
    st.sampled_from(["1e999", "-1e308", "9" * 400, "NaN", "inf", "1_000", "0x10", "١٢٣"]),
)


def load(name: str, content: str | bytes) -> Table | DataError:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        try:
            return load_table(path)
        except DataError as e:
            error = e
    assert error.message
    assert "\n" not in error.message
    assert "set_int_max_str_digits" not in error.message
    return error


def check(table: Table | DataError) -> None:
    if isinstance(table, DataError):
        return
    for row in table.rows:
        for value in row.values():
            if isinstance(value, float):
                assert math.isfinite(value)
                assert abs(value) <= MAX_MAGNITUDE


@FUZZ
@given(st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=8))
def test_csv_rows_of_junk(rows: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    check(load("d.csv", out.getvalue()))


@FUZZ
@given(st.one_of(cells, st.text(digits, min_size=1, max_size=12)))
def test_only_ascii_digits_make_a_number(text: str) -> None:
    from kiosk.core.data import _cell

    cell = text.strip()  # as the loader does: str.strip() also drops \x85 and other spaces
    value = _cell(cell)
    if not cell.isascii():
        assert isinstance(value, str)
    if isinstance(value, float):
        assert math.isfinite(value)
        assert abs(value) <= MAX_MAGNITUDE


@FUZZ
@given(st.binary(max_size=300))
def test_csv_bytes(raw: bytes) -> None:
    check(load("d.csv", raw))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=10,
)


@FUZZ
@given(json_values)
def test_json_structures(value: object) -> None:
    check(load("d.json", json.dumps(value)))


@FUZZ
@given(st.lists(st.dictionaries(st.text(max_size=4), json_values, max_size=4), max_size=5))
def test_json_rows(rows: list[dict[str, object]]) -> None:
    check(load("d.json", json.dumps({"rows": rows})))


@FUZZ
@given(
    st.text(alphabet=st.sampled_from(list('[]{}",:0123456789eE+-.truefalsnNaIiy ')), max_size=80)
)
def test_json_text_junk(text: str) -> None:
    check(load("d.json", text))


@FUZZ
@given(st.sampled_from(["1e999", "-1e999", "9" * 5000, "-" + "9" * 31, "1e308", "NaN", "Infinity"]))
def test_json_numbers_out_of_range(token: str) -> None:
    result = load("d.json", '[{"x": "a", "y": ' + token + "}]")
    assert isinstance(result, DataError)
