"""One small widget per kind of field, and `make_editor`, the factory that picks one.

The editors for values chosen rather than typed (a date, a number, a tick, a choice, days)
live here; text-like ones in textfields.py, times, zones, a PIN and columns in widgets.py,
tables in tablefield.py, text in the deck's languages in langfields.py and the deck's
languages in langdeck.py, all on the base in fieldbase.py (see there for `set_value`,
`edited` and `unapplied`). Only this module imports them all, so none imports another.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QSpinBox,
    QWidget,
)

from kiosk.editor import langdeck, widgets
from kiosk.editor.document import MISSING
from kiosk.editor.fieldbase import DEFAULT_TEXT, ERROR_STYLE, FieldEditor, NumberBox
from kiosk.editor.langfields import LocalLinesEditor, LocalTextEditor
from kiosk.editor.schema import FieldSpec
from kiosk.editor.tablefield import LabelsEditor, TableEditor
from kiosk.editor.textfields import (
    ColorEditor,
    JsonEditor,
    LinesEditor,
    LongTextEditor,
    PathEditor,
    PathLinesEditor,
    TextEditor,
)
from kiosk.editor.wording import UNSET

__all__ = [
    "ERROR_STYLE",
    "BoolEditor",
    "ChoiceEditor",
    "ColorEditor",
    "DateEditor",
    "DaysEditor",
    "FieldEditor",
    "JsonEditor",
    "LinesEditor",
    "LongTextEditor",
    "NumberBox",
    "NumberEditor",
    "PathEditor",
    "PathLinesEditor",
    "TextEditor",
    "make_editor",
]


class DateEditor(FieldEditor):
    """A day (YYYY-MM-DD) from a calendar, or none."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.check = QCheckBox("On", self)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setDate(QDate.currentDate())
        self.row.addWidget(self.check)
        self.row.addWidget(self.date)
        self.row.addStretch(1)
        self.check.toggled.connect(self.on_changed)
        self.date.dateChanged.connect(self.on_changed)

    def on_changed(self) -> None:
        on = self.check.isChecked()
        self.date.setEnabled(on)
        self.emit_value(self.date.date().toString("yyyy-MM-dd") if on else MISSING)

    def set_value(self, value: Any) -> None:
        day = QDate.fromString(value, "yyyy-MM-dd") if isinstance(value, str) else QDate()
        for w in (self.check, self.date):
            w.blockSignals(True)
        self.check.setChecked(day.isValid())
        if day.isValid():
            self.date.setDate(day)
        self.date.setEnabled(day.isValid())
        for w in (self.check, self.date):
            w.blockSignals(False)


