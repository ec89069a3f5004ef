import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

app = QGuiApplication([])
img = QImage(1200, 600, QImage.Format_ARGB32)
img.fill(QColor("#0B1F3A"))
p = QPainter(img)
p.setRenderHint(QPainter.Antialiasing)
m = "/work/main/assets/logo-mark.svg"
QSvgRenderer(m).render(p, QRectF(40, 40, 384, 384))
QSvgRenderer(m).render(p, QRectF(460, 40, 32, 32))
QSvgRenderer(m).render(p, QRectF(510, 40, 64, 64))
QSvgRenderer(m).render(p, QRectF(600, 40, 128, 128))
r = QSvgRenderer("/work/main/assets/logo.svg")
s = r.viewBoxF()
r.render(p, QRectF(460, 240, s.width() * 1.2, s.height() * 1.2))
r.render(p, QRectF(460, 450, s.width() * 0.5, s.height() * 0.5))
p.end()
img.save("/tmp/art/logo_test.png")
