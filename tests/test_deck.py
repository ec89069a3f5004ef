"""The bundled white-paper deck: its numbers trace to FACTS.md, its files exist, it renders.

The numbers are read from the playlist and its data files and compared with the figures
parsed out of FACTS.md itself: there is no second copy of them here to drift.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.core.loader import LoadedPlaylist, asset_refs, load_playlist
from kiosk.core.model import ChartSlide, MetricSlide, SplitSlide

REPO = Path(__file__).resolve().parents[1]
FACTS = REPO.parent / "shared" / "source" / "FACTS.md"


@pytest.fixture(scope="module")
def deck() -> LoadedPlaylist:
    return load_playlist(REPO / "data" / "playlist.json")


def facts_numbers() -> set[float]:
    if not FACTS.exists():
        pytest.skip("shared/source/FACTS.md is not beside this checkout")
    text = FACTS.read_text(encoding="utf-8")
    return {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def _is_derived_row(deck: LoadedPlaylist, file: str, index: int) -> bool:
    row = deck.table(file).rows[index]
    return str(row.get("derived", "no")).lower() == "yes"


def test_the_deck_is_valid_and_sized_for_reading(deck: LoadedPlaylist) -> None:
    slides = deck.playlist.active_slides()
    assert 12 <= len(slides) <= 18
    assert 120 <= deck.playlist.loop_seconds() <= 240
    kinds = {s.type for s in slides}  # type: ignore[attr-defined]
    assert kinds >= {"title", "bullets", "metric", "chart", "quote", "timeline", "split"}


def test_every_metric_is_a_fact_or_labelled_derived(deck: LoadedPlaylist) -> None:
    facts = facts_numbers()
    metrics = [s for s in deck.playlist.slides if isinstance(s, MetricSlide)]
    assert len(metrics) >= 4
    for slide in metrics:
        value = deck.metric_value(slide)
        assert slide.source, f"{slide.id}: a metric shows its source"
        derived = False
        if slide.data is not None:
            table = deck.table(slide.data.file)
            index = table.find(slide.data.where) if slide.data.where else slide.data.row
            assert index is not None
            derived = _is_derived_row(deck, slide.data.file, index)
        if derived:
            assert "derived" in slide.detail.lower(), f"{slide.id}: derived value not labelled"
        assert value in facts, f"{slide.id}: {value} is not a figure in FACTS.md"


def test_every_chart_value_is_a_fact_or_labelled_derived(deck: LoadedPlaylist) -> None:
    facts = facts_numbers()
    charts = [
        (s.id, s.chart if isinstance(s, SplitSlide) else s)
        for s in deck.playlist.slides
        if isinstance(s, ChartSlide) or (isinstance(s, SplitSlide) and s.chart)
    ]
    assert len(charts) >= 2
    for slide_id, spec in charts:
        assert spec is not None
        assert spec.source, f"{slide_id}: a chart shows its source"
        data = deck.chart_data(spec)
        for _, values in data.series:
            for i, value in enumerate(values):
                if spec.data and _is_derived_row(deck, spec.data, i):
                    assert "derived" in spec.note.lower(), f"{slide_id}: derived rows unlabelled"
                else:
                    assert value in facts, f"{slide_id}: {value} is not a figure in FACTS.md"


def test_every_referenced_asset_exists(deck: LoadedPlaylist) -> None:
    refs = list(asset_refs(deck.playlist))
    assert len(refs) >= 10
    for _, rel, _kind in refs:
        assert deck.resolve(rel).is_file(), rel


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_every_slide_renders(deck: LoadedPlaylist, size: tuple[int, int], qapp) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.render import render_slide

    for index in range(len(deck.playlist.slides)):
        image = render_slide(deck, index, size)
        assert (image.width(), image.height()) == size
        # not blank: more than a handful of distinct colours on a sampling grid
        colours = {image.pixel(x, y) for x in range(0, size[0], 37) for y in range(0, size[1], 37)}
        assert len(colours) > 20, f"slide {index + 1} looks blank"
