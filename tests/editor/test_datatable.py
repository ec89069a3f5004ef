"""The data table editor and its file writer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog, QTableWidgetItem

from kiosk.core.data import load_table
from kiosk.editor.datadialog import DataTableDialog
from kiosk.editor.datatable import DataTable, read_table, write_table


def test_rows_and_columns_are_added_renamed_and_removed(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("year,n\n2020,1\n2021,2\n")
    dialog = DataTableDialog(path)
    qtbot.addWidget(dialog)
    dialog.table.setCurrentCell(0, 0)
    dialog.buttons["add-row"].click()
    dialog.table.setItem(1, 0, QTableWidgetItem("2020.5"))
    dialog.table.setItem(1, 1, QTableWidgetItem("1.5"))
    dialog.buttons["add-column"].click()
    dialog.table.setCurrentCell(0, 2)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("share", True))
    dialog.buttons["rename-column"].click()
    for row, text in enumerate(["10", "15", "20"]):
        dialog.table.setItem(row, 2, QTableWidgetItem(text))
    dialog.table.setCurrentCell(2, 0)
    dialog.buttons["remove-row"].click()
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons["save"].click()
    assert path.read_text() == "year,n,share\n2020,1,10\n2020.5,1.5,15\n"
    assert load_table(path).numbers("share") == [10.0, 15.0]
    assert not dialog.dirty


def test_a_table_that_cannot_be_a_data_file_is_not_saved(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n")
    dialog = DataTableDialog(path)
    qtbot.addWidget(dialog)
    dialog.table.setHorizontalHeaderItem(1, QTableWidgetItem("a"))
    assert not dialog.save()
    assert dialog.message.text() == "Not saved: two columns are called 'a'."
    assert path.read_text() == "a,b\n1,2\n"


def test_json_data_files_are_written_as_a_list_of_objects(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    write_table(path, DataTable(["year", "n", "note"], [["2020", "1.5", "x"], ["2021", "2", ""]]))
    assert json.loads(path.read_text()) == [
        {"year": 2020, "n": 1.5, "note": "x"},
        {"year": 2021, "n": 2, "note": ""},
    ]
    assert read_table(path).rows == [["2020", "1.5", "x"], ["2021", "2", ""]]
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]  # no temp file left
