"""The slide list: a read-only Qt model over the document's slides.

Rows show number, type and title, a thumbnail, and a check box for `enabled`. Ticking the
box or dragging a row does not change anything here: the model emits `enable_requested` /
`move_requested`, and the window turns them into undo steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from kiosk.editor.document import PlaylistDocument
from kiosk.editor.langs import deck_languages, fallback_text, text_in
from kiosk.editor.preview import Thumbnails

__all__ = ["SlideListModel"]

MIME = "application/x-kiosk-slide-row"
Index = QModelIndex | QPersistentModelIndex


def slide_title(slide: Any, primary: str = "en") -> str:
    if not isinstance(slide, dict):
        return "(not an object)"
    for key in ("title", "heading", "label", "text", "caption", "image"):
        value = slide.get(key)
        if isinstance(value, dict):  # text in several languages: the primary's
            value = text_in(value, primary, [primary]) or fallback_text(value, primary, [])
        if isinstance(value, str) and value.strip():
            return value.strip().splitlines()[0][:60]
    return ""


class SlideListModel(QAbstractListModel):
    move_requested = Signal(int, int)  # from, to (final index)
    enable_requested = Signal(int, bool)

    def __init__(self, doc: PlaylistDocument, thumbs: Thumbnails) -> None:
        super().__init__()
        self.doc = doc
        self.thumbs = thumbs
        self.problems: dict[int, list[str]] = {}
        thumbs.ready.connect(self.on_thumbnail)

    def set_document(self, doc: PlaylistDocument) -> None:
        self.beginResetModel()
        self.doc = doc
        self.problems = {}
        self.endResetModel()

    def reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def on_thumbnail(self, row: int) -> None:
        if 0 <= row < self.rowCount():
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def set_problems(self, problems: dict[int, list[str]]) -> None:
        self.problems = problems
        if self.rowCount():
            self.dataChanged.emit(self.index(0), self.index(self.rowCount() - 1))

    # --- QAbstractListModel -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.doc.slides)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.doc.slides):
            return None
        row = index.row()
        slide = self.doc.slides[row]
        kind = slide.get("type", "?") if isinstance(slide, dict) else "?"
        enabled = not isinstance(slide, dict) or slide.get("enabled", True) is not False
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "⚠ " if row in self.problems else ""
            off = " (off)" if not enabled else ""
            title = slide_title(slide, deck_languages(self.doc.data)[0]) or "(no title)"
            return f"{mark}{row + 1}. {kind}{off}\n{title}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbs.get(row)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = self.problems.get(row)
            return "\n".join(lines) if lines else "Drag to reorder; untick to skip this slide"
        if role == Qt.ItemDataRole.ForegroundRole:
            if row in self.problems:
                return QColor("#C62828")
            return QColor("#888888") if not enabled else None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        self.enable_requested.emit(index.row(), checked)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(MIME, QByteArray(str(rows[0]).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, *_: Any) -> bool:
        return data.hasFormat(MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        src = int(bytes(data.data(MIME).data()).decode())
        before = row if row >= 0 else (parent.row() if parent.isValid() else self.rowCount())
        return self.request_move(src, before)

    def request_move(self, src: int, before: int) -> bool:
        """Ask to move slide `src` to just before row `before` (rowCount(): the end)."""
        dst = before - 1 if before > src else before
        if dst == src or not 0 <= src < self.rowCount() or not 0 <= dst < self.rowCount():
            return False
        self.move_requested.emit(src, dst)
        return True
