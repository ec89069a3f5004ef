"""Undo steps: thin QUndoCommands around the document's operations.

Every change the editor makes goes through one of these, pushed on the window's QUndoStack,
so Ctrl+Z / Ctrl+Shift+Z undo and redo field edits, adds, deletes, duplicates, moves and
enable/disable alike. Typing into one field makes one undo step (consecutive edits of the
same field merge).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from PySide6.QtGui import QUndoCommand

from kiosk.core.jsonpos import JsonPath
from kiosk.editor.document import MISSING, PlaylistDocument
from kiosk.editor.wording import describe_path

__all__ = [
    "EditValue",
    "InsertSlide",
    "MoveSlide",
    "ReloadDocument",
    "RemoveSlide",
    "duplicate",
    "set_enabled",
]

_EDIT_ID = 1


class EditValue(QUndoCommand):
    """Set one value (MISSING removes the key)."""

    def __init__(self, doc: PlaylistDocument, path: JsonPath, value: Any, text: str = "") -> None:
        super().__init__(text or f"Edit {describe_path(doc.data, path)}")
        self.doc = doc
        self.path = path
        self.value = copy.deepcopy(value)
        self._undo: tuple[JsonPath, Any, int] | None = None
        self._sealed = False

    def id(self) -> int:
        return _EDIT_ID

    def redo(self) -> None:
        self._undo = self.doc.set(self.path, copy.deepcopy(self.value))

    def undo(self) -> None:
        assert self._undo is not None
        path, old, pos = self._undo
        self.doc.restore(path, old, pos)

    def seal(self) -> None:
        """Stop later edits from merging into this one (the field lost focus)."""
        self._sealed = True

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditValue) or other.path != self.path or self._sealed:
            return False
        if other._undo is not None and other._undo[0] != other.path:
            return False  # it created parent objects: keep it a separate step
        self.value = other.value
        undo = self._undo
        if undo is not None and undo[0] == self.path and _equal(undo[1], self.value):
            self.setObsolete(True)  # back to where it started: drop the step
        return True


def _equal(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return json.dumps(a) == json.dumps(b)


def set_enabled(doc: PlaylistDocument, index: int, enabled: bool) -> EditValue:
    """Enable or disable a slide; `enabled: true` is the default, so it removes the key."""
    return EditValue(
        doc,
        ("slides", index, "enabled"),
        MISSING if enabled else False,
        f"{'Enable' if enabled else 'Disable'} slide {index + 1}",
    )


class InsertSlide(QUndoCommand):
    """Add a new slide, or a copy of one (duplicate)."""

    def __init__(self, doc: PlaylistDocument, index: int, slide: dict[str, Any], text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.index = index
        self.slide = copy.deepcopy(slide)

    def redo(self) -> None:
        self.doc.insert_slide(self.index, copy.deepcopy(self.slide))

    def undo(self) -> None:
        self.doc.remove_slide(self.index)


class RemoveSlide(QUndoCommand):
    def __init__(self, doc: PlaylistDocument, index: int) -> None:
        super().__init__(f"Delete slide {index + 1}")
        self.doc = doc
        self.index = index
        self.slide: dict[str, Any] | None = None

    def redo(self) -> None:
        self.slide = self.doc.remove_slide(self.index)

    def undo(self) -> None:
        assert self.slide is not None
        self.doc.insert_slide(self.index, self.slide)


class MoveSlide(QUndoCommand):
    """Move slide `src` so that it ends up at index `dst`."""

    def __init__(self, doc: PlaylistDocument, src: int, dst: int) -> None:
        super().__init__(f"Move slide {src + 1} to {dst + 1}")
        self.doc = doc
        self.src = src
        self.dst = dst

    def redo(self) -> None:
        self.doc.move_slide(self.src, self.dst)

    def undo(self) -> None:
        self.doc.move_slide(self.dst, self.src)


class ReloadDocument(QUndoCommand):
    """Take the file's content from disk (someone else changed it); undo brings ours back."""

    def __init__(self, doc: PlaylistDocument, data: dict[str, Any]) -> None:
        super().__init__("Reload from disk")
        self.doc = doc
        self.data = data
        self.other: dict[str, Any] | None = None

    def redo(self) -> None:
        self.other = self.doc.replace_data(copy.deepcopy(self.data))

    def undo(self) -> None:
        assert self.other is not None
        self.doc.replace_data(self.other)


def duplicate(doc: PlaylistDocument, row: int) -> InsertSlide:
    """A copy of slide `row` after it; its id (which names it for hot reload) gets '-copy'."""
    slide = copy.deepcopy(doc.slides[row])
    if isinstance(slide, dict) and isinstance(slide.get("id"), str):
        slide["id"] = slide["id"][:59] + "-copy"
    return InsertSlide(doc, row + 1, slide, f"Duplicate slide {row + 1}")
