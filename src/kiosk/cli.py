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

# pydantic scans installed packages for plugins on first use (~50 ms); kiosk uses none
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

__all__ = ["main"]

EPILOG = """\
examples:
  kiosk                                  run the bundled white-paper deck fullscreen
  kiosk run my/playlist.json --windowed  run a playlist in a normal window
  kiosk validate my/playlist.json        check a playlist; exit 1 with file:line:col problems
  kiosk render my/playlist.json --out shots --size 1080x1920
  kiosk run my/playlist.json --tile 2x2:1,0 --bezel-px 40   top-right screen of a video wall
  kiosk schema > playlist.schema.json    the JSON Schema, for editors
  kiosk edit my/playlist.json            the playlist editor
"""

COMMANDS = ("run", "validate", "render", "schema", "edit")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"kiosk: {message} (see 'kiosk --help')\n")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1920x1080 (got {text!r})") from None
    if not (64 <= w <= 16384 and 64 <= h <= 16384):
        raise argparse.ArgumentTypeError(f"size must be 64..16384 on each side (got {text!r})")
    return w, h


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number (got {text!r})") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (got {value})")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number (got {text!r})") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more (got {value})")
    return value


def _pin(text: str) -> str:
    from kiosk.core.model import check_pin

    try:
        return check_pin(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _wall_options(parser: argparse.ArgumentParser, tile: str, tile_help: str) -> None:
    """--tile, --bezel, --panel-mm, --bezel-px (see README, Video wall)."""
    group = parser.add_argument_group("video wall")
    group.add_argument("--tile", default=None, metavar=tile, help=tile_help)
    group.add_argument(
        "--bezel",
        type=float,
        default=None,
        metavar="MM",
        help="the seam between two screens' pictures in mm (bezel to bezel); needs --panel-mm",
    )
    group.add_argument(
        "--panel-mm", default=None, metavar="WxH", help="one panel's picture area in mm"
    )
    group.add_argument(
        "--bezel-px",
        type=_non_negative_int,
        default=None,
        metavar="N",
        help="the seam in screen pixels, instead of --bezel",
    )


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
    run.add_argument("--screen", type=_non_negative_int, default=None, help="screen number (0..)")
    run.add_argument("--start", type=_positive_int, default=1, help="first slide, 1-based")
    run.add_argument(
        "--pin", type=_pin, default=None, help="PIN asked after the exit chord (4-12 digits 0-9)"
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
        "--control-fifo",
        type=Path,
        default=None,
        metavar="PATH",
        help="read commands, one a line, from this FIFO (made if missing): next, goto 3, …",
    )
    run.add_argument(
        "--presenter",
        action="store_true",
        help="also open the presenter window (current and next slide, notes, times)",
    )
    _wall_options(
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

    render = sub.add_parser(
        "render",
        help="write one PNG per slide",
        description="Render every slide, in its final state, to DIR/NN-TYPE.png (headless).",
        epilog="example:\n  kiosk render data/playlist.json --out shots --size 1080x1920",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    render.add_argument("playlist", nargs="?", type=Path, help="playlist (default: bundled)")
    render.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    render.add_argument("--size", type=_size, default=(1920, 1080), help="WxH (default 1920x1080)")
    _wall_options(
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
        args_list.insert(0, "run")  # `kiosk` and `kiosk PLAYLIST` mean `kiosk run`
    elif args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version"):
        args_list.insert(0, "run")  # `kiosk --windowed`
    args = build_parser().parse_args(args_list)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return _validate(args.playlists, strict_paths=args.strict_paths)
    if args.command == "schema":
        from kiosk.core.model import json_schema

        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return 0
    if args.command in ("run", "render"):
        from kiosk.core.wall import WallError

        try:
            args.wall = _wall(args, position=args.command == "run")
        except WallError as e:
            print(f"kiosk: {e}", file=sys.stderr)
            return 2
    if not _qt_is_safe():
        return 3
    if args.command == "render":
        from kiosk.ui.render import render_command

        return render_command(args.playlist or _bundled(), args.out, args.size, wall=args.wall)
    if args.command == "edit":
        from kiosk.editor.app import edit_command

        return edit_command(args.playlist)
    from kiosk.ui.run import run_command

    args.playlist = args.playlist or _bundled()
    return run_command(args)


def _wall(args: argparse.Namespace, *, position: bool) -> object:
    """The kiosk.core.wall.Wall the options describe, or None; WallError when they cannot."""
    from kiosk.core.wall import WallError, make_wall

    if args.tile is None:
        if args.bezel is not None or args.bezel_px is not None or args.panel_mm is not None:
            raise WallError("--bezel, --bezel-px and --panel-mm are for a wall: add --tile")
        return None
    return make_wall(
        args.tile,
        bezel_mm=args.bezel,
        panel_mm=args.panel_mm,
        bezel_px=args.bezel_px,
        position=position,
    )


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


def _validate(paths: list[Path], *, strict_paths: bool = False) -> int:
    from kiosk.core.loader import PlaylistError, load_playlist

    failed = False
    for path in paths:
        try:
            loaded = load_playlist(path, strict_paths=strict_paths)
        except PlaylistError as e:
            failed = True
            for problem in e.problems:
                print(problem)
            continue
        playlist = loaded.playlist
        active = len(playlist.active_slides())
        total = len(playlist.slides)
        off = f", {total - active} disabled" if active != total else ""
        noun = "slide" if active == 1 else "slides"
        loop = _duration(playlist.loop_seconds())
        print(f"{path}: ok: {active} {noun}{off}, loop {loop}")
    return 1 if failed else 0


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
