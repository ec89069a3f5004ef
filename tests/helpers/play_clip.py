"""Child process of the video-process tests: plays a deck's clip and says what is mapped.

`python play_clip.py DECK kiosk|plain`:

- `kiosk`: the QApplication made the way every kiosk process makes it
  (`kiosk.ui.qtapp.application`), DECK shown fullscreen by kiosk's player until its video
  slide has shown a few frames. Prints one JSON line: the frames, and for the display and for
  each decoder process it started, the GL driver files (Mesa's DRI drivers, libLLVM, GLX
  vendor libraries) and the media libraries (FFmpeg, Qt Multimedia) it has mapped.
- `plain`: the control, what Qt does by default: a plain QApplication decoding the deck's
  first clip in this process (`ClipPlayer`).

The platform is the caller's (`QT_QPA_PLATFORM`: xcb under Xvfb, or offscreen).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

GL_DRIVER = re.compile(r"/dri/|_dri\.so|libLLVM|libGLX_mesa|libgallium")
MEDIA = re.compile(r"libavcodec|libavformat|libQt6Multimedia|QtMultimedia")


def mapped(pid: int | str = "self") -> dict[str, list[str]]:
    lines = Path(f"/proc/{pid}/maps").read_text().splitlines()
    files = {line.split()[-1] for line in lines if "/" in line}
    return {
        "gl": sorted(f for f in files if GL_DRIVER.search(f)),
        "media": sorted(f for f in files if MEDIA.search(f)),
    }


def children() -> list[int]:
    return [
        int(pid)
        for task in Path("/proc/self/task").glob("*/children")
        for pid in task.read_text().split()
    ]


def main(deck: str, mode: str) -> int:
    from kiosk.bench.qtprobe import wait_until
    from kiosk.core.loader import load_playlist

    loaded = load_playlist(Path(deck))
    result: dict[str, Any] = {}
    if mode == "kiosk":
        from kiosk.ui.app import Player
        from kiosk.ui.qtapp import application

        application([sys.argv[0]])
        player = Player(loaded, windowed=False)
        player.start()

        def frames() -> int:
            clip = getattr(player.stage.current_view, "clip", None)
            return 0 if clip is None or not clip.playing else int(clip.frames)

        wait_until(lambda: frames() >= 5, 60)
        result["frames"] = frames()
        result["display"] = mapped()
        result["decoders"] = [mapped(pid) for pid in children()]
    else:
        from PySide6.QtWidgets import QApplication

        from kiosk.ui.video_player import ClipPlayer

        QApplication([sys.argv[0]])
        slide = next(s for s in loaded.playlist.slides if getattr(s, "video", None))
        clip = ClipPlayer(loaded.resolve(slide.video))  # type: ignore[attr-defined]
        clip.play()
        wait_until(lambda: clip.frames >= 5, 60)
        result["frames"] = clip.frames
        result["display"] = mapped()
        result["decoders"] = []
    print(json.dumps(result), flush=True)
    import os

    os._exit(0)  # what Qt does at teardown is not what this measures


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
