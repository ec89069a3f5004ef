"""A sync group over MQTT: "slide N at T" between its members, and how good each clock is.

Members of a sync group never ask each other what to show: each computes it from the shared
epoch (`kiosk.core.timeline`). Two things do travel, on the group's `sync` topic (QoS 1, not
retained, JSON of at most `SYNC_LIMIT` bytes), the only topic a display may write besides its own:

- a **move**: `{"type": "move", "id", "from", "deck", "index", "at"}` — a person moved one member
  by hand (keys, the control FIFO, `kiosk fleet send ID goto N`); every member, the sender
  included, puts slide `index` (counted from 1) on at wall time `at`, `LEAD` seconds after it
  was sent, so that all switch on the same frame. It is retained: a member that starts later
  gets the group's last move and rotates on from it as the others do (`controls.resume_after`
  after `at`, from that slide), as a restarted one does from its cache;
- a **ping** `{"type": "ping", "id", "from", "t0"}` and its **pong** `{"type": "pong", "id",
  "from", "to", "t0", "t1", "t2"}`: NTP's four timestamps between two members (t0 sent, t1
  received, t2 answered, t3 the answer received), from which `ClockHealth` estimates how far
  this display's clock is from its peers': offset = -((t1 - t0) + (t2 - t3)) / 2, taken from
  the round trip with the smallest delay of the last few, then the median over peers (a single
  bad clock stands out instead of pulling the others). Where `chronyc` or `timedatectl` answer,
  the system's own NTP offset is reported too. Over one frame (16.7 ms) is a warning.

Junk (not JSON, too big, wrong fields) and stale moves (their time long past, or far ahead) are
logged in one line each and ignored. No Qt: the player side is `kiosk.ui.fleetlink`.
"""

from __future__ import annotations

import json
import logging
import math
import random
import re
import shutil
import statistics
import subprocess
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.fleet.config import Topics
from kiosk.fleet.mqtt import Link

__all__ = [
    "FRAME",
    "LEAD",
    "ClockHealth",
    "GroupSync",
    "Move",
    "SyncError",
    "parse_chronyc",
    "parse_sync",
    "parse_timedatectl",
]

log = logging.getLogger("kiosk.fleet.sync")

LEAD = 0.3  # a move happens this long after it is sent: the broker's round trip, with room
STALE = 5.0  # a move whose time passed longer ago than this is not applied
AHEAD = 60.0  # nor one more than this ahead (a clock that far off, or junk)
FRAME = 1 / 60  # one frame at 60 Hz: the clock warning's threshold
SYNC_LIMIT = 1024
PING_EVERY = 10.0
NTP_EVERY = 60.0
SAMPLES = 8  # round trips kept per peer
PEER_TTL = 120.0  # a peer not heard of for this long no longer counts
_ID = re.compile(r"[0-9a-zA-Z]{1,64}", re.ASCII)
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}", re.ASCII)


class SyncError(ValueError):
    """A sync message that cannot be used; the text says why, for the log."""


@dataclass(frozen=True)
class Move:
    id: str
    sender: str
    deck: str
    index: int  # 0-based slide
    at: float  # wall-clock seconds
    retained: bool = False  # the group's last move, kept by the broker (history, not news)

    def payload(self) -> bytes:
        doc: dict[str, Any] = {"type": "move", "id": self.id, "from": self.sender}
        doc |= {"deck": self.deck, "index": self.index + 1, "at": round(self.at, 6)}
        return json.dumps(doc, separators=(",", ":")).encode()


def _time_field(doc: dict[str, Any], key: str) -> float:
    value = doc.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value < 1e11:
        raise SyncError(f"'{key}' must be a time in epoch seconds")
    return float(value)


def _text_field(doc: dict[str, Any], key: str, pattern: re.Pattern[str]) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise SyncError(f"'{key}' is missing or not a plain name")
    return value


