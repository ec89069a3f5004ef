"""The building blocks of the playlist models: the base model, value types, path kinds."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import time
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidatorFunctionWrapHandler,
    model_validator,
)

from kiosk.core.fieldplan import fields_to_walk
from kiosk.core.localtext import LANG_TAG

MAX_VALUE = 1e15
MAX_SLIDES = 10_000  # 100,000 took 1.8 s to validate (10,000: ~0.2 s, the bench uses 5,000)

Transition = Literal["fade", "slide", "none"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_HOURS = re.compile(r"^([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})$")  # ASCII digits only

Color = Annotated[
    str,
    Field(
        pattern=_COLOR.pattern,
        description="#RGB, #RRGGBB or #AARRGGBB",
        examples=["#0B1F3A"],
    ),
]


class FileKind(str):
    """Marks a path field with what it names, read by `loader.asset_refs` (and not in the
    schema): "image", "font", "data", "video"; "live" paths are read as they come."""


def _path(kind: str) -> Any:
    return Annotated[
        str,
        Field(min_length=1, max_length=4096, description="A file path, relative to the playlist"),
        FileKind(kind),
    ]


RelPath = Annotated[
    str,
    Field(min_length=1, max_length=4096, description="A file path, relative to the playlist"),
]
ImagePath = _path("image")
FontPath = _path("font")
DataPath = _path("data")
VideoPath = _path("video")
LivePath = _path("live")
Text = Annotated[str, Field(max_length=4000)]
ShortText = Annotated[str, Field(max_length=400)]
LangTag = Annotated[
    str, Field(pattern=LANG_TAG, max_length=35, description="A BCP 47 language tag: en, zh-Hans")
]
# a number shown in one language is the value times its factor (million yuan -> 亿元: 0.01)
UnitScale = dict[LangTag, Annotated[float, Field(gt=0, le=1e9, allow_inf_nan=False)]]


_META = "_kiosk_meta"


def _meta_schema(schema: dict[str, Any]) -> None:
    """Allow `$…` and `_…` keys in editors' JSON Schema validation, like the loader does."""
    schema["patternProperties"] = {"^[$_]": {}}


class Model(BaseModel):
    """Base of every playlist object: strict keys, but `$…`/`_…` keys are kept in `meta`."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=False,
        populate_by_name=True,
        json_schema_extra=_meta_schema,
        str_strip_whitespace=False,
    )

    # The `$…`/`_…` keys live in the instance's `__dict__` under `_META`, not in a pydantic
    # private attribute: a model with one gets a post-init hook on every instance, ~17 ms of
    # a 5,000-slide deck's ~120 ms validation, for keys almost no object has. pydantic's dump,
    # iteration, repr and equality skip a `_` name there; copies and pickles keep it.

    @model_validator(mode="wrap")
    @classmethod
    def _keep_meta(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        meta: dict[str, Any] = {}
        if isinstance(data, dict):
            meta = {
                k: v for k, v in data.items() if isinstance(k, str) and k.startswith(("$", "_"))
            }
            if meta:
                data = {k: v for k, v in data.items() if k not in meta}
        obj = handler(data)
        if meta and isinstance(obj, Model):
            object.__setattr__(obj, _META, meta)
        return obj

    @property
    def meta(self) -> dict[str, Any]:
        """The `$…` and `_…` keys this object carried in the file."""
        found: dict[str, Any] = self.__dict__.get(_META, {})
        return found


def parse_hours(text: str) -> tuple[time, time]:
    """`"07:00-23:00"` → (07:00, 23:00). `24:00` may end a span; end < start spans midnight."""
    m = _HOURS.match(text)
    if not m:
        raise ValueError(f"must look like 07:00-23:00 (got {text!r})")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2 != 0):
        raise ValueError(f"not a valid time range (got {text!r})")
    end = time(23, 59, 59, 999999) if h2 == 24 else time(h2, m2)
    return time(h1, m1), end


def _check_hours(value: str | None) -> str | None:
    if value is not None:
        parse_hours(value)
    return value


def _kind_of(annotation: Any) -> str | None:
    """The FileKind somewhere in a field's annotation (`ImagePath | None`, `list[FontPath]`)."""
    if get_origin(annotation) is Annotated:
        for extra in get_args(annotation)[1:]:
            if isinstance(extra, FileKind):
                return str(extra)
    for arg in get_args(annotation):
        found = _kind_of(arg)
        if found is not None:
            return found
    return None


@functools.cache
def path_fields(cls: type[BaseModel]) -> dict[str, str]:
    """The path fields of a model class: field name -> what it names ("image", "font", ...)."""
    found: dict[str, str] = {}
    for name, info in cls.model_fields.items():
        # pydantic keeps a bare `Annotated` field's extras in `metadata`, not its annotation
        direct = [str(m) for m in info.metadata if isinstance(m, FileKind)]
        kind = direct[0] if direct else _kind_of(info.annotation)
        if kind is not None:
            found[name] = kind
    return found


def _is_file_kind(extra: Any) -> bool:
    return isinstance(extra, FileKind)


def file_refs(obj: BaseModel, at: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, str, str]]:
    """Every file a model names, read off its path fields, in field order, nested models
    included: (JSON path, relative path, kind). Live sources ("live") are read as they come
    and are not listed. Fields that can hold neither a path nor a model are not visited."""
    kinds = path_fields(type(obj))
    for name, key in fields_to_walk(type(obj), _is_file_kind):
        value = getattr(obj, name)
        kind = kinds.get(name)
        if kind is not None:
            if kind == "live":
                continue
            if isinstance(value, str):
                if value:
                    yield (*at, key), value, kind
            elif isinstance(value, list):
                for j, item in enumerate(value):
                    if isinstance(item, str) and item:
                        yield (*at, key, j), item, kind
        elif isinstance(value, BaseModel):
            yield from file_refs(value, (*at, key))
        elif isinstance(value, list):
            for j, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from file_refs(item, (*at, key, j))
