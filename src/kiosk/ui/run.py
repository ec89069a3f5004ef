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

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication

from kiosk.core.loader import LoadedPlaylist, PlaylistError, Problem, load_playlist
from kiosk.ui.app import Player
from kiosk.ui.records import Records

__all__ = ["run_command"]


def run_command(args: argparse.Namespace) -> int:
    """`kiosk run`: load the playlist, show it, rotate until the exit chord; exit code."""
    from kiosk.logs import ErrorCounter, install_exception_hooks, setup_logging

    log_dir: Path | None = None
    try:
        log_dir = setup_logging(args.log_level, args.log_file)
    except (OSError, ValueError) as e:
        print(f"kiosk: cannot set up logging: {e}", file=sys.stderr)
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
    from kiosk.allocator import tune_allocator

    logging.getLogger("kiosk.memory").info("allocator: %s", tune_allocator())
    app = QApplication.instance() or QApplication([sys.argv[0], *_qt_args()])
    app.setApplicationName("kiosk")
    player = Player(loaded, windowed=args.windowed, start=args.start, pin=args.pin)
    player.finished.connect(app.exit)
    records = Records(player, log_dir=log_dir, status_file=args.status_file, errors=errors)
    watcher = None if args.no_watch else _watch(player, args.playlist, records)
    _quit_on_signals(app, player)
    player.start(screen=args.screen)
    records.start()
    code = app.exec()
    records.stop()
    if watcher is not None:
        watcher.stop()
    return player.exit_code if player.exit_code is not None else int(code)


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
