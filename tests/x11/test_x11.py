"""Under a real X server (Xvfb, no window manager), driven by xdotool: the exit chord held
through X's own key auto-repeat, the keyboard focus taken back from another program's
window, and the screen switched off by DPMS where the server has it."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any

import pytest

from kiosk.blanking import PaintBlack, XDpms, choose_power, dpms_level

CHORD = "ctrl+alt+shift+x"


def xdotool(display: str, *args: str) -> str:
    done = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return done.stdout


def test_dpms_switches_the_monitor_or_says_why_not(xserver: str) -> None:
    power = choose_power("xcb", {"DISPLAY": xserver})
    if isinstance(power, XDpms):  # an X server with DPMS: the monitor really goes off
        assert power.off()
        assert dpms_level(xserver) == (3, True)
        assert power.on()
        assert dpms_level(xserver) is not None
        assert dpms_level(xserver)[0] == 0  # type: ignore[index]
    else:  # Debian's Xvfb has no DPMS extension: black, and the log says why
        assert isinstance(power, PaintBlack)
        assert power.name == f"painting black (X display {xserver} has no DPMS extension)"
    assert isinstance(XDpms.open(":999"), str)  # no such display: a reason, not a crash


def test_exit_chord_held_under_x_exits(qtbot: Any, kiosk_under_x: Any) -> None:
    k = kiosk_under_x(exit_hold=1.5)
    qtbot.waitUntil(k.ready, timeout=60_000)
    xdotool(k.display, "keydown", CHORD)  # held: X auto-repeats the X key meanwhile
    try:
        qtbot.waitUntil(lambda: k.proc.poll() is not None, timeout=30_000)
    finally:
        xdotool(k.display, "keyup", CHORD)
    assert k.proc.returncode == 0, k.proc.communicate()[1]
    assert "exit chord held" in k.log_text()


def test_a_short_press_of_the_chord_does_not_exit(qtbot: Any, kiosk_under_x: Any) -> None:
    k = kiosk_under_x(exit_hold=5)
    qtbot.waitUntil(k.ready, timeout=60_000)
    xdotool(k.display, "keydown", CHORD)
    xdotool(k.display, "keyup", CHORD)
    qtbot.waitUntil(lambda: "exit chord let go" in k.log_text(), timeout=30_000)
    assert k.proc.poll() is None
    xdotool(k.display, "key", "Right")  # and the kiosk still takes keys
    qtbot.waitUntil(lambda: k.slide() == 2, timeout=30_000)


@pytest.mark.skipif(shutil.which("xmessage") is None, reason="needs xmessage (a second window)")
def test_focus_taken_back_from_another_window(qtbot: Any, kiosk_under_x: Any) -> None:
    k = kiosk_under_x()
    qtbot.waitUntil(k.ready, timeout=60_000)

    def kiosk_has_focus() -> bool:
        pid = xdotool(k.display, "getwindowfocus", "getwindowpid").strip()
        return pid == str(k.proc.pid)

    qtbot.waitUntil(kiosk_has_focus, timeout=30_000)  # it takes the focus when it starts
    env = {**os.environ, "DISPLAY": k.display}
    dialog = subprocess.Popen(["xmessage", "-geometry", "+40+40", "another program"], env=env)
    try:
        found = xdotool(k.display, "search", "--sync", "--onlyvisible", "--name", "xmessage")
        assert found.split(), "the other program's window did not appear"
        # the other program takes the keyboard (--sync: until X says it has)
        xdotool(k.display, "windowfocus", "--sync", found.split()[0])
        qtbot.waitUntil(kiosk_has_focus, timeout=30_000)  # and takes it back
        qtbot.waitUntil(lambda: "focus is back on the kiosk" in k.log_text(), timeout=30_000)
        assert "another window took the keyboard focus" in k.log_text()
        xdotool(k.display, "key", "Right")  # typed into whatever has the focus now
        qtbot.waitUntil(lambda: k.slide() == 2, timeout=30_000)
    finally:
        dialog.terminate()
        dialog.wait(timeout=30)


def test_two_kiosks_on_one_display_leave_the_keyboard_to_the_first(
    qtbot: Any, kiosk_under_x: Any
) -> None:
    """A machine with two screens runs two kiosks on one X display: they took the focus
    from each other every second, for as long as they ran, and a key went to either."""
    first = kiosk_under_x()
    qtbot.waitUntil(first.ready, timeout=60_000)

    def focus_pid() -> str:
        return xdotool(first.display, "getwindowfocus", "getwindowpid").strip()

    qtbot.waitUntil(lambda: focus_pid() == str(first.proc.pid), timeout=30_000)
    second = kiosk_under_x()
    qtbot.waitUntil(second.ready, timeout=60_000)
    left = "keeps the keyboard focus; this one leaves it"
    qtbot.waitUntil(lambda: left in second.log_text(), timeout=30_000)
    assert f"(pid {first.proc.pid})" in second.log_text()
    qtbot.waitUntil(lambda: focus_pid() == str(first.proc.pid), timeout=30_000)
    assert "taking the keyboard focus" not in second.log_text()
    xdotool(first.display, "key", "Right")
    qtbot.waitUntil(lambda: first.slide() == 2, timeout=30_000)
    assert second.slide() == 1
    assert first.log_text().count("another window took the keyboard focus") <= 1
    first.stop()  # the first one gone, the second takes the claim over and the keys
    qtbot.waitUntil(lambda: focus_pid() == str(second.proc.pid), timeout=30_000)
    xdotool(first.display, "key", "Right")
    qtbot.waitUntil(lambda: second.slide() == 2, timeout=30_000)
