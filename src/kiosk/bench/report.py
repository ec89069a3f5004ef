"""Figures, their targets, the printed table and the JSON file."""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kiosk.bench.probes import median, p95

__all__ = ["Figure", "Report", "latency"]

OK, MISSED, UNKNOWN = "✓", "✗", "?"


@dataclass
class Figure:
    """One line of the table: kiosk's median (and p95), the bare reference, the target."""

    key: str
    label: str
    unit: str
    target: str
    value: float | None = None
    p95: float | None = None
    reference: float | None = None
    ratio: float | None = None
    ok: bool | None = None
    runs: int = 0
    note: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    spread: tuple[float, float] | None = None  # IQR of the runs (memory: lowest-highest)

    def check(self, passed: Callable[[Figure], bool]) -> Figure:
        """Judge against the target (left unknown when the figure could not be measured)."""
        self.ok = None if self.value is None else bool(passed(self))
        return self

    def set_ratio(self) -> Figure:
        if self.value is not None and self.reference:
            self.ratio = self.value / self.reference
        return self


def _base_environment() -> dict[str, Any]:
    from importlib import metadata

    def version(*names: str) -> str:
        for name in names:
            try:
                return metadata.version(name)
            except metadata.PackageNotFoundError:
                continue
        return "?"

    return {
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
        "PySide6": version("PySide6-Essentials", "PySide6"),
        "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "unset"),
        "bytecode": (
            "compiled once into the run's folder (PYTHONDONTWRITEBYTECODE is set here)"
            if os.environ.get("PYTHONDONTWRITEBYTECODE")
            else "cached as usual (__pycache__)"
        ),
    }


def _range(spread: tuple[float, float] | None, unit: str) -> str:
    if spread is None:
        return ""
    lo, hi = spread
    return f"{_num(lo, unit)}–{_num(hi, unit)}".replace(f" {unit}–", "–") if unit else ""


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "%":
        return f"{value:.2f} %"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    if unit == "":
        return f"{value:g}"
    return f"{value:.3g} {unit}"


class Report:
    """Every figure of one benchmark run, printed as a table and saved as JSON."""

    def __init__(self, *, quick: bool, platform_name: str) -> None:
        self.quick = quick
        self.platform_name = platform_name
        self.figures: list[Figure] = []
        self.notes: list[str] = []
        self.seconds = 0.0
        self.environment: dict[str, Any] = _base_environment()

    def add(self, figure: Figure) -> Figure:
        runs = figure.detail.get("runs")
        if figure.spread is None and isinstance(runs, list) and len(runs) >= 2:
            from kiosk.bench.probes import spread

            figure.spread = spread([float(v) for v in runs])
        self.figures.append(figure)
        return figure

    def get(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def rows(self) -> list[list[str]]:
        head = ["figure", "kiosk (median)", "spread", "p95", "bare Qt", "ratio", "target", ""]
        rows = [head]
        for f in self.figures:
            mark = "" if f.target == "info" else UNKNOWN if f.ok is None else OK if f.ok else MISSED
            rows.append(
                [
                    f.label,
                    _num(f.value, f.unit),
                    _range(f.spread, f.unit),
                    _num(f.p95, f.unit) if f.p95 is not None else "",
                    _num(f.reference, f.unit) if f.reference is not None else "",
                    f"{f.ratio:.2f}×" if f.ratio is not None else "",
                    f.target,
                    mark,
                ]
            )
        return rows

    def table(self) -> str:
        rows = self.rows()
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        right = {1, 2, 3, 4, 5}

        def line(cells: list[str]) -> str:
            out = [
                c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                for i, c in enumerate(cells)
            ]
            return "  ".join(out).rstrip()

        text = [f"  {k}: {v}" for k, v in self.environment.items()]
        text = ["what these figures depend on:", *text, ""] if text else []
        text += [line(rows[0]), "  ".join("-" * w for w in widths)]
        text += [line(r) for r in rows[1:]]
        notes = [f"  {f.label}: {f.note}" for f in self.figures if f.note]
        if notes:
            text += ["", "notes:", *notes]
        text += [f"  {n}" for n in self.notes]
        text += ["  spread: the middle half of the runs (first to third quartile)"]
        return "\n".join(text)

    def markdown(self) -> str:
        rows = self.rows()
        out = [f"- {k}: {v}" for k, v in self.environment.items()]
        out += [""] if out else []
        out += ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows[1:]]
        return "\n".join(out)

    def to_json(self) -> dict[str, Any]:
        return {
            "kiosk_bench": 1,
            "quick": self.quick,
            "platform": self.platform_name,
            "seconds": round(self.seconds, 1),
            "machine": {
                "python": sys.version.split()[0],
                "system": platform.platform(),
                "cpus": os.cpu_count(),
            },
            "environment": self.environment,
            "notes": self.notes,
            "metrics": {f.key: asdict(f) for f in self.figures},
        }

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n")


def latency(
    key: str,
    label: str,
    values: list[float],
    ref: float | None,
    note: str,
    target: str = "p95 ≤ 17 ms",
    limit: float = 17.0,
    **detail: Any,
) -> Figure:
    """A latency figure in ms from its runs; checked against `limit` unless `target` is info."""
    f = Figure(
        key,
        label,
        "ms",
        target,
        value=median(values),
        p95=p95(values),
        reference=ref,
        runs=len(values),
        note=note,
        detail={"runs": values, **detail},
    ).set_ratio()
    return f if target == "info" else f.check(lambda f: f.p95 is not None and f.p95 <= limit)
