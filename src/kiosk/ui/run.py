"""`kiosk run`: set up logging, load the playlist, build the player and its companions, run.

The composition root of a running display: `Player` (stage, rotation, input, overlays),
`Records` (proof of play, status file) and `PlaylistWatcher` (hot reload), connected here.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSocketNotifier
from PySide6.QtWidgets import QApplication

from kiosk.core.clock import MonotonicClock
from kiosk.core.languages import LanguageError, LanguagePlan
from kiosk.core.loader import LoadedPlaylist, Problem
from kiosk.core.playable import Playable, fallback_deck, load_playable
from kiosk.exitguard import HANG_SECONDS, heartbeat, install_exit_guard
from kiosk.ui.app import Player
from kiosk.ui.buildwatch import BuildWatch
from kiosk.ui.latedata import LateData, opening_slide_only
from kiosk.ui.qtapp import application
from kiosk.ui.records import Records
from kiosk.ui.slides import build_slide
from kiosk.ui.timers import named_timer

if TYPE_CHECKING:
    from kiosk.blanking import ScreenPower
    from kiosk.ui.control import ControlFifo
    from kiosk.ui.framelog import FrameLog
    from kiosk.ui.startpicture import StartPicture
    from kiosk.ui.watcher import PlaylistWatcher

__all__ = ["run_command"]

log = logging.getLogger("kiosk.run")


def run_command(args: argparse.Namespace, start_picture: StartPicture | None = None) -> int:
    """`kiosk run`: load the playlist, show it, rotate until the exit chord; exit code.

    `start_picture`: the kept picture of the first frame, already on screen
    (kiosk.core.startpicture); the player's first frame replaces it."""
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
    strict = fleet is not None  # a deck from the network: nothing outside its folder
    # the playlist validates now; data files the opening slide does not name are read once
    # it is on screen (kiosk.ui.latedata)
    language, mode = getattr(args, "language", None), getattr(args, "language_mode", None)
    clock = MonotonicClock()
    defer = opening_slide_only(
        max(0, (getattr(args, "start", None) or 1) - 1),
        clock,
        language=language,
        language_mode=mode,
        epoch=fleet.start_epoch if fleet is not None else None,
    )
    playable = load_playable(args.playlist, strict_paths=strict, defer_for=defer)
    for problem in playable.problems:
        log.warning("%s", problem)
    loaded = playable.loaded
    if loaded is None:
        log.error(
            "nothing in %s can be shown; showing the deck title until it is fixed", args.playlist
        )
        loaded = fallback_deck(Path(args.playlist), playable.title)
    elif playable.skipped:
        log.warning("skipping %s", ", ".join(_skipped(playable)))
    try:
        LanguagePlan.of(loaded.playlist.deck, language=language, mode=mode)
    except LanguageError as e:
        print(f"kiosk: {args.playlist}: {e}", file=sys.stderr)
        return 2
    motion = _reduced_motion if getattr(args, "reduced_motion", False) else _as_is
    loaded = motion(loaded)
    from kiosk.ui.qtlog import install_qt_message_handler

    errors = ErrorCounter()
    install_exception_hooks(errors)
    install_qt_message_handler()
    from kiosk.allocator import tune_allocator

    logging.getLogger("kiosk.memory").info("allocator: %s", tune_allocator())
    app = application([sys.argv[0], *_qt_args()])
    app.setApplicationName("kiosk")
    watch = BuildWatch(log_dir, clock)
    player = Player(
        loaded,
        clock=clock,
        windowed=args.windowed,
        start=args.start,
        pin=args.pin,
        builder=watch.wrap(build_slide),
        wall=getattr(args, "wall", None),
        epoch=fleet.start_epoch if fleet is not None else None,
        language=language,
        language_mode=mode,
        power=_screen_power(args),
    )
    player.stage.placeholder.enabled = True  # a press onto an unbuilt slide: its still first
    player.finished.connect(app.exit)
    records = Records(player, log_dir=log_dir, status_file=args.status_file, errors=errors)
    watched = fleet.watch_path if fleet is not None else args.playlist
    watcher = None if args.no_watch else _watch(player, watched, records, motion, strict=strict)
    if watcher is not None:
        player.show.on_request(lambda _command: watcher.check_now())
    control = _control(player, getattr(args, "control_fifo", None))
    frames = _frame_log(player, getattr(args, "frame_log", None))
    _quit_on_signals(app, player)
    if fleet is not None:  # before the first frame: a sync group's slide is known from its cache
        fleet.attach(player, watcher, records)
    player.start(screen=args.screen)
    _keep_start_picture(player, args, loaded, start_picture, len(playable.problems))
    if getattr(args, "presenter", False):
        player.presenter.open()
    if playable.problems:
        _report_start_problems(player, records, playable)
    read_later(player, records, motion, strict=strict)
    records.start()
    if fleet is not None:
        fleet.start()
    code = app.exec()
    if fleet is not None:
        fleet.stop()
    records.stop()
    if watcher is not None:
        watcher.stop()
    if control is not None:
        control.close()
    if frames is not None:
        frames.close()
    return player.exit_code if player.exit_code is not None else int(code)


