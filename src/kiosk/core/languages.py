"""Which language(s) a display draws: the deck's `language_mode`, or the command line's.

`LanguagePlan` is the deck's languages and mode (`single`, `stacked`, `alternate`) with any
`--language` / `--language-mode` of the command line applied. `shown(loop, index)` is the
languages drawn for slide `index` in loop number `loop` (primary first): a pure function,
so the display, a member of a sync group and `kiosk plan` agree on it. In alternate mode the
language changes every loop, or every slide (counting slides in deck order over the loops).
No Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.core.localtext import base_language, pick, texts_of
from kiosk.core.model import Deck

__all__ = [
    "MODES",
    "LanguageError",
    "LanguagePlan",
    "LanguageTurn",
    "in_languages",
    "resolve_language",
]

MODES = ("single", "stacked", "alternate")


class LanguageError(ValueError):
    """A language or mode asked for that the deck cannot show (one line for a person)."""


def resolve_language(tag: str, languages: Sequence[str]) -> str:
    """The deck language `tag` names: exact, case-insensitive, or by its base ("zh" →
    "zh-Hans"); LanguageError naming the deck's languages when it names none of them."""
    low = tag.strip().lower()
    for lang in languages:
        if lang.lower() == low:
            return lang
    matches = [lang for lang in languages if base_language(lang) == base_language(low)]
    if len(matches) == 1 or (matches and "-" not in low):
        return matches[0]
    raise LanguageError(
        f"language {tag!r} is not one of the deck's languages ({', '.join(languages)})"
    )


def in_languages(
    value: str, languages: Sequence[str], fallback: Sequence[str] = (), sep: str = " / "
) -> str:
    """`value` in each language drawn that it has, joined by `sep` (one language: itself)."""
    if len(languages) < 2:
        return pick(value, languages[0] if languages else "", fallback)
    found = [text for _, text in texts_of(value, languages)]
    return sep.join(found) if found else pick(value, languages[0], fallback)


@dataclass(frozen=True)
class LanguagePlan:
    languages: tuple[str, ...]  # the deck's, primary first
    mode: str  # single | stacked | alternate
    language: str  # single mode's language (stacked: the one drawn large)
    every: str = "loop"  # alternate: "loop" | "slide"

    @classmethod
    def of(
        cls, deck: Deck, *, language: str | None = None, mode: str | None = None
    ) -> LanguagePlan:
        """The deck's plan, with the command line's `--language` / `--language-mode`.

        A language alone means single mode in it; with stacked it is the one drawn large."""
        langs = tuple(deck.languages) or (deck.language,)
        if mode is not None and mode not in MODES:
            raise LanguageError(f"language mode {mode!r} is not one of {', '.join(MODES)}")
        chosen = deck.language if language is None else resolve_language(language, langs)
        if mode is None:
            mode = "single" if language is not None else deck.language_mode
        if mode == "stacked" and language is None:
            chosen = langs[0]
        return cls(langs, mode, chosen, deck.alternate_every)

    @property
    def fallback(self) -> tuple[str, ...]:
        """Where a missing text goes: the language drawn large, then the deck's in order."""
        return (self.language, *(lang for lang in self.languages if lang != self.language))

    def shown(self, loop: int = 0, index: int = 0, count: int = 1) -> tuple[str, ...]:
        """The languages drawn for slide `index` (of `count`) in loop `loop`, large first."""
        if self.mode == "stacked":
            return self.fallback
        if self.mode == "alternate" and len(self.languages) > 1:
            turn = loop if self.every == "loop" else loop * max(1, count) + index
            return (self.languages[turn % len(self.languages)],)
        return (self.language,)


class LanguageTurn:
    """The languages on screen as the show moves: counts loops (a move forward onto a slide
    at or before the one left) so that alternate mode changes language in step."""

    def __init__(self, deck: Deck, language: str | None = None, mode: str | None = None) -> None:
        self._asked = (language, mode)
        self.plan = LanguagePlan.of(deck, language=language, mode=mode)
        self.loop = 0

    def set_deck(self, deck: Deck) -> None:
        """A new deck: its languages, the command line's choice kept where it still fits."""
        try:
            self.plan = LanguagePlan.of(deck, language=self._asked[0], mode=self._asked[1])
        except LanguageError:
            self.plan = LanguagePlan.of(deck, mode=self._asked[1])

    def moved(self, index: int, previous: int, direction: int) -> None:
        if direction > 0 and index <= previous:
            self.loop += 1

    def shown(self, index: int, count: int) -> tuple[str, ...]:
        return self.plan.shown(self.loop, index, count)

    def ahead(self, index: int, current: int, count: int) -> tuple[str, ...]:
        """The languages slide `index` will be drawn in when it comes next after `current`."""
        loop = self.loop if index >= current else self.loop + 1
        return self.plan.shown(loop, index, count)
