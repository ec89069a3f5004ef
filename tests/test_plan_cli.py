"""`kiosk plan` and `kiosk render --at` from the command line: output, JSON, junk arguments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main

DECK = {
    "deck": {"title": "Lobby"},
    "defaults": {"duration": 10},
    "schedule": {
        "timezone": "Europe/Berlin",
        "hours": dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "07:00-23:00"),
    },
    "slides": [
        {"type": "title", "id": "hello", "title": "Hello"},
        {"type": "quote", "text": "Be kind", "speaker": "Ann"},
        {"type": "title", "title": "Lunch", "show": {"hours": "12:00-13:00"}},
    ],
}


@pytest.fixture
def playlist(tmp_path: Path) -> Path:
    path = tmp_path / "playlist.json"
    path.write_text(json.dumps(DECK), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as e:
        code = int(e.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_plan_prints_a_readable_day(playlist: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", str(playlist), "--from", "2026-10-24 22:59", "--hours", "10")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{playlist}: from Sat 2026-10-24 22:59 for 10 h, Europe/Berlin"
    assert lines[1] == "Sat 2026-10-24 (UTC+02:00)"
    assert lines[2] == "  22:59:00–22:59:10    1 title     Hello [hello]"
    assert lines[3] == "  22:59:10–22:59:20    2 quote     Ann"
    assert "… the same 2 slides again, loop ×2 (20 s each) …" in lines[4]
    assert "  23:00:00–Sun 07:00:00  display off (display hours)" in lines
    assert "Sun 2026-10-25 (UTC+01:00)" in lines  # after the clocks went back
    assert lines[-1] == "360 slides shown, display on 1 h 00 min, off 9 h 00 min"


def test_plan_json_has_every_showing(playlist: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "plan",
        str(playlist),
        "--from",
        "2026-12-24T11:59:50+01:00",
        "--hours",
        "1.5",
        "--json",
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["timezone"] == "Europe/Berlin"
    assert doc["from"] == "2026-12-24T11:59:50+01:00"
    first = doc["showings"][0]
    assert first == {
        "start": "2026-12-24T11:59:50+01:00",
        "end": "2026-12-24T12:00:00+01:00",
        "seconds": 10.0,
        "kind": "slide",
        "slide": 1,
        "type": "title",
        "id": "hello",
        "title": "Hello",
        "language": "en",
    }
    lunch = [s for s in doc["showings"] if s["slide"] == 3]
    assert lunch
    assert all("T12:" in s["start"] for s in lunch)
    assert sum(s["seconds"] for s in doc["showings"]) == 1.5 * 3600


def test_plan_all_prints_every_line(playlist: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "plan", str(playlist), "--from", "2026-12-24 08:00", "--hours", "1", "--all"
    )
    assert code == 0
    assert len(out.splitlines()) == 1 + 1 + 360 + 1
    assert "…" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "tomorrow"], "time must look like '2026-12-24 08:00' (got 'tomorrow')"),
        (["--from", "2026-13-45 08:00"], "time must look like"),
        (["--hours", "0"], "--hours: must be more than 0 and at most 744 (got 0)"),
        (["--hours", "nan"], "--hours: must be more than 0"),
        (["--hours", "1e9"], "--hours: must be more than 0"),
        (["--hours", "a day"], "expected a number of hours (got 'a day')"),
        (["--frum", "2026-12-24"], "unrecognized arguments: --frum"),
    ],
)
def test_plan_junk_is_one_line_and_exit_2(
    playlist: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "plan", str(playlist), *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_plan_without_playlist_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "plan")
    assert code == 2
    assert len(err.strip().splitlines()) == 1


def test_plan_of_a_missing_file_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "plan", str(tmp_path / "nope.json"))
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "not found" in err


def test_render_at_draws_the_planned_slide(
    playlist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "shots"
    # kiosk started at 11:59:55: Hello, Ann, then Lunch (its window opened at 12:00)
    code, out, _ = run(
        capsys,
        "render",
        str(playlist),
        "--out",
        str(out_dir),
        "--size",
        "320x180",
        "--at",
        "2026-12-24 12:00:20",
        "--since",
        "2026-12-24 11:59:55",
    )
    assert code == 0, out
    assert "slide 3 (title) Lunch, on 12:00:15–12:00:25" in out
    assert [p.name for p in out_dir.iterdir()] == ["at-2026-12-24_12-00-20-03-title.png"]
    code, out, _ = run(
        capsys,
        "render",
        str(playlist),
        "--out",
        str(out_dir),
        "--size",
        "320x180",
        "--at",
        "2026-12-24 23:30",
    )
    assert code == 0
    assert "display off" in out
    from PySide6.QtGui import QImage

    image = QImage(str(out_dir / "at-2026-12-24_23-30-00-off.png"))
    assert image.width() == 320
    assert image.pixelColor(160, 90).name() == "#000000"


def test_render_at_junk_is_exit_2(playlist: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "render", str(playlist), "--out", "x", "--at", "noon")
    assert code == 2
    assert "time must look like" in err


def test_plan_too_long_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fast.json"
    path.write_text(
        json.dumps(
            {"deck": {"title": "T"}, "slides": [{"type": "title", "title": "A", "duration": 0.1}]}
        )
    )
    code, out, err = run(capsys, "plan", str(path), "--hours", "700")
    assert code == 2
    assert out == ""
    assert err.startswith("kiosk plan: 700 h of 0.1-second slides is more than 500000")
