"""SIGTERM and SIGINT end the process within a few seconds, even when Python cannot run.

Python runs a signal handler only when the main thread gets back to the interpreter. A C++
call that never returns (a pathological SVG inside `QSvgRenderer`, measured: PySide6 holds the
GIL there, so no Python thread runs either) would leave the display deaf to `systemctl stop`.
What still works in that state is CPython's C-level handler, which writes the signal number
to the wakeup fd without the GIL. So the wakeup fd is a pipe to a tiny guard process:

- it forwards every byte to the socket the Qt event loop watches (the normal path: the loop
  wakes, the Python handler runs, the player quits cleanly);
- after SIGTERM/SIGINT it waits `grace` seconds for the player to exit (its end of the pipe
  closes), and kills it with SIGKILL if it has not;
- once the player has sent a first heartbeat (byte 0, `heartbeat()` from a timer), a main
  thread silent for `hang` seconds is a frozen display: the guard kills it (the service
  manager restarts it, and `kiosk.ui.buildwatch` then skips the slide it was building);
- it ignores SIGTERM/SIGINT itself (a service manager signals the whole group) and exits as
  soon as the player's end of the pipe closes, so it never outlives the player.

A thread doing `sigwait` would not do: it needs the GIL to act, which the stuck call holds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys

__all__ = ["GRACE_SECONDS", "HANG_SECONDS", "heartbeat", "install_exit_guard"]

GRACE_SECONDS = 3.0
HANG_SECONDS = 30.0  # a slide build or paint longer than this is a frozen display
_writer: int | None = None

_GUARD = r"""
import os, select, signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
pid, grace, forward = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
hang = float(sys.argv[4])
ending = (int(signal.SIGTERM), int(signal.SIGINT))
armed = False
why = b"did not exit within %d s of the signal" % grace
while True:
    ready, _, _ = select.select([0], [], [], hang if armed and hang > 0 else None)
    if not ready:
        why = b"main thread frozen for %d s" % hang
        grace = 0
        break
    data = os.read(0, 64)
    if not data:
        sys.exit(0)  # the player has exited
    armed = armed or 0 in data
    signals = bytes(b for b in data if b)
    if signals and forward >= 0:
        try:
            os.write(forward, signals)
        except OSError:
            pass
    if any(b in ending for b in signals):
        break
while grace > 0:
    ready, _, _ = select.select([0], [], [], grace)
    if not ready:
        break
    if not os.read(0, 64):
        sys.exit(0)  # exited within the grace period
try:
    os.write(2, b"kiosk: " + why + b"; killing it\n")
    os.kill(pid, signal.SIGKILL)
except OSError:
    pass
"""


def install_exit_guard(
    forward_fd: int = -1, grace: float = GRACE_SECONDS, hang: float = 0.0
) -> subprocess.Popen[bytes]:
    """Start the guard process and make it the signal wakeup fd (see module doc).

    forward_fd: where the guard copies each signal byte (the Qt loop's wakeup socket), or -1.
    hang: seconds without a `heartbeat()` after which the player is killed (0: never).
    Call from the main thread, before the signal handlers are installed.
    """
    global _writer
    reader, writer = os.pipe()
    pass_fds = (forward_fd,) if forward_fd >= 0 else ()
    guard = subprocess.Popen(
        [
            sys.executable,
            "-I",
            "-S",
            "-c",
            _GUARD,
            str(os.getpid()),
            str(grace),
            str(forward_fd),
            str(hang),
        ],
        stdin=reader,
        pass_fds=pass_fds,
        close_fds=True,
    )
    os.close(reader)
    os.set_blocking(writer, False)
    os.set_inheritable(writer, False)
    signal.set_wakeup_fd(writer)
    _writer = writer
    return guard


def heartbeat() -> None:
    """The main thread is alive (call from a timer on it). Arms the guard's hang check."""
    if _writer is not None:
        with contextlib.suppress(OSError):  # pipe full (guard behind) or gone: nothing to do
            os.write(_writer, b"\0")
