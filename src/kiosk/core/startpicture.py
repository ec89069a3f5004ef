"""The start picture: a kept picture of the first frame, shown at the next start at once.

A cold `kiosk run` spends most of its start before the first frame importing pydantic and
kiosk's UI, checking the deck and building slide 1. The picture that frame painted is the
same at every start of the same deck on the same screen, so kiosk keeps it
(`$XDG_CACHE_HOME/kiosk/start-picture/`): the next start shows it fullscreen as soon as Qt
is up, and the live slide replaces it, pixel for pixel, once the player is ready.

This module is the Qt-free half: which starts may use or keep a picture, the key that
says whether a kept one is still true, and the files. It decides, conservatively, that a
picture is true only while every input is the same:

- the playlist's bytes (hashed), and the size, modification time and inode of every file
  it names (images, fonts, data), of kiosk's own code and of the PySide6 it runs on;
- the arguments that change what is drawn (`--start`, `--screen`, `--language`, ...), the
  Qt environment variables, and the screen (checked once Qt is up: size and pixel ratio);
- nothing that depends on the time: a deck with display hours, show rules, a clock, live
  data, video, a fleet, or a start with problems is never kept.

Anything wrong with the cache (missing, unreadable, truncated, from another version) means
no picture: the start is the ordinary one. Nothing here raises.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core.safeio import FileRefused, read_bytes

__all__ = [
    "ARG_NAMES",
    "Kept",
    "cache_dir",
    "deck_files",
    "entry_name",
    "lookup",
    "run_inputs",
    "why_not_kept",
    "write_entry",
]

FORMAT = 1
MAX_MANIFEST_BYTES = 256 * 1024
MAX_PICTURE_BYTES = 8192 * 8192 * 4  # an 8K screen at 4 bytes a pixel
# what changes the first frame besides the playlist and its files
ARG_NAMES = ("start", "screen", "language", "language_mode", "reduced_motion", "tile", "bezel_px")
_ENV_PREFIXES = ("QT_", "KIOSK_")
_ENV_NAMES = ("DISPLAY", "WAYLAND_DISPLAY", "LANG", "LC_ALL", "FONTCONFIG_FILE")


@dataclass(frozen=True)
class Kept:
    """A kept picture that matches this start: raw 32-bit pixels of `width` x `height`."""

    picture: Path
    width: int
    height: int
    ratio: float
    screen: dict[str, Any]


def cache_dir(environ: os._Environ[str] | dict[str, str] = os.environ) -> Path:
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kiosk" / "start-picture"


def run_inputs(
    args: Any, environ: os._Environ[str] | dict[str, str] = os.environ
) -> dict[str, Any]:
    """What of this start, besides the files, decides its first frame (JSON-able)."""
    shown = {name: _plain(getattr(args, name, None)) for name in ARG_NAMES}
    env = {
        k: v for k, v in sorted(environ.items()) if k.startswith(_ENV_PREFIXES) or k in _ENV_NAMES
    }
    return {"args": shown, "env": env, "code": _code_stamp()}


def entry_name(playlist: Path, inputs: dict[str, Any]) -> str:
    """The cache entry of this playlist and these inputs (one entry per display set-up)."""
    text = json.dumps([str(playlist), inputs["args"], inputs["env"]], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def lookup(playlist: Path, inputs: dict[str, Any], folder: Path | None = None) -> Kept | None:
    """The kept picture for this start when every input still matches, else None."""
    folder = folder or cache_dir()
    name = entry_name(playlist, inputs)
    try:
        manifest = json.loads(_read_small(folder / f"{name}.json"))
        if manifest.get("format") != FORMAT or manifest.get("inputs") != inputs:
            return None
        if manifest.get("playlist_sha256") != _sha256(playlist):
            return None
        if any(_stamp(Path(p)) != stamp for p, stamp in manifest["files"]):
            return None
        w, h, ratio = int(manifest["width"]), int(manifest["height"]), float(manifest["ratio"])
        picture = folder / f"{name}.rgb32"
        st = os.stat(picture, follow_symlinks=False)
        if not (0 < w * h * 4 == st.st_size <= MAX_PICTURE_BYTES) or not 0 < ratio <= 8:
            return None
        return Kept(picture, w, h, ratio, dict(manifest["screen"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, FileRefused):
        return None


def write_entry(
    playlist: Path,
    inputs: dict[str, Any],
    files: Iterable[Path],
    pixels: bytes,
    size: tuple[int, int, float],
    screen: dict[str, Any],
    folder: Path | None = None,
) -> Path | None:
    """Keep `pixels` (raw RGB32, `size` = width, height, pixel ratio) for the next start.

    The picture is written first and the manifest last, each to a temporary file renamed
    into place, so a reader sees an old entry, a new one or none. Returns the manifest's
    path, or None when the cache cannot be written (a read-only home: the start is only
    slower)."""
    folder = folder or cache_dir()
    name = entry_name(playlist, inputs)
    try:
        digest = _sha256(playlist)
    except FileRefused:
        return None  # replaced by something unreadable since it was loaded: nothing to keep
    manifest = {
        "format": FORMAT,
        "inputs": inputs,
        "playlist": str(playlist),
        "playlist_sha256": digest,
        "files": [[str(p), _stamp(p)] for p in dict.fromkeys(files)],
        "width": size[0],
        "height": size[1],
        "ratio": size[2],
        "screen": screen,
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _replace(folder / f"{name}.rgb32", pixels)
        _replace(folder / f"{name}.json", json.dumps(manifest, indent=1).encode())
    except OSError:
        return None
    return folder / f"{name}.json"


def why_not_kept(loaded: Any, first: int | None, problems: int, args: Any) -> str | None:
    """Why this start's first frame may not be kept for the next start (None: it may).

    A kept picture must be what the next start would draw whatever the time: no display
    hours, no show rules before or on the first slide, no clock, no video, no live data, no
    badge, no fleet (its deck and slide come from the network), a fullscreen start."""
    from kiosk.core.modeltypes import file_refs

    playlist = loaded.playlist
    if getattr(args, "windowed", False) or getattr(args, "fleet", None) is not None:
        return "a windowed or fleet start"
    if getattr(args, "no_start_picture", False):
        return "--no-start-picture"
    if problems:
        return "the deck started with problems"
    if first is None:
        return "no slide on screen"
    if playlist.schedule.hours:
        return "the deck has display hours"
    if playlist.theme.clock:
        return "the theme shows a clock"
    if any(kind == "video" for _at, _rel, kind in file_refs(playlist.theme)):
        return "the background is a video"
    if any(s.show is not None for s in playlist.slides[: first + 1]):
        return "a show rule decides the first slide"
    slide = playlist.slides[first]
    if getattr(slide, "live", None) is not None:
        return "the first slide shows live data"
    if any(kind == "video" for _at, _rel, kind in file_refs(slide)):
        return "the first slide plays a video"
    return None


def deck_files(loaded: Any) -> list[Path]:
    """The playlist and every file it names (a kept picture is stale when one changes)."""
    from kiosk.core.modeltypes import file_refs

    return [loaded.path, *(loaded.resolve(rel) for _at, rel, _k in file_refs(loaded.playlist))]


def _replace(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".keep-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _read_small(path: Path) -> bytes:
    """A regular file of at most MAX_MANIFEST_BYTES (a FIFO or a huge file is no manifest)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    try:
        if not _is_regular(fd):
            raise ValueError("not a regular file")
        data = os.read(fd, MAX_MANIFEST_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_MANIFEST_BYTES:
        raise ValueError("manifest too large")
    return data


def _is_regular(fd: int) -> bool:
    import stat

    return stat.S_ISREG(os.fstat(fd).st_mode)


def _sha256(path: Path) -> str:
    """The playlist's bytes, hashed (read as the loader reads it: never blocks on a FIFO)."""
    return hashlib.sha256(read_bytes(path, "playlist")).hexdigest()


def _stamp(path: Path) -> list[int]:
    """Size, modification time and inode: a file replaced or edited changes one of them."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return [-1, -1, -1]
    return [st.st_size, st.st_mtime_ns, st.st_ino]


@functools.cache
def _code_stamp() -> str:
    """kiosk's own modules and the PySide6 package, stamped: new code, no old picture."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]  # the kiosk package (its version is in it)
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for n in sorted(names):
            if n.endswith(".py"):
                h.update(f"{folder}/{n}{_stamp(Path(folder, n))}".encode())
    for path in sys.path:  # PySide6's own files, found without importing it
        init = Path(path or ".", "PySide6", "__init__.py")
        if init.is_file():
            h.update(f"{init}{_stamp(init)}{_stamp(init.parent / 'QtGui.abi3.so')}".encode())
            break
    return h.hexdigest()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
