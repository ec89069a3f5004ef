"""A live metric on a real broker: a mosquitto started here on a free port, paho-mqtt.

Skipped where either is missing (paho-mqtt comes with the fleet extra; mosquitto from Debian).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from kiosk.core.clock import FakeClock
from kiosk.core.live import mqtt_available
from kiosk.core.loader import load_playlist
from kiosk.ui.slides import build_slide, make_context

pytestmark = [
    pytest.mark.skipif(not mqtt_available(), reason="paho-mqtt is not installed"),
    pytest.mark.skipif(shutil.which("mosquitto") is None, reason="mosquitto is not installed"),
]
WAIT = 15_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    port = _free_port()
    conf = tmp_path / "mosquitto.conf"
    user = "user root\n" if os.geteuid() == 0 else ""  # else it drops to a user that cannot read
    conf.write_text(
        f"{user}listener {port} 127.0.0.1\nallow_anonymous true\nlog_dest stderr\n"
        "log_type information\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        ["mosquitto", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # until it says it listens: its own word, not a guess
            if b"listen socket on port" in line:
                break
        else:
            pytest.fail("mosquitto exited before listening")
        # keep reading what it logs, so a full pipe never blocks the broker
        threading.Thread(target=proc.stderr.read, daemon=True).start()
        yield port, proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stderr is not None:
            proc.stderr.close()


@pytest.fixture
def clock(live_clock: FakeClock) -> FakeClock:
    return live_clock


def _publish(port: int, topic: str, payload: str) -> None:
    import paho.mqtt.publish as publish

    publish.single(topic, payload, hostname="127.0.0.1", port=port, qos=1, retain=True)


def test_a_live_metric_follows_a_topic_and_says_offline_when_the_broker_goes(
    qtbot: QtBot,
    tmp_path: Path,
    broker: tuple[int, subprocess.Popen[bytes]],
    clock: FakeClock,
) -> None:
    port, proc = broker
    slide = {
        "type": "metric",
        "label": "Power",
        "unit": "kW",
        "live": {"topic": "hall2/energy", "broker": f"127.0.0.1:{port}", "column": "kw"},
    }
    path = tmp_path / "playlist.json"
    path.write_text(json.dumps({"deck": {"title": "MQTT"}, "slides": [slide]}), encoding="utf-8")
    loaded = load_playlist(path)
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(960, 540)))
    qtbot.addWidget(view)
    view.show()
    view.finish()
    assert view.number.text() == "—"
    _publish(port, "hall2/energy", '{"kw": 640}')
    qtbot.waitUntil(lambda: view.number.text() == "640", timeout=WAIT)
    _publish(port, "hall2/energy", "not json at all")
    _publish(port, "hall2/energy", '{"kw": 655}')
    qtbot.waitUntil(lambda: view.number.text() == "655", timeout=WAIT)
    assert view.live.feed.junk == 1
    proc.terminate()
    proc.wait(timeout=10)
    qtbot.waitUntil(lambda: view.live.mark.isVisible(), timeout=WAIT)
    assert view.live.mark.text().startswith("offline · data of ")
    assert view.number.text() == "655"
