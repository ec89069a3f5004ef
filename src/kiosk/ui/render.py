"""`kiosk render`: every slide, in its final state, to a PNG; and `render_slide` for previews.

Works without a display: with no QT_QPA_PLATFORM, DISPLAY or WAYLAND_DISPLAY set, Qt runs on
the offscreen platform.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from kiosk.core.loader import LoadedPlaylist
    from kiosk.ui.slides.base import SlideContext

__all__ = ["ensure_app", "render_command", "render_slide"]

log = logging.getLogger(__name__)
_app = None


def ensure_app() -> object:
    """The running QApplication, or a new one (offscreen when there is no display)."""
    global _app
    env = os.environ
    headless = not any(env.get(k) for k in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))
    if headless and sys.platform.startswith("linux"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = _app = QApplication(["kiosk-render"])
    return app


def _render(slide: object, ctx: SlideContext) -> QImage:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.slides import build_slide

    view = build_slide(slide, ctx)  # type: ignore[arg-type]
    try:
        view.finish()
        image = QImage(ctx.size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(ctx.theme.background if ctx.theme else 0)
        painter = QPainter(image)
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
    return image.convertToFormat(QImage.Format.Format_RGB32)


def render_slide(loaded: LoadedPlaylist, index: int, size: tuple[int, int]) -> QImage:
    """Slide `index` (0-based, in the playlist's list) in its final state, `size` pixels.

    Raises kiosk.ui.slides.SlideBuildError when the slide cannot be built.
    """
    ensure_app()
    from PySide6.QtCore import QSize

    from kiosk.ui.slides import make_context

    ctx = make_context(loaded, QSize(*size))
    return _render(loaded.playlist.slides[index], ctx)


def render_command(playlist: Path, out: Path, size: tuple[int, int]) -> int:
    """Write OUT/NN-type.png for every enabled slide. 0 on success, 1 on any failure."""
    from kiosk.core.playable import load_playable

    playable = load_playable(playlist)  # a broken slide is reported; the others are rendered
    for problem in playable.problems:
        print(problem)
    if playable.loaded is None:
        return 1
    loaded = playable.loaded
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".kiosk-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        print(f"kiosk render: cannot write to {out}: {e.strerror or e}")
        return 1
    ensure_app()
    from PySide6.QtCore import QSize

    from kiosk.ui.slides import SlideBuildError, make_context

    ctx = make_context(loaded, QSize(*size))
    slides = loaded.playlist.slides
    digits = max(2, len(str(len(slides))))
    written = 0
    failed = len(playable.skipped)
    for i, slide in enumerate(slides, start=1):
        if not slide.enabled:
            continue
        target = out / f"{i:0{digits}d}-{slide.type}.png"
        try:
            image = _render(slide, ctx)
        except Exception as e:  # one slide never stops the others (SlideBuildError or worse)
            kind = slide.type
            reason = str(e) if isinstance(e, SlideBuildError) else f"{type(e).__name__}: {e}"
            print(f"{playlist}: slide {i} ({kind}): {reason}")
            log.debug("slide %d failed to render", i, exc_info=True)
            failed += 1
            continue
        if not image.save(str(target)):  # PNG, from the suffix
            print(f"kiosk render: cannot write {target}")
            return 1
        print(target)
        written += 1
    w, h = size
    print(
        f"{written} slide{'s' if written != 1 else ''} rendered at {w}x{h} to {out}"
        + (f", {failed} failed" if failed else "")
    )
    return 1 if failed else 0
