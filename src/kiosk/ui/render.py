"""`kiosk render`: every slide, in its final state, to a PNG; and `render_slide` for previews.

Works without a display: with no QT_QPA_PLATFORM, DISPLAY or WAYLAND_DISPLAY set, Qt runs on
the offscreen platform.

With a video wall (`--tile 2x2`), each slide is laid out at the wall's canvas size (as every
display of the wall lays it out) and each tile's part is rendered on its own, from its own
build, to NN-type-tileC,R.png; NN-type-wall.png stitches them into the whole wall with the
seams drawn as dark bars, to check that text and charts continue across them.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QImage

    from kiosk.core.loader import LoadedPlaylist
    from kiosk.core.wall import Wall
    from kiosk.ui.slides.base import SlideContext

__all__ = ["SEAM_COLOR", "ensure_app", "render_command", "render_slide", "render_tile", "stitch"]

SEAM_COLOR = "#050608"  # the seams on a contact sheet: what a wall's bezels look like

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

    from kiosk.ui.qtapp import application

    app = QApplication.instance()
    if app is None:
        app = _app = application(["kiosk-render"])
    return app


def _render(slide: object, ctx: SlideContext, part: QRect | None = None) -> QImage:
    """The slide laid out at `ctx.size`; only its `part` (canvas pixels) when given."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage, QPainter, QRegion
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.slides import build_slide

    view = build_slide(slide, ctx)  # type: ignore[arg-type]
    try:
        view.finish()
        image = QImage(
            ctx.size if part is None else part.size(), QImage.Format.Format_ARGB32_Premultiplied
        )
        image.fill(ctx.theme.background if ctx.theme else 0)
        painter = QPainter(image)
        try:
            view.render(
                painter,
                QPoint(0, 0),
                QRegion() if part is None else QRegion(part),
                renderFlags=QWidget.RenderFlag.DrawChildren
                | QWidget.RenderFlag.DrawWindowBackground,
            )
        finally:
            painter.end()
    finally:
        view.release()
        view.deleteLater()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def _background_frame(loaded: LoadedPlaylist) -> None:
    """A background video shows its poster (the theme's image) or else its first frame."""
    if loaded.playlist.theme.background.video:
        from kiosk.ui.video_background import remember_first_frame

        remember_first_frame(loaded)


def render_slide(
    loaded: LoadedPlaylist,
    index: int,
    size: tuple[int, int],
    *,
    seams_y: tuple[tuple[int, int], ...] = (),
) -> QImage:
    """Slide `index` (0-based, in the playlist's list) in its final state, `size` pixels
    (`seams_y`: laid out around a video wall's horizontal seams, see SlideContext).

    Raises kiosk.ui.slides.SlideBuildError when the slide cannot be built.
    """
    ensure_app()
    from PySide6.QtCore import QSize

    from kiosk.ui.slides import make_context

    _background_frame(loaded)
    ctx = make_context(loaded, QSize(*size))
    if seams_y:
        from dataclasses import replace

        ctx = replace(ctx, seams_y=seams_y)
    return _render(loaded.playlist.slides[index], ctx)


def render_tile(loaded: LoadedPlaylist, index: int, screen: tuple[int, int], wall: Wall) -> QImage:
    """What tile `wall.col, wall.row` of `wall` (screens of `screen` pixels) shows of slide
    `index`, in its final state: laid out at the wall's size, this tile's part painted."""
    ensure_app()
    from dataclasses import replace

    from PySide6.QtCore import QRect, QSize

    from kiosk.ui.slides import make_context

    _background_frame(loaded)
    ctx = make_context(loaded, QSize(*wall.canvas_size(screen)))
    ctx = replace(ctx, seams_y=wall.seams_y(screen))
    r = wall.tile_rect(screen)
    return _render(loaded.playlist.slides[index], ctx, QRect(r.x, r.y, r.w, r.h))


