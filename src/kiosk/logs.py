"""Logging for a display nobody watches: a rotating file, stderr, and no fatal surprises.

- `setup_logging(level, log_file)` → the log folder: `kiosk.log` (5 × 2 MiB, rotating) in the
  user's log dir (or `log_file`), plus stderr (the systemd journal when run as a service).
- `install_exception_hooks(counter)`: an exception nobody caught (in a Qt slot or timer
  callback, which PySide6 hands to `sys.excepthook`, or in a thread) is logged with its
  traceback and counted, and the display keeps running. Every ERROR record is counted too.
- `qt_message_handler(mode, context, message)`: Qt's qDebug/qWarning/qCritical into the log.
  It does not import Qt; `kiosk.ui.qtlog.install_qt_message_handler()` installs it.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any

import platformdirs

__all__ = [
    "LOG_FORMAT",
    "ErrorCounter",
    "default_log_dir",
    "install_exception_hooks",
    "qt_message_handler",
    "setup_logging",
]

LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"
LOG_NAME = "kiosk.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 4  # kiosk.log + kiosk.log.1..4: at most 10 MiB

log = logging.getLogger("kiosk")
_OURS = "_kiosk_handler"  # marks the handlers setup_logging installed, to replace them
_COUNTED = "kiosk_counted"  # a record that an exception hook has already counted


class ErrorCounter:
    """How many errors happened and the last one, safe to bump from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0
        self._last: str | None = None

    def add(self, text: str) -> None:
        with self._lock:
            self._count += 1
            self._last = text[:500]

    @property
    def count(self) -> int:
        with self._lock:
            return self._count

    @property
    def last(self) -> str | None:
        with self._lock:
            return self._last


def default_log_dir() -> Path:
    """`~/.local/state/kiosk/log` on Linux (platformdirs' user log dir)."""
    return Path(platformdirs.user_log_dir("kiosk", appauthor=False))


def setup_logging(level: str = "info", log_file: Path | None = None) -> Path:
    """Log to a rotating file and stderr; return the folder used (proof of play goes there too).

    If the folder cannot be created (read-only home), logs go to a folder in the system
    temp dir instead, and a warning says so: the display must start regardless.
    """
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        raise ValueError(f"unknown log level {level!r}")
    path = log_file if log_file is not None else default_log_dir() / LOG_NAME
    fallback_reason: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as e:
        fallback_reason = f"cannot log to {path}: {e}"
        path = Path(tempfile.gettempdir()) / "kiosk-log" / LOG_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    stderr_handler = logging.StreamHandler(sys.stderr)
    formatter = logging.Formatter(LOG_FORMAT)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    for handler in (file_handler, stderr_handler):
        handler.setFormatter(formatter)
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    root.setLevel(numeric)
    logging.captureWarnings(True)
    if fallback_reason:
        log.warning("%s; logging to %s instead", fallback_reason, path)
    return path.parent


class _CountErrors(logging.Handler):
    """Counts ERROR and CRITICAL records (not the ones a hook counted already)."""

    def __init__(self, counter: ErrorCounter) -> None:
        super().__init__(logging.ERROR)
        self.counter = counter

    def emit(self, record: logging.LogRecord) -> None:
        if not getattr(record, _COUNTED, False):
            self.counter.add(f"{record.name}: {record.getMessage()}")


def _where(tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb)
    if not frames:
        return "unknown place"
    last = frames[-1]
    return f"{Path(last.filename).name}:{last.lineno} in {last.name}"


def install_exception_hooks(counter: ErrorCounter) -> Callable[[], None]:
    """Log and count uncaught exceptions instead of dying; returns a function that undoes it.

    KeyboardInterrupt and SystemExit still go to the previous hook (Ctrl+C in a terminal).
    """
    previous_sys = sys.excepthook
    previous_thread = threading.excepthook
    previous_unraisable = sys.unraisablehook
    counting = _CountErrors(counter)
    logging.getLogger().addHandler(counting)

    def report(
        kind: str,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        text = f"{exc_type.__name__}: {exc}" if exc is not None else exc_type.__name__
        counter.add(text)
        # logging itself may fail (disk full…): a hook must never raise
        with contextlib.suppress(Exception):
            log.error(
                "%s at %s: %s (the display keeps running)",
                kind,
                _where(tb),
                text,
                exc_info=(exc_type, exc, tb) if exc is not None else None,
                extra={_COUNTED: True},
            )

    def on_uncaught(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            previous_sys(exc_type, exc, tb)
            return
        report("uncaught exception", exc_type, exc, tb)

    def on_thread(args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        report(
            f"uncaught exception in thread {name!r}",
            args.exc_type,
            args.exc_value,
            args.exc_traceback,
        )

    def on_unraisable(args: Any) -> None:
        try:
            what = (
                f"unraisable exception ({args.err_msg or 'Exception ignored in'} {args.object!r})"
            )
        except Exception:
            what = "unraisable exception"
        report(what, args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = on_uncaught
    threading.excepthook = on_thread
    sys.unraisablehook = on_unraisable

    def uninstall() -> None:
        sys.excepthook = previous_sys
        threading.excepthook = previous_thread
        sys.unraisablehook = previous_unraisable
        logging.getLogger().removeHandler(counting)

    return uninstall


# Qt's message types by name (QtMsgType enum members), without importing Qt.
_QT_LEVELS = {
    "QtDebugMsg": logging.DEBUG,
    "QtInfoMsg": logging.INFO,
    "QtWarningMsg": logging.WARNING,
    "QtCriticalMsg": logging.ERROR,
    "QtFatalMsg": logging.CRITICAL,
}
_QT_LEVEL_BY_VALUE = [
    logging.DEBUG,
    logging.WARNING,
    logging.ERROR,
    logging.CRITICAL,
    logging.INFO,
]  # QtMsgType values 0..4


# Qt warnings about what kiosk asked Qt for: not worth a line in every display's log
_ASKED_FOR = (
    # video frames are converted on the CPU because kiosk is raster only (ui/qtapp.py)
    "No RHI backend. Using CPU conversion.",
)


def _qt_level(mode: Any) -> int:
    name = getattr(mode, "name", None)
    if isinstance(name, str) and name in _QT_LEVELS:
        return _QT_LEVELS[name]
    value = getattr(mode, "value", mode)
    if isinstance(value, int) and 0 <= value < len(_QT_LEVEL_BY_VALUE):
        return _QT_LEVEL_BY_VALUE[value]
    return logging.WARNING


def qt_message_handler(mode: Any, context: Any, message: str) -> None:
    """A `qInstallMessageHandler` callback: Qt messages become records of the `qt.*` loggers.

    QtCriticalMsg and QtFatalMsg log at ERROR/CRITICAL, so they are counted as errors.
    """
    try:
        category = getattr(context, "category", None) or "default"
        if category == "default":
            category = "qt"
        elif not category.startswith("qt"):
            category = f"qt.{category}"
        logger = logging.getLogger(category)  # Qt's own categories already read "qt.…"
        level = _qt_level(mode)
        if any(m in message for m in _ASKED_FOR):
            level = logging.DEBUG
        if not logger.isEnabledFor(level):
            return
        where = ""
        file = getattr(context, "file", None)
        if file:
            where = f" ({file}:{getattr(context, 'line', 0)})"
        logger.log(level, "%s%s", message, where)
    except Exception:  # a message handler must never raise back into Qt
        pass
