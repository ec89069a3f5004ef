"""Screenshots of the editor for the README (docs/editor-*), best under a real X server:

    xvfb-run -s '-screen 0 1280x720x24' env QT_QPA_PLATFORM=xcb \
        .venv/bin/python tests/editor/make_screenshots.py docs 1280x720
    xvfb-run -s '-screen 0 1920x1080x24' env QT_QPA_PLATFORM=xcb \
        .venv/bin/python tests/editor/make_screenshots.py docs 1920x1080
    xvfb-run -s '-screen 0 1280x720x24' env QT_QPA_PLATFORM=xcb \
        .venv/bin/python tests/editor/make_screenshots.py docs bilingual

Opens a copy of the bundled deck in a window the size of the screen, selects a slide (the
chart from a CSV at 1280×720; the timeline, previewed in portrait, at 1920×1080), waits for
the thumbnails and the preview, and saves the window (PNG; JPEG for the large one, to stay
small).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.editor.document import PlaylistDocument
from kiosk.editor.window import EditorWindow

REPO = Path(__file__).resolve().parents[2]


def settle(app: QApplication, ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(
    out: Path, size: tuple[int, int], row: int, portrait: bool = False, language: str = ""
) -> Path:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    work = Path(tempfile.mkdtemp())
    if language:  # the bilingual deck, its preview in `language`
        sys.path.insert(0, str(REPO))
        from tests.editor.bilingual import bilingual_copy

        bilingual_copy(work)
    else:
        shutil.copytree(REPO / "data", work / "data")
        shutil.copytree(REPO / "assets", work / "assets")
    doc = PlaylistDocument.open(work / "data" / "playlist.json")
    window = EditorWindow(doc)
    window.resize(*size)
    window.splitter.setSizes([int(size[0] * 0.22), int(size[0] * 0.42), int(size[0] * 0.36)])
    window.show()
    window.select(row)
    if portrait:
        window.preview.orientation.setCurrentIndex(1)
    if language:
        window.preview.language.setCurrentIndex(window.preview.language.findData(language))
        window.preview.schedule()
    for _ in range(60):
        settle(app, 50)
        if not window.thumbs.pending():
            break
    settle(app, 400)
    height = window.right.height()
    window.right.setSizes([int(height * 0.8), int(height * 0.2)])
    settle(app, 300)
    suffix = ".jpg" if size[0] > 1600 else ".png"
    name = "editor-bilingual" if language else "editor"
    target = out / f"{name}-{size[0]}x{size[1]}{suffix}"
    window.grab().save(str(target), quality=88 if suffix == ".jpg" else -1)
    window.stack.setClean()
    window.close()
    return target


# slide row, portrait preview, preview language (a language: the bilingual deck)
SHOTS = {
    "1280x720": (8, False, ""),
    "1920x1080": (2, True, ""),
    "bilingual": (4, False, "zh-Hans"),
}

if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    for name in sys.argv[2:] or list(SHOTS):
        width, height = (1280, 720) if name == "bilingual" else (int(n) for n in name.split("x"))
        row, portrait, language = SHOTS.get(name, (8, False, ""))
        print(shoot(out, (width, height), row, portrait, language))
