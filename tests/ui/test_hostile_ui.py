"""Hostile files where Qt meets them: the display's image loading refuses them with a line
naming the file (never a hang, never 'Unknown error'), and extreme numbers render."""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize

from kiosk.core.loader import check_playlist
from kiosk.ui.background import ImageError, image_pixmap
from kiosk.ui.render import render_command

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
    '<rect width="20" height="10" fill="#E0115F"/></svg>'
)


def test_svgz_is_drawn(qapp: Any, tmp_path: Path) -> None:
    (tmp_path / "a.svgz").write_bytes(gzip.compress(SVG.encode()))
    pix = image_pixmap(tmp_path / "a.svgz", QSize(40, 40))
    assert (pix.width(), pix.height()) == (40, 20)
    assert pix.toImage().pixelColor(20, 10).name() == "#e0115f"


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs")
def test_a_fifo_swapped_in_after_validation_fails_the_build_not_the_display(
    qapp: Any, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "pipe.png")
    with pytest.raises(ImageError, match=r"pipe\.png: is a FIFO \(named pipe\), not a file"):
        image_pixmap(tmp_path / "pipe.png", QSize(40, 40))
    with pytest.raises(ImageError, match="is a character device"):
        image_pixmap(Path("/dev/zero"), QSize(40, 40))


def test_the_use_bomb_swapped_in_after_validation_never_reaches_qt(
    qapp: Any, tmp_path: Path
) -> None:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">']
    parts.append('<defs><g id="g0"><rect width="1" height="1"/></g>')
    parts += [
        f'<g id="g{i}"><use xlink:href="#g{i - 1}"/><use xlink:href="#g{i - 1}"/></g>'
        for i in range(1, 31)
    ]
    parts.append('</defs><use xlink:href="#g30"/></svg>')
    (tmp_path / "bomb.svg").write_text("".join(parts))
    with pytest.raises(ImageError, match="through <use>"):
        image_pixmap(tmp_path / "bomb.svg", QSize(40, 40))


@pytest.mark.qt_log_ignore(".*")  # libjpeg's own warnings about the damage it meets
def test_a_damaged_jpeg_says_so(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    good = QImage(64, 64, QImage.Format.Format_RGB32)
    good.fill(0x336699)
    assert good.save(str(tmp_path / "p.jpg"), "JPEG")
    data = (tmp_path / "p.jpg").read_bytes()
    (tmp_path / "p.jpg").write_bytes(data[: len(data) // 3])  # header intact, data cut
    message = ""
    try:
        pix = image_pixmap(tmp_path / "p.jpg", QSize(64, 64))
    except ImageError as e:
        message = str(e)
    if message:
        assert "Unknown error" not in message
        assert "p.jpg" in message
    else:  # Qt may decode a cut JPEG partially (grey rest): that is fine too
        assert not pix.isNull()


def test_an_image_over_the_pixel_limit_is_refused_before_decoding(
    qapp: Any, tmp_path: Path
) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")
    (tmp_path / "huge.png").write_bytes(png)
    with pytest.raises(ImageError, match=r"huge\.png: PNG image is 20000×20000 pixels; the limit"):
        image_pixmap(tmp_path / "huge.png", QSize(40, 40))


@pytest.mark.parametrize("kind", ["bar", "hbar", "line", "area", "pie"])
def test_extreme_chart_values_render_and_out_of_range_ones_are_refused(
    make_deck: Any, tmp_path: Path, kind: str
) -> None:
    values = [{"label": "a", "value": 1e15}, {"label": "b", "value": 1e-9}]
    if kind not in ("pie",):
        values.append({"label": "c", "value": -1e15})
    loaded = make_deck(
        [
            {"type": "chart", "kind": kind, "heading": "h", "values": values},
            {"type": "title", "title": "after"},
        ]
    )
    assert render_command(loaded.path, tmp_path / "out", (640, 360)) == 0
    assert len(list((tmp_path / "out").glob("*.png"))) == 2
    text = loaded.path.read_text().replace("1000000000000000.0", "1e308", 1)
    loaded.path.write_text(text)
    assert "must be at most 1000000000000000" in str(check_playlist(loaded.path)[0])


def test_hot_reload_watches_what_an_svg_pulls_in_and_can_be_strict(
    qtbot: Any, tmp_path: Path
) -> None:
    import json

    from PySide6.QtGui import QImage

    from kiosk.ui.watcher import PlaylistWatcher

    pic = QImage(4, 4, QImage.Format.Format_RGB32)
    pic.fill(0)
    assert pic.save(str(tmp_path / "pic.png"))
    (tmp_path / "s.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
        '<image href="pic.png" width="4" height="4"/></svg>'
    )
    (tmp_path.parent / "outside.png").write_bytes((tmp_path / "pic.png").read_bytes())
    path = tmp_path / "playlist.json"
    deck = {"deck": {"title": "T"}, "slides": [{"type": "image", "image": "s.svg"}]}
    path.write_text(json.dumps(deck))
    watcher = PlaylistWatcher(path, debounce_ms=50, poll_ms=0, strict_paths=True)
    try:
        assert (tmp_path / "pic.png").resolve() in watcher.watched_files()
        deck["slides"].append({"type": "image", "image": "../outside.png"})
        path.write_text(json.dumps(deck))
        with qtbot.waitSignal(watcher.failed, timeout=5000) as blocker:
            watcher.check_now()
        assert "is outside the deck folder" in blocker.args[0][0].message
    finally:
        watcher.stop()


def test_hot_reload_parses_off_the_main_thread(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import threading

    from kiosk.ui import watcher as watcher_mod

    seen: list[str] = []
    real = watcher_mod.parse_playlist

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(watcher_mod, "parse_playlist", spy)
    path = tmp_path / "playlist.json"
    path.write_text(
        json.dumps({"deck": {"title": "T"}, "slides": [{"type": "title", "title": "a"}]})
    )
    w = watcher_mod.PlaylistWatcher(path, debounce_ms=20, poll_ms=0, use_fs_events=False)
    try:
        path.write_text(
            json.dumps({"deck": {"title": "T"}, "slides": [{"type": "title", "title": "b"}]})
        )
        with qtbot.waitSignal(w.reloaded, timeout=10_000):
            w.check_now()
    finally:
        w.stop()
    assert seen == ["kiosk-reload-check"]
