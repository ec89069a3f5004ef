"""Data files of machine data: a line chart's CSV may hold 1,000,000 rows, read as columns of
compact floats; every other use keeps the row tables' limits, and hostile files are refused
with one line naming the file, the line and the column."""

from __future__ import annotations

import os
import sys
from array import array
from pathlib import Path
from types import ModuleType

import pytest

from kiosk.core import data as data_mod
from kiosk.core.columns import Labels
from kiosk.core.loader import check_playlist, load_playlist
from kiosk.core.series import MAX_SERIES_ROWS, ColumnTable, column_table, load_data

ROWS = 20_000  # more than a row table may hold: the column path


def series_csv(rows: int, *, start: float = 0.0) -> str:
    lines = (f"{i},{start + (i % 977) / 8},{(i * 7) % 101}" for i in range(rows))
    return "t,load,temp\n" + "\n".join(lines) + "\n"


def line_deck(tmp_path: Path, hostile: ModuleType, content: str, kind: str = "line") -> Path:
    (tmp_path / "m.csv").write_text(content, encoding="utf-8")
    slide = {"type": "chart", "kind": kind, "heading": "h", "data": "m.csv", "x": "t", "y": "load"}
    return hostile.write_deck(tmp_path, [{**slide, "value_labels": False}])


def problem(path: Path) -> str:
    problems = [p.message for p in check_playlist(path)]
    assert len(problems) == 1, problems
    return problems[0]


def test_a_million_rows_load_as_compact_floats(tmp_path: Path, hostile: ModuleType) -> None:
    path = line_deck(tmp_path, hostile, series_csv(MAX_SERIES_ROWS))
    loaded = load_playlist(path)
    data = loaded.chart_data(loaded.playlist.slides[0])  # type: ignore[arg-type]
    name, values = data.series[0]
    assert name == "load"
    assert isinstance(values, array)
    assert values.typecode == "d"
    assert len(values) == MAX_SERIES_ROWS
    assert values[999_999] == (999_999 % 977) / 8
    assert isinstance(data.labels, Labels)
    assert len(data.labels) == MAX_SERIES_ROWS
    assert (data.labels[0], data.labels[-1]) == ("0", "999999")


def test_a_big_table_reads_as_a_row_table_does(tmp_path: Path) -> None:
    text = "t,v\n" + "".join(f" r{i} , {i}.50 \n" for i in range(ROWS))
    text += "1.50,7\n"
    path = tmp_path / "m.csv"
    path.write_text(text, encoding="utf-8")
    big = load_data(path)
    assert isinstance(big, ColumnTable)
    assert len(big) == ROWS + 1
    labels = big.texts("t")
    assert labels[0] == "r0"
    assert labels[-1] == "1.5"  # a number in a label column reads as the row tables read it
    assert "r19999" in labels
    assert labels.index("r12345") == 12345
    assert "r20000" not in labels
    assert list(big.numbers("v")[:2]) == [0.5, 1.5]
    assert big.number(3, "v") == 3.5
    assert big.find({"t": "r17"}) == 17
    small = data_mod.parse_table(path, "t,v\n r0 , 0.50 \n1.50,7\n")
    assert list(small.texts("t")) == [labels[0], labels[-1]]


@pytest.mark.parametrize(
    "variant",
    [
        lambda rows: "\r\n".join(rows) + "\r\n",  # Windows line ends: the fast path still
        lambda rows: "\n".join(f'"{r.split(",")[0]}",{r.split(",", 1)[1]}' for r in rows),
        lambda rows: "\n\n".join(rows),  # blank lines are skipped, lines still counted
    ],
    ids=["crlf", "quoted", "blank-lines"],
)
def test_every_csv_spelling_gives_the_same_columns(tmp_path: Path, variant: object) -> None:
    rows = series_csv(ROWS).splitlines()
    plain = column_table(tmp_path / "a.csv", "\n".join(rows))
    other = column_table(tmp_path / "b.csv", variant(rows))  # type: ignore[operator]
    assert other.columns == plain.columns
    assert other.numbers("load") == plain.numbers("load")
    assert list(other.texts("t")[:5]) == list(plain.texts("t")[:5])
    assert len(other.texts("t")) == ROWS


def test_a_bad_cell_names_its_line_and_column(tmp_path: Path, hostile: ModuleType) -> None:
    rows = series_csv(ROWS).splitlines()
    for cell, what in [
        ("nan", "not a number ('nan')"),
        ("inf", "not a number ('inf')"),
        ("1e308", "number out of range (limit ±1e+15) ('1e308')"),
        ("1e999", "number out of range"),
        ("1_000", "not a number ('1_000')"),
        ("١٢٣", "not a number ('١٢٣')"),
        ("", "not a number ('')"),
    ]:
        bad = list(rows)
        bad[15_001] = f"15000,{cell},3"  # the data row 15,001 is on line 15,002
        path = line_deck(tmp_path, hostile, "\n".join(bad))
        message = problem(path)
        assert message.startswith("m.csv line 15002: row 15001, column 'load': "), message
        assert what in message
    table = column_table(tmp_path / "m.csv", "\n".join(bad))
    with pytest.raises(data_mod.DataError) as e:
        table.numbers("load")
    assert (e.value.line, e.value.col) == (15002, len("15000,") + 1)


