"""Reading a slide's picture loads the one Qt image plugin its format needs, not all of them.

Without a format, Qt asks every image plugin it has (ten in PySide6: TIFF, PDF, ICNS…)
whether it can read the bytes, loading each: ~2.5 ms more on the first picture read, which
can be the first slide's. kiosk knows the format from the file's header already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

READ = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kiosk.ui.background import image_pixmap

def plugins():
    with open("/proc/self/maps") as maps:
        return sorted({line.rsplit("/", 1)[-1].strip() for line in maps if "imageformats" in line})

seen = {}
for name in sys.argv[1:]:
    assert not image_pixmap(Path(name), QSize(120, 80)).isNull(), name
    seen[Path(name).suffix] = plugins()
print(json.dumps(seen))
"""


def test_a_png_loads_no_plugin_and_a_jpeg_only_qts_jpeg_plugin(ui: Any, tmp_path: Path) -> None:
    png = ui.write_image(tmp_path / "a.png", 60, 40, "#3366CC", "PNG")
    jpeg = ui.write_image(tmp_path / "b.jpg", 60, 40, "#E0115F", "JPEG")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", READ, str(png), str(jpeg)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen[".png"] == []  # Qt reads PNG itself
    assert seen[".jpg"] == ["libqjpeg.so"]
