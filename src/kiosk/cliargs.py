"""Argument types of the `kiosk` command line: each turns text into a value or says, in one
line, what was expected (argparse prints it as a usage mistake, exit 2)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

__all__ = [
    "MAX_PLAN_HOURS",
    "hours",
    "language_options",
    "non_negative_int",
    "pin",
    "positive_int",
    "size",
    "wall_from",
    "wall_options",
    "when",
]

MAX_PLAN_HOURS = 744  # a month


def size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1920x1080 (got {text!r})") from None
    if not (64 <= w <= 16384 and 64 <= h <= 16384):
        raise argparse.ArgumentTypeError(f"size must be 64..16384 on each side (got {text!r})")
    return w, h


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number (got {text!r})") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (got {value})")
    return value


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number (got {text!r})") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more (got {value})")
    return value


def when(text: str) -> datetime:
    """'2026-12-24 08:00' (the deck's local time) or ISO 8601 with an offset."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"time must look like '2026-12-24 08:00' (got {text!r})"
        ) from None


def hours(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of hours (got {text!r})") from None
    if not 0 < value <= MAX_PLAN_HOURS:
        raise argparse.ArgumentTypeError(
            f"must be more than 0 and at most {MAX_PLAN_HOURS} (got {text})"
        )
    return value


def pin(text: str) -> str:
    from kiosk.core.model import check_pin

    try:
        return check_pin(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def wall_options(parser: argparse.ArgumentParser, tile: str, tile_help: str) -> None:
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
        type=non_negative_int,
        default=None,
        metavar="N",
        help="the seam in screen pixels, instead of --bezel",
    )


def wall_from(args: argparse.Namespace, *, position: bool) -> object:
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


def language_options(parser: argparse.ArgumentParser) -> None:
    """--language, --language-mode (see README, Languages)."""
    group = parser.add_argument_group("languages")
    group.add_argument(
        "--language",
        default=None,
        metavar="TAG",
        help="show the deck in this one of its languages (en, zh-Hans; single mode)",
    )
    group.add_argument(
        "--language-mode",
        choices=["single", "stacked", "alternate"],
        default=None,
        help="instead of the deck's language_mode",
    )


def fleet_options(parser: argparse.ArgumentParser) -> None:
    """`kiosk run`'s fleet options, and the frame log a sync group is measured with."""
    fleet = parser.add_argument_group("fleet (see README, Fleet)")
    fleet.add_argument("--fleet", type=Path, default=None, metavar="FLEETFILE", help="join a fleet")
    fleet.add_argument("--display", default=None, help="this display's id (default: its file's)")
    fleet.add_argument("--group", default=None, help="the group whose deck it plays")
    fleet.add_argument("--home-assistant", action="store_true", help="MQTT discovery for HA")
    parser.add_argument(
        "--frame-log",
        type=Path,
        default=None,
        metavar="FILE",
        help="append one JSON line per new slide: its first frame's monotonic and wall time",
    )
