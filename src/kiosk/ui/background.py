"""Pixmaps from the playlist's files: the themed background and every image a slide shows.

All of them are made when a slide is built, never while painting, and kept in a
least-recently-used cache keyed by file, modification time, size and fit, so a deck that
rotates reuses them instead of decoding the same files again. The cache is bounded by bytes,
not entries: 48 entries were 6 MiB for the bundled deck at 1080p but could be 48 full-screen
4K pictures (1.5 GB). `CACHE_BYTES` holds the bundled deck at 4K (about 23 MiB) with room to
spare; the picture just made is always kept, even when it alone is larger.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QLinearGradient, QPainter, QPixmap

from kiosk.ui.theme import Theme

__all__ = [
    "CACHE_BYTES",
    "ImageError",
    "background_pixmap",
    "cache_bytes",
    "cache_clear",
    "fitted_rect",
    "image_pixmap",
    "natural_size",
    "pixmap_bytes",
]

log = logging.getLogger(__name__)

Fit = Literal["contain", "cover"]
CACHE_BYTES = 64 * 1024 * 1024
_cache: OrderedDict[Hashable, QPixmap] = OrderedDict()
_cache_bytes = 0


class ImageError(Exception):
    """An image file cannot be shown; the message names the file and the reason."""


def cache_clear() -> None:
    global _cache_bytes
    _cache.clear()
    _cache_bytes = 0


def pixmap_bytes(pix: QPixmap) -> int:
    """The memory a pixmap's pixels take."""
    return pix.width() * pix.height() * max(1, pix.depth()) // 8


def cache_bytes() -> int:
    """What the cached pictures take now (at most `CACHE_BYTES`, or one larger picture)."""
    return _cache_bytes


def _cached(key: Hashable) -> QPixmap | None:
    pix = _cache.get(key)
    if pix is not None:
        _cache.move_to_end(key)
    return pix


def _store(key: Hashable, pix: QPixmap) -> QPixmap:
    global _cache_bytes
    old = _cache.pop(key, None)
    if old is not None:
        _cache_bytes -= pixmap_bytes(old)
    _cache[key] = pix
    _cache_bytes += pixmap_bytes(pix)
    while _cache_bytes > CACHE_BYTES and len(_cache) > 1:
        _, dropped = _cache.popitem(last=False)
        _cache_bytes -= pixmap_bytes(dropped)
    return pix


def _is_svg(path: Path) -> bool:
    if path.suffix.lower() in (".svg", ".svgz"):
        return True
    try:
        with path.open("rb") as f:
            return f.read(256).lstrip().startswith(b"<")
    except OSError:
        return False


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError as e:
        raise ImageError(f"image {path}: {e.strerror or e}") from None


def _svg_renderer(path: Path):  # -> QSvgRenderer
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    if not renderer.isValid():
        raise ImageError(f"image {path}: not an SVG that Qt can draw")
    return renderer


def natural_size(path: Path) -> QSizeF:
    """The image's own size in pixels (SVG: its width/height or viewBox)."""
    if _is_svg(path):
        renderer = _svg_renderer(path)
        size = QSizeF(renderer.defaultSize())
        if size.isEmpty():
            size = renderer.viewBoxF().size()
    else:
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = QSizeF(reader.size())
        if size.isEmpty():
            raise ImageError(f"image {path}: {reader.errorString() or 'cannot read'}")
    if size.isEmpty():
        raise ImageError(f"image {path}: has no size")
    return size


def fitted_rect(natural: QSizeF, box: QRect, fit: Fit = "contain") -> QRectF:
    """`natural` scaled into `box` keeping its aspect: inside it (contain) or covering it."""
    sx = box.width() / natural.width()
    sy = box.height() / natural.height()
    s = min(sx, sy) if fit == "contain" else max(sx, sy)
    w, h = natural.width() * s, natural.height() * s
    return QRectF(box.x() + (box.width() - w) / 2, box.y() + (box.height() - h) / 2, w, h)


def image_pixmap(
    path: Path, box: QSize, fit: Fit = "contain", tint: QColor | None = None
) -> QPixmap:
    """The image at `path` fitted into a `box`-sized area, aspect kept, never stretched.

    contain: the pixmap is at most `box` and has the image's aspect. cover: the pixmap is
    exactly `box`, the image scaled to cover it and cropped at the centre. `tint` paints
    every opaque pixel in one colour (for single-colour icons). Raises ImageError.
    """
    if box.width() < 1 or box.height() < 1:
        raise ImageError(f"image {path}: no room to show it")
    key = (str(path), _stamp(path), box.width(), box.height(), fit, tint.rgba() if tint else 0)
    hit = _cached(key)
    if hit is not None:
        return hit
    natural = natural_size(path)
    target = fitted_rect(natural, QRect(0, 0, box.width(), box.height()), fit)
    if fit == "contain":
        canvas = QSize(max(1, round(target.width())), max(1, round(target.height())))
        target = QRectF(0, 0, canvas.width(), canvas.height())
    else:
        canvas = QSize(box)
    image = QImage(canvas, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
    )
    try:
        if _is_svg(path):
            _svg_renderer(path).render(painter, target)
        else:
            reader = QImageReader(str(path))
            reader.setAutoTransform(True)
            source = reader.read()
            if source.isNull():
                raise ImageError(f"image {path}: {reader.errorString() or 'cannot decode'}")
            scaled = source.scaled(
                round(target.width()),
                round(target.height()),
                Qt.AspectRatioMode.IgnoreAspectRatio,  # target already has the source's aspect
                Qt.TransformationMode.SmoothTransformation,
            )
            painter.drawImage(QPointF(target.x(), target.y()), scaled)
        if tint is not None:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            painter.fillRect(image.rect(), tint)
    finally:
        painter.end()
    return _store(key, QPixmap.fromImage(image))


def background_pixmap(theme: Theme, size: QSize) -> QPixmap:
    """The theme background for a screen of `size`: colour, then gradient, then image."""
    spec = theme.background_spec
    color = QColor(getattr(spec, "color", None) or theme.background.name(QColor.NameFormat.HexArgb))
    gradient = list(getattr(spec, "gradient", None) or [])
    rel = getattr(spec, "image", None)
    if theme.portrait and getattr(spec, "image_portrait", None):
        rel = spec.image_portrait  # type: ignore[union-attr]
    image_path = (theme.base_dir / rel).resolve() if rel else None
    stamp = _stamp(image_path) if image_path else 0
    key = ("bg", color.rgba(), tuple(gradient), str(image_path), stamp, size.width(), size.height())
    hit = _cached(key)
    if hit is not None:
        return hit
    pix = QPixmap(size)
    pix.fill(color)
    painter = QPainter(pix)
    try:
        if gradient:
            g = QLinearGradient(QPointF(0, 0), QPointF(size.width(), size.height()))
            for i, stop in enumerate(gradient):
                g.setColorAt(i / (len(gradient) - 1), QColor(stop))
            painter.fillRect(pix.rect(), g)
        if image_path is not None:
            try:
                painter.drawPixmap(0, 0, image_pixmap(image_path, size, "cover"))
            except ImageError as e:  # the deck still shows, on its colour
                log.warning("background: %s", e)
    finally:
        painter.end()
    return _store(key, pix)
