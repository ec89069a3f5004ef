"""The one way kiosk opens a file a playlist names: bounded, regular files only, one line.

Every file the display reads because a playlist says so (the playlist itself, images, fonts,
data files, what an SVG pulls in) comes through `read_bytes`. It

- refuses what is not a regular file *by name* ("is a FIFO (named pipe), not a file"), after
  an `lstat`-free `stat` and again with `fstat` on the open descriptor, so a FIFO, a socket,
  a device (``/dev/zero``) or a folder is never read;
- opens with ``O_NONBLOCK``, so even a FIFO swapped in between the two checks cannot block;
- reads at most the size limit of the file's kind plus one byte, whatever the file claims;
- turns every OS error (missing, permission, symlink loop, NUL byte, over-long name, …) into
  a `FileRefused` whose `reason` is one short line a person can act on.

`gunzip` is the bounded inflate for `.svgz`; `confine` applies the path rule (see README,
"Files and limits").
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import zlib
from pathlib import Path
from typing import Literal

__all__ = [
    "LIMITS",
    "FileRefused",
    "Kind",
    "check_name",
    "confine",
    "digest",
    "gunzip",
    "read_bytes",
    "read_head",
]

Kind = Literal["playlist", "data", "image", "svg", "font", "video"]

MiB = 1024 * 1024
LIMITS: dict[str, int] = {
    "playlist": 4 * MiB,  # an invalid 4 MiB playlist takes ~1 s to locate (off the main thread)
    "data": 64 * MiB,  # a line chart of 1,000,000 rows (timestamp + 3 readings: ~50 MB); JSON 4 MiB
    "image": 64 * MiB,
    "svg": 8 * MiB,  # also the limit of a .svgz once inflated
    "font": 32 * MiB,
    "video": 1024 * MiB,  # streamed by the player, never read whole; a fleet deck is ≤ 1 GiB
}
_CHUNK = 1 * MiB

_KINDS = (
    (stat.S_ISDIR, "is a directory, not a file"),
    (stat.S_ISFIFO, "is a FIFO (named pipe), not a file"),
    (stat.S_ISSOCK, "is a socket, not a file"),
    (stat.S_ISCHR, "is a character device, not a file"),
    (stat.S_ISBLK, "is a block device, not a file"),
)
_ERRNO = {
    errno.ENOENT: "not found",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "too many levels of symbolic links (a symlink loop?)",
    errno.ENAMETOOLONG: "file name too long",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "is a directory, not a file",
    errno.EIO: "input/output error while reading",
    errno.ENXIO: "no such device",
}


class FileRefused(Exception):
    """A file cannot be used; `reason` is one line without the file name, `str()` has it."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path) if "\x00" not in str(path) else path
        self.reason = reason


def _os_reason(e: OSError) -> str:
    if e.errno in _ERRNO:
        return _ERRNO[e.errno]
    return f"cannot read: {e.strerror or e}".rstrip(": ")


def _not_regular(mode: int) -> str | None:
    for test, reason in _KINDS:
        if test(mode):
            return reason
    return None if stat.S_ISREG(mode) else "is not a regular file"


def _too_large(size: int, kind: str, limit: int) -> str:
    return f"file is too large ({size} bytes; limit {limit} for {kind} files)"


def check_name(path: Path | str) -> None:
    """Refuse names no file can have, before asking the OS (which raises odd errors)."""
    text = os.fspath(path)
    if "\x00" in text:
        raise FileRefused(text.replace("\x00", "\\0"), "file name contains a NUL byte")
    if not text:
        raise FileRefused(text, "empty file name")
    for part in text.split(os.sep):
        if len(part.encode("utf-8", "surrogateescape")) > 255:
            raise FileRefused(f"{part[:40]}…", "file name too long (more than 255 bytes)")


