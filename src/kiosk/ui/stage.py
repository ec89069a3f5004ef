"""The stage: the window that shows the current slide, and nothing a slide could break.

- Slides are built by the renderers (`kiosk.ui.slides.build_slide`) at the stage's size. The
  next slide is built ahead of time, after the switch has painted, so a switch never waits on
  I/O. A slide that fails to build is logged with its cause and reported (`slide_failed`); the
  player skips it. A slide that is left is hidden at once, and released and deleted
  (`deleteLater`, the event loop is running) just after the new slide has painted (or after
  the transition), so neither a switch nor a fade waits on freeing a plot; memory stays
  flat over weeks.
- The stage paints the theme background where no opaque slide covers it (slides paint their
  own background and are opaque, so Qt paints nothing under them); when nothing can be shown it
  shows a fallback screen (the deck title on the theme background): never black, never a
  traceback.
- In kiosk mode the window is frameless, on top, fullscreen; it refuses close events (Alt+F4,
  the window manager) unless the player allowed it after the exit chord, and comes back when
  minimised. In windowed mode it is an ordinary resizable window.
- The mouse cursor hides after a few still seconds.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.clock import Clock
from kiosk.core.loader import LoadedPlaylist
from kiosk.core.model import SlideBase
from kiosk.ui.background import background_pixmap
from kiosk.ui.slides.base import SlideBuildError, SlideContext, SlideView
from kiosk.ui.theme import Theme, theme_for
from kiosk.ui.timers import named_timer
from kiosk.ui.transitions import TransitionLayer
from kiosk.ui.warmup import warm_animations

__all__ = ["Builder", "ContextFactory", "Stage"]

log = logging.getLogger("kiosk.stage")

Builder = Callable[[SlideBase, SlideContext, QWidget | None], SlideView]
ContextFactory = Callable[[LoadedPlaylist, QSize], SlideContext]

CURSOR_HIDE_MS = 2500
PREBUILD_DELAY_MS = 120
RELAYOUT_DELAY_MS = 150


def _default_builder(slide: SlideBase, ctx: SlideContext, parent: QWidget | None) -> SlideView:
    from kiosk.ui.slides import build_slide

    return build_slide(slide, ctx, parent)


def _default_context(loaded: LoadedPlaylist, size: QSize) -> SlideContext:
    from kiosk.ui.slides import make_context

    return make_context(loaded, size)


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


def describe(slide: SlideBase, index: int) -> str:
    """'slide 3 (chart "growth")' for logs and messages."""
    kind = getattr(slide, "type", "?")
    name = f' "{slide.id}"' if slide.id else ""
    return f"slide {index + 1} ({kind}{name})"


class _Cover(QWidget):
    """A plain black or white screen (B, `.`, W)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stage-cover")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.color = QColor("black")
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.color)
        painter.end()


