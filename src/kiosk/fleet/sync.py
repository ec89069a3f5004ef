"""A display's decks: from a manifest to a validated release, switched to (on time).

`DeckSync` runs on its own worker thread, so that hashing, writing and validating never hold
up the MQTT thread (or the Qt thread). For a new manifest it subscribes to the retained
messages of the files the cache lacks (or fetches the big ones over HTTP(S)), stores each one
whose hash matches, assembles and validates the release when all are there, and switches to
it at once or at the manifest's `at`. A manifest not newer than the one applied (by `seq`)
does nothing: a retained copy received again is not acted on twice.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from kiosk.fleet.cache import Cache, ReleaseError
from kiosk.fleet.config import HEX64, HTTP_FILE_LIMIT, Topics
from kiosk.fleet.manifest import Manifest, ManifestError, parse_manifest
from kiosk.fleet.mqtt import Link

__all__ = ["DeckSync"]

log = logging.getLogger("kiosk.fleet")


class DeckSync:
    def __init__(
        self,
        cache: Cache,
        link: Link,
        topics: Topics,
        fleet: str,
        group: str,
        on_release: Callable[[Path], None],
        problem: Callable[[str], None],
    ) -> None:
        self.cache = cache
        self.link = link
        self.topics = topics
        self.fleet = fleet
        self.group = group
        self.on_release = on_release
        self.problem = problem
        self.pending: Manifest | None = None
        self.wanted: set[str] = set()
        self._applied_seq = int(cache.read_state().get("seq", -1) or -1)
        self._switch_at: tuple[float, Manifest] | None = None
        self._work: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._worker = threading.Thread(
            target=self._work_loop, name="kiosk-fleet-work", daemon=True
        )

    def start(self) -> None:
        self._worker.start()

    def stop(self) -> None:
        self._work.put(None)
        self._worker.join(3)

    def on_file(self, sha: str, payload: bytes) -> None:
        """A file's retained message (MQTT thread): stored on the worker if wanted."""
        if sha in self.wanted:
            self._work.put(lambda: self._store(sha, payload))

    def on_manifest(self, payload: bytes) -> None:
        if not payload:
            return  # a cleared retained manifest: keep playing what we have
        try:
            manifest = parse_manifest(payload, fleet=self.fleet, group=self.group)
        except ManifestError as e:
            self.problem(f"manifest ignored: {e}")
            return
        pending = self.pending
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
        pending = self.pending
        if manifest.seq <= self._applied_seq or (pending and manifest.seq <= pending.seq):
            return
        for entry in manifest.files:
            if manifest.over_http(entry) and not manifest.base_url:
                self.problem(f"manifest {manifest.version} ignored: {entry.path} too big for MQTT")
                return
        state = self.cache.read_state()
        same_epoch = state.get("epoch") == manifest.epoch
        if state.get("deck") == manifest.deck and same_epoch and self.cache.current_version():
            self._applied_seq = manifest.seq  # the deck on screen, published again: nothing to do
            for sha in self.wanted:  # and whatever was on its way is no longer wanted
                self.link.unsubscribe(self.topics.file(sha))
            self.wanted, self.pending, self._switch_at = set(), None, None
            return
        old = set(self.wanted)
        self.pending = manifest
        missing = self.cache.missing(manifest)
        by_sha = {f.sha256: f for f in manifest.files}
        over_mqtt = [s for s in missing if not manifest.over_http(by_sha[s])]
        over_http = [s for s in missing if manifest.over_http(by_sha[s])]
        self.wanted = set(missing)
        for sha in old - self.wanted:
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
            self.problem(f"cannot fetch {url}: {e}")
            return
        if len(data) != size:
            self.problem(f"{url}: {len(data)} bytes, the manifest says {size}; refused")
            return
        self._store(sha, data)

    def _store(self, sha: str, payload: bytes) -> None:
        if sha not in self.wanted or not HEX64.fullmatch(sha):
            return
        if self.cache.has(sha):
            self._got(sha)
            return
        try:
            self.cache.put(sha, payload)
        except ReleaseError as e:
            self.problem(str(e))
            return
        except OSError as e:
            self.problem(f"cannot write to the cache: {e}")
            return
        self._got(sha)

    def _got(self, sha: str) -> None:
        self.wanted.discard(sha)
        self.link.unsubscribe(self.topics.file(sha))
        self._maybe_ready()

    def _maybe_ready(self) -> None:
        manifest = self.pending
        if manifest is None or self.wanted:
            self.link.wake()
            return
        try:
            self.cache.assemble(manifest)
        except ReleaseError as e:
            self.pending = None
            self._applied_seq = max(self._applied_seq, manifest.seq)  # do not retry a bad deck
            self.problem(f"deck {manifest.version} refused: {e}; the last good deck stays")
            return
        if manifest.at is not None and manifest.at > time.time():
            log.info("fleet: deck %s ready, switching at %s", manifest.version, manifest.at)
            self._switch_at = (manifest.at, manifest)
            return
        self._switch(manifest)

    def _due_switch(self) -> None:
        due = self._switch_at
        self._switch_at = None
        if due is not None and due[1] is self.pending:
            self._switch(due[1])

    def _switch(self, manifest: Manifest) -> None:
        try:
            playlist = self.cache.switch(manifest)
        except OSError as e:
            self.problem(f"cannot switch to deck {manifest.version}: {e}")
            return
        self.pending = None
        self._applied_seq = manifest.seq
        log.info("fleet: showing deck %s", manifest.version)
        self.on_release(playlist)
