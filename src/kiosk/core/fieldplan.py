"""Which fields of a model class a walk over its instances has to visit, decided once a class.

The walks after validation (language maps to rebase or check, file paths to check) used to
visit every field of every one of a deck's ~10,000 model instances; most fields are numbers,
flags and literals that can hold neither a nested model nor what the walk looks for. The
annotation says so, once per class: a 5,000-slide deck's three walks went from ~150 ms to
~40 ms. No Qt.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel

__all__ = ["fields_to_walk", "may_hold"]

Leaf = Callable[[Any], bool]  # is this `Annotated` extra (or field metadata) what we look for


def may_hold(annotation: Any, leaf: Leaf) -> bool:
    """Whether a value of `annotation` can be, or contain, a model or a `leaf`-marked value.

    Unknown shapes (Any, a forward reference, a type variable) count as "can": a walk that
    visits a field for nothing costs a little time, one that skips a field loses a check."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extras = get_args(annotation)
        return any(leaf(e) for e in extras) or may_hold(base, leaf)
    if origin is Literal or annotation is None or annotation is type(None):
        return False
    if origin is not None:  # a union, list[…], dict[…, …], tuple[…]
        return any(may_hold(arg, leaf) for arg in get_args(annotation) if arg is not Ellipsis)
    if isinstance(annotation, type):  # a plain class: str, int, time, an enum, a model
        return issubclass(annotation, BaseModel) or annotation is object
    return True  # Any, a string annotation, a TypeVar: visit


@functools.cache
def fields_to_walk(cls: type[BaseModel], leaf: Leaf) -> tuple[tuple[str, str], ...]:
    """(attribute, JSON key) of the fields of `cls` that may hold a model or a leaf, in
    field order."""
    out: list[tuple[str, str]] = []
    for name, info in cls.model_fields.items():
        # pydantic keeps a bare `Annotated` field's extras in `metadata`, not its annotation
        if any(leaf(m) for m in info.metadata) or may_hold(info.annotation, leaf):
            out.append((name, info.alias or name))
    return tuple(out)
