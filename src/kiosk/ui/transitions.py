"""Slide transitions: both slides rendered once to pixmaps, composited in one painting widget.

Nothing is re-laid out or re-rendered while a transition runs: the outgoing and incoming
slides are grabbed once (`QWidget.grab`), and `TransitionLayer` paints the two pixmaps at
each animation frame (QVariantAnimation, driven by Qt's animation timer at the display's
frame rate). A new navigation while a transition runs ends it at once (`stop()`), so rapid
presses never stack animations.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QRect, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

__all__ = ["KINDS", "TransitionLayer"]

KINDS = ("fade", "slide", "none")


class TransitionLayer(QWidget):
    """Covers the stage while a transition runs; hidden otherwise."""

    finished = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("transition-layer")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._from = QPixmap()
        self._to = QPixmap()
        self._kind = "none"
        self._direction = 1
        self._t = 0.0
        self._anim = QVariantAnimation(self)
        self._anim.setObjectName("transition-animation")
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.valueChanged.connect(self.on_value)
        self._anim.finished.connect(self.on_finished)
        self.frames = 0  # painted frames of the last transition (benchmarks, tests)
        self.hide()

    @property
    def kind(self) -> str:
        return self._kind

    def running(self) -> bool:
        return self._anim.state() == QVariantAnimation.State.Running

    def hold(self, still: QPixmap) -> None:
        """Show `still` at once, covering the stage while the next slide is prepared."""
        self._from = still
        self._to = QPixmap()
        self._t = 0.0
        self._kind = "none"
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def run(self, start: QPixmap, end: QPixmap, kind: str, direction: int, ms: int) -> None:
        """Animate from `start` to `end`; `direction` +1 forward (push left), -1 back."""
        self._anim.stop()
        self._from, self._to = start, end
        self._kind = kind if kind in KINDS else "fade"
        self._direction = -1 if direction < 0 else 1
        self._t = 0.0
        self.frames = 0
        self._anim.setDuration(max(1, ms))
        self._anim.setEasingCurve(
            QEasingCurve.Type.InOutQuad if self._kind == "fade" else QEasingCurve.Type.OutCubic
        )
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self._anim.start()

    def stop(self) -> bool:
        """End a running transition at once (the incoming slide is already underneath)."""
        was_running = self.running()
        self._anim.stop()
        self._release()
        return was_running

    def on_value(self, value: object) -> None:
        self._t = float(value)  # type: ignore[arg-type]
        self.update()

    def on_finished(self) -> None:
        self._release()
        self.finished.emit()

    def _release(self) -> None:
        self.hide()
        self._from = QPixmap()
        self._to = QPixmap()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.frames += 1
            paint_frame(
                painter, self.rect(), self._from, self._to, self._kind, self._direction, self._t
            )
        finally:
            painter.end()


def paint_frame(
    painter: QPainter,
    rect: QRect,
    start: QPixmap,
    end: QPixmap,
    kind: str,
    direction: int,
    t: float,
) -> None:
    """One frame of a transition at progress `t` (0..1)."""
    if end.isNull():
        if not start.isNull():
            painter.drawPixmap(rect.topLeft(), start)
        return
    if kind == "slide":
        w = rect.width()
        dx = round(w * t) * direction
        painter.drawPixmap(rect.left() - dx, rect.top(), start)
        painter.drawPixmap(rect.left() + w * direction - dx, rect.top(), end)
        return
    if kind == "fade":
        painter.drawPixmap(rect.topLeft(), start)
        painter.setOpacity(t)
        painter.drawPixmap(rect.topLeft(), end)
        painter.setOpacity(1.0)
        return
    painter.drawPixmap(rect.topLeft(), end)
