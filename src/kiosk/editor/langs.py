"""Text in several languages, as the editor edits it in the raw JSON (no Qt).

A text field is a plain string (the same in every language) or a map of language tags to
texts (`kiosk.core.localtext`). The editor shows one input per deck language; these
functions read one language out of a raw value and write one back, and they never lose a
language the deck does not show, nor turn a map into a string: typing a translation into a
plain string makes it a map; emptying one language of a map removes only that key.

A deck language finds its text under the same tag, the tag in another case, or a bare
language tag of the same base (`zh` for `zh-Hans`), as the loader accepts; an edit writes
back to the key that was found, so `zh` and `zh-Hans` never both appear.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from kiosk.core.jsonpos import JsonPath
from kiosk.core.localtext import LANG_TAG, base_language
from kiosk.editor.rawjson import MISSING

__all__ = [
    "COMMON_TAGS",
    "deck_languages",
    "fallback_text",
    "is_lang_tag",
    "key_for",
    "language_changes",
    "lines_in",
    "text_in",
    "with_lines",
    "with_text",
]

_TAG = re.compile(LANG_TAG)

# offered by the language picker (free entry takes any valid tag)
COMMON_TAGS: tuple[str, ...] = (
    "en",
    "zh-Hans",
    "zh-Hant",
    "ja",
    "ko",
    "fr",
    "de",
    "es",
    "pt",
    "it",
    "nl",
    "ru",
    "pl",
    "tr",
    "ar",
    "he",
    "fa",
    "hi",
    "th",
    "vi",
    "id",
    "ms",
)


def is_lang_tag(tag: str) -> bool:
    """A BCP 47 tag as the model accepts it: 'en', 'zh-Hans', 'pt-BR'."""
    return bool(_TAG.match(tag)) and len(tag) <= 35


def deck_languages(data: Any) -> list[str]:
    """The deck's languages, primary first: `deck.languages`, else `[deck.language]`."""
    deck = data.get("deck") if isinstance(data, dict) else None
    deck = deck if isinstance(deck, dict) else {}
    listed = deck.get("languages")
    if isinstance(listed, list):
        tags = [t for t in listed if isinstance(t, str) and t]
        if tags:
            return list(dict.fromkeys(tags))
    language = deck.get("language")
    return [language] if isinstance(language, str) and language else ["en"]


def key_for(texts: dict[str, Any], lang: str, languages: Sequence[str]) -> str | None:
    """The key of `texts` that holds `lang`'s text (None when it has none)."""
    if lang in texts:
        return lang
    low = lang.lower()
    for key in texts:
        if key.lower() == low:
            return key
    base = base_language(lang)
    others = {t.lower() for t in languages if t != lang}
    for key in texts:
        if "-" not in key and base_language(key) == base and key.lower() not in others:
            return key
    return None


def text_in(value: Any, lang: str, languages: Sequence[str]) -> str:
    """What `lang`'s input shows: its own text ('' when it has none of its own).

    A plain string is the primary language's text (and, on screen, every other's)."""
    if isinstance(value, dict):
        key = key_for(value, lang, languages)
        text = value.get(key) if key is not None else None
        return text if isinstance(text, str) else ("" if text is None else str(text))
    if isinstance(value, str) and (not languages or lang == languages[0]):
        return value
    return ""


def fallback_text(value: Any, lang: str, languages: Sequence[str]) -> str:
    """What the screen shows for `lang` when it has no text of its own (the next language
    of the deck that has one, primary first)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return ""
    for other in languages:
        if other != lang:
            text = text_in(value, other, languages)
            if text:
                return text
    return next((v for v in value.values() if isinstance(v, str) and v), "")


def _insert(texts: dict[str, Any], key: str, text: str, languages: Sequence[str]) -> dict[str, Any]:
    """`texts` with `key` set; a new key goes where the deck's language order puts it."""
    if key in texts:
        out = dict(texts)
        out[key] = text
        return out
    order = {t.lower(): i for i, t in enumerate(languages)}
    rank = order.get(key.lower(), len(languages))
    out = {}
    placed = False
    for k, v in texts.items():
        if not placed and order.get(k.lower(), len(languages) + 1) > rank:
            out[key] = text
            placed = True
        out[k] = v
    if not placed:
        out[key] = text
    return out


