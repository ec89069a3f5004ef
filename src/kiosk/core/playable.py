"""What a display can show of a playlist that is not entirely valid (start-up, `kiosk render`).

`kiosk validate` is strict: any problem fails the file. A display that starts on such a file
must not go dark (issue 13): when the problems are confined to some slides (a missing image,
a bad field in one slide) and to files the theme names (a missing logo or font), the other
slides play, the broken ones are skipped, and the problems are reported. Only a playlist with
no playable slide at all, or one that cannot be read or parsed, gives `loaded=None`; the
display then shows `fallback_deck` (the deck title) and keeps watching the file.

Hot reload does not use this: with a last good deck on screen, an invalid save keeps it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.jsonpos import Positions, locate
from kiosk.core.jsonread import MAX_DEPTH
from kiosk.core.loader import (
    DeferData,
    DeferFor,
    LoadedPlaylist,
    PlaylistError,
    Problem,
    parse_playlist,
    read_playlist_text,
)
from kiosk.core.model import Playlist

__all__ = ["Playable", "fallback_deck", "load_playable"]

_SLIDE = re.compile(r"^slides\[(\d+)\]")
_THEME_FILE = re.compile(r"^theme\.(logo|fonts\[(\d+)\]|background\.(image|image_portrait))$")


@dataclass(frozen=True)
class Playable:
    """The playable part of a playlist and what is wrong with the rest."""

    loaded: LoadedPlaylist | None  # None: nothing can be shown (fallback screen)
    problems: list[Problem] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)  # 0-based slide index → first reason
    title: str = "kiosk"

    @property
    def ok(self) -> bool:
        return not self.problems


def _title(data: Any, path: Path) -> str:
    deck = data.get("deck") if isinstance(data, dict) else None
    title = deck.get("title") if isinstance(deck, dict) else None
    if isinstance(title, str) and title.strip():
        return title.strip()[:400]
    return path.stem[:400] or "kiosk"


def load_playable(
    path: Path | str,
    *,
    strict_paths: bool = False,
    defer_data: DeferData | None = None,
    defer_for: DeferFor | None = None,
) -> Playable:
    """Load `path` for showing: every good slide, even when some are broken (see module doc).

    defer_data: data files that may be read after the first frame (`parse_playlist`);
    their problems come from `loader.finish_data`, placed in this file's text; `defer_for`
    decides them once the playlist is valid (`parse_playlist`)."""
    path = Path(path)
    try:
        text = read_playlist_text(path)
    except PlaylistError as e:
        return Playable(None, e.problems, title=path.stem or "kiosk")
    try:
        return Playable(
            parse_playlist(
                text, path, strict_paths=strict_paths, defer_data=defer_data, defer_for=defer_for
            )
        )
    except PlaylistError as e:
        problems = list(e.problems)
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except (ValueError, RecursionError):
        return Playable(None, problems, title=path.stem or "kiosk")
    title = _title(data, path)
    slides = data.get("slides") if isinstance(data, dict) else None
    if not isinstance(slides, list):
        return Playable(None, problems, title=title)
    skipped: dict[int, str] = {}
    found = problems
    # schema problems come first, file problems only once the model is valid: a few rounds
    for _ in range(4):
        theme_files: list[str] = []
        for problem in found:
            m = _SLIDE.match(problem.path)
            if m and int(m.group(1)) < len(slides):
                skipped.setdefault(int(m.group(1)), problem.message)
            elif _THEME_FILE.match(problem.path) and " file " in problem.message:
                theme_files.append(problem.path)  # the display copes: no logo, system font
            else:
                return Playable(None, problems, skipped, title)
        for i in skipped:
            slides[i] = {"type": "title", "title": f"slide {i + 1}", "enabled": False}
        _drop_theme_files(data, theme_files)
        try:
            loaded = parse_playlist(
                json.dumps(data),
                path,
                strict_paths=strict_paths,
                defer_data=defer_data,
                defer_for=defer_for,
            )
        except PlaylistError as e:
            found = e.problems
            positions = locate(text, MAX_DEPTH)
            problems.extend(_placed(p, positions) for p in found)
            continue
        if loaded.deferred is not None:  # the same JSON paths: placed in the file as it is
            loaded.deferred.text = text.removeprefix("\ufeff")
        return Playable(loaded, problems, skipped, title)
    return Playable(None, problems, skipped, title)


def _placed(problem: Problem, positions: Positions) -> Problem:
    """A problem found in the patched copy, placed in the original text (same JSON path)."""
    parts: list[str | int] = [
        int(m.group(2)) if m.group(2) else m.group(1)
        for m in re.finditer(r"([^.\[\]]+)|\[(\d+)\]", problem.path)
    ]
    line, col = positions.of_value(tuple(parts)) if parts else (0, 0)
    return Problem(problem.file, line, col, problem.path, problem.message, problem.slide)


def _drop_theme_files(data: dict[str, Any], paths: list[str]) -> None:
    theme = data.get("theme")
    if not isinstance(theme, dict):
        return
    fonts: list[int] = []
    for p in paths:
        m = _THEME_FILE.match(p)
        assert m is not None
        if m.group(1) == "logo":
            theme.pop("logo", None)
        elif m.group(2) is not None:
            fonts.append(int(m.group(2)))
        elif isinstance(theme.get("background"), dict):
            theme["background"].pop(m.group(3), None)
    if isinstance(theme.get("fonts"), list):
        theme["fonts"] = [f for i, f in enumerate(theme["fonts"]) if i not in fonts]


def fallback_deck(path: Path, title: str) -> LoadedPlaylist:
    """A deck that shows only its title (the stage's fallback screen): nothing is playable."""
    data: dict[str, Any] = {
        "deck": {"title": title[:400] or "kiosk"},
        "slides": [{"type": "title", "title": title[:400] or "kiosk", "enabled": False}],
    }
    return LoadedPlaylist(Path(path), Playlist.model_validate(data), data)
