"""The operator's side: publish a deck, read every display's status, send commands, collect proof.

Each call connects with the operator login, does its work, and disconnects. Waiting for
"every retained message of a subscription" uses a barrier: subscribe, then publish a marker
to a topic of our own and wait for it to come back. A broker delivers the retained messages
of a subscription before it handles a publish made after that subscription, so when the marker
arrives everything retained has too.

Proof of play is collected through a persistent session (`kiosk-<fleet>-proof`, clean session
off, QoS 1): while no operator is connected the broker keeps every play for it, and each
`kiosk fleet proof` (and every `kiosk publish`, so that collecting starts with the first deck)
drains them into an archive on the operator's disk, where a play's `id` is its identity.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.fleet.config import MQTT_FILE_LIMIT, FleetError, FleetFile
from kiosk.fleet.manifest import Release
from kiosk.fleet.mqtt import Link

__all__ = [
    "ProofArchive",
    "PublishReport",
    "Session",
    "collect_proof",
    "fetch_status",
    "prune_files",
    "publish_release",
    "send_command",
]

log = logging.getLogger("kiosk.fleet.operator")

CONNECT_TIMEOUT = 10.0


class Session:
    """An operator connection: messages of interest are collected under a lock."""

    def __init__(
        self,
        fleet: FleetFile,
        *,
        client_id: str | None = None,
        clean: bool = True,
        on_message: Callable[[str, bytes, bool], None] | None = None,
    ) -> None:
        self.fleet = fleet
        self.topics = fleet.topics
        self.messages: list[tuple[str, bytes, bool]] = []
        self._cond = threading.Condition()
        self._user = on_message
        cid = client_id or f"kiosk-{fleet.fleet}-operator-{uuid.uuid4().hex[:8]}"
        self.link = Link(
            fleet.broker,
            fleet.operator_login(),
            cid,
            clean=clean,
            on_message=self._message,
            max_backoff=2.0,
        )

    def __enter__(self) -> Session:
        self.link.start()
        try:
            self.link.wait_connected(CONNECT_TIMEOUT)
        except FleetError:
            self.link.stop()
            raise
        return self

    def __exit__(self, *_: object) -> None:
        self.link.stop()

    def _message(self, topic: str, payload: bytes, retained: bool) -> None:
        if self._user is not None:
            self._user(topic, payload, retained)
        with self._cond:
            self.messages.append((topic, payload, retained))
            self._cond.notify_all()

    def wait_for(self, pred: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not pred():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.2))
        return True

    def barrier(self, subscriptions: Iterable[str], timeout: float = CONNECT_TIMEOUT) -> None:
        """Subscribe and wait until the broker has sent everything retained for them."""
        marker = f"{self.topics.root}/operator/sync/{uuid.uuid4().hex}"
        self.link.subscribe_many([*subscriptions, marker])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.link.publish(marker, b"sync")
            if self.wait_for(lambda: any(t == marker for t, _, _ in self.messages), 1.0):
                return
        raise FleetError("the broker did not answer in time (is the operator login allowed?)")

    def send(self, topic: str, payload: bytes, *, retain: bool = False) -> None:
        """Publish with QoS 1 and wait for the broker's acknowledgement."""
        info = self.link.publish(topic, payload, retain=retain)
        if info is None:
            raise FleetError(f"lost the broker while sending to {topic}: {self.link.reason}")
        info.wait_for_publish(CONNECT_TIMEOUT)
        if not info.is_published():
            raise FleetError(f"the broker did not acknowledge {topic} in time")


@dataclass
class PublishReport:
    version: str
    files: int
    sent: list[str] = field(default_factory=list)  # paths sent over MQTT
    sent_bytes: int = 0
    cached: int = 0  # files the broker already had
    over_http: list[str] = field(default_factory=list)
    unchanged: str | None = None  # the group already has this deck: this version, not resent


