"""The base of every field editor: a row of input widgets, an error line, and `edited`.

Every kind of field (fields.py, textfields.py, widgets.py, tablefield.py) derives from
FieldEditor; keeping it apart from the factory (`fields.make_editor`) is what lets those
modules import it without importing each other.

`set_value` shows a value from the document without emitting. A value equal to the field's
default, or an empty optional field, is emitted as MISSING: the key is left out of the file.

`set_value` never touches a widget whose text already means the value it is given: the
document comes back to the form after every keystroke, and resetting the text there moved
the cursor to the start of the field (a trailing space or a new line vanished). A widget
whose text cannot be applied yet (half-typed JSON, a number in a table that is not one)
says so in `unapplied()`: the window counts that as an unsaved change and will not save.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.editor.document import MISSING
from kiosk.editor.schema import FieldSpec

__all__ = ["DEFAULT_TEXT", "ERROR_STYLE", "FieldEditor", "NumberBox"]

ERROR_STYLE = "color: #C62828;"
DEFAULT_TEXT = "(default)"


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


class NumberBox(QDoubleSpinBox):
    """A spin box that writes 10, 12.5 (not 10.000, 12.500)."""

    def textFromValue(self, value: float) -> str:
        text = self.locale().toString(float(value), "f", self.decimals())
        text = text.replace(self.locale().groupSeparator(), "")  # as the spin box reads it
        point = self.locale().decimalPoint()
        if point in text:
            text = text.rstrip("0").rstrip(point)
        return text
