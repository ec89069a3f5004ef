"""What an image file must be before Qt decodes it: known format, bounded pixels, bounded SVG.

Qt-free and cheap: raster images are judged from their header (width × height, no decoding);
SVGs are parsed with the standard library and measured — element count, nesting depth, and how
many elements `<use>` references expand to (a 2 KB file whose groups each `<use>` the previous
group twice, thirty levels deep, expands to 2³⁰ elements and once froze the display for good).
Every refusal is one line that names the limit.
"""

from __future__ import annotations

import re
import struct
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from kiosk.core.safeio import LIMITS, FileRefused, confine, gunzip, read_bytes, read_head

__all__ = [
    "MAX_IMAGE_PIXELS",
    "MAX_IMAGE_SIDE",
    "MAX_SVG_DEPTH",
    "MAX_SVG_ELEMENTS",
    "MAX_SVG_EXPANDED",
    "check_image",
    "raster_size",
    "svg_subresources",
]

MAX_IMAGE_PIXELS = 40_000_000  # well under Qt's 256 MiB decode limit (4 bytes a pixel)
MAX_IMAGE_SIDE = 16_384
MAX_SVG_ELEMENTS = 20_000
MAX_SVG_EXPANDED = 50_000  # elements after expanding every <use>
MAX_SVG_DEPTH = 64
_HEAD = 256 * 1024  # JPEG's size marker may follow a large EXIF block

