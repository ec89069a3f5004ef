"""One small widget per kind of field; each emits `edited(value)` when the user changes it.

`set_value` shows a value from the document without emitting. A value equal to the field's
default, or an empty optional field, is emitted as MISSING: the key is left out of the file.

`set_value` never touches a widget whose text already means the value it is given: the
document comes back to the form after every keystroke, and resetting the text there moved
the cursor to the start of the field (a trailing space or a new line vanished). A widget
whose text cannot be applied yet (half-typed JSON, a number in a table that is not one)
says so in `unapplied()`: the window counts that as an unsaved change and will not save.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import errors
from kiosk.editor.browse import pick_file
from kiosk.editor.document import MISSING
from kiosk.editor.schema import FieldSpec
from kiosk.editor.wording import UNSET

__all__ = ["FieldEditor", "NumberBox", "make_editor"]

ERROR_STYLE = "color: #C62828;"
_DEFAULT_TEXT = "(default)"


class FieldEditor(QWidget):
    """Base: a row with the input widgets, and an error line under it (hidden when valid)."""

    edited = Signal(object)
    pending_changed = Signal()  # unapplied() may have changed

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"field-{spec.key}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self.row = QHBoxLayout()
        outer.addLayout(self.row)
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        outer.addWidget(self.error)
        self._local_error = ""
        if spec.description:
            self.setToolTip(spec.description)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def unapplied(self) -> str:
        """Why what the widget shows is not in the document yet ('' when it is)."""
        return self._local_error

    def set_local_error(self, text: str) -> None:
        if text != self._local_error:
            self._local_error = text
            self.pending_changed.emit()
        self.set_error(self._doc_error)

    _doc_error = ""

    def set_error(self, text: str) -> None:
        """The playlist's problems for this field ('' when none)."""
        self._doc_error = text
        shown = "\n".join(t for t in (self._local_error, text) if t)
        self.error.setText(shown)
        self.error.setVisible(bool(shown))

    def emit_value(self, value: Any) -> None:
        spec = self.spec
        empty = value is None or (spec.optional and value in ("", []))
        is_default = not spec.required and spec.default is not None and value == spec.default
        if empty or is_default:
            value = MISSING  # leave the key out of the file
        self.edited.emit(value)

    def _shown(self, value: Any) -> Any:
        return self.spec.default if value is MISSING else value


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit(self)
        if spec.optional and spec.default is None:
            self.edit.setPlaceholderText("(not set)")
        if spec.kind == "date":
            self.edit.setPlaceholderText("YYYY-MM-DD")
        self.row.addWidget(self.edit)
        self.edit.textEdited.connect(self.emit_value)

    def set_value(self, value: Any) -> None:
        value = self._shown(value)
        text = "" if value is None else str(value)
        if self.edit.text() != text:
            self.edit.setText(text)


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


