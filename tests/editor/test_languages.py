"""Issue 18, the editor's side: text in the deck's languages, edited side by side.

Every test drives the real widgets of a shown editor window on a bilingual copy of the
bundled deck (English and Simplified Chinese, see bilingual.py).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk.editor.document import PlaylistDocument
from kiosk.editor.langdeck import FontFamiliesEditor, LanguagesEditor, UnitScaleEditor
from kiosk.editor.langfields import LocalLinesEditor, LocalTextEditor
from kiosk.editor.langpreview import in_language
from kiosk.editor.tablefield import FALLBACK_ROLE, LabelsEditor, TableEditor
from kiosk.editor.window import EditorWindow

from .bilingual import ZH, bilingual_copy

HEADING = ("slides", 2, "heading")  # the timeline: {"en": …, "zh-Hans": "迈向碳中和之路"}


@pytest.fixture
def bi_path(tmp_path: Path) -> Path:
    return bilingual_copy(tmp_path)


@pytest.fixture
def bi(qtbot: Any, bi_path: Path, monkeypatch: pytest.MonkeyPatch) -> EditorWindow:
    discard = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: discard)
    w = EditorWindow(PlaylistDocument.open(bi_path), launcher=lambda _p, _a: True)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)  # the thumbnails draw on in the background; nothing here needs them
    return w


def slide_editor(w: EditorWindow, row: int, *keys: str | int) -> Any:
    w.select(row)
    assert w.slide_form is not None
    return w.slide_form.editor(*keys)


def keys(widget: Any, text: str) -> None:
    """Type `text` as key presses (QTest.keyClicks knows ASCII only: 中文 goes as events)."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def type_into(widget: Any, text: str, *, clear: bool = False) -> None:
    widget.setFocus()
    if clear:
        widget.selectAll()
        QTest.keyClick(widget, Qt.Key.Key_Delete)
    keys(widget, text)


def test_open_change_one_translation_save_keeps_every_other_text(
    bi: EditorWindow, bi_path: Path
) -> None:
    before = json.loads(bi_path.read_text(encoding="utf-8"))
    heading = slide_editor(bi, 2, "heading")
    assert isinstance(heading, LocalTextEditor)
    zh = heading.inputs[ZH]
    zh.setFocus()
    zh.end(False)
    keys(zh, "！")
    assert bi.save()
    after = json.loads(bi_path.read_text(encoding="utf-8"))
    expected = copy.deepcopy(before)
    expected["slides"][2]["heading"][ZH] = "迈向碳中和之路！"
    assert after == expected  # every other text, map or string, as it was
    assert list(after["slides"][2]["heading"]) == ["en", ZH]
    assert after["slides"][4]["points"] == before["slides"][4]["points"]


def test_each_language_has_its_labelled_input_and_typing_changes_only_it(
    bi: EditorWindow,
) -> None:
    heading = slide_editor(bi, 2, "heading")
    assert list(heading.inputs) == ["en", ZH]  # primary first
    assert heading.chips["en"].text() == "EN"
    assert heading.chips[ZH].text() == "简体中文 zh-Hans"
    assert "Chinese" in heading.chips[ZH].toolTip()
    assert heading.inputs["en"].text() == "On the road to carbon neutrality"
    assert heading.inputs[ZH].text() == "迈向碳中和之路"
    type_into(heading.inputs["en"], "Towards carbon neutrality", clear=True)
    assert bi.doc.get(HEADING) == {"en": "Towards carbon neutrality", ZH: "迈向碳中和之路"}
    assert heading.inputs[ZH].text() == "迈向碳中和之路"
    bi.stack.undo()
    assert bi.doc.get(HEADING)["en"] == "On the road to carbon neutrality"


def test_a_plain_string_is_the_same_in_every_language_until_translated(
    bi: EditorWindow,
) -> None:
    source = slide_editor(bi, 2, "source")  # a plain string
    plain = bi.doc.get(("slides", 2, "source"))
    assert isinstance(plain, str)
    assert source.is_fallback(ZH)
    assert not source.is_fallback("en")
    assert "Same in every language" in source.inputs[ZH].placeholderText()
    type_into(source.inputs[ZH], "白皮书")
    assert bi.doc.get(("slides", 2, "source")) == {"en": plain, ZH: "白皮书"}
    assert not source.is_fallback(ZH)
    type_into(source.inputs[ZH], "", clear=True)  # emptied: still a map, never a string
    assert bi.doc.get(("slides", 2, "source")) == {"en": plain}
    assert source.is_fallback(ZH)
    assert "No translation" in source.inputs[ZH].placeholderText()
    type_into(source.inputs["en"], "", clear=True)  # the primary emptied: marked too
    assert not bi.doc.get(("slides", 2, "source"), "")
    heading = slide_editor(bi, 2, "heading")
    type_into(heading.inputs["en"], "", clear=True)
    assert bi.doc.get(HEADING) == {ZH: "迈向碳中和之路"}
    assert heading.is_fallback("en")
    assert heading.inputs["en"].placeholderText() == "No text: shows “迈向碳中和之路”"


