"""Issue 14, "Loses work": each case driven through the real widgets of a shown window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk.editor.commands import InsertSlide
from kiosk.editor.document import backup_dir
from kiosk.editor.fields import LinesEditor
from kiosk.editor.langfields import LocalLinesEditor
from kiosk.editor.slidelist import MIME
from kiosk.editor.tablefield import TableEditor
from kiosk.editor.window import EditorWindow

from .conftest import row_titles


def test_typing_a_space_and_enter_in_a_list_field_keeps_the_cursor(
    editor: EditorWindow,
) -> None:
    editor.select(1)
    points = editor.slide_form.editor("points")  # type: ignore[union-attr]
    assert isinstance(points, LinesEditor | LocalLinesEditor)
    points.edit.setFocus()
    points.edit.moveCursor(points.edit.textCursor().MoveOperation.End)
    QTest.keyClicks(points.edit, " and more")
    QTest.keyClick(points.edit, Qt.Key.Key_Return)
    QTest.keyClicks(points.edit, "a third point ")
    QTest.keyClick(points.edit, Qt.Key.Key_Return)
    QTest.keyClicks(points.edit, "fourth")
    assert points.edit.toPlainText() == "a\nb and more\na third point \nfourth"
    assert editor.doc.slides[1]["points"] == ["a", "b and more", "a third point", "fourth"]


def test_a_change_on_disk_is_shown_and_reload_keeps_undo(
    qtbot: Any, editor: EditorWindow, deck_path: Path
) -> None:
    editor.select(0)
    title = editor.slide_form.editor("title")  # type: ignore[union-attr]
    title.edit.selectAll()  # type: ignore[attr-defined]
    QTest.keyClicks(title.edit, "Mine")  # type: ignore[attr-defined]
    outside = json.loads(deck_path.read_text())
    outside["slides"][2]["label"] = "Changed in a text editor"
    tmp = deck_path.with_name("other.tmp")
    tmp.write_text(json.dumps(outside, indent=2))
    tmp.replace(deck_path)  # as editors that save by rename do
    qtbot.waitUntil(editor.banner.isVisible, timeout=5000)
    assert "deck.json was changed outside the editor" in editor.banner.text.text()
    assert "unsaved changes" in editor.banner.text.text()
    editor.banner.reload.click()
    assert editor.doc.slides[2]["label"] == "Changed in a text editor"
    assert editor.doc.slides[0]["title"] == "One"
    assert not editor.isWindowModified()
    editor.stack.undo()  # my version is one undo away
    assert editor.doc.slides[0]["title"] == "Mine"
    assert editor.isWindowModified()


def test_keep_mine_then_save_replaces_the_outside_change_and_backs_it_up(
    qtbot: Any, editor: EditorWindow, deck_path: Path
) -> None:
    editor.select(0)
    outside = json.loads(deck_path.read_text())
    outside["deck"]["title"] = "Outside"
    deck_path.write_text(json.dumps(outside))
    qtbot.waitUntil(editor.banner.isVisible, timeout=5000)
    editor.banner.keep.click()
    assert editor.isWindowModified()
    assert editor.save()
    assert json.loads(deck_path.read_text())["deck"]["title"] == "Test"
    (backup,) = backup_dir(deck_path).iterdir()
    assert json.loads(backup.read_text())["deck"]["title"] == "Outside"


def test_a_save_after_an_unnoticed_outside_change_asks_first(
    editor: EditorWindow, deck_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def cancel(_p: object, title: str, *_a: object, **_k: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    editor.add_slide("quote")
    deck_path.write_text(deck_path.read_text().replace('"One"', '"Outside"'))
    assert not editor.save()  # before the watcher noticed
    assert asked == ["Changed on disk"]
    assert '"Outside"' in deck_path.read_text()


def test_an_unapplied_field_is_unsaved_and_blocks_saving(
    editor: EditorWindow, deck_path: Path, shown: list[str]
) -> None:
    editor.add_slide("chart")
    assert editor.save()
    assert not editor.isWindowModified()
    values = editor.slide_form.editor("values")  # type: ignore[union-attr]
    assert isinstance(values, TableEditor)
    cell = values.table.item(0, 1)
    assert cell is not None
    cell.setText("12,5x")  # as the item delegate does when typing is committed
    assert editor.isWindowModified()
    assert "not a number" in values.error.text()
    before = deck_path.read_bytes()
    assert not editor.save()
    assert shown == [
        "Not saved: Some fields are not finished, so nothing was saved:\n\n"
        "slide 2 (chart) › Values: not applied yet: row 1, Number: '12,5x' is not a number"
    ]
    assert deck_path.read_bytes() == before
    cell.setText("12,5")  # a comma is a decimal point to many people
    assert not editor.unapplied()
    assert editor.doc.slides[1]["values"][0]["value"] == 12.5
    assert editor.save()


def test_ctrl_s_twice_without_changes_keeps_the_file_and_the_backups(
    qtbot: Any, editor: EditorWindow, deck_path: Path
) -> None:
    editor.add_slide("title")
    editor.activateWindow()
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(list(backup_dir(deck_path).iterdir())) == 1
    inode = deck_path.stat().st_ino
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert deck_path.stat().st_ino == inode
    assert len(list(backup_dir(deck_path).iterdir())) == 1
    assert "No changes" in editor.statusBar().currentMessage()


def _send(widget: Any, event: Any) -> None:
    QApplication.sendEvent(widget, event)


def test_a_drop_in_the_gap_between_rows_lands_there(qtbot: Any, editor: EditorWindow) -> None:
    view = editor.list
    first, second = (view.visualRect(editor.model.index(r)) for r in (0, 1))
    gap = QPoint(first.center().x(), (first.bottom() + second.top()) // 2 + 1)
    assert not view.indexAt(gap).isValid()  # really the gap, not a row
    data = QMimeData()
    data.setData(MIME, b"2")
    move, buttons, mods = (
        Qt.DropAction.MoveAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier(0),
    )
    _send(view.viewport(), QDragEnterEvent(gap, move, data, buttons, mods))
    _send(view.viewport(), QDragMoveEvent(gap, move, data, buttons, mods))
    assert view.drop_row == 1
    line = view.drop_line_y()
    assert line is not None
    assert first.bottom() <= line <= second.top()  # the line is drawn in the gap
    _send(view.viewport(), QDropEvent(QPointF(gap), move, data, buttons, mods))
    qtbot.waitUntil(lambda: row_titles(editor) == ["One", "Three", "Two"])
    assert editor.current_row() == 1
    editor.stack.undo()
    assert row_titles(editor) == ["One", "Two", "Three"]


def test_a_new_playlist_in_a_folder_that_does_not_exist_yet_opens_quietly(
    qtbot: Any, tmp_path: Path
) -> None:
    from kiosk.editor.app import open_document

    w = EditorWindow(open_document(tmp_path / "not-yet" / "deck.json"))
    qtbot.addWidget(w)
    assert w.windowTitle().startswith("deck.json")
    assert not w.banner.isVisible()


def test_a_read_only_playlist_says_so_in_one_line(
    editor: EditorWindow, deck_path: Path, shown: list[str]
) -> None:
    deck_path.chmod(0o444)
    editor.add_slide("title")
    assert not editor.save()
    assert shown == [
        "Not saved: deck.json is read-only: not saved (make it writable, or use Save As)"
        "\n\nThe file on disk is unchanged."
    ]
    assert editor.isWindowModified()


def test_opening_a_file_with_a_key_written_twice_says_where(
    editor: EditorWindow, tmp_path: Path, shown: list[str]
) -> None:
    twice = tmp_path / "twice.json"
    twice.write_text(
        '{"deck": {"title": "A"},\n "slides": [{"type": "title", "title": "x", "title": "y"}]}'
    )
    editor.open_file(twice)
    assert len(shown) == 1
    assert "twice.json:2:" in shown[0]
    assert "'title' is written twice" in shown[0]
    assert editor.doc.path == editor.doc.path.with_name("deck.json")  # still the old one


def test_a_data_file_changed_elsewhere_redraws_the_preview(
    qtbot: Any, editor: EditorWindow, deck_path: Path
) -> None:
    csv = deck_path.parent / "d.csv"
    csv.write_text("year,n\n2020,5\n2021,7\n")
    chart_slide = {"type": "chart", "heading": "D", "data": "d.csv", "x": "year", "y": "n"}
    editor.push(InsertSlide(editor.doc, 3, chart_slide, "Add chart"))
    editor.select(3)
    first = editor.preview.renders
    qtbot.waitUntil(lambda: editor.preview.renders > first)  # the preview as it was
    renders = editor.preview.renders

    def series() -> object:
        loaded = editor.loaded
        return loaded.chart_data(loaded.playlist.slides[3]).series if loaded else None  # type: ignore[arg-type]

    assert series() == [("n", [5.0, 7.0])]
    csv.write_text("year,n\n2020,5\n2021,9\n2022,11\n")  # a spreadsheet saving it
    qtbot.waitUntil(lambda: series() == [("n", [5.0, 9.0, 11.0])], timeout=5000)
    qtbot.waitUntil(lambda: editor.preview.renders > renders)
