"""`kiosk run --control-fifo PATH`: a second source of commands, one line each, for scripts.

    mkfifo /run/kiosk/control          # or let kiosk make it
    echo "goto 3" > /run/kiosk/control
    echo "message Hall B closes at 17:00 --for 10m" > /run/kiosk/control

Each line is read as `kiosk.core.commands.parse_command` reads it (the words `kiosk fleet
send` takes too) and submitted to the same show as the keys. A line that cannot be read is
logged (one line: which command, why) and the display carries on.

The FIFO is opened read-write and non-blocking, so opening never waits for a writer and a
writer closing never ends the stream; a `QSocketNotifier` wakes the event loop when bytes
arrive, and each wake reads at most `READ_CHUNK` bytes. A line longer than `MAX_LINE` is
dropped, with a log line, and the stream resynchronises at the next newline. Nothing here can
make the main thread wait.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier

from kiosk.core.commands import Command, CommandError, parse_command

__all__ = ["MAX_LINE", "ControlFifo", "ControlFifoError"]

log = logging.getLogger("kiosk.control")

MAX_LINE = 4096
READ_CHUNK = 65536


class ControlFifoError(Exception):
    """The FIFO cannot be used; the text names it and says why."""


class ControlFifo(QObject):
    def __init__(
        self,
        path: Path,
        submit: Callable[[Command], object],
        count: Callable[[], int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("control-fifo")
        self.path = path
        self._submit = submit
        self._count = count
        self._buffer = b""
        self._dropping = False
        self.commands = 0
        self.rejected = 0
        self._fd = _open_fifo(path)
        self._notifier = QSocketNotifier(self._fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_readable)
        log.info("reading commands from %s", path)

    def on_readable(self, *_: object) -> None:
        try:
            data = os.read(self._fd, READ_CHUNK)
        except BlockingIOError:
            return
        except OSError as e:
            log.error("control FIFO %s: %s; no longer reading it", self.path, e.strerror)
            self.close()
            return
        self._feed(data)

    def _feed(self, data: bytes) -> None:
        self._buffer += data
        while b"\n" in self._buffer:
            raw, self._buffer = self._buffer.split(b"\n", 1)
            if self._dropping:
                self._dropping = False
                continue
            self._line(raw)
        if len(self._buffer) > MAX_LINE:
            if not self._dropping:
                log.warning("control FIFO %s: a line over %d bytes, ignored", self.path, MAX_LINE)
                self.rejected += 1
            self._dropping = True
            self._buffer = b""

    def _line(self, raw: bytes) -> None:
        if len(raw) > MAX_LINE:
            log.warning("control FIFO %s: a line over %d bytes, ignored", self.path, MAX_LINE)
            self.rejected += 1
            return
        text = raw.decode("utf-8", errors="replace").strip()
        if not text or text.startswith("#"):
            return
        try:
            command = parse_command(text, source="fifo", count=self._count())
        except CommandError as e:
            self.rejected += 1
            log.warning("control FIFO %s: %s", self.path, e)
            return
        self.commands += 1
        self._submit(command)

    def close(self) -> None:
        self._notifier.setEnabled(False)
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _open_fifo(path: Path) -> int:
    """Open (making it when missing) the FIFO at `path`, read-write and non-blocking."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        try:
            os.mkfifo(path, 0o600)
        except OSError as e:
            raise ControlFifoError(f"{path}: cannot make a FIFO here: {e.strerror}") from None
    except OSError as e:
        raise ControlFifoError(f"{path}: {e.strerror}") from None
    else:
        if not stat.S_ISFIFO(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a FIFO"
            raise ControlFifoError(f"{path}: is {kind} (give a new path, or one made by mkfifo)")
    try:
        return os.open(path, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        reason = "permission denied" if e.errno == errno.EACCES else e.strerror
        raise ControlFifoError(f"{path}: cannot open: {reason}") from None