class _Fallback(QWidget):
    """The deck title on the theme background, when no slide can be shown."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stage-fallback")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(self)
        self.subtitle = QLabel(self)
        for label in (self.title, self.subtitle):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addStretch(1)
        self.hide()

    def set_deck(self, loaded: LoadedPlaylist, theme: Theme) -> None:
        deck = loaded.playlist.deck
        self.title.setText(deck.title)
        self.subtitle.setText(deck.subtitle)
        self.subtitle.setVisible(bool(deck.subtitle))
        self.title.setFont(theme.font("heading"))
        self.subtitle.setFont(theme.font("subtitle"))
        self.title.setStyleSheet(f"color: {theme.text.name()}")
        self.subtitle.setStyleSheet(f"color: {theme.muted.name()}")
        m = theme.margin_x
        self.layout().setContentsMargins(m, theme.margin_y, m, theme.margin_y)


class Stage(QWidget):
    """The presentation window."""

    slide_failed = Signal(int, str)  # index, "slide 3 (chart): why"
    transition_finished = Signal()
    resized = Signal(QSize)

    def __init__(
        self,
        loaded: LoadedPlaylist,
        clock: Clock,
        *,
        kiosk: bool = True,
        builder: Builder | None = None,
        context_factory: ContextFactory | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("stage")
        self.kiosk = kiosk
        self.allow_close = False
        self.close_refused = 0
        self._clock = clock
        self._builder = builder or _default_builder
        self._context_factory = context_factory or _default_context
        self.loaded = loaded
        self._ctx: SlideContext | None = None
        self._theme: Theme | None = None
        self._background = QPixmap()
        self._views: dict[int, SlideView] = {}  # built ahead, hidden
        self._stills: dict[int, QPixmap] = {}  # their pre-enter picture, for a transition
        self._current: SlideView | None = None
        self._current_index: int | None = None
        self._entering: SlideView | None = None  # enter() when the transition ends
        self._failed: set[int] = set()
        self._last_switch = float("-inf")
        self._prebuild_index: int | None = None
        self._leaving: list[SlideView] = []  # hidden, released after the switch has painted
        self.builds = 0

        self.setWindowTitle(loaded.playlist.deck.title)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMouseTracking(True)
        if kiosk:
            self.setWindowFlags(
                Qt.WindowType.Window
                | Qt.WindowType.FramelessWindowHint
                | Qt.WindowType.WindowStaysOnTopHint
            )
        self.fallback = _Fallback(self)
        self.cover = _Cover(self)
        self.layer = TransitionLayer(self)
        self.layer.finished.connect(self.on_transition_finished)

        self._prebuild_timer = named_timer(
            self, "stage-prebuild", self.on_prebuild, PREBUILD_DELAY_MS
        )
        self._relayout_timer = named_timer(
            self, "stage-relayout", self.on_relayout, RELAYOUT_DELAY_MS
        )
        self._cursor_timer = named_timer(
            self, "stage-cursor-hide", self.on_cursor_idle, CURSOR_HIDE_MS
        )
        self._restore_timer = named_timer(self, "stage-kiosk-restore", self.restore_window, 0)
        self._dispose_timer = named_timer(self, "stage-dispose", self.on_dispose, 0)
        self._apply_theme()
        self._cursor_timer.start()

    # --- deck, theme, size ------------------------------------------------------------------

    @property
    def theme(self) -> Theme:
        assert self._theme is not None
        return self._theme

    def set_deck(self, loaded: LoadedPlaylist) -> None:
        """A new deck (hot reload): forget every built slide; the player shows one again."""
        self.loaded = loaded
        self.setWindowTitle(loaded.playlist.deck.title)
        self._failed.clear()
        self._drop_all()
        self._apply_theme()

    def _apply_theme(self) -> None:
        self._ctx = None
        self._theme = theme_for(self.loaded, self.size())
        # rendered at the size the stage is shown at: not at a hidden widget's 640x480
        self._background = QPixmap()
        if self.isVisible():
            self._render_background()
        self.fallback.set_deck(self.loaded, self._theme)
        self.update()

    def _render_background(self) -> None:
        self._background = background_pixmap(self.theme, self.size())

    def showEvent(self, event: QShowEvent) -> None:
        if self._background.isNull() or self._background.size() != self.size():
            self._render_background()
        super().showEvent(event)

    def context(self) -> SlideContext:
        if self._ctx is None or self._ctx.size != self.size():
            self._ctx = self._context_factory(self.loaded, self.size())
        return self._ctx

    def resizeEvent(self, event: QResizeEvent) -> None:
        rect = self.rect()
        for widget in (self._current, self.fallback, self.cover, self.layer):
            if widget is not None:
                widget.setGeometry(rect)
        if self._theme is not None and self._theme.size != self.size():
            if self._current is None and not self.fallback.isVisible():
                self._apply_theme()  # nothing shown yet: no need to wait for the size to settle
            else:
                self._relayout_timer.start()
        self.resized.emit(self.size())

    def on_relayout(self) -> None:
        """The size settled: re-theme and rebuild the slide on screen for it."""
        if self._theme is not None and self._theme.size == self.size():
            return
        log.info("stage is now %dx%d; laying slides out again", self.width(), self.height())
        self._apply_theme()
        index = self._current_index
        self._drop_views()
        if index is not None and self._current is not None:
            self.show_slide(index, animate=False)
        self.resized.emit(self.size())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            if self._background.isNull():
                painter.fillRect(event.rect(), self.theme.background)
            else:
                painter.drawPixmap(event.rect(), self._background, event.rect())
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

    def is_failed(self, index: int) -> bool:
        return index in self._failed

    def is_built(self, index: int) -> bool:
        """Slide `index` waits, built ahead, for its turn (a switch to it builds nothing)."""
        return index in self._views

    def show_slide(
        self,
        index: int,
        *,
        kind: str = "none",
        direction: int = 1,
        ms: int = 0,
        animate: bool = True,
    ) -> bool:
        """Put slide `index` on screen; False (and `slide_failed`) if it cannot be built."""
        interrupted = self._stop_transition()
        if interrupted:
            self._enter_pending()
        now = self._clock.now()
        rapid = interrupted or (now - self._last_switch) * 1000 < ms
        still = self._stills.pop(index, QPixmap())
        view = self._views.pop(index, None) or self._build(index)
        if view is None:
            return False
        self._last_switch = now
        old: QWidget | None = (
            self._current
            if self._current is not None
            else (self.fallback if self.fallback.isVisible() else None)
        )
        cut = (
            not animate
            or kind == "none"
            or ms <= 0
            or rapid
            or old is None
            or not self.isVisible()
            or self.cover.isVisible()
        )
        start = QPixmap() if cut or old is None else old.grab()
        if not start.isNull():
            self.layer.hold(start)
        view.setGeometry(self.rect())
        view.show()
        view.lower()
        if old is not None:
            old.hide()
        self.fallback.hide()
        previous, self._current, self._current_index = self._current, view, index
        if previous is not None and previous is not view:
            self._retire(previous)
        if start.isNull():
            self._entering = None
            self._enter(view)
        else:
            self._entering = view
            end = still if not still.isNull() and still.size() == view.size() else view.grab()
            self.layer.run(start, end, kind, direction, ms)
        return True

    def show_fallback(self) -> None:
        """No slide can be shown: the deck title on the theme background."""
        self._stop_transition()
        self._entering = None
        if self._current is not None:
            self._retire(self._current)
        self._current, self._current_index = None, None
        self.fallback.setGeometry(self.rect())
        self.fallback.show()
        self.fallback.lower()

    def step(self) -> bool:
        """A manual 'next' offered to the slide on screen (bullets revealed one by one)."""
        if self._current is None:
            return False
        if self._stop_transition():
            self._enter_pending()
        return bool(self._current.step())

    def prebuild(self, index: int | None) -> None:
        """Build slide `index` ahead, shortly after the current switch has painted."""
        self._prebuild_index = index
        for i in [i for i in self._views if i != index]:
            self._stills.pop(i, None)
            self._dispose(self._views.pop(i))
        if index is not None and index not in self._views:
            self._prebuild_timer.start()

    def on_prebuild(self) -> None:
        warm_animations(self)  # the first slide is up: the first animation's cost now
        freeze_startup_objects()  # the first slide is up: start-up is over
        index = self._prebuild_index
        if index is None or index in self._views or index == self._current_index:
            return
        if self.layer.running():  # never steal frames from a transition
            self._prebuild_timer.start()
            return
        view = self._build(index)
        if view is None:
            return
        self._views[index] = view
        # Paint it once now, off the critical path: the first paint of a slide type fills
        # font and glyph caches (metric: 50-110 ms the first time, ~10 ms after). The picture
        # is the slide before enter() (animations start when it is shown), which is what the
        # first frame of a transition to it shows: kept for that, unless the slide cuts in.
        still = view.grab()
        slide = self.loaded.playlist.slides[index]
        if self.loaded.playlist.transition_of(slide) != "none":
            self._stills[index] = still

    def _build(self, index: int) -> SlideView | None:
        if index in self._failed:
            return None
        slides = self.loaded.playlist.slides
        if not 0 <= index < len(slides):
            return None
        slide = slides[index]
        try:
            view = self._builder(slide, self.context(), self)
            if not isinstance(view, SlideView):
                raise SlideBuildError(f"renderer returned {type(view).__name__}, not a SlideView")
        except Exception as e:
            self._failed.add(index)
            message = f"{describe(slide, index)}: {e or type(e).__name__}"
            log.error(
                "cannot build %s; skipping it", message, exc_info=not isinstance(e, SlideBuildError)
            )
            self.slide_failed.emit(index, message)
            return None
        self.builds += 1
        view.hide()
        return view

    def _enter(self, view: SlideView) -> None:
        try:
            view.enter()
        except Exception:
            log.exception("slide %s failed to start its animations", view.objectName())

    def _enter_pending(self) -> None:
        view, self._entering = self._entering, None
        if view is not None and view is self._current:
            self._enter(view)

    def on_transition_finished(self) -> None:
        self._enter_pending()  # the next frame shows the slide; then the one left goes
        self.transition_finished.emit()

    def _stop_transition(self) -> bool:
        """End a running transition at once (the next frame releases slides left)."""
        return self.layer.stop()

    def _retire(self, view: SlideView) -> None:
        """Hide `view` now; release and delete it once the next frame has been painted.

        Releasing a plot and deleting its widgets costs 15-17 ms: done inline (or by a
        zero-time timer or `deleteLater`, which can run before the pending repaint) it
        delays the new slide's first frame. During a transition it waits for the end, so
        no frame of the transition is dropped. Views still waiting when the next switch
        comes (no frame in between: rapid presses) are released then, so at most one waits.
        """
        self._release_leaving()
        view.hide()
        self._leaving.append(view)
        if not self.isVisible():
            self._dispose_timer.start()  # no frame will come

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.UpdateRequest and self._leaving and not self.layer.running():
            self._dispose_timer.start()  # the frame has been painted and flushed
        return handled

    def on_dispose(self) -> None:
        if not self.layer.running():  # else the frame after the transition comes back here
            self._release_leaving()

    def _release_leaving(self) -> None:
        leaving, self._leaving = self._leaving, []
        for view in leaving:
            self._dispose(view)

    def _dispose(self, view: SlideView) -> None:
        try:
            view.release()
        except Exception:
            log.exception("slide %s failed to release", view.objectName())
        view.hide()
        view.deleteLater()

    def _drop_views(self) -> None:
        for view in self._views.values():
            self._dispose(view)
        self._views.clear()
        self._stills.clear()

    def _drop_all(self) -> None:
        self.layer.stop()
        self._entering = None
        self._release_leaving()
        self._drop_views()
        if self._current is not None:
            self._dispose(self._current)
        self._current, self._current_index = None, None

    # --- blank / white ----------------------------------------------------------------------

    def set_cover(self, color: str | None) -> None:
        """'black', 'white' or None (show the slide)."""
        if color is None:
            self.cover.hide()
            return
        self._stop_transition()
        self._enter_pending()
        self.cover.color = QColor(color)
        self.cover.setGeometry(self.rect())
        self.cover.show()
        self.cover.raise_()
        self.cover.update()

    # --- cursor and kiosk lock --------------------------------------------------------------

    def wake_cursor(self) -> None:
        """The mouse moved: show the cursor, hide it again after a still moment."""
        if self.cursor().shape() == Qt.CursorShape.BlankCursor:
            self.unsetCursor()
        self._cursor_timer.start()

    def on_cursor_idle(self) -> None:
        self.setCursor(Qt.CursorShape.BlankCursor)

    def cursor_hidden(self) -> bool:
        return self.cursor().shape() == Qt.CursorShape.BlankCursor

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk and not self.allow_close:
            self.close_refused += 1
            log.info("close request ignored: kiosk mode (hold the exit chord to leave)")
            event.ignore()
            return
        event.accept()

    def changeEvent(self, event: QEvent) -> None:
        if (
            event.type() == QEvent.Type.WindowStateChange
            and self.kiosk
            and not self.allow_close
            and self.windowState() & Qt.WindowState.WindowMinimized
        ):
            log.info("minimise refused: kiosk mode")
            self._restore_timer.start()
        super().changeEvent(event)

    def restore_window(self) -> None:
        """Back to fullscreen and on top (after a minimise, in kiosk mode)."""
        self.setWindowState(Qt.WindowState.WindowFullScreen)
        self.showFullScreen()
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):
            self.raise_()  # headless platforms cannot raise (and warn if asked)
            self.activateWindow()
