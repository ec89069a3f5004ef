"""The C allocator, set for a process that allocates and frees large images all day.

glibc serves a request above its mmap threshold (128 KiB at start) with its own mapping and
returns it to the system on free, but it raises that threshold to the size of every mapped
block that is freed, up to 32 MiB. After the first full-screen pixmap is freed, every later
slide picture, glyph picture and decoded image comes from the heap instead, and the holes
they leave are kept: measured with the bundled deck, the free part of the heap swung between
4 and 14 MiB from checkpoint to checkpoint, so resident memory wandered by 10 MiB over 2,000
switches with no leak at all (what is in use stayed at 24-28 MiB), and differently on every
machine. A fixed threshold stops that adjustment: large buffers stay mapped and go back to
the system when freed; the heap holds only small objects (free part 1.5-2.5 MiB, flat).

`MALLOC_ARENA_MAX` made no difference here (four threads, one busy arena), so it is left as
the environment sets it. An explicit `MALLOC_MMAP_THRESHOLD_` or glibc tunable wins over
`tune_allocator()`. Qt-free; a no-op where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import os
import platform

__all__ = ["MMAP_THRESHOLD", "allocator_settings", "tune_allocator"]

MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept fixed
_M_MMAP_THRESHOLD = -3  # <malloc.h>
_state = {"tuned": "not tuned"}


def _libc() -> ctypes.CDLL | None:
    if platform.libc_ver()[0] != "glibc":
        return None
    try:
        # glibc's soname everywhere; `ctypes.util.find_library` would run `ldconfig -p` and
        # import subprocess, shutil and tempfile for it: 25 ms of every start
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def _set_by_environment() -> bool:
    tunables = os.environ.get("GLIBC_TUNABLES", "")
    return "MALLOC_MMAP_THRESHOLD_" in os.environ or "mmap_threshold" in tunables


def tune_allocator() -> str:
    """Fix glibc's mmap threshold (once per process, before the first window); returns what
    was done, for the log and the benchmark."""
    libc = _libc()
    if libc is None:
        _state["tuned"] = "not glibc: unchanged"
    elif _set_by_environment():
        _state["tuned"] = "set by the environment: unchanged"
    elif libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1:
        _state["tuned"] = f"mmap threshold fixed at {MMAP_THRESHOLD // 1024} KiB"
    else:
        _state["tuned"] = "mallopt refused: unchanged"
    return _state["tuned"]


def allocator_settings() -> dict[str, str]:
    """What the process's memory figures depend on: C library, arenas, the threshold."""
    name, version = platform.libc_ver()
    return {
        "libc": f"{name} {version}".strip() or "unknown",
        "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "unset"),
        "MALLOC_MMAP_THRESHOLD_": os.environ.get("MALLOC_MMAP_THRESHOLD_", "unset"),
        "GLIBC_TUNABLES": os.environ.get("GLIBC_TUNABLES", "unset"),
        "kiosk": _state["tuned"],
    }
