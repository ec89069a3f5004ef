"""The slide pool: slide views built ahead, and slides left, released after the next frame.

- `build(index)` builds a slide with the renderers at the stage's size; a slide that fails is
  logged with its cause and reported (`failed(index, message)`); the show then skips it.
- `prebuild(index)` builds the next slide ahead, shortly after the switch has painted, so a
  switch never waits on I/O; the slide built ahead is painted once off the critical path
  (warming font and glyph caches) and that picture (`take_still`) starts a transition to it.
- `retire(view)` hides a slide that was left at once, and releases and deletes it
  (`deleteLater`, the event loop is running) just after the next frame has been painted (or
  after the transition), so neither a switch nor a fade waits on freeing a plot; memory stays
  flat over weeks. After each build ahead the image cache lets go of the pictures only
  slides no longer alive asked for (`picturecache.release_unowned`).
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QRect, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.loader import LoadedPlaylist
from kiosk.core.model import SlideBase
from kiosk.ui.background import compact
from kiosk.ui.ondemand import StillCache
from kiosk.ui.picturecache import release_unowned
from kiosk.ui.slides.base import SlideBuildError, SlideContext, SlideView
from kiosk.ui.timers import named_timer
from kiosk.ui.warmup import warm_animations

__all__ = ["Builder", "SlidePool", "default_builder", "describe", "freeze_startup_objects"]

log = logging.getLogger("kiosk.stage")

Builder = Callable[[SlideBase, SlideContext, QWidget | None], SlideView]

PREBUILD_DELAY_MS = 120

_startup_frozen = False


def freeze_startup_objects() -> None:
    """Once per process, after start-up: move every object alive now (modules, pydantic
    models, Qt wrappers: hundreds of thousands) out of the garbage collector's sight.

    They live as long as the process, yet every full collection walked them all: a 55-65 ms
    pause at a random moment, measured inside a slide switch. Garbage first, so none of it
    is kept for good.
    """
    global _startup_frozen
    if _startup_frozen:
        return
    _startup_frozen = True
    gc.collect()
    gc.freeze()


def default_builder(slide: SlideBase, ctx: SlideContext, parent: QWidget | None) -> SlideView:
    from kiosk.ui.slides import build_slide

    return build_slide(slide, ctx, parent)


def describe(slide: SlideBase, index: int) -> str:
    """'slide 3 (chart "growth")' for logs and messages."""
    name = f' "{slide.id}"' if slide.id else ""
    return f"slide {index + 1} ({slide.type}{name})"


class SlidePool(QObject):
    """The views of one deck under `host`: built ahead, and leaving."""

    failed = Signal(int, str)  # index, "slide 3 (chart): why"

    def __init__(
        self,
        host: QWidget,
        builder: Builder,
        context: Callable[[], SlideContext],
        loaded: LoadedPlaylist,
        *,
        busy: Callable[[], bool],
        region: Callable[[], QRect] | None = None,
    ) -> None:
        super().__init__(host)
        self.setObjectName("slide-pool")
        self._host = host
        self._builder = builder
        self._context = context
        self._busy = busy  # a transition is running: never steal its frames
        self._region = region  # the part of a view the host shows (a video wall's tile)
        self.loaded = loaded
        self._views: dict[int, SlideView] = {}  # built ahead, hidden
        self._stills: dict[int, QPixmap] = {}  # their pre-enter picture, for a transition
        self.shown = StillCache()  # small stills of slides built before: a press's first frame
        self._leaving: list[SlideView] = []  # hidden, released after the switch has painted
        self._prebuild_index: int | None = None
        self._tried: set[int] = set()  # failed once in this deck: not built again
        self.builds = 0
        # the languages slide i is drawn in (the show's `languages_for`); None: the deck's
        self.languages: Callable[[int], tuple[str, ...]] | None = None
        self._prebuild_timer = named_timer(
            self, "stage-prebuild", self.on_prebuild, PREBUILD_DELAY_MS
        )
        self._dispose_timer = named_timer(self, "stage-dispose", self.on_dispose, 0)

    def set_deck(self, loaded: LoadedPlaylist) -> None:
        self.loaded = loaded
        self._tried.clear()
        self.drop_built()

    # --- views ------------------------------------------------------------------------------

    def is_built(self, index: int) -> bool:
        return index in self._views

    def take(self, index: int) -> tuple[SlideView | None, QPixmap]:
        """The view of slide `index` (built ahead, else built now) and its still, if any."""
        still = self._stills.pop(index, QPixmap())
        view = self._views.pop(index, None)
        if view is not None and view.ctx.languages != self._languages(index):
            self.dispose(view)  # built ahead in the language(s) of another turn
            view, still = None, QPixmap()
        return view or self.build(index), still

    def _languages(self, index: int) -> tuple[str, ...]:
        return () if self.languages is None else self.languages(index)

    def build(self, index: int) -> SlideView | None:
        if index in self._tried:
            return None
        slides = self.loaded.playlist.slides
        if not 0 <= index < len(slides):
            return None
        slide = slides[index]
        try:
            ctx = self._context()
            if self.languages is not None:
                ctx = replace(ctx, languages=self._languages(index))
            view = self._builder(slide, ctx, self._host)
            if not isinstance(view, SlideView):
                raise SlideBuildError(f"renderer returned {type(view).__name__}, not a SlideView")
        except Exception as e:
            self._tried.add(index)
            message = f"{describe(slide, index)}: {e or type(e).__name__}"
            log.error(
                "cannot build %s; skipping it", message, exc_info=not isinstance(e, SlideBuildError)
            )
            self.failed.emit(index, message)
            return None
        self.builds += 1
        view.hide()
        return view

    def prebuild(self, index: int | None, *, current: int | None) -> None:
        """Build slide `index` ahead, shortly after the current switch has painted."""
        self._prebuild_index = index
        self._current = current
        for i in [i for i in self._views if i != index]:
            self._stills.pop(i, None)
            self.dispose(self._views.pop(i))
        if index is not None and index not in self._views:
            self._prebuild_timer.start()

    def on_prebuild(self) -> None:
        warm_animations(self._host)  # the first slide is up: the first animation's cost now
        freeze_startup_objects()  # the first slide is up: start-up is over
        index = self._prebuild_index
        if index is None or index in self._views or index == self._current:
            return
        if self._busy():
            self._prebuild_timer.start()
            return
        view = self.build(index)
        if view is None:
            return
        self._views[index] = view
        # Paint it once now, off the critical path: the first paint of a slide type fills
        # font and glyph caches (metric: 50-110 ms the first time, ~10 ms after). The picture
        # is the slide before enter() (animations start when it is shown), which is what the
        # first frame of a transition to it shows: kept for that, unless the slide cuts in.
        still = view.grab(self._region()) if self._region is not None else view.grab()
        slide = self.loaded.playlist.slides[index]
        self.shown.put(index, view.ctx.languages or self._languages(index), still)
        if self.loaded.playlist.transition_of(slide) != "none":
            self._stills[index] = compact(still)  # kept until the switch: 24 bits a pixel
        # the slides left before this one are deleted by now: their pictures go, unless a
        # slide alive (this one, the one on screen) asked for them too
        release_unowned()

    def still_of(self, index: int) -> QPixmap | None:
        """A small still of slide `index`, not built now, from when it was last built ahead."""
        return None if index in self._views else self.shown.get(index, self._languages(index))

    # --- leaving ----------------------------------------------------------------------------

    def retire(self, view: SlideView, *, frame_coming: bool) -> None:
        """Hide `view` now; release and delete it once the next frame has been painted.

        Releasing a plot and deleting its widgets costs 15-17 ms: done inline (or by a
        zero-time timer or `deleteLater`, which can run before the pending repaint) it
        delays the new slide's first frame. During a transition it waits for the end, so
        no frame of the transition is dropped. Views still waiting when the next switch
        comes (no frame in between: rapid presses) are released then, so at most one waits.
        """
        self.release_leaving()
        view.stop()  # its animations would run on, hidden, through the next transition
        view.hide()
        self._leaving.append(view)
        if not frame_coming:
            self._dispose_timer.start()  # no frame will come

    def frame_painted(self) -> None:
        """The host painted and flushed a frame (not inside a transition)."""
        if self._leaving:
            self._dispose_timer.start()

    def on_dispose(self) -> None:
        if not self._busy():  # else the frame after the transition comes back here
            self.release_leaving()

    def release_leaving(self) -> None:
        leaving, self._leaving = self._leaving, []
        for view in leaving:
            self.dispose(view)

    def dispose(self, view: SlideView) -> None:
        try:
            view.release()
        except Exception:
            log.exception("slide %s failed to release", view.objectName())
        view.hide()
        view.deleteLater()

    def drop_built(self) -> None:
        for view in self._views.values():
            self.dispose(view)
        self._views.clear()
        self._stills.clear()
        self.shown.clear()  # a new deck or a new size
