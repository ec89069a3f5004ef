"""The one place where the fleet meets the player (`kiosk run --fleet`): all its Qt wiring.

`DisplayClient` (Qt-free, `kiosk.fleet.display`) calls back from its own threads; each
callback here only emits a signal, connected with `Qt.QueuedConnection`, so that the slot runs
on the Qt thread. There:

- a new release (`current` switched) makes the hot-reload watcher re-read at once
  (`PlaylistWatcher.check_now`), which replaces the deck and keeps the slide on screen by id;
- a `kiosk.core.commands.Command` goes through `apply_command`, the one adapter onto today's
  `Player` (its key commands and the rotator's `enter`); it becomes `show.submit(cmd)` when
  the Qt-free Show lands;
- `message TEXT --for 10m` shows a banner over every slide until it expires or is cleared;
- `screenshot` grabs the stage as a PNG and sends it back.

What is on screen goes the other way: the player's `changed` signal becomes the fleet status
(`set_state`) and, when a slide leaves the screen, one proof-of-play record (`queue_play`).
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QIODevice, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel

from kiosk.core.commands import Command, Op
from kiosk.core.rotation import Change, Mode
from kiosk.core.status import slide_title
from kiosk.ui.input import Command as Key
from kiosk.ui.timers import named_timer

if TYPE_CHECKING:
    from kiosk.fleet.display import DisplayClient
    from kiosk.ui.app import Player
    from kiosk.ui.watcher import PlaylistWatcher

__all__ = ["FleetLink", "apply_command", "join_fleet"]

log = logging.getLogger("kiosk.fleet")

_KEYS = {
    Op.NEXT: Key.NEXT,
    Op.PREV: Key.PREV,
    Op.FIRST: Key.FIRST,
    Op.LAST: Key.LAST,
    Op.TOGGLE_PAUSE: Key.PAUSE,
    Op.TOGGLE_BLANK: Key.BLANK,
    Op.TOGGLE_WHITE: Key.WHITE,
    Op.RESTART: Key.RESTART,
    Op.RESTART_HERE: Key.RESTART_HERE,
    Op.ESCAPE: Key.ESCAPE,
}
_DARK = (Mode.BLANK, Mode.WHITE)


def apply_command(player: Player, watcher: PlaylistWatcher | None, command: Command) -> str:
    """Carry out `command` on the player; what was done (for the reply). The Show adapter."""
    op = command.op
    rotator = player.rotator
    if op in _KEYS:
        player.on_command(_KEYS[op], 0)
    elif op is Op.GOTO and command.index is not None:
        if not 0 <= command.index < player.slide_count:
            raise ValueError(
                f"there is no slide {command.index + 1} (the deck has {player.slide_count})"
            )
        player.on_command(Key.GOTO, command.index + 1)
    elif op is Op.PAUSE:
        rotator.enter(Mode.PAUSED, "paused by the fleet")
    elif op is Op.BLANK:
        rotator.enter(Mode.BLANK, "blanked by the fleet")
    elif op is Op.RESUME:
        rotator.enter(Mode.PLAYING, "resumed by the fleet")
    elif op is Op.RELOAD:
        if watcher is None:
            raise ValueError("this display runs with --no-watch: nothing to reload")
        watcher.check_now()
    else:
        raise ValueError(f"'{command.describe()}' is not something a display does from the fleet")
    return command.describe()


def join_fleet(args: argparse.Namespace) -> FleetLink | None:
    """`kiosk run --fleet`: the client, before the player exists (None: a message was printed)."""
    from kiosk.fleet.config import FleetError, FleetFile
    from kiosk.fleet.display import DisplayClient

    try:
        fleet = FleetFile.load(args.fleet)
        client = DisplayClient(
            fleet, args.display, args.group, home_assistant=args.home_assistant or None
        )
    except FleetError as e:
        print(f"kiosk: {e}", file=sys.stderr)
        return None
    return FleetLink(client)


class FleetLink(QObject):
    release_arrived = Signal(object)  # Path of the new current playlist
    command_arrived = Signal(object, str)  # Command, request id
    screenshot_wanted = Signal(str)  # request id

    def __init__(self, client: DisplayClient) -> None:
        super().__init__()
        self.setObjectName("fleet-link")
        self.client = client
        self.player: Player | None = None
        self.watcher: PlaylistWatcher | None = None
        self._banner: QLabel | None = None
        self._banner_timer = named_timer(self, "fleet-message-expiry", self.on_message_expired)
        self._message = ""
        self._play: dict[str, Any] | None = None
        self._showing: str | None = None
        self._play_started = 0.0
        client.on_release = self.release_arrived.emit
        client.on_command = self.command_arrived.emit
        client.on_screenshot = self.screenshot_wanted.emit
        queued = Qt.ConnectionType.QueuedConnection
        self.release_arrived.connect(self.on_release, queued)
        self.command_arrived.connect(self.on_command, queued)
        self.screenshot_wanted.connect(self.on_screenshot, queued)

    def start_playlist(self, given: Path) -> Path:
        """The cached release when there is a good one (offline first), else `given`."""
        from kiosk.core.loader import check_playlist

        current = self.client.current_playlist()
        if current is not None:
            problems = check_playlist(current)
            if not problems:
                log.info("fleet: playing the cached deck %s", self.client.cache.current_version())
                return current
            log.warning("fleet: the cached deck does not load (%s); showing %s", problems[0], given)
        return given

    @property
    def watch_path(self) -> Path:
        return self.client.watch_path

    def attach(self, player: Player, watcher: QObject | None) -> None:
        from kiosk.ui.watcher import PlaylistWatcher

        self.player = player
        self.watcher = watcher if isinstance(watcher, PlaylistWatcher) else None
        self._showing = _release_of(player.loaded.path)
        self.setParent(player)
        player.changed.connect(self.on_changed)
        player.display_changed.connect(self.on_display_changed)

    def start(self) -> None:
        self._publish_state()
        self._begin_play()
        self.client.start()

    def stop(self) -> None:
        self._end_play()
        self.client.stop()

    # --- slots (Qt thread) --------------------------------------------------------------

    def on_release(self, playlist: Path) -> None:
        if self.watcher is not None:
            self.watcher.check_now()
            return
        from kiosk.core.loader import PlaylistError, load_playlist

        try:  # --no-watch: apply it ourselves
            loaded = load_playlist(playlist)
        except PlaylistError as e:
            log.warning("fleet: new deck does not load: %s", e.problems[0])
            return
        if self.player is not None:
            self.player.replace_deck(loaded)

    def on_command(self, command: Command, request: str) -> None:
        if self.player is None:
            return
        try:
            if command.op is Op.MESSAGE:
                self._show_message(command.text, command.seconds)
                done = command.describe()
            elif command.op is Op.CLEAR_MESSAGE:
                self._show_message("", None)
                done = "message cleared"
            else:
                done = apply_command(self.player, self.watcher, command)
        except ValueError as e:
            self.client.reply(request, False, str(e))
            return
        except Exception as e:
            log.exception("fleet: command %s failed", command.describe())
            self.client.reply(request, False, f"failed: {e}")
            return
        self.client.reply(request, True, done)
        self._publish_state()

    def on_screenshot(self, request: str) -> None:
        if self.player is None:
            return
        pixmap = self.player.stage.grab()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        pixmap.save(buffer, "PNG")
        self.client.reply_png(request, bytes(buffer.data().data()))

    def on_changed(self, change: Change) -> None:
        if change.deck_replaced and self.player is not None:
            self._showing = _release_of(self.player.loaded.path)
        if change.moved or change.mode != change.previous_mode:
            self._end_play()
            self._begin_play()
        self._publish_state()
        if self._banner is not None and self._banner.isVisible():
            self._banner.raise_()

    def on_display_changed(self, _on: bool) -> None:
        self._end_play()
        self._begin_play()
        self._publish_state()

    def on_message_expired(self) -> None:
        self._show_message("", None)

    # --- internals ----------------------------------------------------------------------

    def _show_message(self, text: str, seconds: float | None) -> None:
        assert self.player is not None
        stage = self.player.stage
        self._message = text
        self._banner_timer.stop()
        if not text:
            if self._banner is not None:
                self._banner.hide()
            self._publish_state()
            return
        if self._banner is None:
            self._banner = QLabel(stage)
            self._banner.setObjectName("fleet-message")
            self._banner.setTextFormat(Qt.TextFormat.PlainText)
            self._banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._banner.setWordWrap(True)
        height = max(48, stage.height() // 8)
        self._banner.setStyleSheet(
            f"background: rgba(170, 20, 20, 235); color: white; font-size: {height // 3}px;"
            "font-weight: 600; padding: 8px;"
        )
        self._banner.setText(text)
        self._banner.setGeometry(0, stage.height() - height - height // 2, stage.width(), height)
        self._banner.show()
        self._banner.raise_()
        if seconds is not None:
            self._banner_timer.start(min(2**31 - 1, math.ceil(seconds * 1000)))
        log.info(
            "fleet: message shown%s: %s", "" if seconds is None else f" for {seconds:g} s", text
        )

    def _on_screen(self) -> bool:
        p = self.player
        return p is not None and p.display_on and p.mode not in _DARK and p.rotator.on_air

    def _begin_play(self) -> None:
        p = self.player
        if p is None or not self._on_screen():
            return
        slide = p.current_slide
        now = datetime.now(UTC).astimezone()
        self._play_started = time.monotonic()
        self._play = {
            "start": now.isoformat(timespec="milliseconds"),
            "ts_ms": int(now.timestamp() * 1000),
            "index": p.current_index + 1,
            "slide_id": getattr(slide, "id", None),
            "type": getattr(slide, "type", None),
            "title": slide_title(slide),
            "how": "manual" if p.mode is Mode.MANUAL else "auto",
        }

    def _end_play(self) -> None:
        play, self._play = self._play, None
        if play is None:
            return
        play["seconds"] = round(max(0.0, time.monotonic() - self._play_started), 3)
        self.client.queue_play(play)

    def _publish_state(self) -> None:
        p = self.player
        if p is None:
            return
        on_air = self._on_screen()
        slide = p.current_slide if p.rotator.on_air else None
        self.client.set_state(
            {
                "mode": p.mode.value if p.display_on else "off",
                "display_on": p.display_on,
                "slide_index": p.current_index + 1 if slide is not None else None,
                "slide_count": p.slide_count,
                "slide_id": getattr(slide, "id", None) if slide is not None else None,
                "slide_title": slide_title(slide) if slide is not None else "",
                "on_air": on_air,
                "message": self._message,
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
