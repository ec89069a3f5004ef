"""A real Mosquitto for the fleet tests, configured by `kiosk fleet init`, and kiosk displays.

The broker runs on a free loopback port with exactly the TLS, password and ACL files that
`fleet init` writes (as root, one `user root` line is added in front: Mosquitto would
otherwise drop to its own user, which cannot enter pytest's private temporary folder).
Without a `mosquitto` binary the tests are skipped, except under CI=true, where that fails.
Nothing sleeps: helpers wait on the broker's log, on MQTT messages and on files, each with a
generous overall timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kiosk.fleet.config import FleetFile
from kiosk.fleet.init import InitOptions, fleet_init
from kiosk.fleet.operator import Session

TIMEOUT = 30.0
DISPLAYS = ("d1", "d2", "d3")


def wait_until(pred: Callable[[], object], what: str, timeout: float = TIMEOUT) -> Any:
    """Poll `pred` (a file, a message list, a process) until it is truthy; fail after timeout."""
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while True:
        value = pred()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}")
        pause.wait(0.05)


def _mosquitto() -> str | None:
    return shutil.which("mosquitto") or next(
        (p for p in ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto") if os.access(p, os.X_OK)),
        None,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Broker:
    """One mosquitto process; `stop()` (SIGTERM: it saves its persistence) and `start()` again."""

    def __init__(self, binary: str, conf: Path) -> None:
        self.binary = binary
        self.conf = conf
        self.proc: subprocess.Popen[str] | None = None
        self.lines: list[str] = []
        self._cond = threading.Condition()

    def start(self) -> None:
        self.lines.clear()
        self.proc = subprocess.Popen(
            [self.binary, "-c", str(self.conf)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()
        try:
            self.wait_log("running", "the broker to start")
        except BaseException:
            self.stop()
            raise

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip())
                self._cond.notify_all()

    def wait_log(self, text: str, what: str, timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not any(text in line for line in self.lines):
                if self.proc is not None and self.proc.poll() is not None:
                    pytest.fail(f"mosquitto exited ({self.proc.returncode}): {self.lines[-5:]}")
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail(f"timed out waiting for {what}; broker said: {self.lines[-5:]}")
                self._cond.wait(min(left, 0.5))

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                self.proc.wait(TIMEOUT)
            if self.proc.stdout is not None:
                self.proc.stdout.close()  # its reader thread has seen the end
        self.proc = None


@pytest.fixture(scope="module")
def fleet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fleet")
    fleet_init(
        InitOptions(folder, "t", DISPLAYS, host="127.0.0.1", port=_free_port(), bind="127.0.0.1")
    )
    return folder


@pytest.fixture(scope="module")
def fleet(fleet_dir: Path) -> FleetFile:
    return FleetFile.load(fleet_dir / "fleet.json")


@pytest.fixture(scope="module")
def broker(fleet_dir: Path) -> Iterator[Broker]:
    binary = _mosquitto()
    if binary is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("mosquitto is not installed (make test installs it: apt install mosquitto)")
        pytest.skip("mosquitto is not installed (apt install mosquitto); the fleet needs a broker")
    conf = fleet_dir / "mosquitto.conf"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        test_conf = fleet_dir / "mosquitto-test.conf"
        test_conf.write_text("user root\n" + conf.read_text(encoding="utf-8"), encoding="utf-8")
        conf = test_conf
    b = Broker(binary, conf)
    b.start()
    yield b
    b.stop()


@dataclass
class Watcher:
    """The operator's view of every display's retained status (and anything else asked for)."""

    session: Session
    seen: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def status(self, display: str) -> dict[str, Any]:
        topic = self.session.topics.status(display)
        for t, payload, _ in reversed(list(self.session.messages)):
            if t == topic and payload:
                doc: dict[str, Any] = json.loads(payload)
                return doc
        return {}

    def wait_status(
        self, display: str, pred: Callable[[dict[str, Any]], bool], what: str
    ) -> dict[str, Any]:
        return wait_until(  # type: ignore[no-any-return]
            lambda: doc if pred(doc := self.status(display)) else None, f"{display}: {what}"
        )


@pytest.fixture
def watcher(fleet: FleetFile, broker: Broker) -> Iterator[Watcher]:
    with Session(fleet) as s:
        s.barrier([s.topics.status("+")])
        yield Watcher(s)


class Display:
    """A real `kiosk run --fleet` process, offscreen, with its own cache and log folders."""

    def __init__(self, root: Path, fleet_dir: Path, display: str, group: str) -> None:
        self.root = root
        self.display = display
        self.group = group
        self.fleet_file = fleet_dir / "displays" / f"{display}.json"
        self.log = root / "kiosk.log"
        self.status_file = root / "status.json"
        self.cache = root / "cache" / "kiosk" / "fleet" / "t" / display
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, *extra: str) -> None:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "XDG_STATE_HOME": str(self.root / "state"),
            "XDG_DATA_HOME": str(self.root / "data"),
        }
        cmd = [
            sys.executable, "-m", "kiosk", "run", "--windowed",
            "--fleet", str(self.fleet_file), "--display", self.display, "--group", self.group,
            "--log-file", str(self.log), "--status-file", str(self.status_file), *extra,
        ]  # fmt: skip
        self.out = open(self.root / "stdout.txt", "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.out, stderr=subprocess.STDOUT)

    def log_text(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def queued(self) -> list[str]:
        try:
            return sorted(
                n
                for n in os.listdir(self.cache / "outbox")
                if n.endswith(".json") and not n.startswith(".")
            )
        except OSError:
            return []

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            code = self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:  # hung on SIGTERM: a failure, but leave nothing behind
            self.proc.kill()
            self.proc.wait(TIMEOUT)
            code = None
        self.proc = None
        self.out.close()
        return code


@pytest.fixture
def make_display(
    tmp_path_factory: pytest.TempPathFactory, fleet_dir: Path
) -> Iterator[Callable[[str, str], Display]]:
    made: list[Display] = []

    def make(display: str, group: str) -> Display:
        d = Display(tmp_path_factory.mktemp(display), fleet_dir, display, group)
        made.append(d)
        return d

    yield make
    for d in made:
        d.stop()


def write_deck(folder: Path, title: str, *, slides: int = 3, duration: float = 0.4) -> Path:
    """A small deck: title slides and one image, each `duration` seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pic.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f'<rect width="10" height="10" fill="#{abs(hash(title)) % 0xFFFFFF:06x}"/></svg>',
        encoding="utf-8",
    )
    items: list[dict[str, Any]] = [
        {"type": "title", "id": f"s{i}", "title": f"{title} {i}"} for i in range(1, slides)
    ]
    items.append({"type": "image", "id": "pic", "image": "pic.svg", "caption": title})
    doc = {
        "deck": {"title": title},
        "defaults": {"duration": duration, "transition": "none"},
        "slides": items,
    }
    path = folder / "playlist.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def wait() -> Callable[..., Any]:
    return wait_until


@pytest.fixture
def deck() -> Callable[..., Path]:
    return write_deck
