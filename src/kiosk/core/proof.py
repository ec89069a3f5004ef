"""Proof of play: one JSON line per slide shown, in `proof-of-play.jsonl` beside the log.

The player makes one call per switch: `proof.showing(index, slide, how)` when a slide comes
on screen (it closes the previous slide's line) and `proof.stop()` when nothing is shown any
more (blank, display hours over, quit). A line is written when its slide leaves the screen,
so `seconds` is what it was really shown for:

    {"start": "2025-06-01T09:00:00+08:00", "index": 3, "id": "gdp", "type": "metric",
     "title": "Industrial added value", "seconds": 10.0, "how": "auto"}

The file rotates by size (`proof-of-play.jsonl.1`, `.2`, … are older), like the log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any, Literal

from kiosk.core.status import slide_title

__all__ = ["PROOF_NAME", "ProofOfPlay"]

PROOF_NAME = "proof-of-play.jsonl"
How = Literal["auto", "manual"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Showing:
    start: datetime
    index: int
    id: str | None
    type: str | None
    title: str
    how: How


class ProofOfPlay:
    """Writes the proof-of-play lines; `clock()` returns the aware current time."""

    def __init__(
        self,
        folder: Path,
        clock: Callable[[], datetime],
        *,
        max_bytes: int = 5 * 1024 * 1024,
        backups: int = 20,
    ) -> None:
        self.path = folder / PROOF_NAME
        self._clock = clock
        self._current: _Showing | None = None
        self._failed = False
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:  # reported again on the first write; the display goes on
            log.error("cannot create the proof-of-play folder %s: %s", folder, e)
        # A handler used on its own (not attached to a logger): its size rotation, nothing else.
        self._out = RotatingFileHandler(
            self.path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=True
        )
        self._out.setFormatter(logging.Formatter("%(message)s"))
        self._out.handleError = self._on_error  # type: ignore[method-assign]

    def showing(self, index: int, slide: Any, how: How = "auto") -> None:
        """Slide number `index` (1-based) is now on screen; ends the previous slide's line."""
        now = self._clock()
        self._finish(now)
        self._current = _Showing(
            start=now,
            index=index,
            id=getattr(slide, "id", None),
            type=slide.type,
            title=slide_title(slide),
            how=how,
        )

    @property
    def is_open(self) -> bool:
        """A slide is being shown and its line is not written yet."""
        return self._current is not None

    def stop(self) -> None:
        """Nothing is on screen any more (blank, off hours, quitting): close the open line."""
        self._finish(self._clock())

    def close(self) -> None:
        """`stop()` and close the file (at exit)."""
        self.stop()
        self._out.close()

    def _finish(self, now: datetime) -> None:
        shown = self._current
        self._current = None
        if shown is None:
            return
        seconds = max(0.0, (now - shown.start).total_seconds())
        line = json.dumps(
            {
                "start": shown.start.isoformat(timespec="milliseconds"),
                "index": shown.index,
                "id": shown.id,
                "type": shown.type,
                "title": shown.title,
                "seconds": round(seconds, 3),
                "how": shown.how,
            },
            ensure_ascii=False,
        )
        self._out.handle(logging.makeLogRecord({"msg": line, "levelno": logging.INFO}))

    def _on_error(self, record: logging.LogRecord) -> None:
        """A write failed (disk full, folder gone): log it once, keep the display going."""
        if not self._failed:
            log.error("cannot write proof of play to %s", self.path, exc_info=True)
        self._failed = True
