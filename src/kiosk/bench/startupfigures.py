"""The start-up step's figures: cold start with and without a kept start picture.

Three processes alternate, so the machine's noise hits each alike: the bare window; `kiosk
run` of the bundled deck with its start picture kept by an earlier start (what a display
meets at every start but its first; kiosk.core.startpicture); and the same with an empty cache
(the first start on a machine, or after the deck changed), which keeps a picture as it goes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from kiosk.bench.probes import median, p95
from kiosk.bench.report import Figure

__all__ = ["startup_figures"]


def startup_figures(suite: Any) -> None:
    """Measure and add the start-up figures to `suite.report`."""
    runs: dict[str, list[float]] = {"bare": [], "kept": [], "first": [], "live": []}
    modules: set[str] = set()
    errors: list[str] = []
    kept = Path(tempfile.mkdtemp(prefix="kept-", dir=suite.folder))
    suite.startup_once("bare")  # warm-up, not counted: bytecode written, files cached
    suite.startup_once("kiosk", kept)  # keeps the start picture the kept runs show
    for _ in range(suite.plan.startup_runs):
        for which, cache in (("bare", None), ("kept", kept), ("first", None)):
            r = suite.startup_once("bare" if which == "bare" else "kiosk", cache)
            if "seconds" not in r:
                errors.append(str(r.get("error")))
                continue
            if which == "kept" and not r.get("picture"):
                errors.append("a start with a kept picture did not show it")
            runs[which].append(r["seconds"])
            if which == "kept":
                runs["live"].append(r["live_seconds"])
            if which == "first":
                modules.update(r.get("modules", []))
    bare = runs["bare"]
    report = suite.report
    note = errors[0] if errors else ""
    if runs["live"]:
        note = note or (
            f"the kept picture of slide 1 on screen; the live slide replaced it at "
            f"{median(runs['live']) * 1000:.0f} ms (p95 {p95(runs['live']) * 1000:.0f} ms)"
        )
    f = _figure("startup", "cold start → first slide painted", runs["kept"], bare, note)
    report.add(f.check(lambda f: f.ratio is not None and f.ratio <= 1.5))
    first = _figure(
        "startup.first",
        "cold start, first start (no kept picture)",
        runs["first"],
        bare,
        "the first start of a deck on a machine, or after it changed: no picture yet",
        target="info",
    )
    report.add(first)
    report.add(_imports(modules, bool(runs["first"])))


def _figure(
    key: str, name: str, ours: list[float], bare: list[float], note: str, target: str = ""
) -> Figure:
    return Figure(
        key,
        name,
        "s",
        target or "≤ 1.5× bare",
        value=median(ours),
        p95=p95(ours),
        reference=median(bare),
        runs=len(ours),
        note=note,
        detail={"runs": ours, "reference_runs": bare},
    ).set_ratio()


def _imports(modules: set[str], measured: bool) -> Figure:
    """Which heavy modules the live first slide needed (a start without a kept picture).
    pyqtgraph and numpy: none, whatever slide 1 is (a chart too); if either shows up, some
    import brought it back."""
    from kiosk.core.loader import load_playlist
    from kiosk.resources import bundled_playlist

    first = load_playlist(bundled_playlist()).playlist.active_slides()[0]
    needs_chart = getattr(first, "type", "") == "chart" or (
        getattr(first, "type", "") == "split" and getattr(first, "chart", None) is not None
    )
    heavy = sorted(m for m in modules if m in ("pyqtgraph", "numpy"))
    imports = Figure(
        "startup.imports",
        "pyqtgraph/numpy loaded at first paint",
        "",
        "0 always (charts are painted with QPainter)",
        value=None if not measured else float(len(heavy)),
        runs=int(measured),
        note=("loaded at first paint: " + ", ".join(sorted(modules))) if measured else "",
        detail={"modules": sorted(modules), "first_slide_needs_chart": needs_chart},
    )
    return imports.check(lambda f: f.value == 0)  # neither is a dependency any more
