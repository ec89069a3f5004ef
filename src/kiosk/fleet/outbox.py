"""Proof of play waiting for the broker: one small file per play, removed once acknowledged.

A play is written (temp file, fsync, rename) before anything is sent, so a crash, a power cut
or a broker that is down loses nothing; it is deleted only after the broker acknowledged it
(QoS 1 PUBACK). A crash between the acknowledgement and the delete sends it again on the next
start: the operator's side removes duplicates by the play's `id`. Oldest first; at most
`LIMIT` plays wait (about a month of 10-second slides); beyond that the oldest are dropped and
the log says how many. `submit` does the writing (and its fsync, which can take tens of
milliseconds on an SD card) on a thread of its own, never on the caller's (the Qt thread).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["LIMIT", "Outbox"]

log = logging.getLogger("kiosk.fleet.outbox")

LIMIT = 250_000


def _is_play(name: str) -> bool:
    return name.endswith(".json") and not name.startswith(".")


class Outbox:
    def __init__(self, folder: Path, limit: int = LIMIT) -> None:
        self.folder = folder
        self.limit = limit
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._seq = 0
        for stale in folder.glob(".tmp-*"):
            with contextlib.suppress(OSError):
                stale.unlink()
        self._queue: queue.Queue[tuple[dict[str, Any], Callable[[], None]] | None] = queue.Queue()
        self._writer: threading.Thread | None = None

    def submit(self, play: dict[str, Any], then: Callable[[], None]) -> None:
        """`add(play)` on the writer thread, then `then()` (e.g. send it)."""
        if self._writer is None:
            self._writer = threading.Thread(target=self._write_loop, name="kiosk-fleet-outbox")
            self._writer.daemon = True
            self._writer.start()
        self._queue.put((play, then))

    def close(self, timeout: float = 5.0) -> None:
        """Write what was submitted, then end the writer thread."""
        if self._writer is not None:
            self._queue.put(None)
            self._writer.join(timeout)
            self._writer = None

    def _write_loop(self) -> None:
        while (item := self._queue.get()) is not None:
            play, then = item
            try:
                self.add(play)
            except OSError as e:
                log.error("cannot queue proof of play in %s: %s", self.folder, e)
                continue
            try:
                then()
            except Exception:
                log.exception("fleet: error after queueing a play")

    def add(self, play: dict[str, Any]) -> str:
        """Queue one play (it must have a unique 'id'); returns its file name."""
        with self._lock:
            self._seq += 1
            name = f"{int(play.get('ts_ms', 0)):015d}-{self._seq:06d}-{play['id']}.json"
        tmp = self.folder / f".tmp-{name}"
        with open(tmp, "wb") as f:
            f.write(json.dumps(play, ensure_ascii=False).encode())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.folder / name)
        if self._seq % 1000 == 0:
            self._trim()
        return name

    def pending(self, limit: int = 500) -> list[tuple[str, bytes]]:
        """The oldest `limit` queued plays: (name, JSON bytes)."""
        names = sorted(n for n in os.listdir(self.folder) if _is_play(n))[:limit]
        out: list[tuple[str, bytes]] = []
        for name in names:
            try:
                out.append((name, (self.folder / name).read_bytes()))
            except OSError:
                continue
        return out

    def done(self, name: str) -> None:
        with contextlib.suppress(OSError):
            (self.folder / name).unlink()

    def count(self) -> int:
        return sum(1 for n in os.listdir(self.folder) if _is_play(n))

    def _trim(self) -> None:
        names = sorted(n for n in os.listdir(self.folder) if _is_play(n))
        extra = len(names) - self.limit
        if extra > 0:
            for name in names[:extra]:
                self.done(name)
            log.warning("proof-of-play queue full: dropped the %d oldest plays", extra)
