"""The deck's languages and what goes with them: the language list, the single-mode language,
the font families in fallback order, and a number's factor per language.

The list (`deck.languages`) is a list box, primary first, with Add (a picker of common tags
that also takes any tag the model accepts, checked with its own pattern), Remove and ▲ ▼.
Removing a language is one undo step with the removal of its texts (the form asks
`langs.language_changes` for them), so the deck stays valid and Undo brings them back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.editor import langs
from kiosk.editor.document import MISSING
from kiosk.editor.fieldbase import FieldEditor, NumberBox
from kiosk.editor.langfields import CHIP_STYLE, FALLBACK_STYLE, language_chip, language_name
from kiosk.editor.schema import FieldSpec
from kiosk.editor.textfields import LinesEditor

__all__ = ["FontFamiliesEditor", "LanguageEditor", "LanguagesEditor", "UnitScaleEditor"]

Languages = Callable[[], list[str]]


def _tool(parent: QWidget, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.clicked.connect(lambda _=False: slot())
    return button


def _narrow(combo: QComboBox) -> None:
    """A combo as wide as a dozen letters, not as its longest item (the form must fit)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)


class LanguagesEditor(FieldEditor):
    """`deck.languages`: the deck's languages in order, the first one the primary."""

    def __init__(self, spec: FieldSpec, languages: Languages, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self._languages = languages
        box = QVBoxLayout()
        self.list = QListWidget(self)
        self.list.setObjectName("languages")
        self.list.setMaximumHeight(96)
        box.addWidget(self.list)
        line = QGridLayout()
        self.picker = QComboBox(self)
        self.picker.setObjectName("language-picker")
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        _narrow(self.picker)
        self.picker.setToolTip("A language tag: pick one, or type any, e.g. en-GB, pt-BR")
        line.addWidget(self.picker, 0, 0)
        self.add_button = _tool(self, "Add", "Add this language to the deck", self.add)
        self.add_button.setObjectName("add-language")
        line.addWidget(self.add_button, 0, 1)
        self.remove_button = _tool(
            self, "Remove", "Take the selected language and its texts out", self.remove
        )
        self.remove_button.setObjectName("remove-language")
        line.addWidget(self.remove_button, 0, 2)
        line.addWidget(_tool(self, "▲", "Earlier (the first is the primary)", self.up), 0, 3)
        line.addWidget(_tool(self, "▼", "Later", self.down), 0, 4)
        line.setColumnStretch(0, 1)
        box.addLayout(line)
        self.hint = QLabel(self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(FALLBACK_STYLE)
        self.hint.hide()
        box.addWidget(self.hint)
        self.row.addLayout(box, 1)
        self.tags: list[str] = []
        line_edit = self.picker.lineEdit()
        if line_edit is not None:
            line_edit.returnPressed.connect(self.add)

    def set_value(self, value: Any) -> None:
        tags = self._languages()
        if tags == self.tags:
            return
        current = self.list.currentRow()
        self.tags = tags
        self.list.clear()
        for i, tag in enumerate(tags):
            item = QListWidgetItem(f"{language_name(tag)}{'  — primary' if i == 0 else ''}")
            item.setData(Qt.ItemDataRole.UserRole, tag)
            self.list.addItem(item)
        self.list.setCurrentRow(min(max(current, 0), len(tags) - 1))
        self.remove_button.setEnabled(len(tags) > 1)
        self.picker.clear()
        for tag in langs.COMMON_TAGS:
            if tag not in tags:
                self.picker.addItem(f"{tag}  {language_name(tag)}", tag)
        self.picker.setCurrentIndex(-1)
        self.picker.setEditText("")

    def picked_tag(self) -> str:
        text = self.picker.currentText().strip()
        return text.split()[0] if text else ""

    def add(self) -> None:
        tag = self.picked_tag()
        if not tag:
            return
        if not langs.is_lang_tag(tag):
            self._hint(f"{tag!r} is not a language tag such as en, zh-Hans or pt-BR")
            return
        if any(t.lower() == tag.lower() for t in self.tags):
            self._hint(f"{tag} is already a language of the deck")
            return
        self._hint("")
        self.emit_value([*self.tags, tag])

    def _hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.tags) and len(self.tags) > 1:
            self.emit_value([t for i, t in enumerate(self.tags) if i != row])

    def _move(self, delta: int) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.tags) and 0 <= row + delta < len(self.tags):
            tags = list(self.tags)
            tags.insert(row + delta, tags.pop(row))
            self.emit_value(tags)
            self.list.setCurrentRow(row + delta)

    def up(self) -> None:
        self._move(-1)

    def down(self) -> None:
        self._move(1)


