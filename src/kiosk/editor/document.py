"""The playlist being edited: its raw JSON is the source of truth (no Qt here).

The editor never round-trips through the pydantic model: it edits the parsed JSON object in
place (dicts keep their key order), so `$schema`, `_comment` and every key the user did not
touch come back exactly as they were. Saving a document that was not changed (or whose changes
were all undone) writes the original text byte for byte; a changed one is written with
`json.dumps(indent=<the original's indent>, ensure_ascii=False)` and a trailing newline.

Every operation returns what its inverse needs, so `commands.py` can wrap them in undo steps.
The raw JSON's vocabulary (MISSING, paths as text, the indent) is in `rawjson.py`; where
file paths point after Save As into another folder, in `relocate.py`; the disk, in `diskio.py`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.core.jsonpos import JsonPath
from kiosk.core.loader import LoadedPlaylist, PlaylistError, Problem, parse_playlist
from kiosk.editor.diskio import (
    KEEP_BACKUPS,
    OpenError,
    SaveError,
    backup_dir,
    parse_object,
    read_playlist_text,
    write_if_changed,
)
from kiosk.editor.rawjson import MISSING, detect_indent, dumps, parse_path
from kiosk.editor.relocate import moved_paths

__all__ = [
    "KEEP_BACKUPS",
    "MISSING",
    "Change",
    "DiskChanged",
    "OpenError",
    "PlaylistDocument",
    "SaveError",
    "SaveRefused",
    "Saved",
    "backup_dir",
    "detect_indent",
    "parse_path",
]


class DiskChanged(Exception):
    """The file was changed by someone else since it was opened or last saved."""


@dataclass(frozen=True)
class Saved:
    """What a save did: where, whether anything was written, and the backup it kept."""

    path: Path
    written: bool
    backup: Path | None = None


class SaveRefused(Exception):
    """The document is not a valid playlist, so it is not written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Change:
    """What an operation changed: one value ('value'), or the list of slides ('slides')."""

    kind: str
    path: JsonPath
    select: int | None = None  # the slide to select afterwards


