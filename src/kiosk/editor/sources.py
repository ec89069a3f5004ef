"""Where a chart's values come from: typed here, or a data file — switched in one click.

"From a data file" asks for a CSV/JSON file (in the deck folder, see browse.py) and takes
its first column for the labels and the first column of numbers for the values; with no
file picked it offers to write the typed values into a new CSV beside the playlist. "Typed
here" copies the file's numbers into the slide. Either way it is one undo step.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox, QWidget

from kiosk.core.data import DataError, load_table
from kiosk.core.jsonpos import JsonPath
from kiosk.editor.browse import pick_file
from kiosk.editor.datatable import table_from_values, values_from_table, write_table
from kiosk.editor.document import MISSING

if TYPE_CHECKING:
    from kiosk.editor.window import EditorWindow

__all__ = ["SourceSwitcher", "guess_columns"]

Changes = list[tuple[JsonPath, Any]]
_DEFAULT_VALUES = [{"label": "2020", "value": 1}, {"label": "2021", "value": 2}]


def guess_columns(path: Path) -> tuple[str, str] | None:
    """(labels column, values column) of a data file: the first column, the first numeric one."""
    try:
        table = load_table(path)
    except DataError:
        return None
    x = table.columns[0]
    for column in table.columns[1:]:
        if all(isinstance(row.get(column), float) for row in table.rows):
            return x, column
    return (x, table.columns[1]) if len(table.columns) > 1 else None


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40] or "chart"


class SourceSwitcher:
    """Turns a click on 'Typed here' / 'From a data file' into one undoable change."""

    def __init__(self, window: EditorWindow) -> None:
        self.window = window

    @property
    def _parent(self) -> QWidget:
        return self.window

    def _apply(self, text: str, changes: Changes) -> None:
        self.window.on_fields_edited(text, changes)

    def _tell(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    def on_source_requested(self, chart: JsonPath, which: str) -> None:
        doc = self.window.doc
        has_file = doc.get((*chart, "data")) is not MISSING
        if which == "file" and not has_file:
            self.to_file(chart)
        elif which == "values" and has_file:
            self.to_values(chart)
        self.window.select(self.window.current_row())  # show the switch as it now is

    def to_file(self, chart: JsonPath) -> None:
        doc = self.window.doc
        picked = pick_file(self._parent, "data", doc.base_dir, "")
        if picked is None:
            picked = self._offer_new_file(chart)
            if picked is None:
                return
        guess = guess_columns(picked) or ("label", "value")
        changes: Changes = [
            ((*chart, "values"), MISSING),
            ((*chart, "data"), doc.relative(picked)),
            ((*chart, "x"), guess[0]),
            ((*chart, "y"), guess[1]),
        ]
        self._apply("Take the chart's values from a file", changes)
        self._tell(f"The chart now shows {picked.name}; 'Edit data…' changes its numbers.")

    def _offer_new_file(self, chart: JsonPath) -> Path | None:
        doc = self.window.doc
        if doc.path is None:
            self._tell("Save the playlist first: a new data file goes into its folder.")
            return None
        answer = QMessageBox.question(
            self._parent,
            "New data file",
            "No file chosen. Write the values typed here into a new CSV file in the deck's "
            "folder, and use that?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        values = doc.get((*chart, "values"))
        rows = values if isinstance(values, list) else _DEFAULT_VALUES
        heading = doc.get((*chart, "heading"))
        folder = doc.base_dir / "data" if (doc.base_dir / "data").is_dir() else doc.base_dir
        name = _slug(heading if isinstance(heading, str) else "chart")
        target = folder / f"{name}.csv"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{name}-{n}.csv"
        try:
            write_table(target, table_from_values(rows))
        except (OSError, ValueError) as e:
            self._tell(f"Could not write {target.name}: {e}")
            return None
        return target

    def to_values(self, chart: JsonPath) -> None:
        doc = self.window.doc
        data, x, y = (doc.get((*chart, k)) for k in ("data", "x", "y"))
        first_y = y if isinstance(y, str) else (y[0] if isinstance(y, list) and y else None)
        values: list[dict[str, object]] = _DEFAULT_VALUES
        if isinstance(data, str) and isinstance(x, str) and isinstance(first_y, str):
            try:
                values = values_from_table(load_table(doc.base_dir / data), x, first_y)[:500]
            except DataError as e:
                self._tell(f"{Path(data).name}: {e.message}; starting from two example values.")
        changes: Changes = [
            ((*chart, "data"), MISSING),
            ((*chart, "x"), MISSING),
            ((*chart, "y"), MISSING),
            ((*chart, "values"), values or _DEFAULT_VALUES),
        ]
        self._apply("Type the chart's values here", changes)
