"""The editor window, driven like a user: list, form fields, undo, save."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QColorDialog, QMessageBox

from kiosk.core.loader import load_playlist
from kiosk.editor import browse
from kiosk.editor import document as document_module
from kiosk.editor.document import PlaylistDocument, backup_dir
from kiosk.editor.fields import ColorEditor, LinesEditor, NumberEditor, PathEditor, TextEditor
from kiosk.editor.langfields import LocalLinesEditor, LocalTextEditor
from kiosk.editor.slidelist import MIME
from kiosk.editor.window import EditorWindow

REPO = Path(__file__).resolve().parents[2]
DECK: dict[str, Any] = {
    "$schema": "playlist.schema.json",
    "deck": {"title": "Test"},
    "slides": [
        {"type": "title", "title": "One"},
        {"type": "bullets", "heading": "Two", "points": ["a", "b"]},
        {"type": "metric", "value": 3, "label": "Three"},
    ],
}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    p = tmp_path / "deck.json"
    p.write_text(json.dumps(DECK, indent=2) + "\n")
    shutil.copy(REPO / "assets" / "logo.svg", tmp_path / "logo.svg")
    return p


@pytest.fixture
def window(qtbot: Any, path: Path, monkeypatch: pytest.MonkeyPatch) -> EditorWindow:
    # closing with unsaved changes asks; at the end of a test the answer is "discard"
    discard = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: discard)
    w = EditorWindow(PlaylistDocument.open(path))
    qtbot.addWidget(w)
    # not shown (the offscreen platform warns on show): ask for the pictures like the view does
    for row in range(w.model.rowCount()):
        w.model.index(row).data(Qt.ItemDataRole.DecorationRole)
    qtbot.waitUntil(lambda: w.thumbs.renders == 3 and not w.thumbs.pending())
    return w


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record message boxes instead of showing them."""
    shown: list[str] = []

    def record(_parent: object, title: str, text: str, *_: object) -> QMessageBox.StandardButton:
        shown.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "critical", record)
    return shown


def rows(w: EditorWindow) -> list[str]:
    return [w.model.index(r).data().split("\n")[1] for r in range(w.model.rowCount())]


def test_typing_a_title_edits_the_slide_redraws_only_it_and_undoes(
    qtbot: Any, window: EditorWindow
) -> None:
    window.select(0)
    editor = window.slide_form.editor("title")  # type: ignore[union-attr]
    assert isinstance(editor, TextEditor | LocalTextEditor)
    editor.edit.selectAll()
    QTest.keyClicks(editor.edit, "Welcome")
    assert window.doc.slides[0]["title"] == "Welcome"
    assert rows(window)[0] == "Welcome"
    window.model.index(0).data(Qt.ItemDataRole.DecorationRole)  # the list asks for it
    qtbot.waitUntil(lambda: window.thumbs.renders == 4)
    assert not window.thumbs.pending()  # the other two came from the cache
    window.stack.undo()  # the whole word is one step
    assert window.doc.slides[0]["title"] == "One"
    assert editor.edit.text() == "One"
    window.stack.redo()
    assert editor.edit.text() == "Welcome"


def test_add_duplicate_delete_and_reorder(qtbot: Any, window: EditorWindow) -> None:
    window.select(0)
    window.add_slide("quote")
    assert window.current_row() == 1
    assert window.doc.slides[1]["type"] == "quote"
    assert window.slide_form.editor("speaker")  # type: ignore[union-attr]
    window.duplicate_slide()
    assert rows(window) == ["One", "A memorable sentence.", "A memorable sentence.", "Two", "Three"]
    window.delete_slide()  # the copy (selected after duplicating)
    assert rows(window)[2] == "Two"
    assert window.current_row() == 2
    window.select(1)
    window.delete_slide()
    assert rows(window) == ["One", "Two", "Three"]
    # drag row 0 below row 2 (what the list view does on a drop)
    data = QMimeData()
    data.setData(MIME, b"0")
    assert window.model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    qtbot.waitUntil(lambda: rows(window) == ["Two", "Three", "One"])
    assert window.current_row() == 2
    window.move_slide(-1)
    assert rows(window) == ["Two", "One", "Three"]
    for _ in range(6):
        window.stack.undo()
    assert rows(window) == ["One", "Two", "Three"]
    assert window.stack.isClean()


def test_untick_disables_the_slide(window: EditorWindow) -> None:
    index = window.model.index(1)
    window.model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert window.doc.slides[1]["enabled"] is False
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert "(off)" in index.data()
    window.stack.undo()
    assert "enabled" not in window.doc.slides[1]


