"""Soak test mode: the real player, an accelerated clock, a day or more of rotation.

    python -m kiosk.soak [PLAYLIST] [--hours 24] [--min-switches 10000] [--size 1280x720]

The player runs on a `FakeClock` that jumps straight to each deadline, inside a running Qt
event loop (so deleted slides really go away). Every switch is checked against its deadline;
resident memory and the number of live QObjects are read after the first loop (caches warm)
and at the end. Warnings and errors logged by kiosk or Qt count as failures. Exit 0 when the
run was clean, 1 otherwise, with a one-screen report either way.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["SoakReport", "main", "soak"]


@dataclass
class SoakReport:
    """What a soak run saw."""

    simulated_hours: float = 0.0
    switches: int = 0
    loops: int = 0
    late: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rss_start_mib: float = 0.0
    rss_end_mib: float = 0.0
    objects_start: int = 0
    objects_end: int = 0
    seconds: float = 0.0

    @property
    def rss_growth_mib(self) -> float:
        return self.rss_end_mib - self.rss_start_mib

    @property
    def ok(self) -> bool:
        return (
            not self.late
            and not self.problems
            and self.rss_growth_mib < 10.0
            and self.objects_end <= self.objects_start
        )

    def lines(self) -> list[str]:
        return [
            f"simulated {self.simulated_hours:.1f} h: {self.switches} switches, "
            f"{self.loops} loops, in {self.seconds:.0f} s",
            f"switches off schedule: {len(self.late)}",
            f"warnings/errors logged: {len(self.problems)}",
            f"resident memory after the first loop {self.rss_start_mib:.1f} MiB, at the end "
            f"{self.rss_end_mib:.1f} MiB (growth {self.rss_growth_mib:+.1f} MiB, limit 10)",
            f"live QObjects after the first loop {self.objects_start}, at the end "
            f"{self.objects_end}",
            *self.late[:5],
            *self.problems[:5],
            "OK" if self.ok else "FAILED",
        ]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.name}: {record.getMessage()}")


def _live_objects() -> int:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    widgets = QApplication.allWidgets()
    return len(widgets) + len(app.findChildren(QObject))


def soak(
    playlist: Path,
    hours: float = 24.0,
    min_switches: int = 10_000,
    size: tuple[int, int] = (1280, 720),
) -> SoakReport:
    """Run the player on `playlist` for `hours` simulated hours and ≥ `min_switches`."""
    import time

    from PySide6.QtCore import QEventLoop, QSize, QTimer

    from kiosk.allocator import tune_allocator
    from kiosk.core.clock import FakeClock
    from kiosk.core.loader import load_playlist
    from kiosk.core.status import resident_mib
    from kiosk.ui.app import Player
    from kiosk.ui.qtapp import application

    tune_allocator()  # as `kiosk run` does
    app = application([sys.argv[0]])
    loaded = load_playlist(playlist)
    clock = FakeClock(start=1000.0, wall=datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
    collect = _Collect()
    logging.getLogger().addHandler(collect)
    report = SoakReport()
    player = Player(loaded, clock=clock, windowed=True)
    player.start()
    player.stage.resize(QSize(*size))
    count = len(loaded.playlist.active_slides())
    started = clock.now()
    began = time.perf_counter()
    loop = QEventLoop()

    def step() -> None:
        due = player.show.rotator.next_deadline()
        if due is None:
            report.problems.append("rotation stopped: no next deadline")
            loop.quit()
            return
        before = player.show.rotator.index
        clock.advance(max(0.0, due - clock.now()))
        player.on_wake()
        report.switches += 1
        index = player.show.rotator.index
        expected = due + player.show.rotator.duration_of(index)
        on_screen = player.stage.current_index == index
        if index == before or player.show.rotator.deadline != expected or not on_screen:
            report.late.append(
                f"switch {report.switches}: slide {before + 1} → {player.show.rotator.index + 1} "
                f"at t={clock.now() - started:.1f} s"
            )
        at_loop_end = report.switches % count == 0  # compare like with like: same slide
        if report.switches == count:  # one loop done: caches are warm
            report.rss_start_mib = resident_mib() or 0.0
            report.objects_start = _live_objects()
        elapsed_h = (clock.now() - started) / 3600
        if elapsed_h >= hours and report.switches >= min_switches and at_loop_end:
            report.rss_end_mib = resident_mib() or 0.0
            report.objects_end = _live_objects()
            loop.quit()
            return
        QTimer.singleShot(0, step)

    QTimer.singleShot(0, step)
    loop.exec()
    report.seconds = time.perf_counter() - began
    report.simulated_hours = (clock.now() - started) / 3600
    report.loops = report.switches // max(1, count)
    report.problems.extend(collect.records)
    logging.getLogger().removeHandler(collect)
    player.shutdown()
    app.processEvents()
    return report


def main(argv: list[str] | None = None) -> int:
    from kiosk.cliargs import size as _size

    parser = argparse.ArgumentParser(
        prog="python -m kiosk.soak", description=__doc__.split("\n")[0]
    )
    parser.add_argument("playlist", nargs="?", type=Path, help="default: the bundled deck")
    parser.add_argument("--hours", type=float, default=24.0, help="simulated hours (default 24)")
    parser.add_argument("--min-switches", type=int, default=10_000)
    parser.add_argument("--size", type=_size, default=(1280, 720))
    args = parser.parse_args(argv)
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk.resources import bundled_playlist

    report = soak(args.playlist or bundled_playlist(), args.hours, args.min_switches, args.size)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
