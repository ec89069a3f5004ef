"""Pixmaps from the playlist's files: the themed background and every image a slide shows.

All of them are made when a slide is built, never while painting, and kept in the picture
cache (`kiosk.ui.picturecache`: bounded by bytes, pictures of the slides alive), so a deck
that rotates reuses them instead of decoding the same files again. A slide passes itself as
the `owner` of what it asks for.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import QColor, QImage, QImageReader, QLinearGradient, QPainter, QPixmap

from kiosk.core.media import (
    MAX_IMAGE_PIXELS,
    MAX_IMAGE_SIDE,
    check_image,
    raster_size,
    svg_subresources,
)
from kiosk.core.safeio import FileRefused, gunzip, read_bytes
from kiosk.ui.picturecache import forget, lookup, note, store
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer  # imported when the first SVG is drawn

__all__ = [
    "ImageError",
    "background_pixmap",
    "compact",
    "fitted_rect",
    "image_pixmap",
    "natural_size",
    "set_first_frame",
]

log = logging.getLogger(__name__)

Fit = Literal["contain", "cover"]
_OPAQUE = QImage.Format.Format_RGB888
_TRANSLUCENT = QImage.Format.Format_ARGB32_Premultiplied
_first_frames: dict[str, QImage] = {}  # a background clip's first frame, by path (render)


class ImageError(Exception):
    """An image file cannot be shown; the message names the file and the reason."""


def _is_svg(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in (".svg", ".svgz") or data.startswith(b"\x1f\x8b"):
        return True
    return data[:256].lstrip().startswith(b"<")


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except (OSError, ValueError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise ImageError(f"image {path}: {reason}") from None


def _read(path: Path) -> bytes:
    """The file's bytes through `safeio` (regular file, bounded): Qt never opens it itself."""
    try:
        return read_bytes(path, "image")
    except FileRefused as e:
        raise ImageError(f"image {path}: {e.reason}") from None


def _svg_renderer(path: Path, data: bytes) -> QSvgRenderer:
    """A renderer for an SVG that passed the same checks as `kiosk validate` (complexity,
    sub-resources confined), re-checked here because the file may have changed since."""
    from PySide6.QtSvg import QSvgRenderer

    # the path rule was judged at validation, against the deck folder this module does not
    # know; here: complexity, entities, and what each sub-resource is (anchor: any folder)
    anywhere = Path(path.anchor or "/")
    reason = check_image(path, None, anywhere)
    if reason:
        raise ImageError(f"image {path}: {reason}")
    if data.startswith(b"\x1f\x8b"):
        try:
            data = gunzip(data, path)
        except FileRefused as e:
            raise ImageError(f"image {path}: {e.reason}") from None
    # From the checked bytes when the SVG pulls in nothing (no window for a swapped file);
    # by path otherwise, so that Qt finds its (checked) images beside it.
    subresources = svg_subresources(path, None, anywhere)
    renderer = QSvgRenderer(str(path)) if subresources else QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        raise ImageError(f"image {path}: not an SVG that Qt can draw")
    return renderer


_QT_FORMAT = {"PNG": b"png", "GIF": b"gif", "BMP": b"bmp", "JPEG": b"jpeg", "WebP": b"webp"}


def _raster_reader(path: Path, data: bytes) -> tuple[QImageReader, QBuffer]:
    """A reader on the file's bytes whose size is known and within the pixel limit."""
    found = raster_size(data[:262144])
    fmt = found[0] if found else "image"
    if found is not None and found[1] is not None:  # the header's size, before Qt reads a byte
        w, h = found[1]
        if w * h > MAX_IMAGE_PIXELS or max(w, h) > MAX_IMAGE_SIDE:
            raise ImageError(
                f"image {path}: {fmt} image is {w}×{h} pixels; the limit is "
                f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels and {MAX_IMAGE_SIDE} on a side"
            )
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    # the format read from the header: Qt then loads that one plugin (PNG, JPEG, GIF and BMP
    # need none), not every image plugin it has to ask each whether it can read the bytes
    reader = QImageReader(buffer, _QT_FORMAT.get(fmt, b""))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isEmpty():
        raise ImageError(f"image {path}: {_qt_reason(reader, fmt)}")
    if (
        size.width() * size.height() > MAX_IMAGE_PIXELS
        or max(size.width(), size.height()) > MAX_IMAGE_SIDE
    ):
        raise ImageError(
            f"image {path}: {fmt} image is {size.width()}×{size.height()} pixels; the limit is "
            f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels and {MAX_IMAGE_SIDE} on a side"
        )
    return reader, buffer


def _qt_reason(reader: QImageReader, fmt: str) -> str:
    """Qt's reason, or what it means when Qt says only "Unknown error"."""
    text = reader.errorString()
    if not text or text.lower() in ("unknown error", "unable to read image data"):
        return f"the {fmt} data is damaged or truncated (it cannot be decoded)"
    return text


def _svg_size(renderer) -> QSizeF:  # type: ignore[no-untyped-def]
    size = QSizeF(renderer.defaultSize())
    return renderer.viewBoxF().size() if size.isEmpty() else size


