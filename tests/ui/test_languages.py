"""Languages on screen: stacked pairs, one language full size, numbers per language, right to
left mirrored, Chinese line breaking by Qt, nothing clipped at any size, validate's glyph
warning and the command line's language flags. The fixture deck (tests/ui/lang) carries its
own Noto Sans CJK SC subset, as a deck would; the suite's only system font is DejaVu Sans."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize, Qt, QTextBoundaryFinder
from PySide6.QtGui import QFontMetrics, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel

from kiosk.cli import main
from kiosk.core.loader import LoadedPlaylist, load_playlist
from kiosk.ui.langtext import SUB_SCALE, PairLabel
from kiosk.ui.slides import build_slide, make_context
from kiosk.ui.text import TextLabel

DECK = Path(__file__).parent / "lang" / "bilingual.json"
SIZES = [(1280, 720), (1920, 1080), (3840, 2160), (1080, 1920)]
STACKED = ("en", "zh-Hans")
ZH = ("zh-Hans",)


@pytest.fixture
def bilingual(qapp: Any) -> LoadedPlaylist:
    return load_playlist(DECK)


def build(qtbot: Any, loaded: LoadedPlaylist, index: int, size: tuple[int, int], langs: Any) -> Any:
    view = build_slide(loaded.playlist.slides[index], make_context(loaded, QSize(*size), langs))
    qtbot.addWidget(view)
    view.finish()
    return view


def labels(view: Any) -> list[QLabel]:
    return [lab for lab in view.findChildren(QLabel) if lab.isVisibleTo(view) and lab.text()]


def named(view: Any, name: str) -> TextLabel:
    found = view.findChild(TextLabel, name)
    assert found is not None, name
    return found


def assert_nothing_clipped(view: Any) -> None:
    slide = view.rect()
    for lab in labels(view):
        geo = QRect(lab.mapTo(view, lab.rect().topLeft()), lab.size())
        assert slide.contains(geo), f"{lab.objectName()} {lab.text()[:30]!r} leaves the slide"
        if lab.textFormat() != Qt.TextFormat.PlainText:
            continue
        area = lab.contentsRect()  # a pair's large text: above its translations
        flags = int(lab.alignment().value) | (
            int(Qt.TextFlag.TextWordWrap.value) if lab.wordWrap() else 0
        )
        need = lab.fontMetrics().boundingRect(QRect(0, 0, area.width(), 1 << 20), flags, lab.text())
        what = f"{lab.objectName()} {lab.text()[:30]!r} needs {need.size()} in {area.size()}"
        assert need.width() <= area.width(), what
        assert need.height() <= area.height(), what
    for pair in view.findChildren(PairLabel):
        for sub in pair.subs:  # a translation stays inside its pair, under the large text
            assert QRect(QRect(0, 0, pair.width(), pair.height())).contains(sub.geometry())
            assert sub.y() >= pair.contentsRect().bottom()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("langs", [STACKED, ZH], ids=["stacked", "zh"])
def test_every_slide_fits_in_both_modes(
    qtbot: Any, bilingual: LoadedPlaylist, size: Any, langs: Any
) -> None:
    for i in range(len(bilingual.playlist.slides)):
        view = build(qtbot, bilingual, i, size, langs)
        assert_nothing_clipped(view)
        view.release()


def test_stacked_draws_each_text_with_its_translation_beneath(
    qtbot: Any, bilingual: LoadedPlaylist
) -> None:
    view = build(qtbot, bilingual, 1, (1920, 1080), STACKED)
    heading = named(view, "heading")
    assert isinstance(heading, PairLabel)
    assert heading.text() == "What the line makes"
    assert [s.text() for s in heading.subs] == ["生产线制造什么"]
    points = view.points
    assert [p.text() for p in points][:2] == [
        "Electric cars and their batteries, from cell to pack",
        "Laptops, printers and the chips inside them",
    ]
    for point in points:
        assert isinstance(point, PairLabel)
        sub = point.subs[0]
        main_px, sub_px = point.font().pixelSize(), sub.font().pixelSize()
        assert sub_px == pytest.approx(main_px * SUB_SCALE, abs=1.5) or sub_px == (
            view.theme.min_text_px
        )
        assert sub.palette().color(sub.foregroundRole()) == view.theme.muted
        # the pair is one piece: the next point starts below this one's translation
    tops = [p.y() for p in points]
    bottoms = [p.y() + p.subs[0].geometry().bottom() for p in points]
    assert all(b < t for b, t in zip(bottoms, tops[1:], strict=False))


def test_one_language_is_drawn_full_size(qtbot: Any, bilingual: LoadedPlaylist) -> None:
    stacked = build(qtbot, bilingual, 1, (1920, 1080), STACKED)
    zh = build(qtbot, bilingual, 1, (1920, 1080), ZH)
    assert zh.findChildren(PairLabel) == []
    assert named(zh, "heading").text() == "生产线制造什么"
    assert zh.points[0].text() == "电动汽车及其电池，从电芯到电池包"
    assert zh.points[0].font().pixelSize() >= stacked.points[0].font().pixelSize()


def test_numbers_in_each_language(qtbot: Any, bilingual: LoadedPlaylist) -> None:
    zh = build(qtbot, bilingual, 2, (1920, 1080), ZH)
    assert named(zh, "number").text() == "1,957.42"  # 195,742 million yuan = 1,957.42 亿元
    assert named(zh, "unit").text() == "亿元"
    en = build(qtbot, bilingual, 2, (1920, 1080), STACKED)
    assert named(en, "number").text() == "195,742"  # the number once, in the large language
    assert named(en, "unit").text() == "million yuan"
    assert [s.text() for s in en.findChild(PairLabel, "label").subs] == ["测试年度工业产值"]


def test_german_separators_come_from_qt(qtbot: Any, make_deck: Any) -> None:
    loaded = make_deck(
        [{"type": "metric", "value": 1957.42, "label": {"en": "Output", "de": "Leistung"}}],
        deck={"title": "T", "languages": ["en", "de"]},
    )
    view = build(qtbot, loaded, 0, (1920, 1080), ("de",))
    assert named(view, "number").text() == "1.957,42"
    assert named(view, "label").text() == "Leistung"


HEBREW = {
    "deck": {"title": "RTL", "languages": ["he"]},
    "slides": [
        {
            "type": "bullets",
            "heading": "שלום עולם",
            "points": ["נקודה ראשונה", "נקודה שנייה ארוכה יותר"],
        },
        {
            "type": "timeline",
            "heading": "ציר זמן",
            "milestones": [{"date": "2011", "label": "ראשון"}, {"date": "2020", "label": "שני"}],
        },
        {
            "type": "split",
            "heading": "מפוצל",
            "text": "טקסט",
            "chart": {"kind": "bar", "values": [{"label": "א", "value": 1}]},
        },
    ],
}


def ink_columns(view: Any, lab: QLabel, ui: Any) -> tuple[int, int]:
    """The first and last column of `lab` (in the slide) where its text puts ink."""
    image = ui.snapshot(view)
    geo = QRect(lab.mapTo(view, lab.rect().topLeft()), lab.size())
    background = image.pixelColor(geo.left(), geo.top())
    cols = [
        x
        for x in range(geo.left(), geo.right() + 1)
        if any(
            not ui.close(image.pixelColor(x, y), background, 60)
            for y in range(geo.top(), geo.bottom() + 1, 2)
        )
    ]
    assert cols, lab.text()
    return cols[0], cols[-1]


def test_right_to_left_is_mirrored(qtbot: Any, tmp_path: Path, qapp: Any, ui: Any) -> None:
    path = tmp_path / "he.json"
    path.write_text(json.dumps(HEBREW, ensure_ascii=False), encoding="utf-8")
    loaded = load_playlist(path)
    view = build(qtbot, loaded, 0, (1920, 1080), ())
    assert view.rtl
    c = view.theme.content()
    heading = named(view, "heading")
    assert heading.alignment() & Qt.AlignmentFlag.AlignRight
    ink_right = heading.x() + heading.width()
    text_w = QFontMetrics(heading.font()).horizontalAdvance(heading.text())
    assert abs(ink_right - (c.right() + 1)) <= 2  # flush with the right margin
    assert heading.width() > text_w * 1.5  # so the text sits at the right, not the left
    for point, marker in zip(view.points, view._markers, strict=True):
        assert point.alignment() & Qt.AlignmentFlag.AlignRight
        assert marker.left() > point.geometry().right()  # the marker right of its text
        left, right = ink_columns(view, point, ui)
        assert abs(right - point.geometry().right()) <= point.font().pixelSize() // 2
    left, right = ink_columns(view, heading, ui)
    assert right > c.right() - heading.font().pixelSize()
    assert left > c.center().x()
    timeline = build(qtbot, loaded, 1, (1920, 1080), ())
    first, last = timeline.dots[0], timeline.dots[-1]
    assert first.x() > last.x()  # read from the right
    assert timeline.dates[0].x() > timeline.dates[-1].x()
    for date, label in zip(timeline.dates, timeline.labels, strict=True):
        # a date and its label both end at the column's right edge, by its dot
        assert abs(ink_columns(timeline, date, ui)[1] - ink_columns(timeline, label, ui)[1]) < 12
    split = build(qtbot, loaded, 2, (1920, 1080), ())
    assert split.media_rect.right() < named(split, "text").x()  # media_side right → left


def test_dejavu_draws_the_rtl_test_texts(qapp: Any) -> None:
    from kiosk.ui.glyphcheck import undrawn

    assert undrawn("שלום עולם مرحبا", ["DejaVu Sans"]) == []


def test_chinese_wraps_where_qt_line_breaker_allows(qtbot: Any, bilingual: LoadedPlaylist) -> None:
    view = build(qtbot, bilingual, 1, (1280, 720), ZH)
    for point in view.points:
        text = point.text()
        assert "\n" not in text  # kiosk never breaks text itself
        layout = QTextLayout(text, point.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        starts = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(point.width() / 2.5)  # narrow: several lines
            starts.append(line.textStart())
        layout.endLayout()
        finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
        allowed = set()
        while (pos := finder.toNextBoundary()) != -1:
            allowed.add(pos)
        assert len(starts) > 1
        for start in starts[1:]:
            assert start in allowed, (text, start)
            assert text[start] not in "，。、：；）", (text, start)  # never a line on a comma


def test_validate_warns_of_characters_no_font_draws(tmp_path: Path, capsys: Any) -> None:
    doc = json.loads(DECK.read_text(encoding="utf-8"))
    doc["theme"]["fonts"] = [
        str(DECK.parent.parent.parent / "fonts" / "NotoSansCJKsc-test-subset.otf")
    ]
    doc["slides"][1]["points"][1]["zh-Hans"] = "智能制造齉"  # 齉: not in the subset
    doc["slides"][1]["heading"] = {"en": "No Chinese here"}
    path = tmp_path / "deck.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(path)]) == 0  # warnings never fail the file
    out = capsys.readouterr().out
    assert (
        f"{path}: slide 2 (bullets), points[1] [zh-Hans]: 1 character no font draws: 齉 "
        "(fonts: DejaVu Sans, Noto Sans CJK SC)"
    ) in out
    assert f"{path}: slide 2 (bullets), heading: no zh-Hans text; shows the en text there" in out
    assert "智" not in out.replace("智能制造齉", "")  # what the subset has is not reported
    doc["theme"] = {}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    main(["validate", str(path)])
    out = capsys.readouterr().out
    # (the fonts: the system's default, whichever this process has made it)
    assert re.search(r"points\[1\] \[zh-Hans\]: 1 character no font draws: 齉 \(fonts: ", out)
    # the subset is loaded in this process now, but not named by the theme: a display that
    # does not have it installed shows boxes
    assert re.search(
        r"points\[1\] \[zh-Hans\]: 4 characters drawn only by a system font here "
        # (fonts an earlier test of this process registered are listed too)
        r"\((?:[^)]*, )?Noto Sans CJK SC(?:, [^)]*)?\), "
        r"which a display may lack: 智能制造 \(fonts: ",
        out,
    )


def test_command_line_languages(tmp_path: Path, capsys: Any) -> None:
    assert main(["render", str(DECK), "--out", str(tmp_path), "--language", "fr"]) == 2
    err = capsys.readouterr()
    assert "language 'fr' is not one of the deck's languages (en, zh-Hans)" in err.out + err.err
    assert main(["plan", str(DECK), "--from", "2026-12-24 08:00", "--hours", "0.05",
                 "--language", "zh-Hans"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "  1 title     zh-Hans  " in out
    assert main(["plan", str(DECK), "--from", "2026-12-24 08:00", "--hours", "0.05"]) == 0
    assert "en + zh-Hans" in capsys.readouterr().out
    assert main(["plan", str(DECK), "--hours", "1", "--language", "xx"]) == 2
    assert "kiosk plan:" in capsys.readouterr().err


def test_font_families_fall_back_in_order(make_deck: Any, caplog: Any) -> None:
    from kiosk.ui.theme import theme_for

    subset = str(DECK.parent.parent.parent / "fonts" / "NotoSansCJKsc-test-subset.otf")
    loaded = make_deck(
        [{"type": "title", "title": "T"}],
        theme={"font_family": ["No Such Font", "DejaVu Sans"], "fonts": [subset]},
    )
    with caplog.at_level("WARNING", logger="kiosk.ui.theme"):
        theme = theme_for(loaded, QSize(1920, 1080))
        theme_for(loaded, QSize(1280, 720))  # once, not at every size
    assert theme.families == ("DejaVu Sans", "Noto Sans CJK SC")  # then the bundled ones
    assert theme.font("body").families() == ["DejaVu Sans", "Noto Sans CJK SC"]
    missing = [r for r in caplog.records if "No Such Font" in r.getMessage()]
    assert len(missing) == 1
    assert "neither bundled nor installed" in missing[0].getMessage()


def test_the_display_draws_the_languages_the_show_says(qtbot: Any) -> None:
    from helpers import advance_to_next, real_player
    from kiosk.core.clock import FakeClock

    clock = FakeClock()
    player = real_player(qtbot, DECK, clock, language_mode="alternate")
    seen = []
    for _ in range(len(player.loaded.playlist.slides) + 1):
        view = player.stage.current_view
        assert view is not None
        seen.append((player.state.index, player.state.languages, view.languages))
        advance_to_next(player, clock)
    assert all(state == drawn for _, state, drawn in seen)  # the screen draws the show's
    assert [langs for _, langs, _ in seen][-2:] == [("en",), ("zh-Hans",)]  # a new loop


def test_the_presenter_pictures_are_in_the_languages_shown(qapp: Any) -> None:
    from kiosk.ui.thumbs import SlidePictures

    loaded = load_playlist(DECK)
    pictures = SlidePictures(lambda: loaded, lambda: QSize(1280, 720))
    en = pictures.picture(1, "v", None, ("en",)).toImage()
    zh = pictures.picture(1, "v", None, ("zh-Hans",)).toImage()
    assert en.size() == zh.size()
    assert en != zh
    assert pictures.picture(1, "v", None, ("en",)).toImage() == en  # cached per language
