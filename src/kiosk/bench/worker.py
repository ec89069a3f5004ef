"""One measurement in a fresh process: `python -m kiosk.bench.worker TASK 'JSON-ARGS'`.

Each figure is measured in its own process so that one cannot skew the next (memory,
caches, imports), and so that kiosk and the bare reference can be run alternately. The
result is one `BENCH-RESULT {json}` line on stdout (see `probes.emit`).
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from typing import Any

__all__ = ["TASKS", "main"]

TASKS = (
    "bare-switch",
    "bare-frames",
    "bare-idle",
    "bare-memory",
    "kiosk-switch",
    "kiosk-first",
    "kiosk-frames",
    "kiosk-idle",
    "kiosk-memory",
)


def _run(task: str, a: dict[str, Any]) -> dict[str, Any]:
    if task.startswith("kiosk-"):
        # before anything imports PySide6: its `__feature__` import hook reads the source of
        # every module imported after it, and kiosk's Qt-free modules imported that way kept
        # 5.4 MiB more in this process than `kiosk run`, which imports them first
        from kiosk.hashing import use_builtin_hashes

        use_builtin_hashes()  # as `kiosk run` does first
        from kiosk.allocator import tune_allocator
        from kiosk.cli import _import_before_qt

        tune_allocator()  # as `kiosk run` does before its first window
        _import_before_qt()  # and its Qt-free modules before PySide6, as `kiosk run` does
        from kiosk.ui.qtapp import application

        application(["kiosk-bench"])  # raster only, as every kiosk process makes it
    from PySide6.QtCore import QSize

    from kiosk.bench import reference
    from kiosk.bench.reference import ensure_qapp

    ensure_qapp()
    if task == "bare-switch":
        return reference.bare_switch(a["presses"])
    if task == "bare-frames":
        return reference.bare_frames(QSize(a["width"], a["height"]), a["frames"])
    if task == "bare-idle":
        return reference.bare_idle(a["settle"], a["windows"], a["window_s"])
    if task == "bare-memory":
        return reference.bare_memory(a["switches"], a.get("checkpoints", 10))

    from kiosk.bench import player

    if task == "kiosk-switch":
        return player.kiosk_switch(a)
    if task == "kiosk-first":
        return player.kiosk_first_shows(a)
    if task == "kiosk-frames":
        return player.kiosk_frames(a)
    if task == "kiosk-idle":
        return player.kiosk_idle(a)
    if task == "kiosk-memory":
        from kiosk.bench.memoryrun import kiosk_memory

        return kiosk_memory(a)
    raise ValueError(f"unknown task {task!r}")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in TASKS:
        print(f"usage: python -m kiosk.bench.worker {{{','.join(TASKS)}}} JSON", file=sys.stderr)
        return 2
    from kiosk.bench.probes import emit

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        result = _run(argv[0], json.loads(argv[1]))
    except Exception as e:  # the parent reports it beside the figure; it never stops the run
        traceback.print_exc()
        result = {"error": f"{type(e).__name__}: {e}"}
    emit(result)
    sys.stdout.flush()
    sys.stderr.flush()
    import os

    os._exit(0)  # Qt teardown is not measured and can take long: leave now


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
