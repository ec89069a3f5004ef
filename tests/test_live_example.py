"""The factory-floor example: its simulator writes live files and the deck validates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk.core.clock import FakeClock
from kiosk.core.live import LiveFeed, Poller
from kiosk.core.loader import load_playlist
from kiosk.core.model import ChartSlide, MetricSlide

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "factory-floor"


def test_the_simulator_feeds_every_live_file_of_the_deck(tmp_path: Path) -> None:
    out = tmp_path / "live"
    subprocess.run(
        [
            sys.executable,
            str(EXAMPLE / "simulate.py"),
            "--out",
            str(out),
            "--seconds",
            "0.3",
            "--interval",
            "0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    loaded = load_playlist(EXAMPLE / "playlist.json")
    files = 0
    for slide in loaded.playlist.slides:
        assert isinstance(slide, ChartSlide | MetricSlide)
        assert slide.live is not None
        if slide.live.file is None:
            continue
        files += 1
        source = slide.live.model_copy(update={"file": slide.live.file.replace("live/", "")})
        needs = (slide.live.column,) if isinstance(slide, MetricSlide) else tuple(slide.y_columns())
        feed = LiveFeed(str(source.file), needs=needs)
        assert Poller(feed, source, out, FakeClock(), on_change=lambda: None).poll_once()
        assert feed.junk == 0
        assert feed.reading(0).rows
    assert files == 3