def test_a_language_the_deck_does_not_show_is_kept(bi: EditorWindow) -> None:
    bi.doc.set(HEADING, {"en": "Road", ZH: "之路", "fr": "La route"})
    heading = slide_editor(bi, 2, "heading")
    assert list(heading.inputs) == ["en", ZH]
    type_into(heading.inputs["en"], "Road ahead", clear=True)
    assert bi.doc.get(HEADING) == {"en": "Road ahead", ZH: "之路", "fr": "La route"}


def test_bullet_points_per_language_keep_typing_and_pairs(bi: EditorWindow) -> None:
    points = slide_editor(bi, 4, "points")
    assert isinstance(points, LocalLinesEditor)
    zh = points.inputs[ZH]
    assert zh.toPlainText() == "大数据\n工业互联网"
    assert "point 3 not translated" in points.note.text()
    zh.setFocus()
    zh.moveCursor(zh.textCursor().MoveOperation.End)
    QTest.keyClick(zh, Qt.Key.Key_Return)  # the #14 fix holds: a new line stays
    keys(zh, "人工智能 ")
    assert zh.toPlainText() == "大数据\n工业互联网\n人工智能 "
    got = bi.doc.get(("slides", 4, "points"))
    assert got[2] == {"en": "Artificial intelligence", ZH: "人工智能"}
    assert points.note.isHidden()
    # a point typed in between in English does not re-pair the Chinese ones
    en = points.inputs["en"]
    en.setFocus()
    cursor = en.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    cursor.movePosition(cursor.MoveOperation.EndOfLine)
    en.setTextCursor(cursor)
    QTest.keyClick(en, Qt.Key.Key_Return)
    QTest.keyClicks(en, "Cloud computing")
    got = bi.doc.get(("slides", 4, "points"))
    assert got[0] == {"en": "Big data", ZH: "大数据"}
    assert got[1] == "Cloud computing"
    assert got[2] == {"en": "Industrial Internet", ZH: "工业互联网"}
    assert en.toPlainText().splitlines()[1] == "Cloud computing"


def test_milestones_have_a_column_per_language(bi: EditorWindow) -> None:
    table = slide_editor(bi, 2, "milestones")
    assert isinstance(table, TableEditor)
    titles = [table.table.horizontalHeaderItem(c).text() for c in range(len(table.cells))]
    assert titles[:4] == ["Date EN", "Date 简体中文", "Label EN", "Label 简体中文"]
    date_zh = table.table.item(0, 1)
    assert date_zh.text() == ""
    assert date_zh.data(FALLBACK_ROLE) == "Aug 2021"
    label_zh = table.cells.index((table.columns[1], ZH))
    assert table.table.item(3, label_zh).text() == "碳中和"
    table.table.item(0, 1).setText("2021年8月")
    first = bi.doc.get(("slides", 2, "milestones", 0))
    assert first["date"] == {"en": "Aug 2021", ZH: "2021年8月"}
    assert first["label"] == {"en": "SCE 2021", ZH: "2021年智博会"}
    assert first["detail"] == "Smart China Expo, Chongqing, 23–25 August"


def test_adding_and_removing_a_language(bi: EditorWindow) -> None:
    bi.tabs.setCurrentIndex(1)
    deck = bi.section_forms[0]
    languages = deck.editor("languages")
    assert isinstance(languages, LanguagesEditor)
    languages.picker.setEditText("x_y")
    languages.add_button.click()
    assert "not a language tag" in languages.hint.text()
    assert bi.doc.get(("deck", "languages")) == ["en", ZH]
    languages.picker.setEditText("fr")
    languages.add_button.click()
    assert bi.doc.get(("deck", "languages")) == ["en", ZH, "fr"]
    title = deck.editor("title")
    assert list(title.inputs) == ["en", ZH, "fr"]
    heading = slide_editor(bi, 2, "heading")
    assert list(heading.inputs) == ["en", ZH, "fr"]
    assert heading.is_fallback("fr")
    # taking Chinese out takes its texts out too, in one undo step; the deck stays valid
    languages.list.setCurrentRow(1)
    languages.remove_button.click()
    assert bi.doc.get(("deck", "languages")) == ["en", "fr"]
    assert bi.doc.get(HEADING) == {"en": "On the road to carbon neutrality"}
    assert bi.loaded is not None, bi.problems
    bi.stack.undo()
    assert bi.doc.get(("deck", "languages")) == ["en", ZH, "fr"]
    assert bi.doc.get(HEADING)[ZH] == "迈向碳中和之路"


