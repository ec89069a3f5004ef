"""Start-up workers: time from process start to the first painted frame, and what was
imported by then. Run as `python -m kiosk.bench.startup bare|kiosk [PLAYLIST]`.

The parent notes `time.monotonic()` just before it starts the process; the worker reports
`time.monotonic()` (the same system-wide clock) once the first frame that painted the target
has been flushed, then leaves at once with `os._exit` (teardown is not start-up).

- bare: QApplication + one fullscreen QLabel — the least a Qt kiosk can do.
- kiosk: the real command line, `kiosk run PLAYLIST` (fullscreen, kiosk mode), unchanged; a
  hook installed when the QApplication starts its event loop reports the first frame that
  painted a slide (`SlideView`) and exits.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

__all__ = ["main"]

_HEAVY = ("pyqtgraph", "numpy", "PySide6.QtSvg", "PySide6.QtOpenGL", "pydantic")


def _report_and_exit(target: str) -> None:
    import json

    painted = time.monotonic()
    result = {
        "painted": painted,
        "target": target,
        "modules": [m for m in _HEAVY if m in sys.modules],
        "module_count": len(sys.modules),
    }
    sys.stdout.write("BENCH-RESULT " + json.dumps(result) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _watch_paint(is_target: object) -> None:
    """On the first Paint of a widget that `is_target(widget)` accepts, report as soon as
    that frame has been flushed (a zero timer runs after the current frame's handling)."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

    class Watch(QObject):
        seen = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            paint = event.type() == QEvent.Type.Paint
            if not self.seen and paint and is_target(obj):  # type: ignore[operator]
                self.seen = True
                QTimer.singleShot(0, lambda: _report_and_exit(type(obj).__name__))
            return False

    app = QCoreApplication.instance()
    assert app is not None
    watch = Watch(app)
    app.installEventFilter(watch)


def bare() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    label = QLabel("kiosk")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    font = QFont()
    font.setPixelSize(96)
    label.setFont(font)
    label.setStyleSheet("QLabel { background: #0B1F3A; color: #FFFFFF; }")
    _watch_paint(lambda w: w is label)
    label.showFullScreen()
    return app.exec()


def kiosk(args: list[str]) -> int:
    def exec_with_watch(real_exec: Callable[[], int]) -> int:
        from kiosk.ui.slides.base import SlideView

        def in_slide(w: object) -> bool:
            from PySide6.QtWidgets import QWidget

            while isinstance(w, QWidget):
                if isinstance(w, SlideView):
                    return True
                w = w.parentWidget()
            return False

        _watch_paint(in_slide)
        return real_exec()

    _when_imported("PySide6.QtWidgets", lambda m: _wrap_exec(m.QApplication, exec_with_watch))
    from kiosk.cli import main as cli_main

    return cli_main(["run", *args])


def _wrap_exec(cls: Any, around: Callable[[Callable[[], int]], int]) -> None:
    real_exec = cls.exec
    cls.exec = lambda *a: around(real_exec)


def _when_imported(name: str, then: Callable[[ModuleType], None]) -> None:
    """Call `then(module)` once `name` has been imported, without importing it first: kiosk
    imports its Qt-free modules before PySide6 (PySide6 inspects every module imported after
    it), and a benchmark that loaded PySide6 first would measure a different start-up."""
    import importlib.abc
    import importlib.machinery

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(fullname, path)
            if spec is None or spec.loader is None:
                return spec
            loader = spec.loader
            real = loader.exec_module

            def exec_module(module: ModuleType) -> None:
                real(module)
                then(module)

            loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder())


def main(argv: list[str]) -> int:
    if argv and argv[0] == "bare":
        return bare()
    if argv and argv[0] == "kiosk":
        return kiosk(argv[1:])
    print("usage: python -m kiosk.bench.startup bare|kiosk [kiosk run arguments]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
