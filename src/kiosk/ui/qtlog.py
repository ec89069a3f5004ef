"""Qt's own messages (qWarning, qCritical…) into kiosk's log; the Qt-specific half of logs.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import qInstallMessageHandler

from kiosk.logs import qt_message_handler

__all__ = ["install_qt_message_handler"]


def install_qt_message_handler() -> Callable[[], None]:
    """Route Qt messages to the `qt.*` loggers; returns a function that restores the old one.

    Call after `setup_logging`, before the QApplication is created, so start-up messages
    (platform plugin, fonts) land in the log too.
    """
    previous: Any = qInstallMessageHandler(qt_message_handler)

    def restore() -> None:
        qInstallMessageHandler(previous)

    return restore
