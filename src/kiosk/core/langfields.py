"""Where a deck's texts are, and which lack one of its languages (`kiosk validate`). No Qt."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from kiosk.core.fieldplan import fields_to_walk
from kiosk.core.languages import LanguagePlan
from kiosk.core.localtext import Local, is_local_text
from kiosk.core.model import Playlist

__all__ = ["TEXT_FIELDS", "field_name", "missing_languages", "shown_texts"]

# the fields whose plain strings are shown on a slide (a map is always text)
TEXT_FIELDS = frozenset(
    {
        *("title", "subtitle", "author", "kicker", "heading", "label", "detail", "source"),
        *("note", "caption", "text", "speaker", "role", "unit", "prefix", "points", "date"),
        *("x_title", "y_title"),
    }
)


def field_name(playlist: Playlist, path: tuple[Any, ...]) -> str:
    """("slides", 2, "points", 1) → 'slide 3 (bullets), points[1]'."""
    rest = path
    where = ""
    if len(path) >= 2 and path[0] == "slides" and isinstance(path[1], int):
        slide = playlist.slides[path[1]]
        where, rest = f"slide {path[1] + 1} ({slide.type}), ", path[2:]
    text = ""
    for part in rest:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return where + text


def _walk(obj: Any, at: tuple[Any, ...], key: str = "") -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(obj, Local) or (isinstance(obj, str) and key in TEXT_FIELDS and obj.strip()):
        yield at, obj
    elif isinstance(obj, BaseModel):
        for name, key in _shown_fields(type(obj)):
            yield from _walk(getattr(obj, name), (*at, key), key)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _walk(item, (*at, i), key)
    elif isinstance(obj, dict):
        for k, item in obj.items():
            yield from _walk(item, (*at, k), "text" if isinstance(item, Local) else "")


@functools.cache
def _shown_fields(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(attribute, JSON key) of the fields `_walk` must visit: those that may hold a language
    map or a model, and those named as shown text; not numbers, flags, paths."""
    walked = set(fields_to_walk(cls, is_local_text))
    named = ((name, info.alias or name) for name, info in cls.model_fields.items())
    return tuple(f for f in named if f in walked or f[1] in TEXT_FIELDS)


def shown_texts(playlist: Playlist) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(JSON path, value) of every text a slide or screen shows (maps and plain strings)."""
    yield from _walk(playlist.deck, ("deck",))
    yield from _walk(playlist.slides, ("slides",))


def missing_languages(playlist: Playlist) -> list[str]:
    """A text map without one of the deck's languages: what it shows instead."""
    plan = LanguagePlan.of(playlist.deck)
    out: list[str] = []
    for path, value in shown_texts(playlist):
        if not isinstance(value, Local):
            continue
        for lang in plan.languages:
            if _has(value, lang):
                continue
            instead = next((f for f in plan.languages if _has(value, f)), None)
            shows = f"shows the {instead} text" if instead else "shows its first text"
            out.append(f"{field_name(playlist, path)}: no {lang} text; {shows} there")
    return out


def _has(value: Local, lang: str) -> bool:
    """The map has text for `lang` (the tag, or one of the same base language)."""
    low = lang.lower()
    base = low.split("-", 1)[0]
    return any(t.lower() == low or t.lower().split("-", 1)[0] == base for t in value.texts)
