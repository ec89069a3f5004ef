"""The one QApplication of a kiosk process, made the same way wherever it is first made.

kiosk draws everything with QPainter into raster surfaces; it has no OpenGL widget. Qt
Multimedia, though, converts each video frame to a QImage on the GPU when the platform
offers OpenGL (QVideoFrame.toImage makes a per-thread QRhi): on an X display that is a GL
context on the GUI thread. Without a GPU, Mesa's software driver maps libLLVM and swrast
(~47 MiB of library pages and ~18 MiB private, measured under Xvfb at 1080p, README
"Memory: the GL driver a clip loaded") only to copy the pixels back into main memory, where
the stage paints them. `Qt.AA_ForceRasterWidgets` tells Qt that this process is raster
only, and Qt Multimedia then converts on the CPU, as it already does offscreen. The
attribute must be set before the QApplication exists, hence one place that makes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

__all__ = ["application", "gui_application"]


def application(argv: Sequence[str]) -> QApplication:
    """The running QApplication, or a new raster-only one made with `argv`."""
    from PySide6.QtWidgets import QApplication  # here: the clip decoder has no widgets

    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ForceRasterWidgets)
    return QApplication(list(argv))


def gui_application(argv: Sequence[str]) -> QGuiApplication:
    """The running application, or a new raster-only QGuiApplication (no widgets): the clip
    decoder's process (`kiosk.ui.video_worker`), which draws nothing itself."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ForceRasterWidgets)
    return QGuiApplication(list(argv))
