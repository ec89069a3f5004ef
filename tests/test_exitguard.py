"""SIGTERM ends the process even while the main thread is stuck in C code holding the GIL."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# The <use> bomb handed straight to QSvgRenderer (kiosk's validation refuses it): the call
# runs for hours holding the GIL, so no Python signal handler and no Python thread can run.
STUCK = textwrap.dedent(
    """
    import signal, socket, sys
    from PySide6.QtCore import QByteArray
    from PySide6.QtSvg import QSvgRenderer
    from kiosk.exitguard import install_exit_guard
    reader, writer = socket.socketpair()
    install_exit_guard(writer.fileno(), grace=1.0)
    signal.signal(signal.SIGTERM, lambda *_: None)  # even if it runs, the hang follows
    bomb = QByteArray(sys.stdin.buffer.read())
    print("ready", flush=True)
    QSvgRenderer(bomb)
    """
)


def use_bomb(levels: int = 30) -> bytes:
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">',
        '<defs><g id="g0"><rect width="1" height="1"/></g>',
    ]
    parts += [
        f'<g id="g{i}"><use xlink:href="#g{i - 1}"/><use xlink:href="#g{i - 1}"/></g>'
        for i in range(1, levels + 1)
    ]
    parts.append(f'</defs><use xlink:href="#g{levels}"/></svg>')
    return "".join(parts).encode()


def test_sigterm_ends_a_process_stuck_in_c_code() -> None:
    with subprocess.Popen(  # closes the pipes (filterwarnings = error: no ResourceWarning)
        [sys.executable, "-c", STUCK],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdin is not None
            proc.stdin.write(use_bomb())
            proc.stdin.close()
            assert proc.stdout.readline() == b"ready\n"
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=60)  # generous: the guard acts after its 1 s grace
        finally:
            proc.kill()
            proc.wait()
        assert code == -signal.SIGKILL
        assert proc.stderr is not None
        assert b"did not exit within" in proc.stderr.read()


def test_a_process_that_can_quit_quits_cleanly_and_the_guard_goes_with_it() -> None:
    script = textwrap.dedent(
        """
        import os, select, signal, socket, sys
        from kiosk.exitguard import install_exit_guard
        reader, writer = socket.socketpair()
        guard = install_exit_guard(writer.fileno(), grace=30.0)
        signal.signal(signal.SIGTERM, lambda *_: None)
        print(guard.pid, flush=True)
        select.select([reader], [], [])  # woken by the byte the guard forwards
        sys.exit(7)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert proc.stdout is not None
        proc.stdout.readline()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 7
        # the guard shares the player's stderr: EOF there means the guard has exited too
        _out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
        proc.wait()
    assert b"killing" not in err


def test_a_main_thread_frozen_after_heartbeats_is_killed() -> None:
    script = textwrap.dedent(
        """
        import socket, sys
        from PySide6.QtCore import QByteArray
        from PySide6.QtSvg import QSvgRenderer
        from kiosk.exitguard import heartbeat, install_exit_guard
        reader, writer = socket.socketpair()
        install_exit_guard(writer.fileno(), grace=1.0, hang=1.0)
        bomb = QByteArray(sys.stdin.buffer.read())
        heartbeat()  # alive once, then frozen for good
        QSvgRenderer(bomb)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _out, err = proc.communicate(use_bomb(), timeout=60)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert b"main thread frozen for 1 s; killing it" in err
