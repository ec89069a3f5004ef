"""Editors for fields that are not one line of text: tables, times, time zones, a PIN, columns.

Each is a FieldEditor (see fields.py): `set_value` shows the document's value without
emitting, and leaves the widget alone when it already shows that value; `edited` carries
the new value; what cannot be applied yet is reported by `unapplied()`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, QTime
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.model import WEEKDAYS
from kiosk.editor.document import MISSING
from kiosk.editor.fields import FieldEditor
from kiosk.editor.schema import FieldSpec, fields_of

__all__ = [
    "ColumnEditor",
    "HoursEditor",
    "PinEditor",
    "TableEditor",
    "TimezoneEditor",
    "WeekHoursEditor",
    "format_number",
    "parse_number",
]

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)
DAY_NAMES = dict(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))


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


def _time(text: str) -> QTime:
    hours, _, minutes = text.partition(":")
    if hours == "24":
        return QTime(0, 0)
    return QTime(int(hours), int(minutes)) if hours.isdigit() and minutes.isdigit() else QTime()


def _span(start: QTimeEdit, end: QTimeEdit) -> str:
    return f"{start.time().toString('HH:mm')}-{end.time().toString('HH:mm')}"


def _time_edit(parent: QWidget, hhmm: str) -> QTimeEdit:
    edit = QTimeEdit(parent)
    edit.setDisplayFormat("HH:mm")
    edit.setTime(_time(hhmm))
    return edit


class HoursEditor(FieldEditor):
    """A time span of the day ('09:00-17:00'); an end before the start goes past midnight."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.check = QCheckBox("Between", self)
        self.start = _time_edit(self, "09:00")
        self.end = _time_edit(self, "17:00")
        for widget in (self.check, self.start, QLabel("and", self), self.end):
            self.row.addWidget(widget)
        self.row.addStretch(1)
        self.check.toggled.connect(self.on_changed)
        self.start.timeChanged.connect(self.on_changed)
        self.end.timeChanged.connect(self.on_changed)

    def on_changed(self) -> None:
        on = self.check.isChecked()
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        self.emit_value(_span(self.start, self.end) if on else MISSING)

    def set_value(self, value: Any) -> None:
        on = isinstance(value, str) and "-" in value
        widgets = (self.check, self.start, self.end)
        for w in widgets:
            w.blockSignals(True)
        self.check.setChecked(on)
        if on:
            first, _, last = value.partition("-")
            self.start.setTime(_time(first))
            self.end.setTime(_time(last))
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        for w in widgets:
            w.blockSignals(False)


