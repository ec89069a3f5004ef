"""A sync group's Qt side: manual moves out as "slide N at T", the group's moves in, the epoch.

Part of the fleet link (`kiosk.ui.fleetlink`), on the Qt thread:

- **Out.** While the show follows a sync group's timeline, the player hands every manual move
  (keys, the control FIFO, `kiosk fleet send ID goto N`) to `route` instead of the show. It
  becomes a target slide (`kiosk.core.timeline.group_target`), is broadcast to the group as
  "slide N at T" (T = now + `LEAD`; a group command from the operator carries its own T, the
  same on every member), and this display applies it at T too, through the show's `sync-to`.
- **In.** A member's move arrives from the MQTT thread (queued signal) and is applied at its T,
  if it is for the deck on screen and names one of its slides; else one log line, ignored.
  The same move received twice is applied once.
- **History.** The group's last move is kept (retained on the broker, and in the cache): a
  member that starts later, or restarts, rotates on from it exactly as the others did —
  `resume_after` after T, from that slide — instead of from the bare epoch.
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
from kiosk.fleet.groupsync import Move

if TYPE_CHECKING:
    from kiosk.fleet.display import DisplayClient
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
        self._applied: tuple[int, float] | None = None  # the last move made (index, at)
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
        move = self.client.groupsync.broadcast(target, self.deck or "", command.at)
        log.info("sync: slide %d at %.3f (%s)", target + 1, move.at, command.describe())
        self._apply(move)
        return True

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
        if why:  # the group's last move on a deck no longer shown is only history: info
            level = logging.INFO if move.retained else logging.WARNING
            log.log(level, "sync: move from %s ignored: %s", move.sender, why)
            return
        if move.retained:
            self._history(move)
        else:
            self._apply(move)

    def restore(self) -> None:
        """At start-up: the group's last move on this deck, from the cache (no broker asked)."""
        doc = self.client.cache.last_move()
        index, at = doc.get("index"), doc.get("at")
        if doc.get("deck") == self.deck and isinstance(index, int) and isinstance(at, float):
            self.on_move(Move("cache", "cache", doc["deck"], index, at, retained=True))

    def _apply(self, move: Move) -> None:
        if self._applied == (move.index, move.at):
            return  # the same move again (a group command: every member broadcast it)
        self._applied = (move.index, move.at)
        self.player.show.submit(Command(Op.SYNC_TO, index=move.index, at=move.at, source="sync"))
        doc = {"deck": move.deck, "index": move.index, "at": move.at}
        try:
            self.client.cache.save_move(doc)
        except OSError as e:
            log.warning("sync: cannot keep the group's last move: %s", e)

    def _history(self, move: Move) -> None:
        """The group's last move, made before this display was there: where the group is now."""
        sync = self.player.show.sync
        if sync is None or self._applied == (move.index, move.at):
            return
        resumed = move.at + self.player.show.rotator.resume_after
        if resumed > self.player.clock.wall().timestamp():  # the group still holds it: so do we
            self._apply(move)  # (and resume when the group does: T + resume_after)
            return
        self._applied = (move.index, move.at)
        sync.moved_by_hand(move.at)
        sync.timeline.rebase(resumed, move.index)  # the group rotates on from it since then
        log.info("sync: the group rotates on from slide %d since %.3f", move.index + 1, resumed)
        self.player.on_wake()

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
