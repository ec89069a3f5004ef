"""Figures of line charts of machine data: 9,999 rows and 1,000,000 rows.

Its own worker process (`python -m kiosk.bench.longchart WORKDIR ROUNDS [ROWS]`) with the
suite's environment: it writes a random-walk CSV of ROWS rows and a deck with one line chart
of it, then, `ROUNDS` times after one warm-up (the first chart's imports and font caches are
not this figure's), builds the slide at 1920x1080 and draws 20 frames of its grow-in (`frame`: set
the progress, paint the whole slide) and one settled frame (`settled`: paint it again).

- 9,999 rows (the most a row table holds): `build` is the renderer, until the view exists.
- 1,000,000 rows (the most a line chart's CSV may hold, `kiosk.core.series`): `build` is what
  a display does off its main thread and then on it: read and validate the deck from disk
  (`load_playlist`: the file read, its columns, the numbers) plus the renderer.

`long_chart_figures(suite)` runs the worker once for each and adds the figures to the report.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.bench.probes import emit, median, p95, run_worker
from kiosk.bench.report import Figure, latency

if TYPE_CHECKING:
    from kiosk.bench.suite import Suite

__all__ = ["BIG_ROWS", "ROWS", "long_chart_figures"]

ROWS = 9_999
BIG_ROWS = 1_000_000
FRAME_MS = 1000 / 60
BUILD_S = 1.0  # issue 19: a chart of a million points builds (off the main thread) in 1 s


def long_chart_figures(suite: Suite) -> None:
    rounds = 3 if suite.plan.quick else 8
    r = run_worker(
        "kiosk.bench.longchart",
        [str(suite.folder), str(rounds)],
        suite.env((1920, 1080)),
        "long chart",
    )
    _small_figures(suite, r)
    r = run_worker(
        "kiosk.bench.longchart",
        [str(suite.folder), str(1 if suite.plan.quick else 3), str(BIG_ROWS)],
        suite.env((1920, 1080)),
        "long chart",
    )
    _big_figures(suite, r)


def _big_figures(suite: Suite, r: dict[str, Any]) -> None:
    err = str(r.get("error", ""))
    loads = [v * 1000 for v in r.get("load", [])]
    builds = [v * 1000 for v in r.get("build", [])]
    frames = [v * 1000 for v in r.get("frame", [])]
    settled = [v * 1000 for v in r.get("settled", [])]
    where = f"of which read + validate {median(loads):.0f} ms" if loads else ""
    suite.report.add(
        Figure(
            "chart.million_build",
            f"line chart of {BIG_ROWS:,} points: build (from disk)",
            "ms",
            f"≤ {BUILD_S * 1000:.0f} ms",
            value=median(builds),
            p95=p95(builds),
            runs=len(builds),
            note=err or f"{where}; the rest is the chart (ui/plot*.py: envelope at first paint)",
            detail={"runs": builds, "load": loads},
        ).check(lambda f: f.value is not None and f.value <= BUILD_S * 1000)
    )
    for key, label, runs in [
        ("chart.million_frame", "grow-in frame", frames),
        ("chart.million_settled", "settled frame", settled),
    ]:
        label = f"line chart of {BIG_ROWS:,} points: {label}"
        suite.report.add(latency(key, label, runs, None, err, "p95 ≤ 16.7 ms", FRAME_MS))


def _small_figures(suite: Suite, r: dict[str, Any]) -> None:
    err = str(r.get("error", ""))
    builds = [v * 1000 for v in r.get("build", [])]
    frames = [v * 1000 for v in r.get("frame", [])]
    suite.report.add(
        Figure(
            "chart.long_build",
            f"line chart of {ROWS:,} points: build",
            "ms",
            "info",
            value=median(builds),
            p95=p95(builds),
            runs=len(builds),
            note=err or "the most rows a row table holds; see the README",
            detail={"runs": builds},
        )
    )
    label = f"line chart of {ROWS:,} points: grow-in frame"
    suite.report.add(
        latency("chart.long_frame", label, frames, None, err, "p95 ≤ 16.7 ms", FRAME_MS)
    )


# --- the worker ---------------------------------------------------------------------------


def _deck(folder: Path, n: int = ROWS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    v, rows = 50.0, []
    for i in range(n):
        v = max(0.0, min(100.0, v + rng.gauss(0, 2)))
        rows.append(f"{i},{v:.2f}\n")
    (folder / "machine.csv").write_text("t,spindle_load\n" + "".join(rows), encoding="utf-8")
    slide = {
        "type": "chart",
        "kind": "line",
        "heading": "Spindle load",
        "data": "machine.csv",
        "x": "t",
        "y": "spindle_load",
        "value_labels": False,
    }
    doc = {"deck": {"title": "long chart"}, "slides": [slide]}
    path = folder / "long-chart.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def measure(folder: Path, rounds: int, rows: int = ROWS) -> dict[str, Any]:
    from PySide6.QtCore import QSize

    from kiosk.core.loader import load_playlist
    from kiosk.ui.qtapp import application
    from kiosk.ui.slides import build_slide, make_context

    application(["kiosk-bench"])  # as every kiosk process makes it (ui/qtapp.py)
    deck = _deck(folder / f"long-chart-{rows}", rows)
    loaded = load_playlist(deck)
    ctx = make_context(loaded, QSize(1920, 1080))
    builds: list[float] = []
    loads: list[float] = []
    frames: list[float] = []
    settled: list[float] = []
    for n in range(rounds + 1):
        t0 = time.perf_counter()
        if rows > ROWS:  # from disk, as a display reads it
            loaded = load_playlist(deck)
            ctx = make_context(loaded, QSize(1920, 1080))
        read = time.perf_counter() - t0
        view = build_slide(loaded.playlist.slides[0], ctx)
        built = time.perf_counter() - t0
        view.resize(1920, 1080)
        view.grab()
        chart = view.chart  # type: ignore[attr-defined]
        times = []
        for k in range(1, 21):
            t1 = time.perf_counter()
            chart.set_progress(k / 20)
            view.grab()
            times.append(time.perf_counter() - t1)
        still = []
        for _ in range(5):
            t1 = time.perf_counter()
            view.grab()
            still.append(time.perf_counter() - t1)
        view.release()
        view.deleteLater()
        if n > 0:  # the first is the warm-up: imports, font caches
            builds.append(built)
            loads.append(read)
            frames += times
            settled += still
    return {"build": builds, "load": loads, "frame": frames, "settled": settled}


def main(argv: list[str]) -> int:
    folder, rounds = Path(argv[0]), int(argv[1])
    rows = int(argv[2]) if len(argv) > 2 else ROWS
    try:
        result = measure(folder, rounds, rows)
    except Exception as e:  # reported beside the figure; the run goes on
        result = {"error": f"{type(e).__name__}: {e}"}
    emit(result)
    sys.stdout.flush()
    import os

    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
