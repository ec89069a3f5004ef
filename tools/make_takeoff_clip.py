"""Make assets/video/takeoff.mp4: the themed plane taking off over Chongqing, 5 s, 960x540.

Drawn from the deck's own artwork (the plane and its dotted flight path from
`assets/illustrations/aircraft.svg`, the skyline from `assets/illustrations/skyline.svg`) and
encoded with Qt alone (`kiosk.ui.video_encode`: QMediaRecorder + QVideoFrameInput, MPEG-4
Part 2 in MP4, the one modern-enough encoder in the PySide6-Addons FFmpeg build).

    .venv/bin/python tools/make_takeoff_clip.py   # writes assets/video/takeoff.mp4 + its poster

The clip starts and ends on the still artwork (the slide's poster): the plane flies off to
the top right, the next one takes off from the runway along the dotted path and climbs to
where the artwork shows it. So the poster, the first frame and the last frame are one
picture: a fade into the slide, the start and every loop join without a jump.
"""

from __future__ import annotations

import math
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter
from PySide6.QtSvg import QSvgRenderer

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "assets" / "video" / "takeoff.mp4"
POSTER = REPO / "assets" / "video" / "takeoff-poster.jpg"  # its first (and last) frame
W, H, FPS = 960, 540, 25
HOLD, LEAVE, CLIMB, REST = 10, 25, 75, 15  # frames: at the pose, flying off, the climb, at the pose
EXIT = (1160.0, -150.0)  # off the top right, on the plane's heading
FRAMES = HOLD + LEAVE + CLIMB + REST
P0, P1, P2 = (120.0, 470.0), (400.0, 470.0), (566.0, 352.0)  # the artwork's dotted path
END = (692.2, 262.3)  # where the artwork's plane is


def _quad(t: float) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2) = P0, P1, P2
    u = 1 - t
    return (u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2)


def _pose(s: float) -> tuple[float, float, float, float]:
    """(x, y, heading in degrees, scale) at progress `s` 0..1 along path + last leg."""
    k = 0.8  # the curve, then the straight leg to the artwork's plane
    if s < k:
        t = s / k
        x, y = _quad(t)
        dx = 2 * (1 - t) * (P1[0] - P0[0]) + 2 * t * (P2[0] - P1[0])
        dy = 2 * (1 - t) * (P1[1] - P0[1]) + 2 * t * (P2[1] - P1[1])
    else:
        t = (s - k) / (1 - k)
        x, y = P2[0] + (END[0] - P2[0]) * t, P2[1] + (END[1] - P2[1]) * t
        dx, dy = END[0] - P2[0], END[1] - P2[1]
    heading = math.degrees(math.atan2(dy, dx)) + 90
    if s >= 1:
        heading = 54.6
    return x, y, heading, 0.25 + 0.45 * s


def _place(art: str, x: float, y: float, heading: float, scale: float, trail: float) -> str:
    svg = re.sub(
        r'<g transform="translate\(692\.2 262\.3\) rotate\(54\.6\) scale\(0\.7\)">',
        f'<g transform="translate({x:.1f} {y:.1f}) rotate({heading:.1f}) scale({scale:.3f})">',
        art,
    )
    # the dotted trail only as far as the plane has flown along it (`trail` 0..1)
    mx, my = P0[0] + (P1[0] - P0[0]) * trail, P0[1] + (P1[1] - P0[1]) * trail
    ex, ey = _quad(trail)
    return svg.replace(
        'd="M120 470 Q400 470 566 352"', f'd="M120 470 Q{mx:.1f} {my:.1f} {ex:.1f} {ey:.1f}"'
    )


def _frame_svg(art: str, n: int) -> str:
    if n < HOLD:
        return art
    n -= HOLD
    if n < LEAVE:  # off to the top right, speeding up, the trail fading back
        k = (n / LEAVE) ** 2
        x, y = END[0] + (EXIT[0] - END[0]) * k, END[1] + (EXIT[1] - END[1]) * k
        return _place(art, x, y, 54.6, 0.7 + 0.3 * k, 1.0 - n / LEAVE)
    n -= LEAVE
    if n < CLIMB:
        s = 1 - (1 - n / (CLIMB - 1)) ** 2  # ease out: the climb slows into the still pose
        x, y, heading, scale = _pose(s)
        return _place(art, x, y, heading, scale, min(1.0, s / 0.8))
    return art


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    from kiosk.ui.video_encode import encode_clip

    art = (REPO / "assets" / "illustrations" / "aircraft.svg").read_text(encoding="utf-8")
    skyline = QSvgRenderer(str(REPO / "assets" / "illustrations" / "skyline.svg"))
    sky = QLinearGradient(0, 0, 0, H)
    sky.setColorAt(0.0, QColor("#0B1F3A"))
    sky.setColorAt(1.0, QColor("#13294B"))
    ground = QImage(W, H, QImage.Format.Format_RGB32)
    painter = QPainter(ground)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(0, 0, W, H, sky)
    skyline.render(painter, QRectF(0, H - 200, W, 200))
    painter.end()

    def draw(n: int) -> QImage:
        image = ground.copy()
        renderer = QSvgRenderer(QByteArray(_frame_svg(art, n).encode("utf-8")))
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(p, QRectF(0, 0, W, H))
        p.end()
        return image

    POSTER.parent.mkdir(parents=True, exist_ok=True)
    if not draw(0).save(str(POSTER), "JPEG", 88):
        print(f"cannot write {POSTER}", file=sys.stderr)
        return 1
    encode_clip(OUT, draw, FRAMES, fps=FPS, size=QSize(W, H), quality="LowQuality")
    print(f"{OUT.relative_to(REPO)}: {OUT.stat().st_size // 1024} KiB, {FRAMES} frames")
    return 0


if __name__ == "__main__":
    sys.exit(main())
