"""Qt-free measuring helpers: proportional memory, CPU over wall time, percentiles.

Every worker process reports through `emit()`: one `BENCH-RESULT {json}` line on stdout, so
whatever else the player logs there cannot be mistaken for a result.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "FONT_SUFFIXES",
    "RESULT_TAG",
    "CpuMeter",
    "descendants",
    "emit",
    "fonts_mapped",
    "median",
    "memory_mib",
    "offscreen_config",
    "p95",
    "parse_result",
    "platform_env",
    "pss_mib",
    "spread",
    "tree_cpu_seconds",
    "tree_memory_mib",
    "worker_result",
]

RESULT_TAG = "BENCH-RESULT "


def pss_mib(pid: int | str = "self") -> float | None:
    """Proportional set size of a process in MiB (shared pages split among their users).

    None where /proc/<pid>/smaps_rollup does not exist (not Linux, or an old kernel).
    """
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024.0
    return None


def memory_mib(pid: int | str = "self") -> dict[str, float]:
    """PSS and private anonymous memory (`Pss_Anon`: the heap, pixmaps, Python objects) in MiB.

    PSS also counts a share of every library and font file the process maps, a share that
    shrinks when other processes map the same files (other Qt programs, a second test run):
    on a shared machine it moved by 25 MiB between two checkpoints of an idle kiosk. Growth
    is judged on the anonymous part, which only this process changes.
    """
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return {}
    out: dict[str, float] = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        parts = rest.split()
        if key in ("Pss", "Pss_Anon", "Pss_File", "Rss") and len(parts) == 2:
            out[key.lower()] = int(parts[0]) / 1024.0
    return out


def descendants(pid: int | str = "self") -> list[int]:
    """Every live process started by `pid`, and by those, and so on (Linux)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        here = todo.pop()
        for task in Path(f"/proc/{here}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                kids = [int(k) for k in task.read_text().split()]
                found += kids
                todo += kids
    return found


def tree_cpu_seconds(pid: int | str = "self") -> dict[int | str, float]:
    """CPU time (user + system, s) of `pid` and of each of its descendants, by pid: the
    difference of two readings is what a display and its decoders spent between them."""
    out: dict[int | str, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for one in [pid, *descendants(pid)]:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        out[one] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    if pid == "self":
        out["self"] = time.process_time()  # finer than clock ticks
    return out


def tree_memory_mib(pid: int | str = "self") -> dict[str, float]:
    """`memory_mib` summed over `pid` and its descendants (a kiosk's clip decoders), with
    `processes`, how many were counted. PSS adds up honestly: a page shared by the display
    and a decoder is counted once over both."""
    total = memory_mib(pid)
    kids = descendants(pid)
    for kid in kids:
        for key, value in memory_mib(kid).items():
            total[key] = total.get(key, 0.0) + value
    total["processes"] = 1 + len(kids)
    return total


FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc", ".pfb", ".pfa", ".t1", ".woff", ".woff2")


def fonts_mapped(pid: int | str = "self") -> list[dict[str, Any]]:
    """Every font file the process has mapped (Qt maps each font it draws or measures with),
    with its size: which fallback fonts the machine brought in."""
    try:
        lines = Path(f"/proc/{pid}/maps").read_text().splitlines()
    except OSError:
        return []
    paths = sorted({ln.split(None, 5)[-1] for ln in lines if ln.lower().endswith(FONT_SUFFIXES)})
    out = []
    for path in paths:
        try:
            size = Path(path).stat().st_size
        except OSError:
            size = 0
        out.append({"file": path, "mib": round(size / 1024 / 1024, 2)})
    return out


def spread(values: Sequence[float]) -> tuple[float, float] | None:
    """The middle half of the runs (first to third quartile): how far a figure moves from
    run to run, so a reader can tell a change from noise."""
    if len(values) < 2:
        return None
    q = statistics.quantiles(values, n=4, method="inclusive")
    return (q[0], q[2])


def offscreen_config(folder: Path, width: int, height: int) -> Path:
    """A config file for Qt's offscreen platform: one screen of `width`×`height`."""
    path = folder / f"offscreen-{width}x{height}.json"
    path.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "bench",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    return path


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def p95(values: Sequence[float]) -> float | None:
    """Nearest-rank 95th percentile (a value that was actually measured)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass
class CpuMeter:
    """CPU time this process used (all its threads) over a span of wall time.

    `start()`, let the event loop run, `stop()` → percent of one core.
    """

    _cpu: float = 0.0
    _wall: float = 0.0

    @staticmethod
    def _cpu_now() -> float:
        return time.process_time()  # CLOCK_PROCESS_CPUTIME_ID: every thread, ns resolution

    def start(self) -> None:
        self._cpu = self._cpu_now()
        self._wall = time.perf_counter()

    def stop(self) -> float:
        cpu = self._cpu_now() - self._cpu
        wall = time.perf_counter() - self._wall
        return 100.0 * cpu / wall if wall > 0 else 0.0


def emit(result: dict[str, Any]) -> None:
    """Hand a worker's result to the parent process."""
    sys.stdout.write(RESULT_TAG + json.dumps(result) + "\n")
    sys.stdout.flush()


def parse_result(stdout: str) -> dict[str, Any] | None:
    """The last result line a worker printed, or None."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_TAG):
            parsed: dict[str, Any] = json.loads(line[len(RESULT_TAG) :])
            return parsed
    return None


def worker_result(task: str, stdout: str, stderr: str) -> dict[str, Any]:
    """A worker's result line, or an error naming the task and the worker's last words."""
    try:
        result = parse_result(stdout)
    except ValueError:
        result = None
    if result is None:
        tail = (stderr or stdout).strip().splitlines()[-1:] or ["no output"]
        return {"error": f"{task} failed: {tail[0][:200]}"}
    if "error" in result:
        result["error"] = f"{task}: {result['error']}"
    return result


def platform_env(folder: Path, xvfb: bool) -> Callable[[tuple[int, int]], dict[str, str]]:
    """The environment of each worker: Qt's offscreen platform with one screen of the size
    asked, or the X server xvfb-run started (then every size is that screen's)."""

    def env(size: tuple[int, int]) -> dict[str, str]:
        e = dict(os.environ)
        # An installed kiosk runs from compiled bytecode (pip compiles it; a checkout writes
        # __pycache__ on its first run). Where the environment forbids writing it, workers
        # would compile every module on every start (~65 ms of start-up): keep it apart.
        if e.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
            e.setdefault("PYTHONPYCACHEPREFIX", str(folder / "pycache"))
        if xvfb and size == (1920, 1080):  # the X server's one screen: full HD
            e["QT_QPA_PLATFORM"] = "xcb"
        else:
            e["QT_QPA_PLATFORM"] = f"offscreen:configfile={offscreen_config(folder, *size)}"
        e.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
        return e

    return env


def run_worker(
    module: str, args: Sequence[str], env: dict[str, str], what: str, timeout: float = 300
) -> dict[str, Any]:
    """Run `python -m module args…` and read its result line; {"error": …} when it gave none."""
    cmd = [sys.executable, "-m", module, *args]
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"the {what} worker did not finish in {timeout:g} s"}
    return parse_result(done.stdout) or {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
