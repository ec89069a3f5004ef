"""A clip's frame is painted without the background under it (a second blit of the clip's
area at every frame, ~1.4 ms at 1080p); the picture stays the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPixmap
from pytestqt.qtbot import QtBot

from helpers import write_slides
from helpers.clips import red_blue_clips
from kiosk.core.loader import load_playlist
from kiosk.ui.slides import build_slide, make_context
from kiosk.ui.video_player import multimedia_error

pytestmark = pytest.mark.skipif(
    multimedia_error() is not None, reason=f"no Qt Multimedia: {multimedia_error()}"
)
WAIT = 20_000  # ms: generous, the machine is shared
MAGENTA = QColor("#FF00FF")


@pytest.fixture(scope="module")
def clips(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return red_blue_clips(tmp_path_factory.mktemp("clips"))


def _view(qtbot: QtBot, clips: Path, slide: dict[str, Any]) -> Any:
    deck = write_slides(clips, [slide], name="paint.json", title="Video", duration=30)
    loaded = load_playlist(deck)
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(640, 360)))
    qtbot.addWidget(view)
    return view


def _with_magenta_background(view: Any) -> QImage:
    """The view painted over a magenta background: magenta shows wherever it is drawn."""
    magenta = QPixmap(view.size())
    magenta.fill(MAGENTA)
    view._background = magenta
    return view.grab().toImage()


@pytest.mark.parametrize(
    ("slide", "panel"),
    [
        ({"type": "video", "video": "clip.mp4"}, "panel"),
        ({"type": "split", "heading": "H", "text": "Beside", "video": "clip.mp4"}, "video"),
    ],
)
def test_the_background_is_drawn_around_the_frame_not_under_it(
    qtbot: QtBot, clips: Path, slide: dict[str, Any], panel: str
) -> None:
    view = _view(qtbot, clips, slide)
    video = getattr(view, panel)
    qtbot.waitUntil(lambda: video.clip.frames >= 1, timeout=WAIT)
    covered = view.opaque_under()
    assert not covered.isEmpty()
    assert video.rect.contains(covered)
    image = _with_magenta_background(view)
    inside = [covered.topLeft(), covered.center(), covered.bottomRight()]
    assert all(image.pixelColor(p) != MAGENTA for p in inside)  # the clip, nothing under it
    assert not covered.contains(2, 2)
    assert image.pixelColor(2, 2) == MAGENTA  # the background elsewhere, as before
    view.release()


def test_a_slide_without_a_clip_frame_paints_its_whole_background(
    qtbot: QtBot, clips: Path
) -> None:
    view = _view(qtbot, clips, {"type": "video", "video": "junk.mp4"})
    assert view.opaque_under().isEmpty()  # no frame (yet, or ever): nothing covers it
    view.release()
