"""The editor's document and undo steps, without any widget."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
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
    backup_dir,
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


def test_save_keeps_a_timestamped_backup_and_new_content(doc: PlaylistDocument, path: Path) -> None:
    before = path.read_bytes()
    doc.set(("deck", "title"), "Saved")
    saved = doc.save(now=lambda: datetime(2026, 12, 1, 20, 15, 0))
    assert saved.written
    assert saved.backup == path.parent / "deck.json.backups" / "deck_2026-12-01_20-15-00.json"
    assert saved.backup.read_bytes() == before
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
    assert not backup_dir(path).exists()


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
        ["deck.json", "deck.json.backups"],
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


# --- saves that keep what is on disk (issue 11, issue 14) -------------------------------


def _clock(*stamps: int) -> Any:
    it = iter(stamps)
    return lambda: datetime(2026, 12, 1, 20, 0, next(it))


def test_saving_without_a_change_writes_nothing(doc: PlaylistDocument, path: Path) -> None:
    inode = path.stat().st_ino
    for _ in range(3):
        assert not doc.save().written
    assert path.stat().st_ino == inode
    assert not backup_dir(path).exists()


def test_a_few_timestamped_backups_are_kept(doc: PlaylistDocument, path: Path) -> None:
    versions = [path.read_text()]
    clock = _clock(*range(8))
    for n in range(8):
        doc.set(("deck", "title"), f"Version {n}")
        doc.save(now=clock)
        versions.append(path.read_text())
    kept = sorted(backup_dir(path).iterdir())
    assert len(kept) == document_module.KEEP_BACKUPS
    assert [p.read_text() for p in kept] == versions[-6:-1]  # the newest five before now


def test_a_symlinked_playlist_stays_a_link_and_its_target_changes(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "deck.json"
    target.write_text(json.dumps(DECK, indent=2))
    link = tmp_path / "deck.json"
    link.symlink_to(target)
    doc = PlaylistDocument.open(link)
    doc.set(("deck", "title"), "Through the link")
    doc.save()
    assert link.is_symlink()
    assert json.loads(target.read_text())["deck"]["title"] == "Through the link"
    assert [p.name for p in real.iterdir() if p.name.endswith(".tmp")] == []


def test_a_symlinked_backup_is_replaced_never_written_through(
    doc: PlaylistDocument, path: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder = backup_dir(path)
    folder.mkdir()
    (folder / "deck_2026-12-01_20-00-00.json").symlink_to(victim)
    doc.set(("deck", "title"), "x")
    saved = doc.save(now=_clock(0))
    assert victim.read_text() == "precious"
    assert saved.backup is not None
    assert not saved.backup.is_symlink()


def test_a_symlinked_backups_folder_is_refused(
    doc: PlaylistDocument, path: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    backup_dir(path).symlink_to(elsewhere)
    before = path.read_bytes()
    doc.set(("deck", "title"), "x")
    with pytest.raises(SaveError, match="is a link"):
        doc.save()
    assert path.read_bytes() == before
    assert list(elsewhere.iterdir()) == []


def test_a_read_only_playlist_is_refused_in_one_line(doc: PlaylistDocument, path: Path) -> None:
    path.chmod(0o444)
    doc.set(("deck", "title"), "x")
    with pytest.raises(SaveError) as info:
        doc.save()
    assert str(info.value) == "deck.json is read-only: not saved (make it writable, or use Save As)"
    assert json.loads(path.read_text())["deck"]["title"] == "Test"


def test_a_duplicate_key_is_reported_when_opening(tmp_path: Path) -> None:
    bad = tmp_path / "dup.json"
    bad.write_text('{\n  "deck": {"title": "A", "title": "B"},\n  "slides": []\n}\n')
    with pytest.raises(OpenError) as info:
        PlaylistDocument.open(bad)
    assert "dup.json:2:" in str(info.value)
    assert "'title' is written twice" in str(info.value)


def test_a_huge_number_does_not_quote_python(tmp_path: Path) -> None:
    bad = tmp_path / "big.json"
    bad.write_text('{"deck": {"title": "A"}, "n": ' + "9" * 5000 + "}")
    with pytest.raises(OpenError) as info:
        PlaylistDocument.open(bad)
    assert "sys." not in str(info.value)
    assert "more than 30 digits" in str(info.value)


def test_a_change_on_disk_is_noticed_and_not_overwritten(doc: PlaylistDocument, path: Path) -> None:
    assert not doc.changed_on_disk()
    outside = json.loads(path.read_text())
    outside["deck"]["title"] = "From a text editor"
    path.write_text(json.dumps(outside, indent=2))
    assert doc.changed_on_disk()
    doc.set(("slides", 0, "title"), "Mine")
    with pytest.raises(document_module.DiskChanged):
        doc.save()
    assert json.loads(path.read_text())["deck"]["title"] == "From a text editor"
    doc.save(overwrite=True)  # "keep mine"
    assert json.loads(path.read_text())["slides"][0]["title"] == "Mine"
    assert not doc.changed_on_disk()


def test_save_as_from_the_bundled_deck_takes_its_files_along(tmp_path: Path) -> None:
    from kiosk.resources import bundled_playlist

    doc = PlaylistDocument.from_template(bundled_playlist())
    target = tmp_path / "lobby" / "deck.json"
    target.parent.mkdir()
    doc.save_as(target)
    loaded = load_playlist(target)
    images = [s.image for s in loaded.playlist.slides if getattr(s, "image", None)]
    assert images
    for rel in images:
        assert not rel.startswith("..")
        assert (target.parent / rel).resolve().is_relative_to(target.parent)
    assert loaded.playlist.theme.fonts
    assert all((target.parent / f).is_file() for f in loaded.playlist.theme.fonts)


def test_a_new_image_slide_in_an_untitled_deck_is_taken_along_on_save_as(
    tmp_path: Path,
) -> None:
    doc = PlaylistDocument(blank_playlist(), base_dir=tmp_path / "nowhere")
    doc.insert_slide(1, new_slide("image", doc))
    target = tmp_path / "deck" / "deck.json"
    target.parent.mkdir()
    doc.save_as(target)
    assert doc.slides[1]["image"] == "assets/logo.svg"
    assert (target.parent / "assets" / "logo.svg").is_file()
