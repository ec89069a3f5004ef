"""A list of objects (milestones, chart values) edited as a table: a row each, a column a field.

Numbers are typed as people type them (ASCII digits, '.' or ',' as the point); a cell that
is not a number is reported by `unapplied()` and nothing is applied until it is fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.editor import langs
from kiosk.editor.document import MISSING
from kiosk.editor.fieldbase import FieldEditor
from kiosk.editor.langfields import font_for, language_name, short_chip
from kiosk.editor.schema import FieldSpec, fields_of

__all__ = ["LabelsEditor", "TableEditor", "format_number", "parse_number"]

FALLBACK_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_COLUMN = 100  # px: the narrowest a text column gets before the table scrolls sideways
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


class _FallbackCells(QStyledItemDelegate):
    """An empty cell of a translation shows, greyed, what the screen shows instead."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        super().paint(painter, option, index)
        hint = index.data(FALLBACK_ROLE)
        if hint and not index.data(Qt.ItemDataRole.DisplayRole):
            painter.save()
            font = QFont(option.font)
            font.setItalic(True)
            painter.setFont(font)
            painter.setPen(QColor("#9A9A9A"))
            rect = option.rect.adjusted(4, 0, -4, 0)
            flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            painter.drawText(rect, flags, hint)
            painter.restore()


