"""Pictures of slides for the presenter window and the overview grid, rendered once and cached.

A slide is built off screen at a fixed render size (the stage's shape, 960 px wide: text
stays in proportion, charts are drawn by their own code), jumped to its final state or to a
reveal step, painted into a pixmap and dropped. Pictures are kept per deck version, so a hot
reload redraws them and going back and forth costs nothing. A slide that cannot be built
gets a plain card saying so, never an exception.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.loader import LoadedPlaylist
from kiosk.ui.slides import SlideBuildError, build_slide, make_context

__all__ = ["RENDER_WIDTH", "SlidePictures"]

log = logging.getLogger(__name__)

RENDER_WIDTH = 960


class SlidePictures:
    """Cached pictures of the slides of `deck()` (called each time: the deck may change)."""

    def __init__(self, deck: Callable[[], LoadedPlaylist], shape: Callable[[], QSize]) -> None:
        self._deck = deck
        self._shape = shape
        self._cache: dict[tuple[object, ...], QPixmap] = {}
        self._version: object = None
        self.renders = 0  # slides built so far (tests: the cache works)

    def render_size(self) -> QSize:
        shape = self._shape()
        w, h = max(1, shape.width()), max(1, shape.height())
        return QSize(RENDER_WIDTH, max(1, round(RENDER_WIDTH * h / w)))

    def picture(
        self,
        index: int,
        version: object,
        step: int | None = None,
        languages: tuple[str, ...] = (),
    ) -> QPixmap:
        """Slide `index` (0-based) in its final state, or at reveal `step`, drawn in
        `languages` (default: as the deck's language_mode says)."""
        size = self.render_size()
        if version != self._version:
            self._cache.clear()
            self._version = version
        key = (index, step, size.width(), size.height(), languages)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._render(index, size, step, languages)
        return hit

    def _render(
        self, index: int, size: QSize, step: int | None, languages: tuple[str, ...] = ()
    ) -> QPixmap:
        loaded = self._deck()
        slides = loaded.playlist.slides
        if not 0 <= index < len(slides):
            return _card(size, "no slide")
        self.renders += 1
        ctx = make_context(loaded, size, languages)
        try:
            view = build_slide(slides[index], ctx)
        except SlideBuildError as e:
            log.info("slide %d has no picture: %s", index + 1, e)
            return _card(size, f"slide {index + 1} cannot be shown")
        except Exception:  # a renderer bug must not take the presenter down
            log.exception("slide %d: no picture", index + 1)
            return _card(size, f"slide {index + 1} cannot be shown")
        try:
            view.finish()
            if step is not None:
                view.show_step(step)
            pix = QPixmap(size)
            pix.fill(ctx.theme.background if ctx.theme else QColor("#000000"))
            painter = QPainter(pix)
            try:
                view.render(
                    painter,
                    QPoint(0, 0),
                    renderFlags=QWidget.RenderFlag.DrawChildren
                    | QWidget.RenderFlag.DrawWindowBackground,
                )
            finally:
                painter.end()
        finally:
            view.release()
            view.deleteLater()
        return pix


def _card(size: QSize, text: str) -> QPixmap:
    pix = QPixmap(size)
    pix.fill(QColor("#1A1F2B"))
    painter = QPainter(pix)
    font = QFont()
    font.setPixelSize(max(12, size.height() // 14))
    painter.setFont(font)
    painter.setPen(QColor("#C8D0DC"))
    painter.drawText(QRect(0, 0, size.width(), size.height()), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pix
