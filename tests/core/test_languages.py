"""Which languages the display draws, Qt-free: modes, the command line's choice, alternate
turns as a pure function of loop and slide (so plan and display agree), the fallback chain,
numbers per language, a chart's texts and values, validate's missing-language warning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kiosk.core.chartlang import localize_chart
from kiosk.core.clock import FakeClock
from kiosk.core.langfields import missing_languages
from kiosk.core.languages import LanguageError, LanguagePlan, in_languages, resolve_language
from kiosk.core.loader import ChartData
from kiosk.core.localtext import pick
from kiosk.core.model import Playlist
from kiosk.core.numbers import format_number, format_value, scale_for
from kiosk.core.plan import plan
from kiosk.core.plantext import plan_lines
from kiosk.core.show import Show

EN_ZH = {"en": "Smart manufacturing", "zh-Hans": "智能制造"}
START = datetime(2026, 12, 24, 8, 0, tzinfo=UTC)


def deck(
    mode: str = "single", every: str = "loop", slides: int = 3, **deck_fields: Any
) -> Playlist:
    return Playlist.model_validate(
        {
            "deck": {
                "title": {"en": "Deck", "zh-Hans": "演示"},
                "languages": ["en", "zh-Hans"],
                "language_mode": mode,
                "alternate_every": every,
                **deck_fields,
            },
            "defaults": {"duration": 10, "transition": "none"},
            "slides": [
                {"type": "title", "title": {"en": f"Slide {i}", "zh-Hans": f"第{i}页"}}
                for i in range(1, slides + 1)
            ],
        }
    )


def test_modes_say_what_is_drawn() -> None:
    assert LanguagePlan.of(deck("single").deck).shown() == ("en",)
    assert LanguagePlan.of(deck("stacked").deck).shown() == ("en", "zh-Hans")
    alternate = LanguagePlan.of(deck("alternate").deck)
    assert [alternate.shown(loop)[0] for loop in range(4)] == ["en", "zh-Hans", "en", "zh-Hans"]
    per_slide = LanguagePlan.of(deck("alternate", "slide").deck)
    # three slides: the language runs on across the loop's end, not restarting with it
    turns = [per_slide.shown(loop, i, 3)[0] for loop in range(2) for i in range(3)]
    assert turns == ["en", "zh-Hans", "en", "zh-Hans", "en", "zh-Hans"]


def test_the_command_line_chooses() -> None:
    d = deck("stacked").deck
    assert LanguagePlan.of(d, language="zh-Hans").shown() == ("zh-Hans",)  # alone: single
    assert LanguagePlan.of(d, language="zh").shown() == ("zh-Hans",)  # its base language
    stacked_zh = LanguagePlan.of(d, language="zh-Hans", mode="stacked")
    assert stacked_zh.shown() == ("zh-Hans", "en")  # the one asked for drawn large
    assert LanguagePlan.of(d, mode="single").shown() == ("en",)
    with pytest.raises(
        LanguageError, match=r"'fr' is not one of the deck's languages \(en, zh-Hans\)"
    ):
        LanguagePlan.of(d, language="fr")
    assert resolve_language("ZH-hans", ["en", "zh-Hans"]) == "zh-Hans"


def test_fallback_chain() -> None:
    playlist = Playlist.model_validate(
        {
            "deck": {"title": "T", "languages": ["en", "zh-Hans", "fr"]},
            "slides": [{"type": "title", "title": {"zh-Hans": "只有中文", "fr": "Seulement"}}],
        }
    )
    title = playlist.slides[0].title
    # en is missing: the deck's order says zh-Hans comes next, before fr
    assert pick(title, "en", playlist.deck.languages) == "只有中文"
    assert pick(title, "fr", playlist.deck.languages) == "Seulement"
    assert pick(title, "zh", ()) == "只有中文"  # the base language matches
    assert in_languages(title, ["en", "fr"], playlist.deck.languages) == "Seulement"
    assert in_languages(title, ["zh-Hans", "fr"]) == "只有中文 / Seulement"
    assert missing_languages(playlist) == [
        "slide 1 (title), title: no en text; shows the zh-Hans text there"
    ]


def test_show_state_follows_the_loops() -> None:
    clock = FakeClock(start=0.0, wall=START)
    show = Show(deck("alternate"), clock)
    seen = [(show.state.index, show.state.languages)]
    for _ in range(6):
        clock.advance(10)
        show.tick()
        seen.append((show.state.index, show.state.languages))
    assert seen == [
        (0, ("en",)), (1, ("en",)), (2, ("en",)),
        (0, ("zh-Hans",)), (1, ("zh-Hans",)), (2, ("zh-Hans",)),
        (0, ("en",)),
    ]  # fmt: skip
    assert show.state.language == "en"
    # the slide built ahead at the end of a loop is drawn in the next loop's language
    for _ in range(2):
        clock.advance(10)
        show.tick()
    assert show.state.index == 2
    assert show.languages_for(0) == ("zh-Hans",)
    assert show.languages_for(2) == ("en",)


def test_stacked_and_command_line_on_the_show() -> None:
    clock = FakeClock(start=0.0, wall=START)
    assert Show(deck("stacked"), clock).state.languages == ("en", "zh-Hans")
    assert Show(deck("stacked"), clock, language="zh-Hans").state.languages == ("zh-Hans",)
    with pytest.raises(LanguageError):
        Show(deck(), clock, language="de")


def test_plan_prints_the_language_of_each_entry() -> None:
    shown = plan(deck("alternate"), START, START + timedelta(seconds=60))
    assert [(s.number, s.language) for s in shown] == [
        (1, "en"), (2, "en"), (3, "en"), (1, "zh-Hans"), (2, "zh-Hans"), (3, "zh-Hans"),
    ]  # fmt: skip
    lines = list(plan_lines(shown, languages=True))
    assert "  1 title     zh-Hans  Slide 1" in lines[4]
    stacked = plan(deck("stacked"), START, START + timedelta(seconds=10))
    assert stacked[0].language == "en + zh-Hans"
    assert stacked[0].as_json()["language"] == "en + zh-Hans"
    zh = plan(deck("stacked"), START, START + timedelta(seconds=10), language="zh-Hans")
    assert zh[0].languages == ("zh-Hans",)


def test_plan_folds_alternating_loops_as_two_languages() -> None:
    shown = plan(deck("alternate"), START, START + timedelta(minutes=10))
    lines = list(plan_lines(shown, languages=True))
    # one loop in English, one in Chinese, then the pair of them folded
    assert any("the same 6 slides again" in line for line in lines), lines


def test_numbers_per_language() -> None:
    assert format_number(195742) == "195,742"
    assert format_number(1957.42, 2, ",", ".") == "1.957,42"  # de, from Qt's CLDR data
    assert format_number(1957.42, 2, ",", "\u202f") == "1\u202f957,42"  # fr
    assert format_value(1957.42, 2, "亿元") == "1,957.42\u2009亿元"
    scales = {"zh-Hans": 0.01}
    assert scale_for(scales, "zh-Hans") == 0.01
    assert scale_for(scales, "zh") == 0.01
    assert scale_for(scales, "en") == 1.0
    assert scale_for(None, "en") == 1.0


def test_a_chart_in_the_languages_drawn() -> None:
    playlist = Playlist.model_validate(
        {
            "deck": {"title": "T", "languages": ["en", "zh-Hans"]},
            "slides": [
                {
                    "type": "chart",
                    "heading": "H",
                    "values": [{"label": "cars", "value": 150000}, {"label": "2023", "value": 5}],
                    "labels": {"cars": {"en": "Cars", "zh-Hans": "汽车"}},
                    "x_title": {"en": "Year", "zh-Hans": "年份"},
                    "y_title": {"en": "million yuan", "zh-Hans": "亿元"},
                    "unit": {"en": "million yuan", "zh-Hans": "亿元"},
                    "unit_scale": {"zh-Hans": 0.01},
                }
            ],
        }
    )
    spec = playlist.slides[0]
    data = ChartData(["cars", "2023"], [("value", [150000.0, 5.0])], None)
    zh_spec, zh = localize_chart(spec, data, ["zh-Hans"])
    assert zh.labels == ["汽车", "2023"]
    assert zh.series[0][1] == [1500.0, 0.05]
    assert (zh_spec.x_title, zh_spec.unit) == ("年份", "亿元")
    both_spec, both = localize_chart(spec, data, ["en", "zh-Hans"])
    assert both.labels == ["Cars\n汽车", "2023"]  # a category: two lines
    assert both_spec.x_title == "Year / 年份"  # a title: one line
    # the figures are in million yuan: the value title does not also say 亿元
    assert both_spec.y_title == "million yuan"
    assert zh_spec.y_title == "亿元"
    assert both.series[0][1] == [150000.0, 5.0]  # the values of the language drawn large
