"""Editors for fields that are not one line of text: tables, times, time zones, a PIN, columns.

Each is a FieldEditor (see fieldbase.py): `set_value` shows the document's value without
emitting, and leaves the widget alone when it already shows that value; `edited` carries
the new value; what cannot be applied yet is reported by `unapplied()`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, QTime
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.model import WEEKDAYS
from kiosk.editor.document import MISSING
from kiosk.editor.fieldbase import FieldEditor
from kiosk.editor.schema import FieldSpec
from kiosk.editor.tablefield import TableEditor

__all__ = [
    "ColumnEditor",
    "HoursEditor",
    "PinEditor",
    "TableEditor",
    "TimezoneEditor",
    "WeekHoursEditor",
]


DAY_NAMES = dict(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))


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
        if isinstance(value, str) and value:
            chosen = [value]
        elif isinstance(value, list):
            chosen = [v for v in value if isinstance(v, str) and v]
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
