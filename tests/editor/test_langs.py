"""The raw-JSON language helpers the editor's inputs stand on (no Qt)."""

from __future__ import annotations

from kiosk.editor.document import MISSING
from kiosk.editor.langs import (
    deck_languages,
    is_lang_tag,
    language_changes,
    text_in,
    with_lines,
    with_text,
)

LANGS = ["en", "zh-Hans"]


def test_the_deck_languages_default_to_its_language() -> None:
    assert deck_languages({"deck": {"title": "T"}}) == ["en"]
    assert deck_languages({"deck": {"language": "de"}}) == ["de"]
    assert deck_languages({"deck": {"languages": ["zh-Hans", "en"]}}) == ["zh-Hans", "en"]


def test_a_bare_tag_in_a_map_is_edited_where_it_is() -> None:
    value = {"en": "Road", "zh": "之路"}
    assert text_in(value, "zh-Hans", LANGS) == "之路"
    assert with_text(value, "zh-Hans", "道路", LANGS) == {"en": "Road", "zh": "道路"}


def test_a_translation_of_an_empty_text_and_a_new_key_in_deck_order() -> None:
    assert with_text("", "zh-Hans", "标题", LANGS) == {"zh-Hans": "标题"}
    assert with_text({"zh-Hans": "标题", "fr": "x"}, "en", "Title", LANGS) == {
        "en": "Title",
        "zh-Hans": "标题",
        "fr": "x",
    }
    assert list(with_text({"zh-Hans": "标题"}, "en", "Title", LANGS)) == ["en", "zh-Hans"]


def test_points_removed_in_one_language_keep_the_others() -> None:
    items = [{"en": "a", "zh-Hans": "甲"}, {"en": "b", "zh-Hans": "乙"}]
    assert with_lines(items, "en", ["b"], LANGS) == [{"zh-Hans": "甲"}, items[1]]
    assert with_lines(["a", "b"], "en", ["a", "", "b", ""], LANGS) == ["a", "b"]


def test_removing_a_language_keeps_a_text_that_only_it_had() -> None:
    data = {
        "deck": {"title": {"en": "T", "fr": "F"}, "languages": ["en", "fr"], "language": "fr"},
        "slides": [{"type": "bullets", "heading": {"fr": "seul"}, "points": ["a", "b"]}],
    }
    changes = dict(language_changes(data, ["en"]))
    assert changes[("deck", "languages")] == ["en"]
    assert changes[("deck", "language")] is MISSING
    assert changes[("deck", "title")] == {"en": "T"}
    assert changes[("slides", 0, "heading")] == "seul"


def test_language_tags_follow_the_model() -> None:
    assert all(is_lang_tag(t) for t in ("en", "zh-Hans", "pt-BR", "es-419"))
    assert not any(is_lang_tag(t) for t in ("x_y", "e", "english language", ""))
