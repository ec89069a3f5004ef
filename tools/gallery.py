"""Make the README's contact sheets from `kiosk render` output.

kiosk render data/playlist.json --out /tmp/land
kiosk render data/playlist.json --out /tmp/port --size 1080x1920
python tools/gallery.py /tmp/land docs/gallery-landscape.jpg 6 320
python tools/gallery.py /tmp/port docs/gallery-portrait.jpg 9 180
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication


def main(src: str, out: str, cols: str, width: str) -> int:
    app = QApplication.instance() or QApplication([])
    files = sorted(Path(src).glob("*.png"))
    first = QImage(str(files[0]))
    w = int(width)
    h = w * first.height() // first.width()
    gap = max(4, w // 40)
    n = int(cols)
    rows = (len(files) + n - 1) // n
    sheet = QImage(n * w + (n + 1) * gap, rows * h + (rows + 1) * gap, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#061327"))
    painter = QPainter(sheet)
    for i, f in enumerate(files):
        image = QImage(str(f)).scaled(
            w, h, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        painter.drawImage(gap + (i % n) * (w + gap), gap + (i // n) * (h + gap), image)
    painter.end()
    ok = sheet.save(out, quality=82)
    del app
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:5]))
