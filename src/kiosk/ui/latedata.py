"""`kiosk run`: the data files the first slide does not need, read once it is on screen.

A deck whose third slide charts a 1,000,000-row file used to show its first slide ~0.8 s
later than it would: the whole deck, data included, was read before the first frame. Now
the playlist validates before anything is shown (an invalid deck still never reaches the
screen as a whole), the first slide's files are read, and the rest
(`LoadedPlaylist.deferred`) are read by a worker thread after the first frame has been
painted (`loader.finish_data`). A slide shown before its file is read reads it then.

A bad data file gives the same one-line problem as before, naming the file, line and field:
the deck is then loaded again as at a start with problems (`load_playable`: that slide is
skipped, the badge says so) and the display stays up. The worker touches no Qt object: it
puts its result in a queue that a main-thread timer drains (as the hot-reload watcher does).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.core.loader import LoadedPlaylist, Problem, finish_data
from kiosk.core.playable import Playable, load_playable
from kiosk.ui.timers import named_timer

__all__ = ["LateData", "first_slide_only"]

log = logging.getLogger("kiosk.data")
_COLLECT_MS = 15  # how often the main thread looks for the worker's result (while it runs)


def first_slide_only(index: int) -> Callable[[tuple[str | int, ...]], bool]:
    """`defer_data` for a start on slide `index` (0-based): every data file it does not name
    waits. A guess (a schedule may start elsewhere); a wrong one costs time, not a check."""
    return lambda at: tuple(at[:2]) != ("slides", index)


class LateData(QObject):
    """Read a shown deck's deferred data files in a worker once `begin` is called.

    `finished(problems, playable)`: problems is empty when every file was good (playable is
    then None); else `playable` is the deck loaded again for showing, its bad slides skipped.
    """

    finished = Signal(list, object)

    def __init__(
        self,
        loaded: LoadedPlaylist,
        parent: QObject | None = None,
        *,
        strict_paths: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk-late-data")
        self.loaded = loaded
        self.strict_paths = strict_paths
        self._results: queue.SimpleQueue[tuple[list[Problem], Playable | None]] = (
            queue.SimpleQueue()
        )
        self._worker: threading.Thread | None = None
        self._collect = named_timer(
            self, "kiosk-late-data-collect", self.on_collect, _COLLECT_MS, single_shot=False
        )

    def busy(self) -> bool:
        """True from `begin` until `finished` has been emitted."""
        return self._worker is not None

    def begin(self) -> None:
        """Start reading (once; nothing to do for a deck with nothing deferred)."""
        if self._worker is not None or self.loaded.deferred is None:
            return
        self._worker = threading.Thread(target=self._run, name="kiosk-late-data", daemon=True)
        self._worker.start()
        self._collect.start()

    def on_collect(self) -> None:
        try:
            problems, playable = self._results.get_nowait()
        except queue.Empty:
            return
        self._collect.stop()
        self._worker = None
        n = len(self.loaded.deferred.files) if self.loaded.deferred is not None else 0
        log.info("%d data file(s) read after the first frame, %d problem(s)", n, len(problems))
        self.finished.emit(problems, playable)

    def _run(self) -> None:
        try:
            problems = finish_data(self.loaded)
            playable = None
            if problems:  # as a start with these problems would have been: those slides skipped
                path: Path = self.loaded.path
                playable = load_playable(path, strict_paths=self.strict_paths)
        except Exception as e:  # never lose the display to a bug: say it, keep the deck
            log.exception("unexpected error while reading the data files")
            problems, playable = (
                [Problem(str(self.loaded.path), 0, 0, "", f"cannot load: {e}")],
                None,
            )
        self._results.put((problems, playable))
