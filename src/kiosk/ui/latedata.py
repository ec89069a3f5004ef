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
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.core.clock import Clock
from kiosk.core.loader import DeferData, DeferFor, LoadedPlaylist, Problem, finish_data
from kiosk.core.model import Playlist
from kiosk.core.playable import Playable, load_playable
from kiosk.core.show import Show
from kiosk.ui.timers import named_timer

__all__ = ["LateData", "first_slide_only", "opening_slide_only"]

log = logging.getLogger("kiosk.data")
_COLLECT_MS = 15  # how often the main thread looks for the worker's result (while it runs)


def first_slide_only(index: int) -> DeferData:
    """`defer_data` for a start on slide `index` (0-based): every data file it does not name
    waits."""
    return lambda at: tuple(at[:2]) != ("slides", index)


def opening_slide_only(
    start: int,
    clock: Clock,
    *,
    language: str | None = None,
    language_mode: str | None = None,
    epoch: float | None = None,
) -> DeferFor:
    """`defer_for` for `kiosk run`: the data files of the slide the show opens on are read
    before the first frame, the rest wait. That slide is worked out as the player's show will
    (a show made on the valid playlist: disabled slides, show rules, a sync group's place);
    `start` (0-based, the `--start` asked) when it cannot be (a language the deck lacks: the
    start says so itself). A wrong slide would cost time, never a check: its file would be
    read before the first frame for nothing, and the one shown read when it is built."""

    def bind(playlist: Playlist) -> DeferData:
        try:
            show = Show(
                playlist, clock, start=start, language=language,
                language_mode=language_mode, epoch=epoch,
            )  # fmt: skip
            index = show.state.index
        except Exception:  # the player's own show reports it, in its words
            log.debug("opening slide not worked out; reading slide %d's files", start + 1)
            index = None
        return first_slide_only(start if index is None else index)

    return bind


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
