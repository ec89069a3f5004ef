"""The benchmark run: which workers, in which order, and the figures made from them."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.bench.deck import bench_deck
from kiosk.bench.probes import median, platform_env, worker_result
from kiosk.bench.report import Figure, Report
from kiosk.bench.validation import bench_validation

__all__ = ["Plan", "Suite", "platform_env"]

HD = (1920, 1080)
UHD = (3840, 2160)
FRAME_BUDGET_MS = 1000 / 60


@dataclass(frozen=True)
class Plan:
    """How much of everything: the full run (~3 min) or `--quick` (~40 s)."""

    quick: bool
    startup_runs: int
    switch_rounds: int
    switch_loops: int
    frame_rounds: int
    transitions: int
    idle_windows: int
    idle_window_s: float
    idle_settle_s: float
    switches: int
    validate_slides: int
    validate_runs: int
    first_workers: int  # fresh processes for each type's first show

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(True, 3, 1, 1, 1, 3, 3, 1.0, 1.0, 1000, 5000, 3, 2)
        return cls(False, 7, 3, 2, 2, 8, 4, 5.0, 1.5, 10_000, 5000, 7, 8)


class Suite:
    def __init__(
        self,
        plan: Plan,
        folder: Path,
        report: Report,
        env: Callable[[tuple[int, int]], dict[str, str]],
        log: Callable[[str], None],
    ) -> None:
        self.plan = plan
        self.folder = folder
        self.report = report
        self.env = env
        self.log = log

    # --- processes --------------------------------------------------------------------------

    def _cmd(self, task: str, args: dict[str, Any]) -> list[str]:
        return [sys.executable, "-m", "kiosk.bench.worker", task, json.dumps(args)]

    def worker(
        self, task: str, args: dict[str, Any], size: tuple[int, int] = HD, timeout: float = 240
    ) -> dict[str, Any]:
        try:
            done = subprocess.run(
                self._cmd(task, args),
                env=self.env(size),
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return {"error": f"{task} did not finish in {timeout:.0f} s"}
        return worker_result(task, done.stdout, done.stderr)

    def workers_together(
        self, jobs: list[tuple[str, dict[str, Any]]], timeout: float = 120
    ) -> list[dict[str, Any]]:
        """Start every job at once and wait for all (idle figures: the same seconds)."""
        procs = [
            subprocess.Popen(
                self._cmd(task, args),
                env=self.env(HD),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for task, args in jobs
        ]
        results = []
        for (task, _), proc in zip(jobs, procs, strict=True):
            try:
                out, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
            results.append(worker_result(task, out, err))
        return results

    def startup_once(self, which: str, cache: Path | None = None) -> dict[str, Any]:
        """One cold start; `cache`: the folder of kept start pictures (a new one: none kept)."""
        cmd = [sys.executable, "-m", "kiosk.bench.startup", which]
        env = self.env(HD)
        if which == "kiosk":
            from kiosk.resources import bundled_playlist

            cmd += [str(bundled_playlist()), "--log-file", str(self.folder / "kiosk.log")]
            if cache is None:
                cache = Path(tempfile.mkdtemp(prefix="first-start-", dir=self.folder))
            env["XDG_CACHE_HOME"] = str(cache)
        t0 = time.monotonic()
        try:
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return {"error": f"start-up ({which}) did not paint in 60 s"}
        result = worker_result(f"start-up ({which})", done.stdout, done.stderr)
        if "painted" in result:
            result["seconds"] = result["painted"] - t0
            result["live_seconds"] = result.get("live", result["painted"]) - t0
        return result

    # --- figures ----------------------------------------------------------------------------

    STEPS = (
        "validation",
        "start-up",
        "slide switch",
        "transition frames",
        "idle CPU",
        "memory",
        "video",
        "long chart",
    )

    def run_all(self, only: set[str] | None = None) -> None:
        """Every figure, or only the steps named (see STEPS; for iterating on one fix)."""
        decks = self.folder / "decks"
        self.cut_deck = bench_deck(decks, transition="none", name="cut.json")
        self.fade_deck = bench_deck(decks, transition="fade", name="fade.json")
        self.still_deck = bench_deck(decks, progress=False, name="still.json")
        self.progress_deck = bench_deck(decks, progress=True, name="progress.json")
        for name, step in [
            ("validation", self.validation),
            ("start-up", self.startup),
            ("slide switch", self.switch),
            ("transition frames", self.frames),
            ("idle CPU", self.idle),
            ("memory", self.memory),
            ("video", self.video),
            ("long chart", self.long_chart),
        ]:
            if only is not None and name not in only:
                continue
            t0 = time.perf_counter()
            self.log(f"… {name}")
            step()
            self.log(f"  {name}: {time.perf_counter() - t0:.1f} s")

    def video(self) -> None:
        from kiosk.bench.video import video_figures  # its own worker and figures

        video_figures(self)

    def long_chart(self) -> None:
        from kiosk.bench.longchart import long_chart_figures  # its own worker and figures

        long_chart_figures(self)

    def validation(self) -> None:
        p = self.plan
        r = bench_validation(self.folder, p.validate_slides, p.validate_runs)
        f = Figure(
            "validate",
            f"kiosk validate, {p.validate_slides:,} slides",
            "s",
            "p95 ≤ 250 ms",
            value=r.get("median"),
            p95=r.get("p95"),
            runs=len(r.get("runs", [])),
            note=r.get("error", ""),
            detail={k: v for k, v in r.items() if k != "error"},
        )
        ref = r.get("reference_median")
        if f.value is not None and ref:
            f.ratio = f.value / ref
            f.note = f"ratio is to json.loads of the same file ({ref * 1000:.0f} ms)"
        self.report.add(f.check(lambda f: f.p95 is not None and f.p95 <= 0.25))

    def startup(self) -> None:
        from kiosk.bench.startupfigures import startup_figures

        startup_figures(self)

    def switch(self) -> None:
        from kiosk.bench.switching import switch_figures

        switch_figures(self)

    def frames(self) -> None:
        from kiosk.bench.switching import frame_figures

        frame_figures(self)

    def idle(self) -> None:
        p = self.plan
        common = {"settle": p.idle_settle_s, "windows": p.idle_windows, "window_s": p.idle_window_s}
        bare, progress, still = self.workers_together(
            [
                ("bare-idle", common),
                ("kiosk-idle", {**common, "playlist": str(self.progress_deck)}),
                ("kiosk-idle", {**common, "playlist": str(self.still_deck)}),
            ],
            timeout=60 + p.idle_settle_s + p.idle_windows * p.idle_window_s,
        )
        seconds = p.idle_windows * p.idle_window_s
        for key, label, r, target, limit in (
            ("idle.progress", "idle CPU, progress line", progress, "≤ 1.5 %", 1.5),
            ("idle.still", "idle CPU, no progress line", still, "≈ 0 % (≤ 0.2 %)", 0.2),
        ):
            runs = r.get("cpu_runs", [])
            f = Figure(
                key,
                label,
                "%",
                target,
                value=median(runs),
                p95=None,
                reference=bare.get("cpu"),
                runs=len(runs),
                note=r.get("error") or bare.get("error") or "",
                detail={
                    "runs": runs,
                    "reference_runs": bare.get("cpu_runs", []),
                    "seconds": seconds,
                },
            ).set_ratio()
            if f.reference is not None and f.reference < 0.05:
                f.ratio = None  # a ratio to ~0 says nothing
            self.report.add(f.check(lambda f, limit=limit: (f.value or 0.0) <= limit))
        self.bare_pss = bare.get("pss")

    def memory(self) -> None:
        from kiosk.bench.memory import memory_figures  # its own workers and figures

        memory_figures(self)
