"""The one way kiosk makes a QTimer: parented (dies with its owner), named (findable in tests
and in a live object dump), and connected, in one call."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

__all__ = ["named_timer"]


def named_timer(
    parent: QObject,
    name: str,
    slot: Callable[[], object],
    ms: int = 0,
    *,
    single_shot: bool = True,
    precise: bool = False,
) -> QTimer:
    """A QTimer owned by `parent`, called `name`, that calls `slot`; not started."""
    timer = QTimer(parent)
    timer.setObjectName(name)
    timer.setSingleShot(single_shot)
    timer.setInterval(ms)
    if precise:
        timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(slot)
    return timer
