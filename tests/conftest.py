"""Test harness: headless Qt before anything imports it; the bundled deck's paths."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def bundled_playlist() -> Path:
    return REPO / "data" / "playlist.json"


@pytest.fixture(autouse=True)
def no_timer_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test, no kiosk timer still runs: each belongs to something the test ended."""
    yield
    if "PySide6" not in sys.modules or "kiosk.ui.timers" not in sys.modules:
        return  # a Qt-free test
    from PySide6.QtCore import QCoreApplication, QEvent

    from kiosk.ui.timers import running_timers

    app = QCoreApplication.instance()
    if app is None:
        return
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    left = running_timers()
    names = sorted(t.objectName() or "?" for t in left)
    for timer in left:
        timer.stop()
    assert not names, f"{request.node.name} left timers running: {names}"
