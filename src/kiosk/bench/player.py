"""The kiosk side of the in-process figures, driven through the real `Player`.

Keys are posted to the stage window as a presenter's would arrive (the player's input filter
turns them into commands); every figure is taken from Qt's own frames via `FrameProbe`, so
nothing in the player is changed to be measured.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from kiosk.bench.probes import CpuMeter, median, pss_mib
from kiosk.bench.qtprobe import FrameProbe, heavy_modules, run_loop_for, wait_until

if TYPE_CHECKING:
    from kiosk.ui.app import Player

__all__ = ["kiosk_first_shows", "kiosk_frames", "kiosk_idle", "kiosk_switch"]


def _start(
    playlist: str, *, transition: str | None = None, start: int = 1
) -> tuple[Player, FrameProbe]:
    """A fullscreen kiosk-mode player on `playlist` from slide `start`, its first slide painted."""
    from kiosk.core.loader import load_playlist
    from kiosk.ui.app import Player

    loaded = load_playlist(Path(playlist))
    if transition is not None:  # e.g. "none": the same deck, every slide cut
        loaded.playlist.defaults.transition = transition  # type: ignore[assignment]
        for slide in loaded.playlist.slides:
            slide.transition = None
    probe = FrameProbe().install()
    player = Player(loaded, windowed=False, start=start)
    player.start()
    if not wait_until(lambda: _view_painted(player, probe.painted), 30):
        raise RuntimeError("the first slide was never painted")
    return player, probe


def _inside(widget: object, ancestor: QWidget | None) -> bool:
    while isinstance(widget, QWidget) and ancestor is not None:
        if widget is ancestor:
            return True
        widget = widget.parentWidget()
    return False


def _view_painted(player: Player, painted: list[QObject]) -> bool:
    view = player.stage.current_view
    return view is not None and any(_inside(w, view) for w in painted)


def _key(target: QWidget, key: Qt.Key = Qt.Key.Key_Right) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QCoreApplication.postEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier))


class Presser(QObject):
    """Presses → until the next slide is painted, `presses` times, inside a running loop.

    ready=True waits, between presses, until the player has built the next slide ahead (what
    a presenter meets); ready=False presses again as soon as a switch has painted (rapid
    clicking: the slide is built on demand). With a transition, `first` is the press → the
    first transition frame, `end` the press → the frame after the transition finished.
    """

    def __init__(
        self, player: Player, probe: FrameProbe, *, ready: bool, min_gap_s: float = 0.0
    ) -> None:
        super().__init__()
        self.min_gap_s = min_gap_s  # > the transition time, or the stage cuts (rapid presses)
        self._switched_at = time.perf_counter()
        self.player = player
        self.stage = player.stage
        self.probe = probe
        self.ready = ready
        self.first: dict[str, list[float]] = defaultdict(list)
        self.end: dict[str, list[float]] = defaultdict(list)
        self._loop = QEventLoop()
        self._left = 0
        self._t0 = 0.0
        self._kind = ""
        self._old: QWidget | None = None
        self._phase = "idle"  # idle → switching → (animating → finishing) → idle
        self.stuck = ""
        self._builds = 0
        self.stills = 0  # presses answered by a still (the slide built after that frame)
        self._poll = QTimer(self)
        self._poll.setInterval(5)
        self._poll.timeout.connect(self._maybe_press)
        self.stage.transition_finished.connect(self._on_transition_finished)

    def run(self, presses: int, timeout_s: float) -> Presser:
        self._left = presses
        self.probe.on_frame = self._on_frame
        self._poll.start()
        QTimer.singleShot(round(timeout_s * 1000), self._on_timeout)
        self._loop.exec()
        self._poll.stop()
        self.probe.on_frame = None
        return self

    def _on_timeout(self) -> None:
        if self._left > 0:
            self.stuck = (
                f"{self._left} presses left after the time limit: phase {self._phase},"
                f" slide {self.player.show.rotator.index + 1}, transition running:"
                f" {self.stage.layer.running()}, builds {self.stage.builds}/{self._builds}"
            )
        self._loop.quit()

    def _maybe_press(self) -> None:
        if self._phase != "idle":
            return
        if self._left <= 0:
            self._loop.quit()
            return
        nxt = self.player.show.rotator.peek_next()
        if self.ready and (self.stage.layer.running() or not self._built_ahead(nxt)):
            return  # the next slide is not built ahead yet
        if time.perf_counter() - self._switched_at < self.min_gap_s:
            return
        slides = self.player.loaded.playlist.slides
        self._kind = str(getattr(slides[nxt], "type", "?")) if nxt is not None else "?"
        self._old = self.stage.current_view
        self._phase = "switching"
        self._builds = self.stage.builds
        self._t0 = time.perf_counter()
        _key(self.stage)

    def _on_frame(self, seconds: float, painted: list[QObject]) -> None:
        end = self.probe.frame_ends[-1]
        still = self.stage.placeholder
        if self._phase == "switching" and still.isVisible() and still in painted:
            self.first[self._kind].append(end - self._t0)  # the press's frame: its still
            self.stills += 1
            self._phase = "live"  # the next press waits for the slide itself, as without
        elif self._phase in ("switching", "live"):
            view = self.stage.current_view
            if view is None or view is self._old:
                return
            layer = self.stage.layer
            if layer.isVisible() and layer in painted:
                self.first[self._kind].append(end - self._t0)
                self._phase = "animating"
            elif any(_inside(w, view) for w in painted):
                if self._phase == "switching":
                    self.first[self._kind].append(end - self._t0)
                self.end[self._kind].append(end - self._t0)
                self._done()
        elif self._phase == "finishing":
            self.end[self._kind].append(end - self._t0)
            self._done()

    def _on_transition_finished(self) -> None:
        if self._phase == "animating":
            self._phase = "finishing"  # the next frame shows the slide itself

    def _built_ahead(self, index: int | None) -> bool:
        """Slide `index` waits, built, for its turn."""
        return index is not None and self.stage.is_built(index)

    def _done(self) -> None:
        self._switched_at = time.perf_counter()
        self._left -= 1
        self._phase = "idle"


def kiosk_switch(a: dict[str, Any]) -> dict[str, Any]:
    """Per slide type: press → painted; `transition` None keeps the deck's transitions."""
    player, probe = _start(a["playlist"], transition=a.get("transition"))
    run_loop_for(0.3)
    n = len(player.loaded.playlist.slides)
    presses = a["loops"] * n
    timeout = a.get("timeout", 60.0)
    ready = Presser(player, probe, ready=True).run(presses, timeout)
    out: dict[str, Any] = {"ready": dict(ready.first), "ready_end": dict(ready.end)}
    out["stuck"] = ready.stuck
    if a.get("rapid"):
        # the same presses twice, built on demand at once and then after a still's frame
        for key, still_first in (("rapid_sync", False), ("rapid", True)):
            player.stage.placeholder.enabled = still_first
            rapid = Presser(player, probe, ready=False).run(presses, timeout)
            out[key], out[key + "_stills"] = dict(rapid.first), rapid.stills
            out[key + "_live"] = dict(rapid.end)  # press → the slide itself painted
    out["modules"] = heavy_modules()
    return out


