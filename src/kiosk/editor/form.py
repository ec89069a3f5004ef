"""A form generated from a pydantic model: one row per field, nested objects as groups.

The form edits the document at `base` (e.g. ('slides', 3) or ('theme',)). It never writes
to the document itself: it emits `edited(path, value)` and the window turns that into an
undo step. `refresh` shows the document's values; `show_problems` puts each validation
problem under the field it is about (or at the top when no field matches).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.jsonpos import JsonPath, format_path
from kiosk.editor.document import MISSING, PlaylistDocument
from kiosk.editor.fields import ERROR_STYLE, FieldEditor, make_editor
from kiosk.editor.schema import FieldSpec, fields_of

__all__ = ["FieldForm"]


class FieldForm(QWidget):
    """Rows for every field of `model`, editing the object at `base` in the document."""

    edited = Signal(tuple, object)  # (JSON path, new value or MISSING)

    def __init__(
        self,
        model: type[BaseModel] | None,
        base: JsonPath,
        relative: Callable[[Path], str],
        base_dir: Callable[[], Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.base = base
        self._relative = relative
        self._base_dir = base_dir
        self.editors: dict[JsonPath, FieldEditor] = {}
        self.groups: dict[JsonPath, QGroupBox] = {}
        layout = QVBoxLayout(self)
        self.general_error = QLabel(self)
        self.general_error.setObjectName("general-error")
        self.general_error.setTextFormat(Qt.TextFormat.PlainText)
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.hide()
        layout.addWidget(self.general_error)
        rows = QFormLayout()
        rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(rows)
        layout.addStretch(1)
        if model is None:  # unknown slide type: edit it as JSON
            spec = FieldSpec(key="slide", kind="json", label="slide (JSON)")
            self._add_editor(rows, spec, base, whole=True)
        else:
            self._build(rows, model, base)

    # --- building -----------------------------------------------------------------------

    def _build(self, rows: QFormLayout, model: type[BaseModel], base: JsonPath) -> None:
        for spec in fields_of(model):
            path = (*base, spec.key)
            if spec.kind == "object" and spec.model is not None:
                rows.addRow(self._group(spec, path))
            else:
                self._add_editor(rows, spec, path)

    def _add_editor(
        self, rows: QFormLayout, spec: FieldSpec, path: JsonPath, whole: bool = False
    ) -> None:
        editor = make_editor(spec, self._relative, self._base_dir, self)
        editor.edited.connect(lambda value, p=path: self.edited.emit(p, value))
        self.editors[path] = editor
        label = QLabel(spec.label + (" *" if spec.required else ""), self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setToolTip(spec.description)
        if whole:
            rows.addRow(editor)
        else:
            rows.addRow(label, editor)

    def _group(self, spec: FieldSpec, path: JsonPath) -> QGroupBox:
        assert spec.model is not None
        box = QGroupBox(spec.label, self)
        box.setObjectName(f"group-{spec.key}")
        box.setToolTip(spec.description)
        inner = QFormLayout(box)
        inner.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if spec.optional:
            remove = QPushButton(f"Remove {spec.label}", box)
            remove.setObjectName(f"remove-{spec.key}")
            remove.clicked.connect(lambda _=False, p=path: self.edited.emit(p, MISSING))
            inner.addRow(remove)
        self._build(inner, spec.model, path)
        self.groups[path] = box
        return box

    # --- showing ------------------------------------------------------------------------

    def refresh(self, doc: PlaylistDocument) -> None:
        for path, editor in self.editors.items():
            editor.set_value(doc.get(path))

    def show_problems(self, problems: list[tuple[JsonPath, str]]) -> None:
        """`problems`: (JSON path, message) for the whole playlist; keeps the ones under base."""
        per_editor: dict[JsonPath, list[str]] = {path: [] for path in self.editors}
        general: list[str] = []
        n = len(self.base)
        for path, message in problems:
            if path[:n] != self.base:
                continue
            owner = self._owner(path)
            if owner is None:
                where = format_path(path[n:])
                general.append(f"{where}: {message}" if where else message)
            else:
                rest = format_path(path[len(owner) :])
                per_editor[owner].append(f"{rest}: {message}" if rest else message)
        for path, editor in self.editors.items():
            editor.set_error("\n".join(per_editor[path]))
        self.general_error.setText("\n".join(general))
        self.general_error.setVisible(bool(general))

    def _owner(self, path: JsonPath) -> JsonPath | None:
        for n in range(len(path), len(self.base) - 1, -1):
            if path[:n] in self.editors:
                return path[:n]
        return None

    def editor(self, *keys: str | int) -> FieldEditor:
        """The editor of base + keys (for tests and focus)."""
        return self.editors[(*self.base, *keys)]

    def value_of(self, doc: PlaylistDocument, *keys: str | int) -> Any:
        return doc.get((*self.base, *keys))