def parse_sync(payload: bytes, now: float, *, retained: bool = False) -> tuple[str, dict[str, Any]]:
    """(type, fields) of a sync message, checked; SyncError says why not. A move's fields are
    its `Move` under "move"; a move more than `STALE` s late (unless it is the `retained` last
    one: the group's history) or `AHEAD` s early is refused."""
    if len(payload) > SYNC_LIMIT:
        raise SyncError(f"{len(payload)} bytes (limit {SYNC_LIMIT})")
    try:
        doc = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise SyncError(f"not JSON ({e})") from None
    if not isinstance(doc, dict):
        raise SyncError("not a JSON object")
    kind = doc.get("type")
    ident = _text_field(doc, "id", _ID)
    sender = _text_field(doc, "from", _NAME)
    if kind == "move":
        index = doc.get("index")
        if not isinstance(index, int) or isinstance(index, bool) or not 1 <= index <= 99_999:
            raise SyncError("'index' must be a slide number from 1")
        deck = doc.get("deck")
        if not isinstance(deck, str) or not deck or len(deck) > 100:
            raise SyncError("'deck' must name the deck version")
        at = _time_field(doc, "at")
        if at < now - STALE and not retained:
            raise SyncError(f"stale: slide {index} was due {now - at:.1f} s ago")
        if at > now + AHEAD:
            raise SyncError(f"slide {index} is due in {at - now:.0f} s (a clock far off?)")
        return "move", {"move": Move(ident, sender, deck, index - 1, at, retained)}
    if kind == "ping":
        return "ping", {"id": ident, "from": sender, "t0": _time_field(doc, "t0")}
    if kind == "pong":
        fields = {"id": ident, "from": sender, "to": _text_field(doc, "to", _NAME)}
        return "pong", fields | {k: _time_field(doc, k) for k in ("t0", "t1", "t2")}
    raise SyncError(f"unknown type {str(kind)[:20]!r}")


class ClockHealth:
    """This display's clock against its peers' (round trips) and NTP's (chrony, timesyncd).
    Fed on the MQTT thread, read for the status on any: its samples are under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._peers: dict[str, tuple[float, deque[tuple[float, float]]]] = {}
        self.ntp: tuple[float, str] | None = None  # (offset s, source)
        self.warned = False

    def sample(self, peer: str, t0: float, t1: float, t2: float, t3: float, now: float) -> None:
        delay = (t3 - t0) - (t2 - t1)
        offset = -((t1 - t0) + (t2 - t3)) / 2  # + : this clock is ahead of the peer's
        if delay < 0 or not math.isfinite(offset) or delay > 10:
            return
        with self._lock:
            _, samples = self._peers.setdefault(peer, (now, deque(maxlen=SAMPLES)))
            samples.append((delay, offset))
            self._peers[peer] = (now, samples)

    def estimate(self, now: float) -> tuple[float, float, int] | None:
        """(offset, its round trip, peers): the median of each peer's best sample."""
        with self._lock:
            best = [
                min(samples)
                for seen, samples in self._peers.values()
                if samples and now - seen < PEER_TTL
            ]
        if not best:
            return None
        offset = statistics.median(o for _, o in best)
        rtt = statistics.median(d for d, _ in best)
        return offset, rtt, len(best)

    def report(self, now: float) -> dict[str, Any]:
        """The status's `clock` part; `warning` when an offset is over one frame."""
        doc: dict[str, Any] = {}
        found = self.estimate(now)
        worst = 0.0
        if found is not None:
            offset, rtt, peers = found
            doc |= {"offset_ms": round(offset * 1000, 2), "rtt_ms": round(rtt * 1000, 2)}
            doc["peers"] = peers
            worst = abs(offset)
        if self.ntp is not None:
            doc |= {"ntp_offset_ms": round(self.ntp[0] * 1000, 3), "ntp": self.ntp[1]}
            worst = max(worst, abs(self.ntp[0]))
        if doc:
            doc["warning"] = worst > FRAME
        return doc


def _seconds(number: str, unit: str) -> float:
    scale = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0}[unit]
    return float(number) * scale


def parse_chronyc(text: str) -> float | None:
    """`chronyc tracking`'s 'System time : 0.000012 seconds slow of NTP time' -> -0.000012."""
    match = re.search(r"System time\s*:\s*([0-9.]+) seconds (fast|slow)", text)
    if match is None:
        return None
    value = float(match.group(1))
    return value if match.group(2) == "fast" else -value


def parse_timedatectl(text: str) -> float | None:
    """`timedatectl timesync-status`'s 'Offset: +1.234ms' -> 0.001234 (as timesyncd says it)."""
    match = re.search(r"Offset:\s*([+-]?[0-9.]+)\s*(ns|us|µs|ms|s|min)\b", text)
    return None if match is None else _seconds(match.group(1), match.group(2))


