"""A list of objects (milestones, chart values) edited as a table: a row each, a column a field.

Numbers are typed as people type them (ASCII digits, '.' or ',' as the point); a cell that
is not a number is reported by `unapplied()` and nothing is applied until it is fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.editor.fieldbase import FieldEditor
from kiosk.editor.schema import FieldSpec, fields_of

__all__ = ["TableEditor", "format_number", "parse_number"]

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)


def parse_number(text: str) -> float | None:
    """A number typed by a person (ASCII digits, '.' or ',' as the point); None if not one."""
    text = text.strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if abs(value) < 1e300 else None


def format_number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _button(parent: QWidget, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.clicked.connect(lambda _=False: slot())
    return button


class TableEditor(FieldEditor):
    """A list of objects (milestones, chart values) as a table: one row each, a column a field."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        assert spec.model is not None
        self.columns = fields_of(spec.model, skip=())
        box = QVBoxLayout()
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setObjectName(f"table-{spec.key}")
        self.table.setHorizontalHeaderLabels([c.label for c in self.columns])
        for i, column in enumerate(self.columns):
            header_item = self.table.horizontalHeaderItem(i)
            if header_item is not None:
                header_item.setToolTip(column.description)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for i, column in enumerate(self.columns):
            if column.kind in ("bool", "float", "int"):
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(90)
        self.table.verticalHeader().setDefaultSectionSize(24)
        box.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.addWidget(_button(self, "Add row", "Add a row under the selected one", self.add))
        buttons.addWidget(_button(self, "Remove row", "Remove the selected row", self.remove))
        buttons.addWidget(_button(self, "▲", "Move the row up", lambda: self.move_row(-1)))
        buttons.addWidget(_button(self, "▼", "Move the row down", lambda: self.move_row(1)))
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.row.addLayout(box)
        self._loading = False
        self.table.itemChanged.connect(self.on_item_changed)

    # --- reading the table --------------------------------------------------------------

    def _cell(self, row: int, col: int) -> QTableWidgetItem:
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem("")
            self.table.setItem(row, col, item)
        return item

    def read(self) -> tuple[list[dict[str, Any]], str]:
        """(rows as objects, why they cannot be applied yet or '')."""
        out: list[dict[str, Any]] = []
        problems: list[str] = []
        for r in range(self.table.rowCount()):
            obj: dict[str, Any] = {}
            for c, column in enumerate(self.columns):
                item = self._cell(r, c)
                if column.kind == "bool":
                    on = item.checkState() == Qt.CheckState.Checked
                    if on != bool(column.default):
                        obj[column.key] = on
                    continue
                text = item.text().strip()
                if column.kind in ("float", "int"):
                    number = parse_number(text)
                    if number is None:
                        problems.append(f"row {r + 1}, {column.label}: {text!r} is not a number")
                        continue
                    obj[column.key] = int(number) if column.kind == "int" else number
                elif text or column.required:
                    obj[column.key] = text
            out.append(obj)
        return out, "; ".join(problems)

    def on_item_changed(self) -> None:
        if self._loading:
            return
        value, problem = self.read()
        self.set_local_error(f"not applied yet: {problem}" if problem else "")
        if not problem:
            self.emit_value(value)

    # --- rows ---------------------------------------------------------------------------

    def add(self) -> None:
        at = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else None
        rows, _ = self.read()
        blank = {c.key: c.default for c in self.columns if c.required or c.kind == "bool"}
        for c in self.columns:
            if c.kind in ("float", "int"):
                blank[c.key] = 0
            elif c.required:
                blank[c.key] = "New"
        rows.insert(len(rows) if at is None else at, blank)
        self.emit_value(rows)
        self.table.setCurrentCell(len(rows) - 1 if at is None else at, 0)

    def remove(self) -> None:
        row = self.table.currentRow()
        rows, _ = self.read()
        if 0 <= row < len(rows):
            del rows[row]
            self.emit_value(rows)

    def move_row(self, delta: int) -> None:
        row = self.table.currentRow()
        rows, _ = self.read()
        if 0 <= row < len(rows) and 0 <= row + delta < len(rows):
            rows.insert(row + delta, rows.pop(row))
            self.emit_value(rows)
            self.table.setCurrentCell(row + delta, self.table.currentColumn())

    def set_value(self, value: Any) -> None:
        rows = value if isinstance(value, list) else []
        current, problem = self.read()
        if not problem and _same(current, rows, self.columns):
            return
        if problem and self.table.hasFocus():
            return  # the person is typing
        self._loading = True
        try:
            self.table.setRowCount(len(rows))
            for r, obj in enumerate(rows):
                for c, column in enumerate(self.columns):
                    raw = obj.get(column.key, column.default) if isinstance(obj, dict) else None
                    item = QTableWidgetItem()
                    if column.kind == "bool":
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                        checked = Qt.CheckState.Checked if raw else Qt.CheckState.Unchecked
                        item.setCheckState(checked)
                    else:
                        item.setText("" if raw is None else format_number(raw))
                    self.table.setItem(r, c, item)
        finally:
            self._loading = False
        self._fit_height()
        self.set_local_error("")

    def _fit_height(self) -> None:
        """As tall as its rows (plus one empty line), within 90–280 px: no blank slab."""
        rows = self.table.rowCount() + 1
        height = self.table.horizontalHeader().height() + rows * 24 + 6
        self.table.setFixedHeight(max(90, min(280, height)))


def _same(a: list[dict[str, Any]], b: list[Any], columns: list[FieldSpec]) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if not isinstance(y, dict):
            return False
        for c in columns:
            if x.get(c.key, c.default) != y.get(c.key, c.default):
                return False
    return True
