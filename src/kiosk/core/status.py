"""The status document a monitoring tool reads (`kiosk run --status-file PATH`).

`StatusBoard` collects what the player tells it (slide shown, mode, reloads); `snapshot(now)`
turns it into a plain dict, and `write_status(path, doc)` replaces the file atomically: a
reader sees the old document or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from kiosk import __version__

__all__ = ["ErrorSource", "StatusBoard", "resident_mib", "slide_title", "write_status"]

log = logging.getLogger(__name__)
STATUS_FORMAT = 1


class ErrorSource(Protocol):
    """What status needs from `kiosk.logs.ErrorCounter`."""

    @property
    def count(self) -> int: ...

    @property
    def last(self) -> str | None: ...


def slide_title(slide: Any) -> str:
    """The text a person would name a slide by: title, heading, label, caption or quote."""
    for name in ("title", "heading", "label", "caption", "speaker"):
        value = getattr(slide, name, None)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:200]
    for name in ("text", "image"):
        value = getattr(slide, name, None)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:200]
    return ""


def resident_mib() -> float | None:
    """Resident memory of this process in MiB (Linux: /proc/self/statm), None if unknown.

    Without /proc, the peak resident size from `resource` (the best other platforms give).
    """
    try:
        with open("/proc/self/statm", "rb") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024
    except (ImportError, OSError):
        return None


def write_status(path: Path, doc: Mapping[str, Any]) -> None:
    """Write `doc` as JSON to `path` atomically (temp file beside it, fsync, os.replace).

    Raises OSError (or TypeError for a doc that is not JSON) and then leaves any previous
    file untouched and no temp file behind.
    """
    data = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    folder = path.parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a monitor may run as another user
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


def _iso(at: datetime | None) -> str | None:
    return at.isoformat(timespec="seconds") if at is not None else None


@dataclass
class StatusBoard:
    """The player's state as a monitor sees it. Times come from the player's clock."""

    playlist: Path
    started_at: datetime
    errors: ErrorSource | None = None
    version: str = __version__
    mode: str = "starting"
    display_on: bool = True
    slide_count: int = 0
    slide_index: int | None = None  # 1-based, as on screen
    slide_id: str | None = None
    slide_type: str | None = None
    slide_title: str = ""
    slide_since: datetime | None = None
    last_reload_at: datetime | None = None
    last_reload_ok: bool | None = None
    last_reload_message: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    _write_failed: bool = field(default=False, repr=False)

    def slide(self, index: int, slide: Any, at: datetime, count: int | None = None) -> None:
        """A slide came on screen; `index` is 1-based."""
        self.slide_index = index
        self.slide_id = getattr(slide, "id", None)
        self.slide_type = slide.type
        self.slide_title = slide_title(slide)
        self.slide_since = at
        if count is not None:
            self.slide_count = count

    def reloaded(self, at: datetime, ok: bool, message: str = "") -> None:
        """The playlist was re-read: `ok` False keeps the last good deck; `message` says why."""
        self.last_reload_at = at
        self.last_reload_ok = ok
        self.last_reload_message = message

    def snapshot(self, now: datetime) -> dict[str, Any]:
        uptime = max(0.0, (now - self.started_at).total_seconds())
        mib = resident_mib()
        return {
            "format": STATUS_FORMAT,
            "kiosk_version": self.version,
            "pid": os.getpid(),
            "now": _iso(now),
            "started_at": _iso(self.started_at),
            "uptime_seconds": round(uptime, 1),
            "playlist": str(self.playlist),
            "mode": self.mode,
            "display_on": self.display_on,
            "slide": {
                "index": self.slide_index,
                "count": self.slide_count,
                "id": self.slide_id,
                "type": self.slide_type,
                "title": self.slide_title,
                "since": _iso(self.slide_since),
            },
            "last_reload": {
                "at": _iso(self.last_reload_at),
                "ok": self.last_reload_ok,
                "message": self.last_reload_message,
            },
            "errors": self.errors.count if self.errors else 0,
            "last_error": self.errors.last if self.errors else None,
            "memory_mib": round(mib, 1) if mib is not None else None,
            **self.extra,
        }

    def write(self, path: Path, now: datetime) -> bool:
        """`write_status(path, snapshot(now))`, logging a failure once instead of raising."""
        try:
            write_status(path, self.snapshot(now))
        except (OSError, TypeError, ValueError) as e:
            if not self._write_failed:
                log.error("cannot write the status file %s: %s", path, e)
            self._write_failed = True
            return False
        if self._write_failed:
            log.info("status file %s written again", path)
        self._write_failed = False
        return True
