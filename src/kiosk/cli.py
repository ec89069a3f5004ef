"""The `kiosk` command: parse arguments, call the right part, print one-line errors.

Only `run`, `render` and `edit` import Qt, and only when they are called: `validate` and
`schema` stay fast and work on machines without a display.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.cliargs import (
    fleet_options,
    hours,
    language_options,
    non_negative_int,
    pin,
    positive_int,
    size,
    wall_from,
    wall_options,
    when,
)

# pydantic scans installed packages for plugins on first use (~50 ms); kiosk uses none
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

__all__ = ["main"]

EPILOG = """\
examples:
  kiosk                                  run the bundled white-paper deck fullscreen
  kiosk run my/playlist.json --windowed  run a playlist in a normal window
  kiosk validate my/playlist.json        check a playlist; exit 1 with file:line:col problems
  kiosk render my/playlist.json --out shots --size 1080x1920
  kiosk plan my/playlist.json --from "2026-12-24 08:00" --hours 24   what plays when
  kiosk run my/playlist.json --tile 2x2:1,0 --bezel-px 40   top-right screen of a video wall
  kiosk schema > playlist.schema.json    the JSON Schema, for editors
  kiosk edit my/playlist.json            the playlist editor
  kiosk fleet init fleet --displays 2    a broker configuration for a fleet (see README, Fleet)
  kiosk publish deck/playlist.json --fleet fleet/fleet.json --group lobby
