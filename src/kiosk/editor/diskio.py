"""Reading and writing the playlist file (no Qt): safe for links, backups and read-only files.

`write_if_changed` is the whole save: nothing is written when the file already holds the
text; a symlinked playlist is written through to its target (temp file beside the target,
renamed onto it); a read-only file is refused; the old content becomes a new timestamped
backup in `<name>.backups/` (never written through a link), of which the newest
`KEEP_BACKUPS` are kept.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.core import errors
from kiosk.core.data import DataError, read_text
from kiosk.core.jsonpos import locate

__all__ = [
    "KEEP_BACKUPS",
    "OpenError",
    "SaveError",
    "atomic_write",
    "backup_dir",
    "parse_object",
    "read_playlist_text",
    "write_if_changed",
]


class OpenError(Exception):
    """The file cannot be opened in the editor (not readable, or not a JSON object)."""


class SaveError(Exception):
    """Writing failed; the file on disk is untouched."""


KEEP_BACKUPS = 5
"""Timestamped versions kept in `<name>.backups/` beside the playlist (oldest removed)."""
_MAX_INT_DIGITS = 30


def read_playlist_text(path: Path) -> str:
    try:
        return read_text(path)
    except DataError as e:
        raise OpenError(f"{path}: {e.message}") from None


class _Duplicate(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def _int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise ValueError(f"a number has more than {_MAX_INT_DIGITS} digits ({text[:12]}…)")
    return int(text)


def parse_object(path: Path, text: str) -> dict[str, Any]:
    """The JSON object in `text`, or OpenError with a line a person can act on."""
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_int=_int)
    except json.JSONDecodeError as e:
        message = errors.syntax_message(text, e)
        raise OpenError(f"{path}:{e.lineno}:{e.colno}: not valid JSON ({message})") from None
    except _Duplicate as e:
        pos = locate(text)
        where = ""
        if pos.duplicates:
            _, offset = pos.duplicates[0]
            line, col = pos.line_col(offset)
            where = f":{line}:{col}"
        raise OpenError(
            f"{path}{where}: the key {e.args[0]!r} is written twice in the same object; "
            "remove one of them in a text editor, then open the file again"
        ) from None
    except RecursionError:
        raise OpenError(f"{path}: not valid JSON (nested too deeply)") from None
    except ValueError as e:
        raise OpenError(f"{path}: not valid JSON ({e})") from None
    if not isinstance(data, dict):
        raise OpenError(f"{path}: the top level is not a JSON object")
    return data


def backup_dir(target: Path) -> Path:
    """`deck.json` keeps its old versions in `deck.json.backups/` beside it."""
    return target.with_name(target.name + ".backups")


def write_if_changed(
    link: Path, text: str, now: Callable[[], datetime]
) -> tuple[bool, Path | None]:
    """Write `text` to `link` (through a symlink, onto its target) unless it is already there.

    Returns (written, backup). The backup and the temp file are never opened through a link.
    """
    target = Path(os.path.realpath(link))
    payload = text.encode("utf-8")
    old: bytes | None = None
    mode: int | None = None
    if target.exists():
        info = target.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(f"could not save {link.name}: it is not a regular file")
        mode = stat.S_IMODE(info.st_mode)
        if not mode & 0o222 or not os.access(target, os.W_OK):
            raise SaveError(
                f"{link.name} is read-only: not saved (make it writable, or use Save As)"
            )
        old = target.read_bytes()
        if old == payload:
            return False, None
    backup = keep_backup(link, old, mode or 0o644, now) if old is not None else None
    atomic_write(target, payload, mode)
    return True, backup


def keep_backup(link: Path, old: bytes, mode: int, now: Callable[[], datetime]) -> Path:
    """Write `old` as a new timestamped file in the backups folder; keep the newest few.

    The folder is beside the name the user opened (the link, when it is one). A backups
    folder that is a symlink is refused; a backup name that exists (even as a link) is
    replaced by rename, never written through.
    """
    folder = backup_dir(link)
    if folder.is_symlink():
        raise SaveError(
            f"not saved: {folder.name} is a link; backups are never written through one"
        )
    folder.mkdir(exist_ok=True)
    stamp = now().strftime("%Y-%m-%d_%H-%M-%S")
    stem, suffix = link.stem, link.suffix or ".json"
    name = f"{stem}_{stamp}{suffix}"
    n = 1
    while (folder / name).exists() or (folder / name).is_symlink():
        n += 1
        name = f"{stem}_{stamp}_{n}{suffix}"
    backup = folder / name
    atomic_write(backup, old, mode, sync_dir=False)
    mine = sorted(
        (p for p in folder.iterdir() if p.name.startswith(f"{stem}_") and p.suffix == suffix),
        key=lambda p: p.name,
    )
    for stale in mine[:-KEEP_BACKUPS]:
        with contextlib.suppress(OSError):
            stale.unlink()
    return backup


def atomic_write(target: Path, payload: bytes, mode: int | None, *, sync_dir: bool = True) -> None:
    """Temp file in the target's folder (O_EXCL, never a link), flush + fsync, os.replace."""
    folder = target.parent
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if not sync_dir:
        return
    with contextlib.suppress(OSError, AttributeError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
