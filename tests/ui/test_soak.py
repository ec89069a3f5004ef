"""Soak: the real player through simulated hours of the bundled deck, on an accelerated clock.

The suite runs two simulated hours (hundreds of switches); `python -m kiosk.soak` runs the
full day (>= 10,000 switches) and KIOSK_SOAK_HOURS=24 makes this test do the same.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.soak import soak

REPO = Path(__file__).resolve().parents[2]


def test_hours_of_rotation_stay_on_schedule_flat_and_quiet(qapp) -> None:  # type: ignore[no-untyped-def]
    hours = float(os.environ.get("KIOSK_SOAK_HOURS", "2"))
    switches = 10_000 if hours >= 24 else 0
    report = soak(REPO / "data" / "playlist.json", hours=hours, min_switches=switches)
    assert report.switches >= hours * 3600 / 15  # the deck's slides last 10-16 s
    assert report.late == []
    assert report.problems == []
    assert report.rss_growth_mib < 10.0
    assert report.objects_end <= report.objects_start