"""

COMMANDS = ("run", "validate", "plan", "render", "schema", "edit", "publish", "fleet")
FLEET_COMMANDS = ("publish", "fleet")  # parsed by kiosk.fleet.cli, imported only for them


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"kiosk: {message} (see 'kiosk --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kiosk",
        description="Present a deck fullscreen and rotate it unattended, from a JSON playlist.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser(
        "run",
        help="show a playlist fullscreen and rotate it (the default command)",
        description="Show a playlist fullscreen and rotate it forever. Without PLAYLIST, the "
        "bundled white-paper deck.",
        epilog="example:\n  kiosk run data/playlist.json --windowed --start 3",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("playlist", nargs="?", type=Path, help="playlist JSON file")
    run.add_argument("--windowed", action="store_true", help="a normal window; Esc/Ctrl+Q quit")
    run.add_argument("--screen", type=non_negative_int, default=None, help="screen number (0..)")
    run.add_argument("--start", type=positive_int, default=1, help="first slide, 1-based")
    run.add_argument(
        "--pin", type=pin, default=None, help="PIN asked after the exit chord (4-12 digits 0-9)"
    )
    run.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    run.add_argument("--log-file", type=Path, default=None, help="log here (default: user log dir)")
    run.add_argument(
        "--status-file", type=Path, default=None, help="rewrite a JSON status here every few s"
    )
    run.add_argument(
        "--no-watch", action="store_true", help="do not reload the playlist when it changes"
    )
    run.add_argument(
        "--no-dpms",
        action="store_true",
        help="outside display hours paint black instead of switching the screen off",
    )
    run.add_argument(
        "--control-fifo",
        type=Path,
        default=None,
        metavar="PATH",
        help="read commands, one a line, from this FIFO (made if missing): next, goto 3, …",
    )
    run.add_argument(
        "--reduced-motion",
        action="store_true",
        help="no transitions, count-up or grow-in (as theme.reduced_motion)",
    )
    run.add_argument(
        "--presenter",
        action="store_true",
        help="also open the presenter window (current and next slide, notes, times)",
    )
    run.add_argument(
        "--no-start-picture",
        action="store_true",
        help="do not show (or keep) the picture of the first slide at start (see README)",
    )
    language_options(run)
    fleet_options(run)
    wall_options(
        run, "COLSxROWS:COL,ROW", "this display is tile COL,ROW (0-based) of a wall, e.g. 2x2:1,0"
    )

    validate = sub.add_parser(
        "validate",
        help="check playlists; one line per problem",
        description="Check playlists and every file they name. Exit 0 when all are valid; "
        "otherwise print one FILE:LINE:COL line per problem and exit 1.",
        epilog="example:\n  kiosk validate data/playlist.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument("playlists", nargs="+", type=Path, metavar="PLAYLIST")
    validate.add_argument(
        "--strict-paths",
        action="store_true",
        help="also refuse absolute paths and files outside the playlist's folder (network decks)",
    )

    plan = sub.add_parser(
        "plan",
        help="print what the display shows when",
        description="Print what the display shows from a moment on, given display hours, "
        "show rules, the timezone and durations, as if kiosk started then: one line per "
        "slide (whole loops that repeat are folded into one line), and off hours.",
        epilog='example:\n  kiosk plan data/playlist.json --from "2026-12-24 08:00" --hours 24',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    plan.add_argument("playlist", type=Path, help="playlist JSON file")
    plan.add_argument(
        "--from",
        dest="start",
        type=when,
        default=None,
        metavar="TIME",
        help="'YYYY-MM-DD HH:MM' in the deck's timezone, or ISO 8601 with an offset (default: now)",
    )
    plan.add_argument("--hours", type=hours, default=24.0, help="how long (default 24)")
    plan.add_argument("--all", action="store_true", help="every line; do not fold loops")
    plan.add_argument("--json", action="store_true", help="every line as JSON")
    language_options(plan)

    render = sub.add_parser(
        "render",
        help="write one PNG per slide",
        description="Render every slide, in its final state, to DIR/NN-TYPE.png (headless).",
        epilog="example:\n  kiosk render data/playlist.json --out shots --size 1080x1920",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    render.add_argument("playlist", nargs="?", type=Path, help="playlist (default: bundled)")
    render.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    render.add_argument("--size", type=size, default=(1920, 1080), help="WxH (default 1920x1080)")
    render.add_argument(
        "--at",
        type=when,
        default=None,
        metavar="TIME",
        help="only what is on screen at TIME (as 'kiosk plan' says), to DIR/at-….png",
    )
    render.add_argument(
        "--since",
        type=when,
        default=None,
        metavar="TIME",
        help="with --at: kiosk started at TIME (default: when the display last came on)",
    )
    language_options(render)
    wall_options(
        render,
        "COLSxROWS[:COL,ROW]",
        "render each tile of a COLSxROWS wall of --size screens (or only tile :COL,ROW) and "
        "a stitched contact sheet of the wall",
    )

    sub.add_parser(
        "schema",
        help="print the playlist JSON Schema",
        description="Print the playlist JSON Schema (draft 2020-12). Point a playlist's "
        '"$schema" at a saved copy and VS Code completes and checks it as you type.',
        epilog="example:\n  kiosk schema > playlist.schema.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )

    edit = sub.add_parser(
        "edit",
        help="open the playlist editor",
        description="Edit a playlist in a window: slides, fields, theme, with a live preview.",
        epilog="example:\n  kiosk edit data/playlist.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    edit.add_argument("playlist", nargs="?", type=Path, help="playlist (default: a new one)")
    sub.add_parser("publish", help="publish a deck to a fleet group", add_help=False)
    sub.add_parser("fleet", help="a fleet: init, status, send, proof", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
        args_list.insert(0, "run")  # `kiosk` and `kiosk PLAYLIST` mean `kiosk run`
    elif args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version"):
        args_list.insert(0, "run")  # `kiosk --windowed`
    if args_list[0] in FLEET_COMMANDS:
        return _fleet(args_list)
    args = build_parser().parse_args(args_list)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _fleet(args_list: list[str]) -> int:
    import importlib.util

    if importlib.util.find_spec("paho") is None:
        print("kiosk: the fleet needs its extra: pip install 'kiosk[fleet]'", file=sys.stderr)
        return 2
    from kiosk.fleet import cli as fleet_cli

    main = fleet_cli.publish_main if args_list[0] == "publish" else fleet_cli.fleet_main
    try:
        return main(args_list[1:])
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "validate":
        from kiosk.validatecmd import validate_command

        return validate_command(args.playlists, strict_paths=args.strict_paths)
    if args.command == "schema":
        from kiosk.core.model import json_schema

        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return 0
    if args.command in ("run", "render"):
        from kiosk.core.wall import WallError

        try:
            args.wall = wall_from(args, position=args.command == "run")
        except WallError as e:
            print(f"kiosk: {e}", file=sys.stderr)
            return 2
    if args.command == "plan":
        from kiosk.planning import plan_command

        return plan_command(
            args.playlist,
            args.start,
            args.hours,
            every=args.all,
            as_json=args.json,
            language=args.language,
            language_mode=args.language_mode,
        )
    if args.command == "run":
        return _run(args)
    _import_before_qt()
    if not _qt_is_safe():
        return 3
    if args.command == "render" and args.at is not None:
        from kiosk.ui.renderat import render_at_command

        return render_at_command(
            args.playlist or _bundled(),
            args.out,
            args.size,
            args.at,
            args.since,
            language=args.language,
            language_mode=args.language_mode,
        )
    if args.command == "render":
        from kiosk.ui.render import render_command

        return render_command(
            args.playlist or _bundled(),
            args.out,
            args.size,
            wall=args.wall,
            language=args.language,
            language_mode=args.language_mode,
        )
    from kiosk.editor.app import edit_command

    return edit_command(args.playlist)


def _run(args: argparse.Namespace) -> int:
    from kiosk.hashing import use_builtin_hashes

    use_builtin_hashes()  # before anything imports hashlib: no OpenSSL in the display
    args.playlist = args.playlist or _bundled()
    from kiosk.startfast import plain_imports, show_at_start

    picture, plain = show_at_start(args)  # the kept first frame, on screen before the rest
    with plain_imports(plain):
        _import_before_qt()
        if not _qt_is_safe():
            return 3
        from kiosk.ui.run import run_command
    return run_command(args, start_picture=picture)


def _import_before_qt() -> None:
    """Import the Qt-free modules a Qt command needs before PySide6 is loaded.

    Once PySide6 is imported, its `__feature__` import hook reads the source of every module
    imported after it (`inspect.getsource`, to see whether it uses PySide): for pydantic and
    kiosk's core, ~300 modules, that was 20-35 ms of every start. Importing them first is free.
    """
    import kiosk.allocator
    import kiosk.blanking
    import kiosk.core.contrast
    import kiosk.core.offhours
    import kiosk.core.playable
    import kiosk.core.proof
    import kiosk.core.show
    import kiosk.core.status
    import kiosk.exitguard
    import kiosk.logs
    import kiosk.resources  # noqa: F401


def _qt_is_safe() -> bool:
    try:
        from kiosk.qtguard import unsafe_qt_reason

        reason = unsafe_qt_reason()
    except ImportError as e:
        reason = f"PySide6 is not installed or does not load ({e}); run 'make run' or see README"
    if reason:
        print(f"kiosk: {reason}", file=sys.stderr)
        from kiosk import qtguard

        if qtguard.leak_seen:  # a normal exit would abort in Qt's teardown: leave now
            sys.stderr.flush()
            os._exit(3)
        return False
    return True


def _bundled() -> Path:
    from kiosk.resources import bundled_playlist

    return bundled_playlist()
