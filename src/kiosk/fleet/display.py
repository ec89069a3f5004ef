"""A display's fleet client, without Qt: decks into the cache, commands out, status and proof in.

`DisplayClient` owns the MQTT link (its own thread), a worker thread for hashing, writing and
assembling releases, the cache and the proof-of-play outbox. It talks to the player only
through the callbacks it is given, always from one of its threads (the Qt side marshals them):

- `on_release(playlist_path)`: a new release is `current`; show it;
- `on_command(Command, request_id)`: a command from the operator (already parsed);
- `on_screenshot(request_id)`: send a PNG back with `reply_png`;
- `on_move(Move)`: another member of the sync group moved: "slide N at T" (`groupsync`).

And the player tells it `set_state(...)` (what is on screen) and `queue_play(...)` (one play).
Anything malformed from the network is logged once with the reason, counted in the status's
`problems`, and otherwise ignored.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho

from kiosk import __version__
from kiosk.core.commands import Command, CommandError, parse_command
from kiosk.fleet.cache import Cache
from kiosk.fleet.config import (
    COMMAND_LIMIT,
    MQTT_FILE_LIMIT,
    FleetFile,
    check_name,
)
from kiosk.fleet.groupsync import GroupSync, Move
from kiosk.fleet.mqtt import Link, Will
from kiosk.fleet.outbox import Outbox
from kiosk.fleet.sync import DeckSync

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
        wall: Callable[[], float] = time.time,
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
        self.on_broker: Callable[[str], None] | None = None  # the connection's state, in words
        self.on_move: Callable[[Move], None] | None = None  # a sync group's "slide N at T"
        self.home_assistant = fleet.home_assistant if home_assistant is None else home_assistant
        self.started = time.time()
        self.problems: deque[str] = deque(maxlen=MAX_PROBLEMS)
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {}
        self._status_sent: tuple[str, float] = ("", 0.0)
        self._in_flight: dict[str, paho.MQTTMessageInfo] = {}
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
            on_reason=self._on_reason,
        )
        self.link.subscribe_many(
            [
                self.topics.manifest(group),
                self.topics.group_cmd(group),
                self.topics.cmd(display),
                self.topics.group_sync(group),
            ]
        )
        self.groupsync = GroupSync(
            self.link,
            self.topics,
            display,
            group,
            on_move=self._on_move,
            problem=self._problem,
            wall=wall,
        )
        self._sync_member = fleet.sync.get(display) == group  # fleet init --sync said so
        self.groupsync.active = self._sync_member or self.cache.sync_epoch() is not None
        self.decks = DeckSync(
            self.cache, self.link, self.topics, fleet.fleet, group, self._released, self._problem
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
        self.decks.start()
        self.link.start()

    def stop(self) -> None:
        self.outbox.close()  # every play on disk (sent now if the broker is there, else later)
        self._send_proof()
        doc = self._status_doc(online=False)
        doc["reason"] = "stopped"
        self.link.stop(last=(self.topics.status(self.display), json.dumps(doc).encode()))
        self.decks.stop()

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
        self.outbox.submit(play, self._send_proof)

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
            self.decks.on_manifest(payload)
        elif topic in (t.group_cmd(self.group), t.cmd(self.display)):
            self._on_command(payload)
        elif topic == t.group_sync(self.group):
            self.groupsync.on_message(payload, retained)
        elif topic.startswith(t.file("")):
            self.decks.on_file(topic.rsplit("/", 1)[-1], payload)

    def _on_command(self, payload: bytes) -> None:
        if len(payload) > COMMAND_LIMIT:
            self._problem(f"command ignored: {len(payload)} bytes (limit {COMMAND_LIMIT})")
            return
        request, at = "", None
        try:
            text = payload.decode("utf-8")
            if text.lstrip().startswith("{"):
                doc = json.loads(text)
                if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
                    raise CommandError("a command object needs a 'text'")
                rid = doc.get("id", "")
                if isinstance(rid, str) and rid.isascii() and rid.isalnum():
                    request = rid[:REQUEST_ID]
                when = doc.get("at")  # a group's move: the moment every member makes it
                if isinstance(when, int | float) and not isinstance(when, bool):
                    at = float(when) if math.isfinite(when) else None
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
        if at is not None:
            command = dataclasses.replace(command, at=at)
        if self.on_command is not None:
            self.on_command(command, request)

    def _tick(self) -> None:
        self.groupsync.tick()
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
        pending = self.decks.pending
        return {
            "display": self.display,
            "group": self.group,
            "online": online,
            "deck_version": self.cache.current_version(),
            "pending": pending.version if pending else None,
            "waiting_files": len(self.decks.wanted),
            "sync_epoch": self.cache.sync_epoch(),
            "clock": self.groupsync.status() if self.groupsync.active else {},
            **state,
            "problems": list(self.problems),
            "proof_queued": self.outbox.count(),
            "last_seen": _now_iso(),
            "uptime": round(time.time() - self.started, 1),
            "kiosk_version": __version__,
        }

    # --- the worker thread --------------------------------------------------------------

    def _on_reason(self, reason: str) -> None:
        if self.on_broker is not None:
            self.on_broker(reason)

    def local_status(self) -> dict[str, Any]:
        """The fleet part of this display's own status file (written with or without a broker)."""
        pending = self.decks.pending
        return {
            "display": self.display,
            "group": self.group,
            "broker": self.link.reason,
            "deck_version": self.cache.current_version(),
            "pending": pending.version if pending else None,
            "proof_queued": self.outbox.count(),
            "problems": list(self.problems),
        }

    def _on_move(self, move: Move) -> None:
        if self.on_move is not None:
            self.on_move(move)

    def _released(self, playlist: Path) -> None:
        self.groupsync.active = self._sync_member or self.cache.sync_epoch() is not None
        if self.on_release is not None:
            self.on_release(playlist)
        self.link.wake()

    def _problem(self, text: str) -> None:
        log.warning("fleet: %s", text)
        self.problems.append(f"{_now_iso()} {text}"[:300])
        self.link.wake()
