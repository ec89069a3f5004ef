"""Turning the screen off outside display hours, where the platform can. No Qt.

A black picture still lights the panel (and looks like a crash); a screen that is off uses no
power and says "off". One `ScreenPower` is chosen at start (`choose_power`) and used twice a
day, and around the short "off until" card:

- `XDpms`: X's DPMS extension, through libXext with ctypes (no `xset` needed): DPMS is
  enabled for the off hours (and put back as it was), the monitor forced off, then on. X
  turns the monitor on by itself at any key or mouse input while DPMS is on.
- `FramebufferBlank`: the Linux framebuffer's `/sys/class/graphics/fb0/blank` (4 = power
  down, 0 = on), when kiosk runs without X (linuxfb, eglfs) and the file is writable.
- `ConsoleBlank`: `setterm --blank force` / `--blank poke` on the Linux console kiosk runs on.
- `PaintBlack`: nothing to switch; the stage's black cover is the last resort (also
  `--no-dpms`, and headless platforms).

The stage paints black in every case, so a strategy that fails leaves a black screen, and
says so in the log.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "FB_BLANK",
    "ConsoleBlank",
    "FramebufferBlank",
    "PaintBlack",
    "ScreenPower",
    "XDpms",
    "choose_power",
    "dpms_level",
]

log = logging.getLogger("kiosk.power")

FB_BLANK = Path("/sys/class/graphics/fb0/blank")
DPMS_ON, DPMS_OFF = 0, 3


class ScreenPower(Protocol):
    """How this display turns its screen off and on; False when it could not."""

    name: str

    def off(self) -> bool: ...

    def on(self) -> bool: ...


class PaintBlack:
    """No switching: the stage's black cover is all there is."""

    def __init__(self, why: str = "") -> None:
        self.name = "painting black" + (f" ({why})" if why else "")

    def off(self) -> bool:
        return True

    def on(self) -> bool:
        return True


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


class _Xlib:
    """The few Xlib and DPMS calls, with an error handler that logs instead of exiting."""

    def __init__(self) -> None:
        x11 = ctypes.util.find_library("X11") or "libX11.so.6"
        xext = ctypes.util.find_library("Xext") or "libXext.so.6"
        self.x = ctypes.CDLL(x11)
        self.ext = ctypes.CDLL(xext)
        self.x.XOpenDisplay.restype = ctypes.c_void_p
        self.x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        for name in ("XFlush", "XCloseDisplay"):
            getattr(self.x, name).argtypes = [ctypes.c_void_p]
        self.x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x.XSetErrorHandler.restype = ctypes.c_void_p
        self.x.XSetErrorHandler.argtypes = [ctypes.c_void_p]
        e = self.ext
        e.DPMSQueryExtension.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        e.DPMSCapable.argtypes = [ctypes.c_void_p]
        e.DPMSInfo.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        e.DPMSEnable.argtypes = [ctypes.c_void_p]
        e.DPMSDisable.argtypes = [ctypes.c_void_p]
        e.DPMSForceLevel.argtypes = [ctypes.c_void_p, ctypes.c_ushort]
        self.errors = 0

        def on_error(_display: Any, _event: Any) -> int:
            self.errors += 1
            return 0

        self._handler = _ERROR_HANDLER(on_error)  # kept alive as long as this object

    def guarded(self, display: int, *calls: tuple[str, tuple[Any, ...]]) -> bool:
        """Make `calls` on libXext, synced, with X errors counted (not fatal); True if none."""
        before = self.errors
        old = self.x.XSetErrorHandler(ctypes.cast(self._handler, ctypes.c_void_p))
        try:
            for name, args in calls:
                getattr(self.ext, name)(display, *args)
            self.x.XSync(display, 0)
        finally:
            self.x.XSetErrorHandler(old)
        return self.errors == before

    def info(self, display: int) -> tuple[int, bool]:
        level, state = ctypes.c_ushort(), ctypes.c_ubyte()
        self.ext.DPMSInfo(display, ctypes.byref(level), ctypes.byref(state))
        return level.value, bool(state.value)


