"""`controls.touch_exit`: the way out of kiosk mode for a screen with no keyboard. No Qt."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kiosk.core.modeltypes import Model

__all__ = ["Corner", "TouchExit"]

Corner = Literal["top-left", "top-right", "bottom-left", "bottom-right"]


class TouchExit(Model):
    """A long press in a corner of the screen opens an on-screen PIN pad."""

    corner: Corner = Field(default="top-right", description="Where the long press is held")
    hold: float = Field(default=3.0, ge=1, le=30, description="Seconds to hold it")
