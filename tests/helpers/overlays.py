"""Overlays on a bare stage (no player): the bundled deck's theme at a screen size."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from kiosk.core.loader import load_playlist
from kiosk.resources import bundled_playlist
from kiosk.ui.overlays import Overlays
from kiosk.ui.theme import theme_for

STAGE_COLOR = QColor("#FF00FF")  # what shows where an overlay leaves the stage uncovered


def overlays_on(qtbot: Any, size: tuple[int, int]) -> tuple[QWidget, Overlays]:
    """A stage of `size` filled with STAGE_COLOR, and its overlays (nothing shown yet)."""
    loaded = load_playlist(bundled_playlist())
    stage = QWidget()
    qtbot.addWidget(stage)
    stage.resize(*size)
    palette = stage.palette()
    palette.setColor(QPalette.ColorRole.Window, STAGE_COLOR)
    stage.setPalette(palette)
    stage.setAutoFillBackground(True)
    theme = theme_for(loaded, QSize(*size))
    stage.theme = theme  # type: ignore[attr-defined]
    rows = [("→ · Space", "next (a slide with reveal shows its next point first)")] * 6
    overlays = Overlays(
        stage, theme, fraction_left=lambda: 0.5, wall=lambda: datetime(2026, 1, 1), help_rows=rows
    )
    return stage, overlays
