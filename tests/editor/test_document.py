"""The editor's document and undo steps, without any widget."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack

from kiosk.core.loader import LoadedPlaylist, load_playlist
from kiosk.core.model import SLIDE_TYPES
from kiosk.editor import document as document_module
from kiosk.editor.commands import EditValue, InsertSlide, MoveSlide, RemoveSlide, set_enabled
from kiosk.editor.document import (
    MISSING,
    OpenError,
    PlaylistDocument,
    SaveError,
    SaveRefused,
    detect_indent,
    parse_path,
)
from kiosk.editor.templates import blank_playlist, new_slide
from kiosk.ui.watcher import PlaylistWatcher

DECK: dict[str, Any] = {
    "$schema": "playlist.schema.json",
    "_comment": "kept as is — ünïcode too",
    "deck": {"title": "Test", "_note": "meta inside"},
    "slides": [
        {"type": "title", "title": "One"},
        {"type": "bullets", "heading": "Two", "points": ["a", "b"]},
        {"type": "metric", "value": 3, "label": "Three"},
    ],
}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    p = tmp_path / "deck.json"
    p.write_text(json.dumps(DECK, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return p


@pytest.fixture
def doc(path: Path) -> PlaylistDocument:
    return PlaylistDocument.open(path)


def titles(doc: PlaylistDocument) -> list[str]:
    return [s.get("title") or s.get("heading") or s.get("label") for s in doc.slides]


def test_load_then_save_without_edits_is_byte_identical(path: Path) -> None:
    before = path.read_bytes()
    PlaylistDocument.open(path).save()
    assert path.read_bytes() == before


def test_unusual_layout_is_kept_when_nothing_changed(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    text = '{"deck": {"title": "T"},\n    "slides": [{"type": "title", "title": "x"}]}'
    path.write_text(text)
    doc = PlaylistDocument.open(path)
    assert doc.indent == 4
    doc.save()
    assert path.read_text() == text
    doc.set(("deck", "title"), "U")
    doc.save()
    assert path.read_text() == json.dumps(doc.data, indent=4) + "\n"


def test_detect_indent() -> None:
    assert detect_indent('{\n    "a": 1\n}') == 4
    assert detect_indent('{\n\t"a": 1\n}') == "\t"
    assert detect_indent('{"a": 1}') == 2


def test_edit_keeps_key_order_and_meta_keys(doc: PlaylistDocument) -> None:
    stack = QUndoStack()
    stack.push(EditValue(doc, ("deck", "title"), "Renamed"))
    stack.push(EditValue(doc, ("slides", 0, "subtitle"), "Sub"))
    text = doc.serialize()
    assert list(json.loads(text)) == ["$schema", "_comment", "deck", "slides"]
    assert json.loads(text)["deck"] == {"title": "Renamed", "_note": "meta inside"}
    assert "— ünïcode" in text
    assert text.endswith("}\n")
    stack.undo()
    stack.undo()
    assert doc.serialize() == json.dumps(DECK, indent=2, ensure_ascii=False) + "\n"


def test_typing_in_one_field_is_one_undo_step(doc: PlaylistDocument) -> None:
    stack = QUndoStack()
    for text in ("N", "Ne", "New"):
        stack.push(EditValue(doc, ("slides", 0, "title"), text))
    assert stack.count() == 1
    stack.undo()
    assert doc.get(("slides", 0, "title")) == "One"
    stack.redo()
    assert doc.get(("slides", 0, "title")) == "New"


def test_removing_a_key_and_undo_puts_it_back_in_place(doc: PlaylistDocument) -> None:
    stack = QUndoStack()
    stack.push(EditValue(doc, ("slides", 1, "heading"), MISSING))
    assert "heading" not in doc.slides[1]
    stack.undo()
    assert list(doc.slides[1]) == ["type", "heading", "points"]


def test_creating_a_nested_object_and_undo_removes_it(doc: PlaylistDocument) -> None:
    stack = QUndoStack()
    stack.push(EditValue(doc, ("theme", "colors", "accent"), "#FF0000"))
    assert doc.data["theme"] == {"colors": {"accent": "#FF0000"}}
    stack.undo()
    assert "theme" not in doc.data


def test_add_duplicate_delete_reorder_with_undo_redo(doc: PlaylistDocument) -> None:
    stack = QUndoStack()
    stack.push(InsertSlide(doc, 3, new_slide("quote", doc), "Add"))
    assert doc.slides[3]["type"] == "quote"
    stack.push(InsertSlide(doc, 1, doc.slides[0], "Duplicate"))
    assert titles(doc)[:2] == ["One", "One"]
    stack.push(RemoveSlide(doc, 0))
    stack.push(MoveSlide(doc, 2, 0))
    assert titles(doc) == ["Three", "One", "Two", None]
    for _ in range(4):
        stack.undo()
    assert titles(doc) == ["One", "Two", "Three"]
    for _ in range(4):
        stack.redo()
    assert titles(doc) == ["Three", "One", "Two", None]
    doc.slides[1]["title"] = "changed"  # the duplicate is a copy, not the same object
    assert doc.slides[0]["label"] == "Three"


def test_enable_toggle(doc: PlaylistDocument) -> None:
    stack = QUndoStack()
    stack.push(set_enabled(doc, 1, False))
    assert doc.slides[1]["enabled"] is False
    loaded = doc.validate()
    assert isinstance(loaded, LoadedPlaylist)
    assert len(loaded.playlist.active_slides()) == 2
    stack.push(set_enabled(doc, 1, True))
    assert "enabled" not in doc.slides[1]
    stack.undo()
    stack.undo()
    assert not doc.is_modified()


@pytest.mark.parametrize("kind", SLIDE_TYPES)
def test_every_new_slide_is_valid(kind: str, doc: PlaylistDocument) -> None:
    doc.insert_slide(0, new_slide(kind, doc))
    assert isinstance(doc.validate(), LoadedPlaylist)


def test_blank_and_bundled_templates_are_valid(tmp_path: Path, bundled_playlist: Path) -> None:
    blank = PlaylistDocument(blank_playlist(), base_dir=tmp_path)
    assert isinstance(blank.validate(), LoadedPlaylist)
    bundled = PlaylistDocument.from_template(bundled_playlist)
    assert bundled.path is None
    assert isinstance(bundled.validate(), LoadedPlaylist)


def test_save_as_elsewhere_rewrites_relative_paths(tmp_path: Path) -> None:
    src = tmp_path / "a"
    (src / "img").mkdir(parents=True)
    shutil.copy(Path(__file__).parents[2] / "assets" / "logo.svg", src / "img" / "logo.svg")
    (src / "p.json").write_text(
        json.dumps({"deck": {"title": "T"}, "slides": [{"type": "image", "image": "img/logo.svg"}]})
    )
    doc = PlaylistDocument.open(src / "p.json")
    target = tmp_path / "b" / "c" / "p.json"
    target.parent.mkdir(parents=True)
    assert doc.rebase(target.parent)
    doc.save(target)
    assert doc.slides[0]["image"] == "../../a/img/logo.svg"
    assert load_playlist(target).playlist.slides[0].image == "../../a/img/logo.svg"  # type: ignore[union-attr]


def test_save_writes_bak_and_new_content(doc: PlaylistDocument, path: Path) -> None:
    before = path.read_bytes()
    doc.set(("deck", "title"), "Saved")
    doc.save()
    assert path.with_name("deck.json.bak").read_bytes() == before
    assert json.loads(path.read_text())["deck"]["title"] == "Saved"
    assert not doc.is_modified()
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_invalid_document_is_not_saved(doc: PlaylistDocument, path: Path) -> None:
    before = path.read_bytes()
    doc.set(("slides", 0, "duration"), -5)
    with pytest.raises(SaveRefused) as info:
        doc.save()
    assert [f"{p.path}: {p.message}" for p in info.value.problems] == [
        "slides[0].duration: must be greater than 0 (got -5)"
    ]
    assert path.read_bytes() == before
    assert not path.with_name("deck.json.bak").exists()


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_a_save_failing_midway_leaves_the_old_file(
    doc: PlaylistDocument, path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    before = path.read_bytes()

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(document_module.os, where, disk_full)
    doc.set(("deck", "title"), "Never written")
    with pytest.raises(SaveError, match="No space left on device"):
        doc.save()
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) in (
        ["deck.json"],
        ["deck.json", "deck.json.bak"],
    )
    assert doc.is_modified()  # still unsaved: the user can try again


def test_open_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"deck": ')
    with pytest.raises(OpenError, match=r"bad.json:1:10: not valid JSON"):
        PlaylistDocument.open(bad)
    with pytest.raises(OpenError, match="file not found"):
        PlaylistDocument.open(tmp_path / "missing.json")


def test_parse_path_inverts_the_loader_paths() -> None:
    assert parse_path("slides[3].show.from") == ("slides", 3, "show", "from")
    assert parse_path('theme.colors["odd key"]') == ("theme", "colors", "odd key")
    assert parse_path("") == ()


def test_a_running_display_picks_up_the_editors_save(
    qtbot: Any, doc: PlaylistDocument, path: Path
) -> None:
    watcher = PlaylistWatcher(path, debounce_ms=100, poll_ms=500)
    try:
        doc.set(("slides", 0, "title"), "From the editor")
        inode = os.stat(path).st_ino
        with qtbot.waitSignal(watcher.reloaded, timeout=3000) as blocker:
            doc.save()
        assert os.stat(path).st_ino != inode  # it really was a rename over the file
        assert blocker.args[0].playlist.slides[0].title == "From the editor"
    finally:
        watcher.stop()
