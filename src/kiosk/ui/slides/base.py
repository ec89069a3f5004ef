"""The contract between the stage and the slide renderers, and what renderers share.

A renderer module (one per slide type, `kiosk.ui.slides.<type>`) provides a `SlideView`
subclass. The stage builds the next slide ahead of time with `build_slide`, calls `enter()`
when it starts showing, `finish()` to jump every animation to its final state (render, rapid
navigation), `show_step(n)` to draw the reveal step the show decided (bullets revealed one
by one), and `release()` before it drops the widget.

A renderer builds everything in `__init__` (labels, pixmaps, plots): painting only draws
what is there. It lays out on the theme's grid (margins ~6 % of the width, sizes scaled by
`theme.unit`), so every screen size from 1280×720 to 4K and portrait looks designed.
Animations are `QVariantAnimation`s from 0 to 1 registered with `animate()`; once they have
run (or `finish()` jumped them) no timer is left running, so a still slide costs no CPU.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEasingCurve, QRect, QSize, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.languages import LanguagePlan
from kiosk.core.localtext import Local, is_rtl, pick, texts_of
from kiosk.ui.background import ImageError, background_pixmap, image_pixmap
from kiosk.ui.langtext import PairLabel, mirrored_align
from kiosk.ui.seams import Block, clear_view
from kiosk.ui.text import TextLabel
from kiosk.ui.theme import Theme, theme_for

if TYPE_CHECKING:
    from kiosk.core.loader import LoadedPlaylist
    from kiosk.core.model import SlideBase

__all__ = ["SlideBuildError", "SlideContext", "SlideView", "elide_lines"]

FOOTER_LINES = 2  # a source or note line longer than this is cut (…), not shrunk unreadable


def elide_lines(text: str, font: QFont, width: int, lines: int) -> str:
    """`text`, cut at a word and ended with "…" so that it wraps to at most `lines` lines."""
    fm = QFontMetrics(font)
    flags = int(Qt.AlignmentFlag.AlignLeft.value) | int(Qt.TextFlag.TextWordWrap.value)
    most = line_height(text, font) * lines + fm.leading() * (lines - 1) + 1

    def fits(s: str) -> bool:
        return fm.boundingRect(QRect(0, 0, width, 1 << 20), flags, s).height() <= most

    if fits(text):
        return text
    words = text.split(" ")
    lo, hi = 0, len(words)
    while lo < hi:  # the most words that fit with the ellipsis
        mid = (lo + hi + 1) // 2
        if fits(" ".join(words[:mid]) + "…"):
            lo = mid
        else:
            hi = mid - 1
    return (
        " ".join(words[:lo]).rstrip(" ,;:·") + "…"
        if lo
        else fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
    )


def line_height(text: str, font: QFont) -> int:
    """The height of one line of `text` as drawn: taller than the font's own when glyphs
    come from a fallback font (Chinese in a Latin font: 41 px lines of a 34 px font)."""
    fm = QFontMetrics(font)
    one = fm.boundingRect(QRect(0, 0, 1 << 20, 1 << 20), 0, text).height()
    return max(fm.height(), one)


class SlideBuildError(Exception):
    """A slide cannot be built (e.g. its image does not load); the stage skips it."""


@dataclass(frozen=True)
class SlideContext:
    """What every renderer needs: the loaded deck (model + data tables), the screen size,
    and the theme for that size (made by `make_context`; built on demand when absent).

    paint_background: False when the stage paints the theme background itself.
    seams_y: on a video wall (`size` is then the whole wall's), the horizontal seams, (top,
    bottom) bands where a line of text would lose a stripe; layouts that can, avoid them.
    languages: the languages drawn, the large one first (the show's `ShowState.languages`);
    empty: as the deck's language_mode says.
    """

    loaded: LoadedPlaylist
    size: QSize
    theme: Theme | None = None
    paint_background: bool = True
    seams_y: tuple[tuple[int, int], ...] = ()
    languages: tuple[str, ...] = ()

    def shown_languages(self) -> tuple[str, ...]:
        return self.languages or LanguagePlan.of(self.loaded.playlist.deck).shown()

    def fallback(self) -> tuple[str, ...]:
        """Where a text missing in a language goes: the shown ones, then the deck's."""
        deck = tuple(self.loaded.playlist.deck.languages)
        return (*self.shown_languages(), *deck)


class SlideView(QWidget):
    """One slide on the stage. Subclasses lay out their content for `ctx.size`."""

    def __init__(self, slide: SlideBase, ctx: SlideContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slide = slide
        self.ctx = ctx
        self.theme: Theme = ctx.theme or theme_for(ctx.loaded, ctx.size)
        self.resize(ctx.size)
        self.setObjectName(f"slide-{slide.type}")
        self.languages = ctx.shown_languages()
        self._fallback = ctx.fallback()
        self.rtl = is_rtl(self.languages[0])  # laid out mirrored: read from the right
        if self.rtl:
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self._animations: list[tuple[QVariantAnimation, Callable[[float], None]]] = []
        self.shown_step = 0  # the reveal step on screen (the show's)
        self._background: QPixmap | None = (
            background_pixmap(self.theme, ctx.size, owner=self) if ctx.paint_background else None
        )
        if self._background is not None and not self._background.hasAlphaChannel():
            # it covers every pixel: Qt paints nothing under it (not the stage's background
            # again), and grab() gives an opaque pixmap, cheaper to cross-fade
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        elif self._background is None:  # over the stage's (a video): a grab stays transparent
            palette = self.palette()
            palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.transparent)
            self.setPalette(palette)
        self._logo: QPixmap | None = None
        self._logo_at = QRect()
        if self.theme.logo is not None:
            box = self.theme.logo_box()
            try:
                self._logo = image_pixmap(self.theme.logo, box.size(), owner=self)
            except ImageError:
                self._logo = None  # the loader checked it; a vanished logo is not worth a slide
            else:
                w, h = self._logo.width(), self._logo.height()
                self._logo_at = QRect(
                    box.right() + 1 - w, box.top() + (box.height() - h) // 2, w, h
                )

    # --- the stage's calls -------------------------------------------------------------

    def enter(self) -> None:
        """The slide starts showing: start entry animations (count-up, grow-in, reveal)."""
        for anim, _ in self._animations:
            anim.start()

    def finish(self) -> None:
        """Jump every animation to its final state."""
        for anim, apply in self._animations:
            anim.stop()
            apply(1.0)

    def stop(self) -> None:
        """The slide has left the screen: its entry animations stop where they are (a chart's
        grow-in went on under the next slide's fade, 2-3 ms of pyqtgraph a tick)."""
        for anim, _ in self._animations:
            anim.stop()

    def show_step(self, step: int) -> None:
        """Show reveal step `step` of this slide (bullets: the first `step` points); the show
        decides which step is on screen, the view only draws it."""

    def release(self) -> None:
        """Free heavy resources (plots, pixmaps) before the widget is deleted.

        Dropping the animations breaks the reference cycles every animated slide has (view
        → its list of animations, and the animation's connected slot, → `apply`, a bound
        method of the view): left alone, each metric slide shown
        stayed alive, with its pictures, until a full garbage collection, and resident
        memory rose by 1.4 MiB a loop, then fell by 13 MiB every dozen loops.
        """
        for anim, _ in self._animations:
            anim.stop()
            anim.valueChanged.disconnect()  # the slot holds `apply`, which holds the view
        self._animations.clear()

    # --- languages ---------------------------------------------------------------------

    def pick(self, value: str) -> str:
        """`value` in the language drawn large (a missing one falls back, see SlideContext)."""
        return pick(value, self.languages[0], self._fallback)

    def texts(self, value: str) -> list[str]:
        """`value` in each language drawn that it has text for (stacked: several)."""
        if len(self.languages) < 2:
            return [self.pick(value)]
        return [t for _, t in texts_of(value, self.languages)] or [self.pick(value)]

    @staticmethod
    def around(value: str, template: str) -> str:
        """`template` ("— {}") around `value` in each of its languages (still a map)."""
        if isinstance(value, Local):
            return Local({k: template.replace("{}", t) for k, t in value.texts.items()})
        return template.replace("{}", value)

    def one_line(self, value: str, sep: str = " / ") -> str:
        """Every language drawn on one line, where there is no room for a pair."""
        return sep.join(self.texts(value))

    def mirror_rect(self, rect: QRect) -> QRect:
        """`rect` seen from the right edge (right to left layouts)."""
        return QRect(self.width() - rect.x() - rect.width(), rect.y(), rect.width(), rect.height())

    def mirror_layout(self) -> None:
        """Right to left: every child and the logo move to their mirrored place (renderers
        that paint rects of their own mirror them too, after this)."""
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            child.setGeometry(self.mirror_rect(child.geometry()))
        self._logo_at = self.mirror_rect(self._logo_at)

    # --- for renderers -------------------------------------------------------------------

    @property
    def markup(self) -> bool:
        return bool(getattr(self.slide, "markup", False))

    def animating(self) -> bool:
        """True while any entry animation runs (tests: a still slide runs no timer)."""
        return any(a.state() == QVariantAnimation.State.Running for a, _ in self._animations)

    def animate(
        self,
        apply: Callable[[float], None],
        ms: int = 900,
        delay_ms: int = 0,
        easing: QEasingCurve.Type = QEasingCurve.Type.OutCubic,
    ) -> None:
        """Register an entry animation: `apply(t)` for t from 0 to 1; applied at 0 now.

        With `theme.reduced_motion` nothing moves: `apply(1.0)` at once, no animation."""
        if self.theme.reduced_motion:
            apply(1.0)
            return
        anim = QVariantAnimation(self)
        anim.setStartValue(0.0)
        anim.setEndValue(1.0)
        anim.setDuration(ms + delay_ms)
        curve = QEasingCurve(easing)
        lead = delay_ms / (ms + delay_ms) if ms + delay_ms else 0.0

        def on_value(v: object) -> None:
            x = float(v)  # type: ignore[arg-type]
            t = 0.0 if x <= lead else (x - lead) / (1.0 - lead)
            apply(curve.valueForProgress(min(1.0, t)))

        anim.valueChanged.connect(on_value)
        self._animations.append((anim, apply))
        apply(0.0)

    def label(
        self,
        text: str,
        role: str,
        color: QColor | None = None,
        *,
        playlist_text: bool = True,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        wrap: bool = True,
        min_scale: float = 0.45,
        scale: float = 1.0,
        translate: bool = True,
    ) -> TextLabel:
        """A label child in `role`'s font; playlist text is plain unless the slide says markup.

        It shows `text` in the languages drawn (stacked: a `PairLabel`, the translations
        beneath); right to left, it is right-aligned. It may shrink to fit down to
        `min_scale`, never below the theme's minimum text size."""
        font = self.theme.font(role, scale)
        texts = self.texts(text) if translate else [text]  # False: already in its language
        if self.rtl:
            align = mirrored_align(align)
        color = color or self.theme.text
        markup = self.markup and playlist_text
        min_scale = self.theme.min_scale(font, min_scale)
        label: TextLabel
        if len(texts) > 1:
            sub = self.theme.muted
            floor = self.theme.min_text_px
            label = PairLabel(
                texts, font, color, sub, self, floor_px=floor, markup=markup, wrap=wrap,
                align=align, min_scale=min_scale,
            )  # fmt: skip
        else:
            label = TextLabel(
                texts[0], font, color, self, markup=markup, wrap=wrap, align=align,
                min_scale=min_scale,
            )  # fmt: skip
        if self.rtl:
            label.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        return label

    def pixmap(
        self, rel: str, box: QSize, fit: str = "contain", tint: QColor | None = None
    ) -> QPixmap:
        """A playlist image fitted into `box`; raises SlideBuildError when it cannot load."""
        try:
            return image_pixmap(self.ctx.loaded.resolve(rel), box, fit, tint, owner=self)  # type: ignore[arg-type]
        except ImageError as e:
            raise SlideBuildError(str(e)) from None

    def header_rect(self) -> QRect:
        """The content area's top band, left of the deck logo."""
        c = self.theme.content()
        if self._logo is not None:
            c.setRight(self._logo_at.left() - self.theme.gutter)
        return c

    def clear_seams(self, *blocks: Block) -> bool:
        """On a video wall, move each block of text so its lines clear the horizontal seams
        (`kiosk.ui.seams`); True when they all do (always, off a wall)."""
        if not self.ctx.seams_y:
            return True
        return clear_view(self, blocks, self.ctx.seams_y, max(2, self.theme.px(8)))

    def place_heading(self, text: str, top: int | None = None) -> int:
        """The slide heading at the top of the content; returns the y below it (with a gap)."""
        rect = self.header_rect()
        if top is not None:
            rect.setTop(top)
        rect.setHeight(self.theme.px(64) * 3)
        heading = self.label(text, "heading", min_scale=0.55)
        heading.setObjectName("heading")
        heading.fit(rect)
        return heading.geometry().bottom() + 1 + self.theme.px(48)

    def place_footer(self, lines: list[tuple[str, str]]) -> int:
        """Small muted lines (e.g. source, note) at the bottom of the content; returns their
        top y (with a gap above), or the content bottom when there are none. Stacked, each
        language's line follows the other's ("name-translation"), each cut on its own."""
        c = self.theme.content()
        bottom = c.bottom() + 1
        shown = [
            (text, name if j == 0 else f"{name}-translation")
            for t, name in lines
            if t
            for j, text in enumerate(self.texts(t))
        ]
        for text, name in reversed(shown):
            lab = self.label(text, "small", self.theme.muted, min_scale=0.7, translate=False)
            lab.setObjectName(name)
            box = QRect(c.left(), 0, c.width(), line_height(text, lab.font()) * FOOTER_LINES)
            if not self.markup:  # at most FOOTER_LINES lines, never below the minimum size
                short = elide_lines(text, lab.font(), box.width(), FOOTER_LINES)
                if short != text:
                    lab.setText(short)
                    lab.setToolTip(text)
            h = lab.needed(box.width()).height()
            lab.fit(QRect(c.left(), bottom - min(h, box.height()), c.width(), box.height()))
            lab.move(c.left(), bottom - lab.height())
            bottom = lab.y() - self.theme.px(8)
        if bottom == c.bottom() + 1:
            return bottom
        return bottom - self.theme.px(28)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._background is not None:  # not under what paint_under covers (a clip's frame)
            for r in event.region().subtracted(self.opaque_under()):  # type: ignore[attr-defined]
                painter.drawPixmap(r, self._background, r)
        self.paint_under(painter)
        if self._logo is not None and self._logo_at.intersects(event.rect()):
            painter.drawPixmap(self._logo_at.topLeft(), self._logo)
        painter.end()

    def compose_under(self, paint: Callable[[QPainter], None]) -> None:
        """Draw `paint` once, at build, onto the slide's background: what never changes
        under the child widgets (a full-screen photo and its scrim) then costs one opaque
        pixmap per frame instead of a blend of the photo over the background."""
        if self._background is not None:
            canvas = QPixmap(self._background)  # painting detaches: the cached one stays
        else:
            canvas = QPixmap(self.ctx.size)
            canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        try:
            paint(painter)
        finally:
            painter.end()
        self._background = canvas

    def opaque_under(self) -> QRect:
        """What `paint_under` covers with opaque pixels now: the background is not drawn there."""
        return QRect()

    def paint_under(self, painter: QPainter) -> None:
        """Renderers draw here what lies between the background and the child widgets and
        changes (animations); what does not change goes in `compose_under` at build."""
