"""`kiosk run --frame-log FILE`: when each new slide was first on screen, one JSON line each.

After the show moves to another slide (or a new deck), the first frame the stage paints and
flushes is logged: `{"index": 3, "slide_id": "s3", "mono": …, "wall": …}` (slides counted
from 1; `mono` is `time.monotonic()`, `wall` is `time.time()`, both taken after the flush).
Four displays of a sync group started with it give the spread between the first and the last
member to show each slide (`python -m kiosk.bench --sync`). The file is opened for appending
and line-buffered: it can be read while the display runs.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.core.state import ShowState

if TYPE_CHECKING:
    from kiosk.ui.app import Player

__all__ = ["FrameLog"]

log = logging.getLogger("kiosk.framelog")


class FrameLog(QObject):
    def __init__(self, player: Player, path: Path) -> None:
        super().__init__(player)
        self.setObjectName("frame-log")
        self.player = player
        self.path = path
        self._file = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 (closed)
        self._pending = True  # the first slide's first frame is logged too
        player.state_changed.connect(self.on_state)
        player.stage.frame_painted.connect(self.on_frame)

    def on_state(self, state: ShowState) -> None:
        if state.moved:
            self._pending = True

    def on_frame(self) -> None:
        if not self._pending or self._file.closed:
            return
        mono, wall = time.monotonic(), time.time()
        self._pending = False
        stage = self.player.stage
        index = stage.current_index
        slide_id = self.player.loaded.playlist.slides[index].id if index is not None else None
        line: dict[str, object] = {"index": None if index is None else index + 1}
        line["slide_id"] = slide_id
        line |= {"mono": round(mono, 6), "wall": round(wall, 6)}
        try:
            self._file.write(json.dumps(line) + "\n")
        except OSError as e:
            log.warning("frame log %s: %s; no more lines", self.path, e)
            self._file.close()

    def close(self) -> None:
        self._file.close()
