"""Every character of the bundled deck, in every language, is in a font the deck ships.

The deck is English and Simplified Chinese; Inter draws the Latin text and a subset of Noto Sans
CJK SC (made by `tools/subset_cjk_font.py`) the rest. On a display without a CJK font of its
own, a character missing from both is an empty box, so a text edit that adds one must fail
here until the subset is regenerated. The characters are collected by the tool itself (every
text field in every language, chart labels, the data labels charts draw) and looked up in the
fonts' cmaps with fontTools, so no Qt and no installed font is involved.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from fontTools.ttLib import TTFont

from kiosk.core.loader import LoadedPlaylist, load_playlist, parse_playlist

REPO = Path(__file__).resolve().parents[1]
PLAYLIST = REPO / "data" / "playlist.json"
FONTS = REPO / "assets" / "fonts"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    """tools/subset_cjk_font.py, imported by path (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "subset_cjk_font", REPO / "tools" / "subset_cjk_font.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    return module


@pytest.fixture(scope="module")
def deck() -> LoadedPlaylist:
    return load_playlist(PLAYLIST)


def cmap(path: Path) -> set[str]:
    with TTFont(path, lazy=True) as font:
        return {chr(c) for c in font.getBestCmap()}


def name_of(path: Path) -> str:
    with TTFont(path, lazy=True) as font:
        name = font["name"]
        return str(name.getDebugName(16) or name.getDebugName(1))  # "Inter", not "Inter Light"


def bundled_cmap(loaded: LoadedPlaylist) -> set[str]:
    """Every character some font of the deck's `theme.fonts` has a glyph for."""
    covered: set[str] = set()
    for rel in loaded.playlist.theme.fonts:
        covered |= cmap(loaded.resolve(rel))
    return covered


def missing(tool: ModuleType, loaded: LoadedPlaylist) -> dict[str, str]:
    """Characters of the deck in no bundled font -> where the deck uses them."""
    text = tool.deck_text(loaded)
    covered = bundled_cmap(loaded)
    return {ch: text.places(ch) for ch in sorted(text.where) if ch not in covered}


def report(found: dict[str, str]) -> str:
    lines = [f"{ch!r} U+{ord(ch):04X} in {where}" for ch, where in found.items()]
    return (
        "characters of the bundled deck that no bundled font draws (run "
        "tools/subset_cjk_font.py):\n" + "\n".join(lines)
    )


def test_every_character_of_the_deck_is_in_a_bundled_font(
    tool: ModuleType, deck: LoadedPlaylist
) -> None:
    han = [ch for ch in tool.deck_text(deck).where if "\u4e00" <= ch <= "\u9fff"]
    assert len(han) > 200, "the bundled deck is bilingual: its Chinese text is missing"
    found = missing(tool, deck)
    assert not found, report(found)


def test_the_deck_asks_for_the_fonts_it_ships(deck: LoadedPlaylist) -> None:
    """Inter first; Noto Sans CJK SC is bundled, so it follows in the fallback chain whether
    or not `font_family` names it; every family `font_family` names is bundled."""
    theme = deck.playlist.theme
    assert theme.families()[:1] == ["Inter"]
    names = {Path(rel).name for rel in theme.fonts}
    assert {"NotoSansCJKsc-Regular-subset.otf", "NotoSansCJKsc-Bold-subset.otf"} <= names
    bundled = {name_of(deck.resolve(rel)) for rel in theme.fonts}
    assert bundled == {"Inter", "Noto Sans CJK SC Subset"}
    assert set(theme.families()) <= bundled


def test_both_weights_of_the_subset_have_the_same_characters() -> None:
    regular, bold = (
        FONTS / "NotoSansCJKsc-Regular-subset.otf",
        FONTS / "NotoSansCJKsc-Bold-subset.otf",
    )
    assert cmap(regular) == cmap(bold)
    with TTFont(regular) as r, TTFont(bold) as b:
        assert b["OS/2"].usWeightClass > r["OS/2"].usWeightClass


def test_the_subset_stays_small() -> None:
    """The wheel carries it: the full collection is ~20 MB a weight; this deck needs ~75 KiB."""
    for path in FONTS.glob("NotoSansCJKsc-*-subset.otf"):
        assert path.stat().st_size < 250 * 1024, f"{path.name}: {path.stat().st_size} bytes"


def test_the_tool_check_passes_on_the_bundled_deck(
    tool: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tool.main(["--check"]) == 0, capsys.readouterr()


def test_a_character_no_font_has_is_found_and_located(
    tool: ModuleType, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The checks above can fail: a rare character in a language map, in a plain string and
    in a chart's labels is reported with where it is used, by the test and by --check."""
    raw = json.loads(PLAYLIST.read_text(encoding="utf-8"))
    by_id = {s["id"]: s for s in raw["slides"]}
    by_id["title"]["title"]["zh-Hans"] += "龘"  # U+9F98, not in the subset
    by_id["quote-wei"]["speaker"] = "Wei Xiaolong 㐀"  # a plain string: the same in all
    by_id["added-value"]["labels"]["2020"] = {"en": "2020", "zh-Hans": "二〇二〇"}
    loaded = parse_playlist(json.dumps(raw, ensure_ascii=False), PLAYLIST)

    found = missing(tool, loaded)
    assert found == {
        "〇": "slide 'added-value' labels[\"2020\"] (zh-Hans)",
        "㐀": "slide 'quote-wei' speaker",
        "龘": "slide 'title' title (zh-Hans)",
    }

    text = tool.deck_text(loaded)
    chars = tool.wanted(text, tool.others_cover(loaded, FONTS.glob("NotoSansCJKsc-*")))
    outputs = {w: FONTS / f"NotoSansCJKsc-{w}-subset.otf" for w in ("Regular", "Bold")}
    assert tool.check(text, chars, outputs) == 1
    out = capsys.readouterr().out
    assert "missing '龘' (U+9F98), used in slide 'title' title (zh-Hans)" in out
    assert "missing '㐀' (U+3400), used in slide 'quote-wei' speaker" in out


def test_the_tool_writes_a_subset_of_exactly_the_deck(tool: ModuleType, tmp_path: Path) -> None:
    """From Debian's Noto Sans CJK (skipped where fonts-noto-cjk is not installed): the subset
    written for the bundled deck has the characters the committed one has."""
    if not all(p.exists() for p in tool.SOURCES.values()):
        pytest.skip("Debian's fonts-noto-cjk is not installed")
    assert tool.main(["--out", str(tmp_path)]) == 0
    for weight in ("Regular", "Bold"):
        name = f"NotoSansCJKsc-{weight}-subset.otf"
        assert cmap(tmp_path / name) == cmap(FONTS / name), f"{name}: regenerate it"
        assert name_of(tmp_path / name) == "Noto Sans CJK SC Subset"
