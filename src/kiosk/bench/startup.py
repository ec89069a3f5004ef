"""Start-up workers: time from process start to the first painted frame, and what was
imported by then. Run as `python -m kiosk.bench.startup bare|kiosk [PLAYLIST]`.

The parent notes `time.monotonic()` just before it starts the process; the worker reports
`time.monotonic()` (the same system-wide clock) once the first frame that painted the target
has been flushed, then leaves at once with `os._exit` (teardown is not start-up).

- bare: QApplication + one fullscreen QLabel — the least a Qt kiosk can do.
- kiosk: the real command line, `kiosk run PLAYLIST` (fullscreen, kiosk mode), unchanged; a
  hook installed when the QApplication is made notes the first frame that painted the
  kept start picture (`StartPicture`, kiosk.core.startpicture) if there is one, and reports once
  a frame painted a live slide (`SlideView`), then exits. A start that keeps a picture for
  the next start is let finish writing it first (after its times were taken).
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


def _report_and_exit(target: str, picture: float | None = None) -> None:
    import json
    import threading

    painted = time.monotonic()
    result = {
        "painted": picture if picture is not None else painted,
        "live": painted,
        "picture": picture is not None,
        "target": target,
        "modules": [m for m in _HEAVY if m in sys.modules],
        "module_count": len(sys.modules),
    }
    for thread in threading.enumerate():  # a start picture being kept for the next start
        if thread.name == "kiosk-keep-start-picture":
            thread.join(10)
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
    def in_slide(w: object) -> bool:
        from PySide6.QtWidgets import QWidget

        from kiosk.ui.slides.base import SlideView

        while isinstance(w, QWidget):
            if isinstance(w, SlideView):
                return True
            w = w.parentWidget()
        return False

    def watch_app(module: ModuleType) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        class Watch(QObject):
            picture: float | None = None
            seen = False

            def eventFilter(self, obj: QObject, event: QEvent) -> bool:
                if event.type() != QEvent.Type.Paint or self.seen:
                    return False
                if self.picture is None and type(obj).__name__ == "StartPicture":
                    QTimer.singleShot(0, self.picture_flushed)
                elif "kiosk.ui.slides.base" in sys.modules and in_slide(obj):
                    self.seen = True
                    QTimer.singleShot(0, lambda: _report_and_exit(type(obj).__name__, self.picture))
                return False

            def picture_flushed(self) -> None:
                self.picture = time.monotonic()

        base = module.QApplication

        class WatchedApplication(base):  # type: ignore[misc, valid-type]
            def __init__(self, *a: Any) -> None:
                super().__init__(*a)
                self.kiosk_bench_watch = Watch(self)
                self.installEventFilter(self.kiosk_bench_watch)

        module.QApplication = WatchedApplication

    _when_imported("PySide6.QtWidgets", watch_app)
    from kiosk.cli import main as cli_main

    return cli_main(["run", *args])


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
