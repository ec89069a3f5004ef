"""The contract between the stage and the slide renderers.

A renderer module (one per slide type, `kiosk.ui.slides.<type>`) provides a `SlideView`
subclass. The stage builds the next slide ahead of time with `build_slide`, calls `enter()`
when it starts showing, `finish()` to jump every animation to its final state (render, rapid
navigation), `step()` for a manual "next" that a slide may consume (bullets revealed one by
one), and `release()` before it drops the widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from kiosk.core.loader import LoadedPlaylist
    from kiosk.core.model import SlideBase

__all__ = ["SlideContext", "SlideView"]


@dataclass(frozen=True)
class SlideContext:
    """What every renderer needs: the loaded deck (model + data tables) and the screen size."""

    loaded: LoadedPlaylist
    size: QSize


class SlideView(QWidget):
    """One slide on the stage. Subclasses lay out their content for `ctx.size`."""

    def __init__(self, slide: SlideBase, ctx: SlideContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slide = slide
        self.ctx = ctx
        self.resize(ctx.size)

    def enter(self) -> None:
        """The slide starts showing: start entry animations (count-up, grow-in, reveal)."""

    def finish(self) -> None:
        """Jump every animation to its final state."""

    def step(self) -> bool:
        """A manual 'next': return True if the slide used it (e.g. revealed a point)."""
        return False

    def release(self) -> None:
        """Free heavy resources (plots, pixmaps) before the widget is deleted."""
