"""Test harness: headless Qt before anything imports it; the bundled deck's paths."""

from __future__ import annotations

import os
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def bundled_playlist() -> Path:
    return REPO / "data" / "playlist.json"