def test_alternate_mode_offers_how_often(bi: EditorWindow) -> None:
    bi.tabs.setCurrentIndex(1)
    deck = bi.section_forms[0]
    assert not deck.is_row_visible("alternate_every")
    mode = deck.editor("language_mode")
    mode.combo.setCurrentIndex(mode.combo.findData("alternate"))
    mode.combo.activated.emit(mode.combo.currentIndex())
    assert bi.doc.get(("deck", "language_mode")) == "alternate"
    assert deck.is_row_visible("alternate_every")
    assert bi.preview.language.itemText(0) == "Deck: alternate"
    tip = bi.preview.language.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert tip == "As the deck's language mode says (alternate, a new language every loop)"


def test_font_families_in_fallback_order(bi: EditorWindow) -> None:
    bi.tabs.setCurrentIndex(2)
    fonts = bi.section_forms[1].editor("font_family")
    assert isinstance(fonts, FontFamiliesEditor)
    assert fonts.edit.toPlainText() == "Inter"
    fonts.edit.setFocus()
    fonts.edit.moveCursor(fonts.edit.textCursor().MoveOperation.End)
    QTest.keyClick(fonts.edit, Qt.Key.Key_Return)
    QTest.keyClicks(fonts.edit, "Noto Sans CJK SC")
    assert bi.doc.get(("theme", "font_family")) == ["Inter", "Noto Sans CJK SC"]
    assert bi.loaded is not None


def test_chart_labels_and_a_factor_per_language(bi: EditorWindow) -> None:
    labels = slide_editor(bi, 8, "labels")
    assert isinstance(labels, LabelsEditor)
    assert labels.table.item(0, 0).text() == "value_million_yuan"
    assert labels.table.item(0, 2).text() == "增加值"
    labels.table.item(0, 2).setText("增加值（亿元）")
    assert bi.doc.get(("slides", 8, "labels")) == {
        "value_million_yuan": {"en": "Added value", ZH: "增加值（亿元）"}
    }
    labels.fill.click()  # the data's names not listed yet: its years
    names = bi.doc.get(("slides", 8, "labels"))
    assert list(names) == ["value_million_yuan", "2016", "2020"]
    assert names["2020"] == "2020"
    scale = slide_editor(bi, 8, "unit_scale")
    assert isinstance(scale, UnitScaleEditor)
    assert scale.boxes[ZH].value() == pytest.approx(0.01)
    assert scale.boxes["en"].value() == 1
    scale.boxes["en"].setValue(2)
    assert bi.doc.get(("slides", 8, "unit_scale")) == {ZH: 0.01, "en": 2}
    scale.boxes["en"].setValue(1)  # 1 is "as is": the key goes again
    assert bi.doc.get(("slides", 8, "unit_scale")) == {ZH: 0.01}


def test_the_preview_draws_the_language_picked(qtbot: Any, bi: EditorWindow) -> None:
    bi.select(2)
    preview = bi.preview
    assert preview.language.isVisible()
    assert preview.language.itemText(0) == "Deck: stacked"
    qtbot.waitUntil(lambda: preview._image is not None)
    renders = preview.renders
    english = preview._image
    preview.language.setCurrentIndex(preview.language.findData(ZH))
    preview.language.activated.emit(preview.language.currentIndex())
    qtbot.waitUntil(lambda: preview.renders > renders)
    assert preview._image is not None
    assert english is not None
    assert preview._image != english
    assert bi.loaded is not None
    chinese = in_language(bi.loaded, ZH).playlist
    assert chinese.slides[2].heading == "迈向碳中和之路"  # type: ignore[union-attr]
    assert chinese.slides[2].source == bi.loaded.playlist.slides[2].source  # type: ignore[union-attr]
    assert chinese.deck.language_mode == "single"
    assert chinese.deck.language == ZH
    assert bi.loaded.playlist.slides[2].heading == "On the road to carbon neutrality"  # type: ignore[union-attr]


def test_a_deck_of_one_language_looks_as_before(editor: EditorWindow) -> None:
    editor.select(0)
    assert editor.slide_form is not None
    title = editor.slide_form.editor("title")
    assert list(title.inputs) == ["en"]
    assert not title.chips
    assert not editor.preview.language.isVisible()


def test_the_single_language_is_picked_from_the_deck_languages(bi: EditorWindow) -> None:
    bi.tabs.setCurrentIndex(1)
    deck = bi.section_forms[0]
    language = deck.editor("language")
    combo = language.combo
    assert [combo.itemData(i) for i in range(combo.count())] == [None, "en", ZH]
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert bi.doc.get(("deck", "language")) == ZH
    languages = deck.editor("languages")
    languages.list.setCurrentRow(1)
    languages.remove_button.click()  # the language it named goes: back to the first one
    assert "language" not in bi.doc.data["deck"]
    assert bi.loaded is not None, bi.problems
