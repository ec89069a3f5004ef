"""Figures of a line chart of machine data: 9,999 rows, the most a data file may hold.

Its own worker process (`python -m kiosk.bench.longchart WORKDIR ROUNDS`) with the suite's
environment: it writes a random-walk CSV of 9,999 rows and a deck with one line chart of it,
then, `ROUNDS` times after one warm-up (pyqtgraph's import is the first chart's, not this
figure's), builds the slide at 1920x1080 (`build`: the renderer, until the view exists) and
draws 20 frames of its grow-in (`frame`: set the progress, paint the whole slide).

Not 1,000,000 points: the data loader refuses a file of more than 10,000 rows (a million rows
froze the display for 37 s), so a deck cannot hold such a chart; this is the largest it can.
`long_chart_figures(suite)` runs the worker and adds the figures to the suite's report.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.bench.probes import emit, median, p95, run_worker
from kiosk.bench.report import Figure

if TYPE_CHECKING:
    from kiosk.bench.suite import Suite

__all__ = ["ROWS", "long_chart_figures"]

ROWS = 9_999
FRAME_MS = 1000 / 60


def long_chart_figures(suite: Suite) -> None:
    rounds = 3 if suite.plan.quick else 8
    r = run_worker(
        "kiosk.bench.longchart",
        [str(suite.folder), str(rounds)],
        suite.env((1920, 1080)),
        "long chart",
    )
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
            note=err or "the most rows a data file may hold; see the README",
            detail={"runs": builds},
        )
    )
    suite.report.add(
        Figure(
            "chart.long_frame",
            f"line chart of {ROWS:,} points: grow-in frame",
            "ms",
            "p95 ≤ 16.7 ms",
            value=median(frames),
            p95=p95(frames),
            runs=len(frames),
            note=err,
            detail={"runs": frames},
        ).check(lambda f: f.p95 is not None and f.p95 <= FRAME_MS)
    )


# --- the worker ---------------------------------------------------------------------------


def _deck(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    v, rows = 50.0, []
    for i in range(ROWS):
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


def measure(folder: Path, rounds: int) -> dict[str, Any]:
    from PySide6.QtCore import QSize

    from kiosk.bench.reference import ensure_qapp
    from kiosk.core.loader import load_playlist
    from kiosk.ui.slides import build_slide, make_context

    ensure_qapp()
    loaded = load_playlist(_deck(folder / "long-chart"))
    ctx = make_context(loaded, QSize(1920, 1080))
    builds: list[float] = []
    frames: list[float] = []
    for n in range(rounds + 1):
        t0 = time.perf_counter()
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
        view.release()
        view.deleteLater()
        if n > 0:  # the first is the warm-up: pyqtgraph's import, caches
            builds.append(built)
            frames += times
    return {"build": builds, "frame": frames}


def main(argv: list[str]) -> int:
    folder, rounds = Path(argv[0]), int(argv[1])
    try:
        result = measure(folder, rounds)
    except Exception as e:  # reported beside the figure; the run goes on
        result = {"error": f"{type(e).__name__}: {e}"}
    emit(result)
    sys.stdout.flush()
    import os

    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
