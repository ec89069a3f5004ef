"""Text in several languages: a playlist's text field is a string or a map of language tags.

A plain string is the same in every language (names, "2030"). A map such as
`{"en": "Smart Manufacturing", "zh-Hans": "智能制造"}` is validated language by language with
the field's own limits and becomes a `Local`: a `str` whose value is the primary language's
text (so code that only knows one language keeps working) and which carries every language in
`texts`. `pick(value, lang)` is how a screen asks for one language, with the deck's fallback
order. No Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    Field,
    PlainSerializer,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

from kiosk.core.fieldplan import fields_to_walk

__all__ = [
    "LANG_TAG",
    "MAX_LANGUAGES",
    "Local",
    "LocalWords",
    "MapTally",
    "ShortWords",
    "Words",
    "base_language",
    "is_local_text",
    "is_rtl",
    "languages_of",
    "pick",
    "rebase",
    "rebase_all",
    "tally_context",
    "tally_of",
    "text_values",
    "texts_of",
]

# BCP 47, the parts a deck needs: language, then script/region/variant subtags
LANG_TAG = r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$"
_TAG = re.compile(LANG_TAG)
MAX_LANGUAGES = 8
# languages written right to left (their base subtag)
_RTL = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"})


class Local(str):
    """A text in several languages. `str(self)` is the primary language's text."""

    __slots__ = ("texts",)
    texts: dict[str, str]

    def __new__(cls, texts: Mapping[str, str], primary: str | None = None) -> Local:
        if not texts:
            raise ValueError("a text map needs at least one language")
        chosen = _lookup(texts, primary) if primary else None
        obj = super().__new__(cls, chosen if chosen is not None else next(iter(texts.values())))
        obj.texts = dict(texts)
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (Local, (self.texts, _primary_of(self)))

    def __deepcopy__(self, memo: dict[int, Any]) -> Local:
        return self  # immutable in practice: `texts` is never changed after construction

    def __copy__(self) -> Local:
        return self


def _primary_of(value: Local) -> str | None:
    for tag, text in value.texts.items():
        if text == str(value):
            return tag
    return None


def base_language(tag: str) -> str:
    """`"zh-Hans"` → `"zh"`."""
    return tag.split("-", 1)[0].lower()


def is_rtl(tag: str) -> bool:
    """Whether the language is written right to left (Arabic, Hebrew, Persian, Urdu, …)."""
    return base_language(tag) in _RTL


def _lookup(texts: Mapping[str, str], lang: str) -> str | None:
    """The text for `lang`: the exact tag, case-insensitive, else the same base language."""
    if lang in texts:
        return texts[lang]
    low = lang.lower()
    for tag, text in texts.items():
        if tag.lower() == low:
            return text
    base = base_language(lang)
    for tag, text in texts.items():
        if base_language(tag) == base:
            return text
    return None


def pick(value: str, lang: str, fallback: Iterable[str] = ()) -> str:
    """`value` in `lang`; a missing language falls back along `fallback` (the deck's
    languages in order), then to the primary text. A plain string is the same in all."""
    if not isinstance(value, Local):
        return value
    found = _lookup(value.texts, lang)
    if found is not None:
        return found
    for other in fallback:
        found = _lookup(value.texts, other)
        if found is not None:
            return found
    return str(value)


def texts_of(value: str, languages: Iterable[str]) -> list[tuple[str, str]]:
    """(language, text) for each of `languages` the value has its own text for, in that order;
    a plain string (the same in every language) gives one pair, under the first language."""
    langs = list(languages)
    if not isinstance(value, Local):
        return [(langs[0] if langs else "", value)] if value else []
    out: list[tuple[str, str]] = []
    for lang in langs:
        found = _lookup(value.texts, lang)
        if found is not None and found not in (t for _, t in out):
            out.append((lang, found))
    return out or [(langs[0] if langs else "", str(value))]


def rebase(value: str, primary: str) -> str:
    """The same text with `primary` as the language its `str` value shows."""
    if isinstance(value, Local) and _lookup(value.texts, primary) is not None:
        return Local(value.texts, primary)
    return value


def rebase_all(model: BaseModel, primary: str, context: Any = None) -> None:
    """Rebase every language map in `model` (nested models, lists, dicts) onto `primary`.

    `context`: the validation context; when it counted no map (`tally_context`) there is
    nothing to rebase and the model is not walked."""
    tally = tally_of(context)
    if tally is not None and not tally.maps:
        return
    for holder, key, value in _local_slots(model):
        if isinstance(holder, list | dict):
            holder[key] = rebase(value, primary)
        else:
            setattr(holder, key, rebase(value, primary))


