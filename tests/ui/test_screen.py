"""Read from across a room (#13): minimum text size, one logo, a still background under a
slide transition, opaque overlays that stay off the content."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontInfo, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from helpers import overlays_on
from kiosk.core.loader import load_playlist
from kiosk.resources import bundled_playlist
from kiosk.ui.slides import build_slide, make_context
from kiosk.ui.theme import MIN_TEXT_PX
from kiosk.ui.transitions import content_only, paint_frame

SIZES = [(1280, 720), (1920, 1080), (3840, 2160), (1080, 1920)]


def _labels(view: QWidget) -> list[QLabel]:
    return [lab for lab in view.findChildren(QLabel) if lab.isVisibleTo(view) and lab.text()]


def _check_text(view: Any, where: str) -> None:
    floor = view.theme.min_text_px
    slide = view.rect()
    for lab in _labels(view):
        name = f"{where}: {lab.objectName()} {lab.text()[:30]!r}"
        px = QFontInfo(lab.font()).pixelSize()
        assert px >= floor, f"{name} is {px} px, under the minimum {floor} px"
        geo = QRect(lab.mapTo(view, lab.rect().topLeft()), lab.size())
        assert slide.contains(geo), f"{name} leaves the slide"
        if lab.textFormat() == Qt.TextFormat.PlainText:
            flags = int(lab.alignment().value) | (
                int(Qt.TextFlag.TextWordWrap.value) if lab.wordWrap() else 0
            )
            need = lab.fontMetrics().boundingRect(
                QRect(0, 0, lab.width(), 1 << 20), flags, lab.text()
            )
            assert need.size().boundedTo(lab.size()) == need.size(), f"{name} is clipped"
    chart = getattr(view, "chart", None)
    plot = getattr(chart, "plot", None)
    if plot is not None:  # tick and value text painted on the plot
        assert chart.chart.tick_font.pixelSize() >= floor, where
        if chart.chart.value_texts():
            assert chart.chart.value_font.pixelSize() >= floor, where


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_text_on_any_slide_is_under_the_minimum(
    qtbot: Any, make_deck: Any, ui: Any, size: Any
) -> None:
    decks = [make_deck(ui.every_type_slides(), theme={"logo": "logo.svg"})]
    decks.append(load_playlist(bundled_playlist()))
    for loaded in decks:
        ctx = make_context(loaded, QSize(*size))
        assert ctx.theme is not None
        assert ctx.theme.min_text_px == round(MIN_TEXT_PX * min(size) / 1080)
        for i, slide in enumerate(loaded.playlist.slides):
            view = build_slide(slide, ctx)
            qtbot.addWidget(view)
            view.finish()
            _check_text(view, f"{loaded.path.name} slide {i + 1} ({slide.type}) at {size}")
            view.release()


def test_a_long_source_line_is_cut_not_shrunk(qtbot: Any, make_deck: Any, ui: Any) -> None:
    loaded = make_deck([{"type": "quote", "text": "Q", "speaker": "S"}])
    loaded = make_deck(
        [
            {
                "type": "chart",
                "kind": "bar",
                "heading": "C",
                "data": "data.csv",
                "x": "year",
                "y": "value",
                "source": ui.LONG + " " + ui.LONG,
            }
        ]
    )
    view = build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(1920, 1080)))
    qtbot.addWidget(view)
    source = view.findChild(QLabel, "source")
    assert source.font().pixelSize() >= view.theme.min_text_px
    assert source.text().endswith("…")
    assert source.toolTip() == ui.LONG + " " + ui.LONG
    assert source.height() <= source.fontMetrics().height() * 2 + source.fontMetrics().leading()


def test_a_title_slide_shows_one_logo(qtbot: Any, make_deck: Any, ui: Any) -> None:
    loaded = make_deck(
        [
            {"type": "title", "title": "T", "logo": "logo.svg"},
            {"type": "title", "title": "T"},
        ],
        theme={"logo": "logo.svg", "colors": {"background": "#102030"}},
    )
    ctx = make_context(loaded, QSize(1920, 1080))
    with_logo = build_slide(loaded.playlist.slides[0], ctx)
    without = build_slide(loaded.playlist.slides[1], ctx)
    qtbot.addWidget(with_logo)
    qtbot.addWidget(without)
    corner = without._logo_at
    assert not corner.isEmpty()  # the corner mark on a title slide without its own logo
    image = ui.snapshot(with_logo)
    assert ui.close(image.pixelColor(corner.center()), QColor("#102030"))
    assert ui.close(image.pixelColor(with_logo._slide_logo_at.center()), QColor("#E0115F"))


def _striped(size: QSize) -> QPixmap:
    """A background with vertical stripes, so that a moved copy would show."""
    pix = QPixmap(size)
    pix.fill(QColor("#102030"))
    painter = QPainter(pix)
    for x in range(0, size.width(), 40):
        painter.fillRect(x, 0, 20, size.height(), QColor("#203040"))
    painter.end()
    return pix


def test_a_slide_transition_keeps_the_background_still(qapp: Any) -> None:
    size = QSize(400, 200)
    bg = _striped(size)
    start, end = QPixmap(bg), QPixmap(bg)
    for pix, color in ((start, "#FF0000"), (end, "#0000FF")):
        painter = QPainter(pix)
        painter.fillRect(150, 80, 100, 40, QColor(color))
        painter.end()
    frame = QImage(size, QImage.Format.Format_RGB32)
    painter = QPainter(frame)
    paint_frame(
        painter,
        frame.rect(),
        content_only(start, bg),
        content_only(end, bg),
        "slide",
        1,
        0.6,
        background=bg,
    )
    painter.end()
    still = bg.toImage()
    # every pixel away from the two moving boxes is the background, unmoved: no seam
    boxes = [QRect(150 - 240, 80, 100, 40), QRect(150 + 400 - 240, 80, 100, 40)]
    for y in range(0, 200, 7):
        for x in range(0, 400, 3):
            if any(b.adjusted(-2, -2, 2, 2).contains(x, y) for b in boxes):
                continue
            assert frame.pixelColor(x, y) == still.pixelColor(x, y), (x, y)
    # and the content moved: the red box 240 px to the left, the blue one coming in
    assert frame.pixelColor(5, 100) == QColor("#FF0000")
    assert frame.pixelColor(330, 100) == QColor("#0000FF")


# --- overlays ---------------------------------------------------------------------------------


def _alpha(css: str) -> float:
    import re

    m = re.search(r"background:rgba?\(([^)]*)\)", css)
    assert m, css
    parts = [p.strip() for p in m.group(1).split(",")]
    return 1.0 if len(parts) == 3 else int(parts[3]) / 255


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 720)])
def test_overlays_are_opaque_and_stay_in_the_margins(qtbot: Any, size: Any) -> None:
    stage, ov = overlays_on(qtbot, size)
    stage.show()
    ov.configure(progress=True, counter=True, clock=False, badge=True)
    ov.show_state(
        counting=True, frozen=False, covered=False, duration=10, pill="Manual", counter="3 / 18"
    )
    ov.show_goto("12")
    ov.show_badge("data/playlist.json:12:19: slides[3].duration: must be greater than 0 " * 3)
    t = ov.theme
    content = t.content()
    for widget in (ov.pill, ov.info, ov.hint, ov.badge):
        assert widget.isVisible()
        picture = widget.pill_picture().toImage()  # opaque inside its padding, left and top
        assert picture.pixelColor(2, picture.height() // 2).alpha() == 255, widget.objectName()
        assert picture.pixelColor(picture.width() // 2, 1).alpha() == 255, widget.objectName()
        geo = widget.geometry()
        assert stage.rect().contains(geo), widget.objectName()
        assert not geo.intersects(content), f"{widget.objectName()} {geo} sits on {content}"
        assert geo.left() >= t.margin_x - 1 or widget is ov.hint
    assert ov.badge.text().endswith("…")  # one line, never over a heading
    ov.toggle_help()
    help_geo = ov.help.geometry()
    assert stage.rect().adjusted(t.px(20), t.px(20), -t.px(20), -t.px(20)).contains(help_geo)
    assert "background:rgba(" in ov.help.styleSheet()
    assert _alpha(ov.help.styleSheet()) == 1.0
    assert f"border-radius:{t.px(20)}px" in ov.help.styleSheet()


def test_the_badge_says_which_file_and_line_on_hover_and_in_help(qtbot: Any) -> None:
    _, ov = overlays_on(qtbot, (1920, 1080))
    ov.show_badge("The playlist has a problem", "data/playlist.json:14:7: slides[4].titel: unknown")
    assert ov.badge.text() == "The playlist has a problem"
    assert ov.badge.toolTip() == "data/playlist.json:14:7: slides[4].titel: unknown"
    assert not ov.badge.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    problem = ov.help.findChild(QLabel, "overlay-help-problem")
    assert "data/playlist.json:14:7" in problem.text()
    ov.show_badge("p.json:3:7: must be > 0\nsecond line")  # one argument, as before
    assert ov.badge.text() == "p.json:3:7: must be > 0"
    assert "second line" in ov.badge.toolTip()
    ov.hide_badge()
    assert not ov.badge.isVisible()
    assert problem.isHidden()


def test_a_chinese_footnote_of_two_lines_is_wrapped_not_cut(qtbot: Any) -> None:
    """Portrait, the bundled chart's Chinese note needs two lines; its glyphs come from the
    Chinese font, whose lines are taller than the Latin font's: it was cut at one line."""
    loaded = load_playlist(bundled_playlist())
    index = next(
        i
        for i, s in enumerate(loaded.playlist.slides)
        if s.type == "chart" and "推算" in str(getattr(getattr(s, "note", None), "texts", ""))
    )
    view = build_slide(loaded.playlist.slides[index], make_context(loaded, QSize(1080, 1920)))
    qtbot.addWidget(view)
    note = view.findChild(QLabel, "note-translation")
    assert note is not None
    assert not note.text().endswith("…"), note.text()
    assert note.toolTip() == ""
    assert "绘制" in note.text()
    assert note.height() > note.fontMetrics().height() * 1.5  # two lines, not one
