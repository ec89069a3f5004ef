"""Slide renderers: every type at every size, text never clipped, theme colours, behaviour."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QLabel

from kiosk.ui.slides import SlideBuildError, SlideContext, build_slide, make_context
from kiosk.ui.text import TextLabel

SIZES = [(1280, 720), (1920, 1080), (1080, 1920)]
SLIDE_TYPES = [
    "title",
    "bullets",
    "metric",
    "chart",
    "donut",
    "quote",
    "image",
    "timeline",
    "split-chart",
    "split-image",
]


def build(qtbot: Any, loaded: Any, index: int, size: tuple[int, int]) -> Any:
    view = build_slide(loaded.playlist.slides[index], make_context(loaded, QSize(*size)))
    qtbot.addWidget(view)
    return view


def visible_labels(view: Any) -> list[QLabel]:
    return [lab for lab in view.findChildren(QLabel) if lab.isVisibleTo(view) and lab.text()]


def assert_no_clipping(view: Any) -> None:
    slide = view.rect()
    for lab in visible_labels(view):
        geo = QRect(lab.mapTo(view, lab.rect().topLeft()), lab.size())
        assert slide.contains(geo), (
            f"{lab.objectName()} {lab.text()[:30]!r} leaves the slide: {geo}"
        )
        if lab.textFormat() == Qt.TextFormat.PlainText:
            flags = int(lab.alignment().value) | (
                int(Qt.TextFlag.TextWordWrap.value) if lab.wordWrap() else 0
            )
            need = lab.fontMetrics().boundingRect(
                QRect(0, 0, lab.width(), 1 << 20), flags, lab.text()
            )
            assert need.size().boundedTo(lab.size()) == need.size(), (
                f"{lab.objectName()} {lab.text()[:30]!r} needs {need.size()} in {lab.size()}"
            )


def assert_no_overlap(view: Any) -> None:
    labs = [lab for lab in visible_labels(view) if lab.objectName() != "quote-mark"]
    rects = [(lab, QRect(lab.mapTo(view, lab.rect().topLeft()), lab.size())) for lab in labs]
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1 :]:
            assert not ra.intersects(rb), (
                f"{a.objectName()} {a.text()[:20]!r} overlaps {b.text()[:20]!r}"
            )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("long", [False, True], ids=["short", "long"])
def test_every_type_fits_every_screen(
    qtbot: Any, make_deck: Any, ui: Any, size: Any, long: bool
) -> None:
    loaded = make_deck(
        ui.every_type_slides(" " + ui.LONG if long else ""), theme={"logo": "logo.svg"}
    )
    for i, kind in enumerate(SLIDE_TYPES):
        view = build(qtbot, loaded, i, size)
        view.finish()
        assert view.size() == QSize(*size), kind
        assert_no_clipping(view)
        assert_no_overlap(view)
        assert not view.animating(), f"{kind}: an animation still runs after finish()"
        view.release()


def test_background_colour_in_a_corner_and_logo_top_right(
    qtbot: Any, make_deck: Any, ui: Any
) -> None:
    loaded = make_deck(
        [{"type": "quote", "text": "Q", "speaker": "S"}],
        theme={"colors": {"background": "#123456"}, "logo": "logo.svg"},
    )
    view = build(qtbot, loaded, 0, (1920, 1080))
    image = ui.snapshot(view)
    assert ui.close(image.pixelColor(3, 1076), QColor("#123456"))
    # the logo (a #E0115F rectangle) sits in the top-right corner, inside the margins
    logo = view._logo_at
    assert logo.right() < 1920 - 100
    assert logo.top() >= 60
    assert ui.close(image.pixelColor(logo.center()), QColor("#E0115F"))


def test_gradient_background(qtbot: Any, make_deck: Any, ui: Any) -> None:
    loaded = make_deck(
        [{"type": "quote", "text": "Q", "speaker": "S"}],
        theme={"background": {"gradient": ["#FF0000", "#0000FF"]}},
    )
    image = ui.snapshot(build(qtbot, loaded, 0, (1280, 720)))
    assert ui.close(image.pixelColor(1, 1), QColor("#FF0000"), 30)
    assert ui.close(image.pixelColor(1278, 718), QColor("#0000FF"), 30)


def test_playlist_text_is_plain_unless_markup(qtbot: Any, make_deck: Any) -> None:
    loaded = make_deck(
        [
            {"type": "title", "title": "<b>x</b> & y", "subtitle": "<i>s</i>"},
            {"type": "title", "title": "<b>x</b> & y", "markup": True},
        ]
    )
    plain = build(qtbot, loaded, 0, (1920, 1080))
    title = plain.findChild(QLabel, "title")
    assert title.text() == "<b>x</b> & y"
    assert title.textFormat() == Qt.TextFormat.PlainText
    assert plain.findChild(QLabel, "subtitle").textFormat() == Qt.TextFormat.PlainText
    view = build(qtbot, loaded, 1, (1920, 1080))
    rich = view.findChild(QLabel, "title")
    assert rich.textFormat() == Qt.TextFormat.RichText


def test_long_title_shrinks_but_stays_a_title(qtbot: Any, make_deck: Any, ui: Any) -> None:
    loaded = make_deck([{"type": "title", "title": ui.LONG + ui.LONG[:140], "kicker": "K"}])
    view = build(qtbot, loaded, 0, (1280, 720))
    title = view.findChild(TextLabel, "title")
    kicker = view.findChild(TextLabel, "kicker")
    assert title.font().pixelSize() < title.base_font.pixelSize()
    assert title.font().pixelSize() >= kicker.font().pixelSize()
    assert_no_clipping(view)


def test_type_scales_with_the_screen(qtbot: Any, make_deck: Any) -> None:
    loaded = make_deck([{"type": "bullets", "heading": "H", "points": ["a", "b"]}])
    views = [build(qtbot, loaded, 0, size) for size in ((1280, 720), (3840, 2160))]
    small, big = (v.findChild(TextLabel, "heading") for v in views)
    assert big.font().pixelSize() == pytest.approx(3 * small.font().pixelSize(), rel=0.05)
    assert big.x() == pytest.approx(3 * small.x(), abs=3)  # margins scale too


@pytest.mark.parametrize(
    ("fit", "size"), [("contain", (1920, 1080)), ("contain", (1080, 1920)), ("cover", (1920, 1080))]
)
def test_image_keeps_its_aspect(qtbot: Any, make_deck: Any, ui: Any, fit: str, size: Any) -> None:
    loaded = make_deck(
        [
            {"type": "image", "image": "wide.png", "fit": fit, "heading": "H"},
            {"type": "image", "image": "art.svg", "fit": fit},
        ],
        theme={"colors": {"background": "#000000"}},
    )
    for index in (0, 1):
        view = build(qtbot, loaded, index, size)
        pix, box = view._pixmap, view.image_rect
        natural = 4.0 if index == 0 else 2.0
        if fit == "contain":
            assert pix.width() / pix.height() == pytest.approx(natural, rel=0.02)
            assert pix.size().boundedTo(box.size()) == pix.size()
            assert pix.width() == box.width() or pix.height() == box.height()
            image = ui.snapshot(view)
            at = view.image_at
            assert ui.close(image.pixelColor(at.center()), QColor("#E0115F"))
            if at.top() > box.top() + 4:  # letterboxed: the theme shows above the image
                assert ui.close(image.pixelColor(at.center().x(), at.top() - 3), QColor("#000000"))
        else:  # cover: the whole screen, the image scaled uniformly and cropped
            assert pix.size() == QSize(*size)


def test_broken_image_fails_at_build(qtbot: Any, make_deck: Any, tmp_path: Any) -> None:
    from PySide6.QtGui import QImage

    good = QImage(8, 8, QImage.Format.Format_RGB32)
    good.fill(0)
    assert good.save(str(tmp_path / "broken.png"))
    loaded = make_deck([{"type": "image", "image": "broken.png"}])
    # damaged after validation (validate itself refuses it): the build still fails cleanly
    header = (tmp_path / "broken.png").read_bytes()[:24]
    (tmp_path / "broken.png").write_bytes(header + b"\x00garbage" * 10)
    with pytest.raises(SlideBuildError, match=r"broken\.png"):
        build_slide(loaded.playlist.slides[0], make_context(loaded, QSize(1280, 720)))


def test_bullets_reveal_by_step_and_finish(qtbot: Any, make_deck: Any) -> None:
    loaded = make_deck(
        [{"type": "bullets", "heading": "H", "points": ["a", "b", "c"], "reveal": True}]
    )
    view = build(qtbot, loaded, 0, (1920, 1080))
    shown = lambda: [p.isVisibleTo(view) for p in view.points]  # noqa: E731
    assert shown() == [False, False, False]
    view.show_step(1)
    assert shown() == [True, False, False]
    view.show_step(2)
    assert shown() == [True, True, False]
    view.show_step(1)  # ← hides the last point again
    assert shown() == [True, False, False]
    view.finish()
    assert shown() == [True, True, True]


def test_bullets_without_reveal_show_everything(qtbot: Any, make_deck: Any) -> None:
    loaded = make_deck([{"type": "bullets", "heading": "H", "points": ["a", "b"]}])
    view = build(qtbot, loaded, 0, (1280, 720))
    assert all(p.isVisibleTo(view) for p in view.points)
    view.show_step(1)  # a step means nothing to a slide without reveal
    assert all(p.isVisibleTo(view) for p in view.points)


def test_metric_counts_up_then_stops(qtbot: Any, make_deck: Any) -> None:
    loaded = make_deck(
        [
            {
                "type": "metric",
                "value": 23.06,
                "decimals": 2,
                "unit": "%",
                "prefix": "+",
                "label": "growth",
            }
        ]
    )
    view = build(qtbot, loaded, 0, (1920, 1080))
    assert view.number.text() == "+0.00"
    view.enter()
    assert view.animating()
    qtbot.waitUntil(lambda: view.number.text() == "+23.06", timeout=4000)
    qtbot.waitUntil(lambda: not view.animating(), timeout=1000)
    # the unit sits on the number's baseline, right after it
    n, u = view.number, view.unit
    assert u.x() >= n.geometry().right() - 2
    base_n = n.y() + QFontMetrics(n.font()).ascent()
    base_u = u.y() + QFontMetrics(u.font()).ascent()
    assert abs(base_n - base_u) <= 2


def test_metric_thousands_and_value_from_data(qtbot: Any, make_deck: Any) -> None:
    loaded = make_deck(
        [
            {
                "type": "metric",
                "label": "v",
                "data": {"file": "data.csv", "column": "value", "where": {"year": "2020"}},
            }
        ]
    )
    view = build(qtbot, loaded, 0, (1280, 720))
    view.finish()
    assert view.number.text() == "195,742"


def test_timeline_horizontal_in_landscape_vertical_in_portrait(
    qtbot: Any, make_deck: Any, ui: Any
) -> None:
    loaded = make_deck(ui.every_type_slides())
    index = SLIDE_TYPES.index("timeline")
    wide = build(qtbot, loaded, index, (1920, 1080))
    assert len({d.y() for d in wide.dots}) == 1
    assert [d.x() for d in wide.dots] == sorted({d.x() for d in wide.dots})
    tall = build(qtbot, loaded, index, (1080, 1920))
    assert len({d.x() for d in tall.dots}) == 1
    assert [d.y() for d in tall.dots] == sorted({d.y() for d in tall.dots})


def test_timeline_highlight_stands_out(qtbot: Any, make_deck: Any, ui: Any) -> None:
    loaded = make_deck(ui.every_type_slides(), theme={"colors": {"highlight": "#FF00FF"}})
    view = build(qtbot, loaded, SLIDE_TYPES.index("timeline"), (1920, 1080))
    view.finish()
    image = ui.snapshot(view)
    assert ui.close(image.pixelColor(view.dots[3]), QColor("#FF00FF"))
    assert not ui.close(image.pixelColor(view.dots[0]), QColor("#FF00FF"))


@pytest.mark.parametrize("count", [2, 8])
def test_timeline_two_to_eight_milestones(qtbot: Any, make_deck: Any, count: int) -> None:
    ms = [
        {"date": f"{2020 + i}", "label": f"Milestone number {i}", "detail": "d" * 30}
        for i in range(count)
    ]
    loaded = make_deck([{"type": "timeline", "heading": "T", "milestones": ms}])
    for size in SIZES:
        view = build(qtbot, loaded, 0, size)
        view.finish()
        assert_no_clipping(view)
        assert_no_overlap(view)


def test_split_media_side_and_portrait_stack(qtbot: Any, make_deck: Any, ui: Any) -> None:
    loaded = make_deck(ui.every_type_slides())
    right = build(qtbot, loaded, SLIDE_TYPES.index("split-chart"), (1920, 1080))
    text = right.findChild(QLabel, "text")
    assert right.media_rect.left() > text.geometry().right()
    left = build(qtbot, loaded, SLIDE_TYPES.index("split-image"), (1920, 1080))
    assert left.media_rect.right() < left.findChild(QLabel, "text").x()
    tall = build(qtbot, loaded, SLIDE_TYPES.index("split-chart"), (1080, 1920))
    assert tall.media_rect.top() > tall.findChild(QLabel, "text").geometry().bottom()


def test_release_frees_the_plot(qtbot: Any, make_deck: Any, ui: Any) -> None:
    loaded = make_deck(ui.every_type_slides())
    view = build(qtbot, loaded, SLIDE_TYPES.index("chart"), (1280, 720))
    assert view.chart.plot is not None
    view.release()
    assert view.chart.plot is None


def test_unknown_type_is_a_build_error(make_deck: Any) -> None:
    loaded = make_deck([{"type": "title", "title": "t"}])
    slide = loaded.playlist.slides[0]
    object.__setattr__(slide, "type", "hologram")
    with pytest.raises(SlideBuildError, match="hologram"):
        build_slide(slide, make_context(loaded, QSize(640, 360)))


def test_a_whole_loop_of_slides_imports_neither_pyqtgraph_nor_numpy(
    make_deck: Any, ui: Any
) -> None:
    """Every chart is painted with QPainter: building every slide of the bundled deck and of
    one of each type (charts of every kind among them) loads neither (~37 MiB)."""
    import subprocess
    import sys

    loaded = make_deck(ui.every_type_slides())
    code = (
        "import sys\n"
        "from PySide6.QtCore import QSize\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from kiosk.core.loader import load_playlist\n"
        "from kiosk.resources import bundled_playlist\n"
        "from kiosk.ui.slides import build_slide, make_context\n"
        f"for path in (bundled_playlist(), {str(loaded.path)!r}):\n"
        "    deck = load_playlist(path)\n"
        "    ctx = make_context(deck, QSize(1280, 720))\n"
        "    for s in deck.playlist.slides:\n"
        "        view = build_slide(s, ctx)\n"
        "        view.finish()\n"
        "        view.grab()\n"
        "        print(s.type)\n"
        "print([m for m in ('pyqtgraph', 'numpy') if m in sys.modules])\n"
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    ).stdout.splitlines()
    assert "chart" in out  # the charts were built
    assert out[-1] == "[]"


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_a_short_list_sits_near_the_middle_in_large_type(
    qtbot: Any, make_deck: Any, size: Any
) -> None:
    loaded = make_deck(
        [
            {"type": "bullets", "heading": "Short", "points": ["One", "Two"]},
            {
                "type": "bullets",
                "heading": "Long",
                "points": [
                    f"A longer point that has to wrap over two lines, number {i}" for i in range(7)
                ],
            },
        ]
    )
    short = build(qtbot, loaded, 0, size)
    long = build(qtbot, loaded, 1, size)
    short.finish()
    first = short.points[0].geometry()
    last = short.points[-1].geometry()
    middle = (first.top() + last.bottom()) / 2
    assert size[1] * 0.3 < middle < size[1] * 0.6  # not hanging under the heading
    assert short.points[0].font().pixelSize() > long.points[0].font().pixelSize()


def test_slides_on_the_theme_background_are_opaque(qtbot: Any, make_deck: Any, ui: Any) -> None:
    """An opaque slide: the stage paints nothing under it, and a grab has no alpha (a fade
    blends two opaque pixmaps, the cheap path)."""
    loaded = make_deck(ui.every_type_slides(), theme={"logo": "logo.svg"})
    for i, kind in enumerate(SLIDE_TYPES):
        view = build(qtbot, loaded, i, (640, 360))
        assert view.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent), kind
        assert not view.grab().hasAlphaChannel(), kind
        view.release()
    bare = build_slide(
        loaded.playlist.slides[5],
        SlideContext(loaded, QSize(640, 360), paint_background=False),
    )
    qtbot.addWidget(bare)
    assert not bare.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)


def test_title_photo_is_composed_once_under_its_scrim(qtbot: Any, make_deck: Any, ui: Any) -> None:
    """The photo and its scrim are drawn onto the slide's background at build; the next
    slide's background (the shared, cached one) does not get the photo."""
    loaded = make_deck(
        [
            {"type": "title", "title": "T", "image": "photo.jpg"},
            {"type": "quote", "text": "Q", "speaker": "S"},
        ],
        theme={"colors": {"background": "#102030"}},
    )
    title = build(qtbot, loaded, 0, (640, 360))
    image = ui.snapshot(title)
    photo, dark = QColor("#3366CC"), QColor("#102030")
    right = image.pixelColor(638, 180)  # the scrim is lightest on the right (alpha 70)
    pairs = zip(photo.getRgb()[:3], dark.getRgb()[:3], strict=True)
    expect = QColor(*(round(p + (d - p) * 70 / 255) for p, d in pairs))
    assert ui.close(right, expect, 16), right.name()
    left = image.pixelColor(1, 180)  # and darkest on the left (alpha 235)
    assert ui.close(left, dark, 24), left.name()
    quote = ui.snapshot(build(qtbot, loaded, 1, (640, 360)))
    assert ui.close(quote.pixelColor(638, 180), dark)
    assert title.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
