"""Screenshots of the editor for the README: `python tests/editor/make_screenshots.py OUTDIR`.

Opens a copy of the bundled deck at 1280×720 and 1920×1080 (a screen of that size), selects
a chart slide, waits for the thumbnails and the preview, and saves the window as PNG.
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


def shoot(out: Path, size: tuple[int, int], row: int, portrait: bool = False) -> Path:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    work = Path(tempfile.mkdtemp())
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
    for _ in range(60):
        settle(app, 50)
        if not window.thumbs.pending():
            break
    settle(app, 400)
    target = out / f"editor-{size[0]}x{size[1]}{'-portrait' if portrait else ''}.png"
    window.grab().save(str(target))
    window.stack.setClean()
    window.close()
    return target


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    row = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    for size in ((1280, 720), (1920, 1080)):
        print(shoot(out, size, row))
