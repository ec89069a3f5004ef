"""What a rotating display keeps of its pictures: those of the slides alive, in 24 bits a
pixel where they are opaque (the theme background, the still of the slide built ahead)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QSize
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPixmap
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from helpers.player import advance_to_next, real_player, write_slides
from kiosk.core.clock import FakeClock
from kiosk.core.loader import load_playlist
from kiosk.ui import picturecache as cache
from kiosk.ui.background import background_pixmap, compact, image_pixmap
from kiosk.ui.picturecache import pixmap_bytes, release_unowned
from kiosk.ui.theme import theme_for


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.cache_clear()
    yield
    cache.cache_clear()


def cached_files() -> set[str]:
    return {Path(str(key[0])).name for key in cache._cache if key[0] != "bg"}


def delete(widget: QWidget) -> None:
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_picture_goes_once_no_slide_that_asked_for_it_is_alive(
    qapp: Any, ui: Any, tmp_path: Path
) -> None:
    a, b = QWidget(), QWidget()
    only_a, shared, stage = (
        ui.write_image(tmp_path / f"{n}.png", 64, 64, "#3366CC", "PNG")
        for n in ("only_a", "shared", "stage")
    )
    image_pixmap(only_a, QSize(40, 40), owner=a)
    image_pixmap(shared, QSize(40, 40), owner=a)
    image_pixmap(shared, QSize(40, 40), owner=b)  # a hit: b asks for it too
    image_pixmap(stage, QSize(40, 40))  # no owner: kept by the byte bound alone
    assert release_unowned() == 0  # both slides alive: nothing goes
    assert cached_files() == {"only_a.png", "shared.png", "stage.png"}

    delete(a)
    assert release_unowned() == 40 * 40 * 4
    assert cached_files() == {"shared.png", "stage.png"}
    delete(b)
    release_unowned()
    assert cached_files() == {"stage.png"}


def test_a_slide_keeps_showing_its_picture_after_the_cache_let_it_go(
    qapp: Any, ui: Any, tmp_path: Path
) -> None:
    owner = QWidget()
    path = ui.write_image(tmp_path / "p.png", 64, 64, "#3366CC", "PNG")
    held = image_pixmap(path, QSize(40, 40), owner=owner)
    gone = QWidget()
    image_pixmap(path, QSize(40, 40), owner=gone)
    owner_copy = QPixmap(held)
    delete(owner)
    delete(gone)
    release_unowned()
    assert cached_files() == set()
    assert owner_copy.toImage().pixelColor(20, 20).name() == "#3366cc"  # its own reference


def test_a_rotating_display_holds_the_pictures_of_the_slides_alive_only(
    qtbot: QtBot, ui: Any, tmp_path: Path
) -> None:
    colors = ["#3366CC", "#CC6633", "#33CC66", "#CC3366", "#6633CC"]
    slides = []
    for i, color in enumerate(colors):
        ui.write_image(tmp_path / f"photo{i}.png", 320, 180, color, "PNG")
        slides.append({"type": "image", "id": f"p{i}", "image": f"photo{i}.png"})
    clock = FakeClock()
    player = real_player(qtbot, write_slides(tmp_path, slides), clock)
    for turn in range(len(slides) + 2):  # a whole loop and more: each slide built ahead
        ahead = (player.current_index + 1) % len(slides)
        qtbot.waitUntil(lambda ahead=ahead: player.stage.is_built(ahead))
        alive = {f"photo{player.current_index}.png", f"photo{ahead}.png"}
        assert cached_files() <= alive, f"turn {turn}: {cached_files()} beyond {alive}"
        assert cached_files() >= {f"photo{ahead}.png"}
        advance_to_next(player, clock)
    # what the display shows is right all the same
    qtbot.waitUntil(lambda: player.stage.current_view is not None)


def opaque_theme(tmp_path: Path, color: str = "#0B2545") -> Any:
    doc = {
        "deck": {"title": "Bg"},
        "theme": {"background": {"color": color, "gradient": ["#0B2545", "#13315C"]}},
        "slides": [{"type": "title", "title": "One"}],
    }
    (tmp_path / "p.json").write_text(json.dumps(doc), encoding="utf-8")
    return theme_for(load_playlist(tmp_path / "p.json"), QSize(1920, 1080))


def test_an_opaque_background_is_kept_in_24_bits_with_the_same_pixels(
    qapp: Any, tmp_path: Path
) -> None:
    size = QSize(1920, 1080)
    pix = background_pixmap(opaque_theme(tmp_path), size)
    assert pix.depth() == 24
    assert not pix.hasAlphaChannel()
    assert pixmap_bytes(pix) == 1920 * 1080 * 3  # 5.9 MiB, not 7.9
    # drawn on the screen's 32-bit picture it gives what a 32-bit composition gives
    on_screen = QImage(size, QImage.Format.Format_RGB32)
    painter = QPainter(on_screen)
    painter.drawPixmap(0, 0, pix)
    painter.end()
    expected = QImage(size, QImage.Format.Format_RGB32)
    expected.fill(QColor("#0B2545"))
    gradient = QLinearGradient(QPointF(0, 0), QPointF(1920, 1080))
    gradient.setColorAt(0.0, QColor("#0B2545"))
    gradient.setColorAt(1.0, QColor("#13315C"))
    painter = QPainter(expected)
    painter.fillRect(expected.rect(), gradient)
    painter.end()
    assert on_screen == expected


def test_a_translucent_background_keeps_its_alpha(qapp: Any, tmp_path: Path) -> None:
    pix = background_pixmap(opaque_theme(tmp_path, "#800B2545"), QSize(320, 180))
    assert pix.hasAlphaChannel()
    assert pix.depth() == 32


def test_a_compacted_still_has_the_same_pixels_in_three_quarters_of_the_memory(
    qapp: Any,
) -> None:
    still = QPixmap(640, 360)
    still.fill(QColor("#13315C"))
    painter = QPainter(still)
    painter.fillRect(100, 100, 200, 100, QColor("#EEF4ED"))
    painter.end()
    small = compact(still)
    assert small.depth() == 24
    assert pixmap_bytes(small) * 4 == pixmap_bytes(still) * 3
    assert small.toImage().convertToFormat(QImage.Format.Format_RGB32) == still.toImage()
    translucent = QPixmap(64, 64)
    translucent.fill(QColor(0, 0, 0, 0))
    assert compact(translucent).hasAlphaChannel()  # kept as it is


def test_the_still_of_the_slide_built_ahead_is_kept_in_24_bits(
    qtbot: QtBot, tmp_path: Path
) -> None:
    slides = [{"type": "title", "id": f"t{i}", "title": f"Slide {i}"} for i in range(3)]
    path = write_slides(tmp_path, slides, defaults={"duration": 10, "transition": "fade"})
    player = real_player(qtbot, path, FakeClock())
    qtbot.waitUntil(lambda: player.stage.is_built(1))
    still = player.stage.pool._stills[1]
    assert still.depth() == 24
