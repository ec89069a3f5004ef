"""The overview (reveal.js' grid): every slide as a thumbnail; arrows and Enter jump.

O on the stage opens it over the slide on screen, with the slide on screen selected. Arrows
(and Home/End) move the selection, Enter or a click jumps there — a `goto` command to the
same show every other source drives — and closes the grid; Esc or O closes it without
moving. While it is open it takes every key on the stage (except chords with Ctrl/Alt, so
the exit chord still works), so an arrow moves the selection and not the deck.

It is a key filter on the application (installed after the stage's input controller, so it
sees keys first) and an opaque widget over the stage; it only draws pictures from
`thumbs.SlidePictures` and sends commands.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.core.commands import Command, Op
from kiosk.ui.thumbs import SlidePictures

if TYPE_CHECKING:
    from kiosk.ui.app import Player

__all__ = ["Overview", "grid_shape"]

K = Qt.Key


def grid_shape(n: int, area: QSize, aspect: float, gap: int, label: int) -> tuple[int, int, int]:
    """(columns, rows, thumbnail width) that make `n` thumbnails of `aspect` (w/h) largest
    in `area`, with `gap` between them and `label` px under each for its number."""
    best = (1, max(1, n), 1)
    for cols in range(1, max(1, n) + 1):
        rows = math.ceil(n / cols)
        w = (area.width() - gap * (cols + 1)) / cols
        h = (area.height() - gap * (rows + 1)) / rows - label
        width = int(min(w, h * aspect))
        if width > best[2]:
            best = (cols, rows, width)
    return best


class Overview(QWidget):
    """The grid of every slide, over the stage of `player`."""

    def __init__(self, player: Player) -> None:
        super().__init__(player.stage)
        self.setObjectName("overview")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.player = player
        self.pictures = SlidePictures(lambda: player.loaded, lambda: player.stage.size())
        self.indices: list[int] = []  # playlist indices shown, in order
        self.selected = 0  # position in `indices`
        self.cols = 1
        self._rects: list[QRect] = []
        player.state_changed.connect(self.on_state)
        self.hide()

    def on_state(self, _: object) -> None:
        if self.isVisible():
            self.update()  # the "on screen" mark follows the show

    def key_press(self, event: QKeyEvent) -> bool:
        """Keys while the grid is open (the input controller hands them here first); chords
        (the exit chord) stay the stage's."""
        if not self.isVisible():
            return False
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return False
        self.on_key(event.key())
        return True

    # --- opening and moving -----------------------------------------------------------------

    def open(self) -> None:
        slides = self.player.loaded.playlist.slides
        self.indices = [i for i, s in enumerate(slides) if s.enabled]
        current = self.player.state.index
        self.selected = self.indices.index(current) if current in self.indices else 0
        self.setGeometry(self.player.stage.rect())
        self._layout()
        self.show()
        self.raise_()
        self.setFocus()

    def close_overview(self) -> None:
        self.hide()

    def on_key(self, key: int) -> None:
        n = len(self.indices)
        moves: dict[int, int] = {
            K.Key_Right: 1,
            K.Key_Left: -1,
            K.Key_Down: self.cols,
            K.Key_Up: -self.cols,
            K.Key_PageDown: self.cols,
            K.Key_PageUp: -self.cols,
        }
        if key in (K.Key_Escape, K.Key_O):
            self.close_overview()
        elif key in (K.Key_Return, K.Key_Enter, K.Key_Space):
            self.jump(self.selected)
        elif key == K.Key_Home:
            self.select(0)
        elif key == K.Key_End:
            self.select(n - 1)
        elif key in moves:
            self.select(self.selected + moves[key])

    def select(self, position: int) -> None:
        if self.indices:
            self.selected = min(max(position, 0), len(self.indices) - 1)
            self.update()

    def jump(self, position: int) -> None:
        """Go to the slide at `position` in the grid, through the show, and close."""
        if not self.indices:
            return
        index = self.indices[min(max(position, 0), len(self.indices) - 1)]
        self.close_overview()
        self.player.submit(Command(Op.GOTO, index=index, source="overview"))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for pos, rect in enumerate(self._rects):
            if rect.contains(event.position().toPoint()):
                self.jump(pos)
                return
        self.close_overview()

    # --- drawing ----------------------------------------------------------------------------

    def _layout(self) -> None:
        t = self.player.stage.theme
        size = self.size()
        gap = t.px(28)
        label = t.px(44)
        area = QSize(size.width() - 2 * t.margin_x + 2 * gap, size.height() - 2 * t.margin_y)
        aspect = size.width() / max(1, size.height())
        cols, rows, width = grid_shape(len(self.indices), area, aspect, gap, label)
        height = round(width / aspect)
        self.cols = cols
        total_w = cols * width + (cols - 1) * gap
        total_h = rows * (height + label) + (rows - 1) * gap
        x0 = (size.width() - total_w) // 2
        y0 = (size.height() - total_h) // 2
        self._rects = [
            QRect(
                x0 + (k % cols) * (width + gap),
                y0 + (k // cols) * (height + label + gap),
                width,
                height,
            )
            for k in range(len(self.indices))
        ]

    def resizeEvent(self, event: object) -> None:
        if self.isVisible():
            self._layout()

    def thumbnail_rects(self) -> list[QRect]:
        return list(self._rects)

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self.player.stage.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), t.background)
        version = self.player.state.deck_version
        on_screen = self.player.state.index
        failed = self.player.state.failed
        font = t.qfont()
        font.setPixelSize(t.min_text_px)
        painter.setFont(font)
        for pos, (index, rect) in enumerate(zip(self.indices, self._rects, strict=True)):
            if not rect.intersects(event.rect().adjusted(-20, -20, 20, 20)):
                continue
            langs = self.player.show.languages_for(index)  # as it will be shown next
            painter.drawPixmap(rect, self.pictures.picture(index, version, None, langs))
            if index in failed:
                painter.fillRect(rect, QColor(0, 0, 0, 150))
            if pos == self.selected:
                pen = QPen(t.highlight, t.px(6))
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                m = t.px(3)
                painter.drawRoundedRect(rect.adjusted(-m, -m, m, m), t.px(8), t.px(8))
            label = QRect(rect.left(), rect.bottom() + t.px(8), rect.width(), t.px(36))
            slide = self.player.loaded.playlist.slides[index]
            name = next(
                (
                    getattr(slide, f)
                    for f in ("heading", "title", "speaker")
                    if getattr(slide, f, "")
                ),
                slide.type,
            )
            text = f"{index + 1}  {name}"
            if index == on_screen:
                text = f"{index + 1}  ● on screen"
            painter.setPen(t.highlight if pos == self.selected else t.muted)
            painter.drawText(
                label,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, rect.width()),
            )
        painter.end()
