"""The video slide's fields, without Qt: trims, until_end, split slides' video media."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import ValidationError

from kiosk.core.model import UNTIL_END_LIMIT, Playlist, SplitSlide, VideoSlide


def _playlist(slide: dict[str, Any]) -> Playlist:
    return Playlist.model_validate({"deck": {"title": "T"}, "slides": [slide]})


def test_defaults_are_muted_looping_and_contained() -> None:
    slide = _playlist({"type": "video", "video": "a.mp4"}).slides[0]
    assert isinstance(slide, VideoSlide)
    assert (slide.muted, slide.loop, slide.fit, slide.start, slide.end) == (
        True,
        True,
        "contain",
        0,
        None,
    )


def test_until_end_plays_once_within_a_limit() -> None:
    playlist = _playlist({"type": "video", "video": "a.mp4", "until_end": True})
    assert playlist.duration_of(playlist.slides[0]) == UNTIL_END_LIMIT
    capped = _playlist({"type": "video", "video": "a.mp4", "until_end": True, "duration": 12})
    assert capped.duration_of(capped.slides[0]) == 12


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start": 5, "end": 3}, "'end' (3) must be after 'start' (5)"),
        ({"until_end": True, "loop": True}, "'until_end' plays the clip once"),
        ({"fit": "stretch"}, "contain"),
    ],
)
def test_bad_video_fields(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        _playlist({"type": "video", "video": "a.mp4", **fields})


def test_a_split_slide_takes_a_video_with_its_image_as_poster() -> None:
    slide = {"type": "split", "heading": "H", "text": "t", "video": "a.mp4", "image": "p.png"}
    parsed = _playlist(slide).slides[0]
    assert isinstance(parsed, SplitSlide)
    assert parsed.video == "a.mp4"
    with pytest.raises(ValidationError, match="not both"):
        _playlist({**slide, "chart": {"values": [{"label": "a", "value": 1}]}})
