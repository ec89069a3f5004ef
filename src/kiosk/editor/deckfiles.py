"""Files that belong to a deck (no Qt): is a file inside the deck's folder, copy one in."""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["copy_into", "inside"]


def inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def copy_into(source: Path, folder: Path) -> Path:
    """Copy `source` into `folder`, never over a different file (adds -2, -3 … to the name)."""
    target = folder / source.name
    n = 1
    while target.exists():
        if target.read_bytes() == source.read_bytes():
            return target
        n += 1
        target = folder / f"{source.stem}-{n}{source.suffix}"
    shutil.copy2(source, target)
    return target
