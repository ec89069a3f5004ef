"""`python -m kiosk.bench [--quick] [--json out.json] [--xvfb]` (also `make bench`).

Prints a table and, with --json, writes every figure with its runs. Never fails on time:
the exit status is 0 whatever the figures say (2 for a usage mistake).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kiosk.bench.probes import platform_env
from kiosk.bench.report import Report
from kiosk.bench.suite import Plan, Suite

XVFB_MARK = "KIOSK_BENCH_UNDER_XVFB"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.bench",
        description="Measure kiosk against a bare PySide6 window measured alternately in the "
        "same run: start-up, slide switch, transition frames, idle CPU, memory, validation.",
    )
    parser.add_argument("--quick", action="store_true", help="a short run (~40 s): smoke test")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="write JSON here")
    parser.add_argument(
        "--xvfb", action="store_true", help="run the Qt workers on an X server (xvfb-run)"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the table as Markdown (for the README)"
    )
    parser.add_argument(
        "--only",
        default=None,
        metavar="STEPS",
        help="comma-separated steps to run, of: " + ", ".join(Suite.STEPS),
    )
    parser.add_argument(
        "--fleet", action="store_true", help="the fleet's figures instead (kiosk.bench.fleet)"
    )
    parser.add_argument(
        "--sync", action="store_true", help="a sync group's figures instead (kiosk.bench.sync)"
    )
    return parser


def _reexec_under_xvfb(argv: list[str]) -> None:
    """Run this same command inside xvfb-run (1920x1080 screen); returns only if it cannot."""
    rest = [a for a in argv if a != "--xvfb"]
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", sys.executable, "-m", "kiosk.bench"]
    os.environ[XVFB_MARK] = "1"
    os.execvp("xvfb-run", [*cmd, *rest, "--xvfb"])


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.sync:
        from kiosk.bench.sync import main as sync_main

        return sync_main(quick=args.quick, json_path=args.json)
    if args.fleet:
        from kiosk.bench.fleet import main as fleet_main

        return fleet_main(quick=args.quick, json_path=args.json)
    only = None if args.only is None else {s.strip() for s in args.only.split(",") if s.strip()}
    if only is not None and not only <= set(Suite.STEPS):
        parser.error(f"--only: unknown step(s) {', '.join(sorted(only - set(Suite.STEPS)))}")
    xvfb = False
    if args.xvfb:
        if os.environ.get(XVFB_MARK):
            xvfb = True
        elif shutil.which("xvfb-run"):
            _reexec_under_xvfb(argv)
        else:
            print("kiosk.bench: xvfb-run not found (apt install xvfb); measuring offscreen")
    platform_name = "xvfb (xcb), 4K offscreen" if xvfb else "offscreen"
    report = Report(quick=args.quick, platform_name=platform_name)
    plan = Plan.make(args.quick)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    log(f"kiosk benchmark ({'quick' if args.quick else 'full'} run, {platform_name})")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        folder = Path(tmp)
        suite = Suite(plan, folder, report, platform_env(folder, xvfb), log)
        suite.run_all(only)
    report.seconds = time.perf_counter() - t0
    if args.quick:
        report.notes.append(
            "quick run: fewer runs, 3 s idle, 1,000 switches for the memory figures"
        )
    print(report.markdown() if args.markdown else report.table())
    print(f"\n{report.seconds:.0f} s; medians of several runs; ratio = kiosk / bare Qt window")
    if args.json is not None:
        report.write_json(args.json)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
