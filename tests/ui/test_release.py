"""What a slide leaves behind: nothing that waits for the garbage collector."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, QSize

from kiosk.ui.slides import build_slide, make_context
from kiosk.ui.warmup import warm_animations


@pytest.fixture
def no_gc() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.usefixtures("no_gc")
def test_a_released_animated_slide_is_freed_without_the_garbage_collector(
    qapp: Any, make_deck: Any, ui: Any
) -> None:
    loaded = make_deck(ui.every_type_slides())
    ctx = make_context(loaded, QSize(1280, 720))
    for slide in loaded.playlist.slides:
        view = build_slide(slide, ctx)
        view.enter()
        view.finish()
        view.grab()
        gone = weakref.ref(view)
        view.release()
        del view  # a top-level view: dropping the last reference deletes it
        assert gone() is None, f"{slide.type}: kept alive by a reference cycle"


def test_warm_animations_runs_one_animation_that_deletes_itself(qtbot: Any) -> None:
    owner = QObject()
    warm_animations(owner)
    warm_animations(owner)  # once per process
    qtbot.waitUntil(lambda: owner.findChild(QObject, "warm-animations") is None)