class TableEditor(FieldEditor):
    """A list of objects (milestones, chart values) as a table: one row each, a column a field.

    A text in the deck's languages gets a column per language ("Label EN", "Label 简体中文
    zh-Hans"); a cell left empty in a translation shows, greyed, what the screen shows."""

    def __init__(
        self,
        spec: FieldSpec,
        parent: QWidget | None = None,
        languages: Callable[[], list[str]] | None = None,
        columns: list[FieldSpec] | None = None,
    ) -> None:
        super().__init__(spec, parent)
        if columns is None:
            assert spec.model is not None
            columns = fields_of(spec.model, skip=())
        self.columns = columns
        self._languages = languages or (lambda: ["en"])
        self.langs: list[str] = []
        self.cells: list[tuple[FieldSpec, str | None]] = []
        self._base: list[Any] = []  # the rows last shown: keys and languages no cell shows
        box = QVBoxLayout()
        self.table = QTableWidget(0, 0, self)
        self.table.setObjectName(f"table-{spec.key}")
        self.table.setItemDelegate(_FallbackCells(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(90)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self._layout_columns(self._languages())
        box.addWidget(self.table)
        self.buttons = buttons = QHBoxLayout()
        buttons.addWidget(_button(self, "Add row", "Add a row under the selected one", self.add))
        buttons.addWidget(_button(self, "Remove row", "Remove the selected row", self.remove))
        buttons.addWidget(_button(self, "▲", "Move the row up", lambda: self.move_row(-1)))
        buttons.addWidget(_button(self, "▼", "Move the row down", lambda: self.move_row(1)))
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.row.addLayout(box)
        self._loading = False
        self.table.itemChanged.connect(self.on_item_changed)

    def _layout_columns(self, tags: list[str]) -> None:
        """One table column per field, and per language for a text in the deck's languages."""
        self.langs = list(tags)
        several = len(tags) > 1
        self.cells = [
            (column, lang) for column in self.columns for lang in (tags if column.local else [None])
        ]
        self.table.setColumnCount(len(self.cells))
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(56)
        for i, (column, lang) in enumerate(self.cells):
            title = f"{column.label} {short_chip(lang)}" if lang and several else column.label
            item = QTableWidgetItem(title)
            item.setToolTip(column.description + (f" ({language_name(lang)})" if lang else ""))
            self.table.setHorizontalHeaderItem(i, item)
            numeric = column.kind in ("bool", "float", "int")
            if numeric:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        self._stretched: bool | None = None
        self._fit_width()

    def _fit_width(self) -> None:
        """Text columns share the width while each gets ~100 px; with more of them (a column
        per language) they keep 100 px and the table scrolls sideways instead."""
        texts = [i for i, (c, _) in enumerate(self.cells) if c.kind not in ("bool", "float", "int")]
        stretch = self.table.viewport().width() >= TEXT_COLUMN * max(1, len(texts)) + 60
        if stretch == self._stretched:
            return
        self._stretched = stretch
        header = self.table.horizontalHeader()
        for i in texts:
            if stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(i, TEXT_COLUMN)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_width()

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
            base = self._base[r] if r < len(self._base) else None
            obj: dict[str, Any] = dict(base) if isinstance(base, dict) else {}
            texts: dict[str, Any] = {}
            for c, (column, lang) in enumerate(self.cells):
                item = self._cell(r, c)
                key = column.key
                if column.kind == "bool":
                    on = item.checkState() == Qt.CheckState.Checked
                    if on != bool(column.default):
                        obj[key] = on
                    else:
                        obj.pop(key, None)
                    continue
                text = item.text().strip()
                if lang is not None:
                    old = texts.get(key, obj.get(key, ""))
                    texts[key] = langs.with_text(old, lang, text, self.langs)
                    continue
                if column.kind in ("float", "int"):
                    number = parse_number(text)
                    if number is None:
                        problems.append(f"row {r + 1}, {column.label}: {text!r} is not a number")
                        continue
                    obj[key] = int(number) if column.kind == "int" else number
                elif text or column.required:
                    obj[key] = text
                else:
                    obj.pop(key, None)
            for key, value in texts.items():
                required = next(c.required for c in self.columns if c.key == key)
                if value != "" or required:
                    obj[key] = value
                else:
                    obj.pop(key, None)
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
        tags = self._languages()
        relayout = tags != self.langs
        current, problem = self.read()
        if not relayout and not problem and _same(current, rows, self.columns):
            self._base = list(rows)
            return
        if not relayout and problem and self.table.hasFocus():
            return  # the person is typing
        if relayout:
            self._layout_columns(tags)
        self._base = list(rows)
        self._loading = True
        try:
            self.table.setRowCount(len(rows))
            for r, obj in enumerate(rows):
                for c, (column, lang) in enumerate(self.cells):
                    raw = obj.get(column.key, column.default) if isinstance(obj, dict) else None
                    self.table.setItem(r, c, self._item(column, lang, raw))
        finally:
            self._loading = False
        self._fit_height()
        self.set_local_error("")

    def _item(self, column: FieldSpec, lang: str | None, raw: Any) -> QTableWidgetItem:
        item = QTableWidgetItem()
        if column.kind == "bool":
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if raw else Qt.CheckState.Unchecked)
        elif lang is not None:
            text = langs.text_in(raw, lang, self.langs)
            item.setText(text)
            item.setFont(font_for(lang, self.table.font()))
            if not text and lang != self.langs[0]:
                shown = langs.fallback_text(raw, lang, self.langs)
                item.setData(FALLBACK_ROLE, shown)
                if shown:
                    same = isinstance(raw, str)
                    item.setToolTip(
                        "Same in every language" if same else f"No translation: shows “{shown}”"
                    )
        else:
            item.setText("" if raw is None else format_number(raw))
        return item

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


_NAME = FieldSpec(
    key="name",
    kind="text",
    label="In the data",
    required=True,
    description="A label or series name as the data (or the typed values) write it",
)
_SHOWS = FieldSpec(
    key="text",
    kind="text",
    label="Shows as",
    required=True,
    local=True,
    description="How it shows on screen",
)


class LabelsEditor(TableEditor):
    """A chart's `labels`: a data label or series name → how it shows, per language; a row
    each, a column for the data's own name and one per deck language."""

    def __init__(
        self,
        spec: FieldSpec,
        parent: QWidget | None = None,
        languages: Callable[[], list[str]] | None = None,
        names: Callable[[], list[str]] | None = None,
    ) -> None:
        super().__init__(spec, parent, languages, columns=[_NAME, _SHOWS])
        self._names = names or list
        self.fill = _button(
            self,
            "Add the data's names",
            "A row for each label and series name of the chart's data not listed yet",
            self.add_names,
        )
        self.fill.setObjectName("add-names")
        self.buttons.insertWidget(4, self.fill)

    def add_names(self) -> None:
        """Rows for the data's names (labels, series) that have none, showing as they are."""
        rows, _ = self.read()
        have = {str(row.get("name", "")) for row in rows}
        new = [n for n in dict.fromkeys(self._names()) if n and n not in have]
        if new:
            self.emit_value([*rows, *({"name": n, "text": n} for n in new)])

    def set_value(self, value: Any) -> None:
        labels = value if isinstance(value, dict) else {}
        super().set_value([{"name": k, "text": v} for k, v in labels.items()])

    def emit_value(self, value: Any) -> None:
        rows = value if isinstance(value, list) else []
        labels = {
            str(row.get("name", "")).strip(): row.get("text", "")
            for row in rows
            if isinstance(row, dict) and str(row.get("name", "")).strip()
        }
        self.edited.emit(labels if labels else MISSING)
