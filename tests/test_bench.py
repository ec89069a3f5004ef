"""Smoke test of the benchmark: a quick run writes a JSON with every figure and prints the
table. It asserts nothing about time: the benchmark never fails on speed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.bench.report import Figure, Report

FIGURES = {
    "validate",
    "startup",
    "startup.first",
    "startup.imports",
    *(f"switch.{k}" for k in ("quote", "title", "bullets", "metric", "chart", "image")),
    *(f"switch.{k}" for k in ("timeline", "split", "all", "rapid", "rapid_sync", "fade")),
    "switch.first_show",
    "frame.1080p",
    "frame.4k",
    "idle.progress",
    "idle.still",
    "memory.pss",
    "memory.anon",
    "memory.playing",
    "memory.growth",
    "video.first_frame",  # kiosk.bench.video
    "video.frame_1080p",
    "video.cpu",
    "memory.after",
    "chart.long_build",  # kiosk.bench.longchart
    "chart.long_frame",
    "chart.million_build",
    "chart.million_frame",
    "chart.million_settled",
}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.bench", "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(out.read_text()), done.stdout


def test_quick_run_writes_every_figure(quick_run: tuple[dict, str]) -> None:
    data, _ = quick_run
    assert data["quick"] is True
    assert set(data["metrics"]) == FIGURES
    for key, figure in data["metrics"].items():
        # measured, not an error: a number, with the runs it is the median of
        assert isinstance(figure["value"], float | int), (key, figure["note"])
        assert figure["runs"] >= 1, key
        if figure["target"] != "info":
            assert figure["ok"] in (True, False), key


def test_ratios_are_to_a_bare_window_measured_in_the_same_run(
    quick_run: tuple[dict, str],
) -> None:
    metrics = quick_run[0]["metrics"]
    for key in ("startup", "switch.all", "frame.1080p", "frame.4k", "memory.pss"):
        figure = metrics[key]
        assert figure["reference"] > 0, key
        assert figure["ratio"] == pytest.approx(figure["value"] / figure["reference"]), key


def test_table_lists_every_figure_with_its_verdict(quick_run: tuple[dict, str]) -> None:
    data, stdout = quick_run
    for figure in data["metrics"].values():
        line = next(x for x in stdout.splitlines() if x.startswith(figure["label"]))
        if figure["target"] != "info":
            assert line.rstrip().endswith("✓" if figure["ok"] else "✗"), line


def test_every_type_has_its_first_show_in_a_fresh_process_measured(
    quick_run: tuple[dict, str],
) -> None:
    from kiosk.bench.deck import SLIDE_ORDER

    figure = quick_run[0]["metrics"]["switch.first_show"]
    # each worker starts on another slide, so even the first slide's type is switched to
    assert set(figure["detail"]["per_type"]) == set(SLIDE_ORDER)
    assert figure["target"] == "p95 ≤ 17 ms"


def test_targets_are_the_issues() -> None:
    """Issue #19's targets: a fade frame within 1.2× the bare cross-fade's p95 of the same
    run, the first fade frame inside one frame."""
    from kiosk.bench.switching import fade_ok

    assert fade_ok(12.0, 10.0)
    assert not fade_ok(12.1, 10.0)
    assert not fade_ok(None, 10.0)
    assert not fade_ok(5.0, None)


def test_an_unmeasured_figure_is_shown_as_unknown_not_as_passed() -> None:
    report = Report(quick=True, platform_name="offscreen")
    report.add(Figure("x", "broken figure", "ms", "p95 ≤ 17 ms", note="worker failed"))
    report.add(
        Figure("y", "good figure", "ms", "p95 ≤ 17 ms", value=3.0, p95=4.0).check(
            lambda f: f.p95 is not None and f.p95 <= 17
        )
    )
    table = report.table()
    assert next(x for x in table.splitlines() if x.startswith("broken")).endswith("?")
    assert next(x for x in table.splitlines() if x.startswith("good")).endswith("✓")
    assert "worker failed" in table


def test_table_says_what_the_figures_depend_on(quick_run: tuple[dict, str]) -> None:
    data, stdout = quick_run
    env = data["environment"]
    for key in ("PySide6", "Qt", "MALLOC_ARENA_MAX", "fonts kiosk loaded", "allocator"):
        assert key in env, key
        assert f"  {key}: " in stdout, key
    assert "Inter-Bold.otf" in env["fonts kiosk loaded"]
    # the noise of each figure measured more than once
    assert data["metrics"]["switch.all"]["spread"] is not None


def test_spread_is_the_middle_half_of_the_runs() -> None:
    from kiosk.bench.probes import spread

    assert spread([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 4.0)
    assert spread([7.0]) is None


def test_workers_run_from_bytecode_even_where_writing_it_is_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed kiosk starts from compiled bytecode; a start-up figure that recompiled
    every module on every run measured the environment (~65 ms), not kiosk."""
    from kiosk.bench.probes import platform_env

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.delenv("PYTHONPYCACHEPREFIX", raising=False)
    env = platform_env(tmp_path, xvfb=False)((1920, 1080))
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PYTHONPYCACHEPREFIX"] == str(tmp_path / "pycache")
    report = Report(quick=True, platform_name="offscreen")
    assert "compiled once" in report.environment["bytecode"]


def test_a_kiosk_worker_imports_kiosk_before_pyside6_as_kiosk_run_does() -> None:
    """PySide6's import hook reads every module imported after it: a worker that imported
    PySide6 first held 5.4 MiB more than `kiosk run` after one loop of the bundled deck."""
    probe = (
        "import sys, kiosk.cli as cli\n"
        "def first():\n"
        "    print('pyside6-before-kiosk' if 'PySide6' in sys.modules else 'kiosk-first')\n"
        "    raise SystemExit(0)\n"
        "cli._import_before_qt = first\n"
        "from kiosk.bench.worker import _run\n"
        "_run('kiosk-switch', {})\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "kiosk-first"
