"""`kiosk validate` on a long generated playlist, against `json.loads` of the same file.

Runs in the benchmark's own process (no Qt): the generated deck is written once, then the
two are timed alternately, `runs` times each, so machine noise hits both alike.
"""

from __future__ import annotations

import gc
import json
import time
from pathlib import Path
from typing import Any

from kiosk.bench.deck import big_deck
from kiosk.bench.probes import median, p95

__all__ = ["bench_validation", "profile_validation"]


def _validate_once(path: Path) -> float:
    from kiosk.core.loader import load_playlist

    t0 = time.perf_counter()
    load_playlist(path)  # what `kiosk validate` does, minus printing one line
    return time.perf_counter() - t0


def _json_once(path: Path) -> float:
    t0 = time.perf_counter()
    json.loads(path.read_text(encoding="utf-8"))
    return time.perf_counter() - t0


def bench_validation(folder: Path, count: int, runs: int) -> dict[str, Any]:
    path = big_deck(folder / "validate", count)
    from kiosk.core.loader import PlaylistError, load_playlist

    try:  # once untimed: imports (pydantic models) and the page cache, and a sanity check
        load_playlist(path)
    except PlaylistError as e:
        return {"error": f"the generated deck does not validate: {e.problems[0]}"}
    ours: list[float] = []
    ref: list[float] = []
    gc_was = gc.isenabled()
    for _ in range(runs):
        ref.append(_json_once(path))
        ours.append(_validate_once(path))
    if gc_was:
        gc.enable()
    return {
        "slides": count,
        "bytes": path.stat().st_size,
        "runs": ours,
        "reference_runs": ref,
        "median": median(ours),
        "p95": p95(ours),
        "reference_median": median(ref),
    }


def profile_validation(folder: Path, count: int, top: int = 25) -> str:
    """cProfile of one validation: the functions with the most cumulative time."""
    import cProfile
    import io
    import pstats

    from kiosk.core.loader import load_playlist

    path = big_deck(folder / "validate-profile", count)
    load_playlist(path)
    profiler = cProfile.Profile()
    profiler.enable()
    load_playlist(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()
