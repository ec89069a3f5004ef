"""An operator's message over every slide: its text, and when it expires. No Qt."""

from __future__ import annotations

__all__ = ["Message"]


class Message:
    def __init__(self) -> None:
        self.text = ""
        self.until: float | None = None  # wall-clock seconds it expires (None: until cleared)
        self.expires: float | None = None  # the same instant on the monotonic clock

    def set(self, text: str, seconds: float | None, now: float, wall: float) -> None:
        self.text = text
        if seconds is None or not text:
            self.expires = self.until = None
        else:
            self.expires, self.until = now + seconds, wall + seconds

    def expired(self, now: float) -> bool:
        return self.expires is not None and now >= self.expires
