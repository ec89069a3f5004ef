"""The picture cache: what `background` made (slide images, the themed background), by key.

Least-recently used, bounded by bytes, not entries: 48 entries were 6 MiB for the bundled
deck at 1080p but could be 48 full-screen 4K pictures (1.5 GB). `CACHE_BYTES` holds the
bundled deck at 4K (about 23 MiB) with room to spare; the picture just made is always kept,
even when it alone is larger.

Each picture remembers who asked for it (`note`): the slides, or someone without an owner
(the stage's background, `kiosk render`). Once no slide that asked for a picture is alive,
`release_unowned` (the slide pool calls it after each build ahead) drops it: a rotating
display holds the pictures of the slides alive, not of every slide it has shown (a deck of
photos would otherwise keep up to `CACHE_BYTES` of them for good). A slide still alive has
its own reference to its pictures, so dropping the cache's frees nothing it shows.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Hashable

from PySide6.QtCore import QObject
from PySide6.QtGui import QPixmap
from shiboken6 import isValid

__all__ = [
    "CACHE_BYTES",
    "cache_bytes",
    "cache_clear",
    "forget",
    "lookup",
    "note",
    "pixmap_bytes",
    "release_unowned",
    "store",
]

CACHE_BYTES = 64 * 1024 * 1024
_cache: OrderedDict[Hashable, QPixmap] = OrderedDict()
_cache_bytes = 0
# who asked for each picture: the slides (owners), or someone without one (the stage, render)
_owners: dict[Hashable, weakref.WeakSet[QObject]] = {}
_ownerless: set[Hashable] = set()


def cache_clear() -> None:
    global _cache_bytes
    _cache.clear()
    _owners.clear()
    _ownerless.clear()
    _cache_bytes = 0


def note(key: Hashable, owner: QObject | None) -> None:
    if owner is None:
        _ownerless.add(key)
    else:
        _owners.setdefault(key, weakref.WeakSet()).add(owner)


def release_unowned() -> int:
    """Forget the pictures only slides asked for once none of those slides is alive (deleted,
    or gone from Python); returns the bytes freed. A slide still alive keeps its own copy
    either way: this frees the cache's."""
    freed = 0
    for key in list(_cache):
        owners = _owners.get(key)
        if key in _ownerless or (owners is not None and any(isValid(o) for o in owners)):
            continue
        freed += pixmap_bytes(_cache[key])
        forget(key)
    return freed


def pixmap_bytes(pix: QPixmap) -> int:
    """The memory a pixmap's pixels take."""
    return pix.width() * pix.height() * max(1, pix.depth()) // 8


def cache_bytes() -> int:
    """What the cached pictures take now (at most `CACHE_BYTES`, or one larger picture)."""
    return _cache_bytes


def lookup(key: Hashable) -> QPixmap | None:
    pix = _cache.get(key)
    if pix is not None:
        _cache.move_to_end(key)
    return pix


def forget(key: Hashable) -> None:
    global _cache_bytes
    _owners.pop(key, None)
    _ownerless.discard(key)
    old = _cache.pop(key, None)
    if old is not None:
        _cache_bytes -= pixmap_bytes(old)


def store(key: Hashable, pix: QPixmap) -> QPixmap:
    global _cache_bytes
    old = _cache.pop(key, None)
    if old is not None:
        _cache_bytes -= pixmap_bytes(old)
    _cache[key] = pix
    _cache_bytes += pixmap_bytes(pix)
    while _cache_bytes > CACHE_BYTES and len(_cache) > 1:
        forget(next(iter(_cache)))
    return pix
