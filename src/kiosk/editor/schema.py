"""Which editor each model field gets, read from the pydantic model itself (no Qt).

`fields_of(model)` turns every field into a `FieldSpec`: its JSON key, a kind
('text', 'longtext', 'path', 'color', 'float', 'int', 'bool', 'choice', 'days', 'lines',
'date', 'object', 'table', 'json', and the few fields that need their own widget:
'hours', 'weekhours', 'timezone', 'pin', 'column', 'columns', 'pathlines', and for
languages 'languages', 'language', 'fontfamilies', 'labels', 'unitscale'), whether it is
text in the deck's languages (`local`), whether it may be left out, its default, its
bounds, a label a person reads and a unit.

The slide-type list comes from one place, `SLIDE_CLASSES` here (the core's registry), so
switching to the core's coming registry touches only this import.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel, WrapValidator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from kiosk.core import localtext
from kiosk.core import model as m
from kiosk.editor.wording import UNITS, label_for

__all__ = ["SLIDE_CLASSES", "SLIDE_TYPES", "FieldSpec", "fields_of", "slide_class"]

SLIDE_CLASSES = m.SLIDE_CLASSES
SLIDE_TYPES: tuple[str, ...] = tuple(SLIDE_CLASSES)

# fields whose JSON shape says too little: (owning model, key) → kind
_SPECIAL: tuple[tuple[type[BaseModel], str, str], ...] = (
    (m.ShowRule, "hours", "hours"),
    (m.Schedule, "hours", "weekhours"),
    (m.Schedule, "timezone", "timezone"),
    (m.Controls, "pin", "pin"),
    (m.ChartSpec, "x", "column"),
    (m.ChartSpec, "y", "columns"),
    (m.BulletsSlide, "icons", "pathlines"),
    (m.DataRef, "column", "column"),
    (m.Deck, "languages", "languages"),
    (m.Deck, "language", "language"),
    (m.Theme, "font_family", "fontfamilies"),
    (m.ChartSpec, "labels", "labels"),
    (m.ChartSpec, "unit_scale", "unitscale"),
    (m.MetricSlide, "unit_scale", "unitscale"),
)
_LONG_TEXT = 4000
_PATH_LEN = 4096


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: str
    label: str
    optional: bool = False  # may be left out (empty input removes the key)
    required: bool = False
    default: Any = None
    description: str = ""
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_min: bool = False
    item_kind: str = ""  # for 'lines': 'text', 'path' or 'color'
    local: bool = False  # text in the deck's languages (a string, or a map of tags)
    unit: str = ""
    model: type[BaseModel] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def slide_class(kind: Any) -> type[m.SlideBase] | None:
    return SLIDE_CLASSES.get(kind) if isinstance(kind, str) else None


def fields_of(model: type[BaseModel], *, skip: tuple[str, ...] = ("type",)) -> list[FieldSpec]:
    """Field specs of `model`, own fields first, then the ones every slide shares."""
    specs = [
        _spec(model, name, info) for name, info in model.model_fields.items() if name not in skip
    ]
    if issubclass(model, m.SlideBase):
        common = set(m.SlideBase.model_fields)
        specs.sort(key=lambda s: (s.key in common, s.key not in ("title", "heading")))
    if model is m.Deck:  # the list of languages first, then how they show
        order = ("languages", "language_mode", "alternate_every", "language")
        specs.sort(key=lambda s: order.index(s.key) + 1 if s.key in order else 0)
    return specs


def _default(info: FieldInfo) -> Any:
    if info.default is not PydanticUndefined:
        return info.default
    if info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
        return value.model_dump() if isinstance(value, BaseModel) else value
    return None


def _unwrap(annotation: Any, metadata: list[Any]) -> Any:
    while get_origin(annotation) is Annotated:
        args = get_args(annotation)
        for extra in args[1:]:
            if isinstance(extra, FieldInfo):
                metadata.extend(extra.metadata)
            else:
                metadata.append(extra)
        annotation = args[0]
    return annotation


def _spec(owner: type[BaseModel], name: str, info: FieldInfo) -> FieldSpec:
    key = info.alias or name
    metadata: list[Any] = list(info.metadata)
    annotation = _unwrap(info.annotation, metadata)
    optional = False
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        optional = len(args) < len(get_args(annotation))
        annotation = _unwrap(args[0], metadata) if len(args) == 1 else annotation
    base = {
        "key": key,
        "label": label_for(key, info.description or "", owner.__name__),
        "optional": optional,
        "required": info.is_required(),
        "default": _default(info),
        "description": info.description or "",
        "unit": UNITS.get(key, ""),
    }
    kind, extra = _kind(annotation, metadata)
    if kind in ("text", "longtext"):
        extra["local"] = _is_local(metadata)
    for model, special_key, special in _SPECIAL:
        if issubclass(owner, model) and key == special_key:
            kind = special
    return FieldSpec(kind=kind, **base, **extra)


def _is_local(metadata: list[Any]) -> bool:
    """The field takes a language map (`localtext.Words` and its kin)."""
    return any(
        isinstance(x, WrapValidator) and getattr(x.func, "__module__", "") == localtext.__name__
        for x in metadata
    )


def _bounds(metadata: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, at.Gt):
            out["minimum"], out["exclusive_min"] = float(item.gt), True  # type: ignore[arg-type]
        elif isinstance(item, at.Ge):
            out["minimum"] = float(item.ge)  # type: ignore[arg-type]
        elif isinstance(item, at.Lt):
            out["maximum"] = float(item.lt)  # type: ignore[arg-type]
        elif isinstance(item, at.Le):
            out["maximum"] = float(item.le)  # type: ignore[arg-type]
    return out


def _str_kind(metadata: list[Any]) -> str:
    patterns = [getattr(x, "pattern", None) for x in metadata]
    pattern = next((p for p in patterns if p), "")
    if str(pattern).startswith("^#"):
        return "color"
    longest = max((x.max_length for x in metadata if isinstance(x, at.MaxLen)), default=0)
    if longest == _PATH_LEN:
        return "path"
    return "longtext" if longest >= _LONG_TEXT else "text"


def _kind(annotation: Any, metadata: list[Any]) -> tuple[str, dict[str, Any]]:
    origin = get_origin(annotation)
    if origin is Literal:
        return "choice", {"choices": tuple(str(a) for a in get_args(annotation))}
    if annotation is bool:
        return "bool", {}
    if annotation is int:
        return "int", _bounds(metadata)
    if annotation is float:
        return "float", _bounds(metadata)
    if annotation is date:
        return "date", {}
    if annotation is str:
        return _str_kind(metadata), {}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "object", {"model": annotation}
    if origin is list:
        item_meta: list[Any] = []
        item = _unwrap(get_args(annotation)[0], item_meta)
        if get_origin(item) is Literal and set(get_args(item)) == set(m.WEEKDAYS):
            return "days", {"choices": m.WEEKDAYS}
        if item is str:
            return "lines", {"item_kind": _str_kind(item_meta), "local": _is_local(item_meta)}
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "table", {"model": item, **_bounds_len(metadata)}
    return "json", {}


def _bounds_len(metadata: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, at.MinLen):
            out["minimum"] = float(item.min_length)
        elif isinstance(item, at.MaxLen):
            out["maximum"] = float(item.max_length)
    return out
