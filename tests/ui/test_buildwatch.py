"""The slide watchdog: slow builds are dropped and skipped; a build that froze the last run is
skipped at the next start (kiosk.ui.buildwatch). Time comes from the fake clock."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize

from kiosk.core.clock import FakeClock
from kiosk.ui.buildwatch import BUILD_BUDGET, BuildWatch, slide_key
from kiosk.ui.slides import SlideBuildError, build_slide, make_context
from kiosk.ui.stage import Stage


def slow_builder(clock: FakeClock, seconds: float) -> Any:
    def build(slide: Any, ctx: Any, parent: Any) -> Any:
        clock.advance(seconds)  # the build "takes" this long on the injected clock
        return build_slide(slide, ctx, parent)

    return build


def test_a_build_over_budget_is_dropped_and_skipped(
    qtbot: Any, make_deck: Any, tmp_path: Path
) -> None:
    loaded = make_deck([{"type": "title", "title": "slow"}, {"type": "title", "title": "fine"}])
    clock = FakeClock()
    watch = BuildWatch(tmp_path, clock)
    ctx = make_context(loaded, QSize(640, 360))
    slow = watch.wrap(slow_builder(clock, BUILD_BUDGET + 1))
    with pytest.raises(SlideBuildError, match=r"took 6\.0 s to build \(limit 5 s\); skipped"):
        slow(loaded.playlist.slides[0], ctx, None)
    fine = watch.wrap(slow_builder(clock, 0.1))
    view = fine(loaded.playlist.slides[1], ctx, None)
    qtbot.addWidget(view)
    assert not (tmp_path / "building.json").exists()  # the breadcrumb goes after each build


def test_the_stage_skips_a_slow_slide_and_shows_the_next(
    qtbot: Any, make_deck: Any, tmp_path: Path
) -> None:
    loaded = make_deck([{"type": "title", "title": "slow"}, {"type": "title", "title": "fine"}])
    clock = FakeClock()
    watch = BuildWatch(None, clock)

    def builder(slide: Any, ctx: Any, parent: Any) -> Any:
        clock.advance(9 if slide.title == "slow" else 0.01)
        return build_slide(slide, ctx, parent)

    stage = Stage(loaded, clock, kiosk=False, builder=watch.wrap(builder))
    qtbot.addWidget(stage)
    failed: list[tuple[int, str]] = []
    stage.slide_failed.connect(lambda i, m: failed.append((i, m)))
    assert not stage.show_slide(0, kind="none", direction=1, ms=0)
    assert [i for i, _ in failed] == [0]
    assert "took 9.0 s to build" in failed[0][1]
    assert not stage.show_slide(0, kind="none", direction=1, ms=0)  # not built again
    assert len(failed) == 1
    assert stage.show_slide(1, kind="none", direction=1, ms=0)


def test_a_breadcrumb_left_by_a_dead_run_skips_that_slide_until_it_changes(
    qtbot: Any, make_deck: Any, tmp_path: Path
) -> None:
    loaded = make_deck([{"type": "title", "title": "froze"}])
    slide = loaded.playlist.slides[0]
    # what a run killed by the exit guard leaves behind: a pid that is gone
    (tmp_path / "building.json").write_text(
        json.dumps({"pid": _dead_pid(), "key": slide_key(slide), "what": "title slide"})
    )
    watch = BuildWatch(tmp_path, FakeClock())
    ctx = make_context(loaded, QSize(640, 360))
    with pytest.raises(SlideBuildError, match="froze the display the last time"):
        watch.wrap(build_slide)(slide, ctx, None)
    # remembered across starts, by content
    again = BuildWatch(tmp_path, FakeClock())
    with pytest.raises(SlideBuildError):
        again.wrap(build_slide)(slide, ctx, None)
    changed = make_deck([{"type": "title", "title": "fixed now"}])
    view = again.wrap(build_slide)(changed.playlist.slides[0], ctx, None)
    qtbot.addWidget(view)


def _dead_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert proc.pid != os.getpid()
    return proc.pid
