"""The slide list view: drag a slide and a line shows where it will land, gaps included.

Qt's list view only knows a drop *onto* an item; a drop in the spacing between two rows
had no row, and the model sent the slide to the end of the deck. Here the drop position is
the row boundary nearest the pointer (above a row's middle: before it), drawn as a line
while dragging, and the drop asks the model to move the slide exactly there.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from kiosk.editor.slidelist import MIME, SlideListModel

__all__ = ["SlideListView"]

DROP_LINE = QColor("#1E88E5")


class SlideListView(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slides")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDropIndicatorShown(False)  # we draw our own, in the gaps too
        self.setSpacing(2)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.drop_row: int | None = None

    def slide_model(self) -> SlideListModel:
        model = self.model()
        assert isinstance(model, SlideListModel)
        return model

    def drop_row_at(self, pos: QPoint) -> int:
        """The row a slide dropped at `pos` (viewport coordinates) is inserted before."""
        model = self.model()
        for row in range(model.rowCount()):
            if pos.y() < self.visualRect(model.index(row, 0)).center().y():
                return row
        return model.rowCount()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not event.mimeData().hasFormat(MIME):
            event.ignore()
            return
        self.drop_row = self.drop_row_at(event.position().toPoint())
        self.viewport().update()
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: object) -> None:
        self.drop_row = None
        self.viewport().update()

    def dropEvent(self, event: QDropEvent) -> None:
        data = event.mimeData()
        self.drop_row = None
        self.viewport().update()
        if not data.hasFormat(MIME):
            event.ignore()
            return
        before = self.drop_row_at(event.position().toPoint())
        src = int(bytes(data.data(MIME).data()).decode())
        self.slide_model().request_move(src, before)
        event.setDropAction(Qt.DropAction.CopyAction)  # the view must not remove anything
        event.accept()

    def drop_line_y(self) -> int | None:
        if self.drop_row is None:
            return None
        model = self.model()
        if model.rowCount() == 0:
            return 0
        if self.drop_row < model.rowCount():
            return self.visualRect(model.index(self.drop_row, 0)).top() - self.spacing()
        return self.visualRect(model.index(model.rowCount() - 1, 0)).bottom() + self.spacing()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        y = self.drop_line_y()
        if y is None:
            return
        painter = QPainter(self.viewport())
        painter.setPen(QPen(DROP_LINE, 3))
        painter.drawLine(4, y, self.viewport().width() - 4, y)
        painter.end()
