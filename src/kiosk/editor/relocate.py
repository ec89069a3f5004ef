"""Where a playlist's relative file paths point once it is saved in another folder (no Qt).

Save As into a new folder keeps every picture, font and data file the deck uses: each
relative path is rewritten to reach the same file from the new folder, and a file inside
kiosk's own installed assets is copied along (see `_bring_along`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from kiosk.core.jsonpos import JsonPath
from kiosk.core.loader import asset_refs
from kiosk.core.model import Playlist

__all__ = ["moved_paths"]


def moved_paths(data: Any, base_dir: Path, new_dir: Path) -> list[tuple[JsonPath, str]]:
    """(raw JSON path, new relative path) for each file path that must change for `new_dir`."""
    new_dir = new_dir.absolute()
    if new_dir == base_dir.absolute():
        return []
    try:
        playlist = Playlist.model_validate(data)
    except Exception:  # invalid: nothing we can trust to rewrite; validation will tell
        return []
    moves: list[tuple[JsonPath, str]] = []
    for json_path, rel, _kind in asset_refs(playlist):
        raw_path = _raw_path(data, json_path)
        if raw_path is None or Path(rel).is_absolute():
            continue
        target = _bring_along((base_dir / rel).resolve(), new_dir)
        try:
            new_rel = Path(os.path.relpath(target, new_dir)).as_posix()
        except ValueError:
            new_rel = target.as_posix()
        if new_rel != rel:
            moves.append((raw_path, new_rel))
    return moves


def _bring_along(file: Path, new_dir: Path) -> Path:
    """A file inside kiosk's own installed assets is copied to `new_dir` (same sub-path).

    A deck that points into the installed package breaks as soon as it is copied to the
    display; a deck saved somewhere new from the bundled one (or with kiosk's logo on a new
    image slide) takes its pictures, fonts and data along instead.
    """
    from kiosk.resources import assets_dir, data_dir

    for root in (assets_dir().resolve(), data_dir().resolve()):
        try:
            inner = file.relative_to(root)
        except ValueError:
            continue
        if new_dir.resolve() == root or root in new_dir.resolve().parents:
            return file  # saving inside kiosk's own folders: nothing to bring
        copy = new_dir / root.name / inner
        try:
            if not copy.exists() and file.is_file():
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, copy)
        except OSError:
            return file  # could not copy: keep pointing at the original
        return copy
    return file


def _raw_path(data: Any, json_path: JsonPath) -> JsonPath | None:
    """The JSON path as it is spelled in the raw data (aliases are the same here)."""
    node = data
    for part in json_path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return json_path if isinstance(node, str) else None
