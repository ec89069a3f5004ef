"""A form generated from a pydantic model: one row per field, nested objects as groups.

The form edits the document at `base` (e.g. ('slides', 3) or ('theme',)). It never writes
to the document itself: it emits `edited(path, value)` (or `edited_many` for one step that
sets several keys) and the window turns that into an undo step. `refresh` shows the
document's values; `show_problems` puts each validation problem under the field it is about
(or at the top when no field matches).

What a person rarely needs (id, markup, notes) sits under "More", closed. An optional group
(show rules, a metric's data file, a split slide's chart) appears only when the slide has
it; otherwise an "Add …" button does. A chart says where its values come from with one
switch: typed here (a table) or from a data file (with its column pickers and a data
table editor).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import model as m
from kiosk.core.jsonpos import JsonPath, format_path
from kiosk.editor.datatable import columns_of, data_names
from kiosk.editor.document import MISSING, PlaylistDocument
from kiosk.editor.fields import ERROR_STYLE, FieldEditor, PathEditor, make_editor
from kiosk.editor.langs import deck_languages, language_changes
from kiosk.editor.schema import FieldSpec, fields_of
from kiosk.editor.templates import group_seed
from kiosk.editor.wording import MORE

__all__ = ["FieldForm"]


class FieldForm(QWidget):
    """Rows for every field of `model`, editing the object at `base` in the document."""

    edited = Signal(tuple, object)  # (JSON path, new value or MISSING)
    edited_many = Signal(str, list)  # (what it is, [(JSON path, value)]): one undo step
    source_requested = Signal(tuple, str)  # (chart path, 'values' | 'file')
    data_edit_requested = Signal(str)  # the data file's path as written in the playlist
    pending_changed = Signal()

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
        self.add_buttons: dict[JsonPath, QPushButton] = {}
        self.sources: dict[JsonPath, tuple[QRadioButton, QRadioButton]] = {}
        self._rows: dict[JsonPath, tuple[QFormLayout, QWidget]] = {}
        self._doc: PlaylistDocument | None = None
        self.more: QToolButton | None = None  # opens / closes more_body
        layout = QVBoxLayout(self)
        self.general_error = QLabel(self)
        self.general_error.setObjectName("general-error")
        self.general_error.setTextFormat(Qt.TextFormat.PlainText)
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.hide()
        layout.addWidget(self.general_error)
        rows = _form_layout()
        layout.addLayout(rows)
        is_slide = model is not None and issubclass(model, m.SlideBase)
        if is_slide:
            self.more = QToolButton(self)
            self.more.setObjectName("more")
            self.more.setText("More")
            self.more.setCheckable(True)
            self.more.setAutoRaise(True)
            self.more.setArrowType(Qt.ArrowType.RightArrow)
            self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.more.setToolTip("Fields a slide rarely needs")
            more_rows = _form_layout()
            self.more_body = QGroupBox(self)
            self.more_body.setObjectName("more-body")
            self.more_body.setLayout(more_rows)
            self.more_body.hide()
            self.more.toggled.connect(self.on_more_toggled)
        layout.addStretch(1)
        if model is None:  # unknown slide type: edit it as JSON
            spec = FieldSpec(key="slide", kind="json", label="Slide (JSON)")
            self._add_editor(rows, spec, base, whole=True)
        else:
            self._build(rows, model, base, more_rows if is_slide else None)
        if self.more is not None:
            layout.insertWidget(layout.count() - 1, self.more)
            layout.insertWidget(layout.count() - 1, self.more_body)

    def on_more_toggled(self, on: bool) -> None:
        assert self.more is not None
        self.more.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.more_body.setVisible(on)

    # --- building -----------------------------------------------------------------------

    def _build(
        self,
        rows: QFormLayout,
        model: type[BaseModel],
        base: JsonPath,
        more: QFormLayout | None = None,
    ) -> None:
        if issubclass(model, m.ChartSpec):
            self._source_switch(rows, base)
        for spec in fields_of(model):
            path = (*base, spec.key)
            target = more if more is not None and spec.key in MORE else rows
            if spec.kind == "object" and spec.model is not None:
                if spec.optional:
                    self._add_button(target, spec, path, model)
                box = self._group(spec, path)
                target.addRow(box)
                self._rows[path] = (target, box)
            else:
                self._add_editor(target, spec, path)

    def _add_editor(
        self, rows: QFormLayout, spec: FieldSpec, path: JsonPath, whole: bool = False
    ) -> None:
        columns = None
        if spec.kind in ("column", "columns"):
            columns = lambda p=path[:-1]: self._columns(p)  # noqa: E731
        names = (lambda p=path[:-1]: self._data_names(p)) if spec.kind == "labels" else None
        editor = make_editor(
            spec, self._relative, self._base_dir, self, columns, self.languages, names
        )
        if spec.kind == "languages":
            editor.edited.connect(self.on_languages_edited)
        else:
            editor.edited.connect(lambda value, p=path: self.edited.emit(p, value))
        editor.pending_changed.connect(self.pending_changed)
        self.editors[path] = editor
        if isinstance(editor, PathEditor) and spec.key in ("data", "file") and len(path) >= 2:
            line = editor.edit
            editor.add_button(
                "Edit data…",
                "Edit the rows and columns of this data file",
                lambda: self.data_edit_requested.emit(line.text()),
            ).setObjectName("edit-data")
        label = QLabel(spec.label + (" *" if spec.required else ""), self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setToolTip(spec.description)
        label.setWordWrap(True)
        if whole:
            rows.addRow(editor)
        else:
            rows.addRow(label, editor)
        self._rows[path] = (rows, editor)

    def _add_button(
        self, rows: QFormLayout, spec: FieldSpec, path: JsonPath, owner: type[BaseModel]
    ) -> None:
        text = "Add show rule" if spec.key == "show" else f"Add {spec.label.lower()}"
        button = QPushButton(text, self)
        button.setObjectName(f"add-{spec.key}")
        button.setToolTip(spec.description)
        changes = group_seed(owner, path)
        button.clicked.connect(lambda _=False: self.edited_many.emit(text, changes))
        rows.addRow(button)
        self.add_buttons[path] = button

    def _group(self, spec: FieldSpec, path: JsonPath) -> QGroupBox:
        assert spec.model is not None
        box = QGroupBox(spec.label, self)
        box.setObjectName(f"group-{spec.key}")
        box.setToolTip(spec.description)
        inner = _form_layout(box)
        if spec.optional:
            remove = QPushButton(f"Remove {spec.label.lower()}", box)
            remove.setObjectName(f"remove-{spec.key}")
            remove.clicked.connect(lambda _=False, p=path: self.edited.emit(p, MISSING))
            inner.addRow(remove)
        self._build(inner, spec.model, path)
        self.groups[path] = box
        return box

    def _source_switch(self, rows: QFormLayout, base: JsonPath) -> None:
        line = QWidget(self)
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        here = QRadioButton("Typed here", line)
        here.setObjectName("source-values")
        from_file = QRadioButton("From a data file", line)
        from_file.setObjectName("source-file")
        group = QButtonGroup(line)
        for button in (here, from_file):
            group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        here.clicked.connect(lambda _=False: self.source_requested.emit(base, "values"))
        from_file.clicked.connect(lambda _=False: self.source_requested.emit(base, "file"))
        label = QLabel("Values", self)
        label.setToolTip("Type the chart's numbers here, or read them from a CSV/JSON file")
        rows.addRow(label, line)
        self.sources[base] = (here, from_file)

    def languages(self) -> list[str]:
        """The deck's languages, primary first (what text fields show an input for)."""
        return deck_languages(self._doc.data if self._doc is not None else None)

    def on_languages_edited(self, value: object) -> None:
        """A language added, removed or moved: one undo step, with the texts of a language
        taken away (so the deck stays valid; Undo brings them back)."""
        if self._doc is None:
            return
        new = value if isinstance(value, list) else self.languages()[:1]
        changes = language_changes(self._doc.data, new)
        gone = [t for t in self.languages() if t not in new]
        if len(changes) == 1 and not gone:
            self.edited.emit(changes[0][0], value)
        else:
            what = f"Remove language {', '.join(gone)}" if gone else "Change languages"
            self.edited_many.emit(what, changes)

    def _data_names(self, chart: JsonPath) -> list[str]:
        """A chart's labels and series names: its typed values' labels, or its data file's
        labels column and value columns."""
        if self._doc is None:
            return []
        values = self._doc.get((*chart, "values"))
        if isinstance(values, list):
            return [
                v["label"]
                for v in values
                if isinstance(v, dict) and isinstance(v.get("label"), str)
            ]
        data, x, y = (self._doc.get((*chart, k)) for k in ("data", "x", "y"))
        if not isinstance(data, str) or not data:
            return []
        return data_names(self._base_dir() / data, x, y)

    def _columns(self, owner: JsonPath) -> list[str]:
        """The header of the data file named beside these columns (`data`, or `file`)."""
        if self._doc is None:
            return []
        for key in ("data", "file"):
            data = self._doc.get((*owner, key))
            if isinstance(data, str) and data:
                return columns_of(self._base_dir() / data)
        return []

    # --- showing ------------------------------------------------------------------------

    def refresh(self, doc: PlaylistDocument) -> None:
        self._doc = doc
        for path, editor in self.editors.items():
            editor.set_value(doc.get(path))
        for path, button in self.add_buttons.items():
            present = doc.get(path) is not MISSING
            self._set_row_visible(path, present)
            rows, _ = self._rows[path]
            rows.setRowVisible(button, not present)
        for chart, (here, from_file) in self.sources.items():
            from_data = doc.get((*chart, "data")) is not MISSING
            (from_file if from_data else here).setChecked(True)
            for key in ("data", "x", "y"):
                self._set_row_visible((*chart, key), from_data)
            self._set_row_visible((*chart, "values"), not from_data)
        if self.base == ("deck",):
            alternate = doc.get(("deck", "language_mode")) == "alternate"
            self._set_row_visible(("deck", "alternate_every"), alternate)
        if self.more is not None:
            filled = [
                self.editors[p].spec.label
                for p in self.editors
                if p[-1] in MORE and doc.get(p) not in (MISSING, "", False)
            ]
            self.more.setText(f"More ({', '.join(filled)})" if filled else "More")

    def _set_row_visible(self, path: JsonPath, visible: bool) -> None:
        entry = self._rows.get(path)
        if entry is not None:
            rows, widget = entry
            rows.setRowVisible(widget, visible)

    def unapplied(self) -> list[tuple[JsonPath, str]]:
        """(path, why) for every field whose text is not in the document yet."""
        return [(p, e.unapplied()) for p, e in self.editors.items() if e.unapplied()]

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

    def focus_field(self, path: JsonPath) -> None:
        """Put the cursor in the field a problem at `path` is about (opening More for it)."""
        owner = self._owner(path)
        if owner is None:
            return
        if self.more is not None and owner[len(self.base) : len(self.base) + 1] in [
            (k,) for k in MORE
        ]:
            self.more.setChecked(True)
        editor = self.editors[owner]
        inputs = [
            w
            for w in editor.findChildren(QWidget)
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisibleTo(editor)
        ]
        (inputs[0] if inputs else editor).setFocus()
        scroll = self.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if scroll is not None:
            scroll.ensureWidgetVisible(editor)

    def is_row_visible(self, *keys: str | int) -> bool:
        entry = self._rows.get((*self.base, *keys))
        return entry is not None and entry[1].isVisibleTo(self)

    def editor(self, *keys: str | int) -> FieldEditor:
        """The editor of base + keys (for tests and focus)."""
        return self.editors[(*self.base, *keys)]

    def value_of(self, doc: PlaylistDocument, *keys: str | int) -> Any:
        return doc.get((*self.base, *keys))


def _form_layout(parent: QWidget | None = None) -> QFormLayout:
    rows = QFormLayout(parent) if parent is not None else QFormLayout()
    rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return rows
