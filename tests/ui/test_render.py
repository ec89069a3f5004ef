"""`kiosk render` and render_slide: one PNG per slide, of the requested size, not blank."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from kiosk.cli import main
from kiosk.ui.render import render_command, render_slide


def same_picture(a: QImage, b: QImage, tol: int = 24) -> bool:
    """Equal up to anti-aliasing noise (Qt's first and later glyph renders differ by a few
    levels at glyph edges)."""
    if a.size() != b.size():
        return False
    for y in range(0, a.height(), 2):
        for x in range(0, a.width(), 2):
            if a.pixel(x, y) != b.pixel(x, y):
                ca, cb = QColor(a.pixel(x, y)), QColor(b.pixel(x, y))
                diff = (ca.red() - cb.red(), ca.green() - cb.green(), ca.blue() - cb.blue())
                if max(abs(d) for d in diff) > tol:
                    return False
    return True


def distinct_colours(image: QImage, step: int = 16) -> int:
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


@pytest.mark.parametrize("size", [(1280, 720), (1080, 1920)])
def test_render_writes_one_png_per_slide(
    make_deck: Any, ui: Any, tmp_path: Path, capsys: Any, size: Any
) -> None:
    slides = ui.every_type_slides()
    slides.append({"type": "title", "title": "off", "enabled": False})
    loaded = make_deck(slides)
    out = tmp_path / "shots" / "deep"
    assert render_command(loaded.path, out, size) == 0
    files = sorted(p.name for p in out.glob("*.png"))
    kinds = [s["type"] for s in slides[:-1]]
    assert files == [f"{i:02d}-{k}.png" for i, k in enumerate(kinds, start=1)]
    for name in files:
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == size
        assert distinct_colours(image) > 3, f"{name} looks blank"
    printed = capsys.readouterr().out.splitlines()
    assert printed[: len(files)] == [str(out / f) for f in files]
    assert printed[-1] == f"{len(files)} slides rendered at {size[0]}x{size[1]} to {out}"


def test_rendered_slides_are_in_their_final_state(make_deck: Any, ui: Any, qtbot: Any) -> None:
    theme = {"colors": {"background": "#000000"}}
    animated = make_deck(
        [
            {"type": "bullets", "heading": "H", "points": ["first", "second"], "reveal": True},
            {"type": "metric", "value": 42, "label": "answer"},
        ],
        theme=theme,
    )
    still = make_deck(
        [
            {"type": "bullets", "heading": "H", "points": ["first", "second"]},
            {"type": "metric", "value": 42, "label": "answer", "count_up": False},
        ],
        theme=theme,
    )
    for index in (0, 1):
        image = render_slide(animated, index, (1280, 720))
        assert same_picture(image, render_slide(still, index, (1280, 720)))
        assert distinct_colours(image, 4) > 3
        assert ui.close(QColor(image.pixel(2, 717)), QColor("#000000"))
    # and the check can fail: the slide before its animations is a different picture
    from kiosk.ui.slides import build_slide, make_context

    view = build_slide(animated.playlist.slides[1], make_context(animated, QSize(1280, 720)))
    qtbot.addWidget(view)
    assert not same_picture(
        ui.snapshot(view).convertToFormat(QImage.Format.Format_RGB32),
        render_slide(still, 1, (1280, 720)),
    )


def test_render_of_an_invalid_playlist_prints_the_problem(tmp_path: Path, capsys: Any) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"deck": {"title": "t"}, "slides": [{"type": "title"}]}))
    assert render_command(bad, tmp_path / "out", (1280, 720)) == 1
    out = capsys.readouterr().out
    assert f"{bad}:" in out
    assert "title" in out
    assert not (tmp_path / "out").exists()


def test_render_into_an_unwritable_place(make_deck: Any, tmp_path: Path, capsys: Any) -> None:
    loaded = make_deck([{"type": "title", "title": "t"}])
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert render_command(loaded.path, blocker / "out", (1280, 720)) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert "cannot write" in lines[0]


def test_broken_image_is_reported_and_the_rest_rendered(
    make_deck: Any, tmp_path: Path, capsys: Any
) -> None:
    good = QImage(8, 8, QImage.Format.Format_RGB32)
    good.fill(0)
    assert good.save(str(tmp_path / "broken.png"))
    loaded = make_deck([{"type": "image", "image": "broken.png"}, {"type": "title", "title": "t"}])
    # damaged after the deck was loaded: it fails at build, the other slide is still written
    header = (tmp_path / "broken.png").read_bytes()[:24]
    (tmp_path / "broken.png").write_bytes(header + b"\x00junk" * 20)
    assert render_command(loaded.path, tmp_path / "out", (640, 360)) == 1
    assert [p.name for p in (tmp_path / "out").glob("*.png")] == ["02-title.png"]
    assert "slide 1 (image)" in capsys.readouterr().out


def test_cli_render(make_deck: Any, tmp_path: Path) -> None:
    loaded = make_deck([{"type": "quote", "text": "q", "speaker": "s"}])
    assert (
        main(["render", str(loaded.path), "--out", str(tmp_path / "o"), "--size", "800x600"]) == 0
    )
    image = QImage(str(tmp_path / "o" / "01-quote.png"))
    assert (image.width(), image.height()) == (800, 600)