def kiosk_first_shows(a: dict[str, Any]) -> dict[str, Any]:
    """In a fresh process started on slide `start`: press → painted for every other slide,
    one press each, as a presenter meets them (built ahead): each type's first show in the
    process, with whatever PySide6 or Qt does the first time (the start slide's type had its
    first show at start-up, so it is left out)."""
    player, probe = _start(a["playlist"], transition=a.get("transition"), start=a["start"])
    run_loop_for(0.3)
    n = len(player.loaded.playlist.slides)
    ready = Presser(player, probe, ready=True).run(n - 1, a.get("timeout", 60.0))
    return {"first_show": dict(ready.first), "stuck": ready.stuck}


def kiosk_frames(a: dict[str, Any]) -> dict[str, Any]:
    """Frame times while transitions run (deck's own kind), at the screen size given."""
    player, probe = _start(a["playlist"], transition=a.get("transition"))
    run_loop_for(0.3)
    frames: list[float] = []
    counts: list[int] = []
    layer = player.stage.layer

    def collect(seconds: float, painted: list[QObject]) -> None:
        if layer in painted and layer.running():
            frames.append(seconds)

    gap = player.loaded.playlist.defaults.transition_ms / 1000 + 0.15
    presser = Presser(player, probe, ready=True, min_gap_s=gap)
    inner = presser._on_frame

    def both(seconds: float, painted: list[QObject]) -> None:
        collect(seconds, painted)
        inner(seconds, painted)

    start_counts = len(frames)
    presser._on_frame = both  # type: ignore[method-assign]
    presser.run(a["transitions"], a.get("timeout", 60.0))
    counts.append(len(frames) - start_counts)
    return {
        "runs": frames,
        "transitions": a["transitions"],
        "frames_per_transition": len(frames) / max(1, a["transitions"]),
        "first": dict(presser.first),
        "end": dict(presser.end),
        "size": [player.stage.width(), player.stage.height()],
        "stuck": presser.stuck,
    }


def kiosk_idle(a: dict[str, Any]) -> dict[str, Any]:
    """CPU of the process while the first (static) slide shows, event loop running."""
    player, probe = _start(a["playlist"])
    run_loop_for(a["settle"])  # entry animations end; the next slide is built ahead
    probe.remove()  # the probe's own Python per frame is not kiosk's CPU
    cpu: list[float] = []
    for _ in range(a["windows"]):
        meter = CpuMeter()
        meter.start()
        run_loop_for(a["window_s"])
        cpu.append(meter.stop())
    return {
        "cpu_runs": cpu,
        "cpu": median(cpu),
        "index": player.current_index,
        "progress_timer": player.overlays.progress.timer_active(),
        "pss": pss_mib(),
    }
