"""The wheel carries assets/ and data/, and kiosk finds them from any working directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("kiosk-*.whl")
    return found


def test_wheel_contains_the_deck_assets_and_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kiosk/_bundled/data/playlist.json" in names
    assert "kiosk/_bundled/data/playlist.schema.json" in names
    assert any(n.startswith("kiosk/_bundled/assets/fonts/") for n in names)
    assert any(n.startswith("kiosk/_bundled/assets/icons/") for n in names)


def test_installed_wheel_validates_its_deck_from_another_folder(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import kiosk.resources as r, sys\n"
        "p = r.bundled_playlist()\n"
        "assert '_bundled' in str(p), p\n"
        "from kiosk.cli import main\n"
        "sys.exit(main(['validate', str(p)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert ": ok: " in done.stdout