_XLINK = "{http://www.w3.org/1999/xlink}href"
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _tag(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def raster_size(head: bytes) -> tuple[str, tuple[int, int] | None] | None:
    """(format, (width, height) or None when the header is damaged); None: not a raster."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        if len(head) >= 24 and head[12:16] == b"IHDR":
            return "PNG", struct.unpack(">II", head[16:24])
        return "PNG", None
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF", struct.unpack("<HH", head[6:10]) if len(head) >= 10 else None
    if head.startswith(b"BM"):
        if len(head) >= 26:
            w, h = struct.unpack("<ii", head[18:26])
            return "BMP", (abs(w), abs(h))
        return "BMP", None
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG", _jpeg_size(head)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP", _webp_size(head)
    return None


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(head):
        if head[i] != 0xFF:
            return None
        marker = head[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        (length,) = struct.unpack(">H", head[i + 2 : i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", head[i + 5 : i + 9])
            return w, h
        if length < 2:
            return None
        i += 2 + length
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8X" and len(head) >= 30:
        w = int.from_bytes(head[24:27], "little") + 1
        h = int.from_bytes(head[27:30], "little") + 1
        return w, h
    if chunk == b"VP8L" and len(head) >= 25:
        b = head[21:25]
        w = 1 + (((b[1] & 0x3F) << 8) | b[0])
        h = 1 + (((b[3] & 0x0F) << 10) | (b[2] << 2) | ((b[1] & 0xC0) >> 6))
        return w, h
    if chunk == b"VP8 " and len(head) >= 30 and head[23:26] == b"\x9d\x01\x2a":
        w, h = struct.unpack("<HH", head[26:30])
        return w & 0x3FFF, h & 0x3FFF
    return None


def _pixels_reason(fmt: str, size: tuple[int, int]) -> str | None:
    w, h = size
    if w < 1 or h < 1:
        return f"{fmt} image has no size ({w}×{h})"
    if w > MAX_IMAGE_SIDE or h > MAX_IMAGE_SIDE or w * h > MAX_IMAGE_PIXELS:
        return (
            f"{fmt} image is {w}×{h} pixels; the limit is {MAX_IMAGE_PIXELS // 1_000_000} million "
            f"pixels and {MAX_IMAGE_SIDE} on a side"
        )
    return None


def check_image(path: Path, root: Path | None, deck: Path) -> str | None:
    """Why the image at `path` cannot be shown (one line), or None when it can.

    root: where an SVG's sub-resources must stay (None: the SVG's folder or `deck`).
    """
    try:
        head, _size = read_head(path, "image", _HEAD)
    except FileRefused as e:
        return e.reason
    raster = raster_size(head)
    if raster is not None:
        fmt, dims = raster
        if dims is None:
            return f"damaged {fmt} file (no image size in its header; truncated?)"
        return _pixels_reason(fmt, dims)
    svgz = head.startswith(b"\x1f\x8b")
    if svgz or path.suffix.lower() in (".svg", ".svgz") or head.lstrip().startswith(b"<"):
        try:
            root_el = parse_svg(path)
        except FileRefused as e:
            return e.reason
        reason = _svg_complexity(root_el)
        if reason:
            return reason
        for _el, ref, target, why in _hrefs(root_el, path, root, deck):
            if why:
                return f"SVG refers to {ref[:80]!r}: {why}"
            assert target is not None
            sub = _check_subresource(target)
            if sub:
                return f"SVG refers to {ref[:80]!r}: {sub}"
        return None
    return "not an image kiosk can show (SVG, PNG, JPEG, GIF, BMP or WebP)"


def parse_svg(path: Path) -> ET.Element:
    """The SVG (or gzip-compressed .svgz) at `path`, parsed; FileRefused with the reason."""
    data = read_bytes(path, "image", limit=LIMITS["svg"])
    if data.startswith(b"\x1f\x8b"):
        data = gunzip(data, path)
    if _ENTITY.search(data):
        raise FileRefused(path, "SVG declares XML entities (<!ENTITY>): not allowed")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise FileRefused(path, f"not valid SVG: {e}") from None
    if _tag(root) != "svg":
        raise FileRefused(path, f"not an SVG image (root element <{_tag(root)}>)")
    return root


def _svg_complexity(root: ET.Element) -> str | None:
    count = 0
    stack = [(root, 1)]
    ids: dict[str, ET.Element] = {}
    while stack:
        el, depth = stack.pop()
        count += 1
        if count > MAX_SVG_ELEMENTS:
            return f"SVG has more than {MAX_SVG_ELEMENTS} elements (limit {MAX_SVG_ELEMENTS})"
        if depth > MAX_SVG_DEPTH:
            return f"SVG is nested more than {MAX_SVG_DEPTH} levels deep (limit {MAX_SVG_DEPTH})"
        ident = el.get("id")
        if ident:
            ids.setdefault(ident, el)
        stack.extend((child, depth + 1) for child in el)
    memo: dict[int, int] = {}
    active: set[int] = set()
    over = MAX_SVG_EXPANDED + 1

    def cost(el: ET.Element) -> int:
        key = id(el)
        if key in memo:
            return memo[key]
        if key in active:
            raise _Cycle
        active.add(key)
        total = 1
        for child in el:
            total = min(over, total + cost(child))
        if _tag(el) == "use":
            ref = el.get(_XLINK) or el.get("href") or ""
            target = ids.get(ref[1:]) if ref.startswith("#") else None
            if target is not None:
                total = min(over, total + cost(target))
        active.discard(key)
        memo[key] = total
        return total

    try:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 4 * MAX_SVG_DEPTH * 8 + 100))
        try:
            expanded = cost(root)
        finally:
            sys.setrecursionlimit(limit)
    except _Cycle:
        return "SVG has a <use> that refers to itself (a cycle)"
    except RecursionError:
        return f"SVG's <use> references nest too deeply (limit {MAX_SVG_EXPANDED} elements)"
    if expanded > MAX_SVG_EXPANDED:
        return (
            f"SVG expands to more than {MAX_SVG_EXPANDED} elements through <use> "
            f"(limit {MAX_SVG_EXPANDED})"
        )
    return None


class _Cycle(Exception):
    pass


def _hrefs(
    root: ET.Element, svg: Path, root_dir: Path | None, deck: Path
) -> Iterator[tuple[ET.Element, str, Path | None, str | None]]:
    """Every external file reference of the SVG: (element, ref, resolved, why refused)."""
    for el in root.iter():
        ref = el.get(_XLINK) or el.get("href")
        if not ref or ref.startswith(("#", "data:")):
            continue
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ref) and not re.match(r"^[a-zA-Z]:[\\/]", ref):
            scheme = ref.split(":", 1)[0]
            if scheme != "file":
                yield el, ref, None, f"{scheme}: links are not allowed (only files in the deck)"
                continue
            ref = ref.removeprefix("file://").removeprefix("file:")
        if Path(ref).is_absolute():
            yield el, ref, None, "SVG sub-resources must be relative paths inside the deck folder"
            continue
        target, why = confine(svg.parent, ref, root=None, strict=True)
        if why is None:
            allowed = [root_dir] if root_dir is not None else [svg.parent, deck]
            if not any(target.is_relative_to(_real(a)) for a in allowed):
                why = "is outside the deck folder"
        yield el, ref, target, why


def _real(p: Path) -> Path:
    try:
        return p.resolve()
    except (OSError, RuntimeError):
        return p


def _check_subresource(target: Path) -> str | None:
    try:
        head, _ = read_head(target, "image", _HEAD)
    except FileRefused as e:
        return e.reason
    raster = raster_size(head)
    if raster is None:
        return "an SVG may only embed PNG, JPEG, GIF, BMP or WebP images"
    fmt, dims = raster
    return f"damaged {fmt} file" if dims is None else _pixels_reason(fmt, dims)


def svg_subresources(path: Path, root: Path | None, deck: Path) -> list[Path]:
    """The files an SVG pulls in (for the hot-reload watcher); [] when it cannot be read."""
    try:
        root_el = parse_svg(path)
    except FileRefused:
        return []
    return [t for _el, _ref, t, why in _hrefs(root_el, path, root, deck) if t and not why]
