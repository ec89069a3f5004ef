"""Fields typed as text: one line, a path, a colour, long text, lines, and JSON.

Each is a FieldEditor (fieldbase.py); see there for how `set_value` and `unapplied` behave.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QLineEdit, QPlainTextEdit, QToolButton, QWidget

from kiosk.core import errors
from kiosk.editor.browse import pick_file
from kiosk.editor.document import MISSING
from kiosk.editor.fieldbase import FieldEditor
from kiosk.editor.schema import FieldSpec

__all__ = [
    "ColorEditor",
    "JsonEditor",
    "LinesEditor",
    "LongTextEditor",
    "PathEditor",
    "PathLinesEditor",
    "TextEditor",
]


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
