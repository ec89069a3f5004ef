"""The stage: the window that shows the current slide, and nothing a slide could break.

It composes the parts that each have one job: the slide pool (`kiosk.ui.pool`: built ahead,
released after the next frame), the transition layer (`kiosk.ui.transitions`), the theme
background, the black/white cover, the fallback screen and the mouse cursor. The kiosk lock
(`kiosk.ui.lock`) keeps the window fullscreen and closed to the public. The stage decides
nothing: the player tells it which slide, which step, which cover (from the show's state).

- It paints the theme background where no opaque slide covers it, a background `video` under
  slides left transparent (`kiosk.ui.video_background`); when nothing can be shown, a fallback
  screen (the deck title on the theme background): never black, never a traceback.
- The mouse cursor hides after a few still seconds. Parts that watch the stage's events do it
  through `watch` (`kiosk.ui.watch`: one crossing into Python per event, not one each).
- A tile of a video wall lays slides out at the whole wall's size and shows its part
  (`kiosk.ui.tiling`: why a wall fades); the overlays get `screen_theme`, at the screen's size.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.clock import Clock
from kiosk.core.loader import LoadedPlaylist
from kiosk.core.wall import Wall
from kiosk.ui.ondemand import Placeholder
from kiosk.ui.pool import Builder, SlidePool, default_builder, describe
from kiosk.ui.screens import Cover, Fallback
from kiosk.ui.slides.base import SlideContext, SlideView
from kiosk.ui.theme import Theme, theme_for
from kiosk.ui.tiling import Tiling
from kiosk.ui.timers import named_timer
from kiosk.ui.transitions import TransitionLayer
from kiosk.ui.video_background import StageBackground

__all__ = ["Builder", "ContextFactory", "Stage", "describe"]

log = logging.getLogger("kiosk.stage")

ContextFactory = Callable[[LoadedPlaylist, QSize], SlideContext]

CURSOR_MS = 2500  # the mouse cursor hides after this still time
RELAYOUT_MS = 150


def _default_context(loaded: LoadedPlaylist, size: QSize) -> SlideContext:
    from kiosk.ui.slides import make_context

    return make_context(loaded, size)


class Stage(QWidget):
    """The presentation window."""

    slide_failed = Signal(int, str)  # index, "slide 3 (chart): why"
    transition_finished = Signal()
    resized = Signal(QSize)
    frame_painted = Signal()  # a frame was painted and flushed (kiosk run --frame-log)

    def __init__(
        self,
        loaded: LoadedPlaylist,
        clock: Clock,
        *,
        kiosk: bool = True,
        builder: Builder | None = None,
        context_factory: ContextFactory | None = None,
        wall: Wall | None = None,
    ) -> None:
        super().__init__()
        self._watchers: list[QObject] = []  # see watch()
        self.tiling = Tiling(wall)
        self.wall = self.tiling.wall
        self.setObjectName("stage")
        self.kiosk = kiosk
        self._clock = clock
        self._context_factory = context_factory or _default_context
        self.loaded = loaded
        self._ctx: SlideContext | None = None
        self._theme: Theme | None = None
        self._current: SlideView | None = None
        self._current_index: int | None = None
        self._entering: SlideView | None = None  # enter() when the transition ends
        self._last_switch = float("-inf")
        self._pending_step = 0

        self.setWindowTitle(loaded.playlist.deck.title)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMouseTracking(True)
        self.fallback = Fallback(self)
        self.cover = Cover(self)
        self.background = StageBackground(self, self.tiling)  # the theme's, or its video
        self.layer = TransitionLayer(self)
        self.layer.finished.connect(self.on_transition_finished)
        build = builder or default_builder
        self.pool = SlidePool(
            self, build, self.context, loaded, busy=self.layer.running, region=self.tile_rect
        )
        self.pool.failed.connect(self.slide_failed)
        self.placeholder = Placeholder(self, lambda i, s: self.show_slide(i, animate=False, step=s))

        self._relayout_timer = named_timer(self, "stage-relayout", self.on_relayout, RELAYOUT_MS)
        self._cursor_timer = named_timer(self, "stage-cursor-hide", self.on_cursor_idle, CURSOR_MS)
        self._apply_theme()
        self._cursor_timer.start()

    # --- deck, theme, size ------------------------------------------------------------------

    @property
    def theme(self) -> Theme:
        assert self._theme is not None
        return self._theme

    @property
    def screen_theme(self) -> Theme:
        """The theme at this screen's own size (overlays); the canvas theme without a wall."""
        return self._screen_theme

    def canvas_size(self) -> QSize:
        """The size slides are laid out at: the whole wall's (a tile), or this screen's."""
        return self.tiling.canvas_size(self.size())

    def tile_rect(self) -> QRect:
        """This screen's part of the canvas, in canvas pixels (the whole rect without a wall)."""
        return self.tiling.tile_rect(self.size())

    @property
    def builds(self) -> int:
        return self.pool.builds

    def set_deck(self, loaded: LoadedPlaylist) -> None:
        """A new deck (hot reload): forget every built slide; the player shows one again."""
        self.loaded = loaded
        self.setWindowTitle(loaded.playlist.deck.title)
        self._drop_all()
        self.pool.set_deck(loaded)
        self._apply_theme()

    def _apply_theme(self) -> None:
        self._ctx = None
        canvas = self.canvas_size()
        self._theme = theme_for(self.loaded, canvas)
        self._screen_theme: Theme = theme_for(self.loaded, self.size())
        self.background.set_theme(self._theme, self.loaded)
        self.fallback.set_deck(self.loaded, self._theme)
        self.update()

    def context(self) -> SlideContext:
        canvas = self.canvas_size()
        if self._ctx is None or self._ctx.size != canvas:
            ctx = self.tiling.context(self._context_factory(self.loaded, canvas), self.size())
            if self.background.video:  # painted by the stage, under slides left transparent
                ctx = replace(ctx, paint_background=False)
            self.layer.underlay = None if ctx.paint_background else self.background.paint
            self._ctx = ctx
        return self._ctx

    def resizeEvent(self, event: QResizeEvent) -> None:
        rect = self.rect()
        for widget in (self.cover, self.layer):
            widget.setGeometry(rect)
        canvas = self.tiling.canvas_geometry(self.size())
        for slide in (self._current, self.fallback):
            if slide is not None:
                slide.setGeometry(canvas)
        if self._theme is not None and self._theme.size != self.canvas_size():
            if self._current is None and not self.fallback.isVisible():
                self._apply_theme()  # nothing shown yet: no need to wait for the size to settle
            else:
                self._relayout_timer.start()
        self.resized.emit(self.size())

    def on_relayout(self) -> None:
        """The size settled: re-theme and rebuild the slide on screen for it."""
        if self._theme is not None and self._theme.size == self.canvas_size():
            return
        log.info("stage is now %dx%d; laying slides out again", self.width(), self.height())
        self._apply_theme()
        index = self._current_index
        step = self._current.shown_step if self._current is not None else self.placeholder.step
        self.pool.drop_built()
        if index is not None and (self._current is not None or self.placeholder.index == index):
            self.show_slide(index, animate=False, step=step)
        self.resized.emit(self.size())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.background.paint(painter, event.rect())
        finally:
            painter.end()

    # --- slides -----------------------------------------------------------------------------

    @property
    def current_index(self) -> int | None:
        """The slide on screen (None: the fallback screen)."""
        return self._current_index

    @property
    def current_view(self) -> SlideView | None:
        return self._current

    def live_views(self) -> list[SlideView]:
        """Every SlideView still alive under the stage (shown, built ahead or not yet deleted)."""
        return self.findChildren(SlideView)

    def is_built(self, index: int) -> bool:
        """Slide `index` waits, built ahead, for its turn (a switch to it builds nothing)."""
        return self.pool.is_built(index)

    def show_slide(
        self,
        index: int,
        *,
        kind: str = "none",
        direction: int = 1,
        ms: int = 0,
        animate: bool = True,
        step: int = 0,
    ) -> bool:
        """Put slide `index` on screen at reveal `step`; False (and `slide_failed`) if it
        cannot be built."""
        kind = self.tiling.transition(kind, self.size())  # a wall fades instead of sliding
        interrupted = self._stop_transition()
        if interrupted:
            self._enter_pending()
        now = self._clock.now()
        rapid = interrupted or (now - self._last_switch) * 1000 < ms
        finishing = self.placeholder.cancel(hide=False) == index  # the build after its frame
        defer = self.placeholder.enabled and not finishing and (kind == "none" or ms <= 0 or rapid)
        if defer and self.isVisible() and (small := self.pool.still_of(index)) is not None:
            self.show_fallback(fallback=False)  # retires the slide left
            self._last_switch, self._current_index = now, index
            self.placeholder.show_still(index, step, small, self.size())
            return True  # the frame that paints the still starts the build (`event`)
        view, still = self.pool.take(index)
        if view is None:
            if finishing and self._current is None and self.placeholder.index is None:
                self.show_fallback()  # its still was up, and the show found nothing else
            return False
        self._last_switch = now
        old = self._current or (self.fallback if self.fallback.isVisible() else None)
        cut = (
            not animate
            or self.theme.reduced_motion
            or kind == "none"
            or ms <= 0
            or rapid
            or old is None
            or not self.isVisible()
            or self.cover.isVisible()
        )
        # a fade over the theme background starts from what is on screen (no render, no
        # copy: `ScreenFade`); else from the slide left, rendered (a slide moves content)
        from_screen = not cut and kind == "fade" and self.layer.hold_screen()
        start = QPixmap()
        if not cut and not from_screen and old is not None:
            start = self.tiling.grab(old, self.size())
            if not start.isNull():
                self.layer.hold(start)
        view.setGeometry(self.tiling.canvas_geometry(self.size()))
        view.show()
        view.lower()
        if old is not None:
            old.hide()
        for widget in (self.fallback, self.placeholder):  # the still goes in the same frame
            widget.hide()
        previous, self._current, self._current_index = self._current, view, index
        if previous is not None and previous is not view:
            self.pool.retire(previous, frame_coming=self.isVisible())
        if start.isNull() and not from_screen:
            self._entering = None
            self._enter(view)
            self._step(view, step)
        else:
            self._entering = view
            self._pending_step = step
            fits = not still.isNull() and still.size() == self.size()
            end = still if fits else self.tiling.grab(view, self.size())
            self.layer.run(start, end, kind, direction, ms)
        return True

    def show_fallback(self, *, fallback: bool = True) -> None:
        """No slide can be shown: the deck title on the theme background (fallback=False: bare)."""
        self.placeholder.cancel()
        self._stop_transition()
        self._entering = None
        if self._current is not None:
            self.pool.retire(self._current, frame_coming=self.isVisible())
        self._current, self._current_index = None, None
        self.fallback.setGeometry(self.tiling.canvas_geometry(self.size()))
        self.fallback.setVisible(fallback)
        self.fallback.lower()

    def set_step(self, step: int) -> None:
        """Show reveal step `step` of the slide on screen (the show decided it)."""
        if self._current is None:
            self.placeholder.step = step  # a slide about to be built: at this step
            return
        if self._entering is self._current:
            self._pending_step = step
            if self._stop_transition():  # a person stepped: end the fade at once
                self._enter_pending()
            return
        self._step(self._current, step)

    def prebuild(self, index: int | None) -> None:
        """Build slide `index` ahead, shortly after the current switch has painted."""
        self.pool.prebuild(index, current=self._current_index)

    def _step(self, view: SlideView, step: int) -> None:
        try:
            view.show_step(step)
            view.shown_step = step
        except Exception:
            log.exception("slide %s failed to show step %d", view.objectName(), step)

    def _enter(self, view: SlideView) -> None:
        try:
            view.enter()
        except Exception:
            log.exception("slide %s failed to start its animations", view.objectName())

    def _enter_pending(self) -> None:
        view, self._entering = self._entering, None
        if view is not None and view is self._current:
            self._enter(view)
            self._step(view, self._pending_step)

    def on_transition_finished(self) -> None:
        self._enter_pending()  # the next frame shows the slide; then the one left goes
        self.transition_finished.emit()

    def _stop_transition(self) -> bool:
        """End a running transition at once (the next frame releases slides left)."""
        return self.layer.stop()

    def watch(self, watcher: QObject) -> None:
        """`watcher.eventFilter(self, event)` first, for every event (`kiosk.ui.watch`)."""
        self._watchers.insert(0, watcher)

    def event(self, event: QEvent) -> bool:
        for watcher in getattr(self, "_watchers", ()):  # () while QWidget is being made
            if watcher.eventFilter(self, event):
                return True
        handled = super().event(event)
        if type(event) is QEvent and event.type() == QEvent.Type.UpdateRequest:
            self.frame_painted.emit()
            if not self.layer.running():
                self.pool.frame_painted()  # the frame has been painted and flushed
                self.placeholder.frame_painted()  # a still on screen: build its slide now
        return handled

    def _drop_all(self) -> None:
        self.placeholder.cancel()
        self.layer.stop()
        self._entering = None
        self.pool.release_leaving()
        self.pool.drop_built()
        if self._current is not None:
            self.pool.dispose(self._current)
        self._current, self._current_index = None, None

    # --- blank / white ----------------------------------------------------------------------

    def set_cover(self, color: str | None) -> None:
        """'black', 'white', 'off' (black) or None (show the slide)."""
        if color is None:
            self.cover.hide()
            return
        self._stop_transition()
        self._enter_pending()
        self.cover.color = QColor("black" if color == "off" else color)
        self.cover.setGeometry(self.rect())
        self.cover.show()
        self.cover.raise_()
        self.cover.update()

    # --- cursor -----------------------------------------------------------------------------

    def wake_cursor(self) -> None:
        """The mouse moved: show the cursor, hide it again after a still moment."""
        if self.cursor().shape() == Qt.CursorShape.BlankCursor:
            self.unsetCursor()
        self._cursor_timer.start()

    def on_cursor_idle(self) -> None:
        self.setCursor(Qt.CursorShape.BlankCursor)

    def cursor_hidden(self) -> bool:
        return self.cursor().shape() == Qt.CursorShape.BlankCursor
