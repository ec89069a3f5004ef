"""Hot reload: watch a playlist and every file it names; re-load when one of them is saved.

Editors save in many ways: write in place, write a temp file and rename it over the original
(VS Code, gedit, kiosk's own editor), rename the original to a backup and write a new file
(vim), or delete and recreate. `QFileSystemWatcher` stops watching a file that is replaced,
so this watcher

- watches the files *and* their parent folders, and re-adds any path it lost after each event;
- keeps a stat fingerprint (mtime_ns, size, inode) of every file and polls it, stat only, once
  a second as a safety net for events that never arrive (network shares, dropped watches);
- waits for a quiet moment (`debounce_ms` after the last event) before reading, re-reads when
  a file changed while it was being read, and compares content hashes so that a save that
  changes nothing emits nothing.

A valid new state emits `reloaded(LoadedPlaylist)`; an invalid one emits `failed(problems)` and
the caller keeps showing its last good deck. A later valid save always emits `reloaded` again.

Reading, hashing and parsing run in a worker thread, one check at a time; the worker touches
no Qt object (a cross-thread signal crashed at teardown: "socket notifiers cannot be enabled
from another thread"): it puts its result in a queue that a main-thread timer drains, and only
there are watches, timers and the outcome touched. Everything the worker reads goes through
`safeio`, so it is bounded too (the longest case, an invalid 4 MiB playlist, takes ~1 s of
pure Python; in the worker, the display keeps drawing while it runs). A check requested while
one runs is done right after it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from kiosk.core.loader import (
    LoadedPlaylist,
    PlaylistError,
    Problem,
    parse_playlist,
    read_playlist_text,
    referenced_files,
)
from kiosk.core.model import Playlist
from kiosk.core.safeio import digest
from kiosk.ui.timers import named_timer

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["PlaylistWatcher"]

log = logging.getLogger("kiosk.reload")

Fingerprint = tuple[int, int, int] | None  # (mtime_ns, size, inode); None: missing
_COLLECT_MS = 15  # how often the main thread looks for a finished check (only while one runs)
_MAX_RETRIES = 20  # consecutive "changed while reading" before we apply what we have


def fingerprint(path: Path) -> Fingerprint:
    """Stat-only identity of a file's current version (None when it does not exist)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _digest_file(path: Path) -> str | None:
    """SHA-256 of a named file, bounded: `safeio` refuses FIFOs, devices and files over the
    largest per-kind limit without reading them, so /dev/zero saved as an image costs a stat."""
    return digest(path, "image")


def _referenced(text: str, base: Path, strict: bool = False) -> set[Path] | None:
    """Files a playlist text names (and its SVGs pull in), even if some are missing; None if
    it does not validate."""
    try:
        data = json.loads(text)
        playlist = Playlist.model_validate(data)
        return referenced_files(LoadedPlaylist(base, playlist, data, strict_paths=strict))
    except Exception:  # any junk: we simply keep watching the previous set
        return None


def _is_file(p: Path) -> bool:
    try:
        return p.is_file()
    except (OSError, ValueError):
        return False


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class _Check:
    """What one check in the worker found."""

    before: dict[Path, Fingerprint]
    after: dict[Path, Fingerprint]
    state: tuple[object, ...]
    outcome: LoadedPlaylist | list[Problem] | None  # None: the content did not change


