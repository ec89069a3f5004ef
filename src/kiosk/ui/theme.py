"""The Qt side of the playlist theme: colours, fonts, a type scale and a layout grid.

Everything scales with one unit, `min(width, height) / 1080`: a 1080p screen and a
1080×1920 portrait screen have unit 1.0, 720p has 0.67, 4K has 2.0. Sizes below are pixel
sizes at unit 1.0. Font files named by the playlist are loaded once per process.

No text on a slide is smaller than `MIN_TEXT_PX` (at unit 1.0, i.e. 2.4 % of the screen's
shorter side: its height in landscape). Source lines used to shrink to 18 px at 1080p to fit,
which nobody reads beyond a few metres; 26 px at 1080p (17 px at 720p, 52 px at 4K) reads from
about five metres on a 55" screen. `Theme.font` never returns a smaller size, and labels
that shrink to fit use `Theme.min_scale(font)` as their floor.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QColor, QFont, QFontDatabase

from kiosk.core.contrast import palette
from kiosk.core.loader import LoadedPlaylist
from kiosk.core.safeio import FileRefused, read_bytes

__all__ = [
    "MIN_TEXT_PX",
    "ROLES",
    "Theme",
    "contrast_text",
    "font_chain",
    "load_font_files",
    "theme_for",
]

log = logging.getLogger(__name__)

# role: (pixel size at unit 1.0, weight, line spacing factor for our own multi-line layout)
ROLES: dict[str, tuple[float, QFont.Weight]] = {
    "title": (104, QFont.Weight.Bold),
    "heading": (64, QFont.Weight.Bold),
    "kicker": (30, QFont.Weight.DemiBold),
    "subtitle": (44, QFont.Weight.Normal),
    "body": (42, QFont.Weight.Normal),
    "label": (44, QFont.Weight.DemiBold),
    "quote": (64, QFont.Weight.Normal),
    "metric": (260, QFont.Weight.Bold),
    "date": (48, QFont.Weight.Bold),
    "detail": (32, QFont.Weight.Normal),
    "small": (28, QFont.Weight.Normal),
    "tick": (30, QFont.Weight.Normal),
    "value": (32, QFont.Weight.DemiBold),
}

MIN_TEXT_PX = 26  # the smallest text on a slide, in px at unit 1.0 (see the module docstring)

_loaded_fonts: dict[Path, list[str]] = {}


def load_font_files(paths: list[Path]) -> list[str]:
    """Register font files with Qt (once each); return the families they provide, in order."""
    families: list[str] = []
    for path in paths:
        if path not in _loaded_fonts:
            found: list[str] = []
            try:  # through safeio: a FIFO or /dev/zero named as a font never blocks Qt
                data = read_bytes(path, "font")
            except FileRefused as e:
                log.warning("font file %s: %s; using the system font", path, e.reason)
            else:
                font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data))
                found = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
                if not found:
                    log.warning("font file %s could not be loaded; using the system font", path)
            _loaded_fonts[path] = list(found)
        families.extend(f for f in _loaded_fonts[path] if f not in families)
    return families


def loaded_font_files() -> list[Path]:
    """The font files registered with Qt so far (read into memory, so not in the process map)."""
    return [path for path, families in _loaded_fonts.items() if families]


def _system_sans() -> str:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()


def contrast_text(color: QColor) -> QColor:
    """Black or white, whichever reads better on `color`."""
    lum = 0.2126 * color.redF() + 0.7152 * color.greenF() + 0.0722 * color.blueF()
    return QColor("#0B0F19") if lum > 0.55 else QColor("#FFFFFF")


@dataclass(frozen=True)
class Theme:
    """Colours, font family and sizes for one screen size."""

    size: QSize
    family: str
    background: QColor
    surface: QColor
    text: QColor
    muted: QColor
    accent: QColor
    highlight: QColor
    series: tuple[QColor, ...]
    logo: Path | None = None
    background_spec: object = None  # kiosk.core.model.Background
    base_dir: Path = field(default_factory=Path)
    reduced_motion: bool = False  # every change instant: no transition, count-up, grow-in
    families: tuple[str, ...] = ()  # fallback order (theme.font_family, then bundled fonts)

    def qfont(self) -> QFont:
        """A font of the theme's families, in fallback order (Qt tries each for a glyph)."""
        font = QFont(self.family)
        if len(self.families) > 1:
            font.setFamilies(list(self.families))
        return font

    @property
    def unit(self) -> float:
        return min(self.size.width(), self.size.height()) / 1080.0

    @property
    def portrait(self) -> bool:
        return self.size.height() > self.size.width()

    def px(self, value: float) -> int:
        """A length given at 1080p, scaled to this screen (at least 1 px)."""
        return max(1, round(value * self.unit))

    @property
    def min_text_px(self) -> int:
        """The smallest pixel size any text on a slide may have on this screen."""
        return max(6, round(MIN_TEXT_PX * self.unit))

    def min_scale(self, font: QFont, wanted: float = 0.0) -> float:
        """A label's shrink floor (`min_scale`) for `font`: `wanted`, but never below the
        minimum text size."""
        size = font.pixelSize()
        return min(1.0, max(wanted, self.min_text_px / size)) if size > 0 else 1.0

    def at_minimum(self, font: QFont) -> bool:
        return font.pixelSize() <= self.min_text_px

    def font(self, role: str, scale: float = 1.0) -> QFont:
        """The font of `role`, scaled by `scale`, never below the minimum text size."""
        size, weight = ROLES[role]
        font = self.qfont()
        font.setPixelSize(max(self.min_text_px, round(size * self.unit * scale)))
        font.setWeight(weight)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        if role == "kicker":
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        return font

    # --- the grid ------------------------------------------------------------------------

    @property
    def margin_x(self) -> int:
        return round(self.size.width() * 0.06)

    @property
    def margin_y(self) -> int:
        return round(min(self.size.width(), self.size.height()) * 0.07)

    def content(self) -> QRect:
        """The safe area inside the margins."""
        w, h = self.size.width(), self.size.height()
        return QRect(self.margin_x, self.margin_y, w - 2 * self.margin_x, h - 2 * self.margin_y)

    @property
    def gutter(self) -> int:
        return self.px(56)

    def logo_box(self) -> QRect:
        """Where the deck logo sits: top-right, inside the margins."""
        c = self.content()
        h = self.px(60)
        w = self.px(300)
        return QRect(c.right() + 1 - w, c.top(), w, h)

    def series_colors(self, avoid_highlight: bool) -> list[QColor]:
        """Series colours; without the highlight colour when the highlight must stand out."""
        colors = [c for c in self.series if not (avoid_highlight and _near(c, self.highlight))]
        return colors or [self.accent]


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60


