"""The one place where the fleet meets the player (`kiosk run --fleet`): all its Qt wiring.

`DisplayClient` (Qt-free, `kiosk.fleet.display`) calls back from its own threads; each
callback here only emits a signal, connected with `Qt.QueuedConnection`, so that the slot runs
on the Qt thread. There:

- a new release (`current` switched) makes the hot-reload watcher re-read at once
  (`PlaylistWatcher.check_now`), which replaces the deck and keeps the slide on screen by id;
- a `kiosk.core.commands.Command` is submitted to the show (`player.submit`), which owns
  navigation, covers and the operator's message; the outcome goes back as a reply;
- `screenshot` grabs the stage as a PNG and sends it back;
- the show's `reload` request re-reads the release.

What is on screen goes the other way: every `ShowState` the player draws becomes the fleet
status (`set_state`) and, when a slide leaves the screen, one proof-of-play record
(`queue_play`). A sync group's moves and epoch are `kiosk.ui.grouplink`'s.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QIODevice, QObject, Qt, Signal

from kiosk.core.commands import Command, Op
from kiosk.core.modes import Mode
from kiosk.core.state import ShowState
from kiosk.core.status import slide_title

if TYPE_CHECKING:
    from kiosk.fleet.display import DisplayClient
    from kiosk.ui.app import Player
    from kiosk.ui.grouplink import GroupLink
    from kiosk.ui.records import Records
    from kiosk.ui.watcher import PlaylistWatcher

__all__ = ["FleetLink", "join_fleet"]

log = logging.getLogger("kiosk.fleet")


def join_fleet(args: argparse.Namespace) -> FleetLink | None:
    """`kiosk run --fleet`: the client, before the player exists (None: a message was printed)."""
    from kiosk.fleet.config import FleetError, FleetFile
    from kiosk.fleet.display import DisplayClient

    try:
        fleet = FleetFile.load(args.fleet)
        display = args.display or fleet.only_display()
        group = args.group or fleet.group
        if not display or not group:
            missing = "--display ID" if not display else "--group NAME"
            raise FleetError(f"{args.fleet} does not say which display and group: add {missing}")
        client = DisplayClient(fleet, display, group, home_assistant=args.home_assistant or None)
    except FleetError as e:
        print(f"kiosk: {e}", file=sys.stderr)
        return None
    return FleetLink(client)


class FleetLink(QObject):
    release_arrived = Signal(object)  # Path of the new current playlist
    command_arrived = Signal(object, str)  # Command, request id
    screenshot_wanted = Signal(str)  # request id
    broker_changed = Signal(str)  # why the broker is (un)reachable, in words

    def __init__(self, client: DisplayClient) -> None:
        super().__init__()
        self.setObjectName("fleet-link")
        self.client = client
        self.player: Player | None = None
        self.watcher: PlaylistWatcher | None = None
        self._play: dict[str, Any] | None = None
        self._play_key: tuple[str, int] | None = None
        self._play_started = 0.0
        self._showing: str | None = None
        self.group: GroupLink | None = None
        self.start_epoch: float | None = None  # the sync epoch of the deck start_playlist chose
        client.on_release = self.release_arrived.emit
        client.on_command = self.command_arrived.emit
        client.on_screenshot = self.screenshot_wanted.emit
        client.on_broker = self.broker_changed.emit
        self._records: Records | None = None
        queued = Qt.ConnectionType.QueuedConnection
        self.release_arrived.connect(self.on_release, queued)
        self.command_arrived.connect(self.on_command, queued)
        self.screenshot_wanted.connect(self.on_screenshot, queued)
        self.broker_changed.connect(self.on_broker_changed, queued)

    def start_playlist(self, given: Path) -> Path:
        """The cached release when there is a good one (offline first), else `given`."""
        from kiosk.core.loader import check_playlist

        current = self.client.current_playlist()
        if current is not None:
            problems = check_playlist(current)
            if not problems:
                log.info("fleet: playing the cached deck %s", self.client.cache.current_version())
                self.start_epoch = self.client.cache.sync_epoch()
                return current
            log.warning("fleet: the cached deck does not load (%s); showing %s", problems[0], given)
        return given

    @property
    def watch_path(self) -> Path:
        return self.client.watch_path

    def attach(self, player: Player, watcher: QObject | None, records: Records) -> None:
        from kiosk.ui.grouplink import GroupLink
        from kiosk.ui.watcher import PlaylistWatcher

        self.player = player
        self._records = records
        self.watcher = watcher if isinstance(watcher, PlaylistWatcher) else None
        self._showing = _release_of(player.loaded.path)
        self.setParent(player)
        self.group = GroupLink(self.client, player, self)
        self.group.deck = self._showing
        self.group.restore()
        player.state_changed.connect(self.on_state)
        if self.watcher is None:  # with a watcher, run.py's reload handler re-reads it
            player.show.on_request(self.on_request)

    def start(self) -> None:
        if self.player is not None:
            self.on_state(self.player.state)
        self._local_status()
        self.client.start()

    def stop(self) -> None:
        self._end_play()
        self.client.stop()

    # --- slots (Qt thread) --------------------------------------------------------------

    def on_release(self, playlist: Path) -> None:
        if self.group is not None:
            self.group.on_release()
        if self.watcher is not None:
            self.watcher.check_now()  # the hot reload applies it, now rather than at its poll
            return
        from kiosk.core.loader import PlaylistError, load_playlist

        try:  # --no-watch: apply it ourselves
            loaded = load_playlist(playlist)
        except PlaylistError as e:
            log.warning("fleet: new deck does not load: %s", e.problems[0])
            return
        if self.player is not None:
            self.player.replace_deck(loaded)

    def on_request(self, command: Command) -> None:
        """The show cannot read files: `reload` re-reads the current release here."""
        if command.op is Op.RELOAD:
            self.on_release(self.watch_path)

    def on_command(self, command: Command, request: str) -> None:
        player = self.player
        if player is None:
            return
        index = command.index
        if command.op is Op.GOTO and index is not None and not 0 <= index < player.slide_count:
            count = player.slide_count
            self.client.reply(
                request, False, f"there is no slide {index + 1} (the deck has {count})"
            )
            return
        try:
            done = player.submit(command)
        except Exception as e:  # the show isolates its listeners; this is a last resort
            log.exception("fleet: command %s failed", command.describe())
            self.client.reply(request, False, f"failed: {e}")
            return
        what = command.describe()
        self.client.reply(request, True, what if done else f"{what}: nothing to do now")

    def on_broker_changed(self, _reason: str) -> None:
        self._local_status()

    def on_screenshot(self, request: str) -> None:
        if self.player is None:
            return
        pixmap = self.player.stage.grab()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        pixmap.save(buffer, "PNG")
        self.client.reply_png(request, bytes(buffer.data().data()))

    def on_state(self, state: ShowState) -> None:
        if state.moved and self.player is not None:
            self._showing = _release_of(self.player.loaded.path)
        if self.group is not None:
            self.group.deck = self._showing
            self.group.on_state(state)
        key = (
            (state.deck_version, state.index) if state.on_air and state.index is not None else None
        )
        if state.moved or key != self._play_key:
            self._end_play()
            self._begin_play(state, key)
        self._publish_state(state)
        if state.moved:
            self._local_status()

    def _local_status(self) -> None:
        """The fleet's part of `--status-file` (what the display knows with no broker too)."""
        if self._records is not None:  # a new dict: the status writer may be reading the old
            self._records.status.extra = {
                **self._records.status.extra,
                "fleet": self.client.local_status(),
            }

    # --- internals ----------------------------------------------------------------------

    def _begin_play(self, state: ShowState, key: tuple[str, int] | None) -> None:
        self._play_key = key
        if self.player is None or key is None or state.index is None:
            return
        slide = self.player.loaded.playlist.slides[state.index]
        now = datetime.now(UTC).astimezone()
        self._play_started = time.monotonic()
        self._play = {
            "start": now.isoformat(timespec="milliseconds"),
            "ts_ms": int(now.timestamp() * 1000),
            "index": state.index + 1,
            "slide_id": state.slide_id,
            "type": state.slide_type,
            "title": slide_title(slide),
            "how": "manual" if state.mode is Mode.MANUAL else "auto",
        }

    def _end_play(self) -> None:
        play, self._play = self._play, None
        self._play_key = None
        if play is None:
            return
        play["seconds"] = round(max(0.0, time.monotonic() - self._play_started), 3)
        self.client.queue_play(play)

    def _publish_state(self, state: ShowState) -> None:
        p = self.player
        if p is None:
            return
        slide = p.loaded.playlist.slides[state.index] if state.index is not None else None
        self.client.set_state(
            {
                "mode": state.mode.value if state.display_on else "off",
                "cover": state.cover.value,
                "display_on": state.display_on,
                "slide_index": state.index + 1 if state.index is not None else None,
                "slide_count": state.count,
                "slide_id": state.slide_id,
                "slide_title": slide_title(slide) if slide is not None else "",
                "on_air": state.on_air,
                "message": state.message,
                "showing": self._showing,
            }
        )


def _release_of(playlist: Path) -> str | None:
    """The fleet release a playlist path belongs to (None: not a fleet release)."""
    try:
        folder = playlist.resolve().parent
    except OSError:
        return None
    return folder.name if folder.parent.name == "releases" else None