def _keep_start_picture(
    player: Player,
    args: argparse.Namespace,
    loaded: LoadedPlaylist,
    shown: StartPicture | None,
    problems: int,
) -> None:
    from kiosk.core.startpicture import why_not_kept
    from kiosk.ui.startpicture import keep_start_picture

    why_not = why_not_kept(loaded, player.show.state.index, problems, args)
    keep_start_picture(player, args, loaded, shown, why_not)


def _screen_power(args: argparse.Namespace) -> ScreenPower:
    """How the off hours switch the screen off (DPMS, console, or black), chosen once."""
    import os

    from kiosk.blanking import choose_power

    allow = not getattr(args, "no_dpms", False) and not args.windowed
    power = choose_power(QApplication.platformName(), os.environ, allow=allow)
    logging.getLogger("kiosk.power").info("off hours: %s", power.name)
    return power


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


def _frame_log(player: Player, path: Path | None) -> FrameLog | None:
    """`--frame-log FILE`: when each new slide was first painted (kiosk.ui.framelog)."""
    if path is None:
        return None
    from kiosk.ui.framelog import FrameLog

    try:
        return FrameLog(player, path)
    except OSError as e:
        log.error("frame log not written: %s: %s", path, e.strerror or e)
        return None


def _skipped(playable: Playable) -> list[str]:
    labels = {p.path.split("]")[0] + "]": p.slide for p in playable.problems if p.slide}
    return [
        f"{labels.get(f'slides[{i}]', f'slide {i + 1}')}: {why}"
        for i, why in sorted(playable.skipped.items())
    ]


def _where(problems: list[Problem]) -> str:
    """' (slide 10 (chart), slide 12 (image))': which slides, as people count them."""
    labels = list(dict.fromkeys(p.slide for p in problems if p.slide))
    if not labels:
        return ""
    more = f" and {len(labels) - 2} more" if len(labels) > 2 else ""
    return f" ({', '.join(labels[:2])}{more})"


def _report_start_problems(player: Player, records: Records | None, playable: Playable) -> None:
    """A deck started with problems: the badge says so and the status file says which."""
    n = len(playable.problems)
    what = f"{n} problem{'s' if n != 1 else ''} in playlist{_where(playable.problems)}"
    if playable.loaded is None:
        player.show_badge(f"{what} — nothing to show until it is fixed")
    else:
        k = len(playable.skipped)
        player.show_badge(f"{what} — {k} slide{'s' if k != 1 else ''} skipped")
    if records is not None:
        records.on_start_problems(
            playable.problems, sorted(playable.skipped), playable.loaded is None
        )