def probe_ntp() -> tuple[float, str] | None:
    """The system clock's NTP offset from chronyc or timedatectl, where one answers."""
    for tool, args, parse in (
        ("chronyc", ["tracking"], parse_chronyc),
        ("timedatectl", ["timesync-status"], parse_timedatectl),
    ):
        binary = shutil.which(tool)
        if binary is None:
            continue
        try:
            out = subprocess.run(
                [binary, *args], capture_output=True, text=True, timeout=2, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        offset = parse(out)
        if offset is not None:
            return offset, tool
    return None


class GroupSync:
    """One member's side of its sync group's topic (calls come from the MQTT thread)."""

    def __init__(
        self,
        link: Link,
        topics: Topics,
        display: str,
        group: str,
        *,
        on_move: Callable[[Move], None],
        problem: Callable[[str], None],
        wall: Callable[[], float] = time.time,
        ntp: Callable[[], tuple[float, str] | None] = probe_ntp,
    ) -> None:
        self.link = link
        self.topic = topics.group_sync(group)
        self.display = display
        self.on_move = on_move
        self.problem = problem
        self.wall = wall
        self.clock = ClockHealth()
        self.active = False  # pinging: the display plays a sync release (or its file says so)
        self._ntp_probe = ntp
        self._own: deque[str] = deque(maxlen=64)  # ids of our own moves: their echo is skipped
        self._pings: dict[str, float] = {}
        self._next_ping = 0.0
        self._next_ntp = 0.0

    def broadcast(self, index: int, deck: str, at: float | None = None) -> Move:
        """'Slide `index` at `at` (default now + LEAD)' to the group, retained: the broker
        keeps the group's last move for members that start later. The caller applies it."""
        when = self.wall() + LEAD if at is None else at
        move = Move(uuid.uuid4().hex, self.display, deck, index, when)
        self._own.append(move.id)
        if self.link.publish(self.topic, move.payload(), retain=True) is None:
            log.warning("sync: broker not connected; slide %d shown here only", index + 1)
        return move

    def on_message(self, payload: bytes, retained: bool = False) -> None:
        received = self.wall()
        if not payload:
            return  # a retained move cleared
        try:
            kind, fields = parse_sync(payload, received, retained=retained)
        except SyncError as e:
            self.problem(f"sync message ignored: {e}")
            return
        if fields.get("from") == self.display or (
            kind == "move" and fields["move"].id in self._own
        ):
            return  # our own: a move is applied when sent, a ping is answered by the others
        if kind == "move":
            self.on_move(fields["move"])
        elif kind == "ping" and self.active:
            pong: dict[str, Any] = {"type": "pong", "id": fields["id"], "from": self.display}
            pong |= {"to": fields["from"], "t0": fields["t0"], "t1": received}
            pong["t2"] = self.wall()
            self.link.publish(self.topic, json.dumps(pong, separators=(",", ":")).encode())
        elif kind == "pong" and fields["to"] == self.display:
            sent = self._pings.pop(fields["id"], None)
            if sent is not None and sent == fields["t0"]:
                f = fields
                self.clock.sample(f["from"], f["t0"], f["t1"], f["t2"], received, time.monotonic())

    def tick(self) -> None:
        """The connection's periodic work: a ping now and then, NTP's offset once a minute."""
        if not self.active:
            return
        now = time.monotonic()
        if now >= self._next_ping:
            self._next_ping = now + PING_EVERY * random.uniform(0.8, 1.2)
            self.ping()
        if now >= self._next_ntp:
            self._next_ntp = now + NTP_EVERY
            threading.Thread(target=self._probe, name="kiosk-fleet-ntp", daemon=True).start()

    def ping(self) -> None:
        ident = uuid.uuid4().hex[:16]
        t0 = self.wall()
        self._pings = {k: v for k, v in self._pings.items() if v > t0 - 30} | {ident: t0}
        doc = {"type": "ping", "id": ident, "from": self.display, "t0": t0}
        self.link.publish(self.topic, json.dumps(doc, separators=(",", ":")).encode())

    def _probe(self) -> None:
        try:
            self.clock.ntp = self._ntp_probe()
        except Exception:
            log.exception("sync: reading the NTP offset failed")

    def status(self) -> dict[str, Any]:
        """The `clock` part of the status; logs a warning when it goes over one frame."""
        doc = self.clock.report(time.monotonic())
        warn = bool(doc.get("warning"))
        if warn and not self.clock.warned:
            log.warning(
                "sync: this display's clock is off by %s ms from its group (peers) / %s ms "
                "(NTP): over one frame (16.7 ms); run chrony or another NTP client",
                doc.get("offset_ms", "?"),
                doc.get("ntp_offset_ms", "?"),
            )
        elif self.clock.warned and not warn:
            log.info("sync: clock back within one frame of the group")
        self.clock.warned = warn
        return doc
