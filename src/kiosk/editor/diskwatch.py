"""Tells the editor when its playlist file may have changed on disk.

QFileSystemWatcher stops watching a file that another editor replaces by rename, so the
folder is watched too and the file is added back after every event. Events come in bursts
(temp file, rename, chmod): `touched` is emitted once, 250 ms after the last one. Whether
the content really changed is the document's call (`PlaylistDocument.changed_on_disk`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from kiosk.ui.timers import named_timer

__all__ = ["DiskWatch"]


class DiskWatch(QObject):
    touched = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self.on_event)
        self._watcher.directoryChanged.connect(self.on_event)
        self._timer = named_timer(self, "kiosk-editor-disk", self.on_settled, 250)

    def watch(self, path: Path | None) -> None:
        old = self._watcher.files() + self._watcher.directories()
        if old:
            self._watcher.removePaths(old)
        self.path = path
        if path is not None:
            existing = [str(p) for p in (path.parent, path) if p.exists()]
            if existing:  # Qt warns about a path that is not there
                self._watcher.addPaths(existing)

    def also_watch(self, files: list[Path]) -> None:
        """Data files the deck reads: when one changes, the preview should follow."""
        have = set(self._watcher.files())
        new = [str(f) for f in files if f.exists() and str(f) not in have]
        if new:
            self._watcher.addPaths(new)

    def on_event(self, _path: str = "") -> None:
        self._timer.start()

    def on_settled(self) -> None:
        path = self.path
        if path is not None and path.exists() and str(path) not in self._watcher.files():
            self._watcher.addPath(str(path))  # replaced by rename: watch the new file
        self.touched.emit()  # the window re-adds data files replaced by rename
