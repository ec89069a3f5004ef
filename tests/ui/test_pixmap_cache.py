"""The picture cache is bounded by bytes (48 full-screen 4K pictures would be 1.5 GB)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize

from kiosk.ui import picturecache as cache
from kiosk.ui.background import image_pixmap
from kiosk.ui.picturecache import cache_bytes, pixmap_bytes


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.cache_clear()
    yield
    cache.cache_clear()


def photos(ui: Any, tmp_path: Path, n: int) -> list[Path]:
    return [ui.write_image(tmp_path / f"p{i}.png", 64, 64, "#3366CC", "PNG") for i in range(n)]


def test_cache_never_holds_more_bytes_than_its_budget(
    qapp: Any, ui: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "CACHE_BYTES", 3 * 400 * 400 * 4)  # three 400×400 pictures
    paths = photos(ui, tmp_path, 8)
    for path in paths:
        pix = image_pixmap(path, QSize(400, 400))
        assert pixmap_bytes(pix) == 400 * 400 * 4
        assert cache_bytes() <= cache.CACHE_BYTES
    assert len(cache._cache) == 3
    # the most recently used are the ones kept: the last one is a hit, the first is rebuilt
    assert image_pixmap(paths[-1], QSize(400, 400)) is cache._cache[next(reversed(cache._cache))]
    assert all(str(paths[0]) != key[0] for key in cache._cache)


def test_a_picture_larger_than_the_budget_is_still_kept_alone(
    qapp: Any, ui: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "CACHE_BYTES", 1000)
    (small, big) = photos(ui, tmp_path, 2)
    image_pixmap(small, QSize(10, 10))
    image_pixmap(big, QSize(300, 300))
    assert len(cache._cache) == 1
    assert cache_bytes() == 300 * 300 * 4


def test_an_image_background_is_one_full_screen_picture_in_the_cache(
    qapp: Any, ui: Any, tmp_path: Path
) -> None:
    """The image is composed onto the colour once; only the composed picture is kept."""
    from kiosk.core.loader import load_playlist
    from kiosk.ui.background import background_pixmap
    from kiosk.ui.theme import theme_for

    ui.write_image(tmp_path / "bg.png", 160, 90, "#3366CC", "PNG")
    doc = {
        "deck": {"title": "Bg"},
        "theme": {"background": {"color": "#000000", "image": "bg.png"}},
        "slides": [{"type": "title", "title": "One"}],
    }
    (tmp_path / "p.json").write_text(json.dumps(doc), encoding="utf-8")
    size = QSize(1920, 1080)
    theme = theme_for(load_playlist(tmp_path / "p.json"), size)
    pix = background_pixmap(theme, size)
    assert pix.toImage().pixelColor(960, 540).name() == "#3366cc"
    assert cache_bytes() == pixmap_bytes(pix)  # not the image at full size beside it
    assert background_pixmap(theme, size) is cache._cache[next(reversed(cache._cache))]
