"""`kiosk validate`: one line per problem, then the warnings (contrast, languages, glyphs).

Qt is imported only for what needs it: decks with video, sampled backgrounds, glyph checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.core.loader import LoadedPlaylist

__all__ = ["validate_command"]


def validate_command(paths: list[Path], *, strict_paths: bool = False) -> int:
    from kiosk.core.loader import PlaylistError, load_playlist
    from kiosk.core.plantext import length_text

    failed = False
    for path in paths:
        try:
            loaded = load_playlist(path, strict_paths=strict_paths)
        except PlaylistError as e:
            failed = True
            for problem in e.problems:
                print(problem)
            continue
        slides = loaded.playlist.slides
        if loaded.playlist.theme.background.video or any(getattr(s, "video", None) for s in slides):
            from kiosk.ui.video_probe import video_problems  # Qt: only for decks with video

            if problems := video_problems(loaded):
                failed = True
                print(*problems, sep="\n")
                continue
        playlist = loaded.playlist
        active = len(playlist.active_slides())
        total = len(playlist.slides)
        off = f", {total - active} disabled" if active != total else ""
        noun = "slide" if active == 1 else "slides"
        loop = length_text(playlist.loop_seconds())
        print(f"{path}: ok: {active} {noun}{off}, loop {loop}")
        from kiosk.langreport import language_warnings

        for line in [*_contrast(loaded), *language_warnings(loaded)]:
            print(f"{path}: {line}")
    return 1 if failed else 0


def _contrast(loaded: LoadedPlaylist) -> list[str]:
    """Contrast warnings (text below WCAG AA on its background); they never fail the file.

    A gradient or image background is drawn with Qt and sampled where text sits."""
    from kiosk.core.contrast import check, palette

    colors, background = palette(loaded.playlist.theme)
    plain = background.color or colors.background
    samples: dict[str, list[str]] = {"body": [plain]}
    where = "theme.background.color" if background.color else "theme.colors.background"
    notes: list[str] = []
    if background.gradient or background.image:
        try:
            from kiosk.qtguard import unsafe_qt_reason

            reason = unsafe_qt_reason()
            if reason:
                raise RuntimeError(reason)
            from kiosk.ui.contrastsample import background_samples

            samples = background_samples(loaded)
            where = "background image" if background.image else "background gradient"
        except Exception as e:  # Qt missing or unsafe: check the plain colour instead
            notes.append(f"note: background not sampled ({e}); checked on {plain}")
    return notes + [f.message() for f in check(loaded.playlist, samples, where)]
