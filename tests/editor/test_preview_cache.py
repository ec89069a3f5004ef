"""The editor's preview keeps no old pictures in Qt's pixmap cache.

A QLabel shows a pixmap through a QIcon, and each paint copies the picture into the
application's QPixmapCache under its own key: every preview of an editing session stayed
there until the cache's 10 MiB were full. The preview draws its picture itself now.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QPixmapCache

from helpers import cache_sentinel
from kiosk.editor.window import EditorWindow


def test_previews_shown_put_nothing_in_qts_pixmap_cache(qtbot: Any, editor: EditorWindow) -> None:
    preview = editor.preview
    shown = []
    for i in range(12):  # each a new picture: another slide, or the same one again
        renders = preview.renders
        editor.select(i % len(editor.doc.slides))
        preview.orientation.setCurrentIndex(i // 3 % 2)
        qtbot.waitUntil(lambda r=renders: preview.renders > r)
        shown.append(preview.picture.pixmap())
    assert all(not p.isNull() for p in shown)
    # the rest of the window (its style, the thumbnails' icons) uses the cache as Qt's
    # widgets do: only the preview's own painting is under test
    with cache_sentinel() as key:
        for picture in shown:
            preview.picture.setPixmap(picture)
            preview.picture.repaint()
        assert QPixmapCache.find(key) is not None
