"""The kiosk side of the memory figures: one loop of a deck with its own transitions, memory
while its clip plays, then many switches with a settled checkpoint every tenth of them (the
display's clip decoder processes counted with it)."""

from __future__ import annotations

import gc
import sys
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QObject, QTimer

from kiosk.bench.player import _key, _start
from kiosk.bench.probes import fonts_mapped, tree_memory_mib
from kiosk.bench.qtprobe import run_loop_for, wait_until

if TYPE_CHECKING:
    from kiosk.ui.app import Player

__all__ = ["Switcher", "kiosk_memory"]


def _settled(player: Player) -> dict[str, float]:
    """Memory once the event loop has run (deleteLater done, the next slide built ahead, a
    clip built ahead parked on its first frame) and garbage is collected: a checkpoint that
    does not depend on how far the loop got. The display's clip decoders count too
    (`processes` says how many were alive: one per clip playing)."""
    from kiosk.ui.video_remote import RemoteClip, live_decoders

    def parked() -> bool:  # and every decoder asked to end has ended (reaped)
        clips = player.stage.findChildren(RemoteClip)
        playing = sum(1 for c in clips if c.playing and c.decoding)
        return all(c.playing or not c.decoding for c in clips) and live_decoders() <= playing

    run_loop_for(0.3)
    wait_until(parked, 10)
    gc.collect()
    return tree_memory_mib()


class Switcher(QObject):
    """Presses → as fast as the player shows slides, inside a running event loop; with
    `transitions`, each press waits for the last one's transition to end (a press during a
    transition, or right after a switch, cuts: `rapid`), so every switch is the deck's own
    transition, as in a rotation."""

    def __init__(self, player: Player, *, transitions: bool = False) -> None:
        super().__init__()
        self.player = player
        self.transitions = transitions
        # a press this long after a switch is not rapid: past the deck's transition time
        self._pause = int(player.loaded.playlist.defaults.transition_ms) + 100
        self.switches = 0
        self._moved = False
        self._loop = QEventLoop()
        self._left = 0
        self._every = 0
        player.state_changed.connect(self.on_changed)

    def on_changed(self, change: object) -> None:
        self._moved = self._moved or bool(getattr(change, "moved", False))

    def run(self, switches: int, timeout_s: float = 150.0) -> Switcher:
        self._left = switches
        QTimer.singleShot(0, self._press)
        QTimer.singleShot(round(timeout_s * 1000), self._loop.quit)
        self._loop.exec()
        return self

    def _press(self) -> None:
        if self._moved:  # a bullets slide that reveals points takes presses without moving
            self._moved = False
            self.switches += 1
            self._left -= 1
        if self._left <= 0:
            self._loop.quit()
            return
        stage = self.player.stage
        if self.transitions and (stage.layer.running() or stage.layer.isVisible()):
            QTimer.singleShot(20, self._press)  # a transition still runs: wait for its end
            return
        _key(stage)
        # with transitions, a press right after a switch would be rapid: wait past it
        QTimer.singleShot(self._pause if self.transitions else 0, self._press)


def _while_a_clip_plays(player: Player, seconds: float = 2.0) -> dict[str, float]:
    """Memory (the display and its decoder) while the deck's first clip slide plays, then
    back to where the loop was; {} for a deck without a clip."""
    from kiosk.core.commands import Command, Op

    slides = player.loaded.playlist.slides
    clip_at = next((i for i, s in enumerate(slides) if getattr(s, "video", None)), None)
    if clip_at is None:
        return {}
    back = player.current_index

    def clip() -> Any:
        view = player.stage.current_view
        return getattr(view, "clip", None) or getattr(getattr(view, "video", None), "clip", None)

    player.submit(Command(Op.GOTO, index=clip_at))
    if not wait_until(lambda: (c := clip()) is not None and c.playing and c.frames > 2, 20):
        return {}
    run_loop_for(seconds)
    during = tree_memory_mib()
    player.submit(Command(Op.GOTO, index=back))
    _settled(player)
    return during


def kiosk_memory(a: dict[str, Any]) -> dict[str, Any]:
    """Memory after one loop of the deck, with its own transitions; then at least `switches`
    more with a settled checkpoint every tenth of them; what the figures depend on (fonts,
    allocator)."""
    import PySide6
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QFontDatabase

    from kiosk.allocator import allocator_settings

    # the deck's own transitions: a fade keeps pictures (the screen it began from, the still
    # of the slide built ahead) that a deck of cuts never makes
    player, probe = _start(a["playlist"], transition=a.get("transition"))
    probe.remove()
    n = len(player.loaded.playlist.slides)
    timeout = a.get("timeout", 150.0)
    Switcher(player, transitions=True).run(n, timeout_s=timeout)
    loop = _settled(player)
    playing = _while_a_clip_plays(player)
    total = int(a["switches"])
    # whole loops between checkpoints, so each finds the same slide on screen and the same
    # one built ahead (which two slides are alive moves memory by several MiB)
    step = n * max(1, round(total / int(a.get("checkpoints", 10)) / n))
    checkpoints: list[tuple[int, dict[str, float]]] = []
    done = 0
    t0 = time.perf_counter()
    while done < total:
        moved = Switcher(player).run(step, timeout_s=timeout).switches
        if moved == 0:
            break
        done += moved
        checkpoints.append((done, _settled(player)))
    return {
        "loop": loop,
        "playing": playing,
        "checkpoints": checkpoints,
        "switches": done,
        "slides": n,
        "seconds": time.perf_counter() - t0,
        "live_views": len(player.stage.live_views()),
        "fonts": fonts_mapped() + _registered_fonts(),
        "font_families": len(QFontDatabase.families()),
        "allocator": allocator_settings(),
        "qt": qVersion(),
        "pyside": PySide6.__version__,
        "multimedia": "PySide6.QtMultimedia" in sys.modules,
    }


def _registered_fonts() -> list[dict[str, Any]]:
    """The deck's own font files: kiosk reads them into memory (never through a map)."""
    from kiosk.ui.theme import loaded_font_files

    return [
        {"file": str(p), "mib": round(p.stat().st_size / 1024 / 1024, 2)}
        for p in loaded_font_files()
        if p.exists()
    ]
