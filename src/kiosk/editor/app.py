"""`kiosk edit [PLAYLIST]`: open the editor window."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.editor.document import OpenError, PlaylistDocument
from kiosk.editor.templates import blank_playlist

__all__ = ["edit_command", "open_document"]


def open_document(playlist: Path | None) -> PlaylistDocument:
    """The document to edit: the file, a new playlist to be saved at that path, or untitled."""
    if playlist is None:
        return PlaylistDocument(blank_playlist())
    if not playlist.exists():
        return PlaylistDocument(blank_playlist(), playlist)
    return PlaylistDocument.open(playlist)


def edit_command(playlist: Path | None) -> int:
    try:
        doc = open_document(playlist)
    except OpenError as e:
        print(f"kiosk edit: {e}", file=sys.stderr)
        return 1
    from kiosk.editor.window import EditorWindow
    from kiosk.ui.qtapp import application

    app = application(sys.argv[:1])
    app.setApplicationName("kiosk edit")
    window = EditorWindow(doc)
    window.show()
    return int(app.exec())