def read_later(
    player: Player,
    records: Records | None,
    motion: Callable[[LoadedPlaylist], LoadedPlaylist] = lambda loaded: loaded,
    *,
    strict: bool = False,
) -> LateData | None:
    """The shown deck's deferred data files, read in a worker after the first frame; a bad
    one is reported as at a start with problems (its slides skipped, the badge)."""
    shown = player.loaded
    if shown.deferred is None:
        return None
    late = LateData(shown, player, strict_paths=strict)

    def on_first_frame() -> None:
        player.stage.frame_painted.disconnect(on_first_frame)
        late.begin()

    def on_finished(problems: list[Problem], playable: Playable | None) -> None:
        for problem in problems:
            log.warning("%s", problem)
        if playable is None or player.loaded is not shown:  # all good, or reloaded since
            return
        if playable.skipped:
            log.warning("skipping %s", ", ".join(_skipped(playable)))
        title = playable.title
        player.replace_deck(motion(playable.loaded or fallback_deck(shown.path, title)))
        _report_start_problems(player, records, playable)

    player.stage.frame_painted.connect(on_first_frame)
    late.finished.connect(on_finished)
    return late


def _qt_args() -> list[str]:
    return []


def _quit_on_signals(app: QCoreApplication, player: Player) -> None:
    """SIGINT/SIGTERM leave cleanly, at once, even while no Python code is running.

    Python runs signal handlers only when it gets control; a socket the C handler writes to
    (`signal.set_wakeup_fd`, through the exit guard) wakes the Qt event loop, which runs a
    Python slot. When Python cannot get control at all, the guard ends the process.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:  # the wakeup fd goes to the guard, which forwards to `writer` (see exitguard)
        guard = install_exit_guard(writer.fileno(), hang=HANG_SECONDS)
    except OSError as e:
        log.warning("no exit guard (%s): a stuck display may ignore SIGTERM", e)
        signal.set_wakeup_fd(writer.fileno())
        guard = None
    ending = {int(signal.SIGINT), int(signal.SIGTERM)}

    def on_wakeup(*_: object) -> None:
        with contextlib.suppress(BlockingIOError):
            if ending.intersection(reader.recv(64)):
                player.quit()

    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(on_wakeup)
    app.setProperty("kiosk-signal-sockets", (reader, writer, notifier, guard))  # keep alive
    # The Python handler does nothing: it runs between any two bytecodes, inside a log write
    # (a reentrant write to stderr, seen as "--- Logging error ---") or halfway through a Qt
    # call. The signal's number reaches `on_wakeup` through the wakeup fd instead, and the
    # player quits from the event loop, between two events.
    for sig in ending:
        signal.signal(sig, lambda *_: None)
    if guard is not None:  # the main thread is alive: tell the guard once a second
        named_timer(player, "exit-guard-heartbeat", heartbeat, 1000, single_shot=False).start()


def _as_is(loaded: LoadedPlaylist) -> LoadedPlaylist:
    return loaded


def _reduced_motion(loaded: LoadedPlaylist) -> LoadedPlaylist:
    """`--reduced-motion`: the deck as if its theme said `reduced_motion: true`."""
    playlist = loaded.playlist
    theme = playlist.theme.model_copy(update={"reduced_motion": True})
    return dataclasses.replace(loaded, playlist=playlist.model_copy(update={"theme": theme}))


def _watch(
    player: Player,
    path: Path,
    records: Records | None = None,
    motion: Callable[[LoadedPlaylist], LoadedPlaylist] = _as_is,
    *,
    strict: bool = False,
) -> PlaylistWatcher | None:
    """Hot reload: a valid save replaces the deck; an invalid one keeps it and shows a badge."""
    from kiosk.ui.watcher import PlaylistWatcher

    watcher = PlaylistWatcher(path, player, strict_paths=strict)
    reload_log = logging.getLogger("kiosk.reload")

    def on_reloaded(loaded: LoadedPlaylist) -> None:
        reload_log.info("showing the new version of %s", loaded.path)
        loaded = motion(loaded)
        player.hide_badge()
        player.replace_deck(loaded)
        if records is not None:
            records.on_reloaded(loaded)

    def on_failed(problems: list[Problem]) -> None:
        for problem in problems:
            reload_log.warning("%s", problem)
        n = len(problems)
        player.show_badge(
            f"{n} problem{'s' if n != 1 else ''} in playlist{_where(problems)}"
            " — showing last good version"
        )
        if records is not None:
            records.on_reload_failed(problems)

    watcher.reloaded.connect(on_reloaded)
    watcher.failed.connect(on_failed)
    return watcher
