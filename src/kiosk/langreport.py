"""`kiosk validate`'s language warnings: texts missing a deck language, characters no font
draws. They never fail the file (the display still shows something; a person should know).

The missing-language check is plain Python; the glyph check asks Qt (`kiosk.ui.glyphcheck`)
and is left out, with a note, where Qt cannot run.
"""

from __future__ import annotations

from kiosk.core.langfields import missing_languages
from kiosk.core.loader import LoadedPlaylist

__all__ = ["language_warnings"]


def language_warnings(loaded: LoadedPlaylist) -> list[str]:
    """Every language warning of the deck, one line each."""
    lines = missing_languages(loaded.playlist)
    try:
        from kiosk.qtguard import unsafe_qt_reason

        reason = unsafe_qt_reason()
        if reason:
            raise RuntimeError(reason)
        from kiosk.ui.glyphcheck import glyph_warnings
    except Exception as e:  # Qt missing or unsafe: no font to ask
        return [*lines, f"note: characters not checked against the fonts ({e})"]
    return lines + glyph_warnings(loaded)
