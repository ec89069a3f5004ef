"""Can everyone read it: WCAG 2 contrast of the deck's text on its background, and the
high-contrast palette. No Qt.

- `ratio(a, b)`: the WCAG 2.x contrast ratio of two sRGB colours (1 to 21).
- `TEXT_USES`: which theme colour each slide field is drawn in, at which size at 1080p
  (kept beside the renderers' choices: `ui/slides/*.py` and `ui/theme.py` ROLES).
  Large text (≥ 24 px bold, or ≥ 32 px) needs 3:1 for AA, 4.5:1 for AAA; other text 4.5:1 / 7:1.
- `palette(theme)`: the colours and background the display really uses — the theme's, or
  with `theme.high_contrast` the `HIGH_CONTRAST` palette on plain black (every text colour
  of it is at least 7:1 on it, AAA, whatever the size).
- `check(playlist, backgrounds)`: a warning per colour pair below AA, naming the colours,
  the measured ratio and the slides and fields drawn in it. `backgrounds` gives, per region
  of the screen, the background colours found there (plain colour: one; a gradient or an
  image: samples the ui rendered and took where text sits).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kiosk.core.model import Background, Colors, Playlist, Theme

__all__ = [
    "AA",
    "AAA",
    "HIGH_CONTRAST",
    "TEXT_USES",
    "Finding",
    "TextUse",
    "check",
    "is_large",
    "luminance",
    "palette",
    "ratio",
]

AA = (4.5, 3.0)  # (normal text, large text)
AAA = (7.0, 4.5)

HIGH_CONTRAST = Colors(
    background="#000000",
    surface="#1F1F1F",
    text="#FFFFFF",
    muted="#E6E6E6",
    accent="#5CF2E8",
    highlight="#FFD84D",
    series=["#5CF2E8", "#FFD84D", "#A8C4FF", "#FFA8A8", "#C8F59A"],
)
HIGH_CONTRAST_BACKGROUND = Background(color="#000000")


def _rgb(color: str) -> tuple[float, float, float, float]:
    """'#RGB', '#RRGGBB' or '#AARRGGBB' as (r, g, b, alpha), each 0..1."""
    h = color.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    alpha = 1.0
    if len(h) == 8:
        alpha, h = int(h[:2], 16) / 255, h[2:]
    if len(h) != 6:
        raise ValueError(f"not a colour: {color!r}")
    return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255, alpha


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _over(fg: str, bg: str) -> tuple[float, float, float]:
    """`fg` composited over an opaque `bg` (a translucent text colour)."""
    r, g, b, a = _rgb(fg)
    br, bgg, bb, _ = _rgb(bg)
    return r * a + br * (1 - a), g * a + bgg * (1 - a), b * a + bb * (1 - a)


def luminance(color: str, on: str = "#000000") -> float:
    """WCAG relative luminance (0 black .. 1 white); a translucent colour is taken over `on`."""
    r, g, b = _over(color, on)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(text: str, background: str) -> float:
    """The WCAG contrast ratio of `text` on `background`: (L1 + 0.05) / (L2 + 0.05)."""
    bg = "#" + "".join(f"{round(v * 255):02X}" for v in _over(background, "#000000"))
    a, b = luminance(text, bg), luminance(bg)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def is_large(px: float, bold: bool) -> bool:
    """WCAG 'large scale' text, in screen pixels at 1080p: 24 px bold or 32 px."""
    return px >= 32 or (bold and px >= 24)


@dataclass(frozen=True)
class TextUse:
    colour: str  # a field of theme.colors
    px: float  # size at 1080p (at its smallest: labels shrink to fit down to this)
    bold: bool
    region: str = "body"  # "top" (headings, the band under the top margin) or "body"


# slide type -> field -> how it is drawn (as the renderers draw it; a label that shrinks to
# fit is taken at its floor, never below the 26 px minimum text size)
_HEADING = TextUse("text", 35, True, "top")
_SOURCE = TextUse("muted", 26, False)
TEXT_USES: dict[str, dict[str, TextUse]] = {
    "title": {
        "kicker": TextUse("accent", 26, True),
        "title": TextUse("text", 42, True),
        "subtitle": TextUse("muted", 26, False),
    },
    "bullets": {"heading": _HEADING, "points": TextUse("text", 26, False)},
    "metric": {
        "heading": _HEADING,
        "value": TextUse("accent", 52, True),
        "unit": TextUse("accent", 26, True),
        "label": TextUse("text", 44, True),
        "detail": TextUse("muted", 32, False),
        "source": _SOURCE,
    },
    "chart": {
        "heading": _HEADING,
        "source": _SOURCE,
        "note": _SOURCE,
        "highlight": TextUse("highlight", 30, True),  # the stressed value's label
    },
    "quote": {
        "text": TextUse("text", 26, False),
        "speaker": TextUse("accent", 26, True),
        "role": TextUse("muted", 26, False),
    },
    "image": {"heading": _HEADING, "caption": TextUse("muted", 26, False)},
    "video": {"heading": _HEADING, "caption": TextUse("muted", 26, False)},  # the media wave's
    "timeline": {
        "heading": _HEADING,
        "milestones.date": TextUse("accent", 26, True),
        "milestones.date (highlighted)": TextUse("highlight", 26, True),
        "milestones.label": TextUse("text", 26, True),
        "milestones.detail": TextUse("muted", 26, False),
        "source": _SOURCE,
    },
    "split": {
        "heading": _HEADING,
        "text": TextUse("text", 26, False),
        "points": TextUse("text", 26, False),
        "source": _SOURCE,
    },
}


def palette(theme: Theme) -> tuple[Colors, Background]:
    """The colours and background the display draws with (high contrast replaces both)."""
    if theme.high_contrast:
        return HIGH_CONTRAST, HIGH_CONTRAST_BACKGROUND
    return theme.colors, theme.background


@dataclass(frozen=True)
class Finding:
    """A text colour on a background below the bar, and where it is used."""

    colour: str  # theme.colors field
    text: str  # its value, '#RRGGBB'
    background: str  # the background colour measured (the worst sample)
    where: str  # what that background is: 'theme.colors.background', 'the gradient', …
    measured: float
    needed: float
    fields: tuple[str, ...]  # 'slide 3 (quote) role', …

    def message(self) -> str:
        named = ", ".join(self.fields[:2])
        more = len(self.fields) - 2
        also = f" and {more} more field{'s' if more != 1 else ''}" if more > 0 else ""
        return (
            f"warning: contrast {_floor(self.measured)}:1 is below WCAG AA {self.needed:g}:1: "
            f"text {self.text} (theme.colors.{self.colour}) on {self.background} "
            f"({self.where}), in {named}{also}"
        )


def _floor(value: float) -> str:
    """Two decimals, rounded down: 4.499 is '4.49', never a passing-looking '4.50'."""
    return f"{int(value * 100) / 100:.2f}"


def _has(slide: object, field: str) -> bool:
    if field.endswith(" (highlighted)"):  # only milestones that stress themselves
        items = getattr(slide, "milestones", None) or []
        return any(getattr(m, "highlight", False) for m in items)
    if "." in field:
        outer, inner = field.split(".", 1)
        return any(_has(item, inner) for item in getattr(slide, outer, None) or [])
    if field == "value":
        return True  # a metric always shows its number
    value = getattr(slide, field, None)
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def check(
    playlist: Playlist,
    backgrounds: Mapping[str, Sequence[str]],
    where: str = "theme.colors.background",
    bar: tuple[float, float] = AA,
) -> list[Finding]:
    """Every (text colour, size class) below `bar` on the worst background of its region.

    backgrounds: region ('top', 'body') -> background colours seen there."""
    colors, _ = palette(playlist.theme)
    groups: dict[tuple[str, str, bool], list[str]] = {}
    for number, slide in enumerate(playlist.slides, start=1):
        if not slide.enabled:
            continue
        for field, use in TEXT_USES.get(slide.type, {}).items():
            if _has(slide, field):
                large = is_large(use.px, use.bold)
                key = (use.colour, use.region, large)
                groups.setdefault(key, []).append(f"slide {number} ({slide.type}) {field}")
    found: list[Finding] = []
    for (colour, region, large), fields in groups.items():
        text = getattr(colors, colour)
        samples = backgrounds.get(region) or backgrounds.get("body") or [colors.background]
        worst = min(samples, key=lambda bg: ratio(text, bg))
        measured = ratio(text, worst)
        needed = bar[1] if large else bar[0]
        if measured < needed:
            found.append(Finding(colour, text, worst, where, measured, needed, tuple(fields)))
    found.sort(key=lambda f: (f.measured, f.colour))
    return found