def stitch(tiles: dict[tuple[int, int], QImage], wall: Wall, screen: tuple[int, int]) -> QImage:
    """The whole wall: every tile's picture at its place, the seams as dark bars."""
    from PySide6.QtGui import QColor, QImage, QPainter

    sheet = QImage(*wall.canvas_size(screen), QImage.Format.Format_RGB32)
    sheet.fill(QColor(SEAM_COLOR))
    painter = QPainter(sheet)
    try:
        for (col, row), image in tiles.items():
            r = wall.tile_rect(screen, col, row)
            painter.drawImage(r.x, r.y, image)
    finally:
        painter.end()
    return sheet


def render_command(
    playlist: Path,
    out: Path,
    size: tuple[int, int],
    *,
    wall: Wall | None = None,
    language: str | None = None,
    language_mode: str | None = None,
) -> int:
    """Write OUT/NN-type.png for every enabled slide (with a wall: every tile's picture and
    the stitched wall), in the deck's languages or `language` / `language_mode`. 0 on
    success, 1 on any failure, 2 for a language the deck does not have."""
    from dataclasses import replace

    from kiosk.core.languages import LanguageError, LanguagePlan
    from kiosk.core.playable import load_playable

    playable = load_playable(playlist)  # a broken slide is reported; the others are rendered
    for problem in playable.problems:
        print(problem)
    if playable.loaded is None:
        return 1
    loaded = playable.loaded
    try:
        langs = LanguagePlan.of(loaded.playlist.deck, language=language, mode=language_mode)
    except LanguageError as e:
        print(f"kiosk render: {playlist}: {e}")
        return 2
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".kiosk-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        print(f"kiosk render: cannot write to {out}: {e.strerror or e}")
        return 1
    if wall is not None:
        from kiosk.core.wall import check_canvas

        reason = check_canvas(wall, size)
        if reason:
            print(f"kiosk render: {reason}")
            return 1
    ensure_app()
    from PySide6.QtCore import QSize

    from kiosk.ui.slides import SlideBuildError, make_context

    _background_frame(loaded)
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
            if wall is not None:
                images = _render_wall(loaded, i - 1, size, wall, target)
            else:
                shown = langs.shown(0, i - 1, len(slides))
                images = [(target, _render(slide, replace(ctx, languages=shown)))]
        except Exception as e:  # one slide never stops the others (SlideBuildError or worse)
            kind = slide.type
            reason = str(e) if isinstance(e, SlideBuildError) else f"{type(e).__name__}: {e}"
            print(f"{playlist}: slide {i} ({kind}): {reason}")
            log.debug("slide %d failed to render", i, exc_info=True)
            failed += 1
            continue
        for path, image in images:
            if not image.save(str(path)):  # PNG, from the suffix
                print(f"kiosk render: cannot write {path}")
                return 1
            print(path)
        written += 1
    w, h = size
    where = f" as {wall.describe()}" if wall is not None else ""
    print(
        f"{written} slide{'s' if written != 1 else ''} rendered at {w}x{h}{where} to {out}"
        + (f", {failed} failed" if failed else "")
    )
    return 1 if failed else 0


def _render_wall(
    loaded: LoadedPlaylist, index: int, screen: tuple[int, int], wall: Wall, target: Path
) -> list[tuple[Path, QImage]]:
    """Every tile of slide `index` (each from its own build, as each display builds it) and
    the stitched wall; with a tile spec that names one tile (`2x2:1,0`), only that tile."""
    tiles = [(wall.col, wall.row)] if wall.named else list(wall.tiles())
    images = {(c, r): render_tile(loaded, index, screen, wall.at(c, r)) for c, r in tiles}
    stem = target.with_suffix("")
    out = [(Path(f"{stem}-tile{c},{r}.png"), image) for (c, r), image in images.items()]
    if not wall.named:
        out.append((Path(f"{stem}-wall.png"), stitch(images, wall, screen)))
    return out
