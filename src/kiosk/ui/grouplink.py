"""A sync group's Qt side: manual moves out as "slide N at T", the group's moves in, the epoch.

Part of the fleet link (`kiosk.ui.fleetlink`), on the Qt thread:

- **Out.** While the show follows a sync group's timeline, the player hands every manual move
  (keys, the control FIFO, `kiosk fleet send ID goto N`) to `route` instead of the show. It
  becomes a target slide (`kiosk.core.timeline.group_target`), is broadcast to the group as
  "slide N at T" (T = now + `LEAD`), and this display applies it at T too, through the show's
  `sync-to` command. A group command from the operator carries its own T (every member got it),
  so it is applied at that T and not broadcast again.
- **In.** A member's move arrives from the MQTT thread (queued signal) and is applied at its T,
  if it is for the deck on screen and names one of its slides; else one log line, ignored.
- **Epoch.** A release's epoch (`kiosk publish` to a sync group) is in the cache's state: the
  show follows the new epoch once the new deck is on screen (the same deck published again with
  a new epoch: at once).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.core.commands import Command, Op
from kiosk.core.state import ShowState
from kiosk.core.timeline import GROUP_MOVES, SyncPacer, group_target

if TYPE_CHECKING:
    from kiosk.fleet.display import DisplayClient
    from kiosk.fleet.groupsync import Move
    from kiosk.ui.app import Player

__all__ = ["GroupLink"]

log = logging.getLogger("kiosk.fleet.sync")


class GroupLink(QObject):
    move_arrived = Signal(object)  # kiosk.fleet.groupsync.Move

    def __init__(self, client: DisplayClient, player: Player, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("group-link")
        self.client = client
        self.player = player
        self.deck: str | None = None  # the release on screen (FleetLink keeps it)
        self._deck_hash = client.cache.read_state().get("deck")
        self._epoch_due = False  # a new release's epoch waits for its deck to be on screen
        client.on_move = self.move_arrived.emit
        self.move_arrived.connect(self.on_move, Qt.ConnectionType.QueuedConnection)
        player.route = self.route

    # --- out ----------------------------------------------------------------------------

    def route(self, command: Command) -> bool:
        """A manual move in a sync group: to the whole group (True: taken from the show)."""
        show = self.player.show
        if show.sync is None or command.op not in GROUP_MOVES:
            return False
        rot = show.rotator
        target = group_target(command, rot.index, rot.count, rot.is_playable)
        if target is None:
            return False
        at = command.at
        if at is None:
            at = self.client.groupsync.broadcast(target, self.deck or "").at
        log.info("sync: slide %d at %.3f (%s)", target + 1, at, command.describe())
        return show.submit(Command(Op.SYNC_TO, index=target, at=at, source="sync"))

    # --- in -----------------------------------------------------------------------------

    def on_move(self, move: Move) -> None:
        show = self.player.show
        why = ""
        if show.sync is None:
            why = "this display does not play a sync release"
        elif move.deck != self.deck:
            why = f"it is for deck {move.deck[:40]}, this display shows {self.deck}"
        elif not 0 <= move.index < self.player.slide_count:
            why = f"there is no slide {move.index + 1} (the deck has {self.player.slide_count})"
        if why:
            log.warning("sync: move from %s ignored: %s", move.sender, why)
            return
        show.submit(Command(Op.SYNC_TO, index=move.index, at=move.at, source="sync"))

    # --- the epoch ----------------------------------------------------------------------

    def on_release(self) -> None:
        """A new release is `current`: its epoch applies when its deck is on screen."""
        deck_hash = self.client.cache.read_state().get("deck")
        same = deck_hash == self._deck_hash  # the same files: no reload will come
        self._deck_hash = deck_hash
        if same:
            self.follow_epoch()
        else:
            self._epoch_due = True

    def on_state(self, state: ShowState) -> None:
        if self._epoch_due and state.reason == "deck replaced":
            self._epoch_due = False
            self.follow_epoch()

    def follow_epoch(self) -> None:
        """The show on the release's timeline (or on its own, for a release without one)."""
        epoch = self.client.cache.sync_epoch()
        show = self.player.show
        if epoch == (None if show.sync is None else show.sync.epoch):
            return
        log.info("sync: %s", "no sync group" if epoch is None else f"the group's epoch {epoch}")
        show.sync = None if epoch is None else SyncPacer(self.player.loaded.playlist, epoch)
        self.player.on_wake()  # follow it now, and wake at its next switch
