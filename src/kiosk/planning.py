"""`kiosk plan`: load a playlist, plan a span with `kiosk.core.plan`, print it. No Qt.

Slides that cannot be shown (a missing image, a bad field) are left out as `kiosk run`
leaves them out, and said so on stderr; a playlist nothing of which can be shown is exit 1.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.core.languages import LanguageError
from kiosk.core.model import Playlist
from kiosk.core.plan import deck_time, plan
from kiosk.core.plantext import plan_lines
from kiosk.core.schedule import deck_local

__all__ = ["load_for_plan", "plan_command"]


def load_for_plan(path: Path) -> Playlist | None:
    """The playable part of the playlist (problems on stderr), or None when nothing is."""
    from kiosk.core.playable import load_playable

    playable = load_playable(path)
    for problem in playable.problems:
        print(problem, file=sys.stderr)
    if playable.skipped:
        skipped = ", ".join(str(i + 1) for i in sorted(playable.skipped))
        print(f"{path}: slides {skipped} cannot be shown and are left out", file=sys.stderr)
    return None if playable.loaded is None else playable.loaded.playlist


def plan_command(
    path: Path,
    start: datetime | None,
    hours: float,
    *,
    every: bool,
    as_json: bool,
    language: str | None = None,
    language_mode: str | None = None,
) -> int:
    playlist = load_for_plan(path)
    if playlist is None:
        return 1
    begin = deck_time(start or datetime.now().astimezone(), playlist)
    end = begin + timedelta(hours=hours)
    try:
        shown = plan(playlist, begin, end, language=language, language_mode=language_mode)
    except LanguageError as e:
        print(f"kiosk plan: {path}: {e}", file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"kiosk plan: {e}", file=sys.stderr)
        return 2
    tz = playlist.schedule.timezone if playlist.schedule else None
    zone = tz or "the machine's zone"
    if as_json:
        document = {
            "playlist": str(path),
            "from": begin.isoformat(),
            "until": deck_local(end, tz).isoformat(),
            "timezone": zone,
            "showings": [s.as_json() for s in shown],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    header = f"{path}: from {begin:%a %Y-%m-%d %H:%M} for {hours:g} h, {zone}"
    several = len(playlist.deck.languages) > 1
    for line in plan_lines(shown, every=every, header=header, languages=several):
        print(line)
    return 0
