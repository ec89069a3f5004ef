"""Live charts and metrics on screen: one feed per source for the whole process, slides that
update in place when it changes, and a small "stale" / "offline" mark with the data's time.

- `LiveHub` (one per process, `hub()`) owns a `kiosk.core.live.LiveFeed` and its reader
  (a `Poller` thread for a file or URL, an `MqttSource` for a topic) per source. Feeds outlive
  slides: a slide built again (every loop of the deck) starts on the last good data, so it
  never flashes empty. A file source is read once at once, so its first slide has it.
- Readers run off the main thread and emit `updated(key)`; Qt queues it to the main thread.
- `LiveBinding` ties one slide to its feed: it applies the reading at build (no animation)
  and on each update (animated: the metric tweens to its new number, the chart's bars and
  lines move to their new values), and re-marks the slide when the data turns stale (a timer
  at the moment it does; nothing polls).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRect, Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.core.clock import Clock, MonotonicClock
from kiosk.core.live import LiveFeed, MqttSource, Poller, Reading, feed_key, mqtt_available
from kiosk.core.loader import ChartData
from kiosk.core.model import LiveSource
from kiosk.ui.timers import named_timer

__all__ = ["LiveBinding", "LiveHub", "bind_chart", "bind_metric", "hub", "mark_text"]

log = logging.getLogger("kiosk.live")

IDLE_MS = 15 * 60_000  # a reader no slide has used for this long stops (longer than a loop)


class LiveHub(QObject):
    """Every live feed of the process, and the readers that fill them."""

    updated = Signal(str)  # feed key (emitted from reader threads: queued to the main thread)

    def __init__(self, clock: Clock | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("live-hub")
        self.clock: Clock = clock or MonotonicClock()
        self.feeds: dict[str, LiveFeed] = {}
        self.readers: dict[str, Poller | MqttSource] = {}
        self.users: dict[str, int] = {}  # slides alive (shown or built ahead) per feed
        self._idle_timer = named_timer(self, "live-idle", self.on_idle, IDLE_MS)

    def feed(self, source: LiveSource, base: Path, needs: tuple[str, ...]) -> tuple[str, LiveFeed]:
        key = feed_key(source, base)
        feed = self.feeds.get(key)
        if feed is None:
            feed = self.feeds[key] = LiveFeed(key, source.stale_after, source.window, needs)
        if key not in self.readers:
            self._start(key, feed, source, base)
        self.users[key] = self.users.get(key, 0) + 1
        return key, feed

    def release(self, key: str) -> None:
        """A slide following `key` is gone; readers unused for IDLE_MS stop (a source that
        left the deck at a reload), their last data kept for a slide that comes back."""
        self.users[key] = max(0, self.users.get(key, 0) - 1)
        if not self.users[key]:
            self._idle_timer.start()

    def on_idle(self) -> None:
        for key in [k for k, n in self.users.items() if n == 0]:
            reader = self.readers.pop(key, None)
            if reader is not None:
                reader.stop()
                log.info("live %s: no slide shows it any more; reader stopped", key)
            del self.users[key]

    def _start(self, key: str, feed: LiveFeed, source: LiveSource, base: Path) -> None:
        def changed() -> None:
            self.updated.emit(key)

        if source.topic is not None:
            if not mqtt_available():
                log.error("live %s: an MQTT topic needs paho-mqtt: pip install 'kiosk[fleet]'", key)
                feed.unreachable("no MQTT client installed")
                return
            self.readers[key] = MqttSource(feed, source, self.clock, changed).start()
            return
        poller = Poller(feed, source, base, self.clock, changed)
        if source.file is not None:
            poller.poll_once()  # a local file: its first slide shows it at once
        self.readers[key] = poller.start()

    def stop(self) -> None:
        for reader in self.readers.values():
            reader.stop()
        self.readers.clear()

    def now(self) -> float:
        return self.clock.wall().timestamp()


_hub: LiveHub | None = None


def hub() -> LiveHub:
    """The process's hub (made on first use, owned by the application)."""
    global _hub
    if _hub is None:
        _hub = LiveHub(parent=QCoreApplication.instance())
    return _hub


def set_hub(new: LiveHub | None) -> LiveHub | None:
    """Replace the process's hub (tests: a fake clock); returns the old one."""
    global _hub
    old, _hub = _hub, new
    return old


