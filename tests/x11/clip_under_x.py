"""Child process of test_x11_video: plays a deck's clip under the X server in $DISPLAY.

`python clip_under_x.py DECK kiosk|plain` makes the QApplication the way every kiosk process
makes it (`kiosk.ui.qtapp.application`), or plainly (`plain`: the control, what Qt does by
default), shows DECK fullscreen with kiosk's player until its video slide has converted a
few clip frames, and prints one JSON line: the frames converted and the GL driver files the
process has mapped (Mesa's DRI drivers, libLLVM, GLX vendor libraries).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

GL_DRIVER = re.compile(r"/dri/|_dri\.so|libLLVM|libGLX_mesa|libgallium")


def main(deck: str, mode: str) -> int:
    from PySide6.QtWidgets import QApplication

    if mode == "kiosk":
        from kiosk.ui.qtapp import application

        application([sys.argv[0]])
    else:
        QApplication([sys.argv[0]])
    from kiosk.bench.qtprobe import wait_until
    from kiosk.core.loader import load_playlist
    from kiosk.ui.app import Player

    player = Player(load_playlist(Path(deck)), windowed=False)
    player.start()

    def frames() -> int:
        clip = getattr(player.stage.current_view, "clip", None)
        return 0 if clip is None else int(clip.frames)

    wait_until(lambda: frames() >= 5, 60)
    mapped = Path("/proc/self/maps").read_text().splitlines()
    gl = sorted({line.split()[-1] for line in mapped if GL_DRIVER.search(line)})
    print(json.dumps({"frames": frames(), "gl": gl}), flush=True)
    import os

    os._exit(0)  # what Qt does at teardown is not what this measures


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