class LanguageEditor(FieldEditor):
    """`deck.language`: which of the deck's languages a single-language display shows."""

    def __init__(self, spec: FieldSpec, languages: Languages, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self._languages = languages
        self.combo = QComboBox(self)
        self.combo.setObjectName("language")
        _narrow(self.combo)
        self.row.addWidget(self.combo)
        self.row.addStretch(1)
        self.combo.activated.connect(lambda i: self.emit_value(self.combo.itemData(i)))

    def emit_value(self, value: Any) -> None:
        self.edited.emit(MISSING if value is None else value)

    _tags: tuple[str, ...] = ()

    def set_value(self, value: Any) -> None:
        tags = self._languages()
        if tuple(tags) != self._tags:
            self._fill(tags)
        index = self.combo.findData(value) if isinstance(value, str) else 0
        self.combo.setCurrentIndex(max(index, 0))

    def _fill(self, tags: list[str]) -> None:
        self._tags = tuple(tags)
        self.combo.clear()
        if len(tags) > 1:
            self.combo.addItem(f"The first one ({language_chip(tags[0])})", None)
        for tag in tags:
            self.combo.addItem(language_name(tag), tag)


class FontFamiliesEditor(LinesEditor):
    """`theme.font_family`: families in fallback order, one per line. One family is written
    as a string (as before), several as a list; a list stays a list."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit.setFixedHeight(60)
        self.edit.setPlaceholderText("one family per line, in fallback order (empty: the system's)")
        self._was_list = False

    def emit_value(self, value: Any) -> None:
        families = value if isinstance(value, list) else []
        if len(families) == 1 and not self._was_list:
            super().emit_value(families[0])
        else:
            super().emit_value(families)

    def set_value(self, value: Any) -> None:
        self._was_list = isinstance(value, list)
        if isinstance(value, str):
            value = [value] if value else []
        super().set_value(MISSING if value in ([], MISSING) else value)


class UnitScaleEditor(FieldEditor):
    """Per language, a factor for the numbers shown (1: as they are)."""

    def __init__(self, spec: FieldSpec, languages: Languages, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self._languages = languages
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.row.addLayout(self.grid)
        self.row.addStretch(1)
        self.boxes: dict[str, NumberBox] = {}
        self.value: Any = MISSING

    def _build(self, tags: list[str]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.boxes = {}
        for i, tag in enumerate(tags):
            chip = QLabel(language_chip(tag), self)
            chip.setStyleSheet(CHIP_STYLE)
            chip.setToolTip(language_name(tag))
            box = NumberBox(self)
            box.setObjectName(f"scale-{tag}")
            box.setDecimals(6)
            box.setRange(0.000001, 1e9)
            box.setValue(1)
            box.setToolTip(f"Numbers in {language_name(tag)} are multiplied by this (1: as is)")
            box.valueChanged.connect(lambda v, t=tag: self.on_changed(t, v))
            self.grid.addWidget(chip, 0, 2 * i)
            self.grid.addWidget(box, 0, 2 * i + 1)
            self.boxes[tag] = box

    def on_changed(self, tag: str, factor: float) -> None:
        scale = dict(self.value) if isinstance(self.value, dict) else {}
        number = int(factor) if float(factor).is_integer() else round(float(factor), 6)
        if number == 1:
            scale.pop(tag, None)
        else:
            scale[tag] = number
        self.value = scale if scale else MISSING
        self.edited.emit(self.value)

    def set_value(self, value: Any) -> None:
        tags = self._languages()
        if list(self.boxes) != tags:
            self._build(tags)
        self.value = value
        scale = value if isinstance(value, dict) else {}
        for tag, box in self.boxes.items():
            factor = scale.get(tag, 1)
            if isinstance(factor, int | float) and box.value() != factor:
                box.blockSignals(True)
                box.setValue(float(factor))
                box.blockSignals(False)
