"""The keys a person can press are listed the same in the code, the help overlay and the README."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from kiosk.ui.input import HELP_ROWS, KEYS

README = Path(__file__).resolve().parents[2] / "README.md"
# how the help and the README may write a key that QKeySequence names otherwise
SPELLINGS = {
    "Right": ("→",),
    "Left": ("←",),
    "Down": ("↓",),
    "Up": ("↑",),
    "PgDown": ("PageDown", "PgDn"),
    "PgUp": ("PageUp", "PgUp"),
    "Return": ("Enter",),
}
# listed in the README, not repeated in the short help (arrows: ← and → stand for them)
README_ONLY = {"Down", "Up"}


def _spellings(key: Qt.Key) -> tuple[str, ...]:
    text = QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)
    return (text, *SPELLINGS.get(text, ()))


def _readme_keys() -> str:
    text = README.read_text("utf-8")
    table = text.split("### Keys and gestures", 1)[1].split("\n\n", 2)[1]
    return "\n".join(row.split("|")[1] for row in table.splitlines() if row.startswith("|"))


def test_every_key_is_in_the_help_overlay_and_the_readme() -> None:
    help_keys = "  ".join(keys for keys, _ in HELP_ROWS)
    readme = _readme_keys()
    for key in KEYS:
        names = _spellings(key)
        assert any(n in readme for n in names), f"{names[0]} missing from the README keys table"
        if names[0] not in README_ONLY:
            assert any(n in help_keys for n in names), f"{names[0]} missing from the help"
