"""Live data for charts and metrics, without Qt: sources, their last good reading, staleness.

A `LiveFeed` holds what one source last said that made sense. Its owner hands it what the
source sent (`offer`) or that the source could not be reached (`unreachable`), and asks for
the `reading(now)` to show: the rows, when they arrived, and whether they are stale (older
than `stale_after`) or the source is unreachable. Junk (unparsable text, rows without the
columns the slide shows) is logged and ignored: the last good rows stay — "rather display
slightly old data than no data".

A `Poller` reads a file or a URL in its own thread every `interval` seconds and calls back
after each change; an MQTT topic (`MqttSource`, only when `paho-mqtt` is installed) pushes
each message instead. Time is injected: `now` is wall-clock seconds from a `Clock`.
"""

from __future__ import annotations

import importlib
import json
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.clock import Clock
from kiosk.core.data import Cell, DataError, Table, parse_table
from kiosk.core.model import LiveSource

__all__ = [
    "LiveFeed",
    "MqttSource",
    "Poller",
    "Reading",
    "feed_key",
    "mqtt_available",
    "read_file",
    "read_url",
]

log = logging.getLogger("kiosk.live")

MAX_BODY = 4 * 1024 * 1024  # bytes read from a URL at most
URL_TIMEOUT = 5.0


