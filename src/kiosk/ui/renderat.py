"""`kiosk render --at TIME`: the one picture on screen at a moment, as `kiosk plan` sees it.

The slide comes from `kiosk.core.plan.showing_at` (the display's own show on a fake clock);
it is drawn in its final state by `kiosk.ui.render`, like every other render. Outside display
hours the picture is black; when no slide may be shown, the deck title on the theme.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

__all__ = ["render_at_command"]


def render_at_command(
    path: Path,
    out: Path,
    size: tuple[int, int],
    at: datetime,
    since: datetime | None,
    *,
    language: str | None = None,
    language_mode: str | None = None,
) -> int:
    from kiosk.core.loader import LoadedPlaylist
    from kiosk.core.model import TitleSlide
    from kiosk.core.plan import deck_time, showing_at
    from kiosk.core.playable import load_playable

    playable = load_playable(path)
    for problem in playable.problems:
        print(problem)
    if playable.loaded is None:
        return 1
    loaded: LoadedPlaylist = playable.loaded
    playlist = loaded.playlist
    moment = deck_time(at, playlist)
    started = None if since is None else deck_time(since, playlist)
    try:
        shown = showing_at(
            playlist, moment, started, language=language, language_mode=language_mode
        )
    except ValueError as e:  # a LanguageError names the deck's languages
        print(f"kiosk render: {path}: {e}")
        return 2
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        print(f"kiosk render: cannot write to {out}: {e.strerror or e}")
        return 1
    from kiosk.ui.render import _render, ensure_app

    ensure_app()
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QImage

    from kiosk.ui.slides import make_context

    stamp = f"{moment:%Y-%m-%d_%H-%M-%S}"
    if shown.kind == "off":
        image = QImage(QSize(*size), QImage.Format.Format_RGB32)
        image.fill(QColor("black"))
        what, name = "display off (display hours)", f"at-{stamp}-off.png"
    else:
        ctx = make_context(loaded, QSize(*size), shown.languages)
        if shown.index is None:
            deck = playlist.deck
            slide = TitleSlide(type="title", title=deck.title, subtitle=deck.subtitle)
            what, name = "the deck title", f"at-{stamp}-title.png"
        else:
            slide = playlist.slides[shown.index]  # type: ignore[assignment]
            what = f"slide {shown.number} ({shown.slide_type}) {shown.title}".rstrip()
            name = f"at-{stamp}-{shown.number:02d}-{shown.slide_type}.png"
        try:
            image = _render(slide, ctx)
        except Exception as e:
            print(f"{path}: {what}: {e}")
            return 1
    target = out / name
    if not image.save(str(target)):  # PNG, from the suffix
        print(f"kiosk render: cannot write {target}")
        return 1
    span = f"{shown.start:%H:%M:%S}–{shown.end:%H:%M:%S}"
    lang = f" [{shown.language}]" if len(playlist.deck.languages) > 1 and shown.language else ""
    print(f"{target}: {moment:%a %Y-%m-%d %H:%M:%S%z}: {what}{lang}, on {span}")
    return 0
