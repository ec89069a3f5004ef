"""Shared editor fixtures: a small deck on disk, an editor window on it, recorded dialogs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kiosk.editor.document import PlaylistDocument
from kiosk.editor.window import EditorWindow

REPO = Path(__file__).resolve().parents[2]
DECK: dict[str, Any] = {
    "$schema": "playlist.schema.json",
    "deck": {"title": "Test"},
    "slides": [
        {"type": "title", "title": "One"},
        {"type": "bullets", "heading": "Two", "points": ["a", "b"]},
        {"type": "metric", "value": 3, "label": "Three"},
    ],
}


@pytest.fixture
def deck_path(tmp_path: Path) -> Path:
    p = tmp_path / "deck.json"
    p.write_text(json.dumps(DECK, indent=2) + "\n")
    shutil.copy(REPO / "assets" / "logo.svg", tmp_path / "logo.svg")
    return p


@pytest.fixture
def launched() -> list[tuple[str, list[str]]]:
    return []


@pytest.fixture
def editor(
    qtbot: Any,
    deck_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    launched: list[tuple[str, list[str]]],
) -> EditorWindow:
    """An editor window on `deck_path`, shown, with its thumbnails drawn."""
    discard = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: discard)

    def launch(program: str, args: list[str]) -> bool:
        launched.append((program, args))
        return True

    w = EditorWindow(PlaylistDocument.open(deck_path), launcher=launch)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.thumbs.renders >= len(w.doc.slides) and not w.thumbs.pending())
    return w


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record message boxes instead of showing them."""
    seen: list[str] = []

    def record(_parent: object, title: str, text: str, *_: object) -> QMessageBox.StandardButton:
        seen.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "critical", record)
    return seen


def row_titles(w: EditorWindow) -> list[str]:
    return [w.model.index(r).data().split("\n")[1] for r in range(w.model.rowCount())]


__all__ = ["DECK", "REPO", "Qt", "row_titles"]