def _local_slots(obj: Any) -> Iterator[tuple[Any, Any, str]]:
    """(holder, key or field, value) of every language map in a model, nested ones included."""
    if isinstance(obj, BaseModel):
        for name, _ in fields_to_walk(type(obj), is_local_text):
            value = getattr(obj, name)
            if isinstance(value, Local):
                yield obj, name, value
            else:
                yield from _local_slots(value)
    elif isinstance(obj, list | dict):
        for key, value in obj.items() if isinstance(obj, dict) else enumerate(obj):
            if isinstance(value, Local):
                yield obj, key, value
            else:
                yield from _local_slots(value)


def languages_of(value: str) -> tuple[str, ...]:
    """The language tags a text map names (empty for a plain string)."""
    return tuple(value.texts) if isinstance(value, Local) else ()


def text_values(obj: BaseModel, at: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, str]]:
    """Every text of a model that is a language map, nested models and lists included:
    (JSON path, the `Local`). Dict-valued fields (such as a chart's `labels`) are walked too;
    fields that can hold neither a map nor a model (numbers, flags) are not visited."""
    for name, key in fields_to_walk(type(obj), is_local_text):
        yield from _walk(getattr(obj, name), (*at, key))


def _walk(value: Any, at: tuple[Any, ...]) -> Iterator[tuple[Any, str]]:
    if isinstance(value, Local):
        yield at, value
    elif isinstance(value, BaseModel):
        yield from text_values(value, at)
    elif isinstance(value, list):
        for j, item in enumerate(value):
            yield from _walk(item, (*at, j))
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from _walk(item, (*at, k))


class MapTally:
    """What one validation saw of language maps: how many, and every tag they name.

    Handed to pydantic as validation context (`tally_context`): a deck with no map at all
    needs no walk to rebase its maps, and one whose tags are all the deck's own needs no walk
    to find a foreign one. The walks are what a long deck's validation spent most on."""

    __slots__ = ("maps", "tags")

    def __init__(self) -> None:
        self.maps = 0
        self.tags: set[str] = set()


_TALLY = "kiosk.localtext.tally"


def tally_context() -> dict[str, Any]:
    """A fresh validation context that counts language maps (`Model.model_validate(data,
    context=...)`); `tally_of` reads it."""
    return {_TALLY: MapTally()}


def tally_of(context: Any) -> MapTally | None:
    """The tally in a validation context; None when the validation was not counting."""
    found = context.get(_TALLY) if isinstance(context, dict) else None
    return found if isinstance(found, MapTally) else None


def _validate(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
    if not isinstance(value, dict):
        return handler(value)
    if not value:
        raise ValueError('a text map needs at least one language, e.g. {"en": "…"}')
    if len(value) > MAX_LANGUAGES:
        raise ValueError(f"at most {MAX_LANGUAGES} languages (got {len(value)})")
    texts: dict[str, str] = {}
    for tag, text in value.items():
        if not isinstance(tag, str) or not _TAG.match(tag):
            raise ValueError(f"{tag!r} is not a language tag such as 'en' or 'zh-Hans'")
        texts[tag] = handler(text)
    tally = tally_of(info.context)
    if tally is not None:
        tally.maps += 1
        tally.tags.update(texts)
    return Local(texts)


def is_local_text(extra: Any) -> bool:
    """Whether an `Annotated` extra marks a text that may be a language map (`Words`…)."""
    return isinstance(extra, WrapValidator) and extra.func is _validate


def _serialize(value: str) -> Any:
    return dict(value.texts) if isinstance(value, Local) else str(value)


def _local(max_length: int) -> Any:
    one = Annotated[str, Field(max_length=max_length)]
    tag_map = dict[Annotated[str, Field(pattern=LANG_TAG)], one]
    return Annotated[
        str,
        Field(max_length=max_length),
        WrapValidator(_validate, json_schema_input_type=one | tag_map),
        PlainSerializer(_serialize),
    ]


# human-visible text: a string, or a map of language tags to strings (each within the limit)
Words = _local(4000)
ShortWords = _local(400)
LocalWords = _local(600)  # a bullet point
