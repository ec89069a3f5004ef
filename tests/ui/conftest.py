"""Fixtures for the UI tests: a fake clock, playlists written into tmp_path, slide helpers.

What is not a fixture (a fake slide view, deck writers, player starters) is in `helpers`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.core.clock import FakeClock
from kiosk.core.loader import LoadedPlaylist, load_playlist

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
<rect x="0" y="0" width="200" height="100" fill="#E0115F"/></svg>"""

ICON = """<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">
<circle cx="48" cy="48" r="40" fill="none" stroke="#FFFFFF" stroke-width="4"/></svg>"""

LONG = (
    "A deliberately long piece of text that keeps going well past what fits on one line, "
    "so that it has to wrap over several lines and perhaps shrink to stay inside its box "
    "on every screen, including the small 1280 by 720 one and tall portrait screens"
)

CSV = """year,value,other
2016,85393,60000
2017,105085,70210
2018,129317,80100
2019,159138,91000
2020,195742,99000
"""


def write_image(path: Path, w: int, h: int, color: str, fmt: str) -> Path:
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path), fmt)
    return path


def every_type_slides(text: str = "") -> list[dict[str, Any]]:
    """One slide of each type (two charts), with `text` appended to every text field."""
    t = text
    return [
        {
            "type": "title",
            "kicker": "Kicker" + t,
            "title": "Title" + t,
            "subtitle": "Sub" + t,
            "logo": "logo.svg",
        },
        {
            "type": "bullets",
            "heading": "Bullets" + t,
            "points": ["One" + t, "Two" + t, "Three"],
            "icons": ["icon.svg", None, "icon.svg"],
            "image": "art.svg",
        },
        {
            "type": "metric",
            "heading": "Metric" + t,
            "value": 195742,
            "unit": "million yuan",
            "label": "Label" + t,
            "detail": "Detail" + t,
            "source": "Source" + t,
        },
        {
            "type": "chart",
            "kind": "bar",
            "heading": "Chart" + t,
            "data": "data.csv",
            "x": "year",
            "y": "value",
            "y_title": "million yuan" + t,
            "x_title": "Year",
            "highlight": "2020",
            "source": "Source" + t,
            "note": "Note" + t,
        },
        {
            "type": "chart",
            "kind": "donut",
            "heading": "Donut" + t,
            "values": [
                {"label": "Alpha" + t, "value": 5},
                {"label": "Beta", "value": 3},
                {"label": "Gamma", "value": 2},
            ],
            "highlight": "Beta",
            "source": "Source",
        },
        {
            "type": "quote",
            "text": "Quote" + t,
            "speaker": "Speaker" + t,
            "role": "Role" + t,
            "image": "art.svg",
        },
        {"type": "image", "heading": "Image" + t, "image": "photo.jpg", "caption": "Caption" + t},
        {
            "type": "timeline",
            "heading": "Timeline" + t,
            "milestones": [
                {"date": "2021", "label": "Start" + t, "detail": "Detail" + t},
                {"date": "2021–2025", "label": "Plan"},
                {"date": "2030", "label": "Peak", "detail": "Detail"},
                {"date": "2060", "label": "Neutral" + t, "highlight": True},
            ],
            "source": "Source",
        },
        {
            "type": "split",
            "heading": "Split" + t,
            "text": "Paragraph" + t,
            "points": ["Point" + t, "Point two"],
            "chart": {
                "kind": "line",
                "data": "data.csv",
                "x": "year",
                "y": ["value", "other"],
                "highlight": "2019",
                "y_title": "million yuan",
            },
            "source": "Source" + t,
        },
        {
            "type": "split",
            "heading": "Split image",
            "text": "Paragraph" + t,
            "image": "wide.png",
            "media_side": "left",
        },
    ]


@pytest.fixture
def make_deck(tmp_path: Path, qapp: Any) -> Callable[..., LoadedPlaylist]:
    """Write a playlist (with images and data beside it) and load it."""

    def make(
        slides: list[dict[str, Any]], theme: dict[str, Any] | None = None, **top: Any
    ) -> LoadedPlaylist:
        (tmp_path / "logo.svg").write_text(SVG, encoding="utf-8")
        (tmp_path / "art.svg").write_text(SVG, encoding="utf-8")
        (tmp_path / "icon.svg").write_text(ICON, encoding="utf-8")
        (tmp_path / "data.csv").write_text(CSV, encoding="utf-8")
        write_image(tmp_path / "photo.jpg", 300, 200, "#3366CC", "JPEG")
        write_image(tmp_path / "wide.png", 400, 100, "#E0115F", "PNG")
        doc = {"deck": {"title": "Test"}, "slides": slides, **top}
        if theme is not None:
            doc["theme"] = theme
        path = tmp_path / "playlist.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        return load_playlist(path)

    return make


def snapshot(view: Any) -> QImage:
    """The slide as a person would see it, at its own size."""
    image = QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.black)
    painter = QPainter(image)
    view.render(painter, QPoint(0, 0))
    painter.end()
    return image


def close(a: QColor, b: QColor, tol: int = 12) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


class Helpers:
    """What slide tests share, handed out by the `ui` fixture."""

    LONG = LONG
    every_type_slides = staticmethod(every_type_slides)
    snapshot = staticmethod(snapshot)
    close = staticmethod(close)
    write_image = staticmethod(write_image)

    @staticmethod
    def qsize(size: tuple[int, int]) -> QSize:
        return QSize(*size)


@pytest.fixture
def ui() -> type[Helpers]:
    return Helpers


@pytest.fixture
def clock() -> FakeClock:
    """The player's time, moved by the test (nothing sleeps)."""
    return FakeClock()


@pytest.fixture
def live_clock(qapp: Any) -> Iterator[FakeClock]:
    """A fake clock that the live-data hub runs on too (its own hub, stopped after the test)."""
    from kiosk.ui.live import LiveHub, set_hub

    clock = FakeClock()
    live_hub = LiveHub(clock=clock)
    old = set_hub(live_hub)
    yield clock
    live_hub.stop()
    set_hub(old)
    live_hub.deleteLater()
