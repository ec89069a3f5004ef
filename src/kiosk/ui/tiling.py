"""One screen's part of a video wall's picture, for the stage (the maths is `kiosk.core.wall`).

On a tile of a wall the stage lays the theme, the background and every slide out at the
*canvas* size (the whole wall, seams included) and places the slides (and the fallback
screen) as children at minus the tile's position: the window shows its own part, and Qt paints
only that part. Grabs for a transition take the tile's part only, so the transition layer and
its pixmaps stay at the screen's size. Without a wall every answer is the screen itself.

A `slide` transition becomes a fade on a wall: each tile moving its own part would break the
picture at the seams (the content leaving one tile would not enter its neighbour), while a
fade at the same instant on every tile stitches.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.wall import Wall, check_canvas
from kiosk.ui.slides.base import SlideContext

__all__ = ["Tiling"]

log = logging.getLogger("kiosk.stage")


class Tiling:
    """Where a screen of a given size sits on the wall's canvas."""

    def __init__(self, wall: Wall | None) -> None:
        self.wall = wall if wall is not None and not wall.single else None
        self._refused: tuple[int, int] | None = None

    def active(self, size: QSize) -> Wall | None:
        """The wall, unless its canvas is too big for screens of `size` (logged once)."""
        if self.wall is None:
            return None
        screen = (size.width(), size.height())
        reason = check_canvas(self.wall, screen)
        if reason is None:
            return self.wall
        if self._refused != screen:
            self._refused = screen
            log.error("video wall: %s; showing the whole slide on this screen", reason)
        return None

    def canvas_size(self, size: QSize) -> QSize:
        """The size slides are laid out at: the whole wall's, or the screen's."""
        wall = self.active(size)
        if wall is None:
            return QSize(size)
        return QSize(*wall.canvas_size((size.width(), size.height())))

    def tile_rect(self, size: QSize) -> QRect:
        """The screen's part of the canvas, in canvas pixels (the whole screen without a wall)."""
        wall = self.active(size)
        if wall is None:
            return QRect(0, 0, size.width(), size.height())
        r = wall.tile_rect((size.width(), size.height()))
        return QRect(r.x, r.y, r.w, r.h)

    def canvas_geometry(self, size: QSize) -> QRect:
        """Where a canvas-sized child sits in the window so that the tile's part shows."""
        tile = self.tile_rect(size)
        return QRect(-tile.x(), -tile.y(), *self.canvas_size(size).toTuple())

    def context(self, ctx: SlideContext, size: QSize) -> SlideContext:
        """`ctx` (made at the canvas size) with the wall's seams, for layouts that avoid them."""
        wall = self.active(size)
        if wall is None:
            return ctx
        return replace(ctx, seams_y=wall.seams_y((size.width(), size.height())))

    def grab(self, widget: QWidget, size: QSize) -> QPixmap:
        """What a canvas-sized `widget` (a slide, the fallback) shows on the screen."""
        return widget.grab(self.tile_rect(size)) if self.active(size) is not None else widget.grab()

    def part(self, canvas_picture: QPixmap, size: QSize) -> QPixmap:
        """The screen's part of a canvas-sized picture (the theme background)."""
        if self.active(size) is None:
            return canvas_picture
        return canvas_picture.copy(self.tile_rect(size))

    def transition(self, kind: str, size: QSize) -> str:
        """The transition a tile runs for `kind` (see the module docstring)."""
        return "fade" if kind == "slide" and self.active(size) is not None else kind
