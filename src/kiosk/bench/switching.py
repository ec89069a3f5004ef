"""The switch and fade figures: press → painted per type (after warm-up, and each type's
first show in a fresh process), rapid presses, fade frames against a bare cross-fade, and
press → first fade frame. Run by `Suite.switch` and `Suite.frames`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.bench.deck import SLIDE_ORDER
from kiosk.bench.probes import median, p95
from kiosk.bench.report import Figure, latency

if TYPE_CHECKING:
    from kiosk.bench.suite import Suite

__all__ = ["FADE_LIMIT", "fade_ok", "frame_figures", "switch_figures"]

HD = (1920, 1080)
UHD = (3840, 2160)
FADE_LIMIT = 1.2  # a fade frame's p95 at most 1.2× the bare cross-fade's p95 (issue #19)


def fade_ok(ours_p95: float | None, bare_p95: float | None) -> bool:
    """The fade target: kiosk's frame p95 within FADE_LIMIT× the bare cross-fade's p95."""
    return ours_p95 is not None and bool(bare_p95) and ours_p95 <= FADE_LIMIT * (bare_p95 or 0)


def _extend(into: dict[str, list[float]], runs: dict[str, list[float]]) -> None:
    for kind, values in runs.items():
        into.setdefault(kind, []).extend(v * 1000 for v in values)


def switch_figures(suite: Suite) -> None:
    p = suite.plan
    bare: list[float] = []
    ready: dict[str, list[float]] = {k: [] for k in SLIDE_ORDER}
    rapid: dict[str, list[float]] = {k: [] for k in SLIDE_ORDER}
    sync: dict[str, list[float]] = {k: [] for k in SLIDE_ORDER}
    first: dict[str, list[float]] = {k: [] for k in SLIDE_ORDER}
    stills, live = 0, []
    errors: list[str] = []
    presses = p.switch_loops * len(SLIDE_ORDER)
    # each first-show worker starts on another slide, so every type is switched to
    starts = list(range(1, p.first_workers + 1))
    for round_ in range(p.switch_rounds):
        r = suite.worker("bare-switch", {"presses": presses})
        bare += [s * 1000 for s in r.get("runs", [])]
        errors += [r["error"]] if "error" in r else []
        r = suite.worker(
            "kiosk-switch",
            {"playlist": str(suite.cut_deck), "loops": p.switch_loops, "rapid": True},
        )
        errors += [r["error"]] if "error" in r else []
        stills += int(r.get("rapid_stills", 0))
        live += [v * 1000 for values in r.get("rapid_live", {}).values() for v in values]
        for into, key in ((ready, "ready"), (rapid, "rapid"), (sync, "rapid_sync")):
            _extend(into, r.get(key, {}))
        for start in starts[round_ :: p.switch_rounds]:  # fresh processes, in between
            slide = (start - 1) % len(SLIDE_ORDER) + 1
            r = suite.worker("kiosk-first", {"playlist": str(suite.cut_deck), "start": slide})
            errors += [r["error"]] if "error" in r else []
            _extend(first, r.get("first_show", {}))
    ref = median(bare)
    err = errors[0] if errors else ""
    for kind in SLIDE_ORDER:
        suite.report.add(latency(f"switch.{kind}", f"→ painted: {kind}", ready[kind], ref, err))
    everything = [v for values in ready.values() for v in values]
    suite.report.add(latency("switch.all", "→ painted: every type", everything, ref, err))
    shown = [v for values in first.values() for v in values]
    slowest = max((k for k in first if first[k]), key=lambda k: p95(first[k]) or 0.0, default="")
    note = err or (
        f"{len(shown)} first shows in {p.first_workers} fresh processes;"
        f" slowest type: {slowest} (p95 {p95(first[slowest]) or 0:.1f} ms)"
        if slowest
        else ""
    )
    per_type = {k: [median(v), p95(v)] for k, v in first.items() if v}
    suite.report.add(
        latency(
            "switch.first_show",
            "→ painted: first show of each type",
            shown,
            ref,
            note,
            per_type=per_type,
        )
    )
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
        slow_kind = max(runs, key=lambda k: median(runs[k]) or 0.0) if fast else ""
        slow = f"slowest type: {slow_kind} ({median(runs[slow_kind]):.0f} ms)" if fast else ""
        suite.report.add(
            latency(
                key,
                f"→ painted: {label}",
                fast,
                ref,
                err or (extra + slow),
                target="p95 ≤ 33 ms" if key == "switch.rapid" else "info",
                limit=33.0,
                per_type={k: [median(v), p95(v)] for k, v in runs.items() if v},
            )
        )


def frame_figures(suite: Suite) -> None:
    p = suite.plan
    first: list[float] = []
    for size, key in ((HD, "frame.1080p"), (UHD, "frame.4k")):
        ours: list[float] = []
        bare: list[float] = []
        per_transition: list[float] = []
        errors: list[str] = []
        for _ in range(p.frame_rounds):
            w, h = size
            # as many bare frames as kiosk paints (36-38 a fade): a p95 of 40 was 2 frames
            frames = 38 * p.transitions
            r = suite.worker("bare-frames", {"width": w, "height": h, "frames": frames}, size)
            bare += [s * 1000 for s in r.get("runs", [])]
            errors += [r["error"]] if "error" in r else []
            r = suite.worker(
                "kiosk-frames",
                {"playlist": str(suite.fade_deck), "transitions": p.transitions},
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
        bare_p95 = p95(bare)
        note = errors[0] if errors else ""
        if not note and fpt is not None:
            note = (
                f"{fpt:.0f} frames per 600 ms fade (60 Hz: 36); bare cross-fade p95"
                f" {bare_p95 or 0:.2f} ms, kiosk/bare at p95"
                f" {(p95(ours) or 0) / (bare_p95 or 1):.2f}×"
            )
        f = Figure(
            key,
            f"fade frame, {name}",
            "ms",
            f"p95 ≤ {FADE_LIMIT:g}× bare p95",
            value=median(ours),
            p95=p95(ours),
            reference=median(bare),
            runs=len(ours),
            note=note,
            detail={
                "runs": ours,
                "reference_runs": bare,
                "reference_p95": bare_p95,
                "frames_per_transition": fpt,
            },
        ).set_ratio()
        suite.report.add(f.check(lambda f, ref=bare_p95: fade_ok(f.p95, ref)))
    switched = suite.report.get("switch.all")
    suite.report.add(
        latency(
            "switch.fade",
            "→ first fade frame (deck transition)",
            first,
            switched.reference if switched is not None else None,
            "",
        )
    )
