"""The editor's files: Save (and the questions it asks), Save As, Open, New, and the file
changing on disk under the editor (Reload keeping undo, or Keep mine).

The window builds one FileSession and gives it itself: the session asks through the window's
dialogs and tells through its status bar and disk bar; the document does the reading and
writing (`document.py`, `diskio.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from kiosk.editor.commands import ReloadDocument
from kiosk.editor.document import (
    DiskChanged,
    OpenError,
    PlaylistDocument,
    Saved,
    SaveError,
    SaveRefused,
)
from kiosk.editor.templates import blank_playlist

if TYPE_CHECKING:
    from kiosk.editor.window import EditorWindow

__all__ = ["JSON_FILTER", "FileSession"]

JSON_FILTER = "Playlists (*.json);;All files (*)"


class FileSession:
    def __init__(self, window: EditorWindow) -> None:
        self.window = window

    def save(self) -> bool:
        w = self.window
        if w.doc.path is None:
            return self.save_as()
        return self._write(lambda overwrite: w.doc.save(overwrite=overwrite))

    def save_as(self, path: Path | None = None) -> bool:
        w = self.window
        if path is None:
            start = str(w.doc.path or w.doc.base_dir / "playlist.json")
            name, _ = QFileDialog.getSaveFileName(w, "Save playlist as", start, JSON_FILTER)
            if not name:
                return False
            path = Path(name)

        def write(_overwrite: bool) -> Saved:
            saved, rebased = w.doc.save_as(path)
            if rebased:
                w.stack.clear()  # file paths were rewritten; older steps no longer apply
            return saved

        ok = self._write(write)
        if ok:
            w.watch_file()
        return ok

    def _write(self, write: Callable[[bool], Saved]) -> bool:
        w = self.window
        unfinished = w.unapplied()
        if unfinished:
            QMessageBox.warning(
                w,
                "Not saved",
                "Some fields are not finished, so nothing was saved:\n\n" + "\n".join(unfinished),
            )
            return False
        try:
            try:
                saved = write(False)
            except DiskChanged:
                if not self.ask_overwrite():
                    return False
                saved = write(True)
        except SaveRefused as e:
            lines = "\n".join(w.problem_text(p) for p in e.problems[:20])
            QMessageBox.warning(
                w,
                "Not saved",
                f"The playlist has {len(e.problems)} problem(s) and was not saved:\n\n{lines}",
            )
            return False
        except SaveError as e:
            QMessageBox.critical(w, "Not saved", f"{e}\n\nThe file on disk is unchanged.")
            return False
        w.stack.setClean()
        w.banner.hide()
        w.update_title()
        if saved.written:
            kept = ""
            if saved.backup is not None:
                kept = f" (the previous version is kept in {saved.backup.parent.name}/)"
            w.statusBar().showMessage(f"Saved {saved.path.name}{kept}")
        else:
            w.statusBar().showMessage(f"No changes: {saved.path.name} is already up to date")
        return True

    def ask_overwrite(self) -> bool:
        w = self.window
        name = w.doc.path.name if w.doc.path else "The playlist"
        answer = QMessageBox.question(
            w,
            "Changed on disk",
            f"{name} was changed outside the editor since you opened it.\n\n"
            "Replace it with your version? (Its current content is kept as a backup.)",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save

    # --- the file changing under the editor ---------------------------------------------

    def check_disk(self) -> None:
        w = self.window
        path = w.doc.path
        if path is None:
            return
        if w.doc.changed_on_disk():
            if not w.banner.isVisible():
                mine = " You have unsaved changes." if w.is_unsaved() else ""
                w.banner.show_change(path.name, mine)
        else:
            w.banner.hide()

    def reload_from_disk(self) -> None:
        w = self.window
        try:
            data = w.doc.read_disk()
        except OpenError as e:
            w.banner.show_change(w.doc.path.name if w.doc.path else "", str(e))
            return
        row = w.current_row()
        w.push(ReloadDocument(w.doc, data))
        w.doc.accept_disk()
        w.stack.setClean()
        w.banner.hide()
        w.select(row)
        w.statusBar().showMessage("Reloaded from disk (Undo brings your version back)", 8000)

    def keep_mine(self) -> None:
        w = self.window
        w.doc.accept_disk()
        w.stack.resetClean()  # what is on disk is not what is here: unsaved
        w.banner.hide()
        w.update_title()

    def confirm_discard(self) -> bool:
        """True when there are no unsaved changes, or the user saved or discarded them."""
        w = self.window
        if not w.is_unsaved():
            return True
        answer = QMessageBox.question(
            w,
            "Unsaved changes",
            "Save the changes to this playlist first?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_blank(self) -> None:
        w = self.window
        if self.confirm_discard():
            w.set_document(PlaylistDocument(blank_playlist(), base_dir=w.doc.base_dir))

    def new_from_bundled(self) -> None:
        from kiosk.resources import bundled_playlist

        w = self.window
        if self.confirm_discard():
            w.set_document(PlaylistDocument.from_template(bundled_playlist()))

    def open_file(self, path: Path | None = None) -> None:
        w = self.window
        if not self.confirm_discard():
            return
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                w, "Open playlist", str(w.doc.base_dir), JSON_FILTER
            )
            if not name:
                return
            path = Path(name)
        try:
            w.set_document(PlaylistDocument.open(path))
        except OpenError as e:
            QMessageBox.warning(w, "Cannot open", str(e))
