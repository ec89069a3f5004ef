"""The small ring that fills while the exit chord (or the touch-exit corner) is held.

It sits where the PIN prompt will appear, so the person holding sees that something is
happening and how long is left; it hides the moment they let go. Opaque disc, theme colours,
sized from the screen like every other overlay.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.ui.theme import Theme

__all__ = ["HoldRing"]


class HoldRing(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("exit-hold-ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.fraction = 0.0
        self._surface = QColor("#20242c")
        self._track = QColor("#555b66")
        self._accent = QColor("#f0a020")
        self._width = 10
        self.hide()

    def set_theme(self, theme: Theme) -> None:
        side = theme.px(150)
        self.setFixedSize(QSize(side, side))
        self._width = max(3, theme.px(14))
        self._surface = QColor(theme.surface)
        self._track = QColor(theme.muted)
        self._accent = QColor(theme.accent)

    def relayout(self, size: QSize) -> None:
        self.move((size.width() - self.width()) // 2, (size.height() - self.height()) // 2)

    def set_fraction(self, fraction: float) -> None:
        """0..1 fills the ring; below 0 hides it."""
        if fraction < 0:
            self.hide()
            return
        self.fraction = min(1.0, fraction)
        if not self.isVisible():
            self.show()
            self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self._surface)
        p.drawEllipse(QRectF(self.rect()))
        inset = self._width * 1.5
        ring = QRectF(self.rect()).adjusted(inset, inset, -inset, -inset)
        pen = QPen(self._track, self._width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(ring)
        pen.setColor(self._accent)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawArc(ring, 90 * 16, -round(self.fraction * 360 * 16))  # clockwise from 12
        p.end()
