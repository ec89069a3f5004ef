"""PySide6 reads the source of every module imported after it; keep the answer, not the text.

PySide6's `__feature__` import hook (`shibokensupport/feature.py`, `_mod_uses_pyside`) asks,
for each module imported once PySide6 is loaded, whether its source names "PySide6". It asks
through `inspect.getsource`, which splits the file into lines and keeps them in `linecache`
for the life of the process. For kiosk that was every UI module, pydantic's lazy imports and
the standard library's: measured after one loop of the bundled deck, 204 files and 9.3 MiB of
Python objects (94,754 line strings) that nothing reads again, and ~75 ms of start-up.

`spare_module_sources()` swaps in the same test without the cache: it reads the module's
file once and looks for the same word. A module without a readable `.py` file (in a zip, a
frozen or a compiled one) still goes through PySide6's own test; whatever that one leaves in
`linecache` is taken out again. kiosk never turns a feature on, so the answer only decides
whether PySide6 tracks a module at all; it is the same answer as before either way.

Nothing happens on a PySide6 without that hook (another version): `spare_module_sources`
returns False, and the cost is what it was.
"""

from __future__ import annotations

import linecache
import sys
from collections.abc import Callable
from types import ModuleType

__all__ = ["spare_module_sources"]

_HOOK_MODULES = ("PySide6.support.feature", "shibokensupport.feature")
_WORD = b"PySide6"


def spare_module_sources() -> bool:
    """Replace PySide6's per-import source test by one that keeps nothing; True when done
    (or done before). Whatever the hook cached before this call is dropped too."""
    import PySide6.QtCore  # noqa: F401  (loads the hook)

    feature = next((sys.modules[n] for n in _HOOK_MODULES if n in sys.modules), None)
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, "_kiosk_spared", False):
        return True
    feature._mod_uses_pyside = _spared(original)  # type: ignore[attr-defined]
    linecache.clearcache()  # what it read so far: a cache, read again if a traceback needs it
    return True


def _spared(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as f:
                    return _WORD in f.read()
            except OSError:
                pass  # not a plain file (a zip's member): PySide6's own way below
        before = set(linecache.cache)
        try:
            return bool(original(module))
        finally:
            for name in set(linecache.cache) - before:
                linecache.cache.pop(name, None)

    uses_pyside._kiosk_spared = True  # type: ignore[attr-defined]
    return uses_pyside
