"""`python -m kiosk.bench --fleet`: the fleet's figures, against a real Mosquitto on loopback.

1. **publish → on screen**: a real `kiosk run --fleet` display (offscreen); the bundled deck
   (with a new title each run, so every publish is a new deck) is published; the time until the
   display's retained status says the new release is on screen (the status is sent from the
   slot that has just drawn the new deck's first state). Target: ≤ 1 s on loopback.
2. **50 displays, a 5 MB deck**: 50 Qt-free `DisplayClient`s (one process, their own caches)
   get a deck of five 1 MB images; time until every one has switched, the broker's CPU time and
   the bytes it wrote (its /proc I/O counter, TLS included), then the same 50 restarted with
   everything cached: the bytes show that no file is sent twice. Target: every display ≤ 3 s.
3. **message size**: one retained message of 64 KiB … 8 MiB published and received back
   (round trip through the broker) and the broker's resident memory with 8 of them retained:
   where files stop belonging on MQTT (README, "Fleet").

Linux only (it reads /proc); needs the `mosquitto` binary and the fleet extra.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["main"]

PNG_HEAD = b"\x89PNG\r\n\x1a\n"


class _Broker:
    def __init__(self, conf: Path) -> None:
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        if not os.access(binary, os.X_OK):
            raise SystemExit("kiosk.bench --fleet: mosquitto not found (apt install mosquitto)")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            root_conf = conf.with_name("bench.conf")
            root_conf.write_text("user root\n" + conf.read_text())
            conf = root_conf
        self.proc = subprocess.Popen(
            [binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        ready = threading.Event()

        def read() -> None:
            assert self.proc.stderr is not None
            for line in self.proc.stderr:
                if "running" in line:
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(20):
            raise SystemExit("kiosk.bench --fleet: mosquitto did not start")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def bytes_written(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/io").read_text().splitlines():
            if line.startswith("wchar:"):
                return int(line.split()[1])
        return 0

    def rss_mib(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(pred: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not pred():
        if time.monotonic() > deadline:
            return False
        pause.wait(0.005)
    return True


def _bundled_copy(folder: Path, title: str) -> Path:
    """The bundled deck with another title, its ../assets reachable as in the repository."""
    from kiosk.resources import assets_dir, data_dir

    (folder / "data").mkdir(parents=True)
    for f in data_dir().iterdir():
        if f.is_file():
            shutil.copy(f, folder / "data" / f.name)
    (folder / "assets").symlink_to(assets_dir())
    playlist = folder / "data" / "playlist.json"
    doc = json.loads(playlist.read_text(encoding="utf-8"))
    doc["deck"]["title"] = title
    playlist.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return playlist


def _big_deck(folder: Path, files: int = 5, size: int = 1_000_000) -> Path:
    folder.mkdir(parents=True)
    slides = []
    for i in range(files):
        (folder / f"img{i}.png").write_bytes(PNG_HEAD + os.urandom(size - len(PNG_HEAD)))
        slides.append({"type": "image", "id": f"img{i}", "image": f"img{i}.png"})
    doc = {"deck": {"title": "5 MB"}, "defaults": {"duration": 5}, "slides": slides}
    (folder / "playlist.json").write_text(json.dumps(doc))
    return folder / "playlist.json"


def _first_frame(
    fleet_dir: Path, tmp: Path, runs: int, log: Callable[[str], None]
) -> dict[str, Any]:
    from kiosk.fleet.config import FleetFile
    from kiosk.fleet.manifest import build_release
    from kiosk.fleet.operator import Session, publish_release

    fleet = FleetFile.load(fleet_dir / "fleet.json")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp / "c"),
           "XDG_STATE_HOME": str(tmp / "s"), "XDG_DATA_HOME": str(tmp / "d")}  # fmt: skip
    screen = str(fleet_dir / "displays" / "screen.json")
    cmd = [sys.executable, "-m", "kiosk", "run", "--windowed", "--fleet", screen,
           "--display", "screen", "--group", "first"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    totals: list[float] = []
    publishes: list[float] = []
    try:
        with Session(fleet) as s:
            s.barrier([s.topics.status("screen")])
            topic = s.topics.status("screen")

            def latest() -> dict[str, Any]:
                for t, p, _ in reversed(list(s.messages)):
                    if t == topic and p:
                        doc: dict[str, Any] = json.loads(p)
                        return doc
                return {}

            if not _wait(lambda: bool(latest().get("online")), 60):
                raise SystemExit("kiosk.bench --fleet: the display did not come online")
            for i in range(runs):
                deck = _bundled_copy(tmp / f"deck{i}", f"Bench run {i}")
                t0 = time.perf_counter()
                release = build_release(deck, fleet=fleet.fleet, group="first")
                publish_release(fleet, release)
                t1 = time.perf_counter()
                version = release.manifest.version
                if not _wait(lambda v=version: latest().get("showing") == v, 30):
                    log(f"  run {i}: the display did not show {version}")
                    continue
                t2 = time.perf_counter()
                publishes.append(t1 - t0)
                totals.append(t2 - t0)
                log(f"  publish → on screen: {t2 - t0:.3f} s (validate + send {t1 - t0:.3f} s)")
    finally:
        proc.terminate()
        proc.wait(30)
    return {
        "publish_to_screen_s": statistics.median(totals) if totals else None,
        "publish_s": statistics.median(publishes) if publishes else None,
        "runs": totals,
    }


def _fifty(
    fleet_dir: Path, tmp: Path, n: int, broker: _Broker, log: Callable[[str], None]
) -> dict[str, Any]:
    from kiosk.fleet.config import FleetFile
    from kiosk.fleet.display import DisplayClient
    from kiosk.fleet.manifest import build_release
    from kiosk.fleet.operator import publish_release

    ops = FleetFile.load(fleet_dir / "fleet.json")
    switched: dict[str, float] = {}
    lock = threading.Lock()

    def make(i: int) -> DisplayClient:
        name = f"sim-{i:02d}"
        fleet = FleetFile.load(fleet_dir / "displays" / f"{name}.json")

        def done(_p: Path, name: str = name) -> None:
            with lock:
                switched[name] = time.perf_counter()

        return DisplayClient(fleet, name, "sims", cache_dir=tmp / "sims" / name, on_release=done)

    clients = [make(i) for i in range(n)]
    for c in clients:
        c.start()
    online = _wait(lambda: all(c.link.connected.is_set() for c in clients), 60)
    if not online:
        raise SystemExit("kiosk.bench --fleet: the simulated displays did not connect")
    deck = _big_deck(tmp / "big")
    release = build_release(deck, fleet=ops.fleet, group="sims")
    size = release.manifest.total_bytes
    cpu0, bytes0 = broker.cpu_seconds(), broker.bytes_written()
    t0 = time.perf_counter()
    publish_release(ops, release)
    all_in = _wait(lambda: len(switched) == n, 120)
    t1 = time.perf_counter()
    cpu1, bytes1 = broker.cpu_seconds(), broker.bytes_written()
    for c in clients:
        c.stop()
    per = sorted(v - t0 for v in switched.values())
    log(f"  {len(switched)}/{n} displays have the {size / 1e6:.1f} MB deck in {t1 - t0:.2f} s "
        f"(slowest {per[-1] if per else float('nan'):.2f} s); broker wrote "
        f"{(bytes1 - bytes0) / 1e6:.1f} MB, CPU {cpu1 - cpu0:.2f} s")  # fmt: skip
    # the same displays again, everything cached: nothing but small messages
    switched.clear()
    clients = [make(i) for i in range(n)]
    bytes2 = broker.bytes_written()
    for c in clients:
        c.start()
    _wait(lambda: all(c.link.connected.is_set() for c in clients), 60)
    _wait(lambda: False, 2.0)  # let any (unwanted) file traffic happen
    bytes3 = broker.bytes_written()
    for c in clients:
        c.stop()
    log(f"  restarted with a full cache: broker wrote {(bytes3 - bytes2) / 1e3:.0f} kB")
    return {
        "displays": n,
        "deck_bytes": size,
        "all_have_it": all_in,
        "seconds_all": t1 - t0,
        "seconds_median": statistics.median(per) if per else None,
        "seconds_slowest": per[-1] if per else None,
        "broker_bytes_written": bytes1 - bytes0,
        "bytes_per_display": (bytes1 - bytes0) / n,
        "broker_cpu_s": cpu1 - cpu0,
        "restart_bytes_written": bytes3 - bytes2,
    }


def _sizes(fleet_dir: Path, broker: _Broker, log: Callable[[str], None]) -> list[dict[str, Any]]:
    from kiosk.fleet.config import FleetFile
    from kiosk.fleet.operator import Session

    fleet = FleetFile.load(fleet_dir / "fleet.json")
    out = []
    with Session(fleet) as s:
        for size in (64 * 1024, 1024 * 1024, 4 * 1024 * 1024, 8 * 1024 * 1024):
            base = f"{s.topics.root}/bench/{size}"
            s.link.subscribe_many([f"{base}/#"])
            warm = f"{base}/warm"  # the subscription's first message is not measured
            s.link.publish(warm, b"w")
            s.wait_for(lambda t=warm: any(m[0] == t for m in s.messages), 60)
            s.messages.clear()
            rss0 = broker.rss_mib()
            trips = []
            for k in range(8):
                topic = f"{base}/{k}"
                payload = os.urandom(size)
                t0 = time.perf_counter()
                s.link.publish(topic, payload, retain=True)
                s.wait_for(lambda t=topic: any(m[0] == t for m in s.messages), 60)
                trips.append(time.perf_counter() - t0)
                s.messages.clear()
            rss = broker.rss_mib() - rss0
            row = {"bytes": size, "round_trip_ms": statistics.median(trips) * 1000,
                   "broker_rss_mib_for_8": rss}  # fmt: skip
            log(f"  {size // 1024:>5} KiB: round trip {row['round_trip_ms']:.1f} ms, broker "
                f"+{rss:.1f} MiB for 8 retained")  # fmt: skip
            out.append(row)
            for k in range(8):
                s.send(f"{base}/{k}", b"", retain=True)
    return out


def main(*, quick: bool = False, json_path: Path | None = None) -> int:
    from kiosk.fleet.init import InitOptions, fleet_init

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    n = 10 if quick else 50
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-fleet-") as tmp_name:
        tmp = Path(tmp_name)
        names = ("screen", *(f"sim-{i:02d}" for i in range(n)))
        fleet_init(InitOptions(tmp / "fleet", "bench", names, port=_port(), bind="127.0.0.1"))
        broker = _Broker(tmp / "fleet" / "mosquitto.conf")
        try:
            log("publish → on screen (bundled deck, a real kiosk run display, offscreen)")
            results["first_frame"] = _first_frame(tmp / "fleet", tmp, 2 if quick else 5, log)
            log(f"{n} simulated displays, a 5 MB deck")
            results["fleet"] = _fifty(tmp / "fleet", tmp, n, broker, log)
            log("message size: round trip and broker memory")
            results["sizes"] = _sizes(tmp / "fleet", broker, log)
        finally:
            broker.stop()
    ff, fl = results["first_frame"], results["fleet"]
    print("| figure | value | target |\n|---|---|---|")
    if ff["publish_to_screen_s"] is not None:
        print(f"| publish → on screen (bundled deck) | {ff['publish_to_screen_s']:.2f} s | ≤ 1 s |")
    print(f"| {fl['displays']} displays get a {fl['deck_bytes'] / 1e6:.0f} MB deck (slowest) | "
          f"{fl['seconds_slowest']:.2f} s | ≤ 3 s |")  # fmt: skip
    print(f"| broker bytes written per display | {fl['bytes_per_display'] / 1e6:.2f} MB | "
          f"≈ deck size |")  # fmt: skip
    print(f"| broker CPU for the whole fleet | {fl['broker_cpu_s']:.2f} s | |")
    again = fl["restart_bytes_written"] / 1e3
    print(f"| restart with a full cache: broker bytes | {again:.0f} kB | no files |")
    for row in results["sizes"]:
        print(f"| retained {row['bytes'] // 1024} KiB message: round trip | "
              f"{row['round_trip_ms']:.1f} ms (broker +{row['broker_rss_mib_for_8']:.1f} MiB "
              f"for 8) | |")  # fmt: skip
    if json_path is not None:
        json_path.write_text(json.dumps(results, indent=2))
        print(f"wrote {json_path}")
    return 0