class PlaylistWatcher(QObject):
    """Emit `reloaded(LoadedPlaylist)` or `failed(list[Problem])` when the deck's files change."""

    reloaded = Signal(object)
    failed = Signal(list)

    def __init__(
        self,
        path: Path | str,
        parent: QObject | None = None,
        *,
        debounce_ms: int = 200,
        poll_ms: int = 1000,
        use_fs_events: bool = True,
        strict_paths: bool = False,
    ) -> None:
        super().__init__(parent)
        self.path = Path(path).absolute()
        self.strict_paths = strict_paths  # the loader's strict path rule (network decks)
        self._assets: set[Path] = set()
        self._seen: dict[Path, Fingerprint] = {}  # fingerprints at the last check
        self._hashes: dict[Path, tuple[Fingerprint, str | None]] = {}
        self._state: tuple[object, ...] | None = None  # content at the last emit (or start)
        self._retries = 0
        self._worker: threading.Thread | None = None
        self._again = False  # a check was asked for while one ran
        self._stopped = False
        self._results: queue.SimpleQueue[_Check] = queue.SimpleQueue()

        self._fs: QFileSystemWatcher | None = None
        if use_fs_events:
            self._fs = QFileSystemWatcher(self)
            self._fs.setObjectName("kiosk-reload-fs")
            self._fs.fileChanged.connect(self.on_fs_event)
            self._fs.directoryChanged.connect(self.on_fs_event)
        self._settle = named_timer(self, "kiosk-reload-settle", self.on_settled, debounce_ms)
        self._poll = named_timer(
            self, "kiosk-reload-poll", self.on_poll, poll_ms, single_shot=False
        )
        self._collect = named_timer(
            self, "kiosk-reload-collect", self.on_collect, _COLLECT_MS, single_shot=False
        )
        self._baseline()
        if poll_ms > 0:
            self._poll.start()

    # --- public -------------------------------------------------------------------------

    def watched_files(self) -> list[Path]:
        """The playlist and every file it names, as currently watched."""
        return [self.path, *sorted(self._assets)]

    def stop(self) -> None:
        """Stop watching (the object can then be dropped); a running check is ignored."""
        self._stopped = True
        self._settle.stop()
        self._collect.stop()
        self._poll.stop()
        if self._fs is not None:
            paths = self._fs.files() + self._fs.directories()
            if paths:
                self._fs.removePaths(paths)

    def busy(self) -> bool:
        """True while a check runs in the worker (tests wait for it to end)."""
        return self._worker is not None

    def check_now(self) -> None:
        """Re-read at once (skips the debounce); for tests and a manual 'reload' key.

        The result arrives through `reloaded` / `failed` once the worker is done."""
        self._settle.stop()
        self.on_settled()

    # --- slots --------------------------------------------------------------------------

    def on_fs_event(self, _path: str) -> None:
        self._settle.start()  # restart: wait until the burst is over
        self._sync_watches()

    def on_poll(self) -> None:
        if self._settle.isActive():
            return
        if any(fingerprint(p) != fp for p, fp in self._seen.items()):
            self._settle.start()

    def on_settled(self) -> None:
        if self._stopped:
            return
        if self._worker is not None:
            self._again = True
            return
        state = self._state
        self._worker = threading.Thread(
            target=self._check, args=(state,), name="kiosk-reload-check", daemon=True
        )
        self._worker.start()
        self._collect.start()

    def on_collect(self) -> None:
        try:
            check = self._results.get_nowait()
        except queue.Empty:
            return
        self._collect.stop()
        self.on_checked(check)

    def on_checked(self, check: _Check) -> None:
        """Back on the main thread: watches, retries and the outcome."""
        self._worker = None
        if self._stopped:
            return
        self._sync_watches()
        if check.after != check.before and self._retries < _MAX_RETRIES:
            # something was still being written while we read: wait for the next quiet moment
            self._retries += 1
            self._seen = check.after
            self._settle.start()
            return
        self._retries = 0
        self._seen = check.after
        if self._again:
            self._again = False
            self._settle.start()
        if check.outcome is None:
            return
        self._state = check.state
        if isinstance(check.outcome, LoadedPlaylist):
            slides = len(check.outcome.playlist.slides)
            log.info("playlist reloaded: %s (%d slides)", self.path, slides)
            self.reloaded.emit(check.outcome)
        else:
            self.failed.emit(check.outcome)

    # --- the worker ---------------------------------------------------------------------

    def _check(self, last_state: tuple[object, ...] | None) -> None:
        try:
            check = self._run_check(last_state)
        except Exception as e:  # never lose the watcher to a bug: report it as a problem
            log.exception("unexpected error while checking %s", self.path)
            fp = self._fingerprints()
            problem = Problem(str(self.path), 0, 0, "", f"cannot load: {e}")
            check = _Check(fp, fp, ("error", str(e)), [problem])
        self._results.put(check)

    def _run_check(self, last_state: tuple[object, ...] | None) -> _Check:
        before = self._fingerprints()
        text, read_problem = self._read()
        if read_problem is None:
            refs = _referenced(text, self.path, self.strict_paths)
            if refs is not None:
                self._assets = refs
                before = {**before, **{p: fingerprint(p) for p in refs if p not in before}}
        state = self._content_state(text if read_problem is None else None)
        outcome: LoadedPlaylist | list[Problem] | None = None
        if state != last_state:
            outcome = [read_problem] if read_problem else self._parse(text)
        return _Check(before, self._fingerprints(), state, outcome)

    # --- internals ----------------------------------------------------------------------

    def _baseline(self) -> None:
        text, problem = self._read()
        if problem is None:
            self._assets = _referenced(text, self.path, self.strict_paths) or set()
        self._state = self._content_state(text if problem is None else None)
        self._seen = self._fingerprints()
        self._sync_watches()

    def _read(self) -> tuple[str, Problem | None]:
        try:
            return read_playlist_text(self.path), None
        except PlaylistError as e:
            return "", e.problems[0]

    def _parse(self, text: str) -> LoadedPlaylist | list[Problem]:
        try:
            return parse_playlist(text, self.path, strict_paths=self.strict_paths)
        except PlaylistError as e:
            return e.problems
        except Exception as e:  # the loader promises PlaylistError only; never take us down
            log.exception("unexpected error while reloading %s", self.path)
            return [Problem(str(self.path), 0, 0, "", f"cannot load: {e}")]

    def _fingerprints(self) -> dict[Path, Fingerprint]:
        return {p: fingerprint(p) for p in (self.path, *self._assets)}

    def _content_state(self, text: str | None) -> tuple[object, ...]:
        """What the deck is made of: the playlist text's hash and each named file's hash."""
        main = hashlib.sha256(text.encode("utf-8")).hexdigest() if text is not None else None
        assets = []
        for p in sorted(self._assets):
            fp = fingerprint(p)
            cached = self._hashes.get(p)
            if cached is None or cached[0] != fp or fp is None:
                cached = (fp, _digest_file(p) if fp is not None else None)
                self._hashes[p] = cached
            assets.append((str(p), cached[1]))
        for stale in set(self._hashes) - self._assets:
            del self._hashes[stale]
        return (main, *assets)

    def _sync_watches(self) -> None:
        """Watch every file that exists and every parent folder; re-add what Qt dropped."""
        if self._fs is None:
            return
        files = {str(p) for p in (self.path, *self._assets) if _is_file(p)}
        dirs = {str(p.parent) for p in (self.path, *self._assets) if _is_dir(p.parent)}
        self._update(self._fs.files(), files)
        self._update(self._fs.directories(), dirs)

    def _update(self, current: Iterable[str], wanted: set[str]) -> None:
        assert self._fs is not None
        have = set(current)
        gone = sorted(have - wanted)
        new = sorted(wanted - have)
        if gone:
            self._fs.removePaths(gone)
        if new:
            self._fs.addPaths(new)
