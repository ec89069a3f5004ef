"""Reveal steps of the slide on screen (bullets with `reveal`), as plain state and times.

A slide entered going forward shows its first point; the rest follow one by one over the
first `REVEAL_SPAN` of its time while nobody clicks (or as a person steps through them); a
slide entered going back shows every point; a step back hides the last point shown. While the
slide is held (paused, black, white) the next reveal waits, and keeps the time it had left.
The show owns one `Reveal` and asks it what is due; no Qt, no clock of its own.
"""

from __future__ import annotations

from kiosk.core.model import BulletsSlide, SlideBase

__all__ = ["REVEAL_SPAN", "Reveal", "steps_of"]

REVEAL_SPAN = 0.6  # reveal steps are spread over this fraction of the slide's time
MIN_INTERVAL = 0.05


def steps_of(slide: SlideBase) -> int:
    """How many reveal steps a slide has (0: it shows everything at once)."""
    if isinstance(slide, BulletsSlide) and slide.reveal:
        return len(slide.points)
    return 0


class Reveal:
    def __init__(self) -> None:
        self.step = 0
        self.steps = 0
        self.due: float | None = None  # when the next point shows by itself
        self._interval = 1.0
        self._left: float | None = None  # time to the next point, kept while held

    def enter(self, steps: int, duration: float, now: float, *, backwards: bool) -> None:
        """A slide with `steps` reveal steps came on at `now`."""
        self.steps = steps
        self._interval = max(MIN_INTERVAL, duration * REVEAL_SPAN / max(1, steps - 1))
        self._left = None
        if steps == 0:
            self.step, self.due = 0, None
        elif backwards:
            self.step, self.due = steps, None  # coming back: everything shown
        else:
            self.step = 1
            self.due = now + self._interval if steps > 1 else None

    def forward(self) -> bool:
        """A person's 'next': True if it revealed a point (then they set the pace)."""
        if self.step < self.steps:
            self.step += 1
            self.due = None
            return True
        return False

    def back(self) -> bool:
        """A person's 'previous': True if it hid the last point shown."""
        if self.step > 1:
            self.step -= 1
            self.due = None
            return True
        return False

    def tick(self, now: float) -> bool:
        """Reveal the next point if it is due; True if one was revealed."""
        if self.due is None or now < self.due:
            return False
        self.step += 1
        self.due = self.due + self._interval if self.step < self.steps else None
        return True

    def hold(self, now: float) -> None:
        """The slide is held (paused, covered): the next point waits."""
        if self.due is not None:
            self._left, self.due = max(0.0, self.due - now), None

    def unhold(self, now: float) -> None:
        if self._left is not None:
            self.due, self._left = now + self._left, None

    def rotate_again(self, now: float) -> None:
        """Rotation resumed after manual mode: the points left follow by themselves."""
        if self.due is None and self.step < self.steps:
            self.due = now + self._interval