def publish_release(
    fleet: FleetFile, release: Release, *, dry_run: bool = False, again: bool = False
) -> PublishReport:
    """Send what the broker lacks, then the retained manifest (last: displays act on it).
    The deck the group already has is not published again, unless `again` (a new epoch)."""
    manifest = release.manifest
    report = PublishReport(manifest.version, len(manifest.files))
    with Session(fleet) as s:
        s.barrier([s.topics.have("+"), s.topics.manifest(manifest.group)])
        previous = _retained_manifest(s, manifest.group) or {}
        was_sync = previous.get("epoch") is not None
        same = previous.get("deck") == manifest.deck and was_sync == (manifest.epoch is not None)
        if same and not again and manifest.at is None:
            report.unchanged = str(previous.get("version"))
            report.cached = len(manifest.files)
            return report  # idempotent: the same deck again changes nothing anywhere
        have = {
            t.rsplit("/", 1)[-1] for t, p, _ in s.messages if t.startswith(s.topics.have("")) and p
        }
        for entry in manifest.files:
            if manifest.over_http(entry):
                report.over_http.append(entry.path)
                continue
            if entry.sha256 in have:
                report.cached += 1
                continue
            have.add(entry.sha256)
            report.sent.append(entry.path)
            report.sent_bytes += entry.size
            if dry_run:
                continue
            if entry.path == manifest.playlist:
                data = release.playlist_bytes
            else:
                data = release.sources[entry.sha256].read_bytes()
            s.send(s.topics.file(entry.sha256), data, retain=True)
            s.send(
                s.topics.have(entry.sha256), json.dumps({"size": entry.size}).encode(), retain=True
            )
        if not dry_run:
            s.send(s.topics.manifest(manifest.group), manifest.payload(), retain=True)
    if not dry_run:
        try:
            collect_proof(fleet, ProofArchive.default(fleet.fleet))
        except (FleetError, OSError) as e:
            log.warning("proof of play not collected: %s", e)
    return report


def _retained_manifest(s: Session, group: str) -> dict[str, Any] | None:
    topic = s.topics.manifest(group)
    for t, payload, _ in s.messages:
        if t == topic and payload:
            try:
                doc = json.loads(payload)
            except (ValueError, UnicodeDecodeError):
                return None
            return doc if isinstance(doc, dict) else None
    return None


def prune_files(fleet: FleetFile, *, dry_run: bool = False) -> tuple[int, int]:
    """Drop retained files no group's manifest names; (files, bytes) freed on the broker."""
    t = fleet.topics
    with Session(fleet) as s:
        s.barrier([t.have("+"), t.manifest("+")])
        named: set[str] = set()
        have: dict[str, int] = {}
        for topic, payload, _ in s.messages:
            if not payload:
                continue
            if topic.startswith(t.have("")):
                try:
                    size = int(json.loads(payload).get("size", 0))
                except (ValueError, AttributeError, TypeError):
                    size = 0
                have[topic.rsplit("/", 1)[-1]] = size
            elif topic.endswith("/manifest"):
                try:
                    files = json.loads(payload).get("files", [])
                    named.update(str(f.get("sha256")) for f in files if isinstance(f, dict))
                except (ValueError, AttributeError):
                    continue  # not ours to judge: keep everything it might name
        unused = sorted(set(have) - named)
        if not dry_run:
            for sha in unused:
                s.send(t.have(sha), b"", retain=True)  # first: publish resends it if needed
                s.send(t.file(sha), b"", retain=True)
    return len(unused), sum(have[sha] for sha in unused)


def fetch_status(fleet: FleetFile) -> list[dict[str, Any]]:
    """Every display's retained status, plus the fleet file's displays never seen."""
    with Session(fleet) as s:
        s.barrier([s.topics.status("+")])
        found: dict[str, dict[str, Any]] = {}
        for topic, payload, _ in s.messages:
            parts = topic.split("/")
            if len(parts) != 5 or parts[2] != "display" or parts[4] != "status" or not payload:
                continue
            try:
                doc = json.loads(payload)
            except (ValueError, UnicodeDecodeError):
                doc = {"problems": ["status is not JSON"]}
            if isinstance(doc, dict):
                found[parts[3]] = {**doc, "display": parts[3]}
    for d in fleet.displays:
        found.setdefault(d, {"display": d, "online": False, "reason": "never seen"})
    return [found[k] for k in sorted(found)]


