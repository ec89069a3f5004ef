"""The stage's background: the theme's colour, gradient or image, and its `video` when it names one.

`theme.background.video` is a clip looped muted behind every slide, scaled to cover the
screen (the whole wall's canvas on a video wall, each tile painting its part). It lives under
the slides, not in them: the stage paints the latest frame, and the slides, built without a
background of their own (`SlideContext.paint_background` False), are transparent over it. So
the picture behind them goes on moving, in one piece, while a `slide` transition moves the
content or a fade blends it (the transition layer paints the frame under both pictures,
`TransitionLayer.underlay`); overlays, grabs and the fleet's screenshot see it like any pixel.

The colour, gradient or image is the clip's poster: it shows until the first frame is decoded
(the clip opens paused on it, then plays), and instead of the clip when it cannot play (a
missing file, one Qt cannot decode, a stall: one log line, `kiosk.ui.video_player`) or when
Qt Multimedia is not installed (one line saying what to install). The display keeps rotating
either way. Under a black or white cover, and while the stage is hidden, the clip pauses.

`kiosk render` has no time to play: `remember_first_frame` decodes the clip's first frame
(briefly) and `background_pixmap` draws it as the poster where the theme has no image.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, QRect
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.loader import LoadedPlaylist
from kiosk.ui.background import background_pixmap, set_first_frame
from kiosk.ui.theme import Theme
from kiosk.ui.tiling import Tiling
from kiosk.ui.timers import named_timer
from kiosk.ui.video_panel import fit_rects
from kiosk.ui.video_remote import RemoteClip, decoder_error
from kiosk.ui.watch import watch_events

__all__ = ["BACKGROUND_HINT", "FIRST_FRAME_WAIT_MS", "StageBackground", "remember_first_frame"]

log = logging.getLogger("kiosk.video")

BACKGROUND_HINT = (
    "the background video needs Qt Multimedia: pip install 'kiosk[video]' "
    "(PySide6-Addons, the same version as PySide6-Essentials); showing the background image"
)
FIRST_FRAME_WAIT_MS = 3000  # `kiosk render` waits this long for the clip's first frame
_told_missing = False
_remembered: set[tuple[str, int]] = set()  # first frames decoded for render, by file and time


def _video_path(loaded: LoadedPlaylist) -> Path | None:
    rel = loaded.playlist.theme.background.video
    return loaded.resolve(rel) if rel else None


def _multimedia_missing() -> str | None:
    """`decoder_error()`; the line saying what to install is logged once per process."""
    global _told_missing
    missing = decoder_error()
    if missing is not None and not _told_missing:
        _told_missing = True
        log.error("%s", BACKGROUND_HINT if "kiosk[video]" in missing else missing)
    return missing


def remember_first_frame(loaded: LoadedPlaylist, timeout_ms: int = FIRST_FRAME_WAIT_MS) -> None:
    """For `kiosk render`: the background clip's first frame becomes its poster (unless the
    theme has an image, which is the poster then). Nothing when it cannot be decoded."""
    path = _video_path(loaded)
    spec = loaded.playlist.theme.background
    if path is None or spec.image:
        return
    key = (str(path), _stamp(path))
    if key in _remembered or _multimedia_missing() is not None:
        return
    _remembered.add(key)
    clip = RemoteClip(path, loop=False)
    try:
        if not clip.frames and not clip.error:
            loop = QEventLoop()
            clip.frame.connect(loop.quit)
            clip.failed.connect(loop.quit)
            limit = named_timer(loop, "video-background-first-frame", loop.quit, timeout_ms)
            limit.start()
            loop.exec()
            limit.stop()
    finally:
        clip.release()  # `image` is its own copy from here
        clip.deleteLater()
    if clip.frames and not clip.error:
        set_first_frame(path, clip.image)


class StageBackground(QObject):
    """What the stage paints under its slides: the poster, or the clip's latest frame."""

    def __init__(self, stage: QWidget, tiling: Tiling) -> None:
        super().__init__(stage)
        self.setObjectName("stage-background")
        self._stage = stage
        self._tiling = tiling
        self._theme: Theme | None = None
        self._poster = QPixmap()  # the screen's part of the colour/gradient/image
        self.clip: RemoteClip | None = None
        self._clip_key: tuple[str, int] | None = None
        self._cover: QWidget | None = getattr(stage, "cover", None)
        watch_events(stage, self)  # one crossing into Python per stage event
        if self._cover is not None:
            self._cover.installEventFilter(self)

    @property
    def video(self) -> bool:
        """A clip plays (or is opening) under the slides: they leave the background to it."""
        return self.clip is not None and not self.clip.error

    def poster(self) -> QPixmap:
        """The colour/gradient/image background at the screen's size (rendered on demand)."""
        if self._poster.isNull() or self._poster.size() != self._stage.size():
            self._render_poster()
        return self._poster

    def set_theme(self, theme: Theme, loaded: LoadedPlaylist) -> None:
        """A theme (new deck, new size): the poster again; the clip kept if it is the same."""
        self._theme = theme
        self._poster = QPixmap()
        if self._stage.isVisible():  # not at a hidden widget's 640x480
            self._render_poster()
        path = _video_path(loaded)
        key = (str(path), _stamp(path)) if path is not None else None
        if key == self._clip_key and (self.clip is None or not self.clip.error):
            return
        self._drop_clip()
        self._clip_key = key
        if path is None or _multimedia_missing() is not None:
            return
        self.clip = RemoteClip(path, loop=True, muted=True, parent=self)
        self.clip.frame.connect(self.on_frame)
        self.clip.failed.connect(self.on_failed)
        self._play_if_seen()

    def release(self) -> None:
        self._drop_clip()
        self._clip_key = None

    def _render_poster(self) -> None:
        assert self._theme is not None
        picture = background_pixmap(self._theme, self._tiling.canvas_size(self._stage.size()))
        self._poster = self._tiling.part(picture, self._stage.size())

    def _drop_clip(self) -> None:
        clip, self.clip = self.clip, None
        if clip is not None:
            clip.release()
            clip.deleteLater()

    def _play_if_seen(self) -> None:
        clip = self.clip
        if clip is None or clip.error:
            return
        hidden = not self._stage.isVisible() or (
            self._cover is not None and self._cover.isVisible()
        )
        if hidden and clip.playing:
            clip.pause()
        elif not hidden and not clip.playing:
            clip.play()

    # --- slots ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if "_stage" not in self.__dict__:
            # a stage torn down while Qt still delivers its last events (the Python side of
            # this object is gone already): nothing to do
            return False
        if watched is self._stage and event.type() == QEvent.Type.Show:
            self.poster()  # at the size shown, before the first paint
        shown = event.type() in (QEvent.Type.Show, QEvent.Type.Hide)
        if shown and self.clip is not None and watched in (self._stage, self._cover):
            self._play_if_seen()
        return False

    def on_frame(self) -> None:
        self._stage.update()  # the slides (transparent) and the transition layer over it too

    def on_failed(self, _reason: str) -> None:
        """The clip logged why; the poster shows from now on (the same file is not tried
        again until it changes)."""
        self._drop_clip()
        self._stage.update()

    # --- painting ------------------------------------------------------------------------

    def paint(self, painter: QPainter, dirty: QRect) -> None:
        """The background under `dirty` (stage pixels): the clip's frame, else the poster."""
        clip = self.clip
        image = clip.image if clip is not None and not clip.error else QImage()
        if not image.isNull():
            size = self._stage.size()
            tile = self._tiling.tile_rect(size)
            canvas = QRect(QPoint(-tile.x(), -tile.y()), self._tiling.canvas_size(size))
            target, source = fit_rects(image.rect(), canvas, "cover")
            # smooth when scaled: a 960x540 clip on a 1080p screen is blocky without it
            # (2.0 ms a frame instead of 0.8 here; a clip at the screen's size costs neither)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, image, source)
            return
        poster = self.poster()
        if poster.isNull() and self._theme is not None:
            painter.fillRect(dirty, self._theme.background)
        else:
            painter.drawPixmap(dirty, poster, dirty)


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except (OSError, ValueError):
        return 0
