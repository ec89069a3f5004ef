"""The slide watchdog: a slide whose build takes too long is abandoned and skipped.

Why not a worker thread with a timeout: measured, PySide6 keeps the GIL inside long Qt calls
(`QSvgRenderer` on the `<use>` bomb), so no other Python thread runs until the call returns,
and a C++ call cannot be cancelled. What a Python process *can* do is bound the damage:

1. **Validation first.** `kiosk.core.media` and the data limits refuse what is known to be
   slow before Qt sees it, at `validate`, at start and on every reload, and again at build.
2. **Slow builds are dropped.** Each build is timed with the player's clock; one that takes
   longer than `BUILD_BUDGET` is discarded (`SlideBuildError`), logged, and the stage skips
   that slide from then on, so a slow slide costs once, not once per loop.
3. **Frozen builds end the process, and the next start skips them.** Before each build a
   breadcrumb (`building.json` in the state folder) names the slide; the exit guard
   (`kiosk.exitguard`) kills a main thread silent for `HANG_SECONDS`, the service manager
   starts kiosk again, and this watch finds the breadcrumb and refuses that slide (by its
   content, so a fixed slide is built again) — rotation goes on with the others.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core.clock import Clock
from kiosk.ui.slides.base import SlideBuildError, SlideContext, SlideView

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.core.model import SlideBase
    from kiosk.ui.stage import Builder

__all__ = ["BUILD_BUDGET", "BuildWatch"]

log = logging.getLogger("kiosk.watchdog")

BUILD_BUDGET = 5.0  # seconds; the bundled deck's slowest build is ~0.1 s
_MAX_HUNG = 200


def slide_key(slide: SlideBase) -> str:
    """The slide's content (its fields, not its position): what 'the same slide' means."""
    data = slide.model_dump(mode="json", by_alias=True)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class BuildWatch:
    """Wraps a slide builder with the budget and the breadcrumbs (see module doc)."""

    def __init__(self, state_dir: Path | None, clock: Clock, budget: float = BUILD_BUDGET) -> None:
        self.clock = clock
        self.budget = budget
        self._crumb = state_dir / "building.json" if state_dir is not None else None
        self._hung_file = state_dir / "hung-slides.json" if state_dir is not None else None
        self.hung: dict[str, str] = self._load_hung()
        self._adopt_crumb()

    def wrap(self, inner: Builder) -> Builder:
        def build(slide: SlideBase, ctx: SlideContext, parent: QWidget | None) -> SlideView:
            return self.build(inner, slide, ctx, parent)

        return build

    def build(
        self, inner: Builder, slide: SlideBase, ctx: SlideContext, parent: QWidget | None
    ) -> SlideView:
        key = slide_key(slide)
        if key in self.hung:
            raise SlideBuildError(
                f"froze the display the last time it was built ({self.hung[key]}); skipped "
                "until it changes"
            )
        self._write_crumb(key, slide)
        start = self.clock.now()
        try:
            view = inner(slide, ctx, parent)
        finally:
            self._clear_crumb()
        took = self.clock.now() - start
        if took > self.budget:
            with contextlib.suppress(Exception):
                view.release()
                view.deleteLater()
            raise SlideBuildError(f"took {took:.1f} s to build (limit {self.budget:g} s); skipped")
        return view

    # --- breadcrumbs ------------------------------------------------------------------------

    def _write_crumb(self, key: str, slide: SlideBase) -> None:
        if self._crumb is None:
            return
        what = f"{getattr(slide, 'type', '?')} slide"
        doc = {"pid": os.getpid(), "key": key, "what": what}
        with contextlib.suppress(OSError):
            self._crumb.write_text(json.dumps(doc))

    def _clear_crumb(self) -> None:
        if self._crumb is not None:
            with contextlib.suppress(OSError):
                self._crumb.unlink(missing_ok=True)

    def _adopt_crumb(self) -> None:
        """A breadcrumb left by a process that is gone: that build froze it."""
        if self._crumb is None:
            return
        doc = _read_json(self._crumb)
        if not isinstance(doc, dict):
            return
        pid = doc.get("pid")
        if isinstance(pid, int) and pid != os.getpid() and _alive(pid):
            return  # another kiosk is building right now
        key, what = doc.get("key"), doc.get("what")
        self._clear_crumb()
        if isinstance(key, str) and key not in self.hung:
            log.error("the last run froze while building a %s; skipping it from now on", what)
            self.hung[key] = str(what)
            while len(self.hung) > _MAX_HUNG:
                del self.hung[next(iter(self.hung))]
            if self._hung_file is not None:
                with contextlib.suppress(OSError):
                    self._hung_file.write_text(json.dumps(self.hung))

    def _load_hung(self) -> dict[str, str]:
        doc = _read_json(self._hung_file) if self._hung_file is not None else None
        if not isinstance(doc, dict):
            return {}
        return {k: str(v) for k, v in doc.items() if isinstance(k, str)}


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
