"""The one way kiosk makes a QTimer: parented (dies with its owner), named (findable in tests
and in a live object dump), and connected, in one call.

`running_timers()` lists every such timer still alive and running: the test harness checks
after each test that none was left behind (a timer that fires after its owner's window is
gone is a crash waiting for a slow machine).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

__all__ = ["named_timer", "running_timers"]

_made: weakref.WeakSet[QTimer] = weakref.WeakSet()


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
    _made.add(timer)
    return timer


def running_timers() -> list[QTimer]:
    """Every timer made by `named_timer` whose Qt object is alive and running."""
    alive = []
    for timer in list(_made):
        try:
            if timer.isActive():
                alive.append(timer)
        except RuntimeError:  # its Qt object was deleted with its owner
            _made.discard(timer)
    return alive
