"""The reference: a bare PySide6 window doing the least that each kiosk figure does.

Measured in separate processes, alternately with kiosk, so each ratio compares two things
that met the same machine noise:

- start-up: a process that shows one fullscreen QLabel, until its first paint;
- key → painted: a key press that changes the QLabel's text, until the frame that paints it;
- a transition frame: two full-screen pixmaps cross-faded by one widget (what a fade is);
- idle CPU and memory: the QLabel window idling with its event loop running;
- growth: replacing the QLabel by a new one N times (deleteLater with the loop running).
"""

from __future__ import annotations

import gc
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.bench.probes import CpuMeter, median, memory_mib, pss_mib
from kiosk.bench.qtprobe import FrameProbe, run_loop_for

__all__ = [
    "BareWindow",
    "CrossFade",
    "bare_frames",
    "bare_idle",
    "bare_memory",
    "bare_switch",
]


class BareWindow(QLabel):
    """One fullscreen label; → shows the next text."""

    def __init__(self) -> None:
        super().__init__("kiosk")
        self.setObjectName("bare-window")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont()
        font.setPixelSize(96)
        self.setFont(font)
        self.setStyleSheet("QLabel { background: #0B1F3A; color: #FFFFFF; }")
        self.count = 0

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.count += 1
        self.setText(f"slide {self.count}")


class CrossFade(QWidget):
    """Two pixmaps of the window's size, the second drawn over the first at opacity t."""

    def __init__(self, size: QSize) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.resize(size)
        self.a = QPixmap(size)
        self.a.fill(QColor("#0B1F3A"))
        self.b = QPixmap(size)
        self.b.fill(QColor("#2EC4B6"))
        self.t = 0.0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.a)
        painter.setOpacity(self.t)
        painter.drawPixmap(0, 0, self.b)
        painter.end()


def _settle(seconds: float = 0.3) -> None:
    run_loop_for(seconds)


def bare_idle(settle: float, windows: int, window_s: float) -> dict[str, Any]:
    win = BareWindow()
    win.showFullScreen()
    _settle(settle)
    cpu: list[float] = []
    for _ in range(windows):
        meter = CpuMeter()
        meter.start()
        run_loop_for(window_s)
        cpu.append(meter.stop())
    return {"cpu_runs": cpu, "cpu": median(cpu), "pss": pss_mib()}


class KeyLatency(QObject):
    """Posts a key to `target` every time the previous press has been painted; records
    press → end of the frame that painted a widget `switched(painted)` accepts."""

    def __init__(self, probe: FrameProbe, target: QWidget, key: Qt.Key, gap_ms: int) -> None:
        super().__init__()
        self.probe = probe
        self.target = target
        self.key = key
        self.gap_ms = gap_ms
        self.latencies: list[float] = []
        self._t0 = 0.0
        self._waiting = False
        self._loop = QEventLoop()
        self._left = 0
        probe.on_frame = self._on_frame

    def accept(self, painted: list[QObject]) -> bool:
        return self.target in painted

    def run(self, presses: int, timeout_s: float = 60.0) -> list[float]:
        self._left = presses
        QTimer.singleShot(0, self._press)
        QTimer.singleShot(round(timeout_s * 1000), self._loop.quit)
        self._loop.exec()
        self.probe.on_frame = None
        return self.latencies

    def _press(self) -> None:
        self._waiting = True
        self._t0 = time.perf_counter()
        press = QKeyEvent(QEvent.Type.KeyPress, self.key, Qt.KeyboardModifier.NoModifier)
        QCoreApplication.postEvent(self.target, press)

    def _on_frame(self, seconds: float, painted: list[QObject]) -> None:
        if not self._waiting or not self.accept(painted):
            return
        self._waiting = False
        self.latencies.append(self.probe.frame_ends[-1] - self._t0)
        self._left -= 1
        if self._left <= 0:
            self._loop.quit()
        else:
            QTimer.singleShot(self.gap_ms, self._press)


def bare_switch(presses: int) -> dict[str, Any]:
    probe = FrameProbe().install()
    win = BareWindow()
    win.showFullScreen()
    _settle()
    lat = KeyLatency(probe, win, Qt.Key.Key_Right, gap_ms=5).run(presses)
    probe.remove()
    return {"runs": lat}


def bare_frames(size: QSize, frames: int) -> dict[str, Any]:
    """Frame times of a plain cross-fade at `size`, driven at the animation's pace."""
    probe = FrameProbe().install()
    fade = CrossFade(size)
    fade.show()
    _settle()
    probe.clear()
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(16)

    def tick() -> None:
        fade.t = (fade.t + 0.05) % 1.0
        fade.update()
        if len(probe.frames) >= frames:
            loop.quit()

    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()
    timer.stop()
    probe.remove()
    return {"runs": list(probe.frames)}


class LabelSwapper:
    """Replaces the window's label by a new one, as fast as the event loop allows."""

    def __init__(self, host: QWidget) -> None:
        self.host = host
        self.label = self._make(0)
        self._loop = QEventLoop()
        self._left = 0

    def _make(self, n: int) -> BareWindow:
        label = BareWindow()
        label.setParent(self.host)
        label.resize(self.host.size())
        label.setText(f"slide {n}")
        label.show()
        return label

    def run(self, swaps: int) -> None:
        self._left = swaps
        QTimer.singleShot(0, self._swap)
        self._loop.exec()

    def _swap(self) -> None:
        old, self.label = self.label, self._make(self._left)
        old.hide()
        old.setParent(None)
        old.deleteLater()
        self._left -= 1
        if self._left <= 0:
            self._loop.quit()
        else:
            QTimer.singleShot(0, self._swap)


def _settled() -> dict[str, float]:
    run_loop_for(0.3)
    gc.collect()
    return memory_mib()


def bare_memory(switches: int, checkpoints: int = 10) -> dict[str, Any]:
    """Memory of the window after a warm-up; then over `switches` label replacements, with
    a settled checkpoint every tenth of them."""
    host = QWidget()
    host.setObjectName("bare-host")
    host.showFullScreen()
    swapper = LabelSwapper(host)
    swapper.run(20)
    loop = _settled()
    step = max(1, switches // checkpoints)
    marks: list[tuple[int, dict[str, float]]] = []
    done = 0
    while done < switches:
        n = min(step, switches - done)
        swapper.run(n)
        done += n
        marks.append((done, _settled()))
    return {"loop": loop, "checkpoints": marks, "switches": done, "pss": loop.get("pss")}


def ensure_qapp() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    return QApplication(["kiosk-bench"])