class NumberEditor(FieldEditor):
    """A spin box with the field's bounds and unit; an optional number may 'use default'."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.spin: QSpinBox | QDoubleSpinBox
        if spec.kind == "int":
            self.spin = QSpinBox(self)
            low = -(10**9)
            if spec.minimum is not None:
                low = int(spec.minimum) + (1 if spec.exclusive_min else 0)
            self.spin.setRange(low, int(spec.maximum) if spec.maximum is not None else 10**9)
        else:
            self.spin = NumberBox(self)
            self.spin.setDecimals(3)
            step = 0.001 if spec.exclusive_min else 0.0
            low_f = spec.minimum + step if spec.minimum is not None else -1e12
            self.spin.setRange(low_f, spec.maximum if spec.maximum is not None else 1e12)
        if spec.unit:
            self.spin.setSuffix(f" {spec.unit}")
        start = max(self.spin.minimum(), min(self.spin.maximum(), 10))
        self.spin.setValue(start)  # type: ignore[arg-type]  # an int for a QSpinBox
        self.spin.setMinimumWidth(110)
        self.row.addWidget(self.spin)
        self.check: QCheckBox | None = None
        if spec.optional:
            self.check = QCheckBox(UNSET.get(spec.key, "Not set"), self)
            self.check.setToolTip("Leave this number out of the slide")
            self.row.addWidget(self.check)
            self.check.toggled.connect(self.on_toggled)
        self.row.addStretch(1)
        self.spin.valueChanged.connect(self.on_changed)

    def on_changed(self, value: float) -> None:
        if self.check is not None and self.check.isChecked():
            return
        number = int(value) if float(value).is_integer() else round(float(value), 6)
        self.emit_value(number)

    def on_toggled(self, use_default: bool) -> None:
        self.spin.setEnabled(not use_default)
        if use_default:
            self.edited.emit(MISSING)
        else:
            self.on_changed(self.spin.value())

    def set_value(self, value: Any) -> None:
        shown = self._shown(value)
        is_number = isinstance(shown, int | float) and not isinstance(shown, bool)
        if self.check is not None:
            self.check.blockSignals(True)
            self.check.setChecked(value is MISSING)
            self.check.blockSignals(False)
            self.spin.setEnabled(value is not MISSING)
        if is_number and math.isfinite(shown) and self.spin.value() != shown:
            self.spin.blockSignals(True)
            self.spin.setValue(shown)
            self.spin.blockSignals(False)


class BoolEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox(self)
        self.row.addWidget(self.box)
        self.box.toggled.connect(self.emit_value)

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setChecked(bool(self._shown(value)))
        self.box.blockSignals(False)


class ChoiceEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox(self)
        if spec.optional:
            self.combo.addItem(DEFAULT_TEXT, None)
        for choice in spec.choices:
            self.combo.addItem(choice, choice)
        self.row.addWidget(self.combo)
        self.row.addStretch(1)
        self.combo.activated.connect(lambda i: self.emit_value(self.combo.itemData(i)))

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(self._shown(value))
        if index < 0:  # a value the model does not know: show it, the error says why
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class DaysEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.boxes: dict[str, QCheckBox] = {}
        for day in spec.choices:
            box = QCheckBox(day, self)
            box.toggled.connect(self.on_toggled)
            self.boxes[day] = box
            self.row.addWidget(box)
        self.row.addStretch(1)

    def on_toggled(self) -> None:
        self.emit_value([d for d, box in self.boxes.items() if box.isChecked()])

    def set_value(self, value: Any) -> None:
        days = value if isinstance(value, list) else []
        for day, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(day in days)
            box.blockSignals(False)


def make_editor(
    spec: FieldSpec,
    relative: Callable[[Path], str],
    base_dir: Callable[[], Path],
    parent: QWidget | None = None,
    columns: Callable[[], list[str]] | None = None,
    languages: Callable[[], list[str]] | None = None,
    names: Callable[[], list[str]] | None = None,
) -> FieldEditor:
    """The editor widget for `spec` (objects are handled by the form, as a group).

    `languages` gives the deck's languages, primary first: a text in several languages
    gets an input per language (langfields.py), and the deck's language fields their
    own widgets (langdeck.py); `names`, a chart's labels and series names (its labels
    table offers them)."""
    tags = languages or (lambda: ["en"])
    if spec.local and spec.kind in ("text", "longtext"):
        return LocalTextEditor(spec, tags, parent)
    if spec.local and spec.kind == "lines":
        return LocalLinesEditor(spec, tags, parent)
    by_language: dict[str, Callable[..., FieldEditor]] = {
        "languages": langdeck.LanguagesEditor,
        "language": langdeck.LanguageEditor,
        "unitscale": langdeck.UnitScaleEditor,
    }
    if spec.kind in by_language:
        return by_language[spec.kind](spec, tags, parent)
    if spec.kind == "labels":
        return LabelsEditor(spec, parent, tags, names)
    if spec.kind == "table":
        return TableEditor(spec, parent, tags)
    if spec.kind == "path":
        return PathEditor(spec, relative, base_dir, parent)
    if spec.kind in ("column", "columns"):
        return widgets.ColumnEditor(spec, columns or list, parent)
    special: dict[str, type[FieldEditor]] = {
        "fontfamilies": langdeck.FontFamiliesEditor,
        "hours": widgets.HoursEditor,
        "weekhours": widgets.WeekHoursEditor,
        "timezone": widgets.TimezoneEditor,
        "pin": widgets.PinEditor,
        "pathlines": PathLinesEditor,
    }
    if spec.kind in special:
        return special[spec.kind](spec, parent)
    simple: dict[str, type[FieldEditor]] = {
        "text": TextEditor,
        "date": DateEditor,
        "longtext": LongTextEditor,
        "color": ColorEditor,
        "int": NumberEditor,
        "float": NumberEditor,
        "bool": BoolEditor,
        "choice": ChoiceEditor,
        "days": DaysEditor,
        "lines": LinesEditor,
    }
    return simple.get(spec.kind, JsonEditor)(spec, parent)