_warned: set[str] = set()


def font_chain(wanted: list[str], bundled: list[str]) -> list[str]:
    """The theme's families in fallback order: those of `font_family` that are bundled or
    installed (one log line for each that is neither), then the other bundled ones."""
    installed = set(QFontDatabase.families())
    chain: list[str] = []
    for family in wanted:
        if family in installed or family in bundled:
            chain.append(family)
        elif family not in _warned:
            _warned.add(family)
            log.warning("font family %r is neither bundled nor installed; skipping it", family)
    return chain + [f for f in bundled if f not in chain]


def _qcolor(text: str) -> QColor:
    # model colours are #RGB, #RRGGBB or #AARRGGBB, which QColor reads as-is
    return QColor(text)


def theme_for(loaded: LoadedPlaylist, size: QSize) -> Theme:
    """Build the theme of `loaded` for a screen of `size` (fonts are loaded on first use)."""
    spec = loaded.playlist.theme
    bundled = load_font_files([loaded.resolve(rel) for rel in spec.fonts])
    chain = font_chain(spec.families(), bundled)
    family = chain[0] if chain else _system_sans()
    c, background = palette(spec)  # high contrast: its own palette, on black
    return Theme(
        size=QSize(size),
        family=family,
        families=tuple(chain),
        background=_qcolor(c.background),
        surface=_qcolor(c.surface),
        text=_qcolor(c.text),
        muted=_qcolor(c.muted),
        accent=_qcolor(c.accent),
        highlight=_qcolor(c.highlight),
        series=tuple(_qcolor(s) for s in c.series),
        logo=loaded.resolve(spec.logo) if spec.logo else None,
        background_spec=background,
        base_dir=loaded.path.parent,
        reduced_motion=spec.reduced_motion,
    )
