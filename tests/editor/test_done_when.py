"""Issue 14's "done when", as one person would do it, without touching JSON.

Add a chart slide, point it at a CSV, pick its columns, change two numbers in the data
table, move the slide up, preview it on a portrait screen, save, and see the running
display (its hot-reload watcher) pick it all up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
)

from kiosk.editor import browse
from kiosk.editor.datadialog import DataTableDialog
from kiosk.editor.widgets import ColumnEditor
from kiosk.editor.window import EditorWindow
from kiosk.ui.watcher import PlaylistWatcher

from .conftest import row_titles

CSV = "year,units,price\n2021,10,1.5\n2022,20,2.5\n2023,30,3.5\n"


def _type_into_cell(qtbot: Any, dialog: DataTableDialog, row: int, col: int, text: str) -> None:
    table = dialog.table
    table.setCurrentCell(row, col)
    QTest.keyClick(table, Qt.Key.Key_F2)  # start editing, as a person would
    editing = QAbstractItemView.State.EditingState
    qtbot.waitUntil(lambda: table.state() == editing)
    (editor,) = [w for w in table.findChildren(QLineEdit) if w.isVisible()]
    editor.selectAll()
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != editing)
    item = table.item(row, col)
    assert item is not None
    assert item.text() == text


# the offscreen platform says so when a dialog is shown; a real display does not
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_a_person_makes_a_chart_from_a_csv_and_the_display_shows_it(
    qtbot: Any, editor: EditorWindow, deck_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv_path = deck_path.parent / "sales.csv"
    csv_path.write_text(CSV)
    monkeypatch.setattr(browse, "ask_for_file", lambda *_a: csv_path)
    display = PlaylistWatcher(deck_path, debounce_ms=100, poll_ms=500)
    try:
        # add a chart slide after the last one
        editor.select(2)
        editor.findChild(QAction, "add-chart").trigger()
        assert editor.current_row() == 3
        form = editor.slide_form
        assert form is not None

        # point it at the CSV: one click on "From a data file", pick sales.csv
        form.findChild(QRadioButton, "source-file").click()
        form = editor.slide_form
        assert form is not None
        assert editor.doc.slides[3]["data"] == "sales.csv"
        assert form.is_row_visible("data")
        assert not form.is_row_visible("values")

        # pick its columns from the file's header
        x = form.editor("x")
        y = form.editor("y")
        assert isinstance(x, ColumnEditor)
        assert isinstance(y, ColumnEditor)
        assert x.combo is not None
        assert y.list is not None
        assert [x.combo.itemText(i) for i in range(1, x.combo.count())] == [
            "year",
            "units",
            "price",
        ]
        x.combo.setCurrentIndex(x.combo.findData("year"))
        x.combo.activated.emit(x.combo.currentIndex())
        for i in range(y.list.count()):  # tick "price" off, "units" on
            item = y.list.item(i)
            want = item.text() == "units"
            item.setCheckState(Qt.CheckState.Checked if want else Qt.CheckState.Unchecked)
        assert editor.doc.slides[3]["x"] == "year"
        assert editor.doc.slides[3]["y"] == "units"

        # change two numbers in the data table
        form.findChild(QToolButton, "edit-data").click()
        dialog = editor.data_dialog
        assert dialog is not None
        _type_into_cell(qtbot, dialog, 0, 1, "15")
        _type_into_cell(qtbot, dialog, 2, 1, "45")
        dialog.findChild(QPushButton, "save").click()
        assert csv_path.read_text() == "year,units,price\n2021,15,1.5\n2022,20,2.5\n2023,45,3.5\n"
        dialog.close()

        # reorder: move it up, before the metric slide
        editor.findChild(QToolButton, "up").click()
        assert row_titles(editor) == ["One", "Two", "New chart", "Three"]
        assert editor.current_row() == 2

        # preview it on a portrait screen
        renders = editor.preview.renders
        editor.preview.orientation.setCurrentIndex(editor.preview.orientation.findData("portrait"))
        qtbot.waitUntil(lambda: editor.preview.renders > renders)
        picture = editor.preview.picture.pixmap()
        assert picture.height() > picture.width()

        # save, and the running display shows it
        assert editor.problems == []
        editor.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
        with qtbot.waitSignal(display.reloaded, timeout=5000) as shown:
            QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        loaded = shown.args[0]
        chart = loaded.playlist.slides[2]
        assert chart.type == "chart"
        assert (chart.data, chart.x, chart.y) == ("sales.csv", "year", "units")
        assert loaded.chart_data(chart).series == [("units", [15.0, 20.0, 45.0])]
        assert not editor.isWindowModified()
    finally:
        display.stop()
