"""Data files read after validation (`defer_data`, `finish_data`): the same problems, with the
same file, line, column and field, as reading them at once; nothing read before it is asked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.core import loader
from kiosk.core.loader import finish_data
from kiosk.core.playable import load_playable

GOOD = "year,value,target\n2016,1,2\n2017,3,4\n"


def _deck(folder: Path, third: dict[str, Any], files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    slides = [
        {"type": "title", "title": "One"},
        {"type": "chart", "heading": "first", "data": "first.csv", "x": "year", "y": "value"},
        third,
    ]
    path = folder / "playlist.json"
    data = {"deck": {"title": "T"}, "slides": slides}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def _later(at: tuple[str | int, ...]) -> bool:
    return tuple(at[:2]) != ("slides", 1)  # the second slide's files now, the rest later


def _chart(file: str, **kw: Any) -> dict[str, Any]:
    return {"type": "chart", "heading": "c", "data": file, "x": "year", "y": "value", **kw}


CASES = {
    "bad number": (_chart("big.csv"), {"big.csv": "year,value\n2016,1\n2017,lots\n"}),
    "no column": (_chart("big.csv", y="output"), {"big.csv": GOOD}),
    "missing": (_chart("gone.csv"), {}),
    "highlight": (_chart("big.csv", highlight="1999"), {"big.csv": GOOD}),
    "metric": (
        {
            "type": "metric",
            "label": "m",
            "data": {"file": "big.csv", "column": "value", "where": {"year": "1990"}},
        },
        {"big.csv": GOOD},
    ),
    "split": (
        {
            "type": "split",
            "heading": "s",
            "text": "t",
            "chart": {"kind": "bar", "data": "big.csv", "x": "year", "y": "nope"},
        },
        {"big.csv": GOOD},
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_file_read_later_is_the_same_problem(tmp_path: Path, case: str) -> None:
    third, files = CASES[case]
    path = _deck(tmp_path, third, {"first.csv": GOOD, **files})
    at_once = load_playable(path)
    assert at_once.problems
    assert sorted(at_once.skipped) == [2]
    later = load_playable(path, defer_data=_later)
    assert later.problems == []
    assert later.loaded is not None
    assert [str(p) for p in finish_data(later.loaded)] == [str(p) for p in at_once.problems]


def test_nothing_deferred_is_read_until_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _deck(tmp_path, _chart("big.csv"), {"first.csv": GOOD, "big.csv": GOOD})
    read: list[str] = []
    real = loader.load_data
    monkeypatch.setattr(loader, "load_data", lambda p: read.append(p.name) or real(p))
    loaded = load_playable(path, defer_data=_later).loaded
    assert loaded is not None
    assert read == ["first.csv"]
    assert loaded.chart_data(loaded.playlist.slides[2]).labels == ["2016", "2017"]  # type: ignore[arg-type]
    assert read == ["first.csv", "big.csv"]  # a slide that needs it first reads it
    assert finish_data(loaded) == []
    assert read == ["first.csv", "big.csv"]  # once


def test_a_file_the_first_slide_also_names_is_read_at_once(tmp_path: Path) -> None:
    path = _deck(tmp_path, _chart("first.csv", y="nope"), {"first.csv": GOOD})
    playable = load_playable(path, defer_data=_later)
    assert playable.loaded is not None
    assert playable.loaded.deferred is None
    assert [p.path for p in playable.problems] == ["slides[2].y"]


def test_lines_are_the_files_after_a_skipped_slide(tmp_path: Path) -> None:
    """A deck that starts with a broken slide is re-parsed from a patched copy; problems of
    its deferred files are still placed in the playlist as written."""
    path = _deck(tmp_path, _chart("big.csv"), {"first.csv": GOOD, "big.csv": "year,value\n1,x\n"})
    data = json.loads(path.read_text(encoding="utf-8"))
    data["slides"].insert(0, {"type": "image", "image": "missing.png"})
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    at_once = load_playable(path)
    later = load_playable(path, defer_data=lambda at: tuple(at[:2]) != ("slides", 2))
    assert later.loaded is not None
    assert sorted(later.skipped) == [0]
    late = [str(p) for p in finish_data(later.loaded)]
    assert late == [str(p) for p in at_once.problems if "big.csv" in p.message]
    assert late
