"""Picking a file for a playlist field: at the deck's folder, the right kind, with a preview.

The dialog opens in the playlist's folder (or where the field's file already is), shows only
files of the field's kind (pictures for an image, CSV/JSON for data, fonts for fonts) and a
thumbnail of the picture under the cursor. A file picked outside the deck's folder would
break when the deck is copied to the display, so the editor offers to copy it in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileInfo, QSize, Qt
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFileIconProvider,
    QLabel,
    QMessageBox,
    QWidget,
)

from kiosk.editor.deckfiles import copy_into, inside

__all__ = ["FILTERS", "ThumbnailIcons", "ask_for_file", "build_dialog", "kind_of", "pick_file"]

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


_PICTURE_SUFFIXES = frozenset({"svg", "png", "jpg", "jpeg", "gif", "webp", "bmp"})
_ICON = QSize(48, 48)
_MAX_THUMB_BYTES = 8 * 1024 * 1024  # a bigger picture gets the ordinary icon


class ThumbnailIcons(QFileIconProvider):
    """Pictures show as small thumbnails in the file list (cached per file and version)."""

    def __init__(self) -> None:
        super().__init__()
        self._cache: dict[tuple[str, int], QIcon] = {}

    def icon(self, what: Any) -> QIcon:
        if not isinstance(what, QFileInfo) or what.suffix().lower() not in _PICTURE_SUFFIXES:
            return super().icon(what)
        if not what.isFile() or what.size() > _MAX_THUMB_BYTES:
            return super().icon(what)
        key = (what.absoluteFilePath(), what.lastModified().toSecsSinceEpoch())
        if key not in self._cache:
            reader = QImageReader(what.absoluteFilePath())
            reader.setScaledSize(_ICON)  # SVG and JPEG decode straight to the small size
            image = reader.read()
            self._cache[key] = QIcon(QPixmap.fromImage(image)) if not image.isNull() else QIcon()
        icon = self._cache[key]
        return icon if not icon.isNull() else super().icon(what)


def build_dialog(parent: QWidget | None, kind: str, start: Path) -> QFileDialog:
    """Qt's own file dialog (not the platform's, so it can show thumbnails and a preview)."""
    dialog = QFileDialog(parent, "Choose a file", str(start))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters([FILTERS[kind], FILTERS["any"]])
    if kind != "image":
        return dialog
    provider = ThumbnailIcons()
    dialog.setIconProvider(provider)
    dialog.setProperty("kiosk-icons", provider)  # the dialog does not own its provider
    for view in dialog.findChildren(QAbstractItemView):
        if view.objectName() in ("listView", "treeView"):  # the files, not the sidebar
            view.setIconSize(_ICON)
    return dialog


def ask_for_file(parent: QWidget, kind: str, start: Path) -> Path | None:
    """The file dialog itself (tests replace this function)."""
    dialog = build_dialog(parent, kind, start)
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