def send_command(
    fleet: FleetFile,
    target: str,
    text: str,
    *,
    timeout: float = 5.0,
    shot_dir: Path | None = None,
) -> list[str]:
    """Send `text` to a display (or `group:NAME`); lines saying what came back."""
    request = uuid.uuid4().hex
    t = fleet.topics
    if target.startswith("group:"):
        topic = t.group_cmd(target.removeprefix("group:"))
        expect: int | None = None
    else:
        topic = t.cmd(target)
        expect = 1
    screenshot = text.strip().lower() == "screenshot"
    lines: list[str] = []
    with Session(fleet) as s:
        replies = f"{t.root}/display/+/reply/{request}"
        shots = f"{t.root}/display/+/shot/{request}"
        s.barrier([replies, shots])
        doc: dict[str, Any] = {"id": request, "text": text}
        if expect is None:  # a group: a sync group's members make a move at this same moment
            from kiosk.fleet.groupsync import LEAD

            doc["at"] = time.time() + LEAD
        s.send(topic, json.dumps(doc).encode())

        def got() -> list[tuple[str, bytes, bool]]:
            return [m for m in s.messages if m[0].endswith(f"/reply/{request}")]

        s.wait_for(lambda: expect is not None and len(got()) >= expect, timeout)
        if screenshot:
            s.wait_for(lambda: any(m[0].endswith(f"/shot/{request}") for m in s.messages), 1.0)
        for topic_in, payload, _ in list(s.messages):
            display = topic_in.split("/")[3] if topic_in.count("/") >= 4 else "?"
            if topic_in.endswith(f"/shot/{request}"):
                folder = shot_dir or Path.cwd()
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                path = folder / f"screenshot-{display}-{stamp}.png"
                if len(payload) <= MQTT_FILE_LIMIT and payload.startswith(b"\x89PNG"):
                    path.write_bytes(payload)
                    lines.append(f"{display}: screenshot saved to {path}")
            elif topic_in.endswith(f"/reply/{request}"):
                try:
                    doc = json.loads(payload)
                    ok = "ok" if doc.get("ok") else "refused"
                    lines.append(f"{display}: {ok}: {doc.get('message', '')}")
                except (ValueError, AttributeError):
                    lines.append(f"{display}: unreadable reply")
    if not lines:
        lines.append(
            f"sent to {target}; no answer within {timeout:g} s (offline? see kiosk fleet status)"
            if expect
            else f"sent to {target}"
        )
    return lines


class ProofArchive:
    """The operator's proof-of-play store: JSON lines, each play once (by its id)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ids: set[str] | None = None

    @classmethod
    def default(cls, fleet: str) -> ProofArchive:
        import platformdirs

        base = Path(platformdirs.user_data_dir("kiosk", appauthor=False))
        return cls(base / "fleet" / fleet / "proof.jsonl")

    def ids(self) -> set[str]:
        if self._ids is None:
            self._ids = {str(p.get("id")) for p in self.plays()}
        return self._ids

    def plays(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        try:
            with open(self.path, encoding="utf-8") as f:
                for line in f:
                    try:
                        doc = json.loads(line)
                    except ValueError:
                        continue  # a line cut by a crash
                    if isinstance(doc, dict) and "id" in doc:
                        out.append(doc)
        except FileNotFoundError:
            pass
        return out

    def add(self, play: dict[str, Any]) -> bool:
        """Store one play (flushed to disk before returning); False if already there."""
        pid = play.get("id")
        if not isinstance(pid, str) or not pid or pid in self.ids():
            return False
        import os

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(play, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
        self.ids().add(pid)
        return True


def collect_proof(fleet: FleetFile, archive: ProofArchive) -> int:
    """Drain the broker's queued plays into `archive`; how many were new."""
    new = 0
    prefix = f"{fleet.topics.root}/display/"

    def on_message(topic: str, payload: bytes, _retained: bool) -> None:
        nonlocal new
        if not (topic.startswith(prefix) and topic.endswith("/proof")) or len(payload) > 8192:
            return
        try:
            doc = json.loads(payload)
        except (ValueError, UnicodeDecodeError):
            return
        if isinstance(doc, dict) and archive.add(doc):
            new += 1

    cid = f"kiosk-{fleet.fleet}-proof"
    with Session(fleet, client_id=cid, clean=False, on_message=on_message) as s:
        s.barrier([fleet.topics.proof("+")])
    return new
