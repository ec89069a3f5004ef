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

from kiosk.bench.deck import SLIDE_ORDER, bench_deck
from kiosk.bench.probes import median, p95, platform_env, worker_result
from kiosk.bench.report import Figure, Report, latency
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

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(True, 3, 1, 1, 1, 3, 3, 1.0, 1.0, 1000, 5000, 3)
        return cls(False, 7, 3, 2, 2, 8, 4, 5.0, 1.5, 10_000, 5000, 7)


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
            "≤ 0.5 s",
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
        self.report.add(f.check(lambda f: f.value is not None and f.value <= 0.5))

    def startup(self) -> None:
        from kiosk.bench.startupfigures import startup_figures

        startup_figures(self)

    def switch(self) -> None:
        p = self.plan
        bare: list[float] = []
        ready: dict[str, list[float]] = {k: [] for k in SLIDE_ORDER}
        rapid: dict[str, list[float]] = {k: [] for k in SLIDE_ORDER}
        sync: dict[str, list[float]] = {k: [] for k in SLIDE_ORDER}
        stills, live = 0, []
        errors: list[str] = []
        presses = p.switch_loops * len(SLIDE_ORDER)
        for _ in range(p.switch_rounds):
            r = self.worker("bare-switch", {"presses": presses})
            bare += [s * 1000 for s in r.get("runs", [])]
            errors += [r["error"]] if "error" in r else []
            r = self.worker(
                "kiosk-switch",
                {"playlist": str(self.cut_deck), "loops": p.switch_loops, "rapid": True},
            )
            errors += [r["error"]] if "error" in r else []
            stills += int(r.get("rapid_stills", 0))
            live += [v * 1000 for values in r.get("rapid_live", {}).values() for v in values]
            for into, key in ((ready, "ready"), (rapid, "rapid"), (sync, "rapid_sync")):
                for kind, values in r.get(key, {}).items():
                    into.setdefault(kind, []).extend(v * 1000 for v in values)
        ref = median(bare)
        err = errors[0] if errors else ""
        for kind in SLIDE_ORDER:
            self._latency(f"switch.{kind}", f"→ painted: {kind}", ready[kind], ref, err)
        everything = [v for values in ready.values() for v in values]
        self._latency("switch.all", "→ painted: every type", everything, ref, err)
        for key, label, runs, extra in (
            ("switch.rapid_sync", "rapid presses, each slide built at once", sync, ""),
            (
                "switch.rapid",
                "rapid presses (no build ahead)",
                rapid,
                f"{stills} by a still, the slide itself {median(live) or 0:.1f} ms"
                f" (p95 {p95(live) or 0:.1f}) after the press; ",
            ),
        ):
            fast = [v for values in runs.values() for v in values]
            slowest = max(runs, key=lambda k: median(runs[k]) or 0.0) if fast else ""
            slow = f"slowest type: {slowest} ({median(runs[slowest]):.0f} ms)" if fast else ""
            self._latency(
                key,
                f"→ painted: {label}",
                fast,
                ref,
                err or (extra + slow),
                target="p95 ≤ 33 ms" if key == "switch.rapid" else "info",
                limit=33.0,
                per_type={k: [median(v), p95(v)] for k, v in runs.items() if v},
            )

    def _latency(self, *args: Any, **kwargs: Any) -> None:
        self.report.add(latency(*args, **kwargs))

    def frames(self) -> None:
        p = self.plan
        first: list[float] = []
        for size, key, limit in ((HD, "frame.1080p", 4.0), (UHD, "frame.4k", 16.0)):
            ours: list[float] = []
            bare: list[float] = []
            per_transition: list[float] = []
            errors: list[str] = []
            for _ in range(p.frame_rounds):
                w, h = size
                r = self.worker("bare-frames", {"width": w, "height": h, "frames": 40}, size)
                bare += [s * 1000 for s in r.get("runs", [])]
                errors += [r["error"]] if "error" in r else []
                r = self.worker(
                    "kiosk-frames",
                    {"playlist": str(self.fade_deck), "transitions": p.transitions},
                    size,
                )
                errors += [r["error"]] if "error" in r else []
                ours += [s * 1000 for s in r.get("runs", [])]
                if "frames_per_transition" in r:
                    per_transition.append(r["frames_per_transition"])
                if size == HD:
                    first += [v * 1000 for values in r.get("first", {}).values() for v in values]
            name = "1080p" if size == HD else "4K"
            fpt = median(per_transition)
            note = errors[0] if errors else ""
            if not note and fpt is not None:
                note = f"{fpt:.0f} frames per 600 ms fade (60 Hz: 36); 60 Hz budget 16.7 ms"
            f = Figure(
                key,
                f"fade frame, {name}",
                "ms",
                f"p95 ≤ {limit:g} ms",
                value=median(ours),
                p95=p95(ours),
                reference=median(bare),
                runs=len(ours),
                note=note,
                detail={"runs": ours, "reference_runs": bare, "frames_per_transition": fpt},
            ).set_ratio()
            self.report.add(f.check(lambda f, limit=limit: f.p95 is not None and f.p95 <= limit))
        self._latency(
            "switch.fade",
            "→ first fade frame (deck transition)",
            first,
            (self.report.get("switch.all") or Figure("", "", "", "")).reference,
            "",
            target="info",
        )

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
