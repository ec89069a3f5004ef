"""`kiosk fleet ...` and `kiosk publish ...`: parse, call, print one line per outcome.

Exit codes as for the rest of kiosk: 0 fine, 1 the deck has problems or the fleet refused,
2 a usage mistake, 4 the broker cannot be reached (the line says why).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from kiosk.fleet.config import FleetError, FleetFile

__all__ = ["fleet_main", "publish_main"]

UNREACHABLE = 4


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"kiosk: {message} (see '{self.prog} --help')\n")


def _fleet_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--fleet",
        type=Path,
        default=Path(os.environ["KIOSK_FLEET"]) if os.environ.get("KIOSK_FLEET") else None,
        required=not os.environ.get("KIOSK_FLEET"),
        metavar="FLEETFILE",
        help="the operator's fleet.json (or set KIOSK_FLEET)",
    )


def _time(text: str) -> float:
    """'+30s', '+10m', an ISO time ('2026-12-01T21:00', local if no zone) -> epoch seconds."""
    from kiosk.core.commands import CommandError, parse_duration

    if text.startswith("+"):
        try:
            return time.time() + parse_duration(text[1:])
        except CommandError as e:
            raise argparse.ArgumentTypeError(str(e)) from None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give a time like 2026-12-01T21:00 (local), ...+01:00, or +30s"
        ) from None
    return (at if at.tzinfo else at.astimezone()).timestamp()


def _date(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give a date like 2026-12-01") from None
    return at if at.tzinfo else at.astimezone()


def _names(text: str) -> tuple[str, ...]:
    if text.isdigit():
        return tuple(f"display-{i}" for i in range(1, int(text) + 1))
    return tuple(n.strip() for n in text.split(",") if n.strip())


def build_fleet_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kiosk fleet", description="Run a fleet of displays over MQTT.")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    sub.required = True

    init = sub.add_parser(
        "init",
        help="write a broker configuration, logins and fleet files",
        description="Write DIR/mosquitto.conf (TLS, passwords, ACL), DIR/fleet.json for the "
        "operator and DIR/displays/ID.json for each display. Then: mosquitto -c "
        "DIR/mosquitto.conf",
        epilog="example:\n  kiosk fleet init /srv/fleet --name expo --displays lobby-1,lobby-2 "
        "--host broker.example.org",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument("folder", type=Path, metavar="DIR")
    init.add_argument("--name", default="kiosk", help="the fleet's name (default kiosk)")
    init.add_argument(
        "--displays", type=_names, required=True, help="display ids, comma separated, or a count"
    )
    init.add_argument("--host", default="localhost", help="the broker's name as displays reach it")
    init.add_argument("--port", type=int, default=8883)
    init.add_argument("--bind", default="", help="listen on this address only (default: all)")
    init.add_argument("--no-tls", action="store_true", help="plain MQTT (a lab, never a venue)")
    init.add_argument("--cert", type=Path, help="your server certificate (PEM), with --key")
    init.add_argument("--key", type=Path, help="its private key (PEM)")
    init.add_argument("--ca", type=Path, help="the CA that signed --cert (PEM)")
    init.add_argument(
        "--home-assistant",
        action="store_true",
        help="displays announce themselves to Home Assistant (MQTT discovery)",
    )
    init.add_argument("--group", default=None, help="the group every display plays by default")
    init.add_argument(
        "--sync",
        action="store_true",
        help="the group is a sync group: its displays change slide as one (needs --group)",
    )
    init.add_argument("--force", action="store_true", help="replace a fleet already in DIR")

    add = sub.add_parser(
        "add-display",
        help="add display logins to a fleet init wrote",
        description="Add logins to DIR's password file, ACL and fleet.json, and write "
        "DIR/displays/ID.json for each. Then reload the broker (SIGHUP).",
        epilog="example:\n  kiosk fleet add-display /srv/fleet lobby-3 lobby-4",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("folder", type=Path, metavar="DIR")
    add.add_argument("names", nargs="+", metavar="ID")
    add.add_argument("--group", default=None, help="the group these displays play by default")
    add.add_argument("--sync", action="store_true", help="--group is a sync group")

    prune = sub.add_parser(
        "prune", help="drop files from the broker that no group's deck names any more"
    )
    _fleet_arg(prune)
    prune.add_argument("--dry-run", action="store_true", help="say what would go")

    status = sub.add_parser("status", help="every display's state, one line each")
    _fleet_arg(status)
    status.add_argument("--json", action="store_true", help="JSON, one object per display")

    send = sub.add_parser(
        "send",
        help="send a command to a display or a group",
        description="Commands: next, previous, goto N, pause, resume, blank, reload, "
        "screenshot, message TEXT --for 10m, clear.",
        epilog="examples:\n  kiosk fleet send lobby-1 goto 3\n  kiosk fleet send group:lobby "
        'message "Hall B closes at 17:00" --for 10m\n  kiosk fleet send lobby-1 screenshot',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    send.add_argument("target", help="a display id, or group:NAME")
    send.add_argument("command", nargs="+", help="the command and its argument")
    send.add_argument("--for", dest="duration", default=None, help="message: for how long (10m)")
    send.add_argument("--out", type=Path, default=None, help="folder for screenshots (default .)")
    send.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for replies")
    _fleet_arg(send)

    proof = sub.add_parser("proof", help="every play since a date, each once (JSONL or CSV)")
    _fleet_arg(proof)
    proof.add_argument("--since", type=_date, required=True, help="date or time (local)")
    proof.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    proof.add_argument("--out", type=Path, default=None, help="write here (default stdout)")
    proof.add_argument("--archive", type=Path, default=None, help=argparse.SUPPRESS)
    return parser


def build_publish_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="kiosk publish",
        description="Validate a deck (as kiosk validate) and publish it to a group: files the "
        "broker lacks are sent, then the retained manifest.",
        epilog="example:\n  kiosk publish deck/playlist.json --fleet fleet.json --group lobby",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("playlist", type=Path, metavar="PLAYLIST")
    _fleet_arg(p)
    p.add_argument("--group", required=True)
    p.add_argument("--at", type=_time, default=None, help="switch all displays at this time")
    p.add_argument("--dry-run", action="store_true", help="say what would be sent; send nothing")
    p.add_argument("--base-url", default=None, help="HTTP(S) folder serving big files by hash")
    p.add_argument(
        "--sync",
        action="store_true",
        help="a sync group's deck (automatic for a group fleet init --sync made)",
    )
    p.add_argument(
        "--epoch", type=_time, default=None, help="sync: the timeline starts here (default: --at)"
    )
    return p


def _load(path: Path) -> FleetFile:
    return FleetFile.load(path)


def _fail(message: str, code: int = 1) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return code


def _unreachable(e: FleetError) -> int:
    text = str(e)
    return _fail(text, UNREACHABLE if "cannot connect" in text else 1)


def publish_main(argv: Sequence[str]) -> int:
    args = build_publish_parser().parse_args(list(argv))
    from kiosk.core.loader import PlaylistError
    from kiosk.fleet.config import check_name
    from kiosk.fleet.manifest import build_release
    from kiosk.fleet.operator import publish_release

    try:
        fleet = _load(args.fleet)
        check_name("group", args.group)
        release = build_release(
            args.playlist,
            fleet=fleet.fleet,
            group=args.group,
            at=args.at,
            base_url=args.base_url or fleet.http_base,
            sync=args.sync or args.epoch is not None or args.group in fleet.sync_groups(),
            epoch=args.epoch,
        )
    except PlaylistError as e:
        for problem in e.problems:
            print(problem)
        return 1
    except FleetError as e:
        return _fail(str(e))
    m = release.manifest
    if m.epoch is not None and args.group not in fleet.sync_groups():
        print(
            f"kiosk: warning: group {args.group} is not a sync group of this fleet: its displays "
            "rotate in step, but the broker keeps a manual move on one display from the others "
            "(make them with fleet init/add-display --group G --sync)",
            file=sys.stderr,
        )
    try:
        again = args.epoch is not None
        report = publish_release(fleet, release, dry_run=args.dry_run, again=again)
    except FleetError as e:
        return _unreachable(e)
    if report.unchanged:
        print(
            f"{args.playlist}: ok: group {args.group} already shows this deck "
            f"({report.unchanged}); nothing sent"
        )
        return 0
    verb = "would send" if args.dry_run else "sent"
    when = "" if m.at is None else f", switching at {datetime.fromtimestamp(m.at).isoformat()}"
    if m.epoch is not None:
        when += f", in sync from {datetime.fromtimestamp(m.epoch).isoformat(timespec='seconds')}"
    print(
        f"{args.playlist}: ok: {release.slides} slides, {len(m.files)} files "
        f"({m.total_bytes / 1e6:.2f} MB); {verb} {len(report.sent)} "
        f"({report.sent_bytes / 1e6:.2f} MB), {report.cached} already on the broker"
    )
    by_path = {f.path: f.sha256 for f in m.files}
    for path in report.over_http:
        print(f"  {path}: over HTTP: serve it as {m.base_url}/{by_path[path]}")
    if args.dry_run:
        for path in report.sent:
            print(f"  would send {path}")
        print(f"dry run: nothing published (version would be {m.version})")
    else:
        print(f"published {m.version} to group {args.group}{when}")
    return 0


def fleet_main(argv: Sequence[str]) -> int:
    args = build_fleet_parser().parse_args(list(argv))
    try:
        if args.action == "init":
            return _init(args)
        if args.action == "add-display":
            return _add(args)
        fleet = _load(args.fleet)
        if args.action == "status":
            return _status(fleet, args.json)
        if args.action == "send":
            return _send(fleet, args)
        if args.action == "prune":
            from kiosk.fleet.operator import prune_files

            files, size = prune_files(fleet, dry_run=args.dry_run)
            verb = "would drop" if args.dry_run else "dropped"
            print(f"{verb} {files} files ({size / 1e6:.2f} MB) no deck names")
            return 0
        return _proof(fleet, args)
    except FleetError as e:
        return _unreachable(e)


def _init(args: argparse.Namespace) -> int:
    from kiosk.fleet.init import InitOptions, fleet_init

    fleet = fleet_init(
        InitOptions(
            folder=args.folder,
            fleet=args.name,
            displays=args.displays,
            host=args.host,
            port=args.port,
            bind=args.bind,
            tls=not args.no_tls,
            cert=args.cert,
            key=args.key,
            ca=args.ca,
            force=args.force,
            group=args.group,
            sync=args.sync,
        )
    )
    if args.home_assistant:
        fleet.home_assistant = True
        assert fleet.path is not None
        fleet.save(fleet.path)
    d = args.folder
    print(
        f"fleet {fleet.fleet}: {len(fleet.displays)} displays, broker {args.host}:{args.port}"
        f"{' (TLS)' if not args.no_tls else ' (no TLS)'}"
    )
    print(f"  start the broker:  mosquitto -c {d / 'mosquitto.conf'}")
    print(f"  operator:          kiosk publish DECK --fleet {d / 'fleet.json'} --group GROUP")
    first = sorted(fleet.displays)[0]
    print(
        f"  each display:      kiosk run --fleet {d / 'displays' / (first + '.json')} "
        f"--display {first} --group GROUP"
    )
    if args.sync:
        print(f"  sync group:        {args.group}: its displays change slide as one")
    return 0


def _add(args: argparse.Namespace) -> int:
    from kiosk.fleet.init import add_displays

    fleet = add_displays(args.folder, tuple(args.names), group=args.group, sync=args.sync)
    for d in args.names:
        print(f"display {d}: {args.folder / 'displays' / (d + '.json')}")
    print(
        f"fleet {fleet.fleet}: {len(fleet.displays)} displays; now reload the broker "
        "(systemctl reload kiosk-fleet-broker, or kill -HUP the mosquitto process)"
    )
    return 0


def _status(fleet: FleetFile, as_json: bool) -> int:
    from kiosk.fleet.operator import fetch_status
    from kiosk.fleet.report import status_table

    rows = fetch_status(fleet)
    print(json.dumps(rows, indent=2, ensure_ascii=False) if as_json else status_table(rows))
    return 0


def _send(fleet: FleetFile, args: argparse.Namespace) -> int:
    from kiosk.core.commands import CommandError, parse_command
    from kiosk.fleet.config import check_name
    from kiosk.fleet.operator import send_command

    text = " ".join(args.command).strip()
    if args.duration:
        text += f" --for {args.duration}"
    if not text:
        return _fail(
            "say which command (next, previous, goto N, pause, resume, blank, reload, "
            "screenshot, message TEXT --for 10m)",
            2,
        )
    target = args.target
    check_name("group" if target.startswith("group:") else "display", target.removeprefix("group:"))
    if text.lower() != "screenshot":
        try:
            text = parse_command(text, source="fleet").describe()
        except CommandError as e:
            return _fail(str(e), 2)
    for line in send_command(fleet, target, text, timeout=args.timeout, shot_dir=args.out):
        print(line)
    return 0


def _proof(fleet: FleetFile, args: argparse.Namespace) -> int:
    from kiosk.fleet.operator import ProofArchive, collect_proof
    from kiosk.fleet.report import format_proof, since_filter

    archive = ProofArchive(args.archive) if args.archive else ProofArchive.default(fleet.fleet)
    try:
        new = collect_proof(fleet, archive)
    except FleetError as e:
        print(f"kiosk: {e}; writing what was collected before", file=sys.stderr)
        new = 0
    plays = since_filter(archive.plays(), args.since)
    text = format_proof(plays, args.format)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    print(
        f"{len(plays)} plays since {args.since.isoformat()} ({new} new from the broker)",
        file=sys.stderr,
    )
    return 0
