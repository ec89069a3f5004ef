"""Slide transitions: both slides rendered once to pixmaps, composited in one painting widget.

Nothing is re-laid out or re-rendered while a transition runs: the outgoing and incoming
slides are grabbed once (`QWidget.grab`), and `TransitionLayer` paints the two pixmaps at
each animation frame (QVariantAnimation, driven by Qt's animation timer at the display's
frame rate). A new navigation while a transition runs ends it at once (`stop()`), so rapid
presses never stack animations.

A `slide` transition moves the slides' content, not the theme background: the background
stays still under both (moving two copies of it showed a seam where they met). The content
is separated from the background once, at the start: the pixels where a grab equals the
background become transparent (a Difference composite and a colour mask, both in Qt's C++).
Measured here: 27 ms per slide at 1080p, 97 ms at 4K, twice at the start of a `slide`
transition only (fade and none are untouched).

Under a background video the slides are transparent (the stage paints the clip under them):
the stage sets `underlay`, which paints the live frame under every frame of a transition, the
grabs are content already, and a fade blends the two contents over the moving background.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QRect, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QBitmap, QColor, QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.ui.screenfade import ScreenFade

__all__ = ["KINDS", "TransitionLayer", "content_only", "paint_frame"]

log = logging.getLogger(__name__)

KINDS = ("fade", "slide", "none")


class TransitionLayer(QWidget):
    """Covers the stage while a transition runs; hidden otherwise."""

    finished = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._stage = parent  # covers it; never reparented
        self.setObjectName("transition-layer")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._from = QPixmap()
        self._to = QPixmap()
        self._still = QPixmap()  # the background a slide transition keeps still
        # paints the stage's background (a video) under the slides' content, set by the stage
        self.underlay: Callable[[QPainter, QRect], None] | None = None
        self._kind = "none"
        self._direction = 1
        self._t = 0.0
        self._anim = QVariantAnimation(self)
        self._anim.setObjectName("transition-animation")
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        # each animation frame asks for a repaint in C++ (QWidget::update): no Python runs
        # between the animation's tick and the paint, which reads the progress itself
        self._anim.valueChanged.connect(self.update)
        self._anim.finished.connect(self.on_finished)
        self.frames = 0  # painted frames of the last transition (benchmarks, tests)
        self.screen_fade = ScreenFade(self)  # a fade from what the window shows
        self.hide()

    @property
    def kind(self) -> str:
        return self._kind

    def running(self) -> bool:
        return self._anim.state() == QVariantAnimation.State.Running

    def hold_screen(self) -> bool:
        """Cover the stage with what the window shows now (painting nothing over it), the
        start of a fade; False (nothing done) where that is not a plain image of the stage
        over the theme background (a background clip moves under it)."""
        if self.underlay is not None or self.screen_fade.store_image() is None:
            return False
        self.hold(QPixmap())
        self.screen_fade.begin()
        return True

    def hold(self, still: QPixmap) -> None:
        """Show `still` at once, covering the stage while the next slide is prepared."""
        self._from = still
        self._to = QPixmap()
        self._t = 0.0
        self._kind = "none"
        self.setGeometry(self._stage.rect())
        self.show()
        self.raise_()

    def run(
        self,
        start: QPixmap,
        end: QPixmap,
        kind: str,
        direction: int,
        ms: int,
        background: QPixmap | None = None,
    ) -> None:
        """Animate from `start` to `end`; `direction` +1 forward (push left), -1 back.

        background: what a `slide` transition keeps still (by default the stage theme's).
        After `hold_screen`, a fade starts from the screen (`start` is not needed)."""
        self._anim.stop()
        if not self.screen_fade.active or kind != "fade" or end.isNull():
            self.screen_fade.end()
        self._from, self._to = start, end
        self._kind = kind if kind in KINDS else "fade"
        self._still = QPixmap()
        layered = self.underlay is not None  # the grabs are content only already
        if self._kind == "slide" and not end.isNull() and not start.isNull() and not layered:
            still = background if background is not None else self._stage_background()
            if still is not None and still.size() == start.size() == end.size():
                self._still = still
                self._from, self._to = content_only(start, still), content_only(end, still)
        self._direction = -1 if direction < 0 else 1
        self._t = 0.0
        self.frames = 0
        self._anim.setDuration(max(1, ms))
        self._anim.setEasingCurve(
            QEasingCurve.Type.InOutQuad if self._kind == "fade" else QEasingCurve.Type.OutCubic
        )
        self.setGeometry(self._stage.rect())
        self.show()
        self.raise_()
        self._anim.start()

    def stop(self) -> bool:
        """End a running transition at once (the incoming slide is already underneath)."""
        was_running = self.running()
        self._anim.stop()
        self._release()
        return was_running

    def progress(self) -> float:
        """How far the transition is, 0..1 (eased); a still held shows its start."""
        if self._anim.state() == QVariantAnimation.State.Stopped:
            return self._t
        return float(self._anim.currentValue())

    def on_finished(self) -> None:
        self._release()
        self.finished.emit()

    def _stage_background(self) -> QPixmap | None:
        theme = getattr(self.parentWidget(), "theme", None)
        if theme is None:
            return None
        from kiosk.ui.background import background_pixmap  # cached per theme and size

        try:
            return background_pixmap(theme, self.size())
        except Exception:  # a background that cannot be drawn: move the slides as they are
            log.exception("transition: no still background; the slides move with theirs")
            return None

    def _release(self) -> None:
        self.hide()
        self.screen_fade.end()
        self._from = QPixmap()
        self._to = QPixmap()
        self._still = QPixmap()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.frames += 1
            if self.screen_fade.active:
                self.screen_fade.paint(painter, event.region(), self._to, self.progress())
                return
            if self.underlay is not None:
                self.underlay(painter, self.rect())
            paint_frame(
                painter,
                self.rect(),
                self._from,
                self._to,
                self._kind,
                self._direction,
                self.progress(),
                background=self._still,
                layered=self.underlay is not None,
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
    *,
    background: QPixmap | None = None,
    layered: bool = False,
) -> None:
    """One frame of a transition at progress `t` (0..1). With `background`, a slide
    transition draws it still and moves `start` and `end` (content only) over it.
    `layered`: both are content over a background painted already; a fade blends them."""
    if end.isNull():
        if not start.isNull():
            painter.drawPixmap(rect.topLeft(), start)
        return
    if kind == "slide":
        if background is not None and not background.isNull():
            painter.drawPixmap(rect.topLeft(), background)
        w = rect.width()
        dx = round(w * t) * direction
        painter.drawPixmap(rect.left() - dx, rect.top(), start)
        painter.drawPixmap(rect.left() + w * direction - dx, rect.top(), end)
        return
    if kind == "fade":
        painter.setOpacity(1.0 - t if layered else 1.0)
        painter.drawPixmap(rect.topLeft(), start)
        painter.setOpacity(t)
        painter.drawPixmap(rect.topLeft(), end)
        painter.setOpacity(1.0)
        return
    painter.drawPixmap(rect.topLeft(), end)


def content_only(pix: QPixmap, background: QPixmap) -> QPixmap:
    """`pix` with the pixels where it shows `background` unchanged made transparent."""
    diff = pix.toImage().convertToFormat(QImage.Format.Format_RGB32)
    painter = QPainter(diff)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
    painter.drawPixmap(0, 0, background)
    painter.end()
    same = QColor(0, 0, 0).rgb()
    mask = QBitmap.fromImage(diff.createMaskFromColor(same, Qt.MaskMode.MaskInColor))
    out = QPixmap(pix)
    out.setMask(mask)
    return out
