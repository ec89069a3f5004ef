"""A plan (`kiosk.core.plan`) for people: one line per slide, repeated loops folded.

24 hours of a 3½-minute deck is 400 loops; nobody reads 7,200 lines. `fold` keeps the first
run of a loop in full and folds the identical runs after it into one line
("… the same 18 slides again ×37 …"); whatever differs (a show rule adding a slide, the
display going off mid-loop) is printed as it is. `--all` prints every line. No Qt.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from kiosk.core.plan import Showing

__all__ = ["Loop", "fold", "length_text", "plan_lines"]

MIN_REPEATS = 2  # fold only when a loop comes back at least this many more times


@dataclass(frozen=True)
class Loop:
    """A loop of `size` showings, repeated `times` more times, from `start` to `end`."""

    size: int
    times: int
    start: datetime
    end: datetime
    seconds: float  # one loop


def fold(items: Sequence[Showing]) -> list[Showing | Loop]:
    """The showings with each run of identical whole loops after the first folded into one."""
    out: list[Showing | Loop] = []
    i, n = 0, len(items)
    while i < n:
        size = _loop_size(items, i)
        if size:
            block = [s.key() for s in items[i : i + size]]
            times = 1
            while [s.key() for s in items[i + times * size : i + (times + 1) * size]] == block:
                times += 1
            if times - 1 >= MIN_REPEATS:
                out.extend(items[i : i + size])
                rest = items[i + size : i + times * size]
                seconds = sum(s.seconds for s in items[i : i + size])
                out.append(Loop(size, times - 1, rest[0].start, rest[-1].end, seconds))
                i += times * size
                continue
        out.append(items[i])
        i += 1
    return out


def _loop_size(items: Sequence[Showing], i: int) -> int:
    """Showings from `i` until the same slide comes on again (0: not a loop)."""
    first = items[i]
    if first.kind != "slide":
        return 0
    for j in range(i + 1, len(items)):
        if items[j].kind != "slide":
            return 0
        if items[j].index == first.index and items[j].languages == first.languages:
            return j - i
    return 0


def plan_lines(
    items: Sequence[Showing], *, every: bool = False, header: str = "", languages: bool = False
) -> Iterator[str]:
    """The plan as text: a heading per day (and per UTC offset), one line per showing
    (with `languages`, the language(s) on screen after the slide's type)."""
    if header:
        yield header
    day: tuple[object, object] | None = None
    rows = list(items) if every else fold(items)
    for row in rows:
        start = row.start
        here = (start.date(), start.utcoffset())
        if here != day:
            day = here
            yield f"{start:%a %Y-%m-%d} (UTC{_offset(start)})"
        span = f"{start:%H:%M:%S}–{_end(start, row.end)}"
        yield f"  {span}  {_describe(row, languages)}"
    yield _summary(items)


def _describe(row: Showing | Loop, languages: bool = False) -> str:
    if isinstance(row, Loop):
        noun = "slide" if row.size == 1 else f"{row.size} slides"
        return f"… the same {noun} again, loop ×{row.times} ({length_text(row.seconds)} each) …"
    if row.kind == "off":
        return "display off (display hours)"
    lang = f"{row.language:<8} " if languages else ""
    if row.kind == "title":
        return f"{lang}the deck title (no slide may be shown now)"
    named = f"{row.title}" if row.title else ""
    if row.slide_id:
        named = f"{named} [{row.slide_id}]" if named else f"[{row.slide_id}]"
    return f"{row.number:>3} {row.slide_type:<9} {lang}{named}".rstrip()


def _end(start: datetime, end: datetime) -> str:
    if end.date() != start.date():
        return f"{end:%a %H:%M:%S}"
    return f"{end:%H:%M:%S}"


def _offset(at: datetime) -> str:
    text = at.strftime("%z")
    return f"{text[:3]}:{text[3:]}" if text else "+00:00"


def length_text(seconds: float) -> str:
    """`216` → "3 min 36 s"; `7200` → "2 h 00 min"."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _summary(items: Sequence[Showing]) -> str:
    shown = sum(1 for s in items if s.kind == "slide")
    on = sum(s.seconds for s in items if s.kind != "off")
    off = sum(s.seconds for s in items if s.kind == "off")
    noun = "slide" if shown == 1 else "slides"
    parts = [f"{shown} {noun} shown", f"display on {length_text(on)}"]
    if off:
        parts.append(f"off {length_text(off)}")
    return ", ".join(parts)
