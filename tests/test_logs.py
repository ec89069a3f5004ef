"""Logging: the file and stderr, uncaught exceptions logged and counted but never fatal."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk import logs
from kiosk.logs import ErrorCounter, install_exception_hooks, qt_message_handler, setup_logging


@pytest.fixture
def clean_root() -> Iterator[None]:
    """Put the root logger back as it was (pytest's own handlers included)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)


@pytest.fixture
def hooks(clean_root: None) -> Iterator[ErrorCounter]:
    counter = ErrorCounter()
    uninstall = install_exception_hooks(counter)
    yield counter
    uninstall()


def flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_logs_go_to_the_given_file_with_time_level_and_name(
    tmp_path: Path, clean_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "sub" / "my.log"
    assert setup_logging("warning", target) == tmp_path / "sub"
    logging.getLogger("kiosk.test").info("not at warning level")
    logging.getLogger("kiosk.test").warning("hello %s", "there")
    flush()
    text = target.read_text("utf-8")
    assert "not at warning level" not in text
    line = text.strip()
    assert line.endswith("WARNING  kiosk.test: hello there")
    assert line[:4].isdigit()  # starts with the date
    assert "hello there" in capsys.readouterr().err


def test_setting_up_twice_does_not_double_lines(tmp_path: Path, clean_root: None) -> None:
    target = tmp_path / "k.log"
    setup_logging("info", target)
    setup_logging("debug", target)
    logging.getLogger("kiosk").info("once")
    flush()
    assert target.read_text("utf-8").count("once") == 1


def test_default_location_is_the_user_log_dir(
    tmp_path: Path, clean_root: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "default_log_dir", lambda: tmp_path / "state" / "kiosk" / "log")
    folder = setup_logging("info", None)
    assert folder == tmp_path / "state" / "kiosk" / "log"
    logging.getLogger("kiosk").info("x")
    flush()
    assert (folder / "kiosk.log").exists()


def test_unwritable_log_location_falls_back_instead_of_failing(
    tmp_path: Path, clean_root: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(logs.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    folder = setup_logging("info", blocker / "k.log")
    assert folder == tmp_path / "tmp" / "kiosk-log"
    flush()
    assert "cannot log to" in (folder / "kiosk.log").read_text("utf-8")


def test_bad_level_is_refused(clean_root: None, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown log level"):
        setup_logging("loud", tmp_path / "k.log")


def test_log_file_rotates(
    tmp_path: Path, clean_root: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 1000)
    target = tmp_path / "k.log"
    setup_logging("info", target)
    for n in range(200):
        logging.getLogger("kiosk").info("line %d", n)
    flush()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "k.log",
        "k.log.1",
        "k.log.2",
        "k.log.3",
        "k.log.4",
    ]
    assert "line 199" in target.read_text("utf-8")


def raise_in_slide() -> None:
    raise ZeroDivisionError("a slide failed to draw")


def test_uncaught_exception_is_logged_with_traceback_and_counted(
    hooks: ErrorCounter, tmp_path: Path
) -> None:
    target = tmp_path / "k.log"
    setup_logging("info", target)
    try:
        raise_in_slide()
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())  # what Python / PySide6 do with an uncaught one
    flush()
    text = target.read_text("utf-8")
    assert "uncaught exception at test_logs.py:" in text
    assert "in raise_in_slide" in text
    assert "Traceback (most recent call last)" in text
    assert "ZeroDivisionError: a slide failed to draw" in text
    assert hooks.count == 1  # counted once, though it was also an ERROR record
    assert hooks.last == "ZeroDivisionError: a slide failed to draw"


def test_exception_in_a_thread_is_logged_and_counted(
    hooks: ErrorCounter, caplog: pytest.LogCaptureFixture
) -> None:
    worker = threading.Thread(target=raise_in_slide, name="loader")
    worker.start()
    worker.join()
    assert hooks.count == 1
    assert "in thread 'loader'" in caplog.text
    assert "ZeroDivisionError" in caplog.text


def test_error_records_count_too(hooks: ErrorCounter) -> None:
    logging.getLogger("kiosk.stage").error("image %s missing", "a.png")
    logging.getLogger("kiosk.stage").warning("just a warning")
    assert hooks.count == 1
    assert hooks.last == "kiosk.stage: image a.png missing"


def test_keyboard_interrupt_still_reaches_the_previous_hook(
    clean_root: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: seen.append(t))
    counter = ErrorCounter()
    uninstall = install_exception_hooks(counter)
    try:
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
        assert seen == [KeyboardInterrupt]
        assert counter.count == 0
    finally:
        uninstall()


def test_hooks_uninstall_cleanly(clean_root: None) -> None:
    before = (sys.excepthook, threading.excepthook, sys.unraisablehook)
    install_exception_hooks(ErrorCounter())()
    assert (sys.excepthook, threading.excepthook, sys.unraisablehook) == before


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_qt_timer_callback_is_counted_and_the_loop_goes_on(
    qtbot: object, hooks: ErrorCounter, caplog: pytest.LogCaptureFixture
) -> None:
    from PySide6.QtCore import QTimer

    ticks: list[int] = []

    def tick() -> None:
        ticks.append(1)
        if len(ticks) == 1:
            raise_in_slide()

    timer = QTimer()
    timer.setObjectName("test-tick")
    timer.setInterval(0)
    timer.timeout.connect(tick)
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 3)  # type: ignore[attr-defined]
    timer.stop()
    assert hooks.count == 1
    assert "ZeroDivisionError: a slide failed to draw" in caplog.text


def test_qt_messages_become_log_records(caplog: pytest.LogCaptureFixture) -> None:
    from PySide6.QtCore import QtMsgType

    ctx = SimpleNamespace(category="qt.qpa.fonts", file="qfont.cpp", line=12, function="f")
    with caplog.at_level(logging.DEBUG):
        qt_message_handler(QtMsgType.QtWarningMsg, ctx, "font missing")
        qt_message_handler(QtMsgType.QtCriticalMsg, SimpleNamespace(category="default"), "bad")
        qt_message_handler(QtMsgType.QtInfoMsg, None, "info")
        qt_message_handler(2, None, "by value")  # an int is understood too
    got = [(r.name, r.levelname, r.getMessage()) for r in caplog.records]
    assert got == [
        ("qt.qpa.fonts", "WARNING", "font missing (qfont.cpp:12)"),
        ("qt", "ERROR", "bad"),
        ("qt", "INFO", "info"),
        ("qt", "ERROR", "by value"),
    ]


def test_qt_saying_it_converts_video_on_the_cpu_is_not_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """kiosk asks for CPU conversion (ui/qtapp.py); Qt's note that it got it is debug."""
    from PySide6.QtCore import QtMsgType

    said = "QRhi* ThreadLocalRhiHolder::ensureRhi(QRhi*) : No RHI backend. Using CPU conversion."
    with caplog.at_level(logging.DEBUG):
        qt_message_handler(QtMsgType.QtWarningMsg, SimpleNamespace(category="default"), said)
        qt_message_handler(QtMsgType.QtWarningMsg, SimpleNamespace(category="default"), "other")
    assert [r.levelname for r in caplog.records] == ["DEBUG", "WARNING"]


def test_installed_qt_handler_sends_qt_warnings_to_the_log_file(tmp_path: Path) -> None:
    # In a child process: pytest-qt owns the message handler in this one.
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiosk.logs import setup_logging\n"
        "from kiosk.ui.qtlog import install_qt_message_handler\n"
        "setup_logging('info', Path(sys.argv[1]))\n"
        "install_qt_message_handler()\n"
        "from PySide6.QtCore import qCritical, qWarning\n"
        "qWarning('careful')\n"
        "qCritical('broken')\n"
    )
    target = tmp_path / "k.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-c", code, str(target)], check=True, env=env, timeout=60)
    text = target.read_text("utf-8")
    assert "WARNING  qt: careful" in text
    assert "ERROR    qt: broken" in text
