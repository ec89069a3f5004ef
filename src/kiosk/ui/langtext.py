"""Text in the languages on screen: one language, or the large one with its translations.

In stacked mode a text with several languages is a `PairLabel`: the language drawn large in
the role's font and, beneath it, each other language at `SUB_SCALE` of that size in the
muted colour, as one piece: `needed()` measures the whole pair, so every renderer's
fit-and-shrink keeps a heading and its translation, a bullet point and its translation,
inside their box together. The translations are `TextLabel`s of their own (children of
the pair), so the clip and minimum-size checks see them like any other text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QColor, QFont, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.ui.text import TextLabel

__all__ = ["SUB_SCALE", "PairLabel", "mirrored_align", "separators"]

SUB_SCALE = 0.6  # a translation's size, of the text drawn large


def mirrored_align(align: Qt.AlignmentFlag) -> Qt.AlignmentFlag:
    """`align` read from the right: left and right swapped (right to left languages)."""
    value = int(align.value if hasattr(align, "value") else align)
    left, right = int(Qt.AlignmentFlag.AlignLeft.value), int(Qt.AlignmentFlag.AlignRight.value)
    if value & left:
        value = (value & ~left) | right
    elif value & right:
        value = (value & ~right) | left
    # absolute: a right-to-left widget would otherwise swap them back (Qt's visual alignment)
    return Qt.AlignmentFlag(value | int(Qt.AlignmentFlag.AlignAbsolute.value))


class PairLabel(TextLabel):
    """The text drawn large, with its translations smaller beneath."""

    def __init__(
        self,
        texts: list[str],
        font: QFont,
        color: QColor,
        sub_color: QColor,
        parent: QWidget | None = None,
        *,
        floor_px: int = 6,
        markup: bool = False,
        wrap: bool = True,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        min_scale: float = 0.45,
    ) -> None:
        super().__init__(
            texts[0], font, color, parent, markup=markup, wrap=wrap, align=align,
            min_scale=min_scale,
        )  # fmt: skip
        self._floor_px = floor_px
        self.subs: list[TextLabel] = []
        for text in texts[1:]:
            sub = TextLabel(
                text, self.sub_font(font), sub_color, self, markup=markup, wrap=wrap, align=align
            )
            sub.setObjectName("translation")
            self.subs.append(sub)
        self._layout_subs()

    def sub_font(self, font: QFont) -> QFont:
        """A translation's font beside `font` (never below the minimum text size)."""
        sub = QFont(font)
        sub.setPixelSize(max(self._floor_px, round(font.pixelSize() * SUB_SCALE)))
        return sub

    def gap(self, font: QFont) -> int:
        return max(1, round(font.pixelSize() * 0.12))

    def needed(self, width: int, font: QFont | None = None, text: str | None = None) -> QSize:
        font = font or self.font()
        main = super().needed(width, font, text)
        w, h = main.width(), main.height()
        sub_font = self.sub_font(font)
        for sub in self.subs:
            size = sub.needed(width, sub_font)
            w, h = max(w, size.width()), h + self.gap(font) + size.height()
        return QSize(w, h)

    def _layout_subs(self) -> None:
        if not getattr(self, "subs", None):  # (a font change inside QLabel's own __init__)
            return
        font = self.font()
        main = super().needed(self.width(), font).height()
        y = main
        sub_font = self.sub_font(font)
        for sub in self.subs:
            sub.setFont(sub_font)
            y += self.gap(font)
            height = sub.needed(self.width(), sub_font).height()
            sub.setGeometry(0, y, self.width(), height)
            y += height
        # the large text is drawn in the top part only (its alignment holds there)
        self.setContentsMargins(0, 0, 0, max(0, self.height() - main))

    # A widget that has never been shown gets its resize event only when it is (a slide is
    # built hidden, and `kiosk render` never shows it): the translations are laid out when
    # the pair's geometry is set, not only on the event.
    def setGeometry(self, *args: Any) -> None:
        super().setGeometry(*args)
        self._layout_subs()

    def resize(self, *args: Any) -> None:
        super().resize(*args)
        self._layout_subs()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout_subs()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._layout_subs()


def separators(lang: str) -> tuple[str, str]:
    """The decimal point and group separator of `lang`, from Qt's CLDR data."""
    from PySide6.QtCore import QLocale

    locale = QLocale(lang)
    if locale.zeroDigit() != "0":  # its own digits (Arabic): kiosk writes 0-9, so . and ,
        return ".", ","
    return locale.decimalPoint() or ".", locale.groupSeparator() or ","
