"""Render every SVG under assets/ to PNG in /tmp/art, report Qt warnings."""

import glob
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QRectF, qInstallMessageHandler
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

msgs = []
qInstallMessageHandler(lambda mode, ctx, msg: msgs.append(msg))
app = QGuiApplication(sys.argv)
NAVY = QColor("#0B1F3A")
root = "/work/main/assets"
files = sorted(glob.glob(root + "/**/*.svg", recursive=True))
only = sys.argv[1:]
bad = 0
for f in files:
    rel = os.path.relpath(f, root)
    if only and not any(o in rel for o in only):
        continue
    msgs.clear()
    r = QSvgRenderer(f)
    vb = r.viewBoxF()
    scale = {"icons": 4}.get(rel.split("/")[0], 1)
    w, h = vb.width() * scale, vb.height() * scale
    if max(w, h) > 1600:
        k = 1600 / max(w, h)
        w, h = w * k, h * k
    img = QImage(int(w), int(h), QImage.Format_ARGB32)
    img.fill(NAVY)
    p = QPainter(img)
    p.setRenderHint(QPainter.Antialiasing)
    r.render(p, QRectF(0, 0, w, h))
    p.end()
    out = "/tmp/art/" + rel.replace("/", "__").replace(".svg", ".png")
    img.save(out)
    status = "OK" if r.isValid() and not msgs else "PROBLEM"
    if status != "OK":
        bad += 1
    print(f"{status:8} {rel:40} vb={vb.width():g}x{vb.height():g} size={os.path.getsize(f)} {msgs}")
# icon contact sheet
icons = sorted(glob.glob(root + "/icons/*.svg"))
if icons and not only:
    for px in (48, 96, 192):
        pad = px // 2
        cols = min(len(icons), max(1, 1500 // (px + pad)))
        rows = -(-len(icons) // cols)
        img = QImage(cols * (px + pad) + pad, rows * (px + pad) + pad, QImage.Format_ARGB32)
        img.fill(NAVY)
        p = QPainter(img)
        p.setRenderHint(QPainter.Antialiasing)
        for i, f in enumerate(icons):
            QSvgRenderer(f).render(
                p, QRectF(pad + (i % cols) * (px + pad), pad + (i // cols) * (px + pad), px, px)
            )
        p.end()
        img.save(f"/tmp/art/sheet_{px}.png")
sys.exit(1 if bad else 0)
