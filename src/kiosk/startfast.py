"""`kiosk run`'s first steps when a start picture is kept (kiosk.core.startpicture).

Before anything else loads: look the picture up (Qt-free), and when one is true, import
QtWidgets and show it (kiosk.ui.startpicture); then the rest of the start imports kiosk's
modules without PySide6's import hook.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from kiosk.core.startpicture import lookup, run_inputs

__all__ = ["plain_imports", "show_at_start"]


def show_at_start(args: Any) -> tuple[Any, Callable[..., Any] | None]:
    """`kiosk run`: the kept picture of this start's first frame on screen before anything
    else loads (the window, or None), and Python's own import function as it was before
    PySide6 replaced it (None when PySide6 was not imported here)."""
    if getattr(args, "windowed", False) or getattr(args, "no_start_picture", False):
        return None, None
    if getattr(args, "fleet", None) is not None:
        return None, None
    kept = lookup(args.playlist, run_inputs(args))
    if kept is None:
        return None, None  # no picture: the ordinary start, Qt-free modules first
    import builtins

    plain = builtins.__import__
    try:
        from kiosk.qtguard import unsafe_qt_reason

        if unsafe_qt_reason():
            return None, plain  # the ordinary start says why, in one line
        from kiosk.ui.startpicture import show_kept

        return show_kept(kept, getattr(args, "screen", None)), plain
    except ImportError:
        return None, plain


@contextlib.contextmanager
def plain_imports(plain: Callable[..., Any] | None) -> Iterator[None]:
    """Import kiosk's start-up modules without PySide6's import hook when PySide6 came first.

    PySide6's `__feature__` hook reads the source of every module imported after it (see
    `cli._import_before_qt`); kiosk uses no `__feature__` selection, so its own start-up
    imports go through Python's import function, and the hook is back for everything later."""
    import builtins

    if plain is None:
        yield
        return
    hook, builtins.__import__ = builtins.__import__, plain
    try:
        yield
    finally:
        builtins.__import__ = hook