def natural_size(path: Path, data: bytes | None = None) -> QSizeF:
    """The image's own size in pixels (SVG: its width/height or viewBox)."""
    data = _read(path) if data is None else data
    if _is_svg(path, data):
        renderer = _svg_renderer(path, data)
        size = QSizeF(renderer.defaultSize())
        if size.isEmpty():
            size = renderer.viewBoxF().size()
    else:
        reader, _buffer = _raster_reader(path, data)
        size = QSizeF(reader.size())
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
    path: Path,
    box: QSize,
    fit: Fit = "contain",
    tint: QColor | None = None,
    *,
    owner: QObject | None = None,
) -> QPixmap:
    """The image at `path` fitted into a `box`-sized area, aspect kept, never stretched.

    contain: the pixmap is at most `box` and has the image's aspect. cover: the pixmap is
    exactly `box`, the image scaled to cover it and cropped at the centre. `tint` paints
    every opaque pixel in one colour (for single-colour icons). Raises ImageError.
    """
    if box.width() < 1 or box.height() < 1:
        raise ImageError(f"image {path}: no room to show it")
    key = (str(path), _stamp(path), box.width(), box.height(), fit, tint.rgba() if tint else 0)
    hit = lookup(key)
    if hit is not None:
        note(key, owner)
        return hit
    data = _read(path)
    renderer = _svg_renderer(path, data) if _is_svg(path, data) else None
    natural = _svg_size(renderer) if renderer is not None else natural_size(path, data)
    if natural.isEmpty():
        raise ImageError(f"image {path}: has no size")
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
        if renderer is not None:
            renderer.render(painter, target)
        else:
            reader, _buffer = _raster_reader(path, data)
            fmt = bytes(reader.format().data()).decode("ascii", "replace").upper() or "image"
            source = reader.read()
            if source.isNull():
                raise ImageError(f"image {path}: {_qt_reason(reader, fmt)}")
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
    pix = store(key, QPixmap.fromImage(image))
    note(key, owner)
    return pix


def _cover_rects(natural: QSize, box: QSize) -> tuple[QRectF, QRectF]:
    """(target, source): a `natural`-sized picture covering `box`, cropped at the centre."""
    nw, nh = max(1, natural.width()), max(1, natural.height())
    scale = max(box.width() / nw, box.height() / nh)
    cw, ch = box.width() / scale, box.height() / scale
    return QRectF(0, 0, box.width(), box.height()), QRectF((nw - cw) / 2, (nh - ch) / 2, cw, ch)


def _resolve(base: Path, rel: str) -> Path | None:
    try:
        return (base / rel).resolve()
    except (OSError, RuntimeError, ValueError) as e:
        log.warning("background: image %r: %s", rel, e)
        return None


def set_first_frame(path: Path, image: QImage) -> None:
    """`image` (a background clip's first frame) is drawn as the poster of the clip at `path`
    where the theme has no image: what `kiosk render` shows of a background video."""
    _first_frames[str(path)] = image


def background_pixmap(theme: Theme, size: QSize, *, owner: QObject | None = None) -> QPixmap:
    """The theme background for a screen of `size`: colour, then gradient, then image (or
    a background video's first frame, when one was set and there is no image)."""
    spec = theme.background_spec
    color = QColor(getattr(spec, "color", None) or theme.background.name(QColor.NameFormat.HexArgb))
    gradient = list(getattr(spec, "gradient", None) or [])
    rel = getattr(spec, "image", None)
    if theme.portrait and (portrait := getattr(spec, "image_portrait", None)):
        rel = portrait
    image_path = _resolve(theme.base_dir, rel) if rel else None
    try:
        stamp = _stamp(image_path) if image_path else 0
    except ImageError as e:  # the deck still shows, on its colour
        log.warning("background: %s", e)
        image_path, stamp = None, 0
    video = getattr(spec, "video", None)
    frame_path = _resolve(theme.base_dir, video) if video and not rel else None
    frame = _first_frames.get(str(frame_path)) if frame_path else None
    key = (
        "bg",
        color.rgba(),
        tuple(gradient),
        str(image_path),
        stamp,
        size.width(),
        size.height(),
        frame.cacheKey() if frame is not None else 0,
    )
    hit = lookup(key)
    if hit is not None:
        note(key, owner)
        return hit
    # opaque (the colour under it all is): 24 bits a pixel, 2 MiB less at 1080p than 32, the
    # same pixels, and drawn as fast (Qt blends it without a conversion pass)
    canvas = QImage(size, _OPAQUE if color.alpha() == 255 else _TRANSLUCENT)
    canvas.fill(color)
    painter = QPainter(canvas)
    try:
        if gradient:
            g = QLinearGradient(QPointF(0, 0), QPointF(size.width(), size.height()))
            for i, stop in enumerate(gradient):
                g.setColorAt(i / (len(gradient) - 1), QColor(stop))
            painter.fillRect(canvas.rect(), g)
        if image_path is not None:
            try:
                painter.drawPixmap(0, 0, image_pixmap(image_path, size, "cover"))
                # only the composed background is used again: the image at full size
                # would be a second full-screen picture in the cache (8 MiB at 1080p)
                forget((str(image_path), stamp, size.width(), size.height(), "cover", 0))
            except ImageError as e:  # the deck still shows, on its colour
                log.warning("background: %s", e)
        elif frame is not None:
            target, source = _cover_rects(frame.size(), size)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, frame, source)
    finally:
        painter.end()
    pix = store(key, QPixmap.fromImage(canvas, Qt.ImageConversionFlag.NoFormatConversion))
    note(key, owner)
    return pix


def compact(picture: QPixmap) -> QPixmap:
    """An opaque screen-sized picture kept for a while (the still of a slide built ahead) at
    24 bits a pixel: the same pixels in three quarters of the memory; others as they are."""
    if picture.isNull() or picture.hasAlphaChannel() or picture.depth() != 32:
        return picture
    image = picture.toImage().convertToFormat(_OPAQUE)
    out = QPixmap.fromImage(image, Qt.ImageConversionFlag.NoFormatConversion)
    out.setDevicePixelRatio(picture.devicePixelRatio())
    return out
