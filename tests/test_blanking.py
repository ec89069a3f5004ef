"""The screen switched off outside display hours: which way is chosen, and what each way does
(X's DPMS with a stand-in libXext; the framebuffer's blank file in a temporary folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.blanking import (
    FramebufferBlank,
    PaintBlack,
    XDpms,
    choose_power,
)


class FakeXlib:
    """What XDpms asks of libX11/libXext, recorded; DPMS starts disabled, as on most kiosks."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.enabled = False
        self.level = 0
        self.fail = fail

    def guarded(self, display: int, *calls: tuple[str, tuple[Any, ...]]) -> bool:
        for name, args in calls:
            self.calls.append((name, args))
            if name == "DPMSEnable":
                self.enabled = True
            elif name == "DPMSDisable":
                self.enabled = False
            elif name == "DPMSForceLevel":
                self.level = args[0]
        return not self.fail

    def info(self, display: int) -> tuple[int, bool]:
        return self.level, self.enabled


def test_dpms_forces_the_monitor_off_then_on_and_puts_dpms_back() -> None:
    xlib = FakeXlib()
    power = XDpms(xlib, 1, ":0")  # type: ignore[arg-type]
    assert power.name == "DPMS (X display :0)"
    assert power.off()
    assert (xlib.level, xlib.enabled) == (3, True)
    assert power.on()
    assert (xlib.level, xlib.enabled) == (0, False)  # disabled again, as before the off hours
    xlib.enabled = True  # a machine that keeps DPMS on keeps it
    power.off()
    power.on()
    assert xlib.enabled


def test_dpms_that_fails_says_so() -> None:
    power = XDpms(FakeXlib(fail=True), 1, ":0")  # type: ignore[arg-type]
    assert not power.off()


def test_framebuffer_blank_writes_powerdown_and_unblank(tmp_path: Path) -> None:
    blank = tmp_path / "blank"
    blank.write_text("0")
    power = choose_power("linuxfb", {}, fb=blank)
    assert isinstance(power, FramebufferBlank)
    assert power.off()
    assert blank.read_text() == "4"
    assert power.on()
    assert blank.read_text() == "0"
    assert not FramebufferBlank(tmp_path / "missing" / "blank").off()


def test_choice_falls_back_to_painting_black_and_says_why(tmp_path: Path) -> None:
    assert choose_power("xcb", {}, allow=False).name == "painting black (--no-dpms)"
    assert choose_power("xcb", {}).name == "painting black (DISPLAY is not set)"
    offscreen = choose_power("offscreen", {})
    assert isinstance(offscreen, PaintBlack)
    assert offscreen.off()
    assert offscreen.on()
    assert "offscreen" in offscreen.name
    fb = tmp_path / "fb0-blank"  # does not exist; the test is not on a Linux console
    assert choose_power("eglfs", {}, fb=fb).name.startswith(("painting black", "console"))