def test_a_bad_value_shows_under_its_field_and_save_is_refused(
    window: EditorWindow, path: Path, dialogs: list[str]
) -> None:
    before = path.read_bytes()
    window.select(1)
    points = window.slide_form.editor("points")  # type: ignore[union-attr]
    assert isinstance(points, LinesEditor | LocalLinesEditor)
    points.edit.setPlainText("only one point")
    assert window.doc.slides[1]["points"] == ["only one point"]
    assert points.error.isVisibleTo(window)
    assert points.error.text() == "must have at least 2 items (got 1)"
    assert window.problem_list.count() == 1
    assert window.model.index(1).data().startswith("⚠")
    assert not window.save()
    assert dialogs == [
        "Not saved: The playlist has 1 problem(s) and was not saved:\n\n"
        "slide 2 (bullets) › Points: must have at least 2 items (got 1)"
    ]
    assert path.read_bytes() == before
    points.edit.setPlainText("one\ntwo\nthree")
    assert not points.error.isVisibleTo(window)
    assert window.save()
    assert load_playlist(path).playlist.slides[1].points == ["one", "two", "three"]  # type: ignore[union-attr]
    (backup,) = backup_dir(path).iterdir()
    assert backup.read_bytes() == before


def test_optional_number_uses_the_bounds_and_can_be_unset(window: EditorWindow) -> None:
    window.select(0)
    duration = window.slide_form.editor("duration")  # type: ignore[union-attr]
    assert isinstance(duration, NumberEditor)
    assert duration.spin.maximum() == 86400
    assert duration.spin.minimum() > 0
    assert duration.check is not None
    assert duration.check.text() == "Use default"
    assert duration.spin.suffix() == " s"
    duration.check.setChecked(False)
    duration.spin.setValue(12.5)
    assert window.doc.slides[0]["duration"] == 12.5
    assert duration.spin.text() == "12.5 s"
    duration.spin.setValue(10)
    assert duration.spin.text() == "10 s"  # not 10.000
    duration.check.setChecked(True)
    assert "duration" not in window.doc.slides[0]


def test_save_failing_midway_keeps_the_old_file_and_says_so(
    window: EditorWindow, path: Path, dialogs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = path.read_bytes()

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    window.add_slide("title")
    monkeypatch.setattr(document_module.os, "replace", full)
    assert not window.save()
    assert len(dialogs) == 1
    assert "No space left on device" in dialogs[0]
    assert "unchanged" in dialogs[0]
    assert path.read_bytes() == before
    assert not window.stack.isClean()


def test_file_picker_stores_a_relative_path(
    window: EditorWindow, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picked = path.parent / "logo.svg"
    asked: list[tuple[str, Path]] = []

    def ask(_parent: object, kind: str, start: Path) -> Path:
        asked.append((kind, start))
        return picked

    monkeypatch.setattr(browse, "ask_for_file", ask)
    window.select(0)
    logo = window.slide_form.editor("logo")  # type: ignore[union-attr]
    assert isinstance(logo, PathEditor)
    logo.browse.click()
    assert window.doc.slides[0]["logo"] == "logo.svg"
    assert window.problems == []
    assert asked == [("image", path.parent)]  # pictures only, in the deck's folder


def test_colour_swatch_sets_the_theme_colour(
    window: EditorWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QColorDialog, "getColor", lambda *_a, **_k: QColor("#336699"))
    theme_form = window.section_forms[1]
    accent = theme_form.editor("colors", "accent")
    assert isinstance(accent, ColorEditor)
    accent.swatch.click()
    assert window.doc.data["theme"] == {"colors": {"accent": "#336699"}}
    window.stack.undo()
    assert "theme" not in window.doc.data


def test_new_from_bundled_then_save_as_elsewhere_is_a_valid_playlist(
    window: EditorWindow, tmp_path: Path
) -> None:
    window.new_from_bundled()
    assert window.doc.path is None
    assert window.problems == []
    target = tmp_path / "mine" / "deck.json"
    target.parent.mkdir()
    assert window.save_as(target)
    assert window.windowTitle().startswith("deck.json")
    assert len(load_playlist(target).playlist.slides) == len(window.doc.slides)


def test_open_reports_a_broken_file(
    window: EditorWindow, tmp_path: Path, dialogs: list[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2")
    window.open_file(broken)
    assert len(dialogs) == 1
    assert "not valid JSON" in dialogs[0]
    assert window.doc.path is not None
    assert window.doc.path.name == "deck.json"
