"""What a running player leaves behind for its operators: proof of play and the status file.

`Records` subscribes to the show's state (the player's `state_changed`) and the hot reload
results, and and keeps two writers from the Qt-free core up to date: `ProofOfPlay`, one
JSON line per slide shown, and `StatusBoard`, rewritten atomically every few seconds when
`--status-file` is given. It never decides anything about the display.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.core.proof import ProofOfPlay
from kiosk.core.rotation import Mode
from kiosk.core.state import ShowState
from kiosk.core.status import ErrorSource, StatusBoard
from kiosk.ui.timers import named_timer

if TYPE_CHECKING:
    from kiosk.core.loader import LoadedPlaylist, Problem
    from kiosk.ui.app import Player

__all__ = ["STATUS_EVERY_MS", "Records"]

log = logging.getLogger("kiosk.records")

STATUS_EVERY_MS = 5000


class Records(QObject):
    """Proof of play and the status file of one player."""

    def __init__(
        self,
        player: Player,
        *,
        log_dir: Path | None,
        status_file: Path | None,
        errors: ErrorSource | None = None,
    ) -> None:
        super().__init__(player)
        self.setObjectName("records")
        self.player = player
        wall = player.clock.wall
        self.proof = ProofOfPlay(log_dir, wall) if log_dir is not None else None
        self.status = StatusBoard(playlist=player.loaded.path, started_at=wall(), errors=errors)
        self.status_file = status_file
        self._timer = named_timer(
            self, "status-write", self.on_status_due, STATUS_EVERY_MS, single_shot=False
        )
        player.state_changed.connect(self.on_state)

    def start(self) -> None:
        """The player shows its first slide: record it and write the first status."""
        self._record(self.player.state, moved=True)
        if self.status_file is not None:
            self.on_status_due()
            self._timer.start()

    def stop(self) -> None:
        """The player leaves: close the open proof line, write a last status."""
        self._timer.stop()
        self.status.mode = "stopped"
        if self.proof is not None:
            self.proof.close()
        if self.status_file is not None:
            self.status.write(self.status_file, self.player.clock.wall())

    # --- slots ------------------------------------------------------------------------------

    def on_state(self, state: ShowState) -> None:
        display_changed = state.display_on != self.status.display_on
        self._record(state, moved=state.moved or display_changed)

    def on_start_problems(
        self, problems: list[Problem], skipped: list[int], nothing_shown: bool
    ) -> None:
        """The deck started with problems: which slides are skipped, and why (status file)."""
        self.status.extra["problems"] = [str(p) for p in problems[:50]]
        self.status.extra["skipped_slides"] = [i + 1 for i in skipped]
        self.status.extra["showing_fallback"] = nothing_shown

    def on_reloaded(self, loaded: LoadedPlaylist) -> None:
        self.status.reloaded(self.player.clock.wall(), True, f"{loaded.path}: ok")
        for key in ("problems", "skipped_slides", "showing_fallback"):
            self.status.extra.pop(key, None)
        self.on_status_due()  # a monitor learns at once, not at the next tick

    def on_reload_failed(self, problems: list[Problem]) -> None:
        first = str(problems[0]) if problems else "invalid playlist"
        self.status.reloaded(self.player.clock.wall(), False, first)
        self.on_status_due()

    def on_status_due(self) -> None:
        if self.status_file is not None:
            self.status.write(self.status_file, self.player.clock.wall())

    # --- internals --------------------------------------------------------------------------

    def _record(self, state: ShowState, *, moved: bool) -> None:
        player = self.player
        self.status.display_on = state.display_on
        self.status.mode = state.mode.value if state.display_on else "off"
        if not state.on_air or state.index is None:
            if self.proof is not None:
                self.proof.stop()
            return
        if not moved and self.proof is not None and self.proof.is_open:
            return
        index = state.index
        slide = player.loaded.playlist.slides[index]
        self.status.slide(index + 1, slide, player.clock.wall(), count=state.count)
        if self.proof is not None:
            self.proof.showing(index + 1, slide, "manual" if state.mode is Mode.MANUAL else "auto")
