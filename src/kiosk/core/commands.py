"""Commands a show accepts, from any source: keys, a control FIFO, the fleet, a sync group.

A `Command` is a frozen value: an `Op` and, where the op needs one, a slide number, a text or
a time. Every source builds the same values, so the show cannot tell (and need not care)
whether a "next" came from a clicker, a script writing to `--control-fifo`, or an operator's
`kiosk fleet send`. `parse_command` reads the one-line text form that scripts and the fleet
use (`next`, `goto 3`, `message Hall B closes at 17:00 --for 10m`); what it cannot read is a
`CommandError` with a message a person can act on. No Qt.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import Enum

__all__ = ["MAX_MESSAGE", "Command", "CommandError", "Op", "parse_command", "parse_duration"]

MAX_MESSAGE = 280  # characters: one line across the bottom of a screen
MAX_MESSAGE_SECONDS = 7 * 24 * 3600.0


class Op(Enum):
    NEXT = "next"  # manual next (reveals the next point first)
    PREV = "previous"  # manual previous (hides the last revealed point first)
    FIRST = "first"
    LAST = "last"
    GOTO = "goto"  # index: 0-based slide
    TOGGLE_PAUSE = "toggle-pause"  # P
    PAUSE = "pause"  # idempotent: the fleet's "pause"
    RESUME = "resume"  # back to rotating, from a pause, a cover or manual mode
    TOGGLE_BLANK = "toggle-blank"  # B, `.`
    TOGGLE_WHITE = "toggle-white"  # W
    BLANK = "blank"  # idempotent
    ESCAPE = "escape"  # ends a black/white screen
    RESTART = "restart"  # F5: rotate again from the first slide
    RESTART_HERE = "restart-here"  # Shift+F5: from the slide on screen
    RELOAD = "reload"  # read the playlist again
    MEDIA_ENDED = "media-ended"  # the slide's media ended (index: which slide)
    MESSAGE = "message"  # text over every slide until `seconds` have passed (None: cleared)
    CLEAR_MESSAGE = "clear-message"
    SYNC_TO = "sync-to"  # index at wall time `at` (a sync group's "slide N at T")


@dataclass(frozen=True)
class Command:
    op: Op
    index: int | None = None  # GOTO, MEDIA_ENDED, SYNC_TO: 0-based slide
    text: str = ""  # MESSAGE
    seconds: float | None = None  # MESSAGE: how long it stays (None: until cleared)
    at: float | None = None  # SYNC_TO: wall-clock time (epoch seconds)
    source: str = "keys"  # who sent it, for the log: keys, fifo, fleet, sync

    def describe(self) -> str:
        """'goto 3' — the text form (slides counted from 1), for logs and replies."""
        if self.op is Op.GOTO and self.index is not None:
            return f"goto {self.index + 1}"
        if self.op is Op.MESSAGE:
            tail = "" if self.seconds is None else f" --for {self.seconds:g}s"
            return f"message {self.text}{tail}"
        if self.op is Op.SYNC_TO and self.index is not None:
            return f"sync-to {self.index + 1} {self.at}"
        return str(self.op.value)


class CommandError(ValueError):
    """A command line that cannot be read; its text says why, for a person."""


_ALIASES = {
    "prev": Op.PREV,
    "back": Op.PREV,
    "go": Op.GOTO,
    "go-to": Op.GOTO,
    "unblank": Op.RESUME,
    "play": Op.RESUME,
    "clear": Op.CLEAR_MESSAGE,
}
_BY_NAME = {op.value: op for op in Op} | _ALIASES
# what a person or a script may send; media-ended comes from the player itself
_SENDABLE = sorted(op.value for op in Op if op not in (Op.MEDIA_ENDED, Op.SYNC_TO, Op.TOGGLE_WHITE))
_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([smhd]?)", re.ASCII)
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str) -> float:
    """'90', '90s', '10m', '2h', '1d' -> seconds (ASCII digits, finite, > 0, at most a week)."""
    text = text.strip()
    match = _DURATION.fullmatch(text)
    if match is None:
        raise CommandError(f"'{text}' is not a duration (try 90s, 10m or 2h)")
    seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if not math.isfinite(seconds) or seconds <= 0 or seconds > MAX_MESSAGE_SECONDS:
        raise CommandError(f"'{text}': a duration must be more than 0 and at most 7 days")
    return seconds


def parse_command(line: str, *, source: str = "fifo", count: int | None = None) -> Command:
    """One line of text -> a Command. Slide numbers count from 1, as on screen.

    `count` (the deck's slide count), when known, turns "goto 99" on an 18-slide deck into
    "there is no slide 99 (the deck has 18)".
    """
    text = line.strip()
    if not text:
        raise CommandError("empty command")
    if "\x00" in text:
        raise CommandError("a command cannot contain a NUL byte")
    word, _, rest = text.partition(" ")
    op = _BY_NAME.get(word.lower())
    if op is None or op in (Op.MEDIA_ENDED, Op.SYNC_TO):
        raise CommandError(f"unknown command '{word[:40]}' (one of: {', '.join(_SENDABLE)})")
    rest = rest.strip()
    if op is Op.GOTO:
        return Command(op, index=_slide_number(rest, count) - 1, source=source)
    if op is Op.MESSAGE:
        return _message(rest, source)
    if rest:
        raise CommandError(f"'{op.value}' takes no argument (got '{rest[:40]}')")
    return Command(op, source=source)


def _slide_number(text: str, count: int | None) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise CommandError(f"goto needs a slide number, counted from 1 (got '{text[:40]}')")
    number = int(text)
    if number < 1:
        raise CommandError("slides are counted from 1")
    if count is not None and number > count:
        raise CommandError(f"there is no slide {number} (the deck has {count})")
    return number


def _message(rest: str, source: str) -> Command:
    seconds: float | None = None
    body, sep, tail = rest.rpartition("--for")
    if sep:
        seconds = parse_duration(tail)
        rest = body.strip()
    if len(rest) >= 2 and rest[0] == rest[-1] and rest[0] in "\"'":
        rest = rest[1:-1]
    rest = " ".join(rest.split())  # one line, whatever arrived
    if not rest:
        raise CommandError("message needs a text, e.g. message Hall B closes at 17:00 --for 10m")
    if len(rest) > MAX_MESSAGE:
        raise CommandError(f"a message is at most {MAX_MESSAGE} characters (got {len(rest)})")
    return Command(Op.MESSAGE, text=rest, seconds=seconds, source=source)