class WeekHoursEditor(FieldEditor):
    """Display hours per weekday: a row per day, ticked when the display is on that day."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        box = QVBoxLayout()
        self.limit = QCheckBox("Switch the display off outside these hours", self)
        box.addWidget(self.limit)
        grid = QGridLayout()
        self.days: dict[str, tuple[QCheckBox, QTimeEdit, QTimeEdit]] = {}
        for r, day in enumerate(WEEKDAYS):
            check = QCheckBox(DAY_NAMES[day], self)
            start, end = _time_edit(self, "08:00"), _time_edit(self, "20:00")
            grid.addWidget(check, r, 0)
            grid.addWidget(start, r, 1)
            grid.addWidget(QLabel("to", self), r, 2)
            grid.addWidget(end, r, 3)
            self.days[day] = (check, start, end)
            for w in (check, start, end):
                signal = w.toggled if isinstance(w, QCheckBox) else w.timeChanged
                signal.connect(self.on_changed)
        grid.setColumnStretch(4, 1)
        box.addLayout(grid)
        self.row.addLayout(box)
        self.limit.toggled.connect(self.on_changed)
        self._enable()

    def _enable(self) -> None:
        on = self.limit.isChecked()
        for check, start, end in self.days.values():
            check.setEnabled(on)
            start.setEnabled(on and check.isChecked())
            end.setEnabled(on and check.isChecked())

    def on_changed(self) -> None:
        self._enable()
        if not self.limit.isChecked():
            self.emit_value(MISSING)
            return
        value: dict[str, str | None] = {}
        for day, (check, start, end) in self.days.items():
            value[day] = _span(start, end) if check.isChecked() else None
        self.edited.emit(value)

    def set_value(self, value: Any) -> None:
        hours = value if isinstance(value, dict) else None
        everything = [self.limit, *(w for ws in self.days.values() for w in ws)]
        for w in everything:
            w.blockSignals(True)
        self.limit.setChecked(hours is not None)
        for day, (check, start, end) in self.days.items():
            span = (hours or {}).get(day)
            check.setChecked(isinstance(span, str))
            if isinstance(span, str) and "-" in span:
                first, _, last = span.partition("-")
                start.setTime(_time(first))
                end.setTime(_time(last))
        for w in everything:
            w.blockSignals(False)
        self._enable()


@functools.cache
def time_zones() -> tuple[str, ...]:
    from zoneinfo import available_timezones

    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


_MACHINE = "(this computer's time zone)"


class TimezoneEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox(self)
        self.combo.addItem(_MACHINE, None)
        for zone in time_zones():
            self.combo.addItem(zone.replace("_", " "), zone)
        self.combo.setMaxVisibleItems(20)
        self.row.addWidget(self.combo)
        self.row.addStretch(1)
        self.combo.activated.connect(lambda i: self.emit_value(self.combo.itemData(i)))

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value if isinstance(value, str) else None)
        if index < 0:
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class PinEditor(FieldEditor):
    """4 to 12 digits, hidden as they are typed; 'Show' reveals them."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText("no PIN")
        self.edit.setMaxLength(12)
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]{0,12}")))
        self.show_button = QToolButton(self)
        self.show_button.setText("Show")
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(
            lambda on: self.edit.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        self.row.addWidget(self.edit)
        self.row.addWidget(self.show_button)
        self.edit.textEdited.connect(self.on_text)

    def on_text(self, text: str) -> None:
        if text and not 4 <= len(text) <= 12:
            self.set_local_error("not applied yet: a PIN is 4 to 12 digits")
            return
        self.set_local_error("")
        self.emit_value(text or MISSING)

    def set_value(self, value: Any) -> None:
        text = value if isinstance(value, str) else ""
        if self.edit.text() != text and not self._local_error:
            self.edit.setText(text)


class ColumnEditor(FieldEditor):
    """Chart columns, offered from the data file's header: one ('x') or several ('y')."""

    def __init__(
        self, spec: FieldSpec, columns: Callable[[], list[str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(spec, parent)
        self._columns = columns
        self.many = spec.kind == "columns"
        self._shown_state: tuple[Any, ...] = ()
        self.hint = QLabel("Choose a data file first", self)
        self.hint.setStyleSheet("color: #777;")
        self.combo: QComboBox | None = None
        self.list: QListWidget | None = None
        if self.many:
            self.list = QListWidget(self)
            self.list.setObjectName(f"columns-{spec.key}")
            self.list.setMaximumHeight(96)
            self.list.itemChanged.connect(self.on_checked)
            self.row.addWidget(self.list)
        else:
            self.combo = QComboBox(self)
            self.combo.setObjectName(f"column-{spec.key}")
            self.combo.activated.connect(self.on_picked)
            self.row.addWidget(self.combo)
        self.row.addWidget(self.hint)
        self.row.addStretch(1)

    def on_picked(self, index: int) -> None:
        assert self.combo is not None
        self.emit_value(self.combo.itemData(index))

    def on_checked(self) -> None:
        assert self.list is not None
        if self._loading_list:
            return
        chosen = [
            self.list.item(i).text()
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
        self.emit_value(chosen[0] if len(chosen) == 1 else chosen or MISSING)

    _loading_list = False

    def set_value(self, value: Any) -> None:
        names = list(self._columns())
        chosen: list[Any] = []
        if isinstance(value, str):
            chosen = [value]
        elif isinstance(value, list):
            chosen = [v for v in value if isinstance(v, str)]
        state = (tuple(names), tuple(str(c) for c in chosen))
        if state == self._shown_state:
            return
        self._shown_state = state
        offered = names + [str(c) for c in chosen if c not in names]
        self.hint.setVisible(not names)
        if self.combo is not None:
            self.combo.clear()
            self.combo.addItem("(choose a column)", None)
            for name in offered:
                self.combo.addItem(name, name)
            self.combo.setCurrentIndex(max(0, self.combo.findData(chosen[0] if chosen else None)))
            return
        assert self.list is not None
        self._loading_list = True
        try:
            self.list.clear()
            for name in offered:
                item = QListWidgetItem(name, self.list)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                on = name in chosen
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        finally:
            self._loading_list = False
