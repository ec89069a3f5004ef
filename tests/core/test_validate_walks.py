"""The walks after validation visit only the fields that can matter, and skip when nothing can.

Each walk (language maps to rebase and check, file paths to check, shown texts) is compared
with a reference walk over every field of every model, on the bundled bilingual deck and on
a generated deck with language maps in every kind of place; the messages a person sees for a
foreign language stay exact (file, line, column, slide and field).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from kiosk.core.langfields import TEXT_FIELDS, shown_texts
from kiosk.core.loader import check_playlist, load_playlist
from kiosk.core.localtext import Local, text_values
from kiosk.core.model import Playlist
from kiosk.core.modeltypes import file_refs, path_fields

REPO = Path(__file__).resolve().parents[2]


def _every_field(obj: Any, at: tuple[Any, ...], key: str = "") -> Iterator[tuple[Any, Any, str]]:
    """(JSON path, value, key) of everything in a model, visiting every field."""
    yield at, obj, key
    if isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            k = info.alias or name
            yield from _every_field(getattr(obj, name), (*at, k), k)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _every_field(item, (*at, i), key)
    elif isinstance(obj, dict):
        for k, item in obj.items():
            yield from _every_field(item, (*at, k), "")


def _maps(playlist: Playlist) -> list[tuple[Any, str]]:
    return [(p, v) for p, v, _ in _every_field(playlist, ()) if isinstance(v, Local)]


def _files(playlist: Playlist) -> set[tuple[Any, str]]:
    out: set[tuple[Any, str]] = set()
    for path, value, _ in _every_field(playlist, ()):
        if isinstance(value, BaseModel):
            kinds = path_fields(type(value))
            for name, info in type(value).model_fields.items():
                kind, v = kinds.get(name), getattr(value, name)
                key = info.alias or name
                if kind in (None, "live"):
                    continue
                for j, item in enumerate(v) if isinstance(v, list) else [(None, v)]:
                    if isinstance(item, str) and item:
                        out.add(((*path, key) if j is None else (*path, key, j), item))
    return out


def _everywhere() -> dict[str, Any]:
    """A deck with language maps in every text field of every slide type, plus files."""

    def m(text: str) -> dict[str, str]:
        return {"en": text, "zh-Hans": "中" + text}

    return {
        "deck": {"title": m("Deck"), "subtitle": m("sub"), "languages": ["en", "zh-Hans"]},
        "theme": {"logo": "logo.png"},
        "slides": [
            {
                "type": "title",
                "title": m("T"),
                "subtitle": m("s"),
                "kicker": m("k"),
                "notes": m("n"),
                "image": "logo.png",
            },
            {"type": "bullets", "heading": m("H"), "points": ["plain", m("p1"), m("p2")]},
            {
                "type": "metric",
                "value": 3,
                "label": m("L"),
                "unit": m("%"),
                "prefix": m("¥"),
                "detail": m("d"),
                "source": m("src"),
                "heading": m("h"),
            },
            {
                "type": "chart",
                "kind": "bar",
                "heading": m("C"),
                "x_title": m("x"),
                "y_title": m("y"),
                "source": m("s"),
                "note": m("n"),
                "values": [{"label": m("a"), "value": 1}, {"label": "b", "value": 2}],
                "labels": {"a": m("A")},
            },
            {"type": "quote", "text": m("q"), "speaker": m("who"), "role": m("r")},
            {"type": "image", "image": "logo.png", "caption": m("c"), "heading": m("h")},
            {
                "type": "timeline",
                "heading": m("TL"),
                "source": m("s"),
                "milestones": [
                    {"date": m("2030"), "label": m("l"), "detail": m("d")},
                    {"date": "2060", "label": m("l2")},
                ],
            },
            {
                "type": "split",
                "heading": m("S"),
                "text": m("t"),
                "points": [m("p")],
                "image": "logo.png",
                "source": m("s"),
            },
        ],
    }


@pytest.fixture
def everywhere(tmp_path: Path) -> Path:
    from kiosk.bench.deck import _PNG_1PX

    (tmp_path / "logo.png").write_bytes(_PNG_1PX)
    path = tmp_path / "playlist.json"
    path.write_text(json.dumps(_everywhere(), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture(params=["bundled", "everywhere"])
def deck(request: pytest.FixtureRequest, everywhere: Path) -> Playlist:
    path = REPO / "data" / "playlist.json" if request.param == "bundled" else everywhere
    return load_playlist(path).playlist


def test_every_language_map_is_found(deck: Playlist) -> None:
    expected = _maps(deck)
    assert len(expected) > 20
    assert list(text_values(deck)) == expected


def test_every_map_shows_the_primary_language(everywhere: Path) -> None:
    data = _everywhere()
    data["deck"]["languages"] = ["zh-Hans", "en"]
    everywhere.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    maps = _maps(load_playlist(everywhere).playlist)
    assert maps
    assert all(str(v) == v.texts["zh-Hans"] for _, v in maps)


def test_every_file_is_found(deck: Playlist) -> None:
    found = list(file_refs(deck))
    assert {(p, rel) for p, rel, _ in found} == _files(deck)
    assert len(found) == len(_files(deck))


def test_every_shown_text_is_found(deck: Playlist) -> None:
    expected = [
        (p, v)
        for p, v, key in _every_field(deck, ())
        if p[:1] in (("deck",), ("slides",))
        and (isinstance(v, Local) or (isinstance(v, str) and key in TEXT_FIELDS and v.strip()))
    ]
    assert len(expected) > 20
    assert list(shown_texts(deck)) == expected


FOREIGN = """{
  "deck": {"title": "T", "languages": ["en", "zh-Hans"]},
  "slides": [
    {"type": "title", "title": {"en": "Hi", "zh-Hans": "你好"}},
    {"type": "bullets", "heading": "H", "points": ["a", {"en": "b", "fr": "c"}]},
    {"type": "chart", "heading": "c", "kind": "pie",
     "values": [{"label": {"en": "x", "de": "y"}, "value": 1}]}
  ]
}
"""


def test_a_foreign_language_is_named_exactly(tmp_path: Path) -> None:
    path = tmp_path / "foreign.json"
    path.write_text(FOREIGN, encoding="utf-8")
    tail = "is not in deck.languages (en, zh-Hans): add it there or remove this text"
    assert [str(p) for p in check_playlist(path)] == [
        f"{path}:5:57: slide 2 (bullets), slides[1].points[1]: language 'fr' {tail}",
        f"{path}:7:27: slide 3 (chart), slides[2].values[0].label: language 'de' {tail}",
    ]


def test_a_one_language_deck_with_a_foreign_map(tmp_path: Path) -> None:
    """No map at all but one: the tally sees its tag, the walk finds where it is."""
    slides = [{"type": "title", "title": f"plain {i}"} for i in range(50)]
    slides[37]["subtitle"] = {"fr": "bonjour"}
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"deck": {"title": "T"}, "slides": slides}), encoding="utf-8")
    problems = check_playlist(path)
    assert [p.path for p in problems] == ["slides[37].subtitle"]
    assert "language 'fr' is not in deck.languages (en)" in problems[0].message


@pytest.mark.parametrize(("levels", "deep"), [(64, False), (65, True)])
def test_nesting_limit_at_the_edge(tmp_path: Path, levels: int, deep: bool) -> None:
    """The top object is level 1; a `_` key (kept, not validated) holds the rest."""
    inner = "[" * (levels - 1) + "]" * (levels - 1)
    path = tmp_path / "deep.json"
    text = (
        '{"_x": ' + inner + ', "deck": {"title": "T"}, "slides": [{"type": "title", "title": "a"}]}'
    )
    path.write_text(text, encoding="utf-8")
    messages = [p.message for p in check_playlist(path)]
    assert messages == (["nested more than 64 levels deep"] if deep else [])


def test_meta_keys_are_kept_and_never_dumped(tmp_path: Path) -> None:
    import copy
    import pickle

    path = tmp_path / "meta.json"
    data = {
        "$schema": "x.json",
        "deck": {"title": "T", "_note": "kept"},
        "slides": [{"type": "title", "title": "a", "_why": [1, 2]}],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    playlist = load_playlist(path).playlist
    assert playlist.meta == {"$schema": "x.json"}
    assert playlist.deck.meta == {"_note": "kept"}
    assert playlist.slides[0].meta == {"_why": [1, 2]}
    assert playlist.theme.meta == {}
    dumped = playlist.model_dump_json()
    assert "kept" not in dumped
    assert "_why" not in dumped
    assert "$schema" not in dumped
    for other in (
        playlist.model_copy(),
        copy.deepcopy(playlist),
        pickle.loads(pickle.dumps(playlist)),
    ):
        assert other.deck.meta == {"_note": "kept"}
        assert other == playlist
