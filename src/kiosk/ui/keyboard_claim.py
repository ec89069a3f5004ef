"""Which of the kiosks on one display keeps the keyboard focus.

A machine driving two screens runs two `kiosk run` processes on one X display (`--screen 0`,
`--screen 1`, or two tiles of a wall). Each took the focus back whenever it lost it
(`kiosk.ui.focus`), so the two took it from each other for as long as they ran: a warning in
both logs every ~0.7 s, and a key from the clicker went to whichever had it at that moment.
Now the first kiosk on a display claims its keyboard and keeps it; the others leave the
focus where it is and take the claim over when that kiosk is gone.

The claim is an advisory lock (`flock`) on a file per display in `$XDG_RUNTIME_DIR` (or the
temporary folder): the kernel releases it when its process ends, however it ends, so no
stale claim outlives a crash. Where the file cannot be opened, the kiosk keeps the keyboard
as it always did.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["KeyboardClaim", "claim_path"]

log = logging.getLogger("kiosk.lock")


def claim_path(platform: str, env: Mapping[str, str]) -> Path | None:
    """The claim file of the display this process shows on; None where focus is not shared
    (offscreen, or an unknown platform)."""
    if platform == "xcb":
        display = env.get("DISPLAY", "")
        display = re.sub(r"\.\d+$", "", display)  # ":0.1" is screen 1 of display ":0"
    elif platform.startswith("wayland"):
        display = env.get("WAYLAND_DISPLAY", "") or "wayland-0"
    else:
        return None
    if not display:
        return None
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", display)
    folder = env.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return Path(folder) / f"kiosk-keyboard-{platform}-{safe}.lock"


class KeyboardClaim:
    """This process's claim on the keyboard of its display (see the module's note)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._fd: int | None = None
        self._open_failed = False

    def held(self) -> bool:
        """True when this kiosk keeps the keyboard: it holds the claim, or there is no claim
        to hold (no shared display, or a claim file that cannot be opened)."""
        if self.path is None or self._open_failed:
            return True
        if self._fd is not None:
            return True
        return self._take()

    def holder(self) -> str:
        """Who holds the claim, for the log: 'pid 1234', or 'another kiosk'."""
        if self.path is None:
            return "another kiosk"
        with contextlib.suppress(OSError, ValueError):
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            try:
                pid = int(os.read(fd, 32).decode("ascii").strip())
            finally:
                os.close(fd)
            return f"pid {pid}"
        return "another kiosk"

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file drops the lock
            self._fd = None

    def _take(self) -> bool:
        assert self.path is not None
        try:
            # O_NOFOLLOW: a link planted in a shared /tmp is refused, not followed
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o600)
        except OSError as e:
            log.info("keyboard claim %s: %s; this kiosk keeps the keyboard", self.path, e)
            self._open_failed = True
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held by a kiosk that is running
            os.close(fd)
            return False
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd
        return True