def with_text(value: Any, lang: str, text: str, languages: Sequence[str]) -> Any:
    """`value` with `lang`'s text set to `text` ('' removes that language's own text).

    A plain string stays plain while only the primary language is typed; a translation
    makes it a map `{primary: the string, lang: text}`. A map stays a map (an emptied map
    is ''), and keeps every key it had, languages the deck does not list included."""
    primary = languages[0] if languages else lang
    if isinstance(value, dict):
        key = key_for(value, lang, languages) or lang
        if text:
            return _insert(value, key, text, languages)
        out = {k: v for k, v in value.items() if k != key}
        return out if out else ""
    old = value if isinstance(value, str) else ""
    if lang == primary:
        return text
    if not text:
        return old
    return _insert({primary: old} if old else {}, lang, text, languages)


def lines_in(items: Any, lang: str, languages: Sequence[str]) -> list[str]:
    """A list of texts (bullet points) as `lang`'s lines: line i is item i's own text."""
    if not isinstance(items, list):
        return []
    lines = [text_in(item, lang, languages) for item in items]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def with_lines(items: Any, lang: str, lines: Sequence[str], languages: Sequence[str]) -> list[Any]:
    """The list with `lang`'s texts replaced by `lines`, item i being line i.

    The old and new lines are matched as a diff, so a point inserted or removed in one
    language does not pair every later point with the wrong translation: a line typed in
    between becomes a new item, a line taken away removes only that language's text (an
    item left with no text in any language is dropped)."""
    old = items if isinstance(items, list) else []
    before = [text_in(item, lang, languages) for item in old]
    after = [line.strip() for line in lines]
    while after and not after[-1]:
        after.pop()
    out: list[Any] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(old[i1:i2])
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            out.append(with_text(old[i1 + k], lang, after[j1 + k], languages))
        for j in range(j1 + pairs, j2):  # typed in between: new items
            out.append(with_text("", lang, after[j], languages))
        for i in range(i1 + pairs, i2):  # taken away: only this language's text goes
            out.append(with_text(old[i], lang, "", languages))
    return [item for item in out if item != ""]


def language_changes(data: Any, new: list[str]) -> list[tuple[JsonPath, Any]]:
    """The edits that make the deck's languages `new`: `deck.languages` itself, and for each
    language taken away, its texts (a text only in that language keeps it as a plain string,
    so no words vanish) and a `deck.language` that named it."""
    old = deck_languages(data)
    removed = [t for t in old if t not in new]
    changes: list[tuple[JsonPath, Any]] = [(("deck", "languages"), new if new else MISSING)]
    deck = data.get("deck") if isinstance(data, dict) else None
    if isinstance(deck, dict) and deck.get("language") in removed:
        changes.append((("deck", "language"), MISSING))
    for tag in removed:
        for path, texts in list(_maps(data, ())):
            key = key_for(texts, tag, old)
            if key is None or any(key_for(texts, t, old) == key for t in new):
                continue
            rest = {k: v for k, v in texts.items() if k != key}
            changes.append((path, rest if rest else texts[key]))
    return changes


def _maps(node: Any, at: JsonPath) -> Any:
    """(path, map) for every language map in the raw JSON (slides, deck, charts' labels)."""
    if isinstance(node, dict):
        labels = bool(at) and at[-1] == "labels"  # a chart's labels: data label → text
        tags = all(isinstance(k, str) and is_lang_tag(k) for k in node)
        if node and not labels and tags and all(isinstance(v, str) for v in node.values()):
            yield at, node
            return
        for key, child in node.items():
            if isinstance(key, str) and not key.startswith(("$", "_")) and key != "unit_scale":
                yield from _maps(child, (*at, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _maps(child, (*at, i))
