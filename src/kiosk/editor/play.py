"""'Play from here': the deck in a window (`kiosk run PLAYLIST --windowed --start N`).

The editor's current content is what plays, saved or not: unsaved changes are written to a
hidden copy beside the playlist (so its relative paths resolve the same) that is removed when
the editor closes.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess

from kiosk.editor.wording import slide_name

if TYPE_CHECKING:
    from kiosk.core.loader import LoadedPlaylist
    from kiosk.editor.document import PlaylistDocument

__all__ = ["Launcher", "play_command", "play_from", "start_detached"]

Launcher = Callable[[str, list[str]], bool]


def start_detached(program: str, args: list[str]) -> bool:
    ok, _pid = QProcess.startDetached(program, args)
    return bool(ok)


def play_command(playlist: Path, slide: int) -> tuple[str, list[str]]:
    """The program and arguments that run `playlist` windowed from slide `slide` (0-based)."""
    args = ["-m", "kiosk", "run", str(playlist), "--windowed", "--start", str(slide + 1)]
    return sys.executable, args


def scratch_copy(playlist: Path) -> Path:
    return playlist.with_name(f".{playlist.stem}.play{playlist.suffix or '.json'}")


def write_scratch(playlist: Path, text: str) -> Path:
    path = scratch_copy(playlist)
    path.write_text(text, encoding="utf-8")
    return path


def remove_scratch(playlist: Path | None) -> None:
    if playlist is not None:
        with contextlib.suppress(OSError):
            scratch_copy(playlist).unlink()


def play_from(
    doc: PlaylistDocument, loaded: LoadedPlaylist | None, row: int | None, launcher: Launcher
) -> tuple[bool, str]:
    """Start `doc` in a window at slide `row`: (started, what to tell the person)."""
    if row is None or loaded is None:
        return False, "Cannot play: the playlist has problems (see Problems)."
    playlist = doc.virtual_path()
    if doc.path is None or doc.is_modified() or doc.changed_on_disk():
        try:
            playlist = write_scratch(doc.virtual_path(), doc.serialize())
        except OSError as e:
            return False, f"Cannot play: {e.strerror or e}"
    program, args = play_command(playlist, row)
    if not launcher(program, args):
        return False, "Could not start kiosk run."
    return True, f"Playing from {slide_name(doc.data, row)}."
