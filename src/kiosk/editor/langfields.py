"""Text fields in the deck's languages, side by side: one input per language.

A deck with one language gets one input, as any text field. With more, each input carries a
small label with its language ("EN", "简体中文 zh-Hans"; the full name on hover), the primary
first: a one-line field puts two languages in a row (more are stacked), a multi-line field
and a list of points stack them. Typing in one input changes only that language
(`langs.with_text`): a plain string stays "the same in every language" until a translation
is typed, and then becomes a map. An input without a text of its own is marked, quietly:
its placeholder says what the screen shows instead, and its label is greyed.

Like every field (fieldbase.py), `set_value` leaves alone an input whose text already means
the value, so the cursor, a trailing space and a new line survive the document coming back
after each keystroke (the #14 fix, kept for every language's input).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont, QFontDatabase, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from kiosk.editor import langs
from kiosk.editor.document import MISSING
from kiosk.editor.fieldbase import FieldEditor
from kiosk.editor.schema import FieldSpec

__all__ = [
    "LocalLinesEditor",
    "LocalTextEditor",
    "font_for",
    "language_chip",
    "language_name",
    "short_chip",
]

Languages = Callable[[], list[str]]
FALLBACK_STYLE = "color: #8A8A8A; font-style: italic;"
CHIP_STYLE = "color: #455A64;"
SIDE_BY_SIDE = 520  # px: narrower, a one-line field stacks its two languages too


def _locale(tag: str) -> QLocale | None:
    locale = QLocale(tag.replace("-", "_"))
    return None if locale.language() == QLocale.Language.C else locale


_WRITING = {
    QLocale.Script.SimplifiedHanScript: (QFontDatabase.WritingSystem.SimplifiedChinese, " SC"),
    QLocale.Script.TraditionalHanScript: (QFontDatabase.WritingSystem.TraditionalChinese, " TC"),
    QLocale.Script.JapaneseScript: (QFontDatabase.WritingSystem.Japanese, " JP"),
    QLocale.Script.KoreanScript: (QFontDatabase.WritingSystem.Korean, " KR"),
    QLocale.Script.ArabicScript: (QFontDatabase.WritingSystem.Arabic, ""),
    QLocale.Script.HebrewScript: (QFontDatabase.WritingSystem.Hebrew, ""),
    QLocale.Script.DevanagariScript: (QFontDatabase.WritingSystem.Devanagari, ""),
    QLocale.Script.ThaiScript: (QFontDatabase.WritingSystem.Thai, ""),
}


def font_for(lang: str, base: QFont) -> QFont:
    """`base` with a family for `lang`'s script next in line, so its input draws it.

    Left to itself, Qt's fallback for a mixed line such as '“AI+”背后的技术' picked here a CJK
    face it could not load glyphs from, and the Chinese stayed blank (measured on Debian's
    Noto CJK collection); a family of the language's own writing system, named after the
    widget's own, draws it."""
    locale = _locale(lang)
    entry = _WRITING.get(locale.script()) if locale is not None else None
    if entry is None:
        return base
    system, region = entry
    names = QFontDatabase.families(system)
    ranked = sorted(names, key=lambda n: ("Sans" not in n, not n.endswith(region), "Mono" in n))
    if not ranked:
        return base
    font = QFont(base)
    font.setFamilies([*base.families(), ranked[0]])
    return font


def language_chip(tag: str) -> str:
    """The short label of an input: 'EN' for a language written in Latin letters, else its
    own name and the tag ('简体中文 zh-Hans', 'العربية ar'), so its readers find it."""
    locale = _locale(tag)
    if locale is None or locale.script() == QLocale.Script.LatinScript:
        return tag.upper() if "-" not in tag else tag
    return f"{locale.nativeLanguageName()} {tag}"


def short_chip(tag: str) -> str:
    """A table column's language: 'EN', '简体中文' (the tag on hover)."""
    locale = _locale(tag)
    if locale is None or locale.script() == QLocale.Script.LatinScript:
        return tag.upper() if "-" not in tag else tag
    return locale.nativeLanguageName()