class PlaylistDocument:
    """An editable playlist: raw JSON, where it lives, and how it was laid out."""

    def __init__(
        self, data: dict[str, Any], path: Path | None = None, *, base_dir: Path | None = None
    ) -> None:
        self.data = data
        self.path = path.absolute() if path is not None else None
        self.base_dir = self.path.parent if self.path is not None else (base_dir or Path.cwd())
        self.indent: int | str = 2
        self._original_text: str | None = None
        self._original_dump: str | None = None
        self._disk_text: str | None = None  # the file's text when opened or last saved
        self.listeners: list[Callable[[Change], None]] = []

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> PlaylistDocument:
        """Open a file that is JSON (it may still be an invalid playlist: that is shown).

        A key written twice in one object is refused with its line: JSON keeps only one of
        the two, and silently dropping what the user wrote is how work gets lost.
        """
        text = read_playlist_text(path)
        data = parse_object(path, text)
        doc = cls(data, path)
        doc._take_disk_text(text)
        return doc

    def _take_disk_text(self, text: str) -> None:
        self.indent = detect_indent(text)
        self._original_text = text
        self._original_dump = dumps(self.data)
        self._disk_text = text

    # --- the file on disk ---------------------------------------------------------------

    def changed_on_disk(self) -> bool:
        """True when the file now holds something else than what was opened or last saved."""
        if self.path is None or self._disk_text is None:
            return False
        try:
            return read_playlist_text(self.path) != self._disk_text
        except OpenError:
            return True  # deleted or unreadable: not what we had

    def read_disk(self) -> dict[str, Any]:
        """The playlist as it is on disk now (raises OpenError)."""
        assert self.path is not None
        return parse_object(self.path, read_playlist_text(self.path))

    def replace_data(self, data: dict[str, Any]) -> dict[str, Any]:
        """Put `data` in place of the whole playlist (reload from disk); returns the old."""
        old, self.data = self.data, data
        self._notify(Change("document", ()))
        return old

    def accept_disk(self) -> None:
        """The file as it is now is the version we know: a later save may replace it."""
        if self.path is None:
            return
        try:
            text = read_playlist_text(self.path)
        except OpenError:
            self._disk_text = None
            return
        self._disk_text = text
        if dumps(self.data) == dumps(parse_object(self.path, text)):
            self._original_text, self._original_dump = text, dumps(self.data)

    @classmethod
    def from_template(cls, template: Path) -> PlaylistDocument:
        """A new, untitled document with the content of `template` (paths resolve beside it)."""
        opened = cls.open(template)
        doc = cls(opened.data, None, base_dir=opened.base_dir)
        doc.indent = opened.indent
        return doc

    # --- reading ------------------------------------------------------------------------

    @property
    def slides(self) -> list[dict[str, Any]]:
        slides = self.data.get("slides")
        return slides if isinstance(slides, list) else []

    def get(self, path: JsonPath, default: Any = MISSING) -> Any:
        node: Any = self.data
        for part in path:
            in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
            in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
            if in_dict or in_list:
                node = node[part]
            else:
                return default
        return node

    def is_modified(self) -> bool:
        """True when saving would write something other than the file's original text."""
        return self._original_dump is None or dumps(self.data) != self._original_dump

    def virtual_path(self) -> Path:
        """Where the playlist is (or would be): relative paths resolve beside it."""
        return self.path or self.base_dir / "untitled.json"

    def serialize(self) -> str:
        if self._original_text is not None and not self.is_modified():
            return self._original_text
        return json.dumps(self.data, indent=self.indent, ensure_ascii=False) + "\n"

    def validate(self) -> LoadedPlaylist | list[Problem]:
        """The loaded deck, or every problem (the same check `kiosk validate` makes)."""
        try:
            return parse_playlist(self.serialize(), self.virtual_path())
        except PlaylistError as e:
            return e.problems

    def relative(self, file: Path | str) -> str:
        """`file` as a path relative to the playlist's folder, with forward slashes."""
        try:
            rel = os.path.relpath(Path(file).absolute(), self.base_dir.absolute())
        except ValueError:  # another drive on Windows
            return Path(file).absolute().as_posix()
        return Path(rel).as_posix()

    # --- editing (each returns what undoes it) ------------------------------------------

    def set(self, path: JsonPath, value: Any) -> tuple[JsonPath, Any, int]:
        """Set (or with MISSING delete) the value at `path`, creating missing parent objects.

        Returns (path, old value, old key position) for `restore`: the path is the highest
        object that had to be created, so undo removes it again.
        """
        node: Any = self.data
        for i, part in enumerate(path[:-1]):
            child = node[int(part)] if isinstance(node, list) else node.get(part, MISSING)
            if child is MISSING:
                if value is MISSING:
                    return path, MISSING, -1
                built: Any = value
                for key in reversed(path[i + 1 :]):
                    built = {key: built}
                node[part] = built
                self._notify(Change("value", path))
                return path[: i + 1], MISSING, -1
            node = child
        key = path[-1]
        if isinstance(node, list):
            assert isinstance(key, int)
            old, pos = node[key], key
            node[key] = value
        else:
            keys = list(node)
            old = node.get(key, MISSING)
            pos = keys.index(key) if key in node else -1
            if value is MISSING:
                node.pop(key, None)
            else:
                node[key] = value
        self._notify(Change("value", path))
        return path, old, pos

    def restore(self, path: JsonPath, value: Any, pos: int) -> None:
        """Undo `set`: put `value` back at `path`, at its old key position."""
        parent = self.get(path[:-1])
        key = path[-1]
        if isinstance(parent, list):
            assert isinstance(key, int)
            parent[key] = value
        elif value is MISSING:
            parent.pop(key, None)
        else:
            items = [(k, v) for k, v in parent.items() if k != key]
            items.insert(pos if pos >= 0 else len(items), (key, value))
            parent.clear()
            parent.update(items)
        self._notify(Change("value", path))

    def insert_slide(self, index: int, slide: dict[str, Any]) -> None:
        self._slides_list().insert(index, slide)
        self._notify(Change("slides", ("slides", index), select=index))

    def remove_slide(self, index: int) -> dict[str, Any]:
        slides = self._slides_list()
        slide = slides.pop(index)
        select = min(index, len(slides) - 1) if slides else None
        self._notify(Change("slides", ("slides", index), select=select))
        return slide  # type: ignore[no-any-return]

    def move_slide(self, src: int, dst: int) -> None:
        """Move slide `src` so that it ends up at index `dst`."""
        slides = self._slides_list()
        slides.insert(dst, slides.pop(src))
        self._notify(Change("slides", ("slides", dst), select=dst))

    def _slides_list(self) -> list[Any]:
        slides = self.data.get("slides")
        if not isinstance(slides, list):
            slides = self.data["slides"] = []
        return slides

    def _notify(self, change: Change) -> None:
        for listener in list(self.listeners):
            listener(change)

    # --- saving -------------------------------------------------------------------------

    def rebase(self, new_dir: Path) -> bool:
        """Rewrite relative file paths for a playlist that moves to `new_dir`; True if any."""
        moves = moved_paths(self.data, self.base_dir, new_dir)
        for raw_path, new_rel in moves:
            self.set(raw_path, new_rel)
        return bool(moves)

    def save_as(self, path: Path) -> tuple[Saved, bool]:
        """Save under a new name; relative paths are rewritten when the folder changes.

        Returns (path, whether paths were rewritten). On failure nothing changes.
        """
        path = path.absolute()
        old_dir = self.base_dir
        rebased = self.rebase(path.parent)
        if rebased:
            self.base_dir = path.parent  # the paths are relative to the new folder now
        try:
            return self.save(path, overwrite=True), rebased
        except (SaveRefused, SaveError, DiskChanged):
            if rebased:
                self.rebase(old_dir)
                self.base_dir = old_dir
            raise

    def save(
        self,
        path: Path | None = None,
        *,
        overwrite: bool = False,
        now: Callable[[], datetime] = datetime.now,
    ) -> Saved:
        """Validate, then write atomically, keeping the previous version as a backup.

        Nothing is written when the file already holds exactly this text. A file changed on
        disk since it was opened raises DiskChanged unless `overwrite`. A symlinked playlist
        stays a link: the temp file is made beside the link's *target* and renamed onto it.
        A read-only playlist is refused. Raises SaveRefused (invalid: nothing written) or
        SaveError (the old file is intact).
        """
        target = (path or self.path or self.virtual_path()).absolute()
        same_file = self.path is not None and target == self.path
        if same_file and not overwrite and self.changed_on_disk():
            raise DiskChanged(f"{target.name} was changed outside the editor")
        old_base = self.base_dir
        self.base_dir = target.parent
        old_path, self.path = self.path, target
        problems = self.validate()
        if isinstance(problems, list):
            self.base_dir, self.path = old_base, old_path
            raise SaveRefused(problems)
        text = self.serialize()
        try:
            written, backup = write_if_changed(target, text, now)
        except OSError as e:
            self.base_dir, self.path = old_base, old_path
            reason = e.strerror or str(e)
            where = e.filename if isinstance(e.filename, str) else target
            raise SaveError(f"could not save {target.name}: {reason} ({where})") from None
        except SaveError:
            self.base_dir, self.path = old_base, old_path
            raise
        self._original_text = text
        self._original_dump = dumps(self.data)
        self._disk_text = text
        return Saved(target, written, backup)