@dataclass(frozen=True)
class Reading:
    """What a slide shows: the last good rows and what is known about their age."""

    rows: tuple[dict[str, Cell], ...] = ()
    columns: tuple[str, ...] = ()
    updated: float | None = None  # wall time the rows arrived (None: nothing yet)
    stale: bool = False  # older than stale_after
    unreachable: str = ""  # why the source cannot be read now ("" when it can)
    version: int = 0  # grows with every new set of rows

    def numbers(self, column: str) -> list[float]:
        return [v for row in self.rows if isinstance(v := row.get(column), float)]

    def texts(self, column: str) -> list[str]:
        out = []
        for row in self.rows:
            v = row.get(column, "")
            out.append(str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
        return out

    def last(self, column: str) -> float | None:
        values = self.numbers(column)
        return values[-1] if values else None


@dataclass
class LiveFeed:
    """The state of one live source; thread-safe (a poller writes, the display reads)."""

    name: str
    stale_after: float | None = None
    window: int | None = None
    needs: tuple[str, ...] = ()  # columns the slides show: rows without them are junk
    junk: int = 0  # how many offers were ignored
    _rows: tuple[dict[str, Cell], ...] = ()
    _columns: tuple[str, ...] = ()
    _updated: float | None = None
    _unreachable: str = ""
    _version: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def offer(self, text: str, now: float, *, kind: str = "", append: bool = False) -> bool:
        """What the source sent; True if the rows changed. Junk is logged and ignored."""
        try:
            table = parse_table(Path(self.name), text, kind)
            for column in self.needs:
                table.require(column)
        except DataError as e:
            with self._lock:
                self.junk += 1
                self._unreachable = ""
            log.warning("live %s: ignored (%s); keeping the last good data", self.name, e.message)
            return False
        return self._take(table, now, append)

    def offer_rows(self, rows: list[dict[str, Any]], now: float, *, append: bool = True) -> bool:
        """Rows as decoded JSON objects (an MQTT message)."""
        return self.offer(json.dumps(rows), now, kind="json", append=append)

    def _take(self, table: Table, now: float, append: bool) -> bool:
        with self._lock:
            rows = (*self._rows, *table.rows) if append else table.rows
            if self.window is not None:
                rows = rows[-self.window :]
            columns = tuple(dict.fromkeys((*self._columns, *table.columns))) if append else ()
            changed = rows != self._rows
            self._rows, self._columns = rows, columns or table.columns
            self._updated = now
            self._unreachable = ""
            if changed:
                self._version += 1
            return changed

    def touch(self, now: float) -> None:
        """The source was read and had not changed: the data is current as of `now`."""
        with self._lock:
            if self._updated is not None:
                self._updated = now
            self._unreachable = ""

    def unreachable(self, reason: str) -> bool:
        """The source cannot be read now; True the first time (to log once)."""
        with self._lock:
            first = self._unreachable != reason
            self._unreachable = reason
        if first:
            log.warning("live %s: unreachable (%s); keeping the last good data", self.name, reason)
        return first

    def reading(self, now: float) -> Reading:
        with self._lock:
            updated = self._updated
            stale = (
                updated is not None
                and self.stale_after is not None
                and now - updated > self.stale_after
            )
            return Reading(
                self._rows, self._columns, updated, stale, self._unreachable, self._version
            )

    def stale_at(self) -> float | None:
        """When the current rows become stale (None: never, or nothing yet)."""
        with self._lock:
            if self._updated is None or self.stale_after is None:
                return None
            return self._updated + self.stale_after


def feed_key(source: LiveSource, base: Path) -> str:
    """One feed per source, shared by every slide that shows it (and across rebuilds)."""
    if source.file is not None:
        return str((base / source.file).resolve())
    if source.url is not None:
        return source.url
    return f"mqtt://{source.broker}/{source.topic}"


def read_file(path: Path, last: tuple[int, int] | None) -> tuple[str | None, tuple[int, int]]:
    """(text, stamp) of `path`; text is None when its (mtime, size) stamp is `last`."""
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    if stamp == last:
        return None, stamp
    if st.st_size > MAX_BODY:
        raise OSError(f"larger than {MAX_BODY // (1024 * 1024)} MiB")
    return path.read_text(encoding="utf-8-sig", errors="replace"), stamp


def read_url(url: str, timeout: float = URL_TIMEOUT) -> tuple[str, str]:
    """(body, kind) of a GET; kind is "json" or "csv" from the content type or the URL."""
    request = urllib.request.Request(url, headers={"User-Agent": "kiosk-live/1"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # the model: http(s) only
        body = response.read(MAX_BODY + 1)
        ctype = response.headers.get("Content-Type", "")
    if len(body) > MAX_BODY:
        raise OSError(f"response larger than {MAX_BODY // (1024 * 1024)} MiB")
    kind = "csv" if "csv" in ctype or url.lower().split("?")[0].endswith(".csv") else "json"
    return body.decode("utf-8-sig", errors="replace"), kind


class Poller:
    """Reads a file or URL source every `interval` s in a daemon thread; `on_change()` is
    called (from that thread) after each read that changed what the feed shows."""

    def __init__(
        self,
        feed: LiveFeed,
        source: LiveSource,
        base: Path,
        clock: Clock,
        on_change: Callable[[], None],
    ) -> None:
        self.feed = feed
        self.source = source
        self.base = base
        self.clock = clock
        self.on_change = on_change
        self._stop = threading.Event()
        self._stamp: tuple[int, int] | None = None
        self._thread = threading.Thread(target=self._run, name=f"live {feed.name}", daemon=True)

    def start(self) -> Poller:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def poll_once(self) -> bool:
        """One read; True if the feed changed (rows, or reachability)."""
        before = self.feed.reading(_stamp_now(self.clock))
        try:
            if self.source.file is not None:
                text, self._stamp = read_file(self.base / self.source.file, self._stamp)
                if text is None:
                    self.feed.touch(_stamp_now(self.clock))
                    return bool(before.unreachable)
                self.feed.offer(text, _stamp_now(self.clock))
            else:
                assert self.source.url is not None
                body, kind = read_url(self.source.url)
                self.feed.offer(body, _stamp_now(self.clock), kind=kind)
        except (OSError, urllib.error.URLError, ValueError) as e:
            self._stamp = None
            self.feed.unreachable(_reason(e))
        after = self.feed.reading(_stamp_now(self.clock))
        return (after.version, after.unreachable) != (before.version, before.unreachable)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.poll_once():
                    self.on_change()
            except Exception:  # a bug here must not end the thread: log and go on
                log.exception("live %s: read failed", self.feed.name)
            self._stop.wait(self.source.interval)


def _reason(e: BaseException) -> str:
    if isinstance(e, FileNotFoundError):
        return "file not found"
    if isinstance(e, urllib.error.HTTPError):
        return f"HTTP {e.code}"
    if isinstance(e, urllib.error.URLError):
        return str(e.reason)
    return str(e) or type(e).__name__


def mqtt_available() -> bool:
    try:
        importlib.import_module("paho.mqtt.client")
    except ImportError:
        return False
    return True


class MqttSource:
    """An MQTT topic (paho-mqtt): each message is a JSON object (one row) or a list of rows,
    appended to the feed (keep `window` rows)."""

    def __init__(
        self, feed: LiveFeed, source: LiveSource, clock: Clock, on_change: Callable[[], None]
    ) -> None:
        mqtt = importlib.import_module("paho.mqtt.client")
        assert source.broker is not None
        assert source.topic is not None
        host, _, port = source.broker.partition(":")
        self.feed, self.source, self.clock, self.on_change = feed, source, clock, on_change
        self.topic = source.topic
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.on_disconnect = self._on_disconnect
        self.client.connect_async(host, int(port or 1883))

    def start(self) -> MqttSource:
        self.client.loop_start()
        return self

    def stop(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()

    def _on_connect(self, client: Any, _userdata: Any, _flags: Any, code: Any, _p: Any) -> None:
        if getattr(code, "is_failure", False):
            self.feed.unreachable(f"broker refused: {code}")
            self.on_change()
            return
        client.subscribe(self.topic)

    def _on_disconnect(self, _c: Any, _u: Any, _f: Any, code: Any, _p: Any) -> None:
        self.feed.unreachable(f"disconnected from {self.source.broker} ({code})")
        self.on_change()

    def _on_message(self, _client: Any, _userdata: Any, message: Any) -> None:
        text = message.payload.decode("utf-8", errors="replace")
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        rows = [data] if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows) or not rows:
            self.feed.junk += 1
            log.warning("live %s: ignored a message that is not JSON rows", self.feed.name)
            return
        if self.feed.offer_rows(rows, _stamp_now(self.clock)):
            self.on_change()


def _stamp_now(clock: Clock) -> float:
    """Wall-clock seconds (epoch) from the injected clock: what 'updated 14:03' is shown from."""
    return clock.wall().timestamp()