def mark_text(reading: Reading) -> str:
    """'' when fresh; else what a viewer should know about the number's age."""
    at = ""
    if reading.updated is not None:
        at = datetime.fromtimestamp(reading.updated).strftime("%H:%M:%S")
    if reading.unreachable:
        return f"offline · data of {at}" if at else f"offline · {reading.unreachable}"
    if reading.updated is None:
        return "waiting for live data"
    if reading.stale:
        return f"stale · data of {at}"
    return ""


class LiveBinding(QObject):
    """One slide following one feed: `apply(reading, animate)` paints what it says."""

    def __init__(
        self,
        view: Any,
        source: LiveSource,
        needs: tuple[str, ...],
        apply: Callable[[Reading, bool], None],
        live_hub: LiveHub | None = None,
    ) -> None:
        super().__init__(view)
        self.setObjectName("live-binding")
        self.view = view
        self.hub = live_hub or hub()
        self.apply = apply
        self.key, self.feed = self.hub.feed(source, view.ctx.loaded.path.parent, needs)
        self.version = -1
        self.updates = 0
        t = view.theme
        self.mark = view.label("", "small", t.highlight, playlist_text=False, wrap=False)
        self.mark.setObjectName("live-mark")
        self.mark.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        box = t.logo_box()
        self._mark_box = QRect(
            box.left() - box.width(), box.bottom() + t.px(8), box.width() * 2, t.px(40)
        )
        self.mark.hide()
        self._stale_timer = named_timer(self, "live-stale", self.on_stale)
        self.hub.updated.connect(self.on_updated)
        self.destroyed.connect(_releaser(self.hub, self.key))
        self.refresh(animate=False)

    def on_updated(self, key: str) -> None:
        if key == self.key:
            self.refresh(animate=True)

    def on_stale(self) -> None:
        self.refresh(animate=False)

    def refresh(self, *, animate: bool) -> None:
        now = self.hub.now()
        reading = self.feed.reading(now)
        if reading.version != self.version:
            self.version = reading.version
            try:
                self.apply(reading, animate)
            except Exception:  # a bad reading must not take the slide down
                log.exception("live %s: could not show the new data", self.key)
            self.updates += 1
        self._mark(reading)
        due = self.feed.stale_at()
        if due is not None and not reading.stale:
            self._stale_timer.start(max(0, int((due - now) * 1000) + 50))
        else:
            self._stale_timer.stop()

    def _mark(self, reading: Reading) -> None:
        text = mark_text(reading)
        if not text:
            self.mark.hide()
            return
        self.mark.setText(text)
        self.mark.fit(self._mark_box)
        self.mark.move(self._mark_box.right() + 1 - self.mark.width(), self._mark_box.top())
        self.mark.show()
        self.mark.raise_()


def _releaser(live_hub: LiveHub, key: str) -> Callable[..., None]:
    """A slot for a binding's `destroyed` that does not keep the binding alive."""

    def release(*_: object) -> None:
        with contextlib.suppress(RuntimeError):  # the hub went first (application exit)
            live_hub.release(key)

    return release


def bind_metric(view: Any) -> LiveBinding:
    """A metric slide follows `slide.live`: the last row's `column`."""
    source: LiveSource = view.slide.live
    column = source.column

    seeded = view.slide.value is not None or view.slide.data is not None

    def apply(reading: Reading, animate: bool) -> None:
        if reading.updated is None and seeded:
            return  # nothing live yet: the slide's own value stands
        view.set_live_value(reading.last(column), animate=animate)

    return LiveBinding(view, source, (column,), apply)


def chart_data_of(reading: Reading, x: str, ys: list[str], highlight: str | None) -> ChartData:
    """The rows with a number in every `ys` column, as chart data."""
    rows = [r for r in reading.rows if all(isinstance(r.get(y), float) for y in ys)]
    one = Reading(tuple(rows))
    labels = one.texts(x)
    series = [(y, one.numbers(y)) for y in ys]
    return ChartData(labels, series, labels.index(highlight) if highlight in labels else None)


def bind_chart(view: Any, chart: QWidget) -> LiveBinding:
    """A chart slide follows `slide.live`: its rows, `x` and `y` columns."""
    slide = view.slide
    source: LiveSource = slide.live
    ys = slide.y_columns()

    def apply(reading: Reading, animate: bool) -> None:
        if not reading.rows:
            return
        data = chart_data_of(reading, slide.x, ys, slide.highlight)
        if data.labels:
            chart.set_live_data(data, animate=animate)  # type: ignore[attr-defined]

    return LiveBinding(view, source, (slide.x, *ys), apply)
