"""The data table editor: a chart's CSV/JSON file as a table a person edits in place.

Add, remove and rename rows and columns, type numbers, Save: the file is written atomically
(`datatable.write_table`), `saved` is emitted, and the editor redraws the preview. The file
is only written on Save; Close with unsaved cells asks first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.data import DataError
from kiosk.editor.datatable import DataTable, read_table, write_table

__all__ = ["DataTableDialog"]


class DataTableDialog(QDialog):
    saved = Signal(Path)

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setObjectName("data-table")
        self.setWindowTitle(f"Data — {path.name}")
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        where = QLabel(str(path), self)
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setStyleSheet("color: #666;")
        layout.addWidget(where)
        self.table = QTableWidget(self)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().sectionDoubleClicked.connect(self.rename_column)
        self.table.setToolTip("Double-click a column title to rename it")
        layout.addWidget(self.table)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #C62828;")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("add-row", "Add row", self.add_row),
            ("remove-row", "Remove row", self.remove_row),
            ("add-column", "Add column", self.add_column),
            ("remove-column", "Remove column", self.remove_column),
            ("rename-column", "Rename column…", lambda: self.rename_column(-1)),
        ):
            button = QPushButton(text, self)
            button.setObjectName(key)
            button.clicked.connect(lambda _=False, s=slot: s())
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        save = QPushButton("Save", self)
        save.setObjectName("save")
        save.setDefault(True)
        save.clicked.connect(self.save)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        buttons.addWidget(save)
        buttons.addWidget(close)
        self.buttons["save"] = save
        layout.addLayout(buttons)
        self.dirty = False
        try:
            table = read_table(path) if path.exists() else DataTable(["label", "value"], [])
        except DataError as e:
            self.message.setText(f"{path.name}: {e.message}. Saving replaces it.")
            table = DataTable(["label", "value"], [])
        self.load(table)
        self.table.itemChanged.connect(self.on_changed)

    def load(self, table: DataTable) -> None:
        self.table.blockSignals(True)
        self.table.setColumnCount(len(table.columns))
        self.table.setHorizontalHeaderLabels(table.columns)
        self.table.setRowCount(len(table.rows))
        for r, row in enumerate(table.rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.blockSignals(False)

    def current(self) -> DataTable:
        columns = [
            (self.table.horizontalHeaderItem(c) or QTableWidgetItem("")).text()
            for c in range(self.table.columnCount())
        ]
        rows = [
            [
                (self.table.item(r, c) or QTableWidgetItem("")).text().strip()
                for c in range(self.table.columnCount())
            ]
            for r in range(self.table.rowCount())
        ]
        return DataTable(columns, rows)

    def on_changed(self) -> None:
        self.dirty = True
        self.message.setText("")

    def add_row(self) -> None:
        at = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else self.table.rowCount()
        self.table.insertRow(at)
        self.table.setCurrentCell(at, 0)
        self.dirty = True

    def remove_row(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())
            self.dirty = True

    def add_column(self) -> None:
        names = self.current().columns
        n = len(names) + 1
        while f"column {n}" in names:
            n += 1
        at = self.table.columnCount()
        self.table.insertColumn(at)
        self.table.setHorizontalHeaderItem(at, QTableWidgetItem(f"column {n}"))
        self.dirty = True

    def remove_column(self) -> None:
        if self.table.currentColumn() >= 0 and self.table.columnCount() > 1:
            self.table.removeColumn(self.table.currentColumn())
            self.dirty = True

    def rename_column(self, column: int) -> None:
        column = column if column >= 0 else self.table.currentColumn()
        if column < 0:
            return
        item = self.table.horizontalHeaderItem(column) or QTableWidgetItem("")
        name, ok = QInputDialog.getText(self, "Rename column", "Column name:", text=item.text())
        if ok and name.strip():
            self.table.setHorizontalHeaderItem(column, QTableWidgetItem(name.strip()))
            self.dirty = True

    def save(self) -> bool:
        try:
            write_table(self.path, self.current())
        except ValueError as e:
            self.message.setText(f"Not saved: {e}.")
            return False
        except OSError as e:
            self.message.setText(f"Not saved: {self.path.name}: {e.strerror or e}.")
            return False
        self.dirty = False
        self.message.setText("")
        self.saved.emit(self.path)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty:
            answer = QMessageBox.question(
                self,
                "Unsaved data",
                f"Save the changes to {self.path.name}?",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Save and not self.save()
            ):
                event.ignore()
                return
        event.accept()