def test_ragged_rows_and_wide_rows_are_refused_at_their_line(
    tmp_path: Path, hostile: ModuleType
) -> None:
    rows = series_csv(ROWS).splitlines()
    short = [*rows[:12_000], "11999,1", *rows[12_000:]]
    assert "row has 2 cells but the header has 3 (line 12001)" in problem(
        line_deck(tmp_path, hostile, "\n".join(short))
    )
    wide = [*rows[:30], ",".join(["1"] * 10_000), *rows[30:]]
    assert "row has 10000 cells but the header has 3 (line 31)" in problem(
        line_deck(tmp_path, hostile, "\n".join(wide))
    )
    long_cell = [*rows[:18_000], "1," + "9" * 1001 + ",1", *rows[18_000:]]
    assert "more than 1000 characters in a cell (limit 1000) (line 18001)" in problem(
        line_deck(tmp_path, hostile, "\n".join(long_cell))
    )


def test_more_than_a_million_rows_is_refused_without_parsing(
    tmp_path: Path, hostile: ModuleType
) -> None:
    message = problem(line_deck(tmp_path, hostile, "t,load\n" + "1,2\n" * (MAX_SERIES_ROWS + 1)))
    assert message == (
        "data file 'm.csv': more than 1000000 data rows (limit 1000000) (line 1000002)"
    )
    ten_million = "t,load\n" + "1,2\n" * 10_000_000  # 40 MB: under the byte limit
    assert "more than 1000000 data rows" in problem(line_deck(tmp_path, hostile, ten_million))


def test_cells_are_limited_too(tmp_path: Path, hostile: ModuleType) -> None:
    header = ",".join(["t", "load", *(f"c{i}" for i in range(8))])
    body = "\n".join(",".join(["1"] * 10) for _ in range(500_000))
    assert "more than 4000000 cells (limit 4000000) (line 400002)" in problem(
        line_deck(tmp_path, hostile, header + "\n" + body)
    )


@pytest.mark.skipif(sys.platform == "win32", reason="sparse files, FIFOs")
def test_a_2_gb_file_and_a_fifo_are_refused_unread(tmp_path: Path, hostile: ModuleType) -> None:
    path = line_deck(tmp_path, hostile, "")
    with open(tmp_path / "m.csv", "wb") as f:
        f.truncate(2 * 1024**3)  # sparse: nothing is written, and nothing may be read
    assert problem(path) == (
        "data file 'm.csv': file is too large (2147483648 bytes; limit 67108864 for data files)"
    )
    os.unlink(tmp_path / "m.csv")
    os.mkfifo(tmp_path / "m.csv")
    assert problem(path) == "data file 'm.csv': is a FIFO (named pipe), not a file"


def test_only_a_line_or_area_chart_takes_more_than_ten_thousand_rows(
    tmp_path: Path, hostile: ModuleType
) -> None:
    assert not check_playlist(line_deck(tmp_path, hostile, series_csv(ROWS), "area"))
    message = problem(line_deck(tmp_path, hostile, series_csv(ROWS), "bar"))
    assert message == (
        "m.csv line 10002: more than 10000 data rows (limit 10000 for a bar chart;"
        " only a line or area chart takes up to 1000000)"
    )
    metric = {"type": "metric", "label": "l", "data": {"file": "m.csv", "column": "load", "row": 0}}
    path = hostile.write_deck(tmp_path, [metric])
    assert "limit 10000 for a metric" in problem(path)


def test_json_data_keeps_its_limits(tmp_path: Path, hostile: ModuleType) -> None:
    (tmp_path / "m.json").write_text("[" + ",".join(['{"t": 1, "load": 2}'] * 300_000) + "]")
    slide = {"type": "chart", "kind": "line", "heading": "h", "data": "m.json", "x": "t"}
    path = hostile.write_deck(tmp_path, [{**slide, "y": "load"}])
    assert "limit 4194304 for data files" in problem(path)


def test_labels_are_whole_whichever_moment_another_thread_converts_the_column(
    tmp_path: Path,
) -> None:
    """The late-data worker may convert a column to numbers while the main thread asks for
    its labels. Run that conversion at each step of `texts` in turn (a trace function plays
    the other thread): the labels are always the whole column."""
    path = tmp_path / "m.csv"
    path.write_text(series_csv(ROWS), encoding="utf-8")
    expected = list(load_data(path).texts("t"))
    for step in range(1, 40):
        table = load_data(path)
        assert isinstance(table, ColumnTable)
        seen = 0

        def other_thread(
            frame: object, event: str, arg: object, step: int = step, table: ColumnTable = table
        ) -> object:
            nonlocal seen
            code = getattr(frame, "f_code", None)
            if event == "call":
                return other_thread if code is ColumnTable.texts.__code__ else None
            if event == "line":
                seen += 1
                if seen == step:
                    table.numbers("t")  # the worker finishes now
            return other_thread

        sys.settrace(other_thread)
        try:
            labels = table.texts("t")
        finally:
            sys.settrace(None)
        assert list(labels) == expected, f"the conversion at line {step} of texts()"
        if seen < step:
            break  # every line of texts() has had its turn