class PathEditor(TextEditor):
    """A file path, stored relative to the playlist; 'Browse…' picks one."""

    def __init__(
        self,
        spec: FieldSpec,
        relative: Callable[[Path], str],
        base_dir: Callable[[], Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(spec, parent)
        self._relative = relative
        self._base_dir = base_dir
        self.browse = QToolButton(self)
        self.browse.setText("Browse…")
        self.row.addWidget(self.browse)
        self.browse.clicked.connect(self.on_browse)

    def add_button(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _=False: slot())
        self.row.addWidget(button)
        return button

    def on_browse(self) -> None:
        picked = pick_file(self, self.spec.key, self._base_dir(), self.edit.text())
        if picked is not None:
            rel = self._relative(picked)
            self.edit.setText(rel)
            self.emit_value(rel)


class ColorEditor(TextEditor):
    """#RRGGBB text plus a swatch that opens the colour dialog."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.swatch = QToolButton(self)
        self.swatch.setObjectName("swatch")
        self.swatch.setFixedWidth(36)
        self.row.insertWidget(0, self.swatch)
        self.swatch.clicked.connect(self.on_pick)
        self.edit.textChanged.connect(self._paint_swatch)

    def _paint_swatch(self, text: str) -> None:
        color = QColor(text)
        css = color.name(QColor.NameFormat.HexArgb) if color.isValid() else "transparent"
        self.swatch.setStyleSheet(f"background: {css}; border: 1px solid #888;")

    def on_pick(self) -> None:
        initial = QColor(self.edit.text()) if QColor(self.edit.text()).isValid() else QColor()
        color = QColorDialog.getColor(
            initial, self, self.spec.label, QColorDialog.ColorDialogOption.ShowAlphaChannel
        )
        if color.isValid():
            fmt = QColor.NameFormat.HexRgb if color.alpha() == 255 else QColor.NameFormat.HexArgb
            text = color.name(fmt).upper()
            self.edit.setText(text)
            self.emit_value(text)


class LongTextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setFixedHeight(72)
        self.edit.setTabChangesFocus(True)
        self.row.addWidget(self.edit)
        self._loading = False
        self.edit.textChanged.connect(self.on_text)

    def on_text(self) -> None:
        if not self._loading:
            self.emit_value(self._value())

    def _value(self) -> Any:
        return self.edit.toPlainText()

    def _text(self, value: Any) -> str:
        return "" if value is None else str(value)

    def set_value(self, value: Any) -> None:
        text = self._text(self._shown(value))
        if self.edit.toPlainText() != text:
            self._loading = True
            try:
                self.edit.setPlainText(text)
            finally:
                self._loading = False


class LinesEditor(LongTextEditor):
    """A list of strings, one per line (bullet points, font files, colours)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit.setPlaceholderText("one per line")

    def _value(self) -> Any:
        return [line.strip() for line in self.edit.toPlainText().splitlines() if line.strip()]

    def _text(self, value: Any) -> str:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return "\n".join(value)
        return "" if value is None else json.dumps(value, ensure_ascii=False)

    def set_value(self, value: Any) -> None:
        shown = self._shown(value)
        if self._value() == (shown if isinstance(shown, list) else []) and shown is not None:
            return  # the text already says this (maybe with a trailing space or new line)
        if shown is None and not self._value():
            return
        super().set_value(value)


class PathLinesEditor(LinesEditor):
    """One optional path per line (an icon per bullet point); an empty line is 'none'."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit.setPlaceholderText("one file per line, an empty line for none")

    def _value(self) -> Any:
        lines = [line.strip() or None for line in self.edit.toPlainText().splitlines()]
        while lines and lines[-1] is None:
            lines.pop()
        return lines

    def _text(self, value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(v if isinstance(v, str) else "" for v in value)
        return ""


class JsonEditor(LongTextEditor):
    """Nested lists of objects (milestones, values…) as JSON text, checked as you type."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit.setFixedHeight(120)
        self.edit.setPlaceholderText("JSON")

    def on_text(self) -> None:
        if self._loading:
            return
        raw = self.edit.toPlainText()
        text = raw.strip()
        try:
            value = json.loads(text) if text else None
        except json.JSONDecodeError as e:
            why = errors.syntax_message(raw, e)
            self.set_local_error(f"not applied yet, line {e.lineno}: {why}")
            return
        except (ValueError, RecursionError):
            self.set_local_error("not applied yet: a number is too long or it nests too deep")
            return
        self.set_local_error("")
        self.emit_value(value)

    def _text(self, value: Any) -> str:
        return "" if value is None else json.dumps(value, indent=2, ensure_ascii=False)

    def set_value(self, value: Any) -> None:
        shown = self._shown(value)
        try:
            current = json.loads(self.edit.toPlainText() or "null")
        except json.JSONDecodeError:
            current = MISSING
        if self._local_error and self.edit.hasFocus():
            return  # the user is half-way through typing: leave their text alone
        if current != shown or self._local_error:
            self.set_local_error("")
            super().set_value(value)


class NumberBox(QDoubleSpinBox):
    """A spin box that writes 10, 12.5 (not 10.000, 12.500)."""

    def textFromValue(self, value: float) -> str:
        text = self.locale().toString(float(value), "f", self.decimals())
        text = text.replace(self.locale().groupSeparator(), "")  # as the spin box reads it
        point = self.locale().decimalPoint()
        if point in text:
            text = text.rstrip("0").rstrip(point)
        return text


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
            self.combo.addItem(_DEFAULT_TEXT, None)
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
) -> FieldEditor:
    """The editor widget for `spec` (objects are handled by the form, as a group)."""
    from kiosk.editor import widgets

    if spec.kind == "path":
        return PathEditor(spec, relative, base_dir, parent)
    if spec.kind in ("column", "columns"):
        return widgets.ColumnEditor(spec, columns or list, parent)
    special: dict[str, type[FieldEditor]] = {
        "table": widgets.TableEditor,
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
