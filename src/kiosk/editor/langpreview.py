"""The deck as a display set to one language shows it, for the preview's language switch (no Qt).

A validated playlist's texts are `Local`s whose `str` is the primary language; the slide
renderers draw `str`. A copy whose every `Local` is rebased to another language (falling
back along the deck's languages, as the display does) and whose deck says
`language_mode: single` in that language is what a display started in that language draws,
with renderers that know one language and with ones that know several alike.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from pydantic import BaseModel

from kiosk.core.loader import LoadedPlaylist
from kiosk.core.localtext import Local, rebase

__all__ = ["in_language"]


def _pick(value: Local, order: list[str]) -> Local:
    for lang in order:
        chosen = rebase(value, lang)
        if chosen is not value:
            return chosen  # type: ignore[return-value]
    return value


def _rebase_all(obj: Any, order: list[str]) -> None:
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if isinstance(value, Local):
                object.__setattr__(obj, name, _pick(value, order))
            else:
                _rebase_all(value, order)
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            if isinstance(value, Local):
                obj[i] = _pick(value, order)
            else:
                _rebase_all(value, order)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            if isinstance(value, Local):
                obj[key] = _pick(value, order)
            else:
                _rebase_all(value, order)


def in_language(loaded: LoadedPlaylist, lang: str) -> LoadedPlaylist:
    """`loaded` as a display showing only `lang` draws it (the original is not changed)."""
    playlist = copy.deepcopy(loaded.playlist)
    languages = list(playlist.deck.languages)
    _rebase_all(playlist, [lang, *languages])
    deck = playlist.deck
    object.__setattr__(deck, "language_mode", "single")
    if lang in languages:
        object.__setattr__(deck, "language", lang)
    return replace(loaded, playlist=playlist)
