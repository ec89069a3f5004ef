"""An entry in Qt's application-wide pixmap cache that whatever the code under test puts
there pushes out (`QPixmapCache` drops its least recently used entries first)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QPixmapCache


@contextmanager
def cache_sentinel(room_kib: int = 48) -> Iterator[QPixmapCache.Key]:
    """The cache emptied and shrunk to one 352 KiB entry plus `room_kib`: pictures of more
    than that, in all, put there while this is open leave `QPixmapCache.find(key)` None."""
    limit = QPixmapCache.cacheLimit()
    QPixmapCache.clear()
    sentinel = QPixmap(300, 300)  # 351.6 KiB
    sentinel.fill(Qt.GlobalColor.white)
    QPixmapCache.setCacheLimit(352 + room_kib)
    try:
        yield QPixmapCache.insert(sentinel)
    finally:
        QPixmapCache.clear()
        QPixmapCache.setCacheLimit(limit)
