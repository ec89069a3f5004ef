"""Which characters of a deck no font draws: `kiosk validate`'s glyph warning.

On a machine with only the default fonts, Chinese text draws as empty boxes, silently. For
every text and each of its languages this asks Qt, character by character, whether one of
the theme's fonts (`font_family` in fallback order, then the bundled `fonts`, as the display
uses them) has a glyph for it (`QRawFont.supportsCharacter`). A character none of them has,
but some other font installed here has, is drawn by Qt's system fallback on this machine
only: a display without that font shows a box, so that is said too.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QRawFont

from kiosk.core.langfields import field_name, shown_texts
from kiosk.core.loader import LoadedPlaylist
from kiosk.core.localtext import Local
from kiosk.ui.theme import font_chain, load_font_files

__all__ = ["glyph_warnings", "undrawn"]

_SKIP = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me"})  # spaces, controls, marks
MAX_SHOWN = 12  # characters quoted in one warning


class _Fonts:
    """The raw fonts asked so far (for one check: no Qt object outlives it)."""

    def __init__(self) -> None:
        self._raw: dict[str, QRawFont] = {}
        self._any: dict[tuple[tuple[str, ...], str], bool] = {}

    def any_draws(self, families: list[str], ch: str) -> bool:
        """One of `families` has a glyph for `ch` (asked once per character: a long deck
        repeats the same few hundred characters in thousands of texts)."""
        key = (tuple(families), ch)
        found = self._any.get(key)
        if found is None:
            found = self._any[key] = any(self.draws(f, ch) for f in families)
        return found

    def draws(self, family: str, ch: str) -> bool:
        raw = self._raw.get(family)
        if raw is None:
            font = QFont(family)
            font.setPixelSize(32)
            raw = self._raw[family] = QRawFont.fromFont(font)
        return raw.isValid() and raw.supportsCharacter(ord(ch))  # (a str would be a QChar)


def undrawn(text: str, families: list[str], fonts: _Fonts | None = None) -> list[str]:
    """The distinct characters of `text` none of `families` has a glyph for, in order."""
    fonts = fonts or _Fonts()
    out: list[str] = []
    for ch in text:
        if ch in out or unicodedata.category(ch) in _SKIP:
            continue
        if not fonts.any_draws(families, ch):
            out.append(ch)
    return out


def glyph_warnings(loaded: LoadedPlaylist) -> list[str]:
    """One line per text and language with characters no configured or loaded font draws."""
    from kiosk.ui.render import ensure_app

    ensure_app()
    spec = loaded.playlist.theme
    bundled = load_font_files([loaded.resolve(rel) for rel in spec.fonts])
    chain = font_chain(spec.families(), bundled)
    if not chain:  # no font named: the system's own is what draws
        chain = [QFontInfo(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)).family()]
    others = [f for f in QFontDatabase.families() if f not in chain]
    named = ", ".join(chain)
    fonts = _Fonts()
    out: list[str] = []
    for path, value in shown_texts(loaded.playlist):
        pairs = value.texts.items() if isinstance(value, Local) else [("", value)]
        for lang, text in pairs:
            missing = undrawn(text, chain, fonts)
            if not missing:
                continue
            where = field_name(loaded.playlist, path) + (f" [{lang}]" if lang else "")
            system = [ch for ch in missing if any(fonts.draws(f, ch) for f in others)]
            none = [ch for ch in missing if ch not in system]
            if none:
                out.append(
                    f"{where}: {_count(none)} no font draws: {_chars(none)} (fonts: {named})"
                )
            if system:
                has = sorted({f for ch in system for f in others if fonts.draws(f, ch)})[:3]
                out.append(
                    f"{where}: {_count(system)} drawn only by a system font here "
                    f"({', '.join(has)}), which a display may lack: {_chars(system)} "
                    f"(fonts: {named})"
                )
    return out


def _count(chars: list[str]) -> str:
    return "1 character" if len(chars) == 1 else f"{len(chars)} characters"


def _chars(chars: list[str]) -> str:
    shown = "".join(chars[:MAX_SHOWN])
    return shown + (f" … (+{len(chars) - MAX_SHOWN})" if len(chars) > MAX_SHOWN else "")
