"""The command line: help with examples, schema in sync, one-line usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.model import json_schema

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "command", [[], ["run"], ["validate"], ["plan"], ["render"], ["schema"], ["edit"]]
)
def test_help_explains_itself_with_an_example(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out
    assert "kiosk" in out


def test_committed_schema_is_in_sync() -> None:
    committed = json.loads((REPO / "data" / "playlist.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: kiosk schema > data/playlist.schema.json"


def test_bundled_playlist_points_at_the_schema() -> None:
    deck = json.loads((REPO / "data" / "playlist.json").read_text(encoding="utf-8"))
    assert (REPO / "data" / deck["$schema"]).resolve() == REPO / "data" / "playlist.schema.json"


def test_schema_allows_meta_keys_and_lists_slide_types(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["patternProperties"] == {"^[$_]": {}}
    assert schema["additionalProperties"] is False
    assert set(schema["$defs"]) >= {"TitleSlide", "ChartSlide", "SplitSlide", "Theme"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["render", "--out", "x", "--size", "big"], "size must look like 1920x1080 (got 'big')"),
        (["run", "--start", "0"], "must be 1 or more (got 0)"),
        (["run", "--screen", "two"], "expected a whole number (got 'two')"),
        (["validate"], "the following arguments are required: PLAYLIST"),
    ],
)
def test_usage_errors_are_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err


def test_python_m_kiosk_validates_the_bundled_deck() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", str(REPO / "data" / "playlist.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert ": ok: " in out.stdout


def test_readme_reference_matches_the_model() -> None:
    out = subprocess.run(
        [sys.executable, str(REPO / "tools" / "reference.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
