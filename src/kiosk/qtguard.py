"""Refuse to start on a PySide6 that would crash the kiosk within minutes.

PySide6 6.12.0 on CPython < 3.12 drops one reference to `None` on every void-returning Qt
call; when the count reaches zero the interpreter aborts ("Fatal Python error:
none_dealloc"). pyproject.toml keeps installs away from it; this catches a forced install.
We measure instead of matching version numbers, so a fixed or a newly broken build is judged
by what it does.
"""

from __future__ import annotations

import sys

__all__ = ["none_refs_lost", "unsafe_qt_reason"]

_CALLS = 500
# References handed back to None after a probe on a leaking build, so the probe itself
# cannot be what brings None's count to zero when the interpreter shuts down.
_GIVEN_BACK: list[None] = []
# Set once a probe saw the leak: the process must then leave with os._exit, because even
# the interpreter's own shutdown makes Qt calls that would abort it on the way out.
leak_seen = False


def none_refs_lost(calls: int = _CALLS) -> int:
    """References to None lost over `calls` void Qt calls (0 on a healthy stack)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    probe.setObjectName("kiosk-probe")
    before = sys.getrefcount(None)
    for _ in range(calls):
        probe.setObjectName("kiosk-probe")
    lost = before - sys.getrefcount(None)
    if lost > 0:
        global leak_seen
        leak_seen = lost >= calls // 2
        _GIVEN_BACK.extend([None] * lost)
    return lost


def unsafe_qt_reason() -> str | None:
    """One line saying why this Python/PySide6 pair must not run, or None when it is fine."""
    if sys.version_info >= (3, 12):
        return None  # None is immortal: the leak cannot kill the process
    lost = none_refs_lost()
    if lost < _CALLS // 2:
        return None
    import PySide6

    python = ".".join(str(v) for v in sys.version_info[:3])
    return (
        f"PySide6 {PySide6.__version__} on Python {python} loses a reference to None on every "
        "Qt call and would abort within minutes; install a safe version with "
        "pip install 'PySide6-Essentials>=6.8,<6.12' (or use Python 3.12+)"
    )
