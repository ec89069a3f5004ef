"""The bundled deck's Chinese says what its English says: same figures, same names.

Every text of the deck is an English / Simplified Chinese pair. The figures of the Chinese are
those of FACTS.md (in 亿元 where the English has million yuan) or of the English beside it, and
the organisations the English names have their established Chinese names (FACTS.md's), so a
later edit of one language cannot drift from the other unnoticed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.core.loader import LoadedPlaylist, load_playlist
from kiosk.core.localtext import Local, text_values

REPO = Path(__file__).resolve().parents[1]
FACTS = REPO.parent / "shared" / "source" / "FACTS.md"
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# English name -> what the Chinese of the same text must contain (one of)
NAMES = {
    "Cushman & Wakefield": ("戴德梁行",),
    "China Express Airlines": ("华夏航空",),
    "Smart China Expo": ("智博会", "中国国际智能产业博览会"),
    "SCE": ("智博会", "中国国际智能产业博览会"),
    "Chongqing": ("重庆", "Chongqing"),
    "CQNEWS": ("华龙网",),
    "Five-year Plan": ("十四五",),
    "carbon neutrality": ("碳中和",),
}


@pytest.fixture(scope="module")
def pairs() -> list[tuple[str, str, str]]:
    """(JSON path, English, Chinese) of every text of the bundled deck."""
    deck: LoadedPlaylist = load_playlist(REPO / "data" / "playlist.json")
    out = []
    for path, value in text_values(deck.playlist):
        assert isinstance(value, Local)
        out.append(("/".join(map(str, path)), value.texts.get("en", ""), value.texts["zh-Hans"]))
    return out


def numbers(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in NUMBER.findall(text)}


def test_the_deck_is_english_and_chinese_stacked(pairs: list[tuple[str, str, str]]) -> None:
    deck = load_playlist(REPO / "data" / "playlist.json").playlist.deck
    assert deck.languages == ["en", "zh-Hans"]
    assert deck.language_mode == "stacked"
    assert len(pairs) > 80
    assert all(zh.strip() for _, _, zh in pairs)


def test_every_figure_of_the_chinese_is_a_fact_or_in_the_english(
    pairs: list[tuple[str, str, str]],
) -> None:
    if not FACTS.exists():
        pytest.skip("shared/source/FACTS.md is not beside this checkout")
    facts = numbers(FACTS.read_text(encoding="utf-8"))
    yi = {round(f / 100, 5) for f in facts}  # million yuan -> 亿元 (10^8 yuan)
    wrong = []
    for path, en, zh in pairs:
        months = {float(m) for m in re.findall(r"(\d{1,2})月", zh)}
        for n in numbers(zh) - numbers(en) - facts - months:
            if round(n, 5) not in yi:
                wrong.append(f"{path}: {n:g} in {zh!r}")
    assert not wrong, "figures of the Chinese text in neither FACTS.md nor the English:\n" + (
        "\n".join(wrong)
    )


def test_names_in_the_english_are_named_in_the_chinese(
    pairs: list[tuple[str, str, str]],
) -> None:
    wrong = [
        f"{path}: {en!r} names {name!r}, {zh!r} has none of {', '.join(chinese)}"
        for path, en, zh in pairs
        for name, chinese in NAMES.items()
        if re.search(rf"\b{re.escape(name)}\b", en, re.IGNORECASE)
        and not any(c in zh for c in chinese)
    ]
    assert not wrong, "\n".join(wrong)
