"""A display's fleet client, without Qt: decks into the cache, commands out, status and proof in.

`DisplayClient` owns the MQTT link (its own thread), a worker thread for hashing, writing and
assembling releases, the cache and the proof-of-play outbox. It talks to the player only
through the callbacks it is given, always from one of its threads (the Qt side marshals them):

- `on_release(playlist_path)`: a new release is `current`; show it;
- `on_command(Command, request_id)`: a command from the operator (already parsed);
- `on_screenshot(request_id)`: send a PNG back with `reply_png`.

And the player tells it `set_state(...)` (what is on screen) and `queue_play(...)` (one play).
Anything malformed from the network is logged once with the reason, counted in the status's
`problems`, and otherwise ignored.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
import urllib.request
import uuid
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho

from kiosk import __version__
from kiosk.core.commands import Command, CommandError, parse_command
from kiosk.fleet.cache import Cache, ReleaseError
from kiosk.fleet.config import (
    COMMAND_LIMIT,
    HEX64,
    HTTP_FILE_LIMIT,
    MQTT_FILE_LIMIT,
    FleetFile,
    check_name,
)
from kiosk.fleet.manifest import Manifest, ManifestError, parse_manifest
from kiosk.fleet.mqtt import Link, Will
from kiosk.fleet.outbox import Outbox

__all__ = ["HEARTBEAT", "DisplayClient", "default_cache_dir"]

log = logging.getLogger("kiosk.fleet")

HEARTBEAT = 30.0  # status is re-published at least this often (its `last_seen`)
MAX_PROBLEMS = 8
IN_FLIGHT = 100  # proof messages sent and not yet acknowledged
REQUEST_ID = 64


def default_cache_dir(fleet: str, display: str) -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("kiosk", appauthor=False)) / "fleet" / fleet / display


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class DisplayClient:
    def __init__(
        self,
        fleet: FleetFile,
        display: str,
        group: str,
        *,
        cache_dir: Path | None = None,
        on_release: Callable[[Path], None] | None = None,
        on_command: Callable[[Command, str], None] | None = None,
        on_screenshot: Callable[[str], None] | None = None,
        home_assistant: bool | None = None,
    ) -> None:
        self.fleet = fleet
        self.display = check_name("display", display)
        self.group = check_name("group", group)
        self.topics = fleet.topics
        login = fleet.display_login(display)
        root = cache_dir or default_cache_dir(fleet.fleet, display)
        self.cache = Cache(root)
        self.outbox = Outbox(root / "outbox")
        self.on_release = on_release
        self.on_command = on_command
        self.on_screenshot = on_screenshot
        self.home_assistant = fleet.home_assistant if home_assistant is None else home_assistant
        self.started = time.time()
        self.problems: deque[str] = deque(maxlen=MAX_PROBLEMS)
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {}
        self._status_sent: tuple[str, float] = ("", 0.0)
        self._applied_seq = int(self.cache.read_state().get("seq", -1) or -1)
        self._pending: Manifest | None = None
        self._wanted: set[str] = set()
        self._in_flight: dict[str, paho.MQTTMessageInfo] = {}
        self._switch_at: tuple[float, Manifest] | None = None
        self._work: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._worker = threading.Thread(
            target=self._work_loop, name="kiosk-fleet-work", daemon=True
        )
        will = json.dumps(
            {"display": display, "group": group, "online": False, "reason": "connection lost"}
        ).encode()
        self.link = Link(
            fleet.broker,
            login,
            f"kiosk-{fleet.fleet}-{display}",
            will=Will(self.topics.status(display), will),
            on_message=self._on_message,
            on_connected=self._on_connected,
            tick=self._tick,
        )
        self.link.subscribe_many(
            [self.topics.manifest(group), self.topics.group_cmd(group), self.topics.cmd(display)]
        )

    # --- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        log.info(
            "fleet %s: display %s in group %s, broker %s:%d, cache %s",
            self.fleet.fleet,
            self.display,
            self.group,
            self.fleet.broker.host,
            self.fleet.broker.port,
            self.cache.root,
        )
        self._worker.start()
        self.link.start()

    def stop(self) -> None:
        doc = self._status_doc(online=False)
        doc["reason"] = "stopped"
        self.link.stop(last=(self.topics.status(self.display), json.dumps(doc).encode()))
        self._work.put(None)
        self._worker.join(3)

    def current_playlist(self) -> Path | None:
        """The playlist of the release last switched to (played offline at start-up)."""
        return self.cache.current_playlist()

    @property
    def watch_path(self) -> Path:
        """Where the current release's playlist is, whether or not it exists yet."""
        name = self.cache.read_state().get("playlist", "playlist.json")
        return self.cache.current / (name if isinstance(name, str) else "playlist.json")

    # --- from the player ----------------------------------------------------------------

    def set_state(self, state: dict[str, Any]) -> None:
        """What is on screen (slide, mode, ...): merged into the status."""
        with self._lock:
            self._state = dict(state)
        self._send_status()  # paho's publish is thread-safe and wakes its loop

    def queue_play(self, play: dict[str, Any]) -> None:
        """One play, to the disk queue now and to the broker when it can be."""
        play = {
            "id": uuid.uuid4().hex,
            "display": self.display,
            "group": self.group,
            "deck": self.cache.current_version(),
            **play,
        }
        play.setdefault("ts_ms", int(time.time() * 1000))
        try:
            self.outbox.add(play)
        except OSError as e:
            self._problem(f"cannot queue proof of play: {e}")
        self._send_proof()

    def reply(self, request: str, ok: bool, message: str) -> None:
        if not request:
            return
        doc = {"id": request, "display": self.display, "ok": ok, "message": message}
        self.link.publish(self.topics.reply(self.display, request), json.dumps(doc).encode())

    def reply_png(self, request: str, png: bytes) -> None:
        if len(png) > MQTT_FILE_LIMIT:
            self.reply(request, False, f"screenshot is {len(png)} bytes, over the limit")
            return
        self.link.publish(self.topics.shot(self.display, request), png)
        self.reply(request, True, f"screenshot, {len(png)} bytes")

    # --- the network thread -------------------------------------------------------------

    def _on_connected(self) -> None:
        with self._lock:
            self._in_flight.clear()
            self._status_sent = ("", 0.0)
        if self.home_assistant:
            from kiosk.fleet.homeassistant import discovery

            for topic, payload in discovery(self.topics, self.display, self.group):
                self.link.publish(topic, payload, retain=True)
        self.link.wake()

    def _on_message(self, topic: str, payload: bytes, retained: bool) -> None:
        t = self.topics
        if topic == t.manifest(self.group):
            self._on_manifest(payload)
        elif topic in (t.group_cmd(self.group), t.cmd(self.display)):
            self._on_command(payload)
        elif topic.startswith(t.file("")):
            sha = topic.rsplit("/", 1)[-1]
            if sha in self._wanted:
                self._work.put(lambda: self._store(sha, payload))

    def _on_manifest(self, payload: bytes) -> None:
        if not payload:
            return  # a cleared retained manifest: keep playing what we have
        try:
            manifest = parse_manifest(payload, fleet=self.fleet.fleet, group=self.group)
        except ManifestError as e:
            self._problem(f"manifest ignored: {e}")
            return
        pending = self._pending
        if manifest.seq <= self._applied_seq or (pending and manifest.seq <= pending.seq):
            log.debug("fleet: manifest %s already applied or pending", manifest.version)
            return
        log.info(
            "fleet: new deck %s (%d files, %.1f MB)",
            manifest.version,
            len(manifest.files),
            manifest.total_bytes / 1e6,
        )
        self._work.put(lambda: self._begin(manifest))

    def _on_command(self, payload: bytes) -> None:
        if len(payload) > COMMAND_LIMIT:
            self._problem(f"command ignored: {len(payload)} bytes (limit {COMMAND_LIMIT})")
            return
        request = ""
        try:
            text = payload.decode("utf-8")
            if text.lstrip().startswith("{"):
                doc = json.loads(text)
                if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
                    raise CommandError("a command object needs a 'text'")
                rid = doc.get("id", "")
                if isinstance(rid, str) and rid.isascii() and rid.isalnum():
                    request = rid[:REQUEST_ID]
                text = doc["text"]
            if text.strip().lower() == "screenshot":
                if self.on_screenshot is not None:
                    self.on_screenshot(request)
                return
            command = parse_command(text, source="fleet")
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
            self._problem(f"command ignored: not text or JSON ({e})")
            return
        except CommandError as e:
            self._problem(f"command ignored: {e}")
            self.reply(request, False, str(e))
            return
        log.info("fleet: command %s", command.describe())
        if self.on_command is not None:
            self.on_command(command, request)

    def _tick(self) -> None:
        self._send_status()
        self._send_proof()

    def _send_status(self) -> None:
        doc = self._status_doc(online=True)
        key = json.dumps({k: v for k, v in doc.items() if k not in ("last_seen", "uptime")})
        now = time.monotonic()
        with self._lock:
            last_key, last_at = self._status_sent
            if key == last_key and now - last_at < HEARTBEAT:
                return
            self._status_sent = (key, now)
        self.link.publish(self.topics.status(self.display), json.dumps(doc).encode(), retain=True)

    def _send_proof(self) -> None:
        """Delete what the broker acknowledged; send the oldest plays not in flight."""
        with self._lock:
            acked = [n for n, info in self._in_flight.items() if info.is_published()]
            for name in acked:
                del self._in_flight[name]
            room = IN_FLIGHT - len(self._in_flight)
            busy = set(self._in_flight)
        for name in acked:
            self.outbox.done(name)
        if room <= 0:
            return
        topic = self.topics.proof(self.display)
        for name, data in self.outbox.pending(room + len(busy)):
            if name in busy:
                continue
            info = self.link.publish(topic, data)
            if info is None:
                return
            with self._lock:
                self._in_flight[name] = info

    def _status_doc(self, *, online: bool) -> dict[str, Any]:
        with self._lock:
            state = dict(self._state)
        pending = self._pending
        return {
            "display": self.display,
            "group": self.group,
            "online": online,
            "deck_version": self.cache.current_version(),
            "pending": pending.version if pending else None,
            "waiting_files": len(self._wanted),
            **state,
            "problems": list(self.problems),
            "proof_queued": self.outbox.count(),
            "last_seen": _now_iso(),
            "uptime": round(time.time() - self.started, 1),
            "kiosk_version": __version__,
        }

    # --- the worker thread --------------------------------------------------------------

    def _work_loop(self) -> None:
        while True:
            due = self._switch_at
            timeout = None if due is None else max(0.0, due[0] - time.time())
            try:
                job = self._work.get(timeout=timeout)
            except queue.Empty:
                job = self._due_switch
            if job is None:
                return
            try:
                job()
                due = self._switch_at
                if due is not None and time.time() >= due[0]:
                    self._due_switch()  # files kept arriving: the moment has come anyway
            except Exception:
                log.exception("fleet: unexpected error; the display carries on")

    def _begin(self, manifest: Manifest) -> None:
        pending = self._pending
        if manifest.seq <= self._applied_seq or (pending and manifest.seq <= pending.seq):
            return
        for entry in manifest.files:
            if manifest.over_http(entry) and not manifest.base_url:
                self._problem(f"manifest {manifest.version} ignored: {entry.path} too big for MQTT")
                return
        state = self.cache.read_state()
        if state.get("deck") == manifest.deck and self.cache.current_version():
            self._applied_seq = manifest.seq  # the deck on screen, published again: nothing to do
            return
        old = set(self._wanted)
        self._pending = manifest
        missing = self.cache.missing(manifest)
        by_sha = {f.sha256: f for f in manifest.files}
        over_mqtt = [s for s in missing if not manifest.over_http(by_sha[s])]
        over_http = [s for s in missing if manifest.over_http(by_sha[s])]
        self._wanted = set(missing)
        for sha in old - self._wanted:
            self.link.unsubscribe(self.topics.file(sha))
        self.link.subscribe_many([self.topics.file(s) for s in over_mqtt if s not in old])
        for sha in over_http:
            self._fetch_http(manifest, sha, by_sha[sha].size)
        self._maybe_ready()

    def _fetch_http(self, manifest: Manifest, sha: str, size: int) -> None:
        assert manifest.base_url is not None
        url = manifest.base_url.rstrip("/") + "/" + sha
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                data = r.read(min(size, HTTP_FILE_LIMIT) + 1)
        except OSError as e:
            self._problem(f"cannot fetch {url}: {e}")
            return
        if len(data) != size:
            self._problem(f"{url}: {len(data)} bytes, the manifest says {size}; refused")
            return
        self._store(sha, data)

    def _store(self, sha: str, payload: bytes) -> None:
        if sha not in self._wanted or not HEX64.fullmatch(sha):
            return
        if self.cache.has(sha):
            self._got(sha)
            return
        try:
            self.cache.put(sha, payload)
        except ReleaseError as e:
            self._problem(str(e))
            return
        except OSError as e:
            self._problem(f"cannot write to the cache: {e}")
            return
        self._got(sha)

    def _got(self, sha: str) -> None:
        self._wanted.discard(sha)
        self.link.unsubscribe(self.topics.file(sha))
        self._maybe_ready()

    def _maybe_ready(self) -> None:
        manifest = self._pending
        if manifest is None or self._wanted:
            self.link.wake()
            return
        try:
            self.cache.assemble(manifest)
        except ReleaseError as e:
            self._pending = None
            self._applied_seq = max(self._applied_seq, manifest.seq)  # do not retry a bad deck
            self._problem(f"deck {manifest.version} refused: {e}; the last good deck stays")
            return
        if manifest.at is not None and manifest.at > time.time():
            log.info("fleet: deck %s ready, switching at %s", manifest.version, manifest.at)
            self._switch_at = (manifest.at, manifest)
            return
        self._switch(manifest)

    def _due_switch(self) -> None:
        due = self._switch_at
        self._switch_at = None
        if due is not None and due[1] is self._pending:
            self._switch(due[1])

    def _switch(self, manifest: Manifest) -> None:
        try:
            playlist = self.cache.switch(manifest)
        except OSError as e:
            self._problem(f"cannot switch to deck {manifest.version}: {e}")
            return
        self._pending = None
        self._applied_seq = manifest.seq
        log.info("fleet: showing deck %s", manifest.version)
        if self.on_release is not None:
            self.on_release(playlist)
        self.link.wake()

    def _problem(self, text: str) -> None:
        log.warning("fleet: %s", text)
        self.problems.append(f"{_now_iso()} {text}"[:300])
        self.link.wake()
