"""Language checks of a playlist: every text map names only the deck's languages. No Qt."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kiosk.core.localtext import MapTally, base_language, languages_of, text_values
from kiosk.core.model import Playlist

__all__ = ["foreign_languages"]


def _known(tag: str, languages: list[str]) -> bool:
    low = tag.lower()
    return any(low == lang.lower() for lang in languages) or any(
        base_language(tag) == base_language(lang) and "-" not in tag for lang in languages
    )


def foreign_languages(
    playlist: Playlist, tally: MapTally | None = None
) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(JSON path, message) for each text map that names a language the deck does not list.

    `tally`: what the validation counted (`localtext.tally_context`); when every tag it saw is
    one of the deck's, no map is foreign and the deck is not walked to find one."""
    languages = playlist.deck.languages
    if tally is not None and all(_known(tag, languages) for tag in tally.tags):
        return
    for path, value in text_values(playlist):
        for tag in languages_of(value):
            if not _known(tag, languages):
                yield (
                    path,
                    (
                        f"language {tag!r} is not in deck.languages ({', '.join(languages)}): "
                        "add it there or remove this text"
                    ),
                )
