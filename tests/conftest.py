"""Test harness: headless Qt and the suite's own fonts, set before anything imports Qt.

Hermetic fonts: the tests see the same fonts on every machine. `FONTCONFIG_FILE` points at a
fonts.conf written into a fresh temporary folder that knows one font, the bundled
`tests/fonts/DejaVuSans.ttf` (Qt's default UI font and the fallback for any glyph a deck's
fonts lack), includes no system configuration (no `/usr/share/fonts`, no `~/.fonts`, no
aliases from `conf.d`) and keeps its cache beside it. The deck's own fonts (Inter, from
`assets/fonts/`) reach Qt the way they do in production: kiosk loads the files the playlist
names. Child processes the tests start (`kiosk render`, `kiosk run`) inherit the setting.
On a machine with Droid Sans Fallback and URW base35 the quote mark used to leave portrait
slides; here, what the tests measure does not depend on what the machine has installed.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FALLBACK_FONT = REPO / "tests" / "fonts" / "DejaVuSans.ttf"


def _hermetic_fontconfig() -> Path:
    """Write a fonts.conf that lists only the suite's fallback font; return its path."""
    home = Path(tempfile.mkdtemp(prefix="kiosk-test-fonts-"))
    atexit.register(shutil.rmtree, home, True)
    fonts = home / "fonts"
    fonts.mkdir()
    shutil.copy2(FALLBACK_FONT, fonts / FALLBACK_FONT.name)
    conf = home / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <dir>{fonts}</dir>\n"
        f"  <cachedir>{home / 'cache'}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


os.environ["QT_QPA_PLATFORM"] = "offscreen"
# `kiosk run` keeps a start picture in the user's cache (kiosk.startpicture): not the tester's
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="kiosk-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
if not os.environ.get("KIOSK_TEST_MACHINE_FONTS"):  # set it to compare with the machine's fonts
    os.environ["FONTCONFIG_FILE"] = str(_hermetic_fontconfig())
    for _var in ("FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "QT_QPA_FONTDIR"):
        os.environ.pop(_var, None)

import pytest  # noqa: E402  (after the environment: a plugin may import Qt)


@pytest.fixture
def bundled_playlist() -> Path:
    return REPO / "data" / "playlist.json"


@pytest.fixture(autouse=True)
def no_timer_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test, no kiosk timer still runs: each belongs to something the test ended."""
    yield
    if "PySide6" not in sys.modules or "kiosk.ui.timers" not in sys.modules:
        return  # a Qt-free test
    from PySide6.QtCore import QCoreApplication, QEvent

    from kiosk.ui.timers import running_timers

    app = QCoreApplication.instance()
    if app is None:
        return
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if "kiosk.ui.video_remote" in sys.modules:  # clip decoders the test ended, reaped
        from kiosk.ui.video_remote import reap_decoders

        reap_decoders()
    left = running_timers()
    names = sorted(t.objectName() or "?" for t in left)
    for timer in left:
        timer.stop()
    assert not names, f"{request.node.name} left timers running: {names}"
