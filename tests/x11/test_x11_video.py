"""Under a real X server, a clip's frames are converted on the CPU: no GL driver is loaded.

Qt Multimedia converts video frames on the GPU whenever the platform offers OpenGL; with no
GPU that is Mesa's software renderer (libLLVM and swrast, ~47 MiB of libraries, ~18 MiB
private, and 171 % of a core while a 1080p clip plays, against 39 %: README, "Memory: the
GL driver a clip loaded"). Offscreen, where the other tests run, Qt offers no OpenGL, so
only a real X server shows it. The control run, a plain QApplication decoding in its own
process, proves this machine would load a GL driver, so the test cannot pass for want of
one. kiosk's display decodes nothing itself (its decoder process runs offscreen): neither
the display nor its decoder maps a GL driver, and the display maps no FFmpeg either.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from helpers.clips import play_clip
from kiosk.ui.video_player import multimedia_error


def _frame(i: int) -> QImage:
    image = QImage(320, 180, QImage.Format.Format_RGB32)
    image.fill(QColor.fromHsv(i * 12 % 360, 200, 220))
    return image


@pytest.fixture
def clip_deck(qapp: Any, tmp_path: Path) -> Path:
    if multimedia_error() is not None:
        pytest.skip(multimedia_error() or "")
    from kiosk.ui.video_encode import encode_clip

    encode_clip(tmp_path / "clip.mp4", _frame, 60, fps=30)
    deck = tmp_path / "p.json"
    slides = [{"type": "video", "video": "clip.mp4", "loop": True, "duration": 600}]
    doc = {"deck": {"title": "X"}, "defaults": {"transition": "none"}, "slides": slides}
    deck.write_text(json.dumps(doc))
    return deck


def _play(display: str, deck: Path, mode: str) -> dict[str, Any]:
    return play_clip(deck, mode, {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"})


def test_a_clip_under_x_loads_no_gl_driver(xserver: str, clip_deck: Path) -> None:
    plain = _play(xserver, clip_deck, "plain")
    if not plain["display"]["gl"]:
        pytest.skip("this machine has no GL driver to load (Mesa's libgl1-mesa-dri)")
    kiosk = _play(xserver, clip_deck, "kiosk")
    assert kiosk["display"] == {"gl": [], "media": []}, kiosk["display"]
    assert len(kiosk["decoders"]) == 1
    assert kiosk["decoders"][0]["gl"] == [], kiosk["decoders"][0]
    assert kiosk["decoders"][0]["media"]  # it is the process that decodes
