"""`kiosk run`: set up logging, load the playlist, build the player and its companions, run.

The composition root of a running display: `Player` (stage, rotation, input, overlays),
`Records` (proof of play, status file) and `PlaylistWatcher` (hot reload), connected here.
"""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication

from kiosk.core.loader import LoadedPlaylist, PlaylistError, Problem, load_playlist
from kiosk.ui.app import Player
from kiosk.ui.records import Records

if TYPE_CHECKING:
    from kiosk.ui.control import ControlFifo

__all__ = ["run_command"]


def run_command(args: argparse.Namespace) -> int:
    """`kiosk run`: load the playlist, show it, rotate until the exit chord; exit code."""
    from kiosk.logs import ErrorCounter, install_exception_hooks, setup_logging

    log_dir: Path | None = None
    try:
        log_dir = setup_logging(args.log_level, args.log_file)
    except (OSError, ValueError) as e:
        print(f"kiosk: cannot set up logging: {e}", file=sys.stderr)
    fleet = None
    if getattr(args, "fleet", None) is not None:  # kiosk.ui.fleetlink: all the fleet's wiring
        from kiosk.ui.fleetlink import join_fleet

        if (fleet := join_fleet(args)) is None:
            return 2
        args.playlist = fleet.start_playlist(args.playlist)
    try:
        loaded = load_playlist(args.playlist)
    except PlaylistError as e:
        for problem in e.problems:
            print(problem)
        return 1
    from kiosk.ui.qtlog import install_qt_message_handler

    errors = ErrorCounter()
    install_exception_hooks(errors)
    install_qt_message_handler()
    app = QApplication.instance() or QApplication([sys.argv[0], *_qt_args()])
    app.setApplicationName("kiosk")
    player = Player(loaded, windowed=args.windowed, start=args.start, pin=args.pin)
    player.finished.connect(app.exit)
    records = Records(player, log_dir=log_dir, status_file=args.status_file, errors=errors)
    watched = fleet.watch_path if fleet is not None else args.playlist
    watcher = None if args.no_watch else _watch(player, watched, records)
    if watcher is not None:
        player.show.on_request(lambda _command: watcher.check_now())
    control = _control(player, getattr(args, "control_fifo", None))
    _quit_on_signals(app, player)
    player.start(screen=args.screen)
    if getattr(args, "presenter", False):
        player.presenter.open()
    records.start()
    if fleet is not None:
        fleet.attach(player, watcher, records)
        fleet.start()
    code = app.exec()
    if fleet is not None:
        fleet.stop()
    records.stop()
    if watcher is not None:
        watcher.stop()
    if control is not None:
        control.close()
    return player.exit_code if player.exit_code is not None else int(code)


def _control(player: Player, path: Path | None) -> ControlFifo | None:
    """The control FIFO, when asked for; one that cannot be used is logged, the deck plays."""
    if path is None:
        return None
    from kiosk.ui.control import ControlFifo, ControlFifoError

    try:
        return ControlFifo(path, player.submit, lambda: player.slide_count, player)
    except ControlFifoError as e:
        logging.getLogger("kiosk.control").error("control FIFO not used: %s", e)
        return None


def _qt_args() -> list[str]:
    return []


def _quit_on_signals(app: QApplication, player: Player) -> None:
    """SIGINT/SIGTERM leave cleanly, at once, even while no Python code is running.

    Python runs signal handlers only when it gets control; a socket the C handler writes to
    (`signal.set_wakeup_fd`) wakes the Qt event loop, which runs a Python slot.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda *_: reader.recv(64))
    app.setProperty("kiosk-signal-sockets", (reader, writer, notifier))  # keep them alive
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: player.quit())


def _watch(player: Player, path: Path, records: Records | None = None) -> QObject | None:
    """Hot reload: a valid save replaces the deck; an invalid one keeps it and shows a badge."""
    from kiosk.ui.watcher import PlaylistWatcher

    watcher = PlaylistWatcher(path, player)
    reload_log = logging.getLogger("kiosk.reload")

    def on_reloaded(loaded: LoadedPlaylist) -> None:
        reload_log.info("showing the new version of %s", loaded.path)
        player.hide_badge()
        player.replace_deck(loaded)
        if records is not None:
            records.on_reloaded(loaded)

    def on_failed(problems: list[Problem]) -> None:
        for problem in problems:
            reload_log.warning("%s", problem)
        n = len(problems)
        player.show_badge(
            f"{n} problem{'s' if n != 1 else ''} in playlist — showing last good version"
        )
        if records is not None:
            records.on_reload_failed(problems)

    watcher.reloaded.connect(on_reloaded)
    watcher.failed.connect(on_failed)
    return watcher
