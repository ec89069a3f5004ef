"""Metric slide: one big number that counts up, with prefix, unit, label, detail and source.

The count-up is short (0.7 s, easing out, so most of it shows figures close to the final
one), its digits are tabular and set from where the final number's right edge sits (each
digit stays in its column, the number neither jitters nor drifts), and its last frame is the
final value as formatted, never a rounding of `value * t`.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QWidget

from kiosk.core.model import MetricSlide
from kiosk.core.numbers import decimals_for, format_number, scale_for
from kiosk.ui.langtext import separators
from kiosk.ui.seams import Block
from kiosk.ui.slides.base import SlideContext, SlideView
from kiosk.ui.text import TabularNumber

__all__ = ["COUNT_MS", "MetricSlideView"]

COUNT_MS = 700
LIVE_TWEEN_MS = 700  # a live value moves from the number shown to the new one


class MetricSlideView(SlideView):
    slide: MetricSlide

    def __init__(
        self, slide: MetricSlide, ctx: SlideContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(slide, ctx, parent)
        t = self.theme
        c = t.content()
        self.value = ctx.loaded.metric_value(slide)
        # the number once, in the language drawn large: its factor (million yuan -> 亿元)
        # and its separators; the unit in that language only (the figure is written for it)
        self.scale = scale_for(slide.unit_scale, self.languages[0])
        self.separators = separators(self.languages[0])
        self.decimals = self._decimals(self.value)
        top = self.place_heading(slide.heading) if slide.heading else c.top()
        bottom = self.place_footer([(slide.source, "source")])
        self.final = self.format(self.value)
        final = self.final
        self.number = TabularNumber(final, t.font("metric"), t.accent, self)
        self.number.setObjectName("number")
        self.unit = None
        number_font = self.number.fit_font(c.size(), final)
        unit_w = 0
        gap = 0
        unit = self.pick(slide.unit)
        if unit:
            self.unit = self.label(
                unit, "metric", t.accent, wrap=False, scale=0.36, min_scale=0.3, translate=False
            )
            self.unit.setObjectName("unit")
            gap = 0 if unit[:1] in "%‰°" else int(self.unit.base_font.pixelSize() * 0.28)
            unit_w = self.unit.needed(c.width()).width() + gap
        num_w = self.number.needed(c.width(), number_font, final).width() + 2
        inline = num_w + unit_w <= c.width()
        if not inline and self.unit is not None and unit_w < c.width() * 0.45:
            # shrink the number so number and unit fit on one line
            number_font = self.number.fit_font(c.size().shrunkBy(QMargins(0, 0, unit_w, 0)), final)
            num_w = self.number.needed(c.width(), number_font, final).width() + 2
            inline = True
        self.number.setFont(number_font)
        fm = QFontMetrics(number_font)
        block_h = self.number.needed(c.width(), number_font, final).height()
        label = self.label(slide.label, "label")
        label.setObjectName("label")
        detail = self.label(slide.detail, "detail", t.muted) if slide.detail else None
        if detail is not None:
            detail.setObjectName("detail")
        unit_h = 0
        if self.unit is not None and not inline:
            unit_h = self.unit.fit(QRect(c.left(), 0, c.width(), c.height() // 4)) + t.px(8)
        text_w = c.width() if t.portrait else int(c.width() * 0.75)
        label_h = label.needed(text_w).height()
        detail_h = detail.needed(text_w).height() + t.px(16) if detail else 0
        total = block_h + unit_h + t.px(24) + label_h + detail_h
        y = top + max(0, (bottom - top - total) // 2)
        self.number.setGeometry(c.left(), y, num_w, block_h)
        if self.unit is not None:
            if inline:
                ufm = QFontMetrics(self.unit.font())
                self.unit.place(c.left() + num_w + gap, y + fm.ascent() - ufm.ascent())
            else:
                self.unit.move(c.left(), y + block_h)
        y += block_h + unit_h + t.px(24)
        # label and detail share what is left above the footer; neither reaches into it
        room = max(0, bottom - y)
        detail_room = min(detail_h, room // 3) if detail is not None else 0
        y += label.fit(QRect(c.left(), y, text_w, max(1, room - detail_room)))
        if detail is not None:
            y += t.px(16)
            detail.fit(QRect(c.left(), y, text_w, max(1, bottom - y)))
        parts: list[QWidget] = [w for w in (self.number, self.unit, label, detail) if w is not None]
        block = Block(parts, (top, bottom))
        while not self.clear_seams(block) and self.number.font().pixelSize() > t.px(60):
            self._smaller_number(parts, inline)  # a wall's seam: a smaller number fits
        if slide.count_up:
            self.animate(self._count, COUNT_MS)
        self.live = None
        if slide.live is not None:
            from kiosk.ui.live import bind_metric

            self.live = bind_metric(self)

    def _smaller_number(self, parts: list[QWidget], inline: bool) -> None:
        """The number at 7/8 of its size, in place; what is under it moves up."""
        number, unit = self.number, self.unit
        font = QFont(number.font())
        font.setPixelSize(int(font.pixelSize() * 0.875))
        geo = number.geometry()
        size = number.needed(1 << 16, font, self.final)
        number.setFont(font)
        number.setGeometry(geo.x(), geo.y(), size.width() + 2, size.height())
        lift = geo.height() - size.height()
        for w in parts:
            if w is number:
                continue
            if w is unit and inline:
                ufm = QFontMetrics(w.font())
                gap = w.x() - geo.right() - 1
                w.move(
                    geo.x() + number.width() + gap,
                    geo.y() + QFontMetrics(font).ascent() - ufm.ascent(),
                )
            else:
                w.move(w.x(), w.y() - lift)

    def _decimals(self, value: float) -> int:
        if self.slide.decimals is not None:
            return self.slide.decimals
        return decimals_for([value * self.scale])

    def format(self, value: float) -> str:
        point, group = self.separators
        number = format_number(value * self.scale, self.decimals, point, group)
        return f"{self.pick(self.slide.prefix)}{number}"

    def _count(self, t: float) -> None:
        self.number.setText(self.final if t >= 1.0 else self.format(self.value * t))

    # --- live data (kiosk.ui.live) ----------------------------------------------------------

    def set_live_value(self, value: float | None, *, animate: bool = True) -> None:
        """A new value from the slide's live source, in place: tweened from the number shown
        (`animate`), or at once; None (nothing received yet) shows "—"."""
        if value is None:  # nothing received yet: no count-up to a made-up 0
            self._animations = [(a, f) for a, f in self._animations if f != self._count]
            self.number.setText("—")
            return
        old, self.value = self.value, value
        self.decimals = self._decimals(value)
        self.final = self.format(value)
        if self.animating():
            return  # the entry count-up is running: it now counts up to the new value
        tween = getattr(self, "_live_tween", None)
        if tween is not None:
            tween.stop()
        if not animate or old == value or getattr(self.theme, "reduced_motion", False):
            self._show_live(value)
            return
        if tween is None:
            from PySide6.QtCore import QVariantAnimation

            tween = self._live_tween = QVariantAnimation(self)
            tween.setDuration(LIVE_TWEEN_MS)
            tween.setStartValue(0.0)
            tween.setEndValue(1.0)
            tween.valueChanged.connect(self._on_live_tween)
        self._live_span = (old, value)
        tween.start()

    def _on_live_tween(self, t: object) -> None:
        a, b = self._live_span
        k = float(t)  # type: ignore[arg-type]  # QVariantAnimation hands over a float
        self._show_live(b if k >= 1.0 else a + (b - a) * k)

    def _show_live(self, value: float) -> None:
        """The number laid out again for its new text: as large as the first layout allows
        (up to the content's right edge, the unit following it on its line)."""
        text = self.final if value == self.value else self.format(value)
        number, unit = self.number, self.unit
        geo = number.geometry()
        inline = unit is not None and unit.y() < geo.bottom()
        gap = unit.x() - geo.right() - 1 if unit is not None and inline else 0
        room = self.theme.content().right() + 1 - geo.x()
        if unit is not None and inline:
            room -= unit.width() + gap
        font = number.fit_font(QSize(max(10, room), geo.height()), text)
        number.setFont(font)
        number.setText(text)
        width = min(room, number.needed(room, font, text).width() + 2)
        number.resize(width, geo.height())
        if unit is not None and inline:
            unit.move(geo.x() + width + gap, unit.y())
