"""The background where text sits, for `kiosk validate`'s contrast check (`core/contrast.py`).

A gradient or a background image has no one colour: the theme background is drawn with the
display's own code (`background_pixmap`) at 1920×1080 and read back on a grid inside the
two regions text occupies — the heading band under the top margin ("top") and the rest of
the content area ("body"). The check then takes the worst sample for each text colour.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from kiosk.core.loader import LoadedPlaylist
from kiosk.ui.background import background_pixmap
from kiosk.ui.theme import theme_for

__all__ = ["GRID", "background_samples"]

GRID = (24, 8)  # samples across, down, in each region


def background_samples(
    loaded: LoadedPlaylist, size: tuple[int, int] = (1920, 1080)
) -> dict[str, list[str]]:
    """Region ('top', 'body') -> the distinct background colours ('#RRGGBB') sampled there."""
    from kiosk.ui.render import ensure_app

    ensure_app()
    screen = QSize(*size)
    theme = theme_for(loaded, screen)
    image = background_pixmap(theme, screen).toImage()
    c = theme.content()
    top_h = theme.px(64) * 3  # the heading band, as SlideView.place_heading lays it out
    regions = {
        "top": QRect(c.left(), c.top(), c.width(), top_h),
        "body": QRect(c.left(), c.top() + top_h, c.width(), c.height() - top_h),
    }
    out: dict[str, list[str]] = {}
    across, down = GRID
    for name, rect in regions.items():
        seen: dict[str, None] = {}
        for j in range(down):
            y = rect.top() + (rect.height() - 1) * j // max(1, down - 1)
            for i in range(across):
                x = rect.left() + (rect.width() - 1) * i // max(1, across - 1)
                seen[image.pixelColor(x, y).name().upper()] = None
        out[name] = list(seen)
    return out
