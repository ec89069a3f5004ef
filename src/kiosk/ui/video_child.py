"""The clip decoder's process seen from the display: started, told, ended and reaped.

`start(spec)` runs `python -m kiosk.ui.video_worker` with a pipe for its news and a memfd for
its frames (`RemoteClip` reads both). A `Child` outlives the clip it decodes for: `close()`
closes the decoder's stdin (its cue to end) and hands the process to the reaper, which waits
for it without blocking the display and kills it after `REAP_MS`. No process is left behind
however the clip ends: released, failed, deleted with its slide (`abandon`), or the display
itself ending (the decoder's stdin then closes too).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from kiosk.ui.timers import named_timer

__all__ = ["REAP_MS", "Child", "abandon", "ended_how", "live_decoders", "reap_decoders", "start"]

REAP_MS = 2000  # asked to end, a child still running after this is killed
REAP_TICK_MS = 100
_children: set[subprocess.Popen[bytes]] = set()  # started and not yet reaped


def live_decoders() -> int:
    """Decoder processes started and not yet reaped (tests: none is left behind)."""
    return len(_children)


def start(spec: dict[str, Any]) -> Child:
    """A decoder process playing `spec` (see `video_worker`); OSError when it cannot start."""
    read, write = os.pipe()
    frames = _memfd()
    try:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kiosk.ui.video_worker",
                json.dumps({**spec, "events": write, "frames": frames}),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            pass_fds=(write, frames),
            env=_child_env(),
        )
    except OSError:
        for fd in (read, frames):
            os.close(fd)
        raise
    finally:
        os.close(write)
    os.set_blocking(read, False)
    return Child(proc, read, frames)


def _memfd() -> int:
    """An anonymous file for the frames, shared with the child. Sealed against shrinking:
    a child that cut it short under a frame on screen would crash the display (SIGBUS)."""
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("kiosk-clip", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
        with contextlib.suppress(OSError, AttributeError):
            fcntl.fcntl(fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_SEAL)
        return fd
    with tempfile.TemporaryFile() as handle:  # not Linux: an unlinked file does the same
        return os.dup(handle.fileno())


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2])  # the kiosk package's folder's parent
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


class Child:
    """One decoder process and what the display shares with it; outlives its clip's
    QObject (`close` hands the process to the reaper, which waits for it or kills it)."""

    def __init__(self, proc: subprocess.Popen[bytes], events: int, frames: int) -> None:
        self.proc = proc
        self.events = events
        self.frames = frames
        self.closed = False
        _children.add(proc)

    def tell(self, command: str) -> None:
        stdin = self.proc.stdin
        if self.closed or stdin is None:
            return
        try:
            stdin.write(command.encode() + b"\n")
            stdin.flush()
        except (OSError, ValueError):  # gone: its end of the pipe tells the clip
            pass

    def close(self) -> None:
        """Ask it to end (its stdin closed), let go of the pipe and the frames."""
        if self.closed:
            return
        self.closed = True
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                self.proc.stdin.close()
        for fd in (self.events, self.frames):
            with contextlib.suppress(OSError):
                os.close(fd)
        _reaper().adopt(self.proc)


class _Reaper(QObject):
    """Waits for decoders asked to end; kills one still running after `REAP_MS`."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("video-reaper")
        self._ending: dict[subprocess.Popen[bytes], float] = {}
        self._timer = named_timer(self, "video-reap", self.on_tick, REAP_TICK_MS, single_shot=False)

    def adopt(self, proc: subprocess.Popen[bytes]) -> None:
        self._ending[proc] = time.monotonic() + REAP_MS / 1000
        self.on_tick()
        try:
            if self._ending and not self._timer.isActive():
                self._timer.start()
        except RuntimeError:  # Qt is gone (the display is ending): its stdin closes anyway
            pass

    def finish(self, timeout_s: float) -> None:
        """Wait (blocking) for every decoder asked to end; kill those still running."""
        deadline = time.monotonic() + timeout_s
        for proc in list(self._ending):
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            self._ending[proc] = 0.0  # now: killed by on_tick if it still runs
        self.on_tick()

    def on_tick(self) -> None:
        now = time.monotonic()
        for proc, deadline in list(self._ending.items()):
            if proc.poll() is None and now >= deadline:
                with contextlib.suppress(OSError):
                    proc.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=1.0)
            if proc.returncode is not None:
                del self._ending[proc]
                _children.discard(proc)
        if not self._ending:
            self._timer.stop()


_the_reaper: _Reaper | None = None


def _reaper() -> _Reaper:
    global _the_reaper
    if _the_reaper is None:
        _the_reaper = _Reaper()
    return _the_reaper


def reap_decoders(timeout_s: float = REAP_MS / 1000) -> None:
    """Every decoder asked to end has ended (waited for, or killed after `timeout_s`): at a
    clean exit, and between tests."""
    if _the_reaper is not None:
        _the_reaper.finish(timeout_s)


def abandon(child: Child, _obj: object = None) -> None:
    """The clip's QObject was deleted (with its slide) before it was released."""
    child.close()


def ended_how(code: int | None) -> str:
    if code is None:
        return "the video decoder closed its pipe and went on running (ended)"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the video decoder crashed ({name})"
    return f"the video decoder ended unexpectedly (exit code {code})"
