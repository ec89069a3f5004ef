"""The start picture on screen, and keeping one for the next start (see kiosk.core.startpicture).

`show_kept` runs before kiosk's heavy imports: it needs only QtWidgets, so it is the first
thing a start with a kept picture paints. `keep_start_picture` runs once the player is on
screen: its first frame closes the picture (the live slide is drawn on top of it, the same
pixels), and when no true picture was kept, that frame is grabbed and kept.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPaintEvent, QScreen
from PySide6.QtWidgets import QWidget

from kiosk.core.startpicture import Kept, deck_files, run_inputs, write_entry
from kiosk.ui.qtapp import application

__all__ = ["StartPicture", "keep_start_picture", "show_kept"]

log = logging.getLogger("kiosk.start")
SHOW_WAIT_S = 0.5  # how long the start waits for its picture's first paint


class StartPicture(QWidget):
    """The kept picture of the first frame, fullscreen, until the player's first frame."""

    def __init__(self, image: QImage, kiosk: bool) -> None:
        super().__init__()
        self.setObjectName("start-picture")
        flags = Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
        if kiosk:
            flags |= Qt.WindowType.WindowStaysOnTopHint
        self.setWindowFlags(flags)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.image = image
        self.painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawImage(self.rect(), self.image)
        painter.end()
        self.painted = True


def show_kept(kept: Kept, screen_number: int | None) -> StartPicture | None:
    """Show a kept picture of this start's first frame (`kiosk.core.startpicture.lookup`).

    Called with QtWidgets imported and nothing of kiosk's UI: it makes the QApplication
    (the player uses the same one), shows the picture on the screen the player will use and
    returns once that frame has been painted and flushed; None when the screen is not the
    one the picture was kept on."""
    app = application([_argv0()])
    screen = _screen(screen_number)
    if screen is None or screen_facts(screen) != kept.screen:
        return None
    image = _image(kept)
    if image is None:
        return None
    window = StartPicture(image, kiosk=True)
    window.setGeometry(screen.geometry())
    window.create()
    if (handle := window.windowHandle()) is not None:
        handle.setScreen(screen)
    window.showFullScreen()
    until = time.monotonic() + SHOW_WAIT_S
    while not window.painted and time.monotonic() < until:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    app.processEvents()  # what the first frame queued (its flush on some platforms)
    return window


def keep_start_picture(
    player: Any, args: Any, loaded: Any, shown: StartPicture | None, why_not: str | None
) -> None:
    """On the player's first frame: close the start picture, and keep this frame for the
    next start when it may be kept (`why_not` None) and no true picture was shown."""
    stage = player.stage
    inputs = run_inputs(args)

    def on_first_frame() -> None:
        stage.frame_painted.disconnect(on_first_frame)
        if shown is not None:
            shown.hide()
            shown.deleteLater()
            log.info("start picture shown until the first slide was ready")
            return
        if why_not is not None:
            log.debug("start picture not kept: %s", why_not)
            return
        screen = stage.screen()
        image = stage.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        if screen is None or image.isNull():
            return
        facts = screen_facts(screen)
        size = (image.width(), image.height(), image.devicePixelRatio())
        pixels = bytes(image.constBits())
        files = deck_files(loaded)

        def write() -> None:
            if write_entry(loaded.path, inputs, files, pixels, size, facts) is None:
                log.info("start picture not kept: the cache folder cannot be written")
            else:
                log.info("start picture kept for the next start")

        threading.Thread(target=write, name="kiosk-keep-start-picture", daemon=True).start()

    stage.frame_painted.connect(on_first_frame)


def screen_facts(screen: QScreen) -> dict[str, Any]:
    """What of a screen a kept picture depends on."""
    g = screen.geometry()
    return {
        "name": screen.name(),
        "geometry": [g.x(), g.y(), g.width(), g.height()],
        "ratio": screen.devicePixelRatio(),
        "platform": QGuiApplication.platformName(),
    }


def _screen(number: int | None) -> QScreen | None:
    screens = QGuiApplication.screens()
    if number is not None:
        return screens[number] if number < len(screens) else None
    return QGuiApplication.primaryScreen()


class _KeptImage(QImage):
    """A QImage over bytes read from the cache, holding them (QImage does not copy them)."""

    def __init__(self, image: QImage, data: bytes) -> None:
        super().__init__(image)
        self.data = data


def _image(kept: Kept) -> QImage | None:
    try:
        with open(kept.picture, "rb") as f:
            data = f.read(kept.width * kept.height * 4 + 1)
    except OSError:
        return None
    if len(data) != kept.width * kept.height * 4:
        return None
    image = QImage(data, kept.width, kept.height, kept.width * 4, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(kept.ratio)
    return _KeptImage(image, data)


def _argv0() -> str:
    import sys

    return sys.argv[0] if sys.argv else "kiosk"
