"""No input makes `validate` raise or hang: junk text and mutations of the bundled deck."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.loader import PlaylistError, Problem, parse_playlist

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "playlist.json"
DECK_TEXT = BUNDLED.read_text(encoding="utf-8")
DECK = json.loads(DECK_TEXT)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _problems(text: str) -> list[Problem]:
    try:
        parse_playlist(text, BUNDLED)
    except PlaylistError as e:
        return e.problems
    return []


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


ALL_PATHS = _paths(DECK)[1:]


def _every_problem_is_one_line(problems: list[Problem]) -> None:
    for p in problems:
        line = str(p)
        assert "\n" not in line
        assert "Traceback" not in line
        assert p.file == str(BUNDLED)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_junk_text_gives_problems_not_exceptions(junk: str) -> None:
    problems = _problems(junk)
    assert problems  # junk is never a valid playlist
    _every_problem_is_one_line(problems)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_binary_junk_gives_problems(junk: str) -> None:
    _every_problem_is_one_line(_problems(junk))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ALL_PATHS), json_values, st.sampled_from(["replace", "delete", "add"]))
def test_mutated_bundled_deck_never_raises(path: tuple[Any, ...], value: Any, how: str) -> None:
    deck = copy.deepcopy(DECK)
    parent = deck
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "delete":
        del parent[last]
    elif isinstance(parent, dict):
        parent[f"{last}x"] = value
    else:
        parent.insert(last, value)
    _every_problem_is_one_line(_problems(json.dumps(deck)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(DECK_TEXT)), st.integers(0, 8), st.text(max_size=6))
def test_cut_and_spliced_text_never_raises(at: int, cut: int, insert: str) -> None:
    text = DECK_TEXT[:at] + insert + DECK_TEXT[at + cut :]
    _every_problem_is_one_line(_problems(text))
