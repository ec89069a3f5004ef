"""Hostile and special files: each is refused with one line naming the file and the reason,
and nothing hangs, reads without limit or raises (issue 11). Files are made at test time."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.core import data as data_mod
from kiosk.core import media
from kiosk.core.loader import check_playlist, load_playlist
from kiosk.core.playable import load_playable
from kiosk.core.safeio import FileRefused, gunzip, read_bytes

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")


def image_deck(tmp_path: Path, hostile: ModuleType, rel: str) -> list[str]:
    path = hostile.write_deck(tmp_path, [{"type": "image", "image": rel}])
    return [p.message for p in check_playlist(path)]


def one(problems: list[str]) -> str:
    assert len(problems) == 1, problems
    return problems[0]


# --- not regular files --------------------------------------------------------------------


@posix
def test_a_fifo_playlist_is_refused_by_name_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "playlist.json"
    os.mkfifo(fifo)
    assert [str(p) for p in check_playlist(fifo)] == [f"{fifo}: is a FIFO (named pipe), not a file"]


@posix
def test_dev_zero_as_playlist_is_a_device_not_an_endless_read() -> None:
    assert [p.message for p in check_playlist("/dev/zero")] == ["is a character device, not a file"]


@posix
def test_fifo_and_device_as_images(tmp_path: Path, hostile: ModuleType) -> None:
    os.mkfifo(tmp_path / "pipe.png")
    assert one(image_deck(tmp_path, hostile, "pipe.png")).endswith(
        "is a FIFO (named pipe), not a file"
    )
    assert one(image_deck(tmp_path, hostile, "/dev/zero")).endswith(
        "is a character device, not a file"
    )


@posix
def test_a_socket_is_refused_by_name(tmp_path: Path, hostile: ModuleType) -> None:
    import socket

    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "s.png"))
        assert one(image_deck(tmp_path, hostile, "s.png")).endswith("is a socket, not a file")
    finally:
        sock.close()


def test_a_directory(tmp_path: Path, hostile: ModuleType) -> None:
    (tmp_path / "d.png").mkdir()
    assert one(image_deck(tmp_path, hostile, "d.png")).endswith("is a directory, not a file")


@posix
def test_symlink_loop_as_playlist_and_as_image(tmp_path: Path, hostile: ModuleType) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    assert [p.message for p in check_playlist(tmp_path / "a")] == [
        "too many levels of symbolic links (a symlink loop?)"
    ]
    assert "symlink loop" in one(image_deck(tmp_path, hostile, "a"))


def test_nul_byte_and_overlong_names(tmp_path: Path, hostile: ModuleType) -> None:
    assert one(image_deck(tmp_path, hostile, "a\0b.png")).endswith("file name contains a NUL byte")
    assert "file name too long" in one(image_deck(tmp_path, hostile, "x" * 300 + ".png"))


def test_a_file_over_its_size_limit_is_not_read(tmp_path: Path, hostile: ModuleType) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as f:  # sparse: costs no disk
        f.truncate(data_mod.MAX_FILE_BYTES + 1)
    path = hostile.write_deck(
        tmp_path, [{"type": "chart", "heading": "h", "data": "big.csv", "x": "a", "y": "b"}]
    )
    assert f"limit {data_mod.MAX_FILE_BYTES} for data files" in one(
        [p.message for p in check_playlist(path)]
    )


def test_read_bytes_never_reads_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 100)
    assert read_bytes(path, "data", limit=100) == b"x" * 100
    with pytest.raises(FileRefused, match="too large"):
        read_bytes(path, "data", limit=99)


# --- images ---------------------------------------------------------------------------------


def test_the_use_bomb_is_refused_at_validation(tmp_path: Path, hostile: ModuleType) -> None:
    (tmp_path / "bomb.svg").write_text(hostile.use_bomb())
    assert (tmp_path / "bomb.svg").stat().st_size < 3000
    assert one(image_deck(tmp_path, hostile, "bomb.svg")).endswith(
        f"SVG expands to more than {media.MAX_SVG_EXPANDED} elements through <use> "
        f"(limit {media.MAX_SVG_EXPANDED})"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<g id="a"><use href="#a"/></g>', "refers to itself"),
        ("<g>" * 70 + "</g>" * 70, "nested more than 64 levels"),
        ("<rect/>" * 20_001, "more than 20000 elements"),
    ],
    ids=["use-cycle", "deep", "many-elements"],
)
def test_svg_complexity_limits(
    tmp_path: Path, hostile: ModuleType, body: str, expected: str
) -> None:
    (tmp_path / "x.svg").write_text(hostile.svg(body))
    assert expected in one(image_deck(tmp_path, hostile, "x.svg"))


def test_svg_entities_are_refused(tmp_path: Path, hostile: ModuleType) -> None:
    laughs = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>' + hostile.svg("&a;")
    (tmp_path / "e.svg").write_text(laughs)
    assert "XML entities" in one(image_deck(tmp_path, hostile, "e.svg"))


def test_svgz_is_accepted_and_its_bomb_refused(tmp_path: Path, hostile: ModuleType) -> None:
    (tmp_path / "ok.svgz").write_bytes(hostile.svgz(hostile.svg()))
    assert image_deck(tmp_path, hostile, "ok.svgz") == []
    (tmp_path / "bomb.svgz").write_bytes(hostile.gzip_bomb())
    assert (tmp_path / "bomb.svgz").stat().st_size < 1024 * 1024
    assert "inflates to more than" in one(image_deck(tmp_path, hostile, "bomb.svgz"))


def test_gunzip_is_bounded() -> None:
    import gzip

    with pytest.raises(FileRefused, match="inflates to more than 10 bytes"):
        gunzip(gzip.compress(b"x" * 11), "f.svgz", limit=10)
    with pytest.raises(FileRefused, match="not a valid gzip"):
        gunzip(b"\x1f\x8bjunk", "f.svgz")


def test_too_many_pixels_names_the_limit(tmp_path: Path, hostile: ModuleType) -> None:
    (tmp_path / "huge.png").write_bytes(hostile.png(100_000, 100_000))
    assert one(image_deck(tmp_path, hostile, "huge.png")).endswith(
        "PNG image is 100000×100000 pixels; the limit is 40 million pixels and 16384 on a side"
    )


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("t.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
        ("t.gif", b"GIF89a\x01", "GIF"),
        ("t.bmp", b"BM\x00\x00", "BMP"),
        ("t.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WebP"),
        ("t.png", b"\x89PNG\r\n\x1a\n", "PNG"),
    ],
)
def test_damaged_raster_images_say_what_is_wrong(
    tmp_path: Path, hostile: ModuleType, name: str, content: bytes, fmt: str
) -> None:
    (tmp_path / name).write_bytes(content)
    message = one(image_deck(tmp_path, hostile, name))
    assert f"damaged {fmt} file" in message
    assert "Unknown error" not in message


# --- the path rule and strict mode ----------------------------------------------------------


def test_svg_subresources_stay_in_the_deck(tmp_path: Path, hostile: ModuleType) -> None:
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "pic.png").write_bytes(hostile.png())
    (tmp_path / "outside.png").write_bytes(hostile.png())
    cases = {
        '<image href="pic.png"/>': None,
        '<image xlink:href="pic.png"/>': None,
        '<image href="data:image/png;base64,AAAA"/>': None,
        '<image href="/etc/passwd"/>': "must be relative paths inside the deck folder",
        '<image href="../outside.png"/>': "is outside the deck folder",
        '<image href="https://example.com/x.png"/>': "https: links are not allowed",
        '<image href="gone.png"/>': "not found",
        '<image href="/dev/zero"/>': "must be relative paths",
    }
    for body, expected in cases.items():
        (deck / "s.svg").write_text(hostile.svg(body))
        got = image_deck(deck, hostile, "s.svg")
        if expected is None:
            assert got == [], body
        else:
            assert expected in one(got), body


def test_default_paths_may_climb_and_be_absolute_strict_ones_may_not(
    tmp_path: Path, hostile: ModuleType
) -> None:
    deck = tmp_path / "deck"
    deck.mkdir()
    (tmp_path / "shared.png").write_bytes(hostile.png())
    (deck / "inside.png").write_bytes(hostile.png())
    (deck / "link.png").symlink_to(tmp_path / "shared.png")
    slides: list[dict[str, Any]] = [
        {"type": "image", "image": "../shared.png"},
        {"type": "image", "image": str(tmp_path / "shared.png")},
        {"type": "image", "image": "link.png"},
        {"type": "image", "image": "inside.png"},
    ]
    path = hostile.write_deck(deck, slides)
    assert check_playlist(path) == []
    strict = [(p.path, p.message) for p in check_playlist(path, strict_paths=True)]
    real = tmp_path.resolve()
    assert strict == [
        (
            "slides[0].image",
            f"image file '../shared.png': is outside the deck folder {deck.resolve()}",
        ),
        (
            "slides[1].image",
            f"image file {str(tmp_path / 'shared.png')!r}: "
            "absolute paths are not allowed in strict mode",
        ),
        ("slides[2].image", f"image file 'link.png': is outside the deck folder {deck.resolve()}"),
    ]
    assert real  # the symlink is judged by where it points
    assert load_playlist(path, strict_paths=False).strict_paths is False


# --- numbers --------------------------------------------------------------------------------


def chart_deck(tmp_path: Path, hostile: ModuleType, name: str, content: str) -> list[str]:
    (tmp_path / name).write_text(content, encoding="utf-8")
    path = hostile.write_deck(
        tmp_path, [{"type": "chart", "heading": "h", "data": name, "x": "x", "y": "y"}]
    )
    return [p.message for p in check_playlist(path)]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("inf.json", '[{"x": "a", "y": 1e999}]', "number out of range (1e999)"),
        ("bigint.json", '[{"x": "a", "y": ' + "9" * 5000 + "}]", "number out of range"),
        ("huge.json", '[{"x": "a", "y": 1e308}]', "number out of range (limit ±1e+15)"),
        ("nan.json", '[{"x": "a", "y": NaN}]', "NaN is not allowed in data files"),
        ("arabic.csv", "x,y\na,١٢٣\n", "not a number ('١٢٣')"),
        ("fullwidth.csv", "x,y\na,１２３\n", "not a number ('１２３')"),
        ("huge.csv", "x,y\na,-1e308\n", "number out of range"),
        ("inf.csv", "x,y\na,1e999\n", "number out of range"),
    ],
)
def test_numbers_are_finite_in_range_and_ascii(
    tmp_path: Path, hostile: ModuleType, name: str, content: str, expected: str
) -> None:
    message = one(chart_deck(tmp_path, hostile, name, content))
    assert expected in message
    assert "set_int_max_str_digits" not in message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("rows.csv", "x,y\n" + "a,1\n" * (data_mod.MAX_ROWS + 1), "more than 10000 data rows"),
        (
            "cols.csv",
            ",".join(f"c{i}" for i in range(data_mod.MAX_COLUMNS + 1)) + "\n",
            "more than 100 columns",
        ),
        ("cell.csv", "x,y\n" + "a" * 1001 + ",1\n", "more than 1000 characters in a cell"),
        ("rows.json", "[" + ",".join(['{"x":"a","y":1}'] * 10_001) + "]", "more than 10000 data"),
    ],
)
def test_data_size_limits(
    tmp_path: Path, hostile: ModuleType, name: str, content: str, expected: str
) -> None:
    assert expected in one(chart_deck(tmp_path, hostile, name, content))


def test_schedule_hours_take_ascii_digits_only(tmp_path: Path, hostile: ModuleType) -> None:
    path = hostile.write_deck(
        tmp_path,
        [{"type": "title", "title": "t"}],
        schedule={"hours": {"mon": "٠٧:٠٠-٢٣:٠٠"}},
    )
    assert "must look like 07:00-23:00" in one([p.message for p in check_playlist(path)])


# --- PINs and chords ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pin", "reason"),
    [
        ("١٢٣٤", "digits 0-9 only"),
        ("１２３４", "digits 0-9 only"),
        ("abcd", "digits 0-9 only"),
        ("", "must not be empty"),
        ("123", "4 to 12 digits (got 3)"),
        ("1234567890123", "4 to 12 digits (got 13)"),
    ],
)
def test_pins_a_keyboard_cannot_type_are_refused(
    tmp_path: Path, hostile: ModuleType, pin: str, reason: str
) -> None:
    path = hostile.write_deck(tmp_path, [{"type": "title", "title": "t"}], controls={"pin": pin})
    assert reason in one([p.message for p in check_playlist(path)])


@pytest.mark.parametrize("pin", ["", "abc", "١٢٣٤", "１２３４", "1234567890123"])
def test_cli_pin_flag_refuses_the_same(pin: str, capsys: Any) -> None:
    with pytest.raises(SystemExit) as e:
        main(["run", "--pin", pin, "x.json"])
    assert e.value.code == 2
    assert "PIN must" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("chord", "ok"),
    [
        ("Ctrl+Alt+Shift+X", True),
        ("Ctrl+Shift+F12", True),
        ("Meta+Esc", True),
        ("X", False),
        ("Ctrl+é", False),
        ("Ctrl+١", False),
        ("Hyper+X", False),
        ("Ctrl+Ctrl+X", False),
    ],
)
def test_exit_chords_a_keyboard_can_press(
    tmp_path: Path, hostile: ModuleType, chord: str, ok: bool
) -> None:
    path = hostile.write_deck(
        tmp_path, [{"type": "title", "title": "t"}], controls={"exit_chord": chord}
    )
    problems = check_playlist(path)
    assert (problems == []) is ok, problems


# --- start-up with a broken file (issue 13) -------------------------------------------------


def test_a_deck_with_one_broken_slide_plays_the_others(tmp_path: Path, hostile: ModuleType) -> None:
    path = hostile.write_deck(
        tmp_path,
        [
            {"type": "title", "title": "A"},
            {"type": "image", "image": "missing.png"},
            {"type": "bullets", "heading": "no points"},
            {"type": "title", "title": "D"},
        ],
        theme={"logo": "gone.svg"},
    )
    playable = load_playable(path)
    assert playable.loaded is not None
    assert sorted(playable.skipped) == [1, 2]
    assert [s.enabled for s in playable.loaded.playlist.slides] == [True, False, False, True]
    assert playable.loaded.playlist.theme.logo is None
    assert [p.path for p in playable.problems] == [
        "slides[2].points",
        "theme.logo",
        "slides[1].image",
    ]
    assert all(p.line > 0 for p in playable.problems)
    assert main(["validate", str(path)]) == 1  # validate stays strict


@pytest.mark.parametrize(
    "text",
    [
        '{"deck": ',
        '{"deck": {"title": "T"}, "slides": [{"type": "image", "image": "gone.png"}]}',
        '{"deck": {}, "slides": [{"type": "title", "title": "t"}]}',
    ],
    ids=["syntax", "every-slide-broken", "deck-level"],
)
def test_nothing_playable_gives_the_fallback(tmp_path: Path, text: str) -> None:
    path = tmp_path / "p.json"
    path.write_text(text)
    playable = load_playable(path)
    assert playable.loaded is None
    assert playable.problems


@posix
def test_validate_prints_one_line_per_hostile_file_and_no_traceback(
    tmp_path: Path, hostile: ModuleType, capsys: Any
) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "l1").symlink_to("l2")
    (tmp_path / "l2").symlink_to("l1")
    (tmp_path / "bomb.svg").write_text(hostile.use_bomb())
    (tmp_path / "big.json").write_text('[{"x": "a", "y": ' + "9" * 5000 + "}]")
    deck = hostile.write_deck(
        tmp_path,
        [
            {"type": "image", "image": "bomb.svg"},
            {"type": "image", "image": "l1"},
            {"type": "image", "image": "a\0b.png"},
            {"type": "image", "image": "n" * 300},
            {"type": "chart", "heading": "h", "data": "big.json", "x": "x", "y": "y"},
        ],
    )
    targets = [tmp_path / "pipe.json", Path("/dev/zero"), tmp_path / "l1", tmp_path, deck]
    assert main(["validate", *map(str, targets)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 4 + 5
    assert "Traceback" not in captured.out + captured.err
    assert "set_int_max_str_digits" not in captured.out
    assert all(": slide " in line for line in lines[4:])


def test_validate_strict_paths_flag(tmp_path: Path, hostile: ModuleType, capsys: Any) -> None:
    deck = tmp_path / "deck"
    deck.mkdir()
    (tmp_path / "shared.png").write_bytes(hostile.png())
    path = hostile.write_deck(deck, [{"type": "image", "image": "../shared.png"}])
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict-paths", str(path)]) == 1
    assert "is outside the deck folder" in capsys.readouterr().out