def language_name(tag: str) -> str:
    """'English (en)', 'Chinese — 简体中文 (zh-Hans)': for tooltips and pickers."""
    locale = _locale(tag)
    if locale is None:
        return tag
    english = QLocale.languageToString(locale.language())
    native = locale.nativeLanguageName()
    if not native or native.lower() in (english.lower(), f"american {english.lower()}"):
        return f"{english} ({tag})"
    return f"{english} — {native} ({tag})"


class _LanguageInputs(FieldEditor):
    """The shared part: a grid of (language label, input) built for the deck's languages."""

    placeholder = ""

    @property
    def multiline(self) -> bool:
        return self.spec.kind != "text"

    def __init__(self, spec: FieldSpec, languages: Languages, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self._languages = languages
        self.langs: list[str] = []
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.chips: dict[str, QLabel] = {}
        self.value: Any = MISSING
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        self.row.addLayout(self.grid, 1)
        self._build(languages())

    def _make_input(self, lang: str) -> QLineEdit | QPlainTextEdit:
        raise NotImplementedError

    @property
    def edit(self) -> Any:
        """The primary language's input (the only one in a deck of one language)."""
        return self.inputs[self.langs[0]]

    def _build(self, tags: list[str]) -> None:
        for widget in (*self.inputs.values(), *self.chips.values()):
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.inputs, self.chips, self.langs = {}, {}, list(tags)
        for i, lang in enumerate(tags):
            field = self._make_input(lang)
            field.setObjectName(f"lang-{lang}")
            field.setFont(font_for(lang, field.font()))
            field.setToolTip(f"{language_name(lang)}{': the primary language' if i == 0 else ''}")
            self.inputs[lang] = field
            if len(tags) > 1:
                chip = QLabel(language_chip(lang), self)
                chip.setObjectName(f"chip-{lang}")
                chip.setTextFormat(Qt.TextFormat.PlainText)
                chip.setToolTip(field.toolTip())
                chip.setStyleSheet(CHIP_STYLE)
                if i == 0:
                    font = chip.font()
                    font.setBold(True)
                    chip.setFont(font)
                self.chips[lang] = chip
        self._side_by_side: bool | None = None
        self._place()

    def side_by_side(self) -> bool:
        """Two languages of a one-line field share a row when there is room for both."""
        return not self.multiline and len(self.langs) == 2 and self.width() >= SIDE_BY_SIDE

    def _place(self) -> None:
        wanted = self.side_by_side()
        if wanted == self._side_by_side:
            return
        self._side_by_side = wanted
        for widget in (*self.inputs.values(), *self.chips.values()):
            self.grid.removeWidget(widget)
        for col in range(4):
            self.grid.setColumnStretch(col, 0)
        for i, lang in enumerate(self.langs):
            row, col = (0, 2 * i) if wanted else (i, 0)
            chip = self.chips.get(lang)
            if chip is not None:
                align = Qt.AlignmentFlag.AlignTop if self.multiline else Qt.AlignmentFlag(0)
                self.grid.addWidget(chip, row, col, align)
            self.grid.addWidget(self.inputs[lang], row, col + 1)
            self.grid.setColumnStretch(col + 1, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _ensure_languages(self) -> None:
        tags = self._languages()
        if tags != self.langs:
            self._build(tags)

    def mark(self, lang: str, note: str) -> None:
        """`note`: why the input has no text of its own ('' when it has one)."""
        field, chip = self.inputs[lang], self.chips.get(lang)
        field.setProperty("fallback", bool(note))
        field.setPlaceholderText(note or self.placeholder)
        if chip is not None:
            chip.setStyleSheet(FALLBACK_STYLE if note else CHIP_STYLE)

    def is_fallback(self, lang: str) -> bool:
        return bool(self.inputs[lang].property("fallback"))


def _fallback_note(value: Any, lang: str, tags: list[str]) -> str:
    if len(tags) < 2 or (lang == tags[0] and not isinstance(value, dict)):
        return ""
    shown = langs.fallback_text(value, lang, tags)
    if not shown:
        return ""
    if isinstance(value, str):
        return "Same in every language (type a translation here)"
    short = shown if len(shown) <= 40 else shown[:39] + "…"
    what = "No text" if lang == tags[0] else "No translation"
    return f"{what}: shows “{short}”"


class LocalTextEditor(_LanguageInputs):
    """A one-line or a multi-line text (kind 'text' / 'longtext') in each deck language."""

    def _make_input(self, lang: str) -> QLineEdit | QPlainTextEdit:
        if self.multiline:
            box = QPlainTextEdit(self)
            box.setFixedHeight(72 if len(self.langs) < 2 else 56)
            box.setTabChangesFocus(True)
            box.textChanged.connect(lambda lang=lang, b=box: self.on_typed(lang, b.toPlainText()))
            return box
        line = QLineEdit(self)
        line.textEdited.connect(lambda text, lang=lang: self.on_typed(lang, text))
        return line

    def on_typed(self, lang: str, text: str) -> None:
        if self._loading:
            return
        self.value = langs.with_text(self._shown(self.value), lang, text, self.langs)
        self._mark_all()
        self.emit_value(self.value)

    _loading = False

    def _text_of(self, lang: str) -> str:
        field = self.inputs[lang]
        return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()

    def set_value(self, value: Any) -> None:
        self._ensure_languages()
        self.value = value
        shown = self._shown(value)
        for lang, field in self.inputs.items():
            text = langs.text_in(shown, lang, self.langs)
            if self._text_of(lang) == text:
                continue  # already says this: leave the cursor alone
            self._loading = True
            try:
                if isinstance(field, QPlainTextEdit):
                    field.setPlainText(text)
                else:
                    field.setText(text)
                    if not field.hasFocus():
                        field.setCursorPosition(0)  # show how the text begins
            finally:
                self._loading = False
        self._mark_all()

    def _mark_all(self) -> None:
        shown = self._shown(self.value)
        for lang in self.inputs:
            own = langs.text_in(shown, lang, self.langs)
            self.mark(lang, "" if own else _fallback_note(shown, lang, self.langs))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


class LocalLinesEditor(_LanguageInputs):
    """A list of texts (bullet points), one per line, a box per language: line i of every
    box is point i. A point missing in a language is an empty line there (and noted)."""

    placeholder = "one per line"

    def __init__(self, spec: FieldSpec, languages: Languages, parent: QWidget | None = None):
        super().__init__(spec, languages, parent)
        self.note = QLabel(self)
        self.note.setObjectName("untranslated")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(FALLBACK_STYLE)
        self.note.hide()
        layout = self.layout()
        assert layout is not None
        layout.addWidget(self.note)

    _loading = False

    def _make_input(self, lang: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setFixedHeight(120 if len(self.langs) < 2 else 100)
        box.setTabChangesFocus(True)
        box.setPlaceholderText(self.placeholder)
        box.textChanged.connect(lambda lang=lang, b=box: self.on_typed(lang, b.toPlainText()))
        return box

    def on_typed(self, lang: str, text: str) -> None:
        if self._loading:
            return
        self.value = langs.with_lines(self._items(), lang, _lines(text), self.langs)
        self._mark_all()
        self.emit_value(self.value)

    def _items(self) -> list[Any]:
        shown = self._shown(self.value)
        return shown if isinstance(shown, list) else []

    def set_value(self, value: Any) -> None:
        self._ensure_languages()
        self.value = value
        items = self._items()
        for lang, field in self.inputs.items():
            assert isinstance(field, QPlainTextEdit)
            current = _lines(field.toPlainText())
            if langs.with_lines(items, lang, current, self.langs) == items:
                continue  # the text already means this (maybe with a space or a new line)
            self._loading = True
            try:
                field.setPlainText("\n".join(langs.lines_in(items, lang, self.langs)))
            finally:
                self._loading = False
        self._mark_all()

    def _mark_all(self) -> None:
        items = self._items()
        notes: list[str] = []
        for lang in self.langs[1:]:
            gaps = [
                str(i + 1)
                for i, item in enumerate(items)
                if not langs.text_in(item, lang, self.langs)
            ]
            none = bool(items) and len(gaps) == len(items)
            self.mark(
                lang,
                "Same in every language (type translations here, one per line)" if none else "",
            )
            if gaps and not none:
                which = f"point {gaps[0]}" if len(gaps) == 1 else f"points {', '.join(gaps)}"
                notes.append(f"{language_chip(lang)}: {which} not translated")
        primary = language_chip(self.langs[0])
        text = "; ".join(notes)
        self.note.setText(f"{text} (the screen shows the {primary} text)" if notes else "")
        self.note.setVisible(bool(notes))
