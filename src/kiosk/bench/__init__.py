"""The performance benchmark: `python -m kiosk.bench [--quick] [--json out.json] [--xvfb]`.

A benchmark, not a test: it measures and reports, it never fails on time. Each figure is the
median of several runs, set beside a bare PySide6 window measured alternately in the same run
(this machine is shared and noisy), and beside the target for this machine class.

Kept import-free on purpose: the start-up workers import this package before they measure.
"""

from __future__ import annotations

__all__: list[str] = []
