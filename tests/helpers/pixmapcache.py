"""An entry in Qt's application-wide pixmap cache that whatever the code under test puts
there pushes out (`QPixmapCache` drops its least recently used entries first)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QPixmapCache


@contextmanager
def cache_sentinel(room_kib: int = 48) -> Iterator[QPixmapCache.Key]:
    """The cache emptied and set to hold one entry of 31,250 KiB plus `room_kib`: pictures
    of more than that, in all, put there while this is open leave `QPixmapCache.find(key)`
    None. The entry is large because the cache refuses (and so never evicts for) a picture
    larger than its whole limit: a 4K frame or a full-screen still still counts."""
    limit = QPixmapCache.cacheLimit()
    QPixmapCache.clear()
    sentinel = QPixmap(4000, 2000)  # 31,250 KiB
    sentinel.fill(Qt.GlobalColor.white)
    QPixmapCache.setCacheLimit(31_250 + room_kib)
    try:
        yield QPixmapCache.insert(sentinel)
    finally:
        QPixmapCache.clear()
        QPixmapCache.setCacheLimit(limit)