class XDpms:
    """The X server's DPMS: monitor forced off and on over a connection of our own."""

    def __init__(self, xlib: _Xlib, display: int, name: str) -> None:
        self._xlib = xlib
        self._display = display
        self.name = f"DPMS (X display {name})"
        self._was_enabled: bool | None = None

    @classmethod
    def open(cls, display_name: str) -> XDpms | str:
        """The DPMS of X display `display_name`, or why it cannot be used."""
        try:
            xlib = _Xlib()
        except (OSError, AttributeError) as e:
            return f"no libX11/libXext ({e})"
        display = xlib.x.XOpenDisplay(display_name.encode())
        if not display:
            return f"cannot open X display {display_name}"
        a, b = ctypes.c_int(), ctypes.c_int()
        if not xlib.ext.DPMSQueryExtension(display, ctypes.byref(a), ctypes.byref(b)):
            xlib.x.XCloseDisplay(display)
            return f"X display {display_name} has no DPMS extension"
        if not xlib.ext.DPMSCapable(display):
            xlib.x.XCloseDisplay(display)
            return f"the monitor of X display {display_name} cannot do DPMS"
        return cls(xlib, display, display_name)

    def off(self) -> bool:
        if self._was_enabled is None:
            self._was_enabled = self._xlib.info(self._display)[1]
        return self._xlib.guarded(
            self._display, ("DPMSEnable", ()), ("DPMSForceLevel", (DPMS_OFF,))
        )

    def on(self) -> bool:
        calls: list[tuple[str, tuple[Any, ...]]] = [("DPMSForceLevel", (DPMS_ON,))]
        if self._was_enabled is False:
            calls.append(("DPMSDisable", ()))  # as it was before the off hours
        self._was_enabled = None
        return self._xlib.guarded(self._display, ("DPMSEnable", ()), *calls)


def dpms_level(display_name: str) -> tuple[int, bool] | None:
    """(power level 0 on .. 3 off, DPMS enabled) of an X display; None when unknown."""
    power = XDpms.open(display_name)
    if isinstance(power, str):
        return None
    try:
        return power._xlib.info(power._display)
    finally:
        power._xlib.x.XCloseDisplay(power._display)


class FramebufferBlank:
    def __init__(self, path: Path = FB_BLANK) -> None:
        self.path = path
        self.name = f"framebuffer blanking ({path})"

    def _write(self, value: str) -> bool:
        try:
            self.path.write_text(value)
        except OSError as e:
            log.warning("cannot write %s: %s", self.path, e.strerror or e)
            return False
        return True

    def off(self) -> bool:
        return self._write("4")  # FB_BLANK_POWERDOWN

    def on(self) -> bool:
        return self._write("0")  # FB_BLANK_UNBLANK


class ConsoleBlank:
    """`setterm --blank force|poke` on the console kiosk's standard input is."""

    def __init__(self, setterm: str) -> None:
        self.setterm = setterm
        self.name = "console blanking (setterm)"

    def _run(self, how: str) -> bool:
        try:
            done = subprocess.run(
                [self.setterm, "--blank", how], check=False, timeout=5, capture_output=True
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            log.warning("setterm --blank %s failed: %s", how, e)
            return False
        if done.returncode != 0:
            log.warning("setterm --blank %s: %s", how, done.stderr.decode(errors="replace"))
        return done.returncode == 0

    def off(self) -> bool:
        return self._run("force")

    def on(self) -> bool:
        return self._run("poke")


def _on_virtual_console() -> bool:
    try:
        name = os.ttyname(0)
    except OSError:
        return False
    return name.startswith("/dev/tty") and name[8:].isdigit()


def choose_power(
    platform: str, environ: Mapping[str, str], *, allow: bool = True, fb: Path = FB_BLANK
) -> ScreenPower:
    """The way this display turns its screen off: chosen once, at start (see the module)."""
    if not allow:
        return PaintBlack("--no-dpms")
    if platform == "xcb":
        name = environ.get("DISPLAY", "")
        power = XDpms.open(name) if name else "DISPLAY is not set"
        return PaintBlack(power) if isinstance(power, str) else power
    if platform in ("linuxfb", "eglfs"):
        if fb.exists() and os.access(fb, os.W_OK):
            return FramebufferBlank(fb)
        setterm = shutil.which("setterm")
        if setterm and _on_virtual_console():
            return ConsoleBlank(setterm)
        return PaintBlack(f"{fb} is not writable and no console")
    return PaintBlack(f"the {platform} platform has no screen power control")
