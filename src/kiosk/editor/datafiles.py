"""The deck's data files in the editor: the table editor on one, and edits made elsewhere.

A chart's "Edit data…" opens the data table editor (`datadialog`); when it saves, or when a
spreadsheet saves one of the deck's data files outside the editor (the file watch sees it
and the stamp of sizes and times differs), every thumbnail and the preview are redrawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.editor.datadialog import DataTableDialog
from kiosk.editor.problems import DataStamp, data_stamp

if TYPE_CHECKING:
    from kiosk.editor.window import EditorWindow

__all__ = ["DataFiles"]


class DataFiles:
    def __init__(self, window: EditorWindow) -> None:
        self.window = window
        self.dialog: DataTableDialog | None = None
        self._stamp: DataStamp = ()

    def stamp(self) -> DataStamp:
        """When and how big each data file the deck reads is (to notice outside edits)."""
        loaded = self.window.loaded
        return data_stamp(loaded.tables) if loaded is not None else ()

    def remember(self) -> None:
        """The data files as they are now are the ones shown."""
        self._stamp = self.stamp()

    def on_maybe_changed(self) -> None:
        """A data file changed outside the editor (a spreadsheet saved it): redraw."""
        if self.stamp() != self._stamp:
            self.window.redraw_data()

    def edit(self, rel: str) -> None:
        """Open the data table editor on the chart's data file."""
        w = self.window
        if not rel:
            w.statusBar().showMessage("Choose a data file first (Browse…).", 8000)
            return
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = DataTableDialog(w.doc.base_dir / rel, w)
        self.dialog.saved.connect(self.on_saved)
        self.dialog.open()

    def on_saved(self, path: Path) -> None:
        self.window.redraw_data()
        self.window.statusBar().showMessage(
            f"Saved {path.name}; the preview shows the new data.", 8000
        )