def read_bytes(path: Path | str, kind: Kind, limit: int | None = None) -> bytes:
    """The content of the regular file `path`, at most `limit` (default: `LIMITS[kind]`).

    Raises FileRefused; never blocks on a FIFO or device and never reads past the limit.
    """
    check_name(path)
    limit = LIMITS[kind] if limit is None else limit
    try:
        st = os.stat(path)
    except OSError as e:
        raise FileRefused(path, _os_reason(e)) from None
    except ValueError as e:  # embedded NUL on some platforms, surrogates on others
        raise FileRefused(path, f"not a usable file name ({e})") from None
    reason = _not_regular(st.st_mode)
    if reason is None and st.st_size > limit:
        reason = _too_large(st.st_size, kind, limit)
    if reason:
        raise FileRefused(path, reason)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise FileRefused(path, _os_reason(e)) from None
    try:
        st = os.fstat(fd)
        reason = _not_regular(st.st_mode)  # replaced between stat and open
        if reason:
            raise FileRefused(path, reason)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileRefused(path, _too_large(total, kind, limit).replace(f"({total}", "(over"))
        return b"".join(chunks)
    except OSError as e:
        raise FileRefused(path, _os_reason(e)) from None
    finally:
        os.close(fd)


def read_head(path: Path | str, kind: Kind, n: int) -> tuple[bytes, int]:
    """The first `n` bytes of the regular file `path` and its size (same checks as
    `read_bytes`: a file over the kind's limit is refused without reading it)."""
    check_name(path)
    limit = LIMITS[kind]
    try:
        st = os.stat(path)
    except OSError as e:
        raise FileRefused(path, _os_reason(e)) from None
    except ValueError as e:
        raise FileRefused(path, f"not a usable file name ({e})") from None
    reason = _not_regular(st.st_mode)
    if reason is None and st.st_size > limit:
        reason = _too_large(st.st_size, kind, limit)
    if reason:
        raise FileRefused(path, reason)
    return _read_prefix(path, n), st.st_size


def _read_prefix(path: Path | str, n: int) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise FileRefused(path, _os_reason(e)) from None
    try:
        reason = _not_regular(os.fstat(fd).st_mode)
        if reason:
            raise FileRefused(path, reason)
        return os.read(fd, n)
    except OSError as e:
        raise FileRefused(path, _os_reason(e)) from None
    finally:
        os.close(fd)


def digest(path: Path | str, kind: Kind) -> str | None:
    """SHA-256 of the file's content, or None when `read_bytes` refuses it (bounded)."""
    try:
        return hashlib.sha256(read_bytes(path, kind)).hexdigest()
    except FileRefused:
        return None


def gunzip(data: bytes, path: Path | str, limit: int = LIMITS["svg"]) -> bytes:
    """Inflate gzip `data` to at most `limit` bytes (a gzip bomb is refused, not inflated)."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as e:
        raise FileRefused(path, f"not a valid gzip (.svgz) file ({e})") from None
    if len(out) > limit:
        raise FileRefused(path, f"inflates to more than {limit} bytes (limit for SVG images)")
    return out


def confine(base: Path, rel: str, *, root: Path | None, strict: bool) -> tuple[Path, str | None]:
    """Resolve `rel` beside `base` (a folder); the path and why it is refused (None: fine).

    root: the folder `rel` must stay inside once symlinks are resolved (None: anywhere).
    strict: absolute paths are refused too.
    """
    try:
        check_name(rel)
    except FileRefused as e:
        return base, e.reason
    candidate = Path(rel)
    if candidate.is_absolute() and strict:
        return candidate, "absolute paths are not allowed in strict mode"
    try:
        target = (base / candidate).resolve()
    except (OSError, RuntimeError, ValueError) as e:  # RuntimeError: symlink loop (3.11)
        reason = _os_reason(e) if isinstance(e, OSError) else _ERRNO[errno.ELOOP]
        return base / candidate, reason
    if root is not None:
        try:
            real_root = root.resolve()
        except (OSError, RuntimeError):
            real_root = root
        if not target.is_relative_to(real_root):
            return target, f"is outside the deck folder {real_root}"
    return target, None
