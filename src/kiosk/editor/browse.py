"""Picking a file for a playlist field: at the deck's folder, the right kind, with a preview.

The dialog opens in the playlist's folder (or where the field's file already is), shows only
files of the field's kind (pictures for an image, CSV/JSON for data, fonts for fonts) and a
thumbnail of the picture under the cursor. A file picked outside the deck's folder would
break when the deck is copied to the display, so the editor offers to copy it in.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget

from kiosk.editor.deckfiles import copy_into, inside

__all__ = ["FILTERS", "ask_for_file", "kind_of", "pick_file"]

FILTERS: dict[str, str] = {
    "image": "Pictures (*.svg *.png *.jpg *.jpeg *.gif *.webp *.bmp)",
    "data": "Data tables (*.csv *.json)",
    "font": "Fonts (*.ttf *.otf *.ttc)",
    "any": "All files (*)",
}
_DATA_KEYS = {"data", "file"}
_FONT_KEYS = {"fonts"}


def kind_of(key: str) -> str:
    if key in _DATA_KEYS:
        return "data"
    if key in _FONT_KEYS:
        return "font"
    return "image"


def ask_for_file(parent: QWidget, kind: str, start: Path) -> Path | None:
    """The file dialog itself (tests replace this function)."""
    dialog = QFileDialog(parent, "Choose a file", str(start))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # so the preview fits
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters([FILTERS[kind], FILTERS["any"]])
    if kind == "image":
        preview = QLabel("(preview)", dialog)
        preview.setObjectName("file-preview")
        preview.setFixedSize(200, 150)
        preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = dialog.layout()
        if layout is not None:
            layout.addWidget(preview)

        def show(name: str) -> None:
            pixmap = QPixmap(name) if Path(name).is_file() else QPixmap()
            if pixmap.isNull():
                preview.setText("(no preview)")
            else:
                preview.setPixmap(
                    pixmap.scaled(
                        preview.size(),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )

        dialog.currentChanged.connect(show)
    if not dialog.exec():
        return None
    names = dialog.selectedFiles()
    return Path(names[0]) if names else None


def pick_file(parent: QWidget, key: str, deck_dir: Path, current: str) -> Path | None:
    """Ask for a file for field `key`; one from outside the deck may be copied into it."""
    kind = kind_of(key)
    start = deck_dir
    if current:
        existing = (deck_dir / current).parent
        if existing.is_dir():
            start = existing
    picked = ask_for_file(parent, kind, start)
    if picked is None or inside(picked, deck_dir):
        return picked
    answer = QMessageBox.question(
        parent,
        "Copy into the deck folder?",
        f"{picked.name} is outside the deck's folder ({deck_dir}).\n\n"
        "Copy it into the deck folder, so the deck keeps working when it is moved to the "
        "display? (No: use it where it is.)",
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel,
    )
    if answer == QMessageBox.StandardButton.Cancel:
        return None
    if answer == QMessageBox.StandardButton.Yes:
        try:
            return copy_into(picked, deck_dir)
        except OSError as e:
            QMessageBox.warning(parent, "Not copied", f"Could not copy {picked.name}: {e}")
            return None
    return picked
