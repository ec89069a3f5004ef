"""The window's parts that only show things: titled panes, the problems list, the disk bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

__all__ = ["DiskBanner", "ProblemsList", "pane"]


def pane(title: str, body: QWidget, parent: QWidget, name: str) -> tuple[QWidget, QLabel]:
    """`body` under a bold title; returns (the pane, its title label)."""
    box = QWidget(parent)
    box.setObjectName(f"pane-{name}")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.setSpacing(4)
    label = QLabel(title, box)
    label.setObjectName(f"title-{name}")
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    layout.addWidget(label)
    layout.addWidget(body, 1)
    return box, label


class ProblemsList(QListWidget):
    """Every problem of the playlist, one wrapped line each; 'No problems' when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.show_problems([])

    def show_problems(self, lines: list[str]) -> None:
        self.clear()
        if not lines:
            item = QListWidgetItem("✓ No problems: the display can show this playlist.")
            item.setForeground(QColor("#2E7D32"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)
            return
        for line in lines:
            item = QListWidgetItem(f"⚠ {line}")
            item.setToolTip("Double-click to go there")
            self.addItem(item)


class DiskBanner(QFrame):
    """'deck.json was changed outside the editor' with Reload / Keep mine."""

    reload_requested = Signal()
    keep_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disk-banner")
        self.setStyleSheet(
            "#disk-banner { background: #FFF4CE; border: 1px solid #E0B000; }"
            " #disk-banner QLabel { color: #3A2E00; }"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self.reload = QPushButton("Reload from disk", self)
        self.reload.setObjectName("reload")
        self.reload.setToolTip("Show the file as it is now (Undo brings your version back)")
        self.keep = QPushButton("Keep mine", self)
        self.keep.setObjectName("keep")
        self.keep.setToolTip("Keep editing your version; saving replaces the file's")
        row.addWidget(self.reload)
        row.addWidget(self.keep)
        self.reload.clicked.connect(lambda _=False: self.reload_requested.emit())
        self.keep.clicked.connect(lambda _=False: self.keep_requested.emit())
        self.hide()

    def show_change(self, name: str, detail: str = "") -> None:
        self.text.setText(
            f"{name} was changed outside the editor. {detail}".strip()
            + " Reload it, or keep your version?"
        )
        self.show()
